"""The greptile gate's findings (in a review thread, or outside the diff in the summary), the
replies and comments that accept their risk, the tally the gate reports, and its checks on
the summary (the reviewed commit, the confidence score)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Protocol

from releasegate.facts.reviews import ReviewThread
from releasegate.gates.greptile_comments import OutsideDiffComment, Severity, Summary
from releasegate.permissions import Permission
from releasegate.results import Annotation

SEVERITIES: tuple[Severity, ...] = ("P0", "P1", "P2", "P3")


class Finding(Protocol):
    @property
    def severity(self) -> Severity: ...

    @property
    def link(self) -> str: ...

    def describe(self) -> str: ...

    def annotation(self) -> Annotation: ...


@dataclass(frozen=True)
class ThreadFinding:
    """A review thread opened by Greptile."""

    severity: Severity
    title: str
    thread: ReviewThread

    @property
    def link(self) -> str:
        return self.thread.comments[0].url

    def describe(self) -> str:
        path, line = self.thread.path or "(no file)", self.thread.line
        outdated = " (outdated)" if self.thread.is_outdated else ""
        where = f"{path}:{line}" if line else path
        return f"{where} {self.severity} {self.title}{outdated}"

    def annotation(self) -> Annotation:
        title = f"Greptile {self.severity}"
        return Annotation(self.thread.path or "", self.thread.line or 1, self.title, title=title)


@dataclass(frozen=True)
class OutsideDiffFinding:
    """A comment Greptile could not place on the diff, listed in its latest summary."""

    severity: Severity
    comment: OutsideDiffComment
    link: str
    "The summary that lists it: Greptile's comment, or the PR when it is in the description."

    def describe(self) -> str:
        return f"{self.comment.where} {self.severity} {self.comment.title} (outside the diff)"

    def annotation(self) -> Annotation:
        line = self.comment.lines[0] if self.comment.lines else 1
        title = f"Greptile {self.severity} (outside the diff)"
        return Annotation(self.comment.path, line, self.comment.title, title=title)


@dataclass(frozen=True)
class Acceptance:
    """A reply or PR comment that accepts a finding's risk, and whether it may.

    ``permission`` is None for a comment posted before the summary that lists the finding:
    it could not have accepted what was not there yet, so no one is asked about it.
    """

    login: str
    permission: Permission | None
    needed: Permission
    kind: str = "reply"

    @property
    def authorized(self) -> bool:
        return self.permission is not None and self.permission >= self.needed

    def describe(self) -> str:
        if self.permission is None:
            return (
                f"{self.kind} by {self.login} accepts the risk but was posted before "
                "Greptile's latest summary"
            )
        if self.authorized:
            return f"accepted by {self.login} ({_name(self.permission)})"
        has = f"has {_name(self.permission)} permission"
        if self.permission is Permission.NONE:
            has = "is not a collaborator"
        needs = _name(self.needed)
        return f"{self.kind} by {self.login} accepts the risk but {self.login} {has}; needs {needs}"


@dataclass
class Tally:
    """Unaddressed findings (with why a reply did not accept them) and accepted ones."""

    blocking: list[str] = field(default_factory=list)
    accepted: list[str] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)
    counts: Counter[Severity] = field(default_factory=Counter)

    def add(self, finding: Finding, acceptances: list[Acceptance]) -> None:
        granted = next((a for a in acceptances if a.authorized), None)
        if granted:
            self.accepted.append(f"{finding.describe()} — {granted.describe()} — {finding.link}")
            return
        self.counts[finding.severity] += 1
        self.blocking.append(f"{finding.describe()} — {finding.link}")
        self.blocking += [f"  {acceptance.describe()}" for acceptance in acceptances]
        self.annotations.append(finding.annotation())

    def problem(self) -> list[str]:
        """The count per severity, most severe first; nothing when every finding is addressed."""
        text = ", ".join(
            f"{n} unaddressed {severity} finding{'s' if n != 1 else ''}"
            for severity in SEVERITIES
            if (n := self.counts[severity])
        )
        return [text] if text else []


def _name(permission: Permission) -> str:
    return permission.name.lower()


def summary_checks(
    summary: Summary | None, head: str, *, reviewed_head: bool, min_confidence: int | None
) -> list[tuple[bool, str]]:
    """(held, what was found) for each requirement on the summary; none when none is set."""
    needs = {
        "the reviewed commit": reviewed_head,
        "the confidence score": min_confidence is not None,
    }
    if not any(needs.values()):
        return []
    if summary is None:
        unchecked = " and ".join(name for name, needed in needs.items() if needed)
        return [(False, f"no Greptile summary on this PR, so {unchecked} cannot be checked")]
    checks = [_reviewed_head(summary, head)] if reviewed_head else []
    if min_confidence is not None:
        checks.append(_confidence(summary, min_confidence))
    return checks


def _reviewed_head(summary: Summary, head: str) -> tuple[bool, str]:
    reviewed = summary.reviewed_commit
    if reviewed is None:
        return False, f"Greptile's summary names no 'Last reviewed commit' ({summary.url})"
    if head.lower().startswith(reviewed):
        return True, f"Greptile reviewed the head {head[:7]}"
    return False, f"Greptile last reviewed {reviewed[:7]}, not the head {head[:7]}"


def _confidence(summary: Summary, minimum: int) -> tuple[bool, str]:
    score = summary.confidence
    if score is None:
        return False, f"Greptile's summary gives no 'Confidence Score' ({summary.url})"
    if score >= minimum:
        return True, f"Greptile's confidence score is {score}/5"
    return False, f"Greptile's confidence score is {score}/5, below the required {minimum}/5"
