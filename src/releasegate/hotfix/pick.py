"""Cherry-pick a hotfix's commits onto a fresh backport branch; never pushes.

The run works only on the backport branch: it is created from the target ref, and the
production and target branches are never checked out, moved or written locally.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from releasegate.errors import GitError
from releasegate.git.command import Git, GitOutput, failure

# rerere could silently "resolve" a conflict with a recorded resolution; we never resolve.
_PICK = ("-c", "rerere.enabled=false", "cherry-pick")


class PickOutcome(StrEnum):
    PICKED = "picked"
    ALREADY_APPLIED = "already-applied"
    CONFLICT = "conflict"


@dataclass(frozen=True)
class Picked:
    """One commit cherry-picked: the source commit and the new commit on the branch."""

    source: str
    new: str


@dataclass(frozen=True)
class PickResult:
    """How a cherry-pick run ended.

    ``PICKED``: at least one commit was picked; ``already_applied`` lists the ones whose pick
    was empty. ``ALREADY_APPLIED``: every pick was empty, the branch equals the target.
    ``CONFLICT``: ``conflict_commit`` stopped with ``conflicted_files`` unmerged; the pick is
    left in progress for ``abort_pick`` or ``commit_conflicted_state``, and ``remaining`` holds
    the conflicting commit and the ones after it.
    """

    outcome: PickOutcome
    branch: str
    picked: tuple[Picked, ...] = ()
    already_applied: tuple[str, ...] = ()
    conflict_commit: str | None = None
    conflicted_files: tuple[str, ...] = ()
    remaining: tuple[str, ...] = ()

    @property
    def new_commits(self) -> tuple[str, ...]:
        return tuple(pick.new for pick in self.picked)


def cherry_pick(
    git: Git,
    *,
    target_ref: str,
    branch: str,
    commits: Sequence[str],
    production_ref: str | None = None,
) -> PickResult:
    """Create ``branch`` from ``target_ref`` and ``cherry-pick -x`` each commit, in order."""
    if not commits:
        raise ValueError("cherry_pick needs at least one commit")
    _refuse_protected_branch(git, branch, [target_ref, production_ref])
    target, *sources = git.resolve_commits([target_ref, *commits])
    _require_clean_tree(git)
    git.run("switch", "--no-track", "-c", branch, target)
    return _pick_in_sequence(git, branch, target, sources)


def abort_pick(git: Git) -> None:
    """Abandon a cherry-pick in progress: the branch and working tree return to the start."""
    if _pick_in_progress(git):
        git.run("cherry-pick", "--abort")


def commit_conflicted_state(git: Git, message: str) -> str:
    """Commit a conflicted pick as it is, markers included (for a draft PR); return its SHA.

    The message gets the list of conflicted files and the ``-x`` trailer; the rest of the
    sequence is dropped (``cherry-pick --quit``): the draft PR lists what is left to pick.
    """
    source = _stopped_at(git)
    files = conflicted_files(git)
    if source is None or not files:
        raise GitError(
            "There is no conflicted cherry-pick to commit in this checkout; "
            "commit_conflicted_state only follows a cherry_pick that ended in CONFLICT."
        )
    git.run("--literal-pathspecs", "add", "--all", "--", *files)
    listing = "\n".join(f"- {path}" for path in files)
    full_message = (
        f"{message.strip()}\n\nConflicted files, committed with their conflict markers:\n"
        f"{listing}\n\n(cherry picked from commit {source})\n"
    )
    git.run("commit", "--no-verify", "--cleanup=whitespace", "--file=-", stdin=full_message)
    git.run("cherry-pick", "--quit")
    return git.run("rev-parse", "HEAD").strip()


def conflicted_files(git: Git) -> tuple[str, ...]:
    """Paths with unmerged entries in the index, in git's order."""
    output = git.run("diff", "--name-only", "--diff-filter=U", "-z")
    return tuple(path for path in output.split("\0") if path)


def manual_commands(
    *,
    target: str,
    production: str,
    branch: str,
    commits: Sequence[str],
    remote: str = "origin",
    branch_on_remote: bool = False,
) -> list[str]:
    """The shell commands a person runs to finish the backport by hand, one per line.

    ``target`` and ``production`` are branch names on ``remote``; ``commits`` are the ones
    still to pick (leave out those already applied: their empty pick would stop git).
    Lines starting with ``#`` are shell comments telling where the conflict resolution goes.
    With ``branch_on_remote`` (the draft-PR mode pushed the conflicted state) the branch is
    rebuilt from the target and the push replaces the remote branch, with a lease.
    """
    fetched = [target, production, *([branch] if branch_on_remote else [])]
    push_mode = "--force-with-lease" if branch_on_remote else "--set-upstream"
    return [
        _shell("git", "fetch", remote, *fetched),
        _shell("git", "checkout", "-b", branch, f"{remote}/{target}"),
        _shell("git", "cherry-pick", "-x", *commits),
        "# Where git stops on a conflict: fix the files it lists, `git add` them, then continue",
        "# (run the next line again each time it stops on another conflict):",
        "git cherry-pick --continue",
        _shell("git", "push", push_mode, remote, branch),
    ]


