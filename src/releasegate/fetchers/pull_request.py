"""Fetchers: how each kind of GitHub fact is read, a batch of requests of one kind at a time.

A fetcher gets every distinct request of its kind at once, so it can batch them (one GraphQL
query for many) or run them side by side; it returns a value or an ``Unavailable`` for each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

from releasegate.errors import GitHubError
from releasegate.facts import (
    ChangedFile,
    ChangedFiles,
    CollaboratorPermission,
    FactRequest,
    LabelEvent,
    LabelEvents,
    RunContext,
    Unavailable,
)
from releasegate.github import endpoints
from releasegate.github.client import GitHub
from releasegate.github.pages import short_list
from releasegate.permissions import Permission
from releasegate.timestamps import parse_timestamp

MAX_PULL_REQUEST_FILES = 3000  # GitHub lists at most this many files of a pull request

Results = Mapping[FactRequest[Any], object]


def fetch_changed_files(
    github: GitHub, context: RunContext, requests: Sequence[ChangedFiles]
) -> Results:
    pull = context.pull_request
    if pull is None:
        return dict.fromkeys(requests, Unavailable("there is no pull request to list files of"))
    if pull.changed_files > MAX_PULL_REQUEST_FILES:
        reason = (
            f"pull request #{pull.number} changes {pull.changed_files} files; GitHub lists at most "
            f"{MAX_PULL_REQUEST_FILES}, so the change cannot be judged from its file list"
        )
        return dict.fromkeys(requests, Unavailable(reason))
    items = github.rest_pages_in_parallel(
        endpoints.GET_PULL_FILES,
        total=pull.changed_files,
        owner=context.owner,
        repo=context.name,
        pull_number=pull.number,
    )
    if len(items) < pull.changed_files:
        problem = short_list(
            f"changed files in pull request #{pull.number}", pull.changed_files, len(items)
        )
        return dict.fromkeys(requests, Unavailable(problem))
    files = tuple(
        ChangedFile(
            path=item["filename"],
            status=item["status"],
            previous_path=item.get("previous_filename"),
        )
        for item in items
    )
    return dict.fromkeys(requests, files)


def fetch_permissions(
    github: GitHub, context: RunContext, requests: Sequence[CollaboratorPermission]
) -> Results:
    """Each login's role, looked up once, all logins side by side."""

    def role(request: CollaboratorPermission) -> object:
        try:
            answer = github.rest(
                endpoints.GET_COLLABORATOR_PERMISSION,
                owner=context.owner,
                repo=context.name,
                username=request.login,
            )
        except GitHubError as error:
            if error.status == 404:  # not a collaborator: no permission at all
                return Permission.NONE
            return Unavailable(f"cannot read the permission of {request.login}: {error}")
        return Permission.from_role_name(answer.get("role_name"))

    return dict(zip(requests, github.parallel([partial(role, r) for r in requests]), strict=True))


def fetch_label_events(
    github: GitHub, context: RunContext, requests: Sequence[LabelEvents]
) -> Results:
    pull = context.pull_request
    if pull is None:
        return dict.fromkeys(requests, Unavailable("there is no pull request to read labels of"))
    items = github.rest_all_pages(
        endpoints.LIST_ISSUE_EVENTS,
        owner=context.owner,
        repo=context.name,
        issue_number=pull.number,
    )
    events = tuple(
        LabelEvent(
            label=(item.get("label") or {}).get("name", ""),
            actor=(item.get("actor") or {}).get("login"),
            created_at=parse_timestamp(item.get("created_at")),
            action=item["event"],
        )
        for item in items
        if item.get("event") in ("labeled", "unlabeled")
    )
    return dict.fromkeys(requests, events)
