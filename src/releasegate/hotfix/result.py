"""How a backport run ended, as data: the steps return a ``BackportResult`` and never print.

``report`` renders it (the lines on stdout, the step outputs); the exit code is derived from
it here, once. Errors (GitHub down, git failing, a merge commit not on production) are not
results: they raise, and the CLI turns them into exit 3.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from releasegate.errors import EXIT_BLOCKED, EXIT_PASSED
from releasegate.hotfix.messages import Backport


class Kind(StrEnum):
    NOT_A_HOTFIX = "not-a-hotfix"  # an event, or a pull request, the backport does not act on
    ALREADY_BACKPORTED = "already-backported"  # every pick was empty: the fix is on the target
    BACKPORT_EXISTS = "backport-exists"  # an open or merged backport pull request was found
    BRANCH_TAKEN = "branch-taken"  # origin has the branch with other changes and no PR from it
    OPENED = "opened"
    CONFLICT_ISSUE = "conflict-issue"
    CONFLICT_DRAFT = "conflict-draft"
    DRY_RUN = "dry-run"  # would push the branch and open the pull request
    DRY_RUN_CONFLICT_ISSUE = "dry-run-conflict-issue"
    DRY_RUN_CONFLICT_DRAFT = "dry-run-conflict-draft"


@dataclass(frozen=True)
class OnGitHub:
    """A pull request or issue the backport opened or found."""

    number: int
    url: str
    state: str = "open"  # open, closed or merged


@dataclass(frozen=True)
class BackportResult:
    kind: Kind
    backport: Backport | None = None  # None only when there is no hotfix to backport
    note: str = ""  # NOT_A_HOTFIX: the one line that says why
    pull: OnGitHub | None = None  # the backport pull request (opened, draft, or found)
    issue: OnGitHub | None = None  # the conflict issue
    commits: int = 0  # the commits cherry-picked onto the branch
    conflicted_files: tuple[str, ...] = ()  # set when this run stopped on a conflict
    completed: tuple[str, ...] = ()  # steps an earlier run left undone, taken by this one
    warnings: tuple[str, ...] = ()

    @property
    def exit_code(self) -> int:
        """1 while a conflict waits for a person (whatever was opened for it), else 0."""
        return EXIT_BLOCKED if self.conflicted_files else EXIT_PASSED


def nothing_to_do(note: str) -> BackportResult:
    return BackportResult(Kind.NOT_A_HOTFIX, note=note)
