"""A merged hotfix for `hotfix backport` to put back on main, in-process against the stand-in.

Built with the e2e hotfix harness (a bare origin, a developer's clone, a job's checkout, and a
stand-in that serves origin's branches live). A clean run reads the pull request, looks for
an existing backport, pushes the branch, opens the backport pull request, labels it, assigns
it, requests a review and comments on the original.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from e2e.hotfix.hotfix_harness import (
    BRANCH,
    TOKEN,
    World,
    files,
    issues,
    merged_hotfix,
    new_world,
    origin_refs,
    original,
    pulls_from,
)
from releasegate_standin import StandIn
from reliability.inprocess import Run, invoke
from reliability.outputs import normalized
from support.faults import CLIENT_TIMEOUT

BACKPORT = ("hotfix", "backport")


def make_world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    return merged_hotfix(new_world(tmp_path, monkeypatch), "merge", files(2))


@dataclass(frozen=True)
class Result:
    run: Run
    github: tuple[Any, ...]

    @property
    def local_outputs(self) -> tuple[str, ...]:
        return (self.run.stdout, self.run.stderr)

    def named_outputs(self) -> dict[str, str]:
        return {"stdout": self.run.stdout, "stderr": self.run.stderr}

    def comparable(self) -> tuple[Any, ...]:
        return (self.run.code, normalized(self.run.stdout), self.run.stderr, self.github)


def environment(standin: StandIn, world: World, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GITHUB_")}
    env.pop("RELEASEGATE_BACKPORT_TOKEN", None)
    return {
        **env,
        **standin.env(TOKEN),
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": str(world.event()),
        "RELEASEGATE_RETRY_ATTEMPTS": "2",
        "RELEASEGATE_RETRY_SECONDS": "10",
        "RELEASEGATE_HTTP_TIMEOUT": str(CLIENT_TIMEOUT),
        **extra,
    }


def run_backport(standin: StandIn, world: World, **env: str) -> Result:
    run = invoke(*BACKPORT, env=environment(standin, world, **env), cwd=world.job_checkout())
    return Result(run, backport_state(standin, world))


def backport_state(standin: StandIn, world: World) -> tuple[Any, ...]:
    """The backport pull requests, conflict issues, comments on the original, and the branch."""
    pulls = tuple(
        (
            pull.title,
            tuple(pull.labels),
            tuple(pull.assignees),
            pull.state,
            tuple(pull.pull.requested_reviewers) if pull.pull else (),
        )
        for pull in pulls_from(standin, BRANCH)
    )
    conflict_issues = tuple(issue.title for issue in issues(standin) if issue.pull is None)
    comments = tuple(normalized(comment.body) for comment in original(standin).comments)
    branch = f"refs/heads/{BRANCH}" in origin_refs(world.origin)
    return pulls, conflict_issues, comments, branch


def duplicates(result: Result) -> list[str]:
    pulls, conflict_issues, comments, _branch = result.github
    found = [f"{len(pulls)} backport pull requests"] if len(pulls) > 1 else []
    found += [f"{len(conflict_issues)} conflict issues"] if len(conflict_issues) > 1 else []
    return found + ([f"{len(comments)} comments on #7"] if len(comments) > 1 else [])
