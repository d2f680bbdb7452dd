"""A small runner for the git binary: list arguments, never a shell, errors as GitError."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from releasegate.errors import GitError

# Commands in error messages are cut here: a cherry-pick of many commits is a long line.
_MAX_COMMAND_CHARS = 200
_FULL_HISTORY_HINT = (
    "Check out the repository with its full history (actions/checkout with `fetch-depth: 0`) "
    "so every branch and commit is present, or fetch the missing ref first."
)


@dataclass(frozen=True)
class GitOutput:
    """What one git process returned."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


class Git:
    """Runs git in one checkout, with a fixed C locale and no credential prompts."""

    def __init__(self, checkout: str | Path) -> None:
        self.checkout = Path(checkout).absolute()
        self._env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}

    def attempt(self, *args: str, stdin: str | None = None) -> GitOutput:
        """Run ``git args...`` and return what happened, whatever the exit status."""
        try:
            completed = subprocess.run(
                ["git", *args],
                check=False,
                capture_output=True,
                text=True,
                # Patches and messages need not be UTF-8; keep their bytes round-trippable.
                encoding="utf-8",
                errors="surrogateescape",
                cwd=self.checkout,
                env=self._env,
                input=stdin,
            )
        except OSError as error:
            raise GitError(
                f"Could not run `{describe(args)}` in {self.checkout}: {error}. "
                "Make sure git is installed and on PATH and the checkout directory exists."
            ) from error
        return GitOutput(tuple(args), completed.returncode, completed.stdout, completed.stderr)

    def run(self, *args: str, stdin: str | None = None) -> str:
        """Run ``git args...`` and return its stdout; a non-zero exit raises GitError."""
        output = self.attempt(*args, stdin=stdin)
        if not output.ok:
            raise failure(output)
        return output.stdout

    def lines(self, *args: str, stdin: str | None = None) -> list[str]:
        return self.run(*args, stdin=stdin).splitlines()

    def resolve_commits(self, refs: Sequence[str]) -> list[str]:
        """Full SHAs of ``refs`` (branches, remote-tracking refs, SHAs), in one git process.

        A ref that does not name a commit raises GitError with the full-history hint.
        """
        if not refs:
            return []
        if any("\n" in ref for ref in refs):
            raise GitError(f"A ref name cannot contain a line break: {list(refs)!r}.")
        queries = "".join(f"{ref}^{{commit}}\n" for ref in refs)
        answers = self.lines("cat-file", "--batch-check=%(objectname)", stdin=queries)
        missing = [ref for ref, answer in zip(refs, answers, strict=True) if " " in answer]
        if missing:
            names = ", ".join(f"'{ref}'" for ref in missing)
            raise GitError(
                f"{names} does not name a commit in {self.checkout}. {_FULL_HISTORY_HINT}"
            )
        return answers

    def has_commit(self, sha: str) -> bool:
        # Through stdin, so no value can be taken for an option.
        answer = self.run("cat-file", "--batch-check=%(objectname)", stdin=f"{sha}^{{commit}}\n")
        return " " not in answer.strip()

    def require_full_history(self) -> None:
        """Raise GitError in a shallow clone, where merge-bases and ranges would be wrong."""
        if self.run("rev-parse", "--is-shallow-repository").strip() == "true":
            raise GitError(f"The checkout at {self.checkout} is shallow. {_FULL_HISTORY_HINT}")


def describe(args: Iterable[str]) -> str:
    command = " ".join(["git", *args])
    if len(command) > _MAX_COMMAND_CHARS:
        return command[: _MAX_COMMAND_CHARS - 1] + "…"
    return command


def failure(output: GitOutput, hint: str = "") -> GitError:
    """A one-paragraph GitError naming the command, its exit status and its stderr."""
    said = output.stderr if output.stderr.strip() else output.stdout
    said = " ".join(line.strip() for line in said.splitlines() if line.strip())
    message = f"`{describe(output.args)}` failed (exit {output.returncode})"
    message += f": {said}" if said else "."
    if hint:
        message += f" {hint}"
    return GitError(message)
