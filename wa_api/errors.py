"""The error every failed call ends in."""


class ApiError(Exception):
    """A failed call; str() is one line and never holds a password, pin, token or cert."""


def one_line(text: object) -> str:
    """Collapse whitespace so a message from the OS or a server cannot break the one-line rule."""
    return " ".join(str(text).split())
