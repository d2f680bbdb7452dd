"""The umbrella's reads and writes: one GraphQL read of the issue, then REST, one call each.

Every write names exactly what it changes: the body alone, the state alone, one comment.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from releasegate.errors import GitHubError, UsageError
from releasegate.github import endpoints
from releasegate.github.client import GitHub
from releasegate.github.documents import document
from releasegate.github.pages import PageGuard, pages_for
from releasegate.github.publish import keep_oldest_marked
from releasegate.umbrella.parse import IssueRef
from releasegate.umbrella.plan import RefState
from releasegate.umbrella.progress import MARKER
from releasegate.umbrella.states import issue_state, query

_COMMENT_ID = re.compile(r"#issuecomment-([0-9]+)$")


@dataclass(frozen=True)
class Sticky:
    """Our progress comment as it is on GitHub."""

    comment_id: int
    body: str


@dataclass(frozen=True)
class Posted:
    """A comment of the issue's latest: its text, and when it was posted (ISO 8601, UTC)."""

    body: str
    created_at: str | None


@dataclass(frozen=True)
class UmbrellaIssue:
    """What one GraphQL read tells of an umbrella (``state_reason`` as GraphQL names it)."""

    repository: str
    number: int
    body: str
    is_open: bool
    state_reason: str | None
    labels: tuple[str, ...]
    sub_issues: Mapping[IssueRef, RefState]
    sticky: Sticky | None
    latest_comments: tuple[Posted, ...] = ()
    state_changed_at: str | None = None  # the latest close or reopen; None: never

    def posted_since_state_changed(self, marker: str) -> list[Posted]:
        """Our comments with ``marker`` posted after the latest close or reopen: a closing
        comment there announces a close that has not happened yet (the run that posted it
        stopped), so it is not posted again."""
        since = self.state_changed_at or ""
        return [
            comment
            for comment in self.latest_comments
            if comment.body.startswith(marker + "\n") and (comment.created_at or "~") > since
        ]

    @property
    def name(self) -> str:
        return f"{self.repository}#{self.number}"


@dataclass(frozen=True)
class Listed:
    """An issue as the REST issue list shows it."""

    number: int
    body: str


def read_umbrella(github: GitHub, repository: str, number: int) -> UmbrellaIssue:
    owner, name = repository.split("/", 1)
    variables = {"owner": owner, "name": name, "number": number}
    text = document("umbrella_issue")
    node = (query(github, "UmbrellaIssue", text, variables).get("repository") or {}).get("issue")
    if not node:
        raise UsageError(
            f"issue #{number} was not found in {repository}, or it is a pull request; check "
            "--issue and --repo, and that the token can read the repository's issues"
        )
    return UmbrellaIssue(
        repository=repository,
        number=number,
        body=node.get("body") or "",
        is_open=node["state"] == "OPEN",
        state_reason=node.get("stateReason"),
        labels=tuple(label["name"] for label in _nodes(node.get("labels")) if label),
        sub_issues=_sub_issues(_nodes(node.get("subIssues"))),
        sticky=_find_sticky(github, variables, node["comments"]),
        latest_comments=tuple(
            Posted(c.get("body") or "", c.get("createdAt"))
            for c in _nodes(node.get("latestComments"))
            if c
        ),
        state_changed_at=_last_change(node.get("stateChanges")),
    )


def _last_change(connection: Any) -> str | None:
    changes = [change.get("createdAt") for change in _nodes(connection) if change]
    return max((moment for moment in changes if moment), default=None)


def _nodes(connection: Any) -> list[Any]:
    return list((connection or {}).get("nodes") or ())


def _sub_issues(nodes: Any) -> dict[IssueRef, RefState]:
    """Sub-issues by reference; one the token cannot see is ``null`` and is skipped."""
    found = {}
    for node in filter(None, nodes):
        owner, repo = node["repository"]["nameWithOwner"].lower().split("/", 1)
        found[IssueRef(owner, repo, node["number"])] = issue_state(
            node["state"], node.get("stateReason")
        )
    return found


def _find_sticky(github: GitHub, variables: dict[str, Any], page: Any) -> Sticky | None:
    """Our marked comment, reading further pages of comments only while it is not found (at
    most the pages the first page's count of comments allows)."""
    guard = PageGuard("GraphQL query UmbrellaComments", pages_for(page.get("totalCount")))
    while True:
        for comment in page["nodes"] or ():
            if comment and (comment.get("body") or "").startswith(MARKER):
                return Sticky(_comment_id(comment["url"]), comment["body"])
        info = page["pageInfo"]
        cursor = guard.follow(info.get("endCursor"), more=info["hasNextPage"])
        if cursor is None:
            return None
        after = {**variables, "after": cursor}
        data = query(github, "UmbrellaComments", document("umbrella_comments"), after)
        page = ((data.get("repository") or {}).get("issue") or {}).get("comments")
        if page is None:
            raise GitHubError("the umbrella issue disappeared while its comments were read")


