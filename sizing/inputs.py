"""Text to typed plan inputs, with the one-line messages shared by wa-size and the CDK app."""

from __future__ import annotations

from sizing import data, rules
from sizing.errors import SizingError

TOP_RATE_MSG_S = rules.rate_capacity_msg_s(data.SHARD_OPTIONS[-1])
RATE_RANGE = f"0 < rate <= {TOP_RATE_MSG_S:g} msg/s"
SHARDS_ALLOWED = ", ".join(map(str, data.SHARD_OPTIONS))

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def parse_rate(value: object) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise SizingError(f"rate {value!r} is not a number: allowed {RATE_RANGE}") from None


def parse_shards(value: object) -> int:
    try:
        shards = int(str(value))
    except ValueError:
        raise SizingError(f"shards {value!r} is not an option: allowed {SHARDS_ALLOWED}") from None
    if shards not in data.SHARD_OPTIONS:
        raise SizingError(f"shards {shards} is not an option: allowed {SHARDS_ALLOWED}")
    return shards


def parse_int(name: str, value: object, low: int, high: int | None = None) -> int:
    allowed = f"{low} to {high}" if high is not None else f"{low} or more"
    try:
        number = int(str(value))
    except ValueError:
        raise SizingError(f"{name} {value!r} is not a whole number: allowed {allowed}") from None
    if number < low or (high is not None and number > high):
        raise SizingError(f"{name} {number} is out of range: allowed {allowed}")
    return number


def parse_float(name: str, value: object, low: float, unit: str = "") -> float:
    try:
        number = float(str(value))
    except ValueError:
        number = float("nan")
    if not number >= low:  # also catches NaN
        raise SizingError(f"{name} {value!r} is invalid: allowed {low:g}{unit} or more")
    return number


def parse_bool(name: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise SizingError(f"{name} {value!r} is not a switch: allowed true or false")


def parse_choice(name: str, value: object, allowed: tuple[str, ...]) -> str:
    text = str(value)
    if text not in allowed:
        raise SizingError(f"{name} {text!r} is unknown: allowed {', '.join(allowed)}")
    return text