def _pick_in_sequence(git: Git, branch: str, target: str, sources: list[str]) -> PickResult:
    already: list[str] = []
    output = git.attempt(*_PICK, "-x", *sources)
    while not output.ok:
        stopped_at = _stopped_at(git)
        if stopped_at is None:
            _abandon(git)
            raise failure(output)
        files = conflicted_files(git)
        if files:
            return _conflict(
                git,
                branch,
                target=target,
                sources=sources,
                already=already,
                stopped_at=stopped_at,
                files=files,
            )
        _require_empty_pick(git, output)
        already.append(stopped_at)
        output = git.attempt(*_PICK, "--skip")
    picked = _picked(git, target, [source for source in sources if source not in already])
    outcome = PickOutcome.PICKED if picked else PickOutcome.ALREADY_APPLIED
    return PickResult(outcome, branch, picked=picked, already_applied=tuple(already))


def _conflict(
    git: Git,
    branch: str,
    *,
    target: str,
    sources: list[str],
    already: list[str],
    stopped_at: str,
    files: tuple[str, ...],
) -> PickResult:
    done = sources[: sources.index(stopped_at)]
    return PickResult(
        PickOutcome.CONFLICT,
        branch,
        picked=_picked(git, target, [source for source in done if source not in already]),
        already_applied=tuple(already),
        conflict_commit=stopped_at,
        conflicted_files=files,
        remaining=tuple(sources[len(done) :]),
    )


def _picked(git: Git, target: str, sources: list[str]) -> tuple[Picked, ...]:
    new_commits = git.lines("rev-list", "--reverse", f"{target}..HEAD", "--")
    return tuple(Picked(source, new) for source, new in zip(sources, new_commits, strict=True))


def _require_empty_pick(git: Git, output: GitOutput) -> None:
    """A stop without unmerged files is an empty pick only if the index still equals HEAD."""
    if not git.attempt("diff", "--cached", "--quiet").ok:
        _abandon(git)
        raise failure(output, "The cherry-pick was abandoned; the backport branch is unchanged.")


def _abandon(git: Git) -> None:
    """Undo a pick that failed for a reason other than a conflict, before reporting it."""
    if _pick_in_progress(git):
        git.attempt("cherry-pick", "--abort")  # the original failure is what gets reported


def _stopped_at(git: Git) -> str | None:
    output = git.attempt("rev-parse", "--quiet", "--verify", "CHERRY_PICK_HEAD^{commit}")
    return output.stdout.strip() if output.ok else None


def _pick_in_progress(git: Git) -> bool:
    sequencer = git.checkout / git.run("rev-parse", "--git-path", "sequencer").strip()
    return _stopped_at(git) is not None or sequencer.is_dir()


def _require_clean_tree(git: Git) -> None:
    changes = git.run("status", "--porcelain", "--untracked-files=no")
    if changes.strip():
        raise GitError(
            f"The checkout at {git.checkout} has uncommitted changes to tracked files; "
            "the backport needs a clean working tree. Commit or stash them and run again."
        )


def _refuse_protected_branch(git: Git, branch: str, refs: Sequence[str | None]) -> None:
    remotes = git.lines("remote")
    protected = {_branch_name(ref, remotes) for ref in refs if ref}
    if _branch_name(branch, remotes) in protected:
        raise GitError(
            f"Refusing to use '{branch}' as the backport branch: it is the target or the "
            "production branch, which the backport never writes. Use a branch of its own, "
            "such as backport/<number>-to-<target>."
        )


def _branch_name(ref: str, remotes: Sequence[str]) -> str:
    """``origin/main``, ``refs/remotes/origin/main`` and ``refs/heads/main`` all name main."""
    for prefix in ("refs/heads/", "refs/remotes/"):
        ref = ref.removeprefix(prefix)
    for remote in remotes:
        if ref.startswith(f"{remote}/"):
            return ref[len(remote) + 1 :]
    return ref


def _shell(*words: str) -> str:
    return shlex.join(words)
