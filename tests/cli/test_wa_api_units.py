"""The Webapp client's pure parts, without a network: where a redirect points, the shards body,
the answers the client accepts, and the lazily loaded client class.

(Here rather than in a tests/wa_api/ folder: `make mutate` runs tests/cli/ against wa_api.)
"""

import base64
import re

import pytest

import wa_api
from sizing import SizingError, data, inputs
from wa_api import ApiError, WebappClient
from wa_api.errors import InvalidInput
from wa_api.fields import SHARD_COUNTS, parse_shards, shards_body
from wa_api.transport import _left
from wa_api.url import Origin, parse_base_url, parse_host_name, resolve_redirect

CURRENT = "https://webapp.example.com/v1/users/login"
CERT = base64.b64encode(b"verified-name-certificate").decode()


# --- where a redirect points ---------------------------------------------------------------------
@pytest.mark.parametrize(("location", "expected"), [
    # an absolute https URL without a port is port 443
    ("https://webapp.example.com/v1/users/login/",
     (Origin("webapp.example.com", 443), "/v1/users/login/", "'https://webapp.example.com'")),
    ("https://WebApp.Example.com:8443/a",
     (Origin("webapp.example.com", 8443), "/a", "'https://WebApp.Example.com:8443'")),
    # no path is the root; the query stays, the fragment goes
    ("https://webapp.example.com", (Origin("webapp.example.com", 443), "/",
                                    "'https://webapp.example.com'")),
    ("https://webapp.example.com?next=1#top",
     (Origin("webapp.example.com", 443), "/?next=1", "'https://webapp.example.com'")),
    # relative to the current URL
    ("/v1/health", (Origin("webapp.example.com", 443), "/v1/health",
                    "'https://webapp.example.com'")),
    ("login/", (Origin("webapp.example.com", 443), "/v1/users/login/",
                "'https://webapp.example.com'")),
])
def test_a_redirect_resolves_to_its_origin_and_path(location, expected):
    assert resolve_redirect(location, CURRENT) == expected


# Found by mutation testing: a redirect's user:password@ was echoed unmasked (the mask needs the
# '//' that parts.netloc lacks), and port 0 was taken as 443 (`parts.port or default`).


@pytest.mark.parametrize(("location", "path", "shown"), [
    ("http://webapp.example.com/v1/users/login", "/v1/users/login",
     "'http://webapp.example.com'"),
    pytest.param("https://admin:hunter2@webapp.example.com/x", "/x",
                 "'https://***@webapp.example.com'"),
    pytest.param("https://@webapp.example.com/x", "/x", "'https://***@webapp.example.com'"),
    ("https://:8443/x", "/x", "'https://:8443'"),
    pytest.param("https://webapp.example.com:0/x", "/x", "'https://webapp.example.com:0'"),
    ("ftp://webapp.example.com/x", "/x", "'ftp://webapp.example.com'"),
])
def test_a_redirect_that_is_not_to_an_https_origin_has_none(location, path, shown):
    """Plain HTTP, credentials, no host or port 0: no origin, so it is never followed."""
    assert resolve_redirect(location, CURRENT) == (None, path, shown)


def test_a_location_that_does_not_parse_is_shown_cut_to_200_characters():
    location = "https://[" + "a" * 300
    assert resolve_redirect(location, CURRENT) == (None, "", repr("https://[" + "a" * 191))
    assert resolve_redirect("https://[::1/", CURRENT) == (None, "", "'https://[::1/'")


@pytest.mark.parametrize(("location", "path"), [
    ("/v1/caf\u00e9", "/v1/caf%C3%A9"),  # http.client sends ASCII only
    ("/a b", "/a%20b"),
    ("/x?a=1&b=c:d@e!$'()*+,;", "/x?a=1&b=c:d@e!$'()*+,;"),  # reserved characters stay
    ("/already%20quoted", "/already%20quoted"),
])
def test_a_redirect_path_is_sent_as_ascii_with_its_reserved_characters_kept(location, path):
    assert resolve_redirect(location, CURRENT)[1] == path


# --- the base URL -------------------------------------------------------------------------------
HOST_253 = ".".join(["a" * 63] * 3 + ["b" * 61])


@pytest.mark.parametrize(("url", "origin"), [
    ("https://[::1]:8443", Origin("::1", 8443)),
    ("https://10.0.0.5", Origin("10.0.0.5", 443)),
    (f"https://{HOST_253}", Origin(HOST_253, 443)),
    ("https://webapp.example.com/api/", Origin("webapp.example.com", 443, "/api")),
    ("https://webapp.example.com//a/b//", Origin("webapp.example.com", 443, "//a/b")),
    ("https://webapp.example.com/WaX/", Origin("webapp.example.com", 443, "/WaX")),
])
def test_a_base_url_is_its_host_port_and_path_prefix(url, origin):
    assert parse_base_url(url) == origin


