"""Hand-built check runs, statuses and deployments, timed relative to a fixed ``NOW``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from releasegate.facts.checks import CheckedCommit, CheckRun, CommitStatus, Deployment
from support.builders import HEAD

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
TREE = "7" * 40
NAME = "staging / real-call"


def ago(minutes: int) -> datetime:
    return NOW - timedelta(minutes=minutes)


def check_run(
    conclusion: str | None = "success",
    *,
    name: str = NAME,
    status: str = "completed",
    started: int | None = 40,
    completed: int | None = 35,
    app: str | None = "github-actions",
    number: int = 1,
) -> CheckRun:
    """A run that started ``started`` and completed ``completed`` minutes before NOW."""
    return CheckRun(
        name=name,
        status=status,
        conclusion=conclusion if status == "completed" else None,
        started_at=ago(started) if started is not None else None,
        completed_at=ago(completed) if completed is not None and status == "completed" else None,
        url=f"https://github.com/acme/app/runs/{number}",
        app=app,
    )


def commit_status(state: str, *, context: str = NAME, created: int = 20) -> CommitStatus:
    return CommitStatus(context, state, ago(created), "https://ci.example.com/builds/9")


def deployment(state: str | None = "success", *, minutes: int = 60) -> Deployment:
    return Deployment(
        "staging", ago(minutes + 5), state, ago(minutes), "https://deploy.example.com/log/7"
    )


def commit(
    *items: CheckRun | CommitStatus,
    sha: str = HEAD,
    tree: str = TREE,
    deployed: Deployment | None = None,
) -> CheckedCommit:
    runs = tuple(item for item in items if isinstance(item, CheckRun))
    statuses = tuple(item for item in items if isinstance(item, CommitStatus))
    return CheckedCommit(sha, tree, runs, statuses, deployed)
