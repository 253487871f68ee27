"""One HTTPS call to the Webapp, with hard limits.

- One origin: credentials go only to the URL the user gave. A redirect is followed only
  within that origin (scheme, host, port), at most MAX_REDIRECTS times.
- One deadline: `timeout_s` bounds the whole call (connect, TLS, headers, body, redirects),
  not each socket read, so a server dripping a byte at a time cannot hold it open.
- One size: a body above MAX_BODY_BYTES is refused, so an endless answer cannot grow memory.
- Every network failure is an ApiError with a one-line message; TLS is always verified.

http.client rather than urllib: urllib follows redirects itself (with the Authorization
header) and has no deadline; http.client does neither, so the rules above live here.
"""

from __future__ import annotations

import http.client
import os
import socket
import ssl
import time
from collections.abc import Callable

from wa_api.errors import ApiError, InvalidInput, UntrustedCertificate, one_line
from wa_api.url import Origin, resolve_redirect

# The Webapp's answers are a few KiB; /v1/health for a 33-host cluster stays far below this.
MAX_BODY_BYTES = 1 << 20
MAX_REDIRECTS = 3  # enough for a trailing-slash or path move; a loop ends quickly
REDIRECTS = {301, 302, 303, 307, 308}
KEEPS_METHOD = {307, 308}  # 301-303 may turn a POST into a GET, which would drop the body
CHUNK_BYTES = 64 * 1024
TOO_LARGE = f"more than the {MAX_BODY_BYTES} bytes allowed, not read further"
CUT = "the connection closed in the middle of the answer"
CA_ALLOWED = "allowed a PEM file with the CA certificate the Webapp's certificate chains to"


def tls_context(ca_file: str | None) -> ssl.SSLContext:
    """Verified TLS: the system CAs, or only `ca_file` (the Webapp's own CA) when given."""
    if ca_file is None:
        context = ssl.create_default_context()
    else:
        # Checked here, not left to OpenSSL: '' would quietly mean the system CAs.
        if not os.path.isfile(ca_file):
            reason = "a directory" if os.path.isdir(ca_file) else "no such file"
            raise InvalidInput(f"ca file {ca_file!r} is invalid ({reason}): {CA_ALLOWED}")
        try:
            context = ssl.create_default_context(cafile=ca_file)
        except ssl.SSLError:
            raise InvalidInput(f"ca file {ca_file!r} is invalid (no PEM certificate in it): "
                              f"{CA_ALLOWED}") from None
        except OSError as error:
            raise InvalidInput(f"ca file {ca_file!r} is invalid ({one_line(error.strerror)}): "
                              f"{CA_ALLOWED}") from None
    context.sslsocket_class = _DeadlineSocket
    return context


def _left(deadline: float, clock: Callable[[], float] = time.monotonic) -> float:
    """Seconds left before `deadline` (on `clock`), or TimeoutError when none are."""
    left = deadline - clock()
    if left <= 0:
        raise TimeoutError("deadline passed")
    return left


class _DeadlineSocket(ssl.SSLSocket):
    """Before every read and write, the socket timeout becomes what is left of the call's
    deadline (a plain socket timeout applies to each read afresh)."""

    deadline: float | None = None
    clock: Callable[[], float] = staticmethod(time.monotonic)

    def _arm(self) -> None:
        if self.deadline is not None:
            self.settimeout(_left(self.deadline, self.clock))

    def recv_into(self, buffer, nbytes=None, flags=0):
        self._arm()
        return super().recv_into(buffer, nbytes, flags)

    def recv(self, buflen=1024, flags=0):
        self._arm()
        return super().recv(buflen, flags)

    def sendall(self, data, flags=0):
        self._arm()
        return super().sendall(data, flags)


class _Connection(http.client.HTTPSConnection):
    """An HTTPS connection whose connect and TLS handshake use what is left of `deadline`,
    and whose socket keeps to it afterwards."""

    def __init__(self, origin: Origin, tls: ssl.SSLContext, deadline: float,
                 clock: Callable[[], float] = time.monotonic,
                 tls_name: str | None = None) -> None:
        super().__init__(origin.host, origin.port, context=tls)
        self._deadline = deadline
        self._clock = clock
        self._tls_name = tls_name or origin.host

    def connect(self) -> None:
        raw = socket.create_connection((self.host, self.port),
                                       _left(self._deadline, self._clock))
        try:
            # the handshake is one call: bounded by this
            raw.settimeout(_left(self._deadline, self._clock))
            self.sock = self._context.wrap_socket(raw, server_hostname=self._tls_name)
        except BaseException:
            raw.close()
            raise
        self.sock.deadline = self._deadline
        self.sock.clock = self._clock


