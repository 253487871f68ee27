"""Text to typed plan inputs, with the one-line messages shared by wa-size and the CDK app."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import NamedTuple

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


class SizingInput(NamedTuple):
    """One input of plan(), as every surface takes it: wa-size's and `wa-shards plan`'s option
    (--key-name), the CDK context key, plan()'s keyword and the docs' row are made from it."""

    key: str  # the CDK context key (sizing/surfaces.py spells it on the other surfaces)
    keyword: str  # plan()'s keyword
    default: object  # typed; None: derived from the other inputs (rate and shards)
    parse: Callable[[str, object], object]  # (name in the message, value) -> typed value
    allowed: str  # as the docs and the refusals say it
    metavar: str  # "" for a switch
    effect: str  # the docs' table: what it decides, in a few words
    help: str  # --help
    derived: str = ""  # where a default of None comes from, as the docs say it

    def shown_default(self) -> str:
        """The default as the docs show it and the context parser reads it back."""
        value = self.default
        if value is None:
            return self.derived
        if isinstance(value, bool):
            return str(value).lower()
        return f"{value:g}" if isinstance(value, float) else str(value)


def _ints(low: int, high: int) -> tuple[Callable[[str, object], int], str]:
    return (lambda name, value: parse_int(name, value, low, high)), f"{low} to {high}"


def _floats(low: float, high: float, unit: str = "") -> tuple[Callable[[str, object], float], str]:
    return ((lambda name, value: parse_float(name, value, low, high, unit)),
            f"{low:g} to {high:g}" + (f" ({unit.strip()})" if unit else ""))


def _choices(allowed: tuple[str, ...]) -> tuple[Callable[[str, object], str], str]:
    return (lambda name, value: parse_choice(name, value, allowed)), "|".join(allowed)


_SWITCH = (parse_bool, "true|false")
_ALIASES = ", ".join(f"{a} = {m}" for a, m in data.MESSAGE_TYPE_ALIASES.items())

# In help order (wa-size --help); the console's parameters for them are in contract/inputs.py.
SIZING_INPUTS: tuple[SizingInput, ...] = (
    SizingInput(
        "rate", "rate_msg_s", None, lambda _name, value: parse_rate(value), RATE_RANGE, "MSG_S",
        "target send rate; picks shards, Webapps, DB",
        f"Target send rate in messages per second ({RATE_RANGE}). Default: "
        f"{data.BENCHMARK_RATE_LOW_MSG_S:g}, or what the shards carry when only shards are "
        "given.", f"{data.BENCHMARK_RATE_LOW_MSG_S:g}, or what `shards` carry"),
    SizingInput(
        "shards", "shards", None, lambda _name, value: parse_shards(value), SHARDS_ALLOWED, "N",
        "active Coreapps",
        f"Active shards, one of {SHARDS_ALLOWED}. Default: the smallest that carries --rate at "
        f"{data.RATE_PER_SHARD_MSG_S:g} msg/s per shard.", "from rate"),
    SizingInput(
        "ssl", "ssl", data.DEFAULT_SSL, *_SWITCH, "", "TLS to the DB; parameter group requires it",
        f"TLS between containers and the DB ({data.CONNECTIONS_SSL_FACTOR:g}x the "
        f"connections). Default: {'on' if data.DEFAULT_SSL else 'off'}, as in the vendor's "
        "templates."),
    SizingInput(
        "env", "env", data.ENVIRONMENTS[0], *_choices(data.ENVIRONMENTS),
        "|".join(data.ENVIRONMENTS),
        "minimum counts, Multi-AZ, deletion protection, NAT per AZ",
        "Environment type: sets the minimum counts and Multi-AZ."),
    SizingInput(
        "engine", "engine", data.ENGINES[0], *_choices(data.ENGINES), "|".join(data.ENGINES),
        "RDS engine",
        "Database engine; decides max connections per class."),
    SizingInput(
        "spares", "spares", data.DEFAULT_SPARES, *_ints(0, MAX_SPARES), "N", "spare Coreapps",
        f"Spare Coreapps beyond the shards, 0 to {MAX_SPARES} (survive that many Coreapp "
        "failures)."),
    SizingInput(
        "headroom", "headroom_pct", data.DEFAULT_HEADROOM_PCT,
        *_floats(0, MAX_HEADROOM_PCT, " %"), "PCT",
        "added to the DB connection estimate",
        f"Percent added to the estimated DB connections (0 to {MAX_HEADROOM_PCT:g})."),
    SizingInput(
        "message_type", "message_type", "text", *_choices(data.MESSAGE_TYPE_CHOICES),
        "|".join(data.MESSAGE_TYPE_CHOICES),
        f"host type and Coreapp reservation ({_ALIASES})",
        f"Dominant message type, as the vendor benchmarked them (aliases: {_ALIASES}); picks "
        "the host type and what each Coreapp reserves."),
    SizingInput(
        "receipts", "receipts", data.DEFAULT_RECEIPTS_PER_MESSAGE,
        *_floats(*data.RECEIPTS_RANGE), "N",
        "receipt events per sent message",
        f"Receipt events per sent message ({data.RECEIPTS_RANGE[0]:g} to "
        f"{data.RECEIPTS_RANGE[1]:g}: delivered, read). The benchmark's rate brought "
        f"{data.BENCHMARK_RECEIPTS_PER_MESSAGE:g}; each event counts as load."),
    SizingInput(
        "inbound", "inbound_msg_s", data.DEFAULT_INBOUND_MSG_S,
        *_floats(0, TOP_RATE_MSG_S, " msg/s"), "MSG_S",
        "messages received per second",
        f"Messages received per second (0 to {TOP_RATE_MSG_S:g}). Each is one event, a sent "
        "message 1 + receipts; the load "
        f"is the events over {1 + data.BENCHMARK_RECEIPTS_PER_MESSAGE:g} (the benchmark's "
        "mix)."),
    SizingInput(
        "table", "table", data.TABLES[0], *_choices(data.TABLES), "|".join(data.TABLES),
        "RDS classes to choose from",
        "RDS classes to choose from: current generation, the seed's table, or all."),
    SizingInput(
        "isolate_coreapps", "isolate_coreapps", False, *_SWITCH, "", "one Coreapp per host",
        "One Coreapp per host (survives host failures; may exceed the EC2 caps)."),
    SizingInput(
        "az_count", "az_count", data.AZ_COUNTS[0],
        *_ints(data.AZ_COUNTS[0], data.AZ_COUNTS[-1]), "N",
        "AZs of a new VPC: NAT gateways in production, the layout",
        f"Availability Zones of the new VPC (default {data.AZ_COUNTS[0]}, up to "
        f"{data.AZ_COUNTS[-1]}; --azs is the old name): NAT gateways in production, the "
        "deploy lines and --layout; the hosts hold the containers with any of them."),
)
SIZING = {row.key: row for row in SIZING_INPUTS}


def read(key: str, value: object) -> object:
    """A sizing input's value as given (None: its default), typed and checked; a refusal
    names the context key, on every surface alike."""
    row = SIZING[key]
    return row.default if value is None else row.parse(key, value)
