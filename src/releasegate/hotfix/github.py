"""The backport's GitHub reads and writes, each one REST call through ``github/endpoints.py``.

Writes that can fail for a reason the backport cannot fix (the original author left, so no
review can be requested from them) return a warning sentence instead of raising.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from releasegate.errors import FactsError, GitHubError
from releasegate.github import endpoints
from releasegate.github.client import GitHub
from releasegate.github.publish import upsert_sticky_comment


@dataclass(frozen=True)
class Repository:
    owner: str
    name: str

    @classmethod
    def parse(cls, full_name: str) -> Repository:
        owner, name = full_name.split("/", 1)
        return cls(owner, name)

    def __str__(self) -> str:
        return f"{self.owner}/{self.name}"


@dataclass(frozen=True)
class HotfixPull:
    """What the backport needs of the original pull request (one GET of the pull)."""

    number: int
    title: str
    url: str
    author: str | None
    author_is_bot: bool
    merged: bool
    merge_commit_sha: str | None
    base_ref: str
    head_ref: str
    head_sha: str
    commits: int
    labels: tuple[str, ...] = ()
    assignees: tuple[str, ...] = ()


@dataclass(frozen=True)
class Item:
    """An issue or pull request that exists on GitHub: ``state`` is open, closed or merged.

    Its labels, assignees and requested reviewers, as GitHub showed them, tell a re-run which
    steps an earlier run already took."""

    number: int
    url: str
    state: str = "open"
    draft: bool = False
    labels: tuple[str, ...] = field(default=(), compare=False)
    assignees: tuple[str, ...] = field(default=(), compare=False)
    requested_reviewers: tuple[str, ...] = field(default=(), compare=False)


def read_pull(github: GitHub, repo: Repository, number: int) -> HotfixPull:
    try:
        data = github.rest(endpoints.GET_PULL, owner=repo.owner, repo=repo.name, pull_number=number)
    except GitHubError as error:
        if error.status == 404:
            raise FactsError(
                f"pull request #{number} was not found in {repo}; check --pr and --repo, and "
                "that the token can read the repository"
            ) from None
        raise
    user = data.get("user") or {}
    return HotfixPull(
        number=data["number"],
        title=data.get("title") or "",
        url=data.get("html_url") or "",
        author=user.get("login"),
        author_is_bot=user.get("type") == "Bot" or str(user.get("login", "")).endswith("[bot]"),
        merged=bool(data.get("merged") or data.get("merged_at")),
        merge_commit_sha=data.get("merge_commit_sha"),
        base_ref=data["base"]["ref"],
        head_ref=data["head"]["ref"],
        head_sha=data["head"]["sha"],
        commits=int(data.get("commits") or 1),
        labels=tuple(label["name"] for label in data.get("labels") or ()),
        assignees=tuple(user["login"] for user in data.get("assignees") or ()),
    )


def find_backport_pull(github: GitHub, repo: Repository, branch: str, base: str) -> Item | None:
    """An open or merged PR from ``branch`` into ``base`` (open first); closed ones don't count."""
    pulls = github.rest_all_pages(
        endpoints.LIST_PULLS,
        query={"head": f"{repo.owner}:{branch}", "base": base, "state": "all"},
        owner=repo.owner,
        repo=repo.name,
    )
    ours = [
        _pull_item(pull)
        for pull in pulls
        if pull["head"]["ref"] == branch and pull["base"]["ref"] == base
    ]
    ours = [item for item in ours if item.state != "closed"]
    return min(ours, key=lambda item: item.state != "open", default=None)


def find_open_issue(github: GitHub, repo: Repository, label: str, marker: str) -> Item | None:
    """The open issue (not PR) with ``label`` whose body carries ``marker``."""
    issues = github.rest_all_pages(
        endpoints.LIST_ISSUES,
        query={"labels": label, "state": "open"},
        owner=repo.owner,
        repo=repo.name,
    )
    for issue in issues:
        if "pull_request" not in issue and marker in (issue.get("body") or ""):
            return _issue_item(issue)
    return None


def open_pull(
    github: GitHub, repo: Repository, *, title: str, head: str, base: str, body: str, draft: bool
) -> Item:
    """The pull request from ``head`` into ``base``, opened once: when GitHub's answer is
    lost, it is looked for before it is opened again."""

    def create() -> Item:
        answer = github.rest(
            endpoints.CREATE_PULL,
            body={"title": title, "head": head, "base": base, "body": body, "draft": draft},
            owner=repo.owner,
            repo=repo.name,
        )
        return _pull_item(answer)

    def find() -> Item | None:
        return find_backport_pull(github, repo, head, base)

    return github.create_once(f"the pull request from {head} into {base}", create, find)


