"""Select the gates that apply (``when``), gather their facts, evaluate, apply mode/on-error,
let the overrides revise the results. The engine decides statuses; gates decide outcomes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from releasegate.facts import ChangedFiles, FactRequest, Facts, Gather, RunContext, Undecided
from releasegate.gates import GATES
from releasegate.gates.base import Gate, Participant
from releasegate.overrides import OverrideLabels
from releasegate.policy.base import When
from releasegate.policy.models import Policy
from releasegate.policy.types import branch_matches, paths_match
from releasegate.results import GateResult, Outcome, Status


def evaluate_policy(policy: Policy, context: RunContext, gather: Gather) -> tuple[GateResult, ...]:
    gates: list[Gate[Any]] = [GATES[config.type](config) for config in policy.gate_configs]
    facts = Facts({})
    if context.pull_request and any(g.config.when and g.config.when.paths for g in gates):
        facts = facts.merged(gather([ChangedFiles()]))
    skipped = {g.config.id: skip_reason(g.config.when, context, facts) for g in gates}
    active = [g for g in gates if skipped[g.config.id] is None]
    overrides = OverrideLabels(policy.overrides, tuple(g.config.id for g in active))
    participants: list[Participant] = [*active, overrides]

    facts = facts.merged(gather([r for p in participants for r in p.requests(context)]))
    followups = [r for p in participants for r in _followups(p, context, facts)]
    if followups:
        facts = facts.merged(gather(followups))

    return tuple(
        _skipped(g, reason)
        if (reason := skipped[g.config.id])
        else overrides.revise(_judge(g, context, facts), context, facts)
        for g in gates
    )


def skip_reason(when: When | None, context: RunContext, facts: Facts) -> str | None:
    """Why a gate's ``when`` does not hold, or None when it applies. All given keys must hold."""
    if when is None:
        return None
    if when.events is not None and context.event not in when.events:
        return f"event '{context.event}' is not one of {', '.join(when.events)}"
    if when.branches is not None:
        branch = context.branch
        if branch is None or not branch_matches(when.branches, branch):
            return f"branch '{branch or '(none)'}' does not match {', '.join(when.branches)}"
    if when.labels is not None and not set(when.labels) & set(context.labels):
        return f"none of the labels {', '.join(when.labels)} is on the PR"
    if when.paths is not None and context.pull_request is not None:
        return _paths_reason(when.paths, facts)
    return None


def _paths_reason(patterns: Sequence[str], facts: Facts) -> str | None:
    try:
        files = facts.get(ChangedFiles())
    except Undecided:
        return None  # cannot tell which files changed: the gate applies (fail closed)
    changed = (path for changed_file in files for path in changed_file.paths)
    if any(paths_match(tuple(patterns), path) for path in changed):
        return None
    return f"no changed file matches {', '.join(patterns)}"


def _followups(
    participant: Participant, context: RunContext, facts: Facts
) -> Iterable[FactRequest[Any]]:
    """Follow-up requests built from facts that are missing: none; evaluation says why."""
    try:
        return list(participant.followup_requests(context, facts))
    except Undecided:
        return []


def _skipped(gate: Gate[Any], reason: str) -> GateResult:
    return _result(gate, Status.SKIP, Outcome(passed=True, summary=f"skipped: {reason}"))


def _judge(gate: Gate[Any], context: RunContext, facts: Facts) -> GateResult:
    config = gate.config
    try:
        outcome = gate.evaluate(context, facts)
    except Undecided as undecided:
        outcome = Outcome(passed=False, summary=f"could not evaluate: {undecided}")
        return _result(gate, Status.WARN if config.on_error == "warn" else Status.ERROR, outcome)
    if outcome.passed:
        return _result(gate, Status.PASS, outcome)
    return _result(gate, Status.WARN if config.mode == "warn" else Status.FAIL, outcome)


def _result(gate: Gate[Any], status: Status, outcome: Outcome) -> GateResult:
    config = gate.config
    return GateResult(
        id=config.id,
        type=config.type,
        mode=config.mode,
        status=status,
        summary=outcome.summary,
        details=outcome.details,
        annotations=outcome.annotations if status in (Status.FAIL, Status.WARN) else (),
        description=config.description,
        latency_ms=outcome.latency_ms,
    )
