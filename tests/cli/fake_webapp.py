"""A local HTTPS Webapp that implements the documented contract, for wa-shards and probe tests.

Login (basic auth -> bearer token), GET/POST /v1/account/shards (403 a given number of times,
then 201), GET /v1/health (Coreapps report connected once shards are set, unless the cluster
is told never to become healthy, or how many are connected, or each one's gateway_status),
GET /metrics and /v1/stats/app in the Prometheus text format, and an optional delay to provoke
client timeouts. The health answer can also lack its primary master, hold secondary masters
or nodes in error. Like the client, it takes "Apikey <WA_API_KEY>" on /v1/health, /metrics
and /v1/stats only; everything else needs the bearer token.
"""

from __future__ import annotations

import base64
import datetime
import ipaddress
import json
import ssl
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

USER, PASSWORD, TOKEN = "admin", "Correct-Horse-9", "token-abc"
API_KEY = "K3y-from-Secrets-Manager-0123456789"
KEY_PATHS = ("/v1/health", "/metrics", "/v1/stats/app")  # what the API key opens
# As the client answers ?format=prometheus (Meta, "Metrics" and "Stats"): a Webapp's request
# counters by result and method, and a Coreapp's callbacks, callback queue, pending messages.
WEB_METRICS = """# HELP web_uptime Number of seconds since web server has started
# TYPE web_uptime gauge
web_uptime{node="06475793be9d"} 348842
# HELP api_requests_duration_ms_count Total number of API requests
# TYPE api_requests_duration_ms_count counter
api_requests_duration_ms_count{node="06475793be9d",result="200",method="GET_v1_health"} 90
api_requests_duration_ms_count{node="06475793be9d",result="201",method="POST_v1_messages"} 5
api_requests_duration_ms_count{node="06475793be9d",result="400",method="POST_v1_messages"} 3
api_requests_duration_ms_count{node="06475793be9d",result="500",method="POST_v1_messages"} 2
"""
APP_STATS = """# HELP callback_queue_size Current callback queue size
# TYPE callback_queue_size gauge
callback_queue_size 450
# TYPE callback_requests_duration_ms_count counter
callback_requests_duration_ms_count{result="success",type="inbound_message"} 15
callback_requests_duration_ms_count{result="301",type="inbound_message"} 5
# TYPE in_messages_pending_processing gauge
in_messages_pending_processing 7
"""


