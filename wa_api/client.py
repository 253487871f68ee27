"""HTTP client for the Webapp: bearer login, shards get/set with bounded retries, health."""

from __future__ import annotations

import base64
import json
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

SET_SHARDS_ATTEMPTS = 6  # 403 means "temporarily unavailable, retry" (seed 000)
BACKOFF_S = (2, 4, 8, 15, 30)


class ApiError(Exception):
    """A failed call; str() is one line and never holds a password, pin or cert."""


@dataclass
class Health:
    connected_coreapps: int
    nodes: int


class WebappClient:
    def __init__(self, base_url: str, *, ca_file: str | None = None, timeout_s: float = 15,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if not base_url.startswith("https://"):
            raise ApiError(f"url {base_url!r} is invalid: allowed https://host[:port]")
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s
        self._sleep = sleep
        self._token: str | None = None
        # Verified TLS always; a private CA (the Webapp's self-signed one) only when given.
        self._tls = ssl.create_default_context(cafile=ca_file)

    # --- transport ---------------------------------------------------------------------
    def _call(self, method: str, path: str, body: dict | None = None,
              auth: str | None = None) -> tuple[int, dict]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base_url + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if auth or self._token:
            request.add_header("Authorization", auth or f"Bearer {self._token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s,  # noqa: S310
                                        context=self._tls) as reply:
                return reply.status, _json(reply.read())
        except urllib.error.HTTPError as error:
            return error.code, _json(error.read())
        except urllib.error.URLError as error:
            reason = error.reason
            if isinstance(reason, ssl.SSLError):
                raise ApiError(f"TLS to {self.base_url} failed ({reason.reason}): pass "
                               "--ca-file with the Webapp's CA certificate") from None
            raise ApiError(f"cannot reach {self.base_url}: {reason}") from None
        except TimeoutError:
            raise ApiError(f"{method} {path} timed out after {self.timeout_s:g} s") from None

    # --- API ---------------------------------------------------------------------------
    def login(self, username: str, password: str) -> None:
        basic = base64.b64encode(f"{username}:{password}".encode()).decode()
        status, doc = self._call("POST", "/v1/users/login", {}, auth=f"Basic {basic}")
        if status == 401:
            raise ApiError(f"login as {username!r} refused (401): check the user and password")
        if status != 200:
            raise ApiError(f"login failed with HTTP {status}")
        try:
            self._token = doc["users"][0]["token"]
        except (KeyError, IndexError, TypeError):
            raise ApiError("login answered without a token") from None

    def get_shards(self) -> int:
        status, doc = self._call("GET", "/v1/account/shards")
        if status != 200:
            raise ApiError(f"GET /v1/account/shards failed with HTTP {status}")
        try:
            return int(doc["account"]["shards"])
        except (KeyError, TypeError, ValueError):
            raise ApiError("GET /v1/account/shards answered without account.shards") from None

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
        status, doc = self._call("GET", "/v1/health")
        if status != 200 or not isinstance(doc.get("health"), dict):
            raise ApiError(f"GET /v1/health failed with HTTP {status}")
        nodes = doc["health"]
        connected = sum(
            1 for node in nodes.values()
            if isinstance(node, dict) and node.get("role") == "coreapp"
            and node.get("gateway_status") == "connected"
        )
        return Health(connected, len(nodes))

    def wait_connected(self, expected: int, timeout_s: float, interval_s: float = 5,
                       progress: Callable[[str], None] = lambda _: None,
                       clock: Callable[[], float] = time.monotonic) -> Health:
        """Poll /v1/health until `expected` Coreapps report connected, within timeout_s."""
        deadline = clock() + timeout_s
        while True:
            try:
                health = self.health()
            except ApiError as error:  # Webapps restart too while shards change
                progress(f"health: {error}")
                health = Health(0, 0)
            progress(f"{health.connected_coreapps}/{expected} Coreapps connected")
            if health.connected_coreapps >= expected:
                return health
            if clock() + interval_s > deadline:
                raise ApiError(f"only {health.connected_coreapps} of {expected} Coreapps "
                               f"connected after {timeout_s:g} s")
            self._sleep(interval_s)


def _json(raw: bytes) -> dict:
    try:
        doc = json.loads(raw or b"{}")
    except ValueError:
        return {}
    return doc if isinstance(doc, dict) else {}
