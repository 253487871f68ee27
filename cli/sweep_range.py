"""`wa-size --sweep FROM:TO[:STEP]`: the range of rates, as the option reads it (cli/sweep.py
plans the rows; only a sweep imports it)."""

from __future__ import annotations

import math
from typing import NamedTuple

from sizing import SizingError
from sizing.inputs import TOP_RATE_MSG_S, parse_float, parse_rate, shown

# Ours: 200 plans take well under a second, and more rows than that are a slip of the
# keyboard (a step of 1 over the whole range makes 400); a larger STEP covers any range.
MAX_ROWS = 200
DEFAULT_STEP_MSG_S = 10.0
FORMAT = "FROM:TO[:STEP]"
STEP_RANGE = f"0 < STEP <= {TOP_RATE_MSG_S:g} msg/s"


# A NamedTuple: a dataclass costs wa-size half a millisecond at every start
class Sweep(NamedTuple):
    start_msg_s: float
    stop_msg_s: float
    step_msg_s: float

    def rates(self) -> list[float]:
        """FROM, FROM + STEP, ... up to TO; TO itself is the last row when a step misses it."""
        count = math.floor((self.stop_msg_s - self.start_msg_s) / self.step_msg_s + 1e-9) + 1
        rates = [round(self.start_msg_s + i * self.step_msg_s, 9) for i in range(count)]
        if rates[-1] < self.stop_msg_s - 1e-9:
            rates.append(self.stop_msg_s)
        return rates


def parse_sweep(text: object) -> Sweep:
    """FROM:TO[:STEP] in msg/s; one-line SizingError naming the value and what is allowed."""
    parts = text.split(":") if isinstance(text, str) else []
    if len(parts) not in (2, 3):
        raise SizingError(f"sweep {shown(text)} is not {FORMAT}: allowed rates in msg/s, "
                          "e.g. 50:400 or 50:400:25")
    ends = []
    for name, part in zip(("FROM", "TO"), parts, strict=False):
        try:
            ends.append(parse_rate(part))
        except SizingError as error:
            raise SizingError(f"sweep {name}: {error}") from None
    start, stop = ends
    if start > stop:
        raise SizingError(f"sweep {shown(text)}: FROM {start:g} is above TO {stop:g}: allowed "
                          "FROM <= TO")
    step = DEFAULT_STEP_MSG_S
    if len(parts) == 3:
        try:
            step = parse_float("sweep STEP", parts[2], -math.inf, math.inf)
        except SizingError:
            raise SizingError(f"sweep STEP {shown(parts[2])} is not a number: allowed "
                              f"{STEP_RANGE}") from None
        if not 0 < step <= TOP_RATE_MSG_S:
            raise SizingError(f"sweep STEP {parts[2].strip()} is out of range: allowed "
                              f"{STEP_RANGE}")
    rows = (stop - start) / step + 1  # inf for a step as small as 5e-324
    if rows > MAX_ROWS + 1 or len(Sweep(start, stop, step).rates()) > MAX_ROWS:
        made = f"{math.ceil(rows)}" if rows < 1e6 else "over a million"
        raise SizingError(f"sweep {shown(text)} makes {made} rows: allowed at most "
                          f"{MAX_ROWS} (give a larger STEP)")
    return Sweep(start, stop, step)
