"""HTTP client for the Webapp: bearer login or an API key, shards get/set with bounded
retries, health, and the client's own metrics (Prometheus text)."""

from __future__ import annotations

import base64
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from wa_api import prometheus
from wa_api.errors import ApiError, InvalidInput
from wa_api.transport import Transport, tls_context
from wa_api.url import parse_base_url, parse_host_name

SET_SHARDS_ATTEMPTS = 6  # 403 means "temporarily unavailable, retry" (seed 000)
BACKOFF_S = (2, 4, 8, 15, 30)
# The token goes back in a header: visible ASCII only, so a server cannot inject a header.
TOKEN = re.compile(r"[\x21-\x7e]{1,8192}", re.ASCII)
# WA_API_KEY: 12 to 128 characters (Meta, "Health", On-Premises API reference). It travels in
# a header too: visible ASCII only.
API_KEY_LENGTH = (12, 128)
API_KEY = re.compile(r"[\x21-\x7e]{12,128}", re.ASCII)
# gateway_status values of GET /v1/health (Meta, "Health"); "connected" and "connecting"
# are the ones Meta calls good health.
GATEWAY_STATUSES = ("connected", "connecting", "disconnected", "uninitialized", "unregistered")
HEALTHY_STATUSES = ("connected", "connecting")
OTHER_STATUS = "other"  # any value Meta does not list, or none

__all__ = ["ApiError", "Health", "WebappClient"]


@dataclass
class Health:
    """What GET /v1/health reported: one entry per node, keyed "<host>:<id>"."""

    connected_coreapps: int  # role "coreapp" with gateway_status "connected"
    nodes: int  # entries in the answer, whatever they hold
    primary_masters: int = 0  # role "primary_master" (one in a healthy cluster)
    nodes_in_error: int = 0  # entries holding a non-empty "errors" list (a node not ready)
    # Coreapps by gateway_status: every GATEWAY_STATUSES key and OTHER_STATUS
    coreapps_by_status: dict[str, int] | None = None

    @property
    def healthy_coreapps(self) -> int:
        """Coreapps whose gateway is connected or connecting: good health, as Meta says."""
        return sum((self.coreapps_by_status or {}).get(s, 0) for s in HEALTHY_STATUSES)


def parse_api_key(text: object) -> str:
    """The key as the client takes it, or a one-line InvalidInput that never shows it."""
    if not isinstance(text, str) or not API_KEY.fullmatch(text):
        low, high = API_KEY_LENGTH
        raise InvalidInput(f"api key is invalid: allowed {low} to {high} visible ASCII "
                           "characters, no spaces")
    return text


