"""The stand-in's mutable state: repositories with their commits, issues, checks and more.

Every read and write of a request happens under ``State.lock`` (one request at a time touches
the records), while the latency a test injects is slept outside it, so slow requests overlap.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from releasegate_standin.git.backing import GitBacking
from releasegate_standin.state.records import (
    BodyEdit,
    CheckRun,
    Commit,
    CommitStatus,
    Deployment,
    Issue,
    IssueEvent,
    Label,
)

GRAPHQL_POINTS = 5000  # GitHub's hourly budgets: GraphQL points, and REST requests
REST_REQUESTS = 5000


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@dataclass
class Budget:
    limit: int
    used: int = 0
    reset_at: datetime | None = None

    @property
    def remaining(self) -> int:
        return self.limit - self.used


@dataclass
class Repo:
    id: int
    owner: str
    name: str
    default_branch: str
    private: bool = True
    commits: dict[str, Commit] = field(default_factory=dict)
    branches: dict[str, str] = field(default_factory=dict)
    labels: dict[str, Label] = field(default_factory=dict)
    collaborators: dict[str, str] = field(default_factory=dict)  # lowercased login -> role
    issues: dict[int, Issue] = field(default_factory=dict)
    check_runs: list[CheckRun] = field(default_factory=list)
    statuses: list[CommitStatus] = field(default_factory=list)
    deployments: list[Deployment] = field(default_factory=list)
    check_suites: dict[tuple[str, str], int] = field(default_factory=dict)
    git: GitBacking | None = None  # a real repository whose branches and commits count too

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"

    # --- git -------------------------------------------------------------------------------

    def resolve(self, rev: str) -> Commit | None:
        """The commit a sha (full or a unique prefix of 7+), branch or ``refs/heads/`` names."""
        rev = rev.strip()
        if rev in self.commits:
            return self.commits[rev]
        branch = rev.removeprefix("refs/heads/")
        if rev == "HEAD":
            branch = self.default_branch
        if branch in self.branches:
            return self.commits.get(self.branches[branch])
        if len(rev) >= 7:
            matches = [sha for sha in self.commits if sha.startswith(rev.lower())]
            if len(matches) == 1:
                return self.commits[matches[0]]
        return self._from_git(rev)

    def _from_git(self, rev: str) -> Commit | None:
        commit = self.git.commit(rev) if self.git and rev else None
        if commit is not None:
            commit = self.commits.setdefault(commit.sha, commit)
        return commit

    def branch_sha(self, name: str) -> str | None:
        """The commit a branch is on: the scenario's branch, else the git repository's."""
        name = name.removeprefix("refs/heads/")
        if name in self.branches:
            return self.branches[name]
        sha = self.git.branch_sha(name) if self.git else None
        return sha if sha and self._from_git(sha) else None

    def file_at(self, rev: str, path: str) -> bytes | None:
        commit = self.resolve(rev)
        return commit.files.get(path.strip("/")) if commit else None

    def entries_at(self, rev: str, path: str) -> list[tuple[str, str]] | None:
        """``(name, "file"|"dir")`` of a directory at a commit, or None when there is none."""
        commit = self.resolve(rev)
        if commit is None:
            return None
        prefix = path.strip("/") + "/" if path.strip("/") else ""
        entries: dict[str, str] = {}
        for file_path in commit.files:
            if file_path.startswith(prefix):
                name, _, rest = file_path[len(prefix) :].partition("/")
                entries[name] = "dir" if rest else "file"
        return sorted(entries.items()) if entries else None

    # --- issues and pull requests ----------------------------------------------------------

    def issue(self, number: int) -> Issue | None:
        return self.issues.get(number)

    def pull(self, number: int) -> Issue | None:
        issue = self.issues.get(number)
        return issue if issue is not None and issue.pull is not None else None

    def next_number(self) -> int:
        return max(self.issues, default=0) + 1

    def label(self, name: str, new_id: Callable[[], int]) -> Label:
        """The label of that name (case-insensitive), created as GitHub does when missing."""
        for label in self.labels.values():
            if label.name.lower() == name.lower():
                return label
        self.labels[name] = Label(id=new_id(), name=name)
        return self.labels[name]

    def role(self, login: str) -> str | None:
        return self.collaborators.get(login.lower())

    # --- checks ----------------------------------------------------------------------------

    def suite_id(self, sha: str, app: str, new_id: Callable[[], int]) -> int:
        """GitHub keeps one check suite per app and commit."""
        key = (sha, app)
        if key not in self.check_suites:
            self.check_suites[key] = new_id()
        return self.check_suites[key]

    def check_runs_for(self, sha: str) -> list[CheckRun]:
        return [run for run in self.check_runs if run.head_sha == sha]

    def statuses_for(self, sha: str) -> list[CommitStatus]:
        """Newest first, as GitHub lists them."""
        mine = [status for status in self.statuses if status.sha == sha]
        return sorted(mine, key=lambda status: (status.created_at, status.id), reverse=True)


class State:
    """Every repository of the scenario, plus the id counter and the GraphQL point budget."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.repos: dict[str, Repo] = {}
        self._ids: Iterator[int] = itertools.count(1)
        self.clock: Callable[[], datetime] = utc_now
        self.budgets = {"core": Budget(REST_REQUESTS), "graphql": Budget(GRAPHQL_POINTS)}

    def new_id(self) -> int:
        return next(self._ids)

    def now(self) -> datetime:
        return self.clock()

    def spend(self, resource: str, points: int) -> Budget:
        """Take ``points`` from the hourly budget of ``core`` (REST) or ``graphql``."""
        with self.lock:
            budget = self.budgets[resource]
            if budget.reset_at is None or self.now() >= budget.reset_at:
                budget.used, budget.reset_at = 0, self.now() + timedelta(hours=1)
            budget.used = min(budget.limit, budget.used + points)
            return replace(budget)

    def add_repo(self, repo: Repo) -> None:
        self.repos[repo.full_name.lower()] = repo

    def repo(self, owner: str, name: str) -> Repo | None:
        return self.repos.get(f"{owner}/{name}".lower())

    def repo_named(self, full_name: str) -> Repo | None:
        return self.repos.get(full_name.lower())

    def repo_by_id(self, repo_id: int) -> Repo | None:
        return next((repo for repo in self.repos.values() if repo.id == repo_id), None)

    @property
    def main_repo(self) -> Repo:
        return next(iter(self.repos.values()))

    def issue_at(self, reference: tuple[str, int]) -> tuple[Repo, Issue] | None:
        repo = self.repo_named(reference[0])
        issue = repo.issue(reference[1]) if repo else None
        return (repo, issue) if repo is not None and issue is not None else None

    # --- writes shared by REST and GraphQL ------------------------------------------------------

    def add_labels(self, repo: Repo, issue: Issue, names: list[str], actor: str) -> None:
        for name in names:
            label = repo.label(name, self.new_id)
            if label.name not in issue.labels:
                issue.labels.append(label.name)
                self._event(issue, "labeled", actor, label.name)

    def set_labels(self, repo: Repo, issue: Issue, names: list[str], actor: str) -> None:
        wanted = [repo.label(name, self.new_id).name for name in names]
        for name in [name for name in issue.labels if name not in wanted]:
            issue.labels.remove(name)
            self._event(issue, "unlabeled", actor, name)
        self.add_labels(repo, issue, wanted, actor)

    def set_issue_state(self, issue: Issue, state: str, reason: str | None, actor: str) -> None:
        if state == issue.state:
            if reason and state == "closed":
                issue.state_reason = reason
            return
        issue.state = state
        if state == "closed":
            issue.closed_at = self.now()
            issue.state_reason = reason or "completed"
        else:
            issue.closed_at = None
            issue.state_reason = "reopened"
        self._event(issue, state if state == "closed" else "reopened", actor)
        issue.events[-1].state_reason = issue.state_reason

    def set_body(self, issue: Issue, body: str, actor: str) -> None:
        """A write of the body; a change is kept in the issue's edit history."""
        if body != issue.body:
            issue.edits.append(BodyEdit(self.new_id(), actor, self.now(), body))
        issue.body = body

    def _event(self, issue: Issue, event: str, actor: str, label: str | None = None) -> None:
        issue.events.append(IssueEvent(self.new_id(), event, actor, self.now(), label))
        issue.updated_at = self.now()
