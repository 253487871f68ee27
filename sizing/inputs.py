"""Text to typed plan inputs, with the one-line messages shared by wa-size and the CDK app."""

from __future__ import annotations

import math
import re

from sizing import data, rules
from sizing.errors import SizingError

TOP_RATE_MSG_S = rules.rate_capacity_msg_s(data.SHARD_OPTIONS[-1])
RATE_RANGE = f"0 < rate <= {TOP_RATE_MSG_S:g} msg/s"
SHARDS_ALLOWED = ", ".join(map(str, data.SHARD_OPTIONS))
# A spare stands in for a failed active Coreapp: beyond the largest shard count, spares only
# add hosts (a million of them once planned an Auto Scaling group of 326,837 hosts).
MAX_SPARES = data.SHARD_OPTIONS[-1]
# Ours: ten times the estimate is far past the model's error; more is a slip of the keyboard.
MAX_HEADROOM_PCT = 1000.0

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
# ASCII digits only: int() and float() also take '١٢' and '1_000'. inf and nan are read so
# that their messages say "out of range" and "not a number".
_INT = re.compile(r"[+-]?[0-9]+")
_FLOAT = re.compile(r"[+-]?(([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?|inf(inity)?|nan)",
                    re.IGNORECASE)
_SHOWN_MAX = 200  # an ARN shows whole; a 10,000-character value does not


def shown(value: object) -> str:
    """A user's value for a message: numbers as they are, text quoted with its control
    characters escaped (so the message stays one line), and long values cut short."""
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    return _cut(str(value) if is_number else repr(value))


def _cut(text: str) -> str:
    return text if len(text) <= _SHOWN_MAX else f"{text[:160]}... ({len(text)} characters)"


def _number(value: object, pattern: re.Pattern, convert):
    """The number in value, or None; bools are switches, not numbers."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    if isinstance(value, str) and pattern.fullmatch(value.strip()):
        text = value.strip()
        try:
            return convert(text)
        except ValueError:  # more digits than int() reads (4300): beyond any range
            return -math.inf if text.startswith("-") else math.inf
    return None


def check_rate(rate_msg_s: float, given: object = None) -> float:
    if not 0 < rate_msg_s <= TOP_RATE_MSG_S:  # NaN fails too
        # the text as given: 1e309 rather than the inf it reads as
        text = given.strip() if isinstance(given, str) else f"{rate_msg_s:g}"
        raise SizingError(
            f"rate {_cut(text)} msg/s is out of range: allowed {RATE_RANGE} (what "
            f"{data.SHARD_OPTIONS[-1]} shards carry at {data.RATE_PER_SHARD_MSG_S:g} msg/s each)"
        )
    return rate_msg_s


def parse_rate(value: object) -> float:
    number = _number(value, _FLOAT, float)
    if number is None:
        raise SizingError(f"rate {shown(value)} is not a number: allowed {RATE_RANGE}")
    try:
        rate = float(number)
    except OverflowError:  # an int beyond any float (cdk.json may hold one)
        rate = math.inf
    if math.isnan(rate):
        raise SizingError(f"rate {shown(value)} is not a number: allowed {RATE_RANGE}")
    return check_rate(rate, value)


def parse_shards(value: object) -> int:
    shards = _number(value, _INT, int)
    if not isinstance(shards, int) or shards not in data.SHARD_OPTIONS:
        raise SizingError(
            f"shards {shown(shards if isinstance(shards, int) else value)} is not an option: "
            f"allowed {SHARDS_ALLOWED}"
        )
    return shards


def parse_int(name: str, value: object, low: int, high: int) -> int:
    allowed = f"{low} to {high}"
    number = _number(value, _INT, int)
    if number is None or (isinstance(number, float) and not math.isinf(number)):
        raise SizingError(f"{name} {shown(value)} is not a whole number: allowed {allowed}")
    if not low <= number <= high:
        given = number if isinstance(number, int) else value
        raise SizingError(f"{name} {shown(given)} is out of range: allowed {allowed}")
    return number


def parse_float(name: str, value: object, low: float, high: float, unit: str = "") -> float:
    allowed = f"{low:g} to {high:g}{unit}"
    number = _number(value, _FLOAT, float)
    if number is None or (isinstance(number, float) and math.isnan(number)):
        raise SizingError(f"{name} {shown(value)} is not a number: allowed {allowed}")
    if not low <= number <= high:  # inf lands here
        raise SizingError(f"{name} {shown(value)} is out of range: allowed {allowed}")
    return float(number)


def parse_bool(name: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise SizingError(f"{name} {shown(value)} is not a switch: allowed true or false")


def parse_choice(name: str, value: object, allowed: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise SizingError(f"{name} {shown(value)} is unknown: allowed {', '.join(allowed)}")
    return value
