"""Which umbrellas a run syncs: the one ``--issue`` names, or the ones its event leads to.

- ``schedule``, ``workflow_dispatch`` (and no event, from a laptop): every open umbrella;
- ``issues`` opened, edited or labeled on an umbrella: that umbrella;
- ``issues`` closed or reopened: the umbrellas whose checklist names that issue (closed
  umbrellas too when it was reopened, so that an umbrella closed as done can be reopened).
  An umbrella's own close or reopen does not sync it (a person decided that), but the
  umbrellas that name it are synced: umbrellas can nest;
- ``pull_request``/``pull_request_target`` closed: the umbrellas whose checklist names it.

Anything else is a one-line no-op.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from releasegate.github.client import GitHub
from releasegate.policy.models import UmbrellaSettings
from releasegate.umbrella.github import list_labelled
from releasegate.umbrella.parse import IssueRef, parse_umbrella

ALL_OPEN_EVENTS = frozenset({"schedule", "workflow_dispatch"})
PULL_EVENTS = frozenset({"pull_request", "pull_request_target"})
OWN_ACTIONS = frozenset({"opened", "edited", "labeled"})


@dataclass(frozen=True)
class Named:
    """One umbrella, by number."""

    number: int


@dataclass(frozen=True)
class AllOpen:
    """Every open issue with the umbrella label."""


@dataclass(frozen=True)
class Naming:
    """The umbrellas whose checklist names ``ref``."""

    ref: IssueRef
    include_closed: bool = False


Trigger = Named | AllOpen | Naming


def umbrella_trigger(
    event: str | None,
    payload: Mapping[str, Any],
    *,
    repository: str,
    label: str,
    issue: int | None = None,
) -> Trigger | str:
    """What the run syncs, or a one-line note why it syncs nothing."""
    if issue is not None:
        return Named(issue)
    if event is None or event in ALL_OPEN_EVENTS:
        return AllOpen()
    action = payload.get("action")
    action = action if isinstance(action, str) else None  # a payload is input, not a promise
    if event == "issues":
        return _issue_event(payload, action, repository, label)
    if event in PULL_EVENTS:
        number = _number(payload.get("pull_request"))
        if action == "closed" and number is not None:
            return Naming(_ref(repository, number))
        return f"umbrella sync acts on closed pull requests; nothing to do for '{action}'"
    return (
        "umbrella sync acts on issues, pull_request (closed), schedule and workflow_dispatch "
        f"events, or --issue N; nothing to do for '{event}'"
    )


def event_of(name: str | None, payload: Mapping[str, Any]) -> str | None:
    """The event's name; from a laptop (``--event PATH`` without GITHUB_EVENT_NAME) it is
    told by the payload's shape, so that replaying a payload does what the event would."""
    if name is not None or not payload:
        return name
    if "comment" in payload:
        return "issue_comment"
    if "issue" in payload:
        return "issues"
    return "pull_request" if "pull_request" in payload else None


def _issue_event(
    payload: Mapping[str, Any], action: Any, repository: str, label: str
) -> Trigger | str:
    issue = payload.get("issue")
    number = _number(issue)
    if number is None:
        return "the issues event payload names no issue; nothing to do"
    if action in OWN_ACTIONS:
        if _has_label(issue, label):
            return Named(number)
        return f"issue #{number} has no '{label}' label, so it is not an umbrella; nothing to do"
    if action in ("closed", "reopened"):
        return Naming(_ref(repository, number), include_closed=action == "reopened")
    return f"umbrella sync does not act on issues '{action}' events; nothing to do"


def umbrellas_for(
    github: GitHub,
    repository: str,
    trigger: Trigger,
    settings: UmbrellaSettings,
    server_url: str,
) -> list[int]:
    """The numbers of the umbrellas to sync, oldest first."""
    if isinstance(trigger, Named):
        return [trigger.number]
    state = "all" if isinstance(trigger, Naming) and trigger.include_closed else "open"
    listed = list_labelled(github, repository, settings.label, state=state)
    if isinstance(trigger, Naming):
        listed = [
            item
            for item in listed
            if trigger.ref in names(item.body, repository, settings.section_pattern, server_url)
        ]
    return sorted(item.number for item in listed)


def names(body: str, repository: str, section_pattern: str, server_url: str) -> set[IssueRef]:
    """Every reference the checklist of ``body`` names."""
    umbrella = parse_umbrella(
        body, repository=repository, section_pattern=section_pattern, server_url=server_url
    )
    return {ref for item in umbrella.items for ref in item.references}


def _ref(repository: str, number: int) -> IssueRef:
    owner, repo = repository.lower().split("/", 1)
    return IssueRef(owner, repo, number)


def _number(node: Any) -> int | None:
    value = node.get("number") if isinstance(node, Mapping) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _has_label(issue: Any, label: str) -> bool:
    labels = issue.get("labels") if isinstance(issue, Mapping) else None
    return any(
        isinstance(each, Mapping) and str(each.get("name", "")).casefold() == label.casefold()
        for each in labels or ()
    )
