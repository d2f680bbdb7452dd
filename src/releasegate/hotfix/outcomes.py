"""What the backport does once the pick has run: push and open the PR, report a conflict, or
find it already done. Each returns a ``BackportResult`` and prints nothing (``report`` shows
it); nothing is written on a dry run.

Re-runs create nothing twice: the PR is found by its head branch (``existing_backport``), the
conflict issue by the hidden marker in its body, and the comment on the original PR is one
sticky comment per target, edited in place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from releasegate.github.client import GitHub
from releasegate.hotfix import github as rest
from releasegate.hotfix import messages
from releasegate.hotfix.git import Git
from releasegate.hotfix.pick import (
    PickOutcome,
    PickResult,
    abort_pick,
    commit_conflicted_state,
    manual_commands,
)
from releasegate.hotfix.remote import REMOTE, Remote
from releasegate.hotfix.result import BackportResult, Kind, OnGitHub
from releasegate.hotfix.workspace import commit_summaries
from releasegate.policy.models import HotfixSettings

if TYPE_CHECKING:
    from releasegate.hotfix.backport import BackportOptions


@dataclass(frozen=True)
class BackportRun:
    """One run of ``hotfix backport``: its clients, the original pull request, the settings,
    origin, and the options it was given."""

    reader: GitHub
    writer: GitHub  # with the backport token when one is given
    repo: rest.Repository
    pull: rest.HotfixPull
    settings: HotfixSettings
    remote: Remote
    options: BackportOptions


def existing_backport(
    run: BackportRun, backport: messages.Backport, commits: int
) -> BackportResult | None:
    """The backport pull request an earlier run opened, if there is one.

    A branch on origin without a pull request is looked at once the pick is made (``_push``).
    """
    found = rest.find_backport_pull(run.reader, run.repo, backport.branch, backport.target)
    if found is None:
        return None
    if found.state == "open" and not found.draft and not run.options.dry_run:
        _catch_up(run, backport, found, commits)
    pull = OnGitHub(found.number, found.url, found.state)
    return BackportResult(Kind.BACKPORT_EXISTS, backport, pull=pull)


def _catch_up(
    run: BackportRun, backport: messages.Backport, found: rest.Item, commits: int
) -> None:
    """What an earlier run may have failed to do after opening the pull request: its labels
    and the comment on the original, each only when missing (so a re-run writes nothing
    when that run finished)."""
    wanted = dict.fromkeys([*run.pull.labels, *run.settings.labels])
    missing = [label for label in wanted if label not in found.labels]
    rest.add_labels(run.writer, run.repo, found.number, missing)
    marker = messages.comment_marker(backport)
    if not rest.has_marked_comment(run.reader, run.repo, backport.number, marker):
        _comment(run, backport, messages.picked_comment(backport, found.url, commits))


def finish(
    run: BackportRun, backport: messages.Backport, work: Git, result: PickResult
) -> BackportResult:
    if result.outcome is PickOutcome.ALREADY_APPLIED:
        return _already_applied(run, backport)
    if result.outcome is PickOutcome.PICKED:
        return _picked(run, backport, work, result)
    conflict = _conflict(run, backport, work, result)
    if run.options.on_conflict == "draft-pr":
        return _conflict_draft(run, backport, work, conflict)
    abort_pick(work)
    return _conflict_issue(run, backport, conflict)


def _already_applied(run: BackportRun, backport: messages.Backport) -> BackportResult:
    if not run.options.dry_run:
        _comment(run, backport, messages.already_applied_comment(backport))
    return BackportResult(Kind.ALREADY_BACKPORTED, backport)


def _picked(
    run: BackportRun, backport: messages.Backport, work: Git, result: PickResult
) -> BackportResult:
    summaries = commit_summaries(
        work, [*(p.source for p in result.picked), *result.already_applied]
    )
    picked = [summaries[pick.source] for pick in result.picked]
    already = [summaries[sha] for sha in result.already_applied]
    if run.options.dry_run:
        return BackportResult(Kind.DRY_RUN, backport, commits=len(picked))
    if not _push(run, backport, work):
        return BackportResult(Kind.BRANCH_TAKEN, backport)
    pull = rest.open_pull(
        run.writer,
        run.repo,
        title=messages.pull_title(backport),
        head=backport.branch,
        base=backport.target,
        body=messages.pull_body(backport, picked, already),
        draft=False,
    )
    warnings = _dress(run, pull.number, conflict=False)
    _comment(run, backport, messages.picked_comment(backport, pull.url, len(picked)))
    return BackportResult(
        Kind.OPENED,
        backport,
        pull=OnGitHub(pull.number, pull.url),
        commits=len(picked),
        warnings=tuple(warnings),
    )


def _conflict(
    run: BackportRun, backport: messages.Backport, work: Git, result: PickResult
) -> messages.Conflict:
    sources = [*(pick.source for pick in result.picked), *result.remaining]
    summaries = commit_summaries(work, sources)
    commands = manual_commands(
        target=backport.target,
        production=run.settings.production,
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


def _conflict_issue(
    run: BackportRun, backport: messages.Backport, conflict: messages.Conflict
) -> BackportResult:
    if run.options.dry_run:
        return BackportResult(
            Kind.DRY_RUN_CONFLICT_ISSUE, backport, conflicted_files=conflict.files
        )
    marker = messages.issue_marker(backport)
    issue = rest.find_open_issue(run.writer, run.repo, messages.CONFLICT_LABEL, marker)
    warnings: list[str] = []
    if issue is None:
        issue = rest.open_issue(
            run.writer,
            run.repo,
            title=messages.issue_title(backport),
            body=messages.issue_body(backport, conflict),
            labels=[messages.CONFLICT_LABEL],
        )
        warnings = _optional([rest.add_assignees(run.writer, run.repo, issue.number, _people(run))])
    _comment(run, backport, messages.conflict_issue_comment(backport, conflict, issue.url))
    return BackportResult(
        Kind.CONFLICT_ISSUE,
        backport,
        issue=OnGitHub(issue.number, issue.url),
        conflicted_files=conflict.files,
        warnings=tuple(warnings),
    )


def _conflict_draft(
    run: BackportRun, backport: messages.Backport, work: Git, conflict: messages.Conflict
) -> BackportResult:
    if run.options.dry_run:
        return BackportResult(
            Kind.DRY_RUN_CONFLICT_DRAFT, backport, conflicted_files=conflict.files
        )
    commit_conflicted_state(work, messages.conflict_commit_message(backport))
    if not _push(run, backport, work):
        return BackportResult(Kind.BRANCH_TAKEN, backport, conflicted_files=conflict.files)
    pull, draft_warning = rest.open_draft_pull(
        run.writer,
        run.repo,
        title=messages.pull_title(backport),
        head=backport.branch,
        base=backport.target,
        body=messages.draft_body(backport, conflict),
    )
    warnings = _optional([draft_warning, *_dress(run, pull.number, conflict=True)])
    _comment(run, backport, messages.conflict_draft_comment(backport, conflict, pull.url))
    return BackportResult(
        Kind.CONFLICT_DRAFT,
        backport,
        pull=OnGitHub(pull.number, pull.url),
        conflicted_files=conflict.files,
        warnings=tuple(warnings),
    )


def _push(run: BackportRun, backport: messages.Backport, work: Git) -> bool:
    """Push the backport branch; False when origin has another branch of that name. One
    with the same files was pushed by an earlier run that failed before it opened the pull
    request: it is kept, so the re-run opens the pull request from it."""
    if not run.remote.has_branch(backport.branch):
        run.remote.push_branch(backport.branch)
        return True
    return run.remote.has_tree_of(backport.branch, work)


def _dress(run: BackportRun, number: int, *, conflict: bool) -> list[str]:
    """Labels (errors raise), then assignees and the review request (failures are warnings)."""
    labels = [*run.pull.labels, *run.settings.labels]
    labels += [messages.CONFLICT_LABEL] if conflict else []
    rest.add_labels(run.writer, run.repo, number, list(dict.fromkeys(labels)))
    warnings = [rest.add_assignees(run.writer, run.repo, number, run.pull.assignees)]
    author = run.pull.author
    if author and not run.pull.author_is_bot:
        warnings.append(rest.request_review(run.writer, run.repo, number, author))
    return _optional(warnings)


def _people(run: BackportRun) -> list[str]:
    author = [run.pull.author] if run.pull.author and not run.pull.author_is_bot else []
    return list(dict.fromkeys([*author, *run.pull.assignees]))


def _comment(run: BackportRun, backport: messages.Backport, body: str) -> None:
    marker = messages.comment_marker(backport)
    rest.comment(run.writer, run.repo, backport.number, marker, body)


def _optional(warnings: Sequence[str | None]) -> list[str]:
    return [warning for warning in warnings if warning]
