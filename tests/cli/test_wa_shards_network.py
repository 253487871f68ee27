"""wa-shards against Webapps that misbehave: redirects, endless or dripping answers, cuts,
garbage. Every failure is one line on stderr, exit 1, within the call's deadline."""

import base64
import json
import socket
import time

import pytest
from click.testing import CliRunner

from cli.shards import main
from tests.cli import rogue_servers as rogue
from tests.cli.fake_webapp import PASSWORD, TOKEN, self_signed
from wa_api import ApiError, WebappClient
from wa_api.transport import MAX_BODY_BYTES

BASIC = "Basic " + base64.b64encode(f"admin:{PASSWORD}".encode()).decode()


def get(server, tls_files, *extra, url=None):
    """`wa-shards get` against `server`; (result, seconds it took)."""
    started = time.monotonic()
    result = CliRunner().invoke(
        main, ["get", "--url", url or server.url, "--ca-file", str(tls_files[0]), *extra],
        prog_name="wa-shards", env={"WA_API_PASSWORD": PASSWORD})
    return result, time.monotonic() - started


def one_line_failure(result, *fragments):
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.startswith("wa-shards: error: ")
    assert result.stderr.count("\n") == 1, result.stderr
    for fragment in fragments:
        assert fragment in result.stderr
    for secret in (PASSWORD, TOKEN, BASIC):
        assert secret not in result.output


# --- 1. redirects ------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/v1/users/login", "/v1/account/shards"])
def test_a_redirect_to_plain_http_gets_no_credentials(tls_files, path):
    with rogue.ScriptedServer(rogue.reply(rogue.LOGIN_OK)) as thief:
        moved = rogue.response(302, Location=f"{thief.url}/steal")
        script = rogue.routes({"/v1/users/login": rogue.LOGIN_OK, path: moved})
        with rogue.ScriptedServer(script, tls_files=tls_files) as webapp:
            result, _ = get(webapp, tls_files)
    assert thief.requests == []  # not a single byte, let alone the password or the token
    one_line_failure(result, f"redirected to '{thief.url}'", "not followed")


def test_a_redirect_to_another_https_origin_is_not_followed(tls_files):
    with rogue.ScriptedServer(rogue.reply(rogue.LOGIN_OK), tls_files=tls_files) as other:
        moved = rogue.response(307, Location=f"{other.url}/v1/users/login")
        with rogue.ScriptedServer(rogue.reply(moved), tls_files=tls_files) as webapp:
            result, _ = get(webapp, tls_files)
    assert other.requests == []
    one_line_failure(result, f"POST /v1/users/login was redirected to '{other.url}'")


def test_redirects_within_the_origin_are_followed_with_the_credentials(tls_files):
    shards = rogue.response(200, json.dumps({"account": {"shards": 8}}).encode())
    with rogue.ScriptedServer(lambda s, c, h: None, tls_files=tls_files) as webapp:
        webapp.script = rogue.routes({
            "/v1/users/login": rogue.response(307, Location="/v1/users/login/"),
            "/v1/users/login/": rogue.LOGIN_OK,
            "/v1/account/shards": rogue.response(
                301, Location=f"{webapp.url}/v1/account/shards/"),
            "/v1/account/shards/": shards,
        })
        result, _ = get(webapp, tls_files)
    assert (result.exit_code, result.stdout) == (0, "8\n"), result.output
    assert [rogue.path_of(head) for head in webapp.requests] == [
        "/v1/users/login", "/v1/users/login/", "/v1/account/shards", "/v1/account/shards/"]
    assert f"Authorization: {BASIC}".encode() in webapp.requests[1]
    assert f"Authorization: Bearer {TOKEN}".encode() in webapp.requests[3]


