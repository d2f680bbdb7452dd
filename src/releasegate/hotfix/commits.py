"""Which commits a merged pull request put on production: the ones to cherry-pick back.

The merge method is read from the merge commit's parents, never guessed from the PR:

- two parents: a merge commit. We pick the PR's own non-merge commits (``p1..p2``) one by
  one rather than the merge itself, which would need ``cherry-pick -m``.
- one parent: a squash or a rebase merge. If the last ``pr_commit_count`` first-parent
  commits ending at the merge commit carry the same patches (``git patch-id --stable``), in
  order, as the PR's own commits, it was a rebase merge and those commits are picked;
  otherwise a squash merge and the merge commit alone is picked. A one-commit PR squashed
  or rebased puts the same single commit on production; it is reported as a squash.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from releasegate.errors import GitError
from releasegate.git.command import Git, failure


class MergeMethod(StrEnum):
    MERGE = "merge"
    SQUASH = "squash"
    REBASE = "rebase"


@dataclass(frozen=True)
class PickList:
    """How the PR was merged, and the commits to cherry-pick, oldest first (full SHAs)."""

    method: MergeMethod
    commits: tuple[str, ...]


def commits_put_on_production(
    git: Git, *, merge_commit_sha: str, pr_head_sha: str | None, pr_commit_count: int
) -> PickList:
    """The commits a merged PR put on production, found in a constant number of git processes.

    ``pr_head_sha`` is the PR's head commit; it is only needed for a single-parent merge of
    more than one commit, and must then be present locally (fetching ``refs/pull/N/head`` is
    the caller's job). ``pr_commit_count`` is the PR's number of commits, as GitHub reports it.
    """
    if pr_commit_count < 1:
        raise ValueError(f"a merged pull request has at least one commit, not {pr_commit_count}")
    (merge_commit,) = git.resolve_commits([merge_commit_sha])
    parents = git.run("log", "-1", "--format=%P", merge_commit, "--").split()
    if len(parents) == 2:
        return PickList(MergeMethod.MERGE, tuple(_pr_side_of_merge(git, *parents)))
    if len(parents) != 1:
        raise GitError(
            f"Commit {merge_commit} has {len(parents)} parents, so it is not the result of a "
            "GitHub merge, squash or rebase; check the merge commit SHA given for the pull request."
        )
    return _single_parent_pick(git, merge_commit, pr_head_sha, pr_commit_count)


def is_on_branch(git: Git, commit: str, branch_ref: str) -> bool:
    """Whether ``commit`` is ``branch_ref`` or one of its ancestors. A commit this checkout
    does not have is on no branch it fetched."""
    if not git.has_commit(commit):
        return False
    answer = git.attempt("merge-base", "--is-ancestor", commit, branch_ref)
    if answer.returncode not in (0, 1):  # 1 is "no"; anything else is git failing
        raise failure(answer)
    return answer.ok


def patch_ids(git: Git, commits: Sequence[str]) -> dict[str, str | None]:
    """``git patch-id --stable`` of each commit (None for an empty one), in two git processes."""
    result: dict[str, str | None] = dict.fromkeys(commits)
    if not commits:
        return result
    patches = git.run(
        "diff-tree",
        "--stdin",
        "-p",
        "--binary",
        "--no-renames",
        "--root",
        stdin="".join(f"{commit}\n" for commit in commits),
    )
    for line in git.lines("patch-id", "--stable", stdin=patches):
        patch_id, commit = line.split()
        result[commit] = patch_id
    return result


def _pr_side_of_merge(git: Git, first_parent: str, second_parent: str) -> list[str]:
    return git.lines("rev-list", "--reverse", "--no-merges", f"{first_parent}..{second_parent}")


def _single_parent_pick(
    git: Git, merge_commit: str, pr_head_sha: str | None, pr_commit_count: int
) -> PickList:
    squash = PickList(MergeMethod.SQUASH, (merge_commit,))
    if pr_commit_count == 1:
        # One commit squashed or rebased is the same change: the merge commit itself.
        return squash
    if pr_head_sha is None or not git.has_commit(pr_head_sha):
        raise GitError(
            f"The head commit {pr_head_sha or '(unknown)'} of the merged pull request is not in "
            f"this checkout, and it is needed to tell a squash from a rebase merge of "
            f"{pr_commit_count} commits. Fetch it first (git fetch origin refs/pull/<N>/head)."
        )
    landed = _last_first_parent_commits(git, merge_commit, pr_commit_count)
    pr_commits = _pr_commits(git, pr_head_sha, merge_commit, pr_commit_count)
    if len(landed) == pr_commit_count and _same_patches(git, landed, pr_commits):
        return PickList(MergeMethod.REBASE, tuple(landed))
    return squash


def _last_first_parent_commits(git: Git, tip: str, count: int) -> list[str]:
    newest_first = git.lines("rev-list", "--first-parent", "-n", str(count), tip, "--")
    return newest_first[::-1]


def _pr_commits(git: Git, pr_head: str, merge_commit: str, pr_commit_count: int) -> list[str]:
    """The PR's commits, oldest first: those of its head that production does not have."""
    commits = git.lines("rev-list", "--reverse", "--no-merges", pr_head, f"^{merge_commit}", "--")
    if commits:
        return commits
    # The head is on production as it is (a fast-forward): its last commits are the PR's.
    return _last_first_parent_commits(git, pr_head, pr_commit_count)


def _same_patches(git: Git, landed: Sequence[str], pr_commits: Sequence[str]) -> bool:
    if len(landed) != len(pr_commits):
        return False
    ids = patch_ids(git, [*landed, *pr_commits])
    return [ids[commit] for commit in landed] == [ids[commit] for commit in pr_commits]