@pytest.mark.parametrize("url", ["https://:443", "https://admin@webapp.example.com",
                                 f"https://{HOST_253}b", "https://[::1"])
def test_a_base_url_without_a_host_with_a_user_or_too_long_is_refused(url):
    with pytest.raises(InvalidInput, match="is invalid: allowed https://host"):
        parse_base_url(url)


# --- the name a certificate must hold ----------------------------------------------------------
NAME_253 = ".".join(["a" * 63] * 3 + ["b" * 61])


def test_a_tls_name_of_253_characters_is_the_longest():
    assert len(NAME_253) == 253 and parse_host_name(NAME_253.upper()) == NAME_253
    with pytest.raises(InvalidInput):
        parse_host_name(NAME_253 + "b")


def test_a_bad_tls_name_is_shown_cut_to_80_characters():
    with pytest.raises(InvalidInput) as refused:
        parse_host_name("-" * 100)
    assert str(refused.value) == (f"tls name {'-' * 80!r} is invalid: allowed a DNS name such "
                                  "as api.example.com")


# --- a call's deadline ----------------------------------------------------------------------------
def test_no_time_is_left_at_the_deadline_itself():
    assert _left(10.0, lambda: 9.75) == 0.25
    for now in (10.0, 10.5):
        with pytest.raises(TimeoutError):
            _left(10.0, lambda now=now: now)


# --- the shards body -----------------------------------------------------------------------------
@pytest.mark.parametrize(("cc", "phone"), [("1", "6315"), ("123", "631555000012345")])
def test_the_shards_body_takes_1_to_3_digit_codes_and_4_to_15_digit_numbers(cc, phone):
    assert shards_body(cc, phone, 16, None, CERT) == {
        "cc": cc, "phone_number": phone, "shards": 16, "cert": CERT}


@pytest.mark.parametrize(("cc", "phone", "message"), [
    ("1234", "6315550000", "cc '1234' is invalid: allowed 1 to 3 digits 0-9, no '+'"),
    ("1", "631", "phone number '631' is invalid: allowed 4 to 15 digits 0-9"),
    ("1", "6315550000123456", "phone number '6315550000123456' is invalid: allowed 4 to 15"),
])
def test_the_shards_body_refuses_codes_and_numbers_out_of_range(cc, phone, message):
    with pytest.raises(InvalidInput, match=f"^{re.escape(message)}"):
        shards_body(cc, phone, 16, None, CERT)


def test_the_client_takes_the_shard_counts_the_planner_plans():
    assert SHARD_COUNTS == data.SHARD_OPTIONS


def _outcome(parse, value):
    try:
        return parse(value)
    except (SizingError, InvalidInput) as error:
        return str(error)


@pytest.mark.parametrize("value", [
    16, "16", " +8 ", 1, 32, 12, "12", 0, -2, "x", "", 16.0, "16.0", True, None, "inf", "1e1",
    "\u0661\u0666", "9" * 5000, "x" * 300,
])
def test_the_clients_shard_parser_answers_as_the_planners(value):
    """wa_api keeps its own parser (it imports no planner); wa-shards set shows the same line."""
    assert _outcome(parse_shards, value) == _outcome(inputs.parse_shards, value)


def test_a_shard_count_refused_in_the_body_is_bad_input():
    with pytest.raises(InvalidInput, match="^shards 12 is not an option: allowed 1, 2, 4, 8"):
        shards_body("1", "6315550000", "12", None, CERT)


def test_the_certificate_is_sent_without_its_line_breaks():
    wrapped = CERT[:8] + "\n" + CERT[8:] + "\n"
    assert shards_body("1", "6315550000", 8, "123456", wrapped)["cert"] == CERT


@pytest.mark.parametrize("cert", [CERT[:-4] + "!!!!", "QUJD REVG*", "-" + CERT])
def test_a_certificate_with_characters_outside_base64_is_refused(cert):
    with pytest.raises(InvalidInput, match="^cert is invalid: allowed the base64 certificate"):
        shards_body("1", "6315550000", 8, None, cert)


# --- answers the client accepts ------------------------------------------------------------------
class Scripted:
    """A transport that answers each call from a list and records what was asked."""

    def __init__(self, *answers) -> None:
        self.answers = list(answers)
        self.calls: list[tuple[str, str]] = []
        self.sent: list[tuple[bytes | None, dict]] = []

    def request(self, method, path, body, headers, timeout_s=None):
        self.calls.append((method, path))
        self.sent.append((body, headers))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def client(*answers, sleep=lambda _: None, clock=None) -> WebappClient:
    made = WebappClient("https://webapp.example.com", sleep=sleep,
                        **({} if clock is None else {"clock": clock}))
    made._transport = Scripted(*answers)
    return made


