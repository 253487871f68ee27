"""Validation of the POST /v1/account/shards body, before anything is sent."""

from __future__ import annotations

import base64
import binascii
import re

from sizing import SizingError
from sizing.inputs import parse_shards

# [0-9], not \d: \d also matches Arabic-Indic, fullwidth and other Unicode digits.
DIGITS = re.compile(r"[0-9]+")
PIN = re.compile(r"[0-9]{6}")


def shards_body(cc: str, phone_number: str, shards: object, pin: str | None,
                cert: str) -> dict:
    cc, phone_number, cert = cc.strip(), phone_number.strip(), "".join(cert.split())
    if not DIGITS.fullmatch(cc) or len(cc) > 3:
        raise SizingError(f"cc {cc!r} is invalid: allowed 1 to 3 digits 0-9, no '+'")
    if not DIGITS.fullmatch(phone_number) or not 4 <= len(phone_number) <= 15:
        raise SizingError(
            f"phone number {phone_number!r} is invalid: allowed 4 to 15 digits 0-9 without the "
            "country code")
    body = {"cc": cc, "phone_number": phone_number, "shards": parse_shards(shards)}
    if pin:
        if not PIN.fullmatch(pin.strip()):
            raise SizingError("pin is invalid: allowed exactly 6 digits 0-9")  # never echo a pin
        body["pin"] = pin.strip()
    try:
        decoded = base64.b64decode(cert, validate=True)
    except (binascii.Error, ValueError):
        decoded = b""
    if not decoded:
        raise SizingError("cert is invalid: allowed the base64 certificate from Business "
                          "Manager")
    body["cert"] = cert
    return body
