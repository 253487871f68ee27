"""The cost step just below a plan: when a slightly lower rate costs noticeably less (a host,
a Webapp, a shard or a DB class fewer), wa-size names that rate and the saving."""

from __future__ import annotations

import math
from typing import NamedTuple

from sizing.errors import SizingError
from sizing.plan import plan

# "Just above": the step lies within this share of the rate below it.
WINDOW = 0.05
PRECISION_MSG_S = 0.01  # the rate named is rounded down to this


class Step(NamedTuple):
    rate_below_msg_s: float
    monthly_saving_usd: float

    def hint(self, rate_msg_s: float) -> str:
        return (f"{rate_msg_s:g} msg/s is just above a cost step: {self.rate_below_msg_s:g} "
                f"msg/s costs ${self.monthly_saving_usd:,.2f} a month less")


def step_below(rate_msg_s: float, shards: int | None = None, **inputs) -> Step | None:
    """The highest rate (to PRECISION_MSG_S) below the nearest cost step under rate_msg_s,
    if that step lies within WINDOW; every other input as given."""

    def cost(rate: float) -> float | None:
        try:
            return plan(rate, shards, **inputs).monthly_cost_usd
        except SizingError:
            return None

    here = cost(rate_msg_s)
    low = rate_msg_s * (1 - WINDOW)
    below = cost(low)
    if here is None or below is None or below >= here or low <= 0:
        return None
    lo, hi = low, rate_msg_s  # cheaper at lo, as dear as here at hi: bisect the step
    while hi - lo > PRECISION_MSG_S / 4:
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if (cost(mid) or here) < here else (lo, mid)
    rate = math.floor(hi / PRECISION_MSG_S) * PRECISION_MSG_S
    if rate >= rate_msg_s or (cost(rate) or here) >= here:
        rate = math.floor(lo / PRECISION_MSG_S) * PRECISION_MSG_S
    saved = cost(rate)
    if saved is None or saved >= here:
        return None
    return Step(round(rate, 2), round(here - saved, 2))