def _comment_id(url: str) -> int:
    match = _COMMENT_ID.search(url)
    if not match:
        raise GitHubError(f"cannot tell the id of the progress comment from its URL {url}")
    return int(match.group(1))


# --- REST ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Edit:
    """A save of the body in GitHub's edit history: when, and the whole body it saved."""

    edited_at: str
    body: str | None


@dataclass(frozen=True)
class Fresh:
    """The body and state as a read just now found them; after a write, the edits too."""

    body: str
    is_open: bool
    updated_at: str | None = None
    edits: tuple[Edit, ...] = ()


def read_body(github: GitHub, repository: str, number: int) -> Fresh:
    owner, repo = repository.split("/", 1)
    issue = github.rest(endpoints.GET_ISSUE, owner=owner, repo=repo, issue_number=number)
    return Fresh(issue.get("body") or "", issue.get("state") == "open", issue.get("updated_at"))


def read_back(github: GitHub, repository: str, number: int) -> Fresh:
    """The body right after a write, with the edits saved around then (``umbrella_body``)."""
    owner, name = repository.split("/", 1)
    variables = {"owner": owner, "name": name, "number": number}
    data = query(github, "UmbrellaBody", document("umbrella_body"), variables)
    node = (data.get("repository") or {}).get("issue")
    if not node:
        raise GitHubError(f"{repository}#{number} disappeared while releasegate wrote its body")
    edits = {
        edit["id"]: Edit(edit["editedAt"], edit.get("diff"))
        for key in ("firstEdits", "lastEdits")
        for edit in _nodes(node.get(key))
        if edit
    }
    return Fresh(node.get("body") or "", node["state"] == "OPEN", node.get("updatedAt"),
                 tuple(edits.values()))  # fmt: skip


def write_body(github: GitHub, repository: str, number: int, body: str) -> None:
    owner, repo = repository.split("/", 1)
    github.rest(
        endpoints.UPDATE_ISSUE, body={"body": body}, owner=owner, repo=repo, issue_number=number
    )


def set_open(github: GitHub, repository: str, number: int, *, is_open: bool) -> None:
    owner, repo = repository.split("/", 1)
    change = {"state": "open"} if is_open else {"state": "closed", "state_reason": "completed"}
    github.rest(endpoints.UPDATE_ISSUE, body=change, owner=owner, repo=repo, issue_number=number)


def post_marked_comment(
    github: GitHub, repository: str, number: int, text: str, *, since: str | None = None
) -> None:
    """Post a comment that starts with a marker line, then settle twins: runs at the same time
    may each post one, so every run that posts one keeps the oldest of those posted after
    ``since`` and deletes the rest (as the sticky comment of ``check`` does)."""
    post_comment(github, repository, number, text)
    owner, repo = repository.split("/", 1)
    marker = text.split("\n", 1)[0]
    keep_oldest_marked(github, owner, repo, number, marker, since=since)


def post_comment(github: GitHub, repository: str, number: int, text: str) -> None:
    """Post once: when GitHub's answer is lost, the newest comment is looked at first."""
    owner, repo = repository.split("/", 1)

    def create() -> bool:
        github.rest(
            endpoints.CREATE_ISSUE_COMMENT,
            body={"body": text},
            owner=owner,
            repo=repo,
            issue_number=number,
        )
        return True

    def find() -> bool | None:
        comments = github.rest_all_pages(
            endpoints.LIST_ISSUE_COMMENTS, owner=owner, repo=repo, issue_number=number
        )
        return True if comments and comments[-1].get("body") == text else None

    github.create_once(f"a comment on #{number}", create, find)


def edit_comment(github: GitHub, repository: str, comment_id: int, text: str) -> None:
    owner, repo = repository.split("/", 1)
    github.rest(
        endpoints.UPDATE_ISSUE_COMMENT,
        body={"body": text},
        owner=owner,
        repo=repo,
        comment_id=comment_id,
    )


def list_labelled(github: GitHub, repository: str, label: str, *, state: str) -> list[Listed]:
    """Every issue (not pull request) with ``label`` in ``state`` (open, closed or all)."""
    owner, repo = repository.split("/", 1)
    issues = github.rest_all_pages(
        endpoints.LIST_ISSUES, query={"labels": label, "state": state}, owner=owner, repo=repo
    )
    return [
        Listed(issue["number"], issue.get("body") or "")
        for issue in issues
        if "pull_request" not in issue
    ]
