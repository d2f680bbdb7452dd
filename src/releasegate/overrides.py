"""Overrides: an authorized label ``<prefix><gate id>`` turns that gate's failure into overridden.

Authorized means the person who applied the label (the latest ``labeled`` event for it) has
the policy's override permission or higher. The override takes part in evaluation as a gate
does: it names the facts it needs in two rounds (the label events, then the appliers'
permissions), and then revises each gate's result. Pure: it decides from gathered facts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from releasegate.facts import (
    CollaboratorPermission,
    FactRequest,
    Facts,
    LabelEvents,
    RunContext,
    Undecided,
)
from releasegate.policy.models import Overrides
from releasegate.results import GateResult, Status


@dataclass(frozen=True)
class OverrideDecision:
    granted: bool
    explanation: str


def override_label(overrides: Overrides, gate_id: str) -> str:
    return f"{overrides.label_prefix}{gate_id}"


@dataclass(frozen=True)
class OverrideLabels:
    """The policy's ``overrides`` for the gates that apply on this run."""

    settings: Overrides | None
    gate_ids: tuple[str, ...]

    def requests(self, context: RunContext) -> Iterable[FactRequest[Any]]:
        return [LabelEvents()] if self._labelled(context) else []

    def followup_requests(self, context: RunContext, facts: Facts) -> Iterable[FactRequest[Any]]:
        if self.settings is None:
            return []
        appliers = (
            _applier(override_label(self.settings, g), facts) for g in self._labelled(context)
        )
        return [CollaboratorPermission(applier[0]) for applier in appliers if applier]

    def revise(self, result: GateResult, context: RunContext, facts: Facts) -> GateResult:
        """The gate's result after its override label, if any, was judged."""
        if result.status not in (Status.FAIL, Status.ERROR):
            return result
        try:
            decision = self.decide(context, result.id, facts)
        except Undecided as undecided:
            # The override may well hold: the gate's verdict is undecided (exit 3, re-run), not
            # a definite block that tells the author to change the pull request.
            note = f"an override label is present but could not be checked: {undecided}"
            return _with(result, status=Status.ERROR, extra=note, annotations=())
        if decision is None:
            return result
        if decision.granted:
            return _with(
                result,
                status=Status.OVERRIDDEN,
                summary=decision.explanation,
                extra=f"was: {result.summary}",
                annotations=(),
            )
        return _with(result, extra=decision.explanation)

    def decide(self, context: RunContext, gate_id: str, facts: Facts) -> OverrideDecision | None:
        """None when no override label is on the PR; raises ``Undecided`` when facts are missing."""
        if self.settings is None:
            return None
        label = override_label(self.settings, gate_id)
        if label not in context.labels:
            return None
        applier = _applier(label, facts)
        if applier is None:
            return OverrideDecision(
                False, f"the label '{label}' is on the PR but who added it is unknown"
            )
        login, when = applier
        role = facts.get(CollaboratorPermission(login))
        needed = self.settings.permission
        if role >= needed:
            return OverrideDecision(True, f"overridden by {login} (label '{label}', {when})")
        return OverrideDecision(
            False,
            f"the label '{label}' was added by {login}, who has {role.name.lower()} permission; "
            f"an override needs {needed.name.lower()} or higher",
        )

    def _labelled(self, context: RunContext) -> list[str]:
        if self.settings is None:
            return []
        settings = self.settings
        return [g for g in self.gate_ids if override_label(settings, g) in context.labels]


def _with(
    result: GateResult,
    *,
    extra: str,
    status: Status | None = None,
    summary: str | None = None,
    annotations: tuple[Any, ...] | None = None,
) -> GateResult:
    return dataclasses.replace(
        result,
        status=status or result.status,
        summary=summary or result.summary,
        details=(*result.details, extra),
        annotations=result.annotations if annotations is None else annotations,
    )


def _applier(label: str, facts: Facts) -> tuple[str, str] | None:
    """Who added ``label`` most recently, and when."""
    added = [e for e in facts.get(LabelEvents()) if e.label == label and e.action == "labeled"]
    if not added or not added[-1].actor:
        return None
    event = added[-1]
    when = event.created_at.strftime("%Y-%m-%d %H:%M UTC") if event.created_at else "time unknown"
    return event.actor or "", when
