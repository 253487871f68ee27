"""Stack events as they happen, while CloudFormation creates, updates or deletes a stack.

    since = events.latest(cloudformation, name)        # before the change starts
    cloudformation.execute_change_set(...)             # or delete_stack(...)
    status = events.watch(cloudformation, name, since, echo, deadline_s)

`watch` polls describe_stack_events and hands each event newer than `since` to `echo` once,
oldest first: time, seconds since the first of them, status, resource type, logical id, and
the reason when something failed or rolls back. It returns the stack's final status
(DELETE_COMPLETE once a deleted stack is gone), after one last line with the elapsed time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

from deploy.color import for_status, paint

WAIT_S = 3600  # a database tier takes ~20 minutes; beyond an hour something is stuck
# describe_stack_events shares the CloudFormation API's request quota with the CDK CLI and the
# console; every 3 s keeps the stream live without pressing on it.
POLL_S = 3
QUIET_S = 60  # a line saying it is still working after this long without an event
GONE = "DELETE_COMPLETE"  # what a stack that no longer exists has reached


class StillInProgress(RuntimeError):
    """The deadline passed while the stack was still changing; str() says which and how."""


def _missing(error) -> bool:
    return "does not exist" in str(error)


def _described(cloudformation, stack: str) -> dict | None:
    """The stack as describe_stacks has it; None once it does not exist (by name: deleted)."""
    from botocore.exceptions import ClientError

    try:
        found, = cloudformation.describe_stacks(StackName=stack)["Stacks"]
    except ClientError as error:
        if _missing(error):
            return None
        raise
    return found


def _events_after(cloudformation, stack: str, since: datetime | None,
                  seen: set[str]) -> list[dict]:
    """The stack's events newer than `since` and not in `seen`, oldest first. The API lists
    the newest first, a page at a time: reading stops at the first event already known."""
    from botocore.exceptions import ClientError

    found: list[dict] = []
    token = None
    while True:
        try:
            page = cloudformation.describe_stack_events(
                StackName=stack, **({"NextToken": token} if token else {}))
        except ClientError as error:
            if _missing(error):
                break
            raise
        for event in page.get("StackEvents", []):
            if event["EventId"] in seen or (since and event["Timestamp"] <= since):
                return found[::-1]
            found.append(event)
        token = page.get("NextToken")
        if not token:
            return found[::-1]
    return found[::-1]


def latest(cloudformation, stack_name: str) -> datetime | None:
    """The time of the stack's newest event by CloudFormation's clock (None: no stack): the
    `since` to give watch, so that a local clock that runs off neither hides nor repeats
    events."""
    from botocore.exceptions import ClientError

    try:
        page = cloudformation.describe_stack_events(StackName=stack_name)
    except ClientError as error:
        if _missing(error):
            return None
        raise
    return max((e["Timestamp"] for e in page.get("StackEvents", [])), default=None)


def line(stack_name: str, event: dict, origin: datetime, color: bool = False) -> str:
    """One event: `<stack> | 12:03:04 | +35s | UPDATE_IN_PROGRESS | <type> | <logical id>`,
    and `: <reason>` when it failed or rolls back."""
    status = event.get("ResourceStatus", "?")
    stamp = event["Timestamp"]
    elapsed = max(0, int((stamp - origin).total_seconds()))
    text = (f"{stack_name} | {stamp.astimezone(UTC):%H:%M:%S} | +{elapsed}s | "
            f"{paint(status, for_status(status), color)} | {event.get('ResourceType', '?')} | "
            f"{event.get('LogicalResourceId', '?')}")
    reason = " ".join(str(event.get("ResourceStatusReason") or "").split())
    if reason and ("FAILED" in status or "ROLLBACK" in status):
        text += ": " + paint(reason, "red", color)
    return text


def watch(cloudformation, stack_name: str, since: datetime | None,
          echo: Callable[[str], None], deadline_s: float = WAIT_S, *, color: bool = False,
          poll_s: float = POLL_S, sleep: Callable[[float], None] = time.sleep,
          clock: Callable[[], float] = time.monotonic, stack_id: str | None = None) -> str:
    """Echo each new event of `stack_name` until it leaves *_IN_PROGRESS; returns the final
    status (GONE once a deleted stack no longer exists). `since`: a timezone-aware time, events
    at or before it are not shown (None: every event). Raises StillInProgress after
    `deadline_s` with the stack still changing (it goes on changing: nothing is cancelled).
    `stack_id`: the stack's id when the caller read it before a delete (a deleted stack is
    found by id only, and the delete may be over before the first look)."""
    started = clock()
    found = None if stack_id else _described(cloudformation, stack_name)
    stack = stack_id or (found or {}).get("StackId", stack_name)
    seen: set[str] = set()
    origin: datetime | None = None
    spoke = started  # when a line was last printed: a DB change can be silent for minutes
    while True:
        # the status first: the events read after it include the last one
        status = (_described(cloudformation, stack) or {}).get("StackStatus", GONE)
        for event in _events_after(cloudformation, stack, since, seen):
            seen.add(event["EventId"])
            origin = origin or event["Timestamp"]
            echo(line(stack_name, event, origin, color))
            spoke = clock()
        elapsed = clock() - started
        if status.endswith("_IN_PROGRESS") and clock() - spoke >= QUIET_S:
            echo(f"{stack_name}: still {status} after {elapsed:.0f} s (CloudFormation is "
                 "working; no new event)")
            spoke = clock()
        if not status.endswith("_IN_PROGRESS"):
            echo(f"{stack_name}: {paint(status, for_status(status), color)} after "
                 f"{elapsed:.0f} s")
            return status
        if elapsed > deadline_s:
            raise StillInProgress(f"{stack_name} is still {status} after {deadline_s:g} s "
                                  "(CloudFormation goes on; watch it in the console)")
        sleep(poll_s)


def first_failure(cloudformation, stack_name: str, since: datetime | None) -> str | None:
    """The reason of the first resource that failed after `since` (the cause; what follows it
    is mostly "Resource update cancelled")."""
    failed = [e for e in _events_after(cloudformation, stack_name, since, set())
              if e.get("ResourceStatus", "").endswith("FAILED") and e.get("ResourceStatusReason")]
    return " ".join(failed[0]["ResourceStatusReason"].split()) if failed else None
