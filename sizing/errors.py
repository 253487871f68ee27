"""The one error type the planner raises: its message is a single line fit for a user."""


class SizingError(ValueError):
    """Bad input or an impossible plan. str(error) names the value and what is allowed."""
