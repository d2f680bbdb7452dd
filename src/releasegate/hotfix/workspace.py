"""A scratch work tree for the cherry-pick: the job's checkout (its branch, index and files)
is never touched, so a laptop run leaves the clone as it was and a re-run finds no leftovers.

The work tree shares the checkout's repository: the backport branch made there is pushed from
the checkout, then deleted locally with the work tree once the run ends, however it ends.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from releasegate.errors import GitError
from releasegate.facts.git import GitCommit
from releasegate.git.command import Git
from releasegate.hotfix.remote import ConfiguredGit

# A runner has no git identity; commits made there are the Actions bot's, as is customary.
BOT_IDENTITY = (
    ("user.name", "github-actions[bot]"),
    ("user.email", "41898282+github-actions[bot]@users.noreply.github.com"),
)


@contextmanager
def scratch_worktree(git: Git, *, start: str, branch: str) -> Iterator[Git]:
    """A detached work tree at ``start``; the local ``branch`` is deleted when it closes."""
    if git.attempt("rev-parse", "--verify", "--quiet", f"refs/heads/{branch}").ok:
        raise GitError(
            f"A local branch '{branch}' already exists in {git.checkout}, and the backport "
            f"creates it afresh; delete it (git branch -D {branch}) or run in a fresh clone."
        )
    folder = Path(tempfile.mkdtemp(prefix="releasegate-backport-", dir=_temporary_root()))
    try:
        git.run("worktree", "add", "--quiet", "--detach", str(folder), start)
        has_identity = git.attempt("var", "GIT_COMMITTER_IDENT").ok
        yield ConfiguredGit(folder, () if has_identity else BOT_IDENTITY)
    finally:
        git.attempt("worktree", "remove", "--force", "--force", str(folder))
        shutil.rmtree(folder, ignore_errors=True)
        git.attempt("worktree", "prune")
        git.attempt("branch", "--quiet", "-D", branch)


def commit_summaries(git: Git, shas: Sequence[str]) -> dict[str, GitCommit]:
    """Each commit's subject line, in one git process."""
    if not shas:
        return {}
    output = git.run("log", "--no-walk=unsorted", "-z", "--format=%H%n%s", *shas, "--")
    records = (record.split("\n", 1) for record in output.split("\0") if record)
    return {sha: GitCommit(sha, subject) for sha, subject in records}


def _temporary_root() -> str | None:
    return os.environ.get("RUNNER_TEMP") or None