def open_draft_pull(
    github: GitHub, repo: Repository, *, title: str, head: str, base: str, body: str
) -> tuple[Item, str | None]:
    """A draft PR; where the plan has no drafts, a regular one and a warning saying so."""
    try:
        return open_pull(
            github, repo, title=title, head=head, base=base, body=body, draft=True
        ), None
    except GitHubError as error:
        if error.status != 422 or "draft" not in error.message.lower():
            raise
    pull = open_pull(github, repo, title=title, head=head, base=base, body=body, draft=False)
    return pull, (
        f"this repository cannot have draft pull requests, so {pull.url} is a regular one: "
        "its body and label say not to merge it as it is"
    )


def open_issue(
    github: GitHub, repo: Repository, *, title: str, body: str, labels: Sequence[str]
) -> Item:
    """The issue, opened once: when GitHub's answer is lost, an open issue with the first
    label and this very body is looked for before it is opened again."""

    def create() -> Item:
        answer = github.rest(
            endpoints.CREATE_ISSUE,
            body={"title": title, "body": body, "labels": list(labels)},
            owner=repo.owner,
            repo=repo.name,
        )
        return _issue_item(answer)

    def find() -> Item | None:
        return find_open_issue(github, repo, labels[0], body) if labels else None

    return github.create_once(f"the issue '{title}'", create, find)


def add_labels(github: GitHub, repo: Repository, number: int, labels: Sequence[str]) -> None:
    if labels:
        github.rest(
            endpoints.ADD_LABELS,
            body={"labels": list(labels)},
            owner=repo.owner,
            repo=repo.name,
            issue_number=number,
        )


def add_assignees(
    github: GitHub, repo: Repository, number: int, logins: Sequence[str]
) -> str | None:
    if not logins:
        return None
    try:
        github.rest(
            endpoints.ADD_ASSIGNEES,
            body={"assignees": list(logins)},
            owner=repo.owner,
            repo=repo.name,
            issue_number=number,
        )
    except GitHubError as error:
        return f"could not assign {_logins(logins)} to #{number} ({error.message}); assign by hand"
    return None


def request_review(github: GitHub, repo: Repository, number: int, login: str) -> str | None:
    try:
        github.rest(
            endpoints.REQUEST_REVIEWERS,
            body={"reviewers": [login]},
            owner=repo.owner,
            repo=repo.name,
            pull_number=number,
        )
    except GitHubError as error:
        return (
            f"could not request a review of #{number} from @{login} ({error.message}); "
            "ask someone else to review it"
        )
    return None


def comment(github: GitHub, repo: Repository, number: int, marker: str, body: str) -> None:
    """One comment per marker on the issue or PR: created once, edited in place on re-runs."""
    upsert_sticky_comment(
        github, repo.owner, repo.name, number, marker=marker, body=body, create=True
    )


def has_marked_comment(github: GitHub, repo: Repository, number: int, marker: str) -> bool:
    comments = github.rest_all_pages(
        endpoints.LIST_ISSUE_COMMENTS, owner=repo.owner, repo=repo.name, issue_number=number
    )
    return any((c.get("body") or "").startswith(marker + "\n") for c in comments)


def _pull_item(pull: dict[str, Any]) -> Item:
    state = "merged" if pull.get("merged_at") else str(pull.get("state", "open"))
    return Item(
        pull["number"],
        pull["html_url"],
        state,
        bool(pull.get("draft")),
        labels=_names(pull.get("labels"), "name"),
        assignees=_names(pull.get("assignees"), "login"),
        requested_reviewers=_names(pull.get("requested_reviewers"), "login"),
    )


def _issue_item(issue: dict[str, Any]) -> Item:
    return Item(
        issue["number"],
        issue["html_url"],
        str(issue.get("state", "open")),
        labels=_names(issue.get("labels"), "name"),
        assignees=_names(issue.get("assignees"), "login"),
    )


def _names(entries: list[dict[str, Any]] | None, key: str) -> tuple[str, ...]:
    return tuple(entry[key] for entry in entries or ())


def _logins(logins: Sequence[str]) -> str:
    return ", ".join(f"@{login}" for login in logins)