@pytest.mark.parametrize(("script", "message"), [
    (rogue.login_then(rogue.reply(rogue.response(302, Location="/v1/account/shards"))),
     "GET /v1/account/shards was redirected more than 3 times"),
    (rogue.reply(rogue.response(307, Location="/v1/users/login")),
     "POST /v1/users/login was redirected more than 3 times"),
    (rogue.reply(rogue.response(302, Location="/v1/login")),
     "302 redirect: not followed (it would turn the POST into a GET)"),
    (rogue.reply(rogue.response(308)), "308 redirect without Location"),
    (rogue.reply(rogue.response(301, Location="https://[::1/")), "redirected to 'https://[::1/'"),
])
def test_redirects_that_go_nowhere_end_in_one_line(tls_files, script, message):
    with rogue.ScriptedServer(script, tls_files=tls_files) as webapp:
        result, _ = get(webapp, tls_files)
    one_line_failure(result, message)
    assert len(webapp.requests) <= 5  # a login, then at most 3 redirects followed


# --- 2. size -----------------------------------------------------------------------------------
def test_an_endless_answer_is_cut_at_the_limit(tls_files):
    with rogue.ScriptedServer(rogue.login_then(rogue.endless), tls_files=tls_files) as webapp:
        result, took = get(webapp, tls_files)
    one_line_failure(result, f"GET /v1/account/shards answered more than the {MAX_BODY_BYTES} "
                     "bytes allowed, not read further")
    assert took < 2


def test_an_announced_huge_answer_is_not_read(tls_files):
    head = b"HTTP/1.1 200 OK\r\nContent-Length: 5000000000\r\n\r\n{"
    with rogue.ScriptedServer(rogue.reply(head), tls_files=tls_files) as webapp:
        result, took = get(webapp, tls_files)
    one_line_failure(result, "POST /v1/users/login announced 5000000000 bytes")
    assert took < 2


# --- 3. deadline -------------------------------------------------------------------------------
def test_a_dripping_answer_ends_at_the_deadline(tls_files):
    dripped = rogue.drip(rogue.LOGIN_OK, every_s=0.02)  # ~150 bytes: about 3 s, every read quick
    with rogue.ScriptedServer(dripped, tls_files=tls_files) as webapp:
        result, took = get(webapp, tls_files, "--timeout", "1")
    one_line_failure(result, "POST /v1/users/login timed out after 1 s")
    assert took < 2


def test_a_dripping_body_ends_at_the_deadline(tls_files):
    head, _, body = rogue.response(200, b'{"account": {"shards": 8}}').partition(b"\r\n\r\n")
    with rogue.ScriptedServer(rogue.login_then(lambda s, c, h: (
            c.sendall(head + b"\r\n\r\n"), rogue.drip(body * 20)(s, c, h))),
            tls_files=tls_files) as webapp:
        client = WebappClient(webapp.url, ca_file=str(tls_files[0]), timeout_s=0.4)
        client.login("admin", PASSWORD)
        started = time.monotonic()
        with pytest.raises(ApiError, match=r"^GET /v1/account/shards timed out after 0.4 s$"):
            client.get_shards()
    assert time.monotonic() - started < 1


def test_a_tls_handshake_that_never_comes_ends_at_the_deadline(tls_files):
    with rogue.ScriptedServer(rogue.hang, read_request=False) as silent:  # TCP, no TLS
        client = WebappClient(f"https://127.0.0.1:{silent.port}", ca_file=str(tls_files[0]),
                              timeout_s=0.3)
        started = time.monotonic()
        with pytest.raises(ApiError, match="timed out after 0.3 s"):
            client.login("admin", PASSWORD)
    assert time.monotonic() - started < 1


# --- 4. network failures -----------------------------------------------------------------------
CUT_HEAD = b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"