class Transport:
    """Calls to one origin, each within `timeout_s` on `clock` (seconds, monotonic).
    `tls_name`: the name the certificate must hold (and the Host header), when the origin is
    an address of the Webapp that its certificate does not name (a load balancer's)."""

    def __init__(self, origin: Origin, tls: ssl.SSLContext, timeout_s: float,
                 clock: Callable[[], float] = time.monotonic,
                 tls_name: str | None = None) -> None:
        self.origin = origin
        self.tls = tls
        self.timeout_s = timeout_s
        self.clock = clock
        self.tls_name = tls_name

    def request(self, method: str, path: str, body: bytes | None,
                headers: dict[str, str], timeout_s: float | None = None) -> tuple[int, bytes]:
        """(status, body) of `method path`, redirects within the origin followed, all within
        `timeout_s` (the transport's own unless given)."""
        timeout_s = self.timeout_s if timeout_s is None else timeout_s
        deadline = self.clock() + timeout_s
        target = self.origin.prefix + path
        for _ in range(MAX_REDIRECTS + 1):
            status, location, data = self._exchange(method, path, target, body, headers,
                                                    deadline, timeout_s)
            if status not in REDIRECTS:
                return status, data
            if location is None:
                raise ApiError(f"{method} {path} answered a {status} redirect without Location")
            origin, target, shown = resolve_redirect(location, self.origin.url + target)
            if origin is None or not origin.same_as(self.origin):
                raise ApiError(f"{method} {path} was redirected to {shown}, another origin than "
                               f"{self.origin.url}: not followed (credentials stay with "
                               f"{self.origin.url})")
            if method != "GET" and status not in KEEPS_METHOD:
                raise ApiError(f"{method} {path} answered a {status} redirect: not followed "
                               f"(it would turn the {method} into a GET)")
        raise ApiError(f"{method} {path} was redirected more than {MAX_REDIRECTS} times")

    def _exchange(self, method: str, path: str, target: str, body: bytes | None,
                  headers: dict[str, str], deadline: float,
                  timeout_s: float) -> tuple[int, str | None, bytes]:
        """One request and its answer, on a fresh connection; every failure -> ApiError."""
        call = f"{method} {path}"
        connection = _Connection(self.origin, self.tls, deadline, self.clock, self.tls_name)
        response = None
        if self.tls_name:
            headers = {**headers, "Host": self.tls_name}
        try:
            connection.request(method, target, body=body, headers=headers)
            response = connection.getresponse()
            declared = response.length  # None when unknown (chunked, or read to the close)
            if declared is not None and declared > MAX_BODY_BYTES:
                raise ApiError(f"{call} announced {declared} bytes: {TOO_LARGE}")
            data = bytearray()
            while chunk := response.read(CHUNK_BYTES):
                data += chunk
                if len(data) > MAX_BODY_BYTES:
                    raise ApiError(f"{call} answered {TOO_LARGE}")
            if response.length:  # bytes still due: http.client ends a cut body quietly
                raise ApiError(f"{call}: {CUT}")
            return response.status, response.getheader("Location"), bytes(data)
        except TimeoutError:
            raise ApiError(f"{call} timed out after {timeout_s:g} s") from None
        except ssl.SSLCertVerificationError as error:
            raise UntrustedCertificate(f"{call}: TLS to {self.origin.url} failed "
                                       f"({one_line(error.verify_message)})") from None
        except ssl.SSLError as error:
            reason = one_line(error.reason or type(error).__name__)
            raise ApiError(f"{call}: TLS to {self.origin.url} failed ({reason})") from None
        except http.client.IncompleteRead:
            raise ApiError(f"{call}: {CUT}") from None
        except http.client.RemoteDisconnected:
            raise ApiError(f"{call}: {self.origin.url} closed the connection without answering"
                           ) from None
        except http.client.HTTPException:  # bad status line, headers too long or too many
            raise ApiError(f"{call}: {self.origin.url} answered something that is not HTTP"
                           ) from None
        except socket.gaierror as error:
            raise ApiError(f"{call}: cannot reach {self.origin.url}: the name does not "
                           f"resolve ({one_line(error.strerror)})") from None
        except OSError as error:  # refused, reset, unreachable, ...
            reason = one_line(error.strerror or type(error).__name__)
            raise ApiError(f"{call}: cannot reach {self.origin.url} ({reason})") from None
        finally:
            if response is not None:  # with Connection: close the response owns the socket
                response.close()
            connection.close()
