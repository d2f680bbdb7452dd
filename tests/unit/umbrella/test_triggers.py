"""Which umbrellas an event leads to."""

from __future__ import annotations

from typing import Any

import pytest

from releasegate.policy.models import UmbrellaSettings
from releasegate.umbrella.parse import IssueRef
from releasegate.umbrella.triggers import (
    AllOpen,
    Named,
    Naming,
    Trigger,
    event_of,
    umbrella_trigger,
    umbrellas_for,
)
from support.umbrella import World

TRACKING = [{"name": "Tracking"}]


def trigger(
    event: str | None, payload: dict[str, Any] | None = None, **options: Any
) -> Trigger | str:
    return umbrella_trigger(
        event, payload or {}, repository="Acme/App", label="tracking", **options
    )


def issue_event(action: str, number: int = 12, labels: list[Any] | None = None) -> dict[str, Any]:
    return {"action": action, "issue": {"number": number, "labels": labels or []}}


@pytest.mark.parametrize(
    ("event", "payload", "expected"),
    [
        (None, {}, AllOpen()),
        ("schedule", {}, AllOpen()),
        ("workflow_dispatch", {"inputs": {}}, AllOpen()),
        ("issues", issue_event("edited", 3, TRACKING), Named(3)),
        ("issues", issue_event("opened", 3, TRACKING), Named(3)),
        ("issues", issue_event("labeled", 3, TRACKING), Named(3)),
        ("issues", issue_event("closed"), Naming(IssueRef("acme", "app", 12))),
        (
            "issues",
            issue_event("reopened"),
            Naming(IssueRef("acme", "app", 12), include_closed=True),
        ),
        # An umbrella closed by hand is not synced (that would reopen it); its parents are.
        ("issues", issue_event("closed", 3, TRACKING), Naming(IssueRef("acme", "app", 3))),
        (
            "pull_request",
            {"action": "closed", "pull_request": {"number": 5}},
            Naming(IssueRef("acme", "app", 5)),
        ),
        (
            "pull_request_target",
            {"action": "closed", "pull_request": {"number": 5}},
            Naming(IssueRef("acme", "app", 5)),
        ),
    ],
)
def test_events_lead_to_umbrellas(
    event: str | None, payload: dict[str, Any], expected: Trigger
) -> None:
    assert trigger(event, payload) == expected


@pytest.mark.parametrize(
    ("event", "payload", "note"),
    [
        (
            "push",
            {},
            "umbrella sync acts on issues, pull_request (closed), schedule and "
            "workflow_dispatch events, or --issue N; nothing to do for 'push'",
        ),
        (
            "issues",
            issue_event("edited"),
            "issue #12 has no 'tracking' label, so it is not an umbrella; nothing to do",
        ),
        (
            "issues",
            issue_event("assigned", 3, TRACKING),
            "umbrella sync does not act on issues 'assigned' events; nothing to do",
        ),
        ("issues", {"action": "closed"}, "the issues event payload names no issue; nothing to do"),
        (
            "pull_request",
            {"action": "opened", "pull_request": {"number": 5}},
            "umbrella sync acts on closed pull requests; nothing to do for 'opened'",
        ),
    ],
)
def test_other_events_are_a_one_line_no_op(event: str, payload: dict[str, Any], note: str) -> None:
    assert trigger(event, payload) == note


def test_issue_option_overrides_the_event() -> None:
    assert trigger("push", {}, issue=9) == Named(9)


SETTINGS = UmbrellaSettings()


def test_all_open_umbrellas_are_listed_page_by_page(world: World) -> None:
    for number in range(1, 151):
        world.issue(number, labels=["tracking"])
    world.issue(151, labels=["tracking"], state="closed")
    world.issue(152, labels=["other"])
    world.pull(153).labels.append("tracking")
    numbers = umbrellas_for(world.github(), "acme/app", AllOpen(), SETTINGS, "https://github.com")
    assert numbers == list(range(1, 151))
    assert world.calls == [("GET", "/repos/acme/app/issues")] * 2


def test_only_umbrellas_naming_the_issue_are_synced(world: World) -> None:
    world.issue(1, labels=["tracking"], body="- [ ] #12 and #13\n")
    world.issue(2, labels=["tracking"], body="- [ ] #123\n> - [ ] #12 quoted\n")
    world.issue(3, labels=["tracking"], body="- [ ] https://github.com/acme/app/issues/12\n")
    world.issue(4, labels=["tracking"], body="- [ ] #12\n", state="closed")
    found = umbrellas_for(
        world.github(),
        "acme/app",
        Naming(IssueRef("acme", "app", 12)),
        SETTINGS,
        "https://github.com",
    )
    assert found == [1, 3]


def test_a_reopened_issue_also_finds_closed_umbrellas(world: World) -> None:
    world.issue(4, labels=["tracking"], body="- [x] #12\n", state="closed")
    ref = Naming(IssueRef("acme", "app", 12), include_closed=True)
    assert umbrellas_for(world.github(), "acme/app", ref, SETTINGS, "https://github.com") == [4]


def test_a_named_umbrella_needs_no_listing(world: World) -> None:
    assert umbrellas_for(world.github(), "acme/app", Named(7), SETTINGS, "https://github.com") == [
        7
    ]
    assert world.calls == []


@pytest.mark.parametrize(
    ("name", "payload", "expected"),
    [
        ("schedule", {"issue": {}}, "schedule"),
        (None, {}, None),
        (None, {"action": "closed", "issue": {"number": 1}}, "issues"),
        (None, {"action": "created", "issue": {"number": 1}, "comment": {}}, "issue_comment"),
        (None, {"action": "closed", "pull_request": {"number": 1}}, "pull_request"),
        (None, {"ref": "refs/heads/main"}, None),
    ],
)
def test_a_replayed_payload_tells_its_event(
    name: str | None, payload: dict[str, Any], expected: str | None
) -> None:
    assert event_of(name, payload) == expected
