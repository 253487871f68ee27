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


def usage_error(result, prog: str) -> str:
    """The stderr of a CLI run refused with exit code 2: one line, `prog: error: `, and nothing
    on stdout."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(f"{prog}: error: "), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    return result.stderr
