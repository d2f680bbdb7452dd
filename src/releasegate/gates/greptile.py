"""greptile: no unaddressed Greptile P0/P1 findings on the pull request."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import Field

from releasegate.facts import CollaboratorPermission, FactRequest, Facts, RunContext, Undecided
from releasegate.facts.reviews import (
    PullRequestReviews,
    Reviews,
    ReviewThread,
    Severity,
    Summary,
    ThreadComment,
    latest_summary,
    severity_of,
    title_of,
)
from releasegate.gates.base import Gate
from releasegate.permissions import Permission
from releasegate.policy.base import GateConfig, StrictModel
from releasegate.policy.types import PermissionLevel, Regex
from releasegate.results import Annotation, Outcome

SEVERITIES: tuple[Severity, ...] = ("P0", "P1", "P2", "P3")


class AcceptRisk(StrictModel):
    pattern: Regex = r"(?i)\baccept(ed|ing)? (the )?risk\b"
    "A later reply in the thread matching this regular expression accepts the risk..."
    permission: PermissionLevel = Field(default="write", validate_default=True)
    "...when its author has this permission or higher."


class GreptileConfig(GateConfig):
    block_on: tuple[Severity, ...] = ("P0", "P1")
    "Severities that block while unaddressed."
    reviewers: tuple[str, ...] = ("greptile-apps[bot]", "greptile[bot]")
    "Logins whose review threads are findings (matched with and without the [bot] suffix)."
    accept_risk: AcceptRisk | None = AcceptRisk()
    "An explicit, authorized reply accepts a finding's risk; null: only resolving addresses it."
    ignore_outdated: bool = False
    "Drop threads on lines the PR has since changed; by default they still count."
    unrated_as: Severity = "P2"
    "Severity of a finding without a badge (the older '**logic:**' style)."
    require_reviewed_head: bool = False
    "The summary's 'Last reviewed commit' must be the PR head (full sha or 7+ char prefix)."
    min_confidence: int | None = Field(default=None, ge=0, le=5)
    "Greptile's 'Confidence Score: N/5' in its latest summary must be at least this."


@dataclass(frozen=True)
class Finding:
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
class Acceptance:
    """A reply that accepts a finding's risk, and whether its author may."""

    login: str
    permission: Permission
    needed: Permission

    @property
    def authorized(self) -> bool:
        return self.permission >= self.needed

    def describe(self) -> str:
        if self.authorized:
            return f"accepted by {self.login} ({_name(self.permission)})"
        has = f"has {_name(self.permission)} permission"
        if self.permission is Permission.NONE:
            has = "is not a collaborator"
        needs = _name(self.needed)
        return f"reply by {self.login} accepts the risk but {self.login} {has}; needs {needs}"


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


class Greptile(Gate[GreptileConfig]):
    type = "greptile"
    summary = "no unresolved Greptile P0/P1 findings"
    config_model = GreptileConfig
    example = """\
- id: greptile-p1
  type: greptile
  block-on: [P0, P1]
  accept-risk: {permission: write}
"""

    def requests(self, context: RunContext) -> Iterable[FactRequest[Any]]:
        if context.pull_request is None:
            return ()
        return (PullRequestReviews(summaries=self._needs_summary),)

    def followup_requests(self, context: RunContext, facts: Facts) -> Iterable[FactRequest[Any]]:
        if context.pull_request is None:
            return ()
        logins = (c.author for f in self._open_findings(facts) for c in self._risk_replies(f))
        return [CollaboratorPermission(login) for login in dict.fromkeys(logins) if login]

    def evaluate(self, context: RunContext, facts: Facts) -> Outcome:
        pull = context.pull_request
        if pull is None:
            raise Undecided("greptile judges pull requests; this run has none")
        tally = Tally()
        for finding in self._open_findings(facts):
            tally.add(finding, [self._acceptance(r, facts) for r in self._risk_replies(finding)])
        reviews = facts.get(PullRequestReviews(summaries=self._needs_summary))
        checks = self._summary_checks(reviews, pull.head_sha)
        problems = tally.problem() + [text for held, text in checks if not held]
        if problems:
            details = tuple(tally.blocking + tally.accepted)
            return Outcome(False, "; ".join(problems), details, tuple(tally.annotations))
        notes = [self._no_findings(len(tally.accepted)), *(text for _, text in checks)]
        return Outcome(True, "; ".join(notes), tuple(tally.accepted))

    # --- findings ----------------------------------------------------------------------------

    @property
    def _needs_summary(self) -> bool:
        return self.config.require_reviewed_head or self.config.min_confidence is not None

    def _open_findings(self, facts: Facts) -> list[Finding]:
        """Findings with a blocking severity whose thread is not resolved (nor dropped)."""
        reviews = facts.get(PullRequestReviews(summaries=self._needs_summary))
        findings = (self._finding(thread) for thread in reviews.threads)
        return [
            finding
            for finding in findings
            if finding is not None
            and finding.severity in self.config.block_on
            and not finding.thread.is_resolved
            and not (self.config.ignore_outdated and finding.thread.is_outdated)
        ]

    def _finding(self, thread: ReviewThread) -> Finding | None:
        if not thread.comments or not self._is_reviewer(thread.comments[0].author):
            return None
        body = thread.comments[0].body
        return Finding(severity_of(body) or self.config.unrated_as, title_of(body), thread)

    def _is_reviewer(self, login: str | None) -> bool:
        return login is not None and _bare(login) in {_bare(r) for r in self.config.reviewers}

    def _risk_replies(self, finding: Finding) -> list[ThreadComment]:
        """Later replies that say they accept the risk (a reviewer's own replies do not)."""
        rule = self.config.accept_risk
        if rule is None:
            return []
        return [
            reply
            for reply in finding.thread.comments[1:]
            if reply.author
            and not self._is_reviewer(reply.author)
            and re.search(rule.pattern, reply.body)
        ]

    def _acceptance(self, reply: ThreadComment, facts: Facts) -> Acceptance:
        assert reply.author is not None  # _risk_replies keeps replies with an author
        assert self.config.accept_risk is not None  # and only when accepting is configured
        permission = facts.get(CollaboratorPermission(reply.author))
        return Acceptance(reply.author, permission, self.config.accept_risk.permission)

    # --- the summary comment -----------------------------------------------------------------

    def _summary_checks(self, reviews: Reviews, head: str) -> list[tuple[bool, str]]:
        """(held, what was found) for each requirement on the summary comment."""
        if not self._needs_summary:
            return []
        summary = latest_summary(reviews.conversation, self._is_reviewer)
        needs = {
            "the reviewed commit": self.config.require_reviewed_head,
            "the confidence score": self.config.min_confidence is not None,
        }
        if summary is None:
            unchecked = " and ".join(name for name, needed in needs.items() if needed)
            return [(False, f"no Greptile summary on this PR, so {unchecked} cannot be checked")]
        checks = []
        if self.config.require_reviewed_head:
            checks.append(_reviewed_head(summary, head))
        if self.config.min_confidence is not None:
            checks.append(_confidence(summary, self.config.min_confidence))
        return checks

    def _no_findings(self, accepted: int) -> str:
        blocking = [s for s in SEVERITIES if s in self.config.block_on]
        if not blocking:
            return "no severity blocks (block-on is empty)"
        names = " or ".join([", ".join(blocking[:-1]), blocking[-1]] if blocking[:-1] else blocking)
        text = f"no unaddressed {names} findings"
        return f"{text} ({accepted} accepted)" if accepted else text


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


def _name(permission: Permission) -> str:
    return permission.name.lower()


def _bare(login: str) -> str:
    return login.lower().removesuffix("[bot]")
