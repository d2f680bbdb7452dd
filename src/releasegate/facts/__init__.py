"""What a gate may look at: the run's context, and facts gathered once before any gate decides.

A gate asks for facts by returning ``FactRequest`` values (frozen, hashable); the gatherer
fetches each distinct request once, independent ones in parallel, and hands the gate a
``Facts`` mapping. A request that could not be fetched is stored as ``Unavailable``: reading it
raises ``Undecided``, which the engine turns into the gate's ``error`` status (fail closed).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar, cast

from releasegate.permissions import Permission

T = TypeVar("T")


class Undecided(Exception):
    """A gate cannot reach a verdict from the facts it has."""


# --- the context: who, what, where ---------------------------------------------------------

PULL_REQUEST_EVENTS = frozenset({"pull_request", "pull_request_target"})


@dataclass(frozen=True)
class PullRequest:
    number: int
    title: str
    author: str | None
    base_ref: str
    base_sha: str
    head_ref: str
    head_sha: str
    labels: tuple[str, ...]
    changed_files: int
    commits: int = 1
    state: str = "OPEN"
    merged: bool = False
    merge_commit_sha: str | None = None
    url: str = ""


@dataclass(frozen=True)
class RunContext:
    """The triggering event and what it points at, after the pull request was read."""

    event: str
    repository: str
    sha: str | None
    ref: str | None
    pull_request: PullRequest | None = None
    payload: Mapping[str, Any] = field(default_factory=dict)
    server_url: str = "https://github.com"

    @property
    def owner(self) -> str:
        return self.repository.split("/", 1)[0]

    @property
    def name(self) -> str:
        return self.repository.split("/", 1)[1]

    @property
    def branch(self) -> str | None:
        """The branch ``when.branches`` looks at: a PR's base, else the pushed/deployed branch."""
        if self.pull_request is not None:
            return self.pull_request.base_ref
        if self.ref and self.ref.startswith("refs/heads/"):
            return self.ref.removeprefix("refs/heads/")
        return None

    @property
    def labels(self) -> tuple[str, ...]:
        return self.pull_request.labels if self.pull_request else ()

    @property
    def on_pull_request_event(self) -> bool:
        return self.event in PULL_REQUEST_EVENTS

    @property
    def head_sha(self) -> str | None:
        """The PR's head commit (not the test merge commit GITHUB_SHA names), else the sha."""
        return self.pull_request.head_sha if self.pull_request else self.sha


# --- facts a gate can ask for ----------------------------------------------------------------


class FactRequest(Generic[T]):
    """Base of the fact kinds. Subclasses are frozen dataclasses: equal requests share a fetch."""


@dataclass(frozen=True)
class ChangedFile:
    path: str
    status: str
    previous_path: str | None = None

    @property
    def paths(self) -> tuple[str, ...]:
        """Both names of a rename, else the one path."""
        return (self.previous_path, self.path) if self.previous_path else (self.path,)


@dataclass(frozen=True)
class ChangedFiles(FactRequest[tuple[ChangedFile, ...]]):
    """Every file the pull request changes, every page read."""


@dataclass(frozen=True)
class CollaboratorPermission(FactRequest[Permission]):
    login: str


@dataclass(frozen=True)
class LabelEvent:
    label: str
    actor: str | None
    created_at: datetime | None
    action: str = "labeled"


@dataclass(frozen=True)
class LabelEvents(FactRequest[tuple[LabelEvent, ...]]):
    """Who added and removed which label on the pull request, oldest first."""


@dataclass(frozen=True)
class RepoFile(FactRequest[str]):
    """A text file of the repository at a ref or sha."""

    path: str
    ref: str

    @property
    def label(self) -> str:
        """``app/package.json@1a2b3c4``: the path and the (shortened) commit, for messages."""
        ref = self.ref[:7] if re.fullmatch(r"[0-9a-f]{40}", self.ref) else self.ref
        return f"{self.path}@{ref}"


# --- the gathered facts ----------------------------------------------------------------------


@dataclass(frozen=True)
class Unavailable:
    """Why a requested fact could not be fetched, in one sentence."""

    reason: str


@dataclass(frozen=True)
class Facts:
    values: Mapping[FactRequest[Any], object]

    def get(self, request: FactRequest[T]) -> T:
        if request not in self.values:
            raise Undecided(f"{request!r} was not gathered (a gate asked late for a fact)")
        value = self.values[request]
        if isinstance(value, Unavailable):
            raise Undecided(value.reason)
        return cast(T, value)

    def merged(self, more: Mapping[FactRequest[Any], object]) -> Facts:
        return Facts({**self.values, **more})


Gather = Callable[[Iterable[FactRequest[Any]]], Mapping[FactRequest[Any], object]]
"Fetches each distinct request once and answers with its value or an ``Unavailable``."
