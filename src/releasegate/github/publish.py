"""Writes to GitHub: the commit status and the sticky PR comment (the check run: in
``check_runs.py``).

Each write is idempotent: the sticky comment is found by its hidden marker, edited in place,
and left alone when its text would not change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from releasegate.errors import GitHubError
from releasegate.github import endpoints
from releasegate.github.check_runs import CommitRef
from releasegate.github.client import GitHub
from releasegate.results import Status

STATUS_DESCRIPTION_LIMIT = 140

_COMMIT_STATE = {Status.PASS: "success", Status.FAIL: "failure", Status.ERROR: "error"}


def publish_status(
    github: GitHub,
    target: CommitRef,
    *,
    name: str,
    verdict: Status,
    description: str,
    target_url: str | None,
) -> None:
    body = {
        "state": _COMMIT_STATE[verdict],
        "context": name,
        "description": description[:STATUS_DESCRIPTION_LIMIT],
        **({"target_url": target_url} if target_url else {}),
    }
    github.rest(
        endpoints.CREATE_COMMIT_STATUS,
        body=body,
        owner=target.owner,
        repo=target.repo,
        sha=target.sha,
    )


def comment_marker(name: str) -> str:
    """The hidden marker of the sticky comment; a name that could end the HTML comment early
    (``-->``) is percent-encoded in it, a plain name (``pr``, ``deploy``) is kept as it is."""
    return f"<!-- releasegate:report:{quote(name, safe='/ ')} -->"


def upsert_sticky_comment(
    github: GitHub,
    owner: str,
    repo: str,
    issue_number: int,
    *,
    marker: str,
    body: str,
    create: bool,
) -> str:
    """Edit our marked comment in place; create it only when ``create``. Returns what it did.

    Two runs at once can both find no comment and both create one: GitHub has no "create
    unless it exists". So a run that created one looks again, and any run that finds more
    than one deletes all but the oldest; the next run at the latest leaves exactly one.
    """
    comments = _Sticky(github, owner, repo, issue_number, marker)
    text = f"{marker}\n{body}"

    def upsert() -> str:
        ours = comments.listed()
        if ours:
            return comments.edit(ours, text)
        if not create:
            return "not needed"
        github.rest(
            endpoints.CREATE_ISSUE_COMMENT,
            body={"body": text},
            owner=owner,
            repo=repo,
            issue_number=issue_number,
        )
        if again := comments.listed():
            comments.keep_oldest(again)
        return "created"

    return github.create_once(f"the sticky comment on #{issue_number}", upsert)


def keep_oldest_marked(
    github: GitHub, owner: str, repo: str, issue_number: int, marker: str, *, since: str | None
) -> None:
    """Of the comments that start with ``marker`` (posted after ``since``, an ISO 8601 time),
    keep the oldest and delete the rest: the rule that makes comments posted by runs at the
    same time converge to one, whichever run gets here first."""
    comments = _Sticky(github, owner, repo, issue_number, marker)
    ours = [c for c in comments.listed() if since is None or (c.get("created_at") or "~") > since]
    if ours:
        comments.keep_oldest(ours)


@dataclass(frozen=True)
class _Sticky:
    github: GitHub
    owner: str
    repo: str
    issue_number: int
    marker: str

    def listed(self) -> list[dict[str, Any]]:
        """Our comments, oldest first: each starts with the marker (a person quoting the
        marker mid-comment is left alone)."""
        comments = self.github.rest_all_pages(
            endpoints.LIST_ISSUE_COMMENTS,
            owner=self.owner,
            repo=self.repo,
            issue_number=self.issue_number,
        )
        return [c for c in comments if (c.get("body") or "").startswith(self.marker + "\n")]

    def edit(self, ours: list[dict[str, Any]], text: str) -> str:
        kept = self.keep_oldest(ours)
        if kept.get("body") == text:
            return "unchanged"
        self.github.rest(
            endpoints.UPDATE_ISSUE_COMMENT,
            body={"body": text},
            owner=self.owner,
            repo=self.repo,
            comment_id=kept["id"],
        )
        return "updated"

    def keep_oldest(self, ours: list[dict[str, Any]]) -> dict[str, Any]:
        """Delete every comment of ours but the oldest (made by a run at the same time)."""
        oldest, *duplicates = sorted(ours, key=lambda comment: int(comment["id"]))
        for duplicate in duplicates:
            try:
                self.github.rest(
                    endpoints.DELETE_ISSUE_COMMENT,
                    owner=self.owner,
                    repo=self.repo,
                    comment_id=duplicate["id"],
                )
            except GitHubError as error:
                if error.status != 404:  # the other run deleted it first
                    raise
        return oldest
