"""The likely cause of an incident, named: the last deployment to the watched environment
before its first failed run, the pull requests it shipped, and the deployment to go back to.

Two GraphQL reads, made only when an incident opens: the newest deployments of the
environment, then the deployed commit's history back to the previous deployment's commit,
each commit with its pull requests. When no deployment preceded the first failure, the cause
lies outside the code (configuration, a provider, traffic), and the incident says so.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from releasegate.github.client import GitHub
from releasegate.policy.types import branch_matches

SUCCEEDED = frozenset({"ACTIVE", "INACTIVE", "SUCCESS"})
FAILED = frozenset({"FAILURE", "ERROR"})
Kind = Literal["hotfix", "feature"]


@dataclass(frozen=True)
class Deployment:
    id: int
    sha: str
    created_at: datetime
    state: str
    creator: str | None = None
    ref: str | None = None
    headline: str = ""

    @property
    def succeeded(self) -> bool:
        return self.state in SUCCEEDED


@dataclass(frozen=True)
class Shipped:
    number: int
    title: str
    url: str
    author: str | None
    kind: Kind


@dataclass(frozen=True)
class Cause:
    environment: str
    deployment: Deployment | None = None
    previous: Deployment | None = None
    shipped: tuple[Shipped, ...] = ()
    more_commits: bool = False
    "The history was cut before the previous deployment: more may have shipped."
    more_deployments: bool = False
    "Older deployments exist that were not read (only when none before the failure was)."
    unread: str | None = None
    "Why the deployments could not be read (the incident opens all the same)."


def read_cause(
    github: GitHub,
    repository: str,
    environment: str,
    first_failure: datetime,
    hotfix_heads: tuple[str, ...],
) -> Cause:
    owner, name = repository.split("/", 1)
    data = github.graphql(
        "watch_deployments", {"owner": owner, "name": name, "environment": environment}
    )
    listing = (data.get("repository") or {}).get("deployments") or {}
    deployments = [_deployment(node) for node in listing.get("nodes") or () if node]
    deployment, previous = pick(deployments, first_failure)
    if deployment is None:
        older = bool((listing.get("pageInfo") or {}).get("hasPreviousPage"))
        return Cause(environment, more_deployments=older)
    variables = {"owner": owner, "name": name, "oid": deployment.sha}
    history = (
        (github.graphql("shipped_pulls", variables).get("repository") or {}).get("object") or {}
    ).get("history") or {}
    pulls, cut = shipped(
        history.get("nodes") or (), previous.sha if previous else None, hotfix_heads
    )
    more = cut and bool((history.get("pageInfo") or {}).get("hasNextPage"))
    return Cause(environment, deployment, previous, pulls, more_commits=more)


def pick(
    deployments: Sequence[Deployment], first_failure: datetime
) -> tuple[Deployment | None, Deployment | None]:
    """The last deployment made before the first failure that did not fail, and the last
    successful one before it of another commit (what to roll back to)."""
    ordered = sorted(deployments, key=lambda item: (item.created_at, item.id))
    before = [item for item in ordered if item.created_at <= first_failure]
    candidates = [item for item in before if item.state not in FAILED]
    if not candidates:
        return None, None
    culprit = candidates[-1]
    earlier = [
        item
        for item in ordered
        if item.created_at <= culprit.created_at
        and item.id != culprit.id
        and item.succeeded
        and item.sha != culprit.sha
    ]
    return culprit, (earlier[-1] if earlier else None)


def shipped(
    commits: Iterable[Any], stop_at: str | None, hotfix_heads: tuple[str, ...]
) -> tuple[tuple[Shipped, ...], bool]:
    """The pull requests of the commits down to ``stop_at`` (not included), newest first, each
    once, and whether ``stop_at`` was never reached (the list may be incomplete). Without a
    ``stop_at`` (no earlier deployment to compare with), only the deployed commit's own."""
    found: dict[int, Shipped] = {}
    for index, commit in enumerate(commits):
        if not commit or commit.get("oid") == stop_at or (stop_at is None and index > 0):
            return tuple(found.values()), False
        for pull in (commit.get("associatedPullRequests") or {}).get("nodes") or ():
            if pull and pull["number"] not in found:
                found[pull["number"]] = _shipped(pull, hotfix_heads)
    return tuple(found.values()), stop_at is not None


def rollback_command(repository: str, environment: str, target: Deployment, name: str) -> str:
    """The command that redeploys ``target``: a new GitHub deployment of its commit, which the
    team's deploy workflow (``on: deployment``) carries out."""
    description = f"Roll back to {target.sha[:7]} (releasegate watch {name})"
    return " ".join(
        [
            "gh api --method POST",
            shlex.quote(f"repos/{repository}/deployments"),
            f"-f ref={target.sha}",
            f"-f environment={shlex.quote(environment)}",
            "-F auto_merge=false",
            f"-f description={shlex.quote(description)}",
        ]
    )


def _deployment(node: dict[str, Any]) -> Deployment:
    return Deployment(
        id=int(node.get("databaseId") or 0),
        sha=str(node["commitOid"]),
        created_at=_time(node["createdAt"]),
        state=str(node.get("state") or "PENDING"),
        creator=(node.get("creator") or {}).get("login"),
        ref=(node.get("ref") or {}).get("name"),
        headline=str((node.get("commit") or {}).get("messageHeadline") or ""),
    )


def _shipped(pull: dict[str, Any], hotfix_heads: tuple[str, ...]) -> Shipped:
    head = str(pull.get("headRefName") or "")
    kind: Kind = "hotfix" if head and branch_matches(hotfix_heads, head) else "feature"
    return Shipped(
        number=int(pull["number"]),
        title=str(pull.get("title") or ""),
        url=str(pull.get("url") or ""),
        author=(pull.get("author") or {}).get("login"),
        kind=kind,
    )


def _time(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
