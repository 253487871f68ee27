"""Small local servers that misbehave on purpose, for the wa-shards transport tests.

A ScriptedServer hands every connection (TLS unless told plain) and the request it read to a
script: a function free to answer anything, slowly, endlessly, half or not at all. Every
script ends on its own within a few seconds, so a client that never gives up fails its test
instead of hanging the run.
"""

from __future__ import annotations

import json
import socket
import ssl
import struct
import threading
import time
from collections.abc import Callable
from pathlib import Path

from tests.cli.fake_webapp import TOKEN

SCRIPT_LIMIT_S = 3.0  # no script runs longer than this
ENDLESS_LIMIT_BYTES = 8 << 20  # "endless" stops here: 8x the client's cap


class ScriptedServer:
    """Context manager: a server on 127.0.0.1 with an ephemeral port."""

    def __init__(self, script: Callable[[ScriptedServer, socket.socket, bytes], None], *,
                 tls_files: tuple[Path, Path] | None = None, read_request: bool = True) -> None:
        self.script = script
        self.read_request = read_request
        self.tls = None
        if tls_files is not None:
            self.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.tls.load_cert_chain(*tls_files)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.05)
        self.port = self.listener.getsockname()[1]
        self.url = f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"
        self.requests: list[bytes] = []  # request heads, in arrival order
        self.sent = 0  # body bytes the scripts managed to send
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def __enter__(self) -> ScriptedServer:
        self._spawn(self._accept)
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=SCRIPT_LIMIT_S + 1)
        self.listener.close()

    def _spawn(self, target, *args) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                raw, _ = self.listener.accept()
            except TimeoutError:
                continue
            self._spawn(self._serve, raw)

    def _serve(self, raw: socket.socket) -> None:
        conn = raw
        try:
            raw.settimeout(SCRIPT_LIMIT_S)
            if self.tls is not None:
                conn = self.tls.wrap_socket(raw, server_side=True)
            head = _read_request(conn) if self.read_request else b""
            self.requests.append(head)
            self.script(self, conn, head)
        except OSError:  # the client gave up or refused our certificate: that is the point
            pass
        finally:
            conn.close()

    def stopping(self, started: float) -> bool:
        return self._stop.is_set() or time.monotonic() - started > SCRIPT_LIMIT_S


def _read_request(conn: socket.socket) -> bytes:
    """The request head, and its body read off the wire (an unread body would make the close
    a reset, which is not what most scripts mean to test)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(body) < length:
        body += conn.recv(4096)
    return head


def response(status: int, body: bytes = b"", **headers: str) -> bytes:
    lines = [f"HTTP/1.1 {status} Status", f"Content-Length: {len(body)}",
             "Connection: close", *(f"{k.replace('_', '-')}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


LOGIN_OK = response(200, json.dumps({"users": [{"token": TOKEN}]}).encode(),
                    Content_Type="application/json")


def path_of(head: bytes) -> str:
    return head.split(b" ", 2)[1].decode() if head.count(b" ") >= 2 else ""


# --- scripts ---------------------------------------------------------------------------------
def reply(data: bytes):
    """Answer every request with these bytes."""
    def script(server, conn, head):
        conn.sendall(data)
    return script


def login_then(then):
    """A good login, then `then` for every other request."""
    def script(server, conn, head):
        if head.startswith(b"POST /v1/users/login "):
            conn.sendall(LOGIN_OK)
        else:
            then(server, conn, head)
    return script


def routes(table: dict[str, bytes]):
    """Answer by path; 404 for the rest."""
    def script(server, conn, head):
        conn.sendall(table.get(path_of(head), response(404)))
    return script


def endless(server, conn, head):
    """A 200 without a length whose body never ends (up to ENDLESS_LIMIT_BYTES)."""
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n")
    block = b"[" * 65536
    while server.sent < ENDLESS_LIMIT_BYTES:
        conn.sendall(block)
        server.sent += len(block)


def drip(data: bytes, every_s: float = 0.05):
    """Send `data` one byte every `every_s`, for SCRIPT_LIMIT_S at most."""
    def script(server, conn, head):
        started = time.monotonic()
        for byte in data:
            if server.stopping(started):
                return
            conn.sendall(bytes([byte]))
            time.sleep(every_s)
    return script


def cut_after(data: bytes, *, reset: bool = False):
    """Send `data` (a head promising more body than that), then close, or reset once the
    client had time to read it."""
    def script(server, conn, head):
        conn.sendall(data)
        if reset:  # linger 0: close() sends RST instead of FIN
            time.sleep(0.2)
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    return script


def hang(server, conn, head):
    """Accept, then say nothing (a TLS handshake or an answer that never comes)."""
    started = time.monotonic()
    while not server.stopping(started):
        time.sleep(0.02)
