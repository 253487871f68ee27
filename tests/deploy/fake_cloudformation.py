"""A CloudFormation client stand-in for the event watcher and wa-deploy's command line: a
script of stack statuses, events that appear as the script moves on, no AWS and no waiting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from botocore.exceptions import ClientError

T0 = datetime(2026, 12, 1, 9, 0, 0, tzinfo=UTC)


def missing(stack: str) -> ClientError:
    return ClientError({"Error": {"Code": "ValidationError",
                                  "Message": f"Stack with id {stack} does not exist"}},
                       "DescribeStacks")


def event(n: int, status: str, logical_id: str = "Db", type_: str = "AWS::RDS::DBInstance",
          reason: str | None = None, at_s: float | None = None) -> dict:
    found = {"EventId": f"e{n}", "Timestamp": T0 + timedelta(seconds=n if at_s is None else at_s),
             "ResourceStatus": status, "LogicalResourceId": logical_id,
             "ResourceType": type_}
    if reason:
        found["ResourceStatusReason"] = reason
    return found


class FakeCloudFormation:
    """`steps`: (stack status, events that have happened by then) per describe_stacks call;
    the last step repeats. Events are listed newest first, `page` at a time, as the API does.
    A status of None: the stack no longer exists by name (deleted)."""

    def __init__(self, name: str, steps: list[tuple[str | None, list[dict]]],
                 old_events: tuple[dict, ...] = (), page: int = 100) -> None:
        self.name, self.steps, self.page = name, steps, page
        self.id = f"arn:aws:cloudformation:us-east-1:123456789012:stack/{name}/1"
        self.calls = 0
        self.current = steps[0][0]
        self.events = list(old_events)
        self.asked: list[str] = []  # the StackName of every call, in order

    def _known(self, stack: str) -> bool:
        return stack == self.id or (stack == self.name and self.current is not None)

    def describe_stacks(self, StackName):  # noqa: N803 - boto3's spelling
        self.asked.append(StackName)
        if self.calls < len(self.steps):
            self.current, happened = self.steps[self.calls]
            self.events += happened
        self.calls += 1
        if not self._known(StackName):
            raise missing(StackName)
        return {"Stacks": [{"StackName": self.name, "StackId": self.id,
                            "StackStatus": self.current or "DELETE_COMPLETE"}]}

    def describe_stack_events(self, StackName, NextToken=None):  # noqa: N803
        self.asked.append(StackName)
        if not self._known(StackName):
            raise missing(StackName)
        newest_first = sorted(self.events, key=lambda e: e["Timestamp"], reverse=True)
        start = int(NextToken or 0)
        page = {"StackEvents": newest_first[start:start + self.page]}
        if start + self.page < len(newest_first):
            page["NextToken"] = str(start + self.page)
        return page
