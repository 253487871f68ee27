"""The event watcher at its edges: a stack that is gone or never was, an empty or short answer
from the API, the deadline met exactly, a clock that does not start at zero, and which
failure is the first."""

import pytest

from deploy import events
from tests.deploy.fake_cloudformation import T0, FakeCloudFormation, event, missing


class Clock:
    def __init__(self, start: float = 0.0) -> None:
        self.now, self.sleeps = start, []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class Pages:
    """describe_stack_events that answers with `pages` in turn (an exception is raised)."""

    def __init__(self, *pages) -> None:
        self.pages = list(pages)

    def describe_stack_events(self, StackName, NextToken=None):  # noqa: N803
        page = self.pages.pop(0)
        if isinstance(page, Exception):
            raise page
        return page


def test_a_stack_that_never_existed_is_gone_at_once():
    lines, clock = [], Clock()
    cloudformation = FakeCloudFormation("S", [(None, [])])
    status = events.watch(cloudformation, "S", None, lines.append, 60, poll_s=5,
                          sleep=clock.sleep, clock=clock)
    assert status == "DELETE_COMPLETE" and clock.sleeps == []
    assert lines == ["S: DELETE_COMPLETE after 0 s"]  # no colour unless asked
    assert events.first_failure(cloudformation, "S", None) is None
    assert events.latest(cloudformation, "S") is None
    assert None not in cloudformation.asked  # asked by name, never by a missing id


def test_the_elapsed_time_and_the_deadline_count_from_the_first_look():
    steps = [("UPDATE_IN_PROGRESS", [])] * 3 + [("UPDATE_COMPLETE", [])]
    lines, clock = [], Clock(start=1000.0)
    status = events.watch(FakeCloudFormation("S", steps), "S", T0, lines.append, 10,
                          poll_s=5, sleep=clock.sleep, clock=clock)
    assert (status, lines[-1]) == ("UPDATE_COMPLETE", "S: UPDATE_COMPLETE after 10 s")
    # at exactly the deadline it looks once more; past it, it stops
    with pytest.raises(events.StillInProgress, match="still UPDATE_IN_PROGRESS after 10 s"):
        events.watch(FakeCloudFormation("S", [("UPDATE_IN_PROGRESS", [])]), "S", T0,
                     lines.append, 10, poll_s=5, sleep=(clock := Clock(7.0)).sleep, clock=clock)
    assert clock.sleeps == [5, 5, 5]


def test_an_answer_without_events_has_no_latest_time_and_no_failure():
    assert events.latest(Pages({}), "S") is None
    assert events.latest(Pages({"StackEvents": []}), "S") is None
    assert events.first_failure(Pages({}), "S", None) is None


def test_a_stack_deleted_between_two_pages_keeps_the_events_read_oldest_first():
    first = {"StackEvents": [event(3, "DELETE_FAILED", reason="b"),
                             event(2, "DELETE_FAILED", reason="a"),
                             event(1, "DELETE_IN_PROGRESS")],  # every one kept, not every other
             "NextToken": "2"}
    assert events.first_failure(Pages(first, missing("S")), "S", None) == "a"


def test_the_first_failure_is_the_oldest_after_since_with_a_reason():
    cloudformation = FakeCloudFormation("S", [("UPDATE_ROLLBACK_COMPLETE", [
        event(1, "UPDATE_FAILED", reason="before since"),
        {"EventId": "e2", "Timestamp": T0.replace(second=2), "LogicalResourceId": "X"},
        event(3, "UPDATE_FAILED"),  # no reason
        event(4, "CREATE_FAILED", reason="the  cause\n here"),
        event(5, "UPDATE_FAILED", reason="Resource update cancelled")])])
    cloudformation.describe_stacks(StackName="S")  # the events have happened
    assert events.first_failure(cloudformation, "S", T0.replace(second=1)) == "the cause here"


def test_the_first_failure_is_found_among_events_of_one_page_oldest_first():
    cloudformation = FakeCloudFormation("S", [("UPDATE_ROLLBACK_COMPLETE", [
        event(1, "UPDATE_IN_PROGRESS"), event(2, "UPDATE_FAILED", reason="the cause"),
        event(3, "UPDATE_FAILED", reason="Resource update cancelled")])])
    cloudformation.describe_stacks(StackName="S")
    assert events.first_failure(cloudformation, "S", None) == "the cause"


def test_a_failure_without_a_reason_shows_none_and_the_time_is_utc_in_any_local_zone(
        monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        text = events.line("S", event(5, "CREATE_FAILED"), T0)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert text == "S | 09:00:05 | +5s | CREATE_FAILED | AWS::RDS::DBInstance | Db"