def self_signed(directory: Path, dns_name: str | None = None) -> tuple[Path, Path]:
    """A CA-flagged self-signed certificate for 127.0.0.1, or for `dns_name` only (cert.pem,
    key.pem)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(
            [x509.DNSName(dns_name)] if dns_name else
            [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@dataclass
class Cluster:
    shards: int = 8
    coreapps: int = 17
    forbidden_left: int = 0  # POST /v1/account/shards answers 403 this many times first
    healthy: bool = True
    delay_s: float = 0.0
    connected: int | None = None  # Coreapps reporting connected; None: as `healthy` says
    primary_master: bool = True  # the health answer holds a node with role primary_master
    secondary_masters: int = 0  # nodes with role secondary_master
    errored: int = 0  # extra nodes whose health entry is an "errors" list
    statuses: list | None = None  # gateway_status of the first Coreapps, in order
    api_key: str | None = API_KEY  # WA_API_KEY of the Webapps; None: not set
    web_metrics: str | None = WEB_METRICS  # GET /metrics?format=prometheus; None: 404
    app_stats: str | None = APP_STATS  # GET /v1/stats/app?format=prometheus; None: 404
    posts: list = field(default_factory=list)
    seen: list = field(default_factory=list)  # (method, path) of every request, login included
    # (method, path, scheme) of every request: the Authorization scheme (Basic, Bearer,
    # Apikey), "" without one; never the credential itself
    schemes: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(BaseHTTPRequestHandler):
    cluster: Cluster

    def log_message(self, *args):
        pass

    def _reply(self, status: int, doc: dict | None = None) -> None:
        body = json.dumps(doc or {}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self) -> dict:
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length) or b"{}")

    def _authorized(self) -> bool:
        given = self.headers.get("Authorization")
        key = self.cluster.api_key
        return given == f"Bearer {TOKEN}" or (
            key is not None and given == f"Apikey {key}" and self._path in KEY_PATHS)

    def _scheme(self, method: str) -> None:
        scheme = (self.headers.get("Authorization") or "").partition(" ")[0]
        self.cluster.schemes.append((method, self.path, scheme))

    @property
    def _path(self) -> str:
        return self.path.partition("?")[0]

    def _text(self, body: str | None) -> None:
        if body is None:
            return self._reply(404)
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; version=0.0.4")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):  # noqa: N802
        cluster = self.cluster
        cluster.seen.append(("POST", self.path))
        self._scheme("POST")
        if cluster.delay_s:
            threading.Event().wait(cluster.delay_s)
        if self.path == "/v1/users/login":
            expected = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
            if self.headers.get("Authorization") != f"Basic {expected}":
                return self._reply(401, {"errors": [{"code": 1005, "title": "Access denied"}]})
            return self._reply(200, {"users": [{"token": TOKEN, "expires_after": "later"}]})
        if self.path == "/v1/account/shards":
            if not self._authorized():
                return self._reply(401)
            body = self._body()
            with cluster.lock:
                cluster.posts.append(body)
                if cluster.forbidden_left > 0:
                    cluster.forbidden_left -= 1
                    return self._reply(403)
                cluster.shards = body["shards"]
            return self._reply(201)
        return self._reply(404)

    def do_GET(self):  # noqa: N802
        cluster = self.cluster
        cluster.seen.append(("GET", self.path))
        self._scheme("GET")
        if not self._authorized():
            return self._reply(401)
        if self.path == "/v1/account/shards":
            return self._reply(200, {"account": {"shards": cluster.shards}})
        if self.path in ("/metrics?format=prometheus", "/v1/stats/app?format=prometheus"):
            return self._text(cluster.web_metrics if self._path == "/metrics"
                              else cluster.app_stats)
        if self.path == "/v1/health":
            connected = cluster.shards if cluster.healthy else 0
            if cluster.connected is not None:
                connected = cluster.connected
            nodes = {
                f"coreapp{i}:abc{i}": {
                    "gateway_status": "connected" if i < connected else "disconnected",
                    "role": "coreapp"}
                for i in range(cluster.coreapps)
            }
            for i, status in enumerate(cluster.statuses or []):
                nodes[f"coreapp{i}:abc{i}"]["gateway_status"] = status
            if cluster.primary_master:
                nodes["master1:def"] = {"gateway_status": "disconnected",
                                        "role": "primary_master"}
            for i in range(cluster.secondary_masters):
                nodes[f"master{i + 2}:fed{i}"] = {"gateway_status": "disconnected",
                                                  "role": "secondary_master"}
            for i in range(cluster.errored):
                nodes[f"broken{i}:0{i}"] = {"errors": [
                    {"code": 1011, "title": "Service not ready",
                     "details": "Wacore is not instantiated."}]}
            return self._reply(200, {"health": nodes})
        return self._reply(404)


class _QuietServer(ThreadingHTTPServer):
    """A client that hangs up mid-request (the timeout tests do) is no error of the test: the
    server's thread must not print a traceback into whatever a CliRunner captures then."""

    def handle_error(self, request, client_address) -> None:
        pass


class FakeWebapp:
    """Context manager: an HTTPS server on 127.0.0.1 with an ephemeral port."""

    def __init__(self, cert: Path, key: Path, cluster: Cluster) -> None:
        self.cluster = cluster  # what the server was told and what it saw
        handler = type("Handler", (_Handler,), {"cluster": cluster})
        self.server = _QuietServer(("127.0.0.1", 0), handler)
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(cert, key)
        self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.server.daemon_threads = True
        self.url = f"https://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> FakeWebapp:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
