"""Pure-Python sizing for the WhatsApp Business API client: no AWS, CDK or CLI imports here."""

from sizing.errors import SizingError
from sizing.plan import DEFAULT_RATE_MSG_S, Plan, Rule, plan

__all__ = ["DEFAULT_RATE_MSG_S", "Plan", "Rule", "SizingError", "plan"]
