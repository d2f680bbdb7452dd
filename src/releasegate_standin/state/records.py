"""The records the stand-in keeps: plain mutable dataclasses, guarded by ``State.lock``.

A pull request is an issue with ``pull`` details, as on GitHub: they share one number space,
and issue comments, labels and label events work the same for both.
"""

from __future__ import annotations

import base64
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

KNOWN_APPS = {"github-actions": (15368, "GitHub Actions")}


def user_id(login: str) -> int:
    """A stable database id for a login (GitHub's ids are stable too)."""
    return zlib.crc32(login.encode("utf-8")) % 90_000_000 + 1_000_000


def is_bot(login: str) -> bool:
    return login.endswith("[bot]")


def app_id(slug: str) -> int:
    return KNOWN_APPS[slug][0] if slug in KNOWN_APPS else user_id(f"app:{slug}") % 900_000


def app_name(slug: str) -> str:
    return KNOWN_APPS[slug][1] if slug in KNOWN_APPS else slug.replace("-", " ").title()


def node_id(kind: str, database_id: int | str) -> str:
    """GitHub's (legacy) global node id: base64 of ``0<len>:<Type><id>``."""
    return base64.b64encode(f"0{len(kind)}:{kind}{database_id}".encode()).decode()


@dataclass
class Commit:
    sha: str
    files: dict[str, bytes]
    message: str
    author: str
    committed_at: datetime
    parents: list[str]
    tree: str


@dataclass
class Label:
    id: int
    name: str
    color: str = "ededed"
    description: str | None = None


@dataclass
class Comment:
    id: int
    author: str
    body: str
    created_at: datetime
    updated_at: datetime
    editor: str | None = None  # who last edited the body (GraphQL `editor`), if anyone


@dataclass
class ReviewThread:
    id: int
    path: str
    line: int | None
    original_line: int | None
    start_line: int | None
    is_resolved: bool
    is_outdated: bool
    resolved_by: str | None
    comments: list[Comment]


@dataclass
class Review:
    id: int
    author: str
    body: str
    state: str
    submitted_at: datetime
    commit_sha: str
    editor: str | None = None
    edited_at: datetime | None = None


@dataclass
class IssueEvent:
    id: int
    event: str  # labeled, unlabeled, closed, reopened
    actor: str
    created_at: datetime
    label: str | None = None
    state_reason: str | None = None  # of a close or reopen


@dataclass
class BodyEdit:
    """One save of an issue's body, as GitHub's edit history keeps it: the whole new body."""

    id: int
    editor: str
    edited_at: datetime
    body: str


@dataclass
class ChangedFile:
    filename: str
    status: str
    additions: int
    deletions: int
    previous_filename: str | None = None
    patch: str | None = None


@dataclass
class PullDetails:
    base_ref: str
    head_ref: str
    base_sha: str
    head_sha: str
    draft: bool = False
    merged_at: datetime | None = None
    merge_commit_sha: str | None = None
    merged_by: str | None = None
    files: list[ChangedFile] = field(default_factory=list)
    changed_files: int = 0
    commit_shas: list[str] = field(default_factory=list)
    threads: list[ReviewThread] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    requested_reviewers: list[str] = field(default_factory=list)


@dataclass
class Issue:
    id: int
    number: int
    title: str
    body: str
    author: str
    state: str  # open, closed
    created_at: datetime
    updated_at: datetime
    state_reason: str | None = None
    closed_at: datetime | None = None
    labels: list[str] = field(default_factory=list)
    assignees: list[str] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    events: list[IssueEvent] = field(default_factory=list)
    edits: list[BodyEdit] = field(default_factory=list)
    sub_issues: list[tuple[str, int]] = field(default_factory=list)  # (owner/name, number)
    parent: tuple[str, int] | None = None
    pull: PullDetails | None = None
    body_editor: str | None = None  # who last edited the body (GraphQL `editor`), and when
    body_edited_at: datetime | None = None


@dataclass
class CheckRun:
    id: int
    name: str
    head_sha: str
    status: str
    conclusion: str | None
    app: str
    suite_id: int
    started_at: datetime | None
    completed_at: datetime | None
    details_url: str | None = None
    external_id: str | None = None
    title: str | None = None
    summary: str | None = None
    text: str | None = None
    annotations: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class CommitStatus:
    id: int
    sha: str
    state: str
    context: str
    creator: str
    created_at: datetime
    description: str | None = None
    target_url: str | None = None


@dataclass
class DeploymentStatus:
    id: int
    state: str
    environment: str
    creator: str
    created_at: datetime
    description: str = ""
    environment_url: str = ""
    log_url: str = ""


@dataclass
class Deployment:
    id: int
    sha: str
    ref: str
    task: str
    environment: str
    creator: str
    created_at: datetime
    description: str = ""
    statuses: list[DeploymentStatus] = field(default_factory=list)