@pytest.mark.parametrize(("script", "message"), [
    (rogue.cut_after(CUT_HEAD + b'{"users": [{"tok'),
     "the connection closed in the middle of the answer"),
    (rogue.cut_after(CUT_HEAD + b'{"users": []}'),  # valid JSON, but short of its length
     "the connection closed in the middle of the answer"),
    (rogue.cut_after(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n40\r\n{"),
     "the connection closed in the middle of the answer"),
    (rogue.cut_after(CUT_HEAD + b'{"users"', reset=True), "POST /v1/users/login: "),
    (rogue.cut_after(b""), "closed the connection without answering"),
    (rogue.reply(b"\x00\xffgarbage\r\n\r\n"), "answered something that is not HTTP"),
    (rogue.reply(b"HTTP/1.1 200 OK\r\n" + b"X: y\r\n" * 200 + b"\r\n"),
     "answered something that is not HTTP"),
    (rogue.reply(rogue.response(200, b"<html>busy</html>")), "body that is not a JSON object"),
    (rogue.reply(rogue.response(200, b'[{"users": []}]')), "body that is not a JSON object"),
    (rogue.reply(rogue.response(200, b"\xff\xfe{}")), "body that is not a JSON object"),
    (rogue.reply(rogue.response(200, b"[" * 100_000)), "body that is not a JSON object"),
    (rogue.reply(rogue.response(200, b'{"users": [{"token": "a\\r\\nX-Evil: 1"}]}')),
     "login answered without a usable token"),
])
def test_every_network_failure_is_one_line(tls_files, script, message):
    with rogue.ScriptedServer(script, tls_files=tls_files) as webapp:
        result, took = get(webapp, tls_files)
    one_line_failure(result, message)
    assert took < 2


@pytest.mark.parametrize(("body", "message"), [
    (b'{"account": {"shards": Infinity}}', "body that is not a JSON object"),
    (b'{"account": {"shards": 8.9}}', "without a whole account.shards"),
    (b'{"account": {"shards": true}}', "without a whole account.shards"),
    (b'{"account": []}', "without a whole account.shards"),
])
def test_odd_shard_answers_are_one_line(tls_files, body, message):
    script = rogue.login_then(rogue.reply(rogue.response(200, body)))
    with rogue.ScriptedServer(script, tls_files=tls_files) as webapp:
        result, _ = get(webapp, tls_files)
    one_line_failure(result, message)


def test_a_refused_connection_is_one_line(tls_files):
    with socket.create_server(("127.0.0.1", 0)) as closed:
        port = closed.getsockname()[1]
    result, _ = get(None, tls_files, url=f"https://127.0.0.1:{port}")
    one_line_failure(result, f"cannot reach https://127.0.0.1:{port} (Connection refused)")


def test_a_name_that_does_not_resolve_is_one_line(tls_files, monkeypatch):
    def no_such_name(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    result, _ = get(None, tls_files, url="https://webapp.example.invalid")
    one_line_failure(result, "cannot reach https://webapp.example.invalid: the name does not "
                     "resolve")


def test_tls_to_a_plain_http_port_is_one_line(tls_files):
    with rogue.ScriptedServer(rogue.reply(rogue.response(400)), read_request=False) as plain:
        result, _ = get(None, tls_files, url=f"https://127.0.0.1:{plain.port}")
    one_line_failure(result, f"TLS to https://127.0.0.1:{plain.port} failed")


def test_a_certificate_for_another_name_is_refused(tls_files):
    with rogue.ScriptedServer(rogue.reply(rogue.LOGIN_OK), tls_files=tls_files) as webapp:
        result, _ = get(None, tls_files, url=f"https://localhost:{webapp.port}")
    one_line_failure(result, "TLS to https://localhost", "--ca-file")


# --- 6. a certificate name other than the address -----------------------------------------------
def test_with_tls_name_the_host_header_is_that_name(tmp_path):
    """A load balancer's address, a certificate for the Webapp's name: TLS checks the name and
    the Host header carries it (a name-based proxy routes on it)."""
    name = "wa-api.example.internal"
    named = self_signed(tmp_path, dns_name=name)
    with rogue.ScriptedServer(rogue.reply(rogue.LOGIN_OK), tls_files=named) as webapp:
        client = WebappClient(webapp.url, ca_file=str(named[0]), timeout_s=5, tls_name=name)
        client.login("admin", PASSWORD)
    assert len(webapp.requests) == 1
    lines = webapp.requests[0].decode().split("\r\n")
    hosts = [line.split(":", 1)[1].strip() for line in lines if line.lower().startswith("host:")]
    assert hosts == [name]  # one Host header (header names are case-insensitive)
