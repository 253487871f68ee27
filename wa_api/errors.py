"""The errors of the client: a failed call, and input refused before any call."""


class ApiError(Exception):
    """A failed call; str() is one line and never holds a password, pin, token or cert."""


class UntrustedCertificate(ApiError):
    """The Webapp's certificate did not verify (the caller says how to trust it)."""


class InvalidInput(ValueError):
    """A bad URL or CA file, refused before anything is sent: str() is one line naming the
    value and what is allowed (the CLIs exit 2 on it, as on sizing's errors). The client's
    own error type keeps it free of the planner, so the health probe ships without it."""


def one_line(text: object) -> str:
    """Collapse whitespace so a message from the OS or a server cannot break the one-line rule."""
    return " ".join(str(text).split())