class WebappClient:
    def __init__(self, base_url: str, *, ca_file: str | None = None, timeout_s: float = 15,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic,
                 tls_name: str | None = None, api_key: str | None = None) -> None:
        """`sleep` waits between retries and health polls; `clock` (seconds, monotonic) times
        the health wait and each call's deadline. Both are time's own unless a test gives
        its fakes. `tls_name`: the host name the Webapp's certificate holds, when the URL
        reaches it at another name or address (a load balancer's). `api_key`: the Webapp's
        WA_API_KEY, sent as "Apikey <key>" until a login gives a bearer token (the key
        opens /v1/health, /metrics and /v1/stats only)."""
        # Bad input (exit 2) before anything is sent: the URL, the name, then the CA file.
        self.origin = parse_base_url(base_url)
        self.base_url = self.origin.url
        self.timeout_s = timeout_s
        self._transport = Transport(self.origin, tls_context(ca_file), timeout_s, clock=clock,
                                    tls_name=None if tls_name is None
                                    else parse_host_name(tls_name))
        self._sleep = sleep
        self._clock = clock
        self._token: str | None = None
        self._api_key = None if api_key is None else parse_api_key(api_key)

    # --- transport ---------------------------------------------------------------------
    def _call(self, method: str, path: str, body: dict | None = None,
              auth: str | None = None, timeout_s: float | None = None,
              accept: str = "application/json") -> tuple[int, bytes]:
        headers = {"Content-Type": "application/json", "Accept": accept,
                   "Connection": "close"}
        if auth or self._token:
            headers["Authorization"] = auth or f"Bearer {self._token}"
        elif self._api_key:
            headers["Authorization"] = f"Apikey {self._api_key}"
        data = None if body is None else json.dumps(body).encode()
        return self._transport.request(method, path, data, headers, timeout_s)

    # --- API ---------------------------------------------------------------------------
    def login(self, username: str, password: str) -> None:
        basic = base64.b64encode(f"{username}:{password}".encode()).decode()
        status, raw = self._call("POST", "/v1/users/login", {}, auth=f"Basic {basic}")
        if status == 401:
            raise ApiError(f"login as {username!r} refused (401): check the user and password")
        if status != 200:
            raise ApiError(f"login failed with HTTP {status}")
        doc = _object(raw, "POST /v1/users/login")
        try:
            token = doc["users"][0]["token"]
        except (KeyError, IndexError, TypeError):
            token = None
        if not isinstance(token, str) or not TOKEN.fullmatch(token):
            raise ApiError("login answered without a usable token")
        self._token = token

    def get_shards(self, timeout_s: float | None = None) -> int:
        status, raw = self._call("GET", "/v1/account/shards", timeout_s=timeout_s)
        if status != 200:
            raise ApiError(f"GET /v1/account/shards failed with HTTP {status}")
        account = _object(raw, "GET /v1/account/shards").get("account")
        shards = account.get("shards") if isinstance(account, dict) else None
        # A JSON whole number only: int() would also take 8.9, "8", true or Infinity.
        if type(shards) is not int or shards < 0:
            raise ApiError("GET /v1/account/shards answered without a whole account.shards")
        return shards

    def set_shards(self, body: dict, progress: Callable[[str], None] = lambda _: None) -> int:
        """POST the new count; retries 403 with backoff. Returns the attempts used."""
        for attempt in range(1, SET_SHARDS_ATTEMPTS + 1):
            status, _ = self._call("POST", "/v1/account/shards", body)
            if status == 201:
                return attempt
            if status != 403:
                raise ApiError(f"POST /v1/account/shards failed with HTTP {status}")
            if attempt < SET_SHARDS_ATTEMPTS:
                delay = BACKOFF_S[min(attempt - 1, len(BACKOFF_S) - 1)]
                progress(f"403 (temporarily unavailable), retry {attempt} in {delay} s")
                self._sleep(delay)
        raise ApiError(f"POST /v1/account/shards still 403 after {SET_SHARDS_ATTEMPTS} attempts")

    def health(self) -> Health:
        status, raw = self._call("GET", "/v1/health")
        if status == 401:
            raise ApiError("GET /v1/health refused (401): "
                           + ("the API key is not the Webapps' WA_API_KEY" if self._api_key
                              and not self._token else "the login token was not accepted"))
        if status != 200:
            raise ApiError(f"GET /v1/health failed with HTTP {status}")
        nodes = _object(raw, "GET /v1/health").get("health")
        if not isinstance(nodes, dict):
            raise ApiError("GET /v1/health answered without a health object")
        entries = [node for node in nodes.values() if isinstance(node, dict)]
        connected = sum(
            1 for node in entries
            if node.get("role") == "coreapp" and node.get("gateway_status") == "connected"
        )
        primaries = sum(1 for node in entries if node.get("role") == "primary_master")
        in_error = sum(1 for node in entries
                       if isinstance(node.get("errors"), list) and node["errors"])
        by_status = dict.fromkeys((*GATEWAY_STATUSES, OTHER_STATUS), 0)
        for node in entries:
            if node.get("role") == "coreapp":
                status_ = node.get("gateway_status")
                by_status[status_ if status_ in GATEWAY_STATUSES else OTHER_STATUS] += 1
        return Health(connected, len(nodes), primaries, in_error, by_status)

    def prometheus(self, path: str, families, timeout_s: float | None = None
                   ) -> dict[str, list[prometheus.Sample]]:
        """GET `path`?format=prometheus (/metrics, /v1/stats/app) -> the samples of
        `families` (wa_api.prometheus); ApiError when the answer is not that."""
        call = f"GET {path}"
        status, raw = self._call("GET", f"{path}?format=prometheus", timeout_s=timeout_s,
                                 accept="text/plain")
        if status != 200:
            raise ApiError(f"{call} failed with HTTP {status}")
        try:
            return prometheus.parse(raw.decode("utf-8"), families)
        except UnicodeDecodeError:
            raise ApiError(f"{call} answered a body that is not UTF-8 text") from None
        except prometheus.TooLarge as error:
            raise ApiError(f"{call} answered {error}: not read further") from None

    def wait_connected(self, expected: int, timeout_s: float, interval_s: float = 5,
                       progress: Callable[[str], None] = lambda _: None,
                       clock: Callable[[], float] | None = None) -> Health:
        """Poll /v1/health until `expected` Coreapps report connected or connecting, within
        timeout_s
        (measured on `clock`, the client's own unless given)."""
        clock = clock or self._clock
        deadline = clock() + timeout_s
        while True:
            try:
                health = self.health()
            except ApiError as error:  # Webapps restart too while shards change
                progress(f"health: {error}")
                health = Health(0, 0)
            # connected or connecting: good health, as Meta says (as `wa-shards health`)
            progress(f"{health.healthy_coreapps}/{expected} Coreapps connected or connecting")
            if health.healthy_coreapps >= expected:
                return health
            if clock() + interval_s > deadline:
                raise ApiError(f"only {health.healthy_coreapps} of {expected} Coreapps "
                               f"connected or connecting after {timeout_s:g} s")
            self._sleep(interval_s)


def _object(raw: bytes, call: str) -> dict:
    """The body as a JSON object, or a one-line ApiError (never the body itself)."""
    try:
        doc = json.loads(raw, parse_constant=_no_constant)
    except (ValueError, RecursionError):  # bad UTF-8 or JSON; nesting deeper than the stack
        doc = None
    if not isinstance(doc, dict):
        raise ApiError(f"{call} answered a body that is not a JSON object")
    return doc


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")
