"""A hotfix world for the end-to-end tests: real git repositories and the GitHub stand-in.

``origin`` is a bare repository playing GitHub's git side; ``work`` is a developer's clone
where hotfixes are made and merged the way GitHub's merge button does; ``job`` is a fresh
clone playing the Actions job's checkout (full history, no git identity, detached at the
merge commit). The stand-in plays GitHub's API: its scenario mirrors origin's branches and
the merged pull request, and a pull request opened on it first mirrors the branches pushed
to origin since (GitHub knows a branch as soon as it is pushed).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from releasegate_standin import StandIn
from releasegate_standin.state.records import Issue
from support import gitrepo

NUMBER = 7
TOKEN = "ghs_mainTOKENe2e0123456789abcdef"
BACKPORT_TOKEN = "ghp_backportTOKENe2e0123456789abcdef"
BACKPORT_BOT = "release-bot"
HEAD = "hotfix/rounding"
BRANCH = f"backport/{NUMBER}-to-main"
TITLE = "Fix the rounding"


def origin_refs(origin: Path) -> dict[str, str]:
    lines = gitrepo.git(origin, "for-each-ref", "--format=%(refname) %(objectname)").splitlines()
    return dict(line.split(" ", 1) for line in lines)


@dataclass
class World:
    """One merged hotfix PR, the repositories around it and the stand-in's view of them."""

    tmp: Path
    repos: gitrepo.Repos
    head_sha: str
    merge_sha: str
    commits: int
    head: str = HEAD
    base: str = "prod"
    labels: tuple[str, ...] = ("bug",)
    assignees: tuple[str, ...] = ("bob",)
    author: str = "alice"
    merged: bool = True
    extra_pulls: list[dict[str, Any]] = field(default_factory=list)

    @property
    def origin(self) -> Path:
        return self.repos.origin

    def scenario(self) -> dict[str, Any]:
        """The stand-in serves origin's branches and commits live (``git:``), and the PR."""
        pull: dict[str, Any] = {
            "number": NUMBER,
            "title": TITLE,
            "author": self.author,
            "state": "merged" if self.merged else "closed",
            "base": self.base,
            "base_sha": gitrepo.sha(self.origin, "prod"),
            "head": self.head,
            "head_sha": self.head_sha,
            "commits": self.commits,
            "labels": list(self.labels),
            "assignees": list(self.assignees),
        }
        if self.merged:
            pull["merge_commit"] = self.merge_sha
        return {
            "repository": "acme/app",
            "git": str(self.origin),
            "collaborators": {"alice": "write", "bob": "write", BACKPORT_BOT: "write"},
            "tokens": {TOKEN: "github-actions[bot]", BACKPORT_TOKEN: BACKPORT_BOT},
            "pull_requests": [pull, *self.extra_pulls],
        }

    def job_checkout(self, name: str = "job") -> Path:
        """A fresh clone like actions/checkout's with fetch-depth 0: no identity, detached."""
        job = self.tmp / name
        if job.exists():
            gitrepo.git(job, "fetch", "--quiet", "origin")
            return job
        gitrepo.git(self.tmp, "clone", "--quiet", str(self.origin), str(job))
        gitrepo.git(job, "checkout", "--quiet", "--detach", self.merge_sha)
        return job

    def event(self, action: str = "closed") -> Path:
        path = self.tmp / f"event-{action}.json"
        payload = {
            "action": action,
            "number": NUMBER,
            "pull_request": {
                "number": NUMBER,
                "merged": self.merged,
                "base": {"ref": self.base},
                "head": {"ref": self.head, "sha": self.head_sha},
            },
            "repository": {"full_name": "acme/app"},
        }
        path.write_text(json.dumps(payload))
        return path


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str
    outputs: str

    @property
    def text(self) -> str:
        return self.stdout + self.stderr + self.outputs


def run_cli(standin: StandIn, cwd: Path, *args: str, event: Path | None = None, **env: str) -> Run:
    outputs = cwd.parent / f"github-output-{len(standin.requests)}-{os.getpid()}"
    outputs.write_text("")
    # The test process's own Actions variables never leak in (CI runs the suite in Actions);
    # what the test passes in ``env`` always holds, GITHUB_ACTIONS included.
    inherited = {
        key: value
        for key, value in os.environ.items()
        if key not in ("GITHUB_ACTIONS", "RELEASEGATE_BACKPORT_TOKEN")
    }
    environment = {
        **inherited,
        **standin.env(TOKEN),
        "GITHUB_EVENT_NAME": "pull_request" if event else "workflow_dispatch",
        "GITHUB_OUTPUT": str(outputs),
        "RELEASEGATE_RETRY_ATTEMPTS": "1",
        **env,
    }
    if event:
        environment["GITHUB_EVENT_PATH"] = str(event)
    completed = subprocess.run(
        [sys.executable, "-m", "releasegate", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return Run(completed.returncode, completed.stdout, completed.stderr, outputs.read_text())


def standin_for(world: World) -> StandIn:
    return StandIn(world.scenario())


# --- reading the stand-in's state ------------------------------------------------------------


def issues(standin: StandIn) -> list[Issue]:
    with standin.state.lock:
        return sorted(standin.state.main_repo.issues.values(), key=lambda issue: issue.number)


def pulls_from(standin: StandIn, head: str) -> list[Issue]:
    return [issue for issue in issues(standin) if issue.pull and issue.pull.head_ref == head]


def conflict_issues(standin: StandIn) -> list[Issue]:
    return [i for i in issues(standin) if i.pull is None and "backport-conflict" in i.labels]


def original(standin: StandIn) -> Issue:
    with standin.state.lock:
        issue = standin.state.main_repo.issue(NUMBER)
    assert issue is not None
    return issue


def written_text(standin: StandIn) -> str:
    """Every title, body and comment on the stand-in (to look for secrets in)."""
    parts = []
    for issue in issues(standin):
        parts += [issue.title, issue.body, *(comment.body for comment in issue.comments)]
    return "\n".join(parts)


def writes(standin: StandIn) -> list[str]:
    return [f"{r.method} {r.path}" for r in standin.requests if r.method != "GET"]


# --- making worlds ---------------------------------------------------------------------------


def new_world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> gitrepo.Repos:
    """Origin with main one feature ahead of prod, and a developer's clone on main."""
    repos = gitrepo.new_repos(tmp_path, monkeypatch)
    repos.commit("feature.py", "feature = 1\n", "A feature on main")
    repos.push("main")
    return repos


def merged_hotfix(
    repos: gitrepo.Repos,
    method: str,
    changes: list[tuple[str, str]],
    *,
    head: str = HEAD,
    **world: Any,
) -> World:
    """Commit each (path, text) on ``head`` cut from prod, merge it into prod as GitHub would."""
    repos.checkout(head, "prod")
    shas = [
        repos.commit(path, text, f"{TITLE}, part {i}") for i, (path, text) in enumerate(changes, 1)
    ]
    merge = gitrepo.merge_like_github(repos, method, head, NUMBER)
    repos.git("push", "--quiet", "origin", f"{shas[-1]}:refs/pull/{NUMBER}/head")
    repos.checkout("main")
    tmp = repos.origin.parent
    return World(
        tmp, repos, head_sha=shas[-1], merge_sha=merge, commits=len(shas), head=head, **world
    )


def files(count: int) -> list[tuple[str, str]]:
    return [(f"fixes/part-{i}.txt", f"fix {i}\n") for i in range(1, count + 1)]
