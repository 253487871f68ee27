"""What the planner's refusals say: one helper for the tests that hold a SizingError's text."""

import pytest

from sizing import SizingError


def refusal(call, *args, **kwargs) -> str:
    """The message of the SizingError that call(*args, **kwargs) raises; fails if none is."""
    with pytest.raises(SizingError) as caught:
        call(*args, **kwargs)
    return str(caught.value)


def one_line_refusal(call, *args, **kwargs) -> str:
    """As refusal(), and the message is a single line (wa-size prints it as one)."""
    message = refusal(call, *args, **kwargs)
    assert "\n" not in message, message
    return message
