"""Every error a user can see, each with its exit code.

Like cibuildwheel's errors module: one class per kind of failure, so the exit code of each is
decided here, once. Messages say what happened, the likely cause and the fix, in one short
paragraph. The CLI catches ``ReleasegateError`` in exactly one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

EXIT_PASSED = 0
EXIT_BLOCKED = 1
EXIT_USAGE = 2
EXIT_UNDECIDED = 3


class ReleasegateError(Exception):
    """Base of the errors the CLI turns into a message and an exit code."""

    exit_code: ClassVar[int] = EXIT_USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(ReleasegateError):
    """Options or environment that do not make a runnable command (exit 2)."""

    exit_code = EXIT_USAGE


@dataclass(frozen=True)
class Problem:
    """One problem in a policy file, at a position (1-based line and column)."""

    path: str
    line: int
    col: int
    message: str

    def __post_init__(self) -> None:
        # One problem, one line: a key or value quoted from the file may hold line breaks or
        # terminal control characters; they are shown escaped.
        object.__setattr__(self, "message", visible(self.message))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


_INVISIBLE = frozenset({"Cc", "Zl", "Zp"})
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def visible(text: str) -> str:
    """``text`` on one line, control characters (but tabs) and bidi overrides escaped."""
    import unicodedata  # noqa: PLC0415

    return "".join(
        char.encode("unicode_escape").decode("ascii")
        if char != "\t" and (unicodedata.category(char) in _INVISIBLE or char in _BIDI)
        else char
        for char in text
    )


class PolicyError(ReleasegateError):
    """A policy file that cannot be used; nothing was evaluated (exit 2)."""

    exit_code = EXIT_USAGE

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


class GitHubError(ReleasegateError):
    """A GitHub call failed for good, after retries; the run cannot decide (exit 3).

    ``status`` is the HTTP status of a definite answer (404, 422...), None for a call that
    never got one (connection reset, timeouts, retries exhausted).
    """

    exit_code = EXIT_UNDECIDED

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class UnconfirmedWrite(GitHubError):
    """A create (a comment, a check run, an issue, a pull request) whose answer was lost: a
    reset, a timeout, a 5xx or a cut-off body may come after GitHub made it. Sending it again
    could make it twice, so the caller looks for it first (``GitHub.create_once``)."""

    def __init__(self, message: str, cause: str) -> None:
        super().__init__(message)
        self.cause = cause


class GitError(ReleasegateError):
    """A git command failed in a way the run cannot recover from (exit 3)."""

    exit_code = EXIT_UNDECIDED


class FactsError(ReleasegateError):
    """Facts a gate needs could not be gathered (exit 3 unless the gate only warns)."""

    exit_code = EXIT_UNDECIDED


class HistoryError(ReleasegateError):
    """The watch history or its incident could not be read or written (exit 3); the run's own
    result is still reported."""

    exit_code = EXIT_UNDECIDED
