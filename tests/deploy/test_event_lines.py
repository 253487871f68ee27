"""What wa-deploy prints for one stack event and the colour of each status, as a table."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from deploy.color import for_status
from deploy.events import line

ORIGIN = datetime(2026, 1, 2, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(("status", "colour"), [
    ("CREATE_FAILED", "red"), ("UPDATE_ROLLBACK_COMPLETE", "red"),
    ("ROLLBACK_IN_PROGRESS", "red"), ("CREATE_COMPLETE", "green"),
    ("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "yellow"), ("DELETE_IN_PROGRESS", "yellow"),
    ("DELETE_SKIPPED", None), ("create_complete", None),
])
def test_each_status_has_its_colour(status, colour):
    assert for_status(status) == colour


def test_an_event_line_names_stack_time_elapsed_status_type_and_id():
    event = {"Timestamp": ORIGIN + timedelta(seconds=35), "ResourceStatus": "CREATE_COMPLETE",
             "ResourceType": "AWS::SNS::Topic", "LogicalResourceId": "Topic"}
    assert line("S", event, ORIGIN) == (
        "S | 12:00:35 | +35s | CREATE_COMPLETE | AWS::SNS::Topic | Topic")


def test_missing_fields_show_a_question_mark_and_an_earlier_event_no_negative_time():
    assert line("S", {"Timestamp": ORIGIN - timedelta(seconds=9)}, ORIGIN) == (
        "S | 11:59:51 | +0s | ? | ? | ?")


def test_the_time_is_shown_in_utc_whatever_zone_the_event_carries():
    stamp = datetime(2026, 1, 2, 14, 0, 5, tzinfo=timezone(timedelta(hours=2)))
    assert line("S", {"Timestamp": stamp}, ORIGIN).startswith("S | 12:00:05 | +5s | ")


@pytest.mark.parametrize(("status", "shown"), [
    ("CREATE_FAILED", True), ("UPDATE_ROLLBACK_IN_PROGRESS", True),
    ("UPDATE_COMPLETE", False), ("CREATE_IN_PROGRESS", False),
])
def test_a_reason_is_shown_on_one_line_only_for_a_failure_or_a_rollback(status, shown):
    event = {"Timestamp": ORIGIN, "ResourceStatus": status, "ResourceType": "T",
             "LogicalResourceId": "X", "ResourceStatusReason": "Resource  handler\n returned"}
    text = line("S", event, ORIGIN)
    assert text.endswith(": Resource handler returned") is shown
    assert "\033[" not in text  # no colour unless asked
