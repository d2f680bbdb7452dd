"""greptile: no unaddressed Greptile P0/P1 findings on the pull request.

A finding is a review thread Greptile opened, or a comment it could not place on the diff and
listed under "Comments Outside Diff" in its latest summary. How Greptile writes them is read in
``greptile_comments.py``; the findings and their tally are in ``greptile_findings.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from pydantic import Field

from releasegate.facts import CollaboratorPermission, FactRequest, Facts, RunContext, Undecided
from releasegate.facts.reviews import (
    Author,
    ConversationComment,
    PullRequestReviews,
    Reviews,
    ReviewThread,
)
from releasegate.gates.base import Gate
from releasegate.gates.greptile_comments import (
    Severity,
    Summary,
    description_section,
    is_summary,
    read_summary,
    same_title,
    severity_of,
    title_of,
)
from releasegate.gates.greptile_findings import (
    SEVERITIES,
    Acceptance,
    OutsideDiffFinding,
    Tally,
    ThreadFinding,
    summary_checks,
)
from releasegate.policy.base import GateConfig, StrictModel
from releasegate.policy.types import PermissionLevel, Regex
from releasegate.results import Outcome

REVIEWS = PullRequestReviews(summaries=True)  # threads, and where the summary may be
_OLDEST = datetime.min.replace(tzinfo=UTC)


class AcceptRisk(StrictModel):
    pattern: Regex = r"(?i)\baccept(ed|ing)? (the )?risk\b"
    "A later reply in the thread (outside the diff: a PR comment after the summary) matching..."
    permission: PermissionLevel = Field(default="write", validate_default=True)
    "...this regular expression accepts the risk when its author has this permission or higher."


class GreptileConfig(GateConfig):
    block_on: tuple[Severity, ...] = ("P0", "P1")
    "Severities that block while unaddressed."
    reviewers: tuple[str, ...] = ("greptile-apps[bot]", "greptile[bot]")
    "Greptile's logins, matched with and without [bot]; a name given with [bot] is only a bot."
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
class Reading:
    """What the gate reads from the PR's reviews, before any permission is known."""

    summary: Summary | None
    threads: list[tuple[ThreadFinding, list[str]]]
    "Open blocking thread findings, each with the logins of replies that accept its risk."
    outside_diff: list[OutsideDiffFinding]
    "Open blocking findings outside the diff, from the latest summary."
    accepting: list[str]
    "Logins of PR comments posted after that summary that accept the risk."
    too_early: list[str]
    "Logins of PR comments that accept the risk but came before that summary."


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

    def __init__(self, config: GreptileConfig) -> None:
        super().__init__(config)
        self._reading: tuple[Reviews, Reading] | None = None  # both rounds read the same facts

    def requests(self, context: RunContext) -> Iterable[FactRequest[Any]]:
        return (REVIEWS,) if context.pull_request is not None else ()

    def followup_requests(self, context: RunContext, facts: Facts) -> Iterable[FactRequest[Any]]:
        if context.pull_request is None:
            return ()
        reading = self._read(facts.get(REVIEWS))
        logins = [login for _, replies in reading.threads for login in replies]
        if reading.outside_diff:
            logins += reading.accepting
        return [CollaboratorPermission(login) for login in dict.fromkeys(logins)]

    def evaluate(self, context: RunContext, facts: Facts) -> Outcome:
        pull = context.pull_request
        if pull is None:
            raise Undecided("greptile judges pull requests; this run has none")
        reading = self._read(facts.get(REVIEWS))
        tally = Tally()
        for finding, replies in reading.threads:
            tally.add(finding, [self._acceptance(login, facts) for login in replies])
        comments = [self._acceptance(login, facts, "comment") for login in reading.accepting]
        comments += [self._too_early(login) for login in reading.too_early]
        for outside in reading.outside_diff:
            tally.add(outside, comments)
        checks = summary_checks(
            reading.summary,
            pull.head_sha,
            reviewed_head=self.config.require_reviewed_head,
            min_confidence=self.config.min_confidence,
        )
        problems = tally.problem() + [text for held, text in checks if not held]
        if problems:
            details = tuple(tally.blocking + tally.accepted)
            return Outcome(False, "; ".join(problems), details, tuple(tally.annotations))
        notes = [self._no_findings(len(tally.accepted)), *(text for _, text in checks)]
        return Outcome(True, "; ".join(notes), tuple(tally.accepted))

    # --- reading ------------------------------------------------------------------------------

    def _read(self, reviews: Reviews) -> Reading:
        if self._reading is None or self._reading[0] is not reviews:
            self._reading = reviews, self._reading_of(reviews)
        return self._reading[1]

    def _reading_of(self, reviews: Reviews) -> Reading:
        summary = self._latest_summary(reviews)
        in_threads = self._thread_findings(reviews)
        threads = [(f, self._risk_replies(f.thread)) for f in self._open(in_threads)]
        accepting, too_early = self._risk_comments(reviews, summary)
        outside = self._outside_diff(in_threads, summary)
        return Reading(summary, threads, outside, accepting, too_early)

    def _open(self, findings: list[ThreadFinding]) -> list[ThreadFinding]:
        """Thread findings with a blocking severity, not resolved (nor dropped as outdated)."""
        return [
            finding
            for finding in findings
            if finding.severity in self.config.block_on
            and not finding.thread.is_resolved
            and not (self.config.ignore_outdated and finding.thread.is_outdated)
        ]

    def _thread_findings(self, reviews: Reviews) -> list[ThreadFinding]:
        found = []
        for thread in reviews.threads:
            if thread.comments and self._is_reviewer(thread.comments[0].author):
                body = thread.comments[0].body
                severity = severity_of(body) or self.config.unrated_as
                found.append(ThreadFinding(severity, title_of(body), thread))
        return found

    def _outside_diff(
        self, in_threads: list[ThreadFinding], summary: Summary | None
    ) -> list[OutsideDiffFinding]:
        """The latest summary's findings outside the diff, each once; one that is also a
        thread (same file, same title) is counted from the thread."""
        if summary is None:
            return []
        threads = {(f.thread.path, same_title(f.title)) for f in in_threads}
        found: dict[object, OutsideDiffFinding] = {}
        for comment in summary.outside_diff:
            severity = comment.severity or self.config.unrated_as
            in_a_thread = (comment.path, same_title(comment.title)) in threads
            if severity in self.config.block_on and not in_a_thread:
                finding = OutsideDiffFinding(severity, comment, summary.url)
                found.setdefault(comment.identity, finding)
        return list(found.values())

    def _risk_replies(self, thread: ReviewThread) -> list[str]:
        """Logins of later replies that say they accept the risk (never the reviewer's own)."""
        return [
            reply.author.login
            for reply in thread.comments[1:]
            if reply.author and not self._is_reviewer(reply.author) and self._accepts(reply.body)
        ]

    def _risk_comments(
        self, reviews: Reviews, summary: Summary | None
    ) -> tuple[list[str], list[str]]:
        """Logins of PR comments that accept the risk: (after the summary, before it)."""
        if summary is None:
            return [], []
        after: list[str] = []
        before: list[str] = []
        for comment in reviews.conversation:
            author = comment.author
            if author and not self._is_reviewer(author) and self._accepts(comment.body):
                (after if _posted_after(comment, summary) else before).append(author.login)
        return list(dict.fromkeys(after)), [x for x in dict.fromkeys(before) if x not in after]

    def _accepts(self, text: str) -> bool:
        rule = self.config.accept_risk
        return rule is not None and re.search(rule.pattern, text) is not None

    def _latest_summary(self, reviews: Reviews) -> Summary | None:
        """Greptile's most recently written summary: a comment or review body (edited in place
        on each review), or the section it wrote into the PR description."""
        candidates = [
            comment
            for comment in reviews.conversation
            if self._is_reviewer(comment.author) and is_summary(comment.body)
        ]
        if described := self._described(reviews.description):
            candidates.insert(0, described)
        if not candidates:
            return None
        latest = max(enumerate(candidates), key=lambda p: (p[1].written_at or _OLDEST, p[0]))[1]
        if not self._is_reviewer(latest.written_by):
            raise Undecided(_not_greptiles(latest))
        return read_summary(latest)

    def _described(self, description: ConversationComment | None) -> ConversationComment | None:
        """The description's Greptile section, unless it was there from the start, written by
        the PR's author: Greptile writes it by editing the description."""
        section = description_section(description.body) if description else None
        if description is None or section is None:
            return None
        if description.edited_at is None and not self._is_reviewer(description.author):
            return None
        return replace(description, body=section)

    def _is_reviewer(self, author: Author | None) -> bool:
        return author is not None and any(_is(author, name) for name in self.config.reviewers)

    # --- permissions --------------------------------------------------------------------------

    def _acceptance(self, login: str, facts: Facts, kind: str = "reply") -> Acceptance:
        assert self.config.accept_risk is not None  # only then are there risk replies
        permission = facts.get(CollaboratorPermission(login))
        return Acceptance(login, permission, self.config.accept_risk.permission, kind)

    def _too_early(self, login: str) -> Acceptance:
        assert self.config.accept_risk is not None
        return Acceptance(login, None, self.config.accept_risk.permission, "comment")

    # --- what it says when nothing blocks ------------------------------------------------------

    def _no_findings(self, accepted: int) -> str:
        blocking = [s for s in SEVERITIES if s in self.config.block_on]
        if not blocking:
            return "no severity blocks (block-on is empty)"
        names = " or ".join([", ".join(blocking[:-1]), blocking[-1]] if blocking[:-1] else blocking)
        text = f"no unaddressed {names} findings"
        return f"{text} ({accepted} accepted)" if accepted else text


def _is(author: Author, reviewer: str) -> bool:
    """GraphQL names a bot without ``[bot]``; a name given with it is only ever a bot's."""
    name, login = reviewer.lower(), author.login.lower()
    if name.endswith("[bot]"):
        return author.is_bot and login.removesuffix("[bot]") == name.removesuffix("[bot]")
    return login.removesuffix("[bot]") == name


def _posted_after(comment: ConversationComment, summary: Summary) -> bool:
    posted, written = comment.created_at, summary.written_at
    return posted is not None and written is not None and posted > written


def _not_greptiles(summary: ConversationComment) -> str:
    editor = summary.written_by.login if summary.written_by else "a deleted account"
    return (
        f"Greptile's latest summary ({summary.url}) was last edited by {editor}, not by "
        "Greptile, so what Greptile found cannot be told from it; Greptile writes it anew on "
        "its next review of this PR"
    )
