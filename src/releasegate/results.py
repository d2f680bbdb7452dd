"""What gates produce and what renderers consume: plain, frozen data."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from releasegate.errors import EXIT_BLOCKED, EXIT_PASSED, EXIT_UNDECIDED

AnnotationLevel = Literal["notice", "warning", "failure"]


class Status(StrEnum):
    PASS = "pass"  # noqa: S105 - a status, not a password
    FAIL = "fail"
    WARN = "warn"
    SKIP = "skip"
    ERROR = "error"
    OVERRIDDEN = "overridden"


@dataclass(frozen=True)
class Annotation:
    path: str
    line: int
    message: str
    level: AnnotationLevel = "failure"
    title: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What a gate decided from the facts: passed or not, and why, in the user's words."""

    passed: bool
    summary: str
    details: tuple[str, ...] = ()
    annotations: tuple[Annotation, ...] = ()
    latency_ms: float | None = None
    "How long the live call(s) behind the outcome took (http-probe, http-flow), for watch."


@dataclass(frozen=True)
class GateResult:
    """A gate's outcome after the engine applied mode, on-error, `when` and overrides."""

    id: str
    type: str
    mode: str
    status: Status
    summary: str
    details: tuple[str, ...] = ()
    annotations: tuple[Annotation, ...] = ()
    description: str | None = None
    latency_ms: float | None = None


@dataclass(frozen=True)
class Report:
    policy: str
    name: str
    repository: str | None
    sha: str | None
    pull_request: int | None
    event: str
    gates: tuple[GateResult, ...]
    notices: tuple[str, ...] = field(default=())

    @property
    def verdict(self) -> Status:
        statuses = {gate.status for gate in self.gates}
        if Status.FAIL in statuses:
            return Status.FAIL
        if Status.ERROR in statuses:
            return Status.ERROR
        return Status.PASS

    @property
    def failed_gates(self) -> tuple[str, ...]:
        return tuple(g.id for g in self.gates if g.status in (Status.FAIL, Status.ERROR))


def exit_code(verdict: Status) -> int:
    """SPEC §1: 0 passed (warnings included), 1 blocked, 3 could not evaluate."""
    return {Status.PASS: EXIT_PASSED, Status.FAIL: EXIT_BLOCKED}.get(verdict, EXIT_UNDECIDED)
