"""The Webapp's base URL: parsed once, strictly, into the one origin credentials may go to."""

from __future__ import annotations

import ipaddress
import re
import urllib.parse
from dataclasses import dataclass

from wa_api.errors import InvalidInput

ALLOWED = "allowed https://host[:port] (a DNS name or an IP address, port 1-65535)"
_LABEL = r"(?!-)[a-z0-9_-]{1,63}(?<!-)"  # '_' for the odd internal name (not in RFC 1123)
HOST_NAME = re.compile(rf"{_LABEL}(\.{_LABEL})*\.?", re.ASCII)
# An optional path prefix (a Webapp behind a path-routing proxy); no query, no fragment.
PATH = re.compile(r"(/[A-Za-z0-9._~%-]*)*", re.ASCII)
# int() would read a port such as '+443' or Arabic-Indic digits; only ASCII digits pass.
NETLOC = re.compile(r"(\[[^\]]*\]|[^:\[\]]*)(:[0-9]{0,5})?", re.ASCII)
DEFAULT_PORTS = {"https": 443, "http": 80}


@dataclass(frozen=True)
class Origin:
    host: str  # lower case, IPv6 without brackets: what http.client connects to
    port: int
    prefix: str = ""  # path prefix without the trailing slash

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"https://{host}" + ("" if self.port == 443 else f":{self.port}")

    def same_as(self, other: Origin) -> bool:
        """Same host and port (the scheme is https for every Origin)."""
        return (self.host, self.port) == (other.host, other.port)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _shown(text: str) -> str:
    """The value as an error message may echo it: user:password@ in a URL is masked."""
    return re.sub(r"(?<=//)[^/?#]*@", "***@", text)


def parse_base_url(text: str) -> Origin:
    """https://host[:port][/prefix] -> Origin, or a one-line InvalidInput naming the value."""
    bad = InvalidInput(f"url {_shown(text)!r} is invalid: {ALLOWED}")
    try:
        parts = urllib.parse.urlsplit(text)
        port = parts.port  # raises on a port out of range or not a number
    except ValueError:
        raise bad from None
    host = parts.hostname or ""
    if (parts.scheme != "https" or "@" in parts.netloc or not NETLOC.fullmatch(parts.netloc)
            or re.search(r"[\x00-\x20\x7f?#]", text)  # urlsplit would drop tabs and newlines
            or not (_is_ip(host) or (len(host) <= 253 and HOST_NAME.fullmatch(host)))
            or port == 0 or not PATH.fullmatch(parts.path)):
        raise bad
    return Origin(host, port or 443, parts.path.rstrip("/"))


def parse_host_name(text: object) -> str:
    """A DNS name a certificate may hold (lower case), or a one-line InvalidInput."""
    name = str(text).lower()
    if not (isinstance(text, str) and len(name) <= 253 and HOST_NAME.fullmatch(name)
            and not name.endswith(".")):
        raise InvalidInput(f"tls name {str(text)[:80]!r} is invalid: allowed a DNS name such "
                           "as api.example.com")
    return name


def resolve_redirect(location: str, current_url: str) -> tuple[Origin | None, str, str]:
    """Where a Location header points: (its https origin, or None when it is plain HTTP, carries
    credentials or does not parse; the path with its query; the target as errors show it)."""
    try:
        target = urllib.parse.urljoin(current_url, location)
        parts = urllib.parse.urlsplit(target)
        port = DEFAULT_PORTS.get(parts.scheme) if parts.port is None else parts.port
    except ValueError:
        return None, "", repr(location[:200])
    shown = repr(_shown(f"{parts.scheme}://{parts.netloc}"))
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    path = urllib.parse.quote(path, safe="/?&=%:@!$'()*+,;")  # http.client sends ASCII only
    if parts.scheme != "https" or "@" in parts.netloc or not parts.hostname or not port:
        return None, path, shown
    return Origin(parts.hostname, port), path, shown
