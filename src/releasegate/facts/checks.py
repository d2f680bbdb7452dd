"""Facts about what ran on a commit: check runs, commit statuses, deployments; and the time.

Times come from GitHub; "now" is a fact too (``Now``), so a gate that judges age stays pure
and its tests deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from releasegate.facts import FactRequest


@dataclass(frozen=True)
class CheckRun:
    name: str
    status: str
    "queued, in_progress, completed... (lower case, as the REST API writes them)."
    conclusion: str | None
    "success, failure, neutral, skipped, cancelled, timed_out... once completed."
    started_at: datetime | None
    completed_at: datetime | None
    url: str
    app: str | None
    "The slug of the app that created it (github-actions...)."


@dataclass(frozen=True)
class CommitStatus:
    """The latest status of one context (GitHub keeps only the latest per context)."""

    context: str
    state: str
    "success, failure, error or pending."
    created_at: datetime | None
    url: str | None


@dataclass(frozen=True)
class Deployment:
    """A commit's latest deployment to one environment and that deployment's latest status."""

    environment: str
    created_at: datetime | None
    state: str | None
    "The latest status's state (success, failure, in_progress...); None without a status."
    updated_at: datetime | None
    url: str | None


@dataclass(frozen=True)
class CheckedCommit:
    sha: str
    tree: str
    check_runs: tuple[CheckRun, ...]
    "Every check run, re-runs included."
    statuses: tuple[CommitStatus, ...]
    deployment: Deployment | None = None
    "The latest deployment to the requested environment, if one was asked for and exists."


@dataclass(frozen=True)
class CommitChecks(FactRequest[tuple[CheckedCommit, ...]]):
    """What ran on ``ref`` (a branch or a sha): the commit first, then, with ``same_tree``,
    other commits with the same tree that the fetcher could find (see ``fetch_checks``)."""

    ref: str
    environment: str | None = None
    same_tree: bool = False


@dataclass(frozen=True)
class Now(FactRequest[datetime]):
    """The time of the run (timezone-aware, UTC)."""
