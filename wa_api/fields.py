"""Validation of the POST /v1/account/shards body, before anything is sent."""

from __future__ import annotations

import base64
import binascii
import re

from wa_api.errors import InvalidInput

# [0-9], not \d: \d also matches Arabic-Indic, fullwidth and other Unicode digits.
DIGITS = re.compile(r"[0-9]+")
PIN = re.compile(r"[0-9]{6}")
WHOLE = re.compile(r"[+-]?[0-9]+")
# The shard counts the Webapp takes. Source: seeds 000/001 (Multiconnect: "static sharding with
# a shard number of 1, 2, 4, 8, 16, or 32"), as sizing/data.py's SHARD_OPTIONS, which the
# client does not import (tests/cli/test_wa_api_units.py holds the two equal).
SHARD_COUNTS = (1, 2, 4, 8, 16, 32)
SHOWN_MAX = 200  # as sizing/inputs.py's messages: a long value is cut short


def shown(value: object) -> str:
    """A value for a one-line message: numbers as they are, text quoted with its control
    characters escaped, and long values cut short."""
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    text = str(value) if is_number else repr(value)
    return text if len(text) <= SHOWN_MAX else f"{text[:160]}... ({len(text)} characters)"


def parse_shards(value: object) -> int:
    """A shard count the Webapp takes, from a number or its digits."""
    shards = None
    if isinstance(value, int) and not isinstance(value, bool):
        shards = value
    elif isinstance(value, str) and WHOLE.fullmatch(value.strip()):
        try:
            shards = int(value.strip())
        except ValueError:  # more digits than int() reads: no shard count
            shards = None
    if shards not in SHARD_COUNTS:
        raise InvalidInput(f"shards {shown(value if shards is None else shards)} is not an "
                           f"option: allowed {', '.join(map(str, SHARD_COUNTS))}")
    return shards


def shards_body(cc: str, phone_number: str, shards: object, pin: str | None,
                cert: str) -> dict:
    cc, phone_number, cert = cc.strip(), phone_number.strip(), "".join(cert.split())
    if not DIGITS.fullmatch(cc) or len(cc) > 3:
        raise InvalidInput(f"cc {cc!r} is invalid: allowed 1 to 3 digits 0-9, no '+'")
    if not DIGITS.fullmatch(phone_number) or not 4 <= len(phone_number) <= 15:
        raise InvalidInput(
            f"phone number {phone_number!r} is invalid: allowed 4 to 15 digits 0-9 without the "
            "country code")
    body = {"cc": cc, "phone_number": phone_number, "shards": parse_shards(shards)}
    if pin:
        if not PIN.fullmatch(pin.strip()):
            raise InvalidInput("pin is invalid: allowed exactly 6 digits 0-9")  # never echo a pin
        body["pin"] = pin.strip()
    try:
        decoded = base64.b64decode(cert, validate=True)
    except (binascii.Error, ValueError):
        decoded = b""
    if not decoded:
        raise InvalidInput("cert is invalid: allowed the base64 certificate from Business "
                           "Manager")
    body["cert"] = cert
    return body