def test_login_posts_an_empty_json_object_with_basic_auth_then_uses_the_token():
    webapp = client((200, b'{"users": [{"token": "tok-1"}]}'), (200, b'{"account": {"shards": 4}}'))
    webapp.login("admin", "pw")
    assert webapp.get_shards() == 4
    assert webapp._transport.calls == [("POST", "/v1/users/login"), ("GET", "/v1/account/shards")]
    json_headers = {"Content-Type": "application/json", "Accept": "application/json",
                    "Connection": "close"}
    assert webapp._transport.sent == [
        (b"{}", {**json_headers, "Authorization": "Basic YWRtaW46cHc="}),  # admin:pw
        (None, {**json_headers, "Authorization": "Bearer tok-1"})]


@pytest.mark.parametrize(("body", "shards"), [
    (b'{"account": {"shards": 0}}', 0), (b'{"account": {"shards": 32}}', 32),
])
def test_get_shards_reads_a_whole_count_from_zero(body, shards):
    assert client((200, body)).get_shards() == shards


@pytest.mark.parametrize(("call", "answer", "message"), [
    ("login", (500, b""), "login failed with HTTP 500"),
    ("login", (200, b"<html>"), "POST /v1/users/login answered a body that is not a JSON object"),
    ("login", (200, b'{"users": []}'), "login answered without a usable token"),
    ("get_shards", (500, b""), "GET /v1/account/shards failed with HTTP 500"),
    ("get_shards", (200, b"<html>"),
     "GET /v1/account/shards answered a body that is not a JSON object"),
    ("get_shards", (200, b'{"account": {"shards": -1}}'),
     "GET /v1/account/shards answered without a whole account.shards"),
    ("health", (503, b""), "GET /v1/health failed with HTTP 503"),
    ("health", (200, b"[]"), "GET /v1/health answered a body that is not a JSON object"),
    ("health", (200, b'{"health": []}'), "GET /v1/health answered without a health object"),
])
def test_each_call_refuses_an_answer_it_cannot_use(call, answer, message):
    arguments = ("admin", "pw") if call == "login" else ()
    with pytest.raises(ApiError) as refused:
        getattr(client(answer), call)(*arguments)
    assert str(refused.value) == message


def test_a_failed_health_poll_counts_no_coreapp_connected():
    """While Coreapps restart the health call fails; that poll counts none connected, so even
    one expected Coreapp is not reported before a poll shows it."""
    now = [0.0]
    healthy = (200, b'{"health": {"a:1": {"role": "coreapp", "gateway_status": "connected"}}}')
    messages = []
    webapp = client(ApiError("GET /v1/health failed with HTTP 503"), healthy,
                    sleep=lambda s: now.__setitem__(0, now[0] + s), clock=lambda: now[0])
    health = webapp.wait_connected(1, 60, 5, progress=messages.append)
    assert health.connected_coreapps == 1 and now[0] == 5
    assert messages == ["health: GET /v1/health failed with HTTP 503",
                        "0/1 Coreapps connected or connecting",
                        "1/1 Coreapps connected or connecting"]


def test_waiting_takes_a_connecting_coreapp_as_healthy():
    """Meta calls connected and connecting good health: `set` waits as `health` judges."""
    connecting = (200, b'{"health": {"a:1": {"role": "coreapp", "gateway_status": '
                  b'"connecting"}}}')
    webapp = client(connecting, sleep=lambda s: None, clock=lambda: 0.0)
    health = webapp.wait_connected(1, 60, 5)
    assert (health.connected_coreapps, health.healthy_coreapps) == (0, 1)


# --- the client class, loaded on first use -------------------------------------------------------
def test_the_client_class_is_loaded_from_wa_api_client_on_first_use():
    from wa_api.client import WebappClient as loaded

    assert wa_api.__getattr__("WebappClient") is loaded


def test_another_name_is_an_attribute_error_naming_it():
    with pytest.raises(AttributeError, match=r"^module 'wa_api' has no attribute 'Client'$"):
        wa_api.__getattr__("Client")


@pytest.mark.parametrize("location", ["https://admin:hunter2@webapp.example.com/x",
                                      "https://admin@webapp.example.com/x"])
def test_a_redirect_carrying_credentials_has_no_origin(location):
    assert resolve_redirect(location, CURRENT)[:2] == (None, "/x")
