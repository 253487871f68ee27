"""deploy/events.py: stack events streamed as they arrive, against a scripted CloudFormation
(no AWS, no real waiting)."""

import pytest

from deploy import events
from tests.deploy.fake_cloudformation import T0, FakeCloudFormation, event


class Clock:
    def __init__(self) -> None:
        self.now, self.sleeps = 0.0, []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def watch(cloudformation, since=T0, deadline_s=3600, color=False):
    lines, clock = [], Clock()
    status = events.watch(cloudformation, "S", since, lines.append, deadline_s, color=color,
                          poll_s=5, sleep=clock.sleep, clock=clock)
    return status, lines, clock


def test_each_new_event_once_oldest_first_then_the_final_status():
    old = (event(-50, "UPDATE_COMPLETE", "S", "AWS::CloudFormation::Stack"),)
    cloudformation = FakeCloudFormation("S", [
        ("UPDATE_COMPLETE", []),  # as the watcher starts: the change set is not running yet
        ("UPDATE_IN_PROGRESS", [event(1, "UPDATE_IN_PROGRESS", "S",
                                      "AWS::CloudFormation::Stack"),
                                event(3, "UPDATE_IN_PROGRESS", "Task",
                                      "AWS::ECS::TaskDefinition")]),
        ("UPDATE_IN_PROGRESS", []),
        ("UPDATE_COMPLETE", [event(40, "UPDATE_COMPLETE", "Task", "AWS::ECS::TaskDefinition"),
                             event(41, "UPDATE_COMPLETE", "S", "AWS::CloudFormation::Stack")]),
    ], old_events=old)
    status, lines, clock = watch(cloudformation)
    assert status == "UPDATE_COMPLETE"
    assert lines == [
        "S | 09:00:01 | +0s | UPDATE_IN_PROGRESS | AWS::CloudFormation::Stack | S",
        "S | 09:00:03 | +2s | UPDATE_IN_PROGRESS | AWS::ECS::TaskDefinition | Task",
        "S | 09:00:40 | +39s | UPDATE_COMPLETE | AWS::ECS::TaskDefinition | Task",
        "S | 09:00:41 | +40s | UPDATE_COMPLETE | AWS::CloudFormation::Stack | S",
        "S: UPDATE_COMPLETE after 10 s",
    ]
    assert clock.sleeps == [5, 5]  # none once it is complete
    assert cloudformation.asked[0] == "S" and set(cloudformation.asked[1:]) == {
        cloudformation.id}  # by id after the first look


def test_a_failure_shows_its_reason_and_ends_with_the_rollback_status():
    cloudformation = FakeCloudFormation("S", [
        ("UPDATE_IN_PROGRESS", []),
        ("UPDATE_ROLLBACK_COMPLETE", [
            event(1, "UPDATE_FAILED", reason="DBInstanceClass  db.x is\nnot available"),
            event(2, "UPDATE_ROLLBACK_COMPLETE", "S", "AWS::CloudFormation::Stack")]),
    ])
    status, lines, _ = watch(cloudformation)
    assert status == "UPDATE_ROLLBACK_COMPLETE"
    assert lines[0].endswith("| UPDATE_FAILED | AWS::RDS::DBInstance | Db: DBInstanceClass "
                             "db.x is not available")
    assert events.first_failure(cloudformation, "S", T0) == "DBInstanceClass db.x is not available"


def test_events_beyond_the_first_page_are_read_and_older_ones_are_not():
    happened = [event(n, "CREATE_COMPLETE", f"R{n}") for n in range(1, 8)]
    cloudformation = FakeCloudFormation("S", [("CREATE_IN_PROGRESS", []),
                                              ("CREATE_COMPLETE", happened)], page=2)
    _, lines, _ = watch(cloudformation, since=T0.replace(second=2))
    assert [x.rsplit("| ", 1)[1] for x in lines[:-1]] == ["R3", "R4", "R5", "R6", "R7"]


def test_a_deleted_stack_is_followed_by_id_and_ends_gone():
    cloudformation = FakeCloudFormation("S", [
        ("DELETE_IN_PROGRESS", [event(1, "DELETE_IN_PROGRESS", "S",
                                      "AWS::CloudFormation::Stack")]),
        (None, [event(9, "DELETE_COMPLETE", "S", "AWS::CloudFormation::Stack")]),
    ])
    status, lines, _ = watch(cloudformation)
    assert status == events.GONE == "DELETE_COMPLETE"
    assert lines[-2].endswith("| +8s | DELETE_COMPLETE | AWS::CloudFormation::Stack | S")
    assert lines[-1] == "S: DELETE_COMPLETE after 0 s"


def test_the_deadline_raises_with_the_status_and_stops_polling():
    cloudformation = FakeCloudFormation("S", [("UPDATE_IN_PROGRESS", [])])
    with pytest.raises(events.StillInProgress, match=r"^S is still UPDATE_IN_PROGRESS after "
                                                     r"12 s \(CloudFormation goes on"):
        watch(cloudformation, deadline_s=12)
    assert cloudformation.calls == 5  # the id, then 4 looks: at 0, 5, 10 and 15 s


def test_colour_marks_the_status_only_when_asked():
    cloudformation = FakeCloudFormation("S", [
        ("UPDATE_IN_PROGRESS", []),
        ("UPDATE_ROLLBACK_COMPLETE", [event(1, "UPDATE_FAILED", reason="no")])])
    _, plain, _ = watch(cloudformation)
    assert "\033[" not in "".join(plain)
    cloudformation = FakeCloudFormation("S", [
        ("UPDATE_IN_PROGRESS", []),
        ("UPDATE_ROLLBACK_COMPLETE", [event(1, "UPDATE_FAILED", reason="no")])])
    _, coloured, _ = watch(cloudformation, color=True)
    assert "| \033[31mUPDATE_FAILED\033[0m |" in coloured[0]
    assert coloured[0].endswith(": \033[31mno\033[0m")
    assert coloured[1] == "S: \033[31mUPDATE_ROLLBACK_COMPLETE\033[0m after 0 s"


def test_latest_is_the_newest_event_time_and_none_without_a_stack():
    cloudformation = FakeCloudFormation("S", [("UPDATE_COMPLETE", [])],
                                        old_events=(event(4, "X"), event(9, "Y"), event(2, "Z")))
    assert events.latest(cloudformation, "S") == T0.replace(second=9)
    assert events.latest(FakeCloudFormation("S", [(None, [])]), "S") is None


def test_a_long_silence_says_the_stack_is_still_working():
    """A database class change can send no event for many minutes: a line every QUIET_S."""
    cloudformation = FakeCloudFormation("S", [("UPDATE_IN_PROGRESS", [])] * 30 + [
        ("UPDATE_COMPLETE", [event(150, "UPDATE_COMPLETE", "S", "AWS::CloudFormation::Stack")])])
    status, lines, _ = watch(cloudformation)
    assert status == "UPDATE_COMPLETE"
    still = [x for x in lines if "still" in x]
    assert still == ["S: still UPDATE_IN_PROGRESS after 60 s (CloudFormation is working; no "
                     "new event)", "S: still UPDATE_IN_PROGRESS after 120 s (CloudFormation is "
                     "working; no new event)"]
    assert lines[-1] == "S: UPDATE_COMPLETE after 145 s"  # 30 polls of 5 s, from 0
