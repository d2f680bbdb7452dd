"""Overrides: an authorized label ``<prefix><gate id>`` turns that gate's failure into overridden.

Authorized means the person who applied the label (the latest ``labeled`` event for it) has
the policy's override permission or higher. Pure: decides from gathered facts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from releasegate.facts import CollaboratorPermission, FactRequest, Facts, LabelEvents, RunContext
from releasegate.policy.models import Overrides


@dataclass(frozen=True)
class OverrideDecision:
    granted: bool
    explanation: str


def override_label(overrides: Overrides, gate_id: str) -> str:
    return f"{overrides.label_prefix}{gate_id}"


def override_requests(
    overrides: Overrides | None, context: RunContext, gate_ids: Iterable[str]
) -> list[FactRequest[Any]]:
    if overrides is None or not _labelled_ids(overrides, context, gate_ids):
        return []
    return [LabelEvents()]


def override_followups(
    overrides: Overrides | None, context: RunContext, gate_ids: Iterable[str], facts: Facts
) -> list[FactRequest[Any]]:
    if overrides is None:
        return []
    requests: list[FactRequest[Any]] = []
    for gate_id in _labelled_ids(overrides, context, gate_ids):
        actor = _applier(override_label(overrides, gate_id), facts)
        if actor:
            requests.append(CollaboratorPermission(actor[0]))
    return requests


def decide_override(
    overrides: Overrides | None, context: RunContext, gate_id: str, facts: Facts
) -> OverrideDecision | None:
    """None when no override label is on the PR; raises ``Undecided`` when facts are missing."""
    if overrides is None:
        return None
    label = override_label(overrides, gate_id)
    if label not in context.labels:
        return None
    applier = _applier(label, facts)
    if applier is None:
        return OverrideDecision(
            False, f"the label '{label}' is on the PR but who added it is unknown"
        )
    login, when = applier
    role = facts.get(CollaboratorPermission(login))
    needed = overrides.permission
    if role >= needed:
        return OverrideDecision(True, f"overridden by {login} (label '{label}', {when})")
    return OverrideDecision(
        False,
        f"the label '{label}' was added by {login}, who has {role.name.lower()} permission; "
        f"an override needs {needed.name.lower()} or higher",
    )


def _labelled_ids(overrides: Overrides, context: RunContext, gate_ids: Iterable[str]) -> list[str]:
    return [gid for gid in gate_ids if override_label(overrides, gid) in context.labels]


def _applier(label: str, facts: Facts) -> tuple[str, str] | None:
    """Who added ``label`` most recently, and when."""
    added = [e for e in facts.get(LabelEvents()) if e.label == label and e.action == "labeled"]
    if not added or not added[-1].actor:
        return None
    event = added[-1]
    when = event.created_at.strftime("%Y-%m-%d %H:%M UTC") if event.created_at else "time unknown"
    return event.actor or "", when
