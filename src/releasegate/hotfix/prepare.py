"""The backport branch, made in a scratch work tree: pick, read what was picked, and push it
(with the conflicted state, in the draft mode).

The work tree is gone before the first GitHub write, so a run killed while it talks to
GitHub leaves the job's checkout as it was, and a re-run there finds no leftover branch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from releasegate.facts.git import GitCommit
from releasegate.git.checkout import REMOTE, remote_ref
from releasegate.git.command import Git
from releasegate.hotfix import messages
from releasegate.hotfix.pick import (
    PickOutcome,
    PickResult,
    abort_pick,
    cherry_pick,
    commit_conflicted_state,
    manual_commands,
)
from releasegate.hotfix.run import BackportRun
from releasegate.hotfix.workspace import commit_summaries, scratch_worktree


@dataclass(frozen=True)
class Prepared:
    """What the scratch work tree leaves for the GitHub writes."""

    outcome: PickOutcome
    picked: tuple[GitCommit, ...] = ()
    already: tuple[GitCommit, ...] = ()  # empty picks: already on the target
    conflict: messages.Conflict | None = None
    on_origin: bool = False  # origin's backport branch holds this pick (pushed now or before)


def prepare_branch(
    run: BackportRun, backport: messages.Backport, commits: Sequence[str], *, push: bool
) -> Prepared:
    """Pick ``commits`` onto the target; with ``push``, put the branch on origin."""
    start = remote_ref(backport.target)
    with scratch_worktree(run.remote.git, start=start, branch=backport.branch) as work:
        result = cherry_pick(
            work,
            target_ref=start,
            branch=backport.branch,
            commits=commits,
            production_ref=remote_ref(backport.production),
        )
        if result.outcome is PickOutcome.ALREADY_APPLIED:
            return Prepared(result.outcome)
        if result.outcome is PickOutcome.PICKED:
            return _picked(run, backport, work, result, push=push)
        return _conflicted(run, backport, work, result, push=push)


def _picked(
    run: BackportRun, backport: messages.Backport, work: Git, result: PickResult, *, push: bool
) -> Prepared:
    summaries = commit_summaries(
        work, [*(p.source for p in result.picked), *result.already_applied]
    )
    return Prepared(
        result.outcome,
        picked=tuple(summaries[pick.source] for pick in result.picked),
        already=tuple(summaries[sha] for sha in result.already_applied),
        on_origin=push and _push(run, backport, work),
    )


def _conflicted(
    run: BackportRun, backport: messages.Backport, work: Git, result: PickResult, *, push: bool
) -> Prepared:
    conflict = _conflict(run, backport, work, result)
    if push and run.options.on_conflict == "draft-pr":
        commit_conflicted_state(work, messages.conflict_commit_message(backport))
        return Prepared(result.outcome, conflict=conflict, on_origin=_push(run, backport, work))
    abort_pick(work)
    return Prepared(result.outcome, conflict=conflict)


def _conflict(
    run: BackportRun, backport: messages.Backport, work: Git, result: PickResult
) -> messages.Conflict:
    sources = [*(pick.source for pick in result.picked), *result.remaining]
    summaries = commit_summaries(work, sources)
    commands = manual_commands(
        target=backport.target,
        production=backport.production,
        branch=backport.branch,
        commits=sources,
        remote=REMOTE,
        branch_on_remote=run.options.on_conflict == "draft-pr",
    )
    return messages.Conflict(
        commit=summaries[result.remaining[0]],  # the commit the pick stopped at
        files=result.conflicted_files,
        picked=tuple(summaries[pick.source] for pick in result.picked),
        remaining=tuple(summaries[sha] for sha in result.remaining),
        commands=tuple(commands),
    )


def _push(run: BackportRun, backport: messages.Backport, work: Git) -> bool:
    """Push the backport branch; False when origin has another branch of that name. One
    with the same files was pushed by an earlier run that failed before it opened the pull
    request: it is kept, so the re-run opens the pull request from it."""
    if not run.remote.has_branch(backport.branch):
        run.remote.push_branch(backport.branch)
        return True
    return run.remote.has_tree_of(backport.branch, work)
