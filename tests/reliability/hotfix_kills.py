"""`hotfix backport` killed right after one of its requests took effect, and what it left.

The stand-in's ``unanswered`` fault applies the request it hits and never answers it, so the
CLI (a real subprocess) is blocked on that very request when the test sends it SIGKILL: the
kill lands at the same point every time, with no race.

A world is made once per scenario and copied for each run, so every copy holds the same
commits; the CLI runs with fixed git dates, so the backport commits it makes are the same in
every copy too, and the end states of two copies compare exactly (SHAs included).
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pytest

from e2e.hotfix.hotfix_harness import (
    World,
    files,
    issues,
    merged_hotfix,
    new_world,
    origin_refs,
)
from releasegate_standin import Fault, LoggedRequest, StandIn
from reliability import hotfix_world
from reliability.inprocess import Run, invoke
from support import gitrepo

BACKPORT = ("hotfix", "backport")
GIT_DATES = {"GIT_AUTHOR_DATE": "@1767225600 +0000", "GIT_COMMITTER_DATE": "@1767225600 +0000"}
UNANSWERED: Final = "unanswered"
_PATIENCE = 60.0  # seconds for the killed run to reach its request; it takes about one


@dataclass(frozen=True)
class Scenario:
    """A merged hotfix and the options of the run: the clean pick, or a conflict."""

    name: str
    args: tuple[str, ...]
    conflict: bool

    def make(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> World:
        folder.mkdir(parents=True)
        repos = new_world(folder, monkeypatch)
        if not self.conflict:
            return merged_hotfix(repos, "merge", files(2))
        repos.commit("app.py", "x = 2\ny = 1\n", "Main changes x")  # the hotfix changes it too
        repos.push("main")
        return merged_hotfix(
            repos, "merge", [("fixes/note.txt", "note\n"), ("app.py", "x = 3\ny = 1\n")]
        )


CLEAN_PICK = Scenario("clean pick", (), conflict=False)
CONFLICT_ISSUE = Scenario("conflict, issue", ("--on-conflict", "issue"), conflict=True)
CONFLICT_DRAFT = Scenario("conflict, draft-pr", ("--on-conflict", "draft-pr"), conflict=True)
SCENARIOS = (CLEAN_PICK, CONFLICT_ISSUE, CONFLICT_DRAFT)


def copy_world(template: World, into: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    """The same repositories (same SHAs) in a folder of their own; never the job's checkout,
    which the copy clones afresh from its own origin."""
    shutil.copytree(template.tmp, into, ignore=shutil.ignore_patterns("job*", "event-*"))
    gitrepo.isolate_from_user_config(into, monkeypatch)
    repos = gitrepo.Repos(into / template.origin.name, into / template.repos.work.name)
    return dataclasses.replace(template, tmp=into, repos=repos, extra_pulls=[])


def environment(standin: StandIn, world: World) -> dict[str, str]:
    # A generous HTTP timeout: the killed run must still be waiting when the kill comes.
    return {
        **hotfix_world.environment(standin, world),
        **GIT_DATES,
        "RELEASEGATE_HTTP_TIMEOUT": "60",
    }


def run(standin: StandIn, world: World, scenario: Scenario, checkout: str = "job") -> Run:
    """An uninterrupted run (in this process)."""
    env = environment(standin, world)
    return invoke(*BACKPORT, *scenario.args, env=env, cwd=world.job_checkout(checkout))


def killed_after(standin: StandIn, world: World, scenario: Scenario, fault: Fault) -> Run:
    """A run killed with SIGKILL once the request ``fault`` hits has taken effect."""
    standin.add_fault(fault)
    command = [sys.executable, "-m", "releasegate", *BACKPORT, *scenario.args]
    process = subprocess.Popen(
        command,
        cwd=world.job_checkout(),
        env=environment(standin, world),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_until_applied(standin, process)
    finally:
        process.kill()  # SIGKILL: no finally block, no atexit, nothing of the run's own
        stdout, stderr = process.communicate()
        standin.clear_faults()
    return Run(process.returncode, stdout, stderr)


def after_request(k: int) -> Fault:
    """The fault that leaves the ``k``-th request (from 1) of a run unanswered."""
    return Fault(UNANSWERED, skip=k - 1, seconds=120)


def _wait_until_applied(standin: StandIn, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + _PATIENCE
    while not any(entry.fault == UNANSWERED for entry in standin.requests):
        if process.poll() is not None:
            out, err = process.communicate()
            pytest.fail(f"the run ended (exit {process.returncode}) before the kill:\n{out}{err}")
        if time.monotonic() > deadline:
            pytest.fail(f"the run did not reach the request to kill it at in {_PATIENCE:g}s")
        time.sleep(0.01)


# --- what a run left --------------------------------------------------------------------------


def end_state(standin: StandIn, world: World) -> dict[str, Any]:
    """Every pull request, issue and comment on the stand-in, and every branch on origin."""
    return {
        "github": [_issue_state(issue) for issue in issues(standin)],
        "branches": origin_refs(world.origin),
    }


def _issue_state(issue: Any) -> dict[str, Any]:
    pull = issue.pull
    return {
        "number": issue.number,
        "title": issue.title,
        "body": issue.body,
        "author": issue.author,
        "state": issue.state,
        "labels": list(issue.labels),
        "assignees": list(issue.assignees),
        "comments": [(comment.author, comment.body) for comment in issue.comments],
        "pull": None
        if pull is None
        else {
            "head": (pull.head_ref, pull.head_sha),
            "base": pull.base_ref,
            "draft": pull.draft,
            "requested_reviewers": list(pull.requested_reviewers),
        },
    }


def writes(log: list[LoggedRequest]) -> list[tuple[str, str, Any]]:
    """Every write a run made, with its body: a write made twice shows up twice."""
    return [(entry.method, entry.path, entry.body) for entry in log if entry.method != "GET"]


def leftovers(world: World) -> tuple[str, str]:
    """Local branches of the backport and extra work trees in the job's checkout."""
    job = world.tmp / "job"
    branches = gitrepo.git(job, "branch", "--list", "backport/*").strip()
    trees = gitrepo.git(job, "worktree", "list", "--porcelain").count("worktree ") - 1
    return branches, f"{trees} extra work trees" if trees else ""
