"""What the backport does once the pick has run: push and open the PR, report a conflict, or
say it is already done. Each returns the exit code; nothing is written on a dry run.

Re-runs create nothing twice: the PR is found by its head branch (``existing_backport``), the
conflict issue by the hidden marker in its body, and the comment on the original PR is one
sticky comment per target, edited in place.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from releasegate.errors import EXIT_BLOCKED, EXIT_PASSED
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
from releasegate.hotfix.workspace import commit_summaries
from releasegate.policy.models import HotfixSettings

if TYPE_CHECKING:
    from releasegate.hotfix.backport import BackportOptions


@dataclass(frozen=True)
class Job:
    reader: GitHub
    writer: GitHub  # with the backport token when one is given
    repo: rest.Repository
    pull: rest.HotfixPull
    settings: HotfixSettings
    remote: Remote
    options: BackportOptions


def say(line: str) -> None:
    """One line of output; names from git or GitHub cannot start a line of their own."""
    print(" ".join(line.split()))


def existing_backport(job: Job, backport: messages.Backport, commits: int) -> int | None:
    """Exit code 0 after reporting a backport that already exists; None when there is none.

    A branch on origin without a pull request is looked at once the pick is made (``_push``).
    """
    found = rest.find_backport_pull(job.reader, job.repo, backport.branch, backport.target)
    if found is None:
        return None
    if found.state == "open" and not found.draft and not job.options.dry_run:
        _catch_up(job, backport, found, commits)
    say(
        f"the backport of #{backport.number} to '{backport.target}' exists: {found.url} "
        f"({found.state}); nothing created"
    )
    _outputs(job, {"backport-pr": found.url})
    return EXIT_PASSED


def _catch_up(job: Job, backport: messages.Backport, found: rest.Item, commits: int) -> None:
    """What an earlier run may have failed to do after opening the pull request: its labels
    and the comment on the original, each only when missing (so a re-run writes nothing
    when that run finished)."""
    wanted = dict.fromkeys([*job.pull.labels, *job.settings.labels])
    missing = [label for label in wanted if label not in found.labels]
    rest.add_labels(job.writer, job.repo, found.number, missing)
    marker = messages.comment_marker(backport)
    if not rest.has_marked_comment(job.reader, job.repo, backport.number, marker):
        _comment(job, backport, messages.picked_comment(backport, found.url, commits))


def finish(job: Job, backport: messages.Backport, work: Git, result: PickResult) -> int:
    if result.outcome is PickOutcome.ALREADY_APPLIED:
        return _already_applied(job, backport)
    if result.outcome is PickOutcome.PICKED:
        return _picked(job, backport, work, result)
    conflict = _conflict(job, backport, work, result)
    if job.options.on_conflict == "draft-pr":
        return _conflict_draft(job, backport, work, conflict)
    abort_pick(work)
    return _conflict_issue(job, backport, conflict)


def _already_applied(job: Job, backport: messages.Backport) -> int:
    if not job.options.dry_run:
        _comment(job, backport, messages.already_applied_comment(backport))
    say(
        f"pull request #{backport.number} is already on '{backport.target}' (every cherry-pick "
        "was empty); nothing to backport"
    )
    return EXIT_PASSED


def _picked(job: Job, backport: messages.Backport, work: Git, result: PickResult) -> int:
    summaries = commit_summaries(
        work, [*(p.source for p in result.picked), *result.already_applied]
    )
    picked = [summaries[pick.source] for pick in result.picked]
    already = [summaries[sha] for sha in result.already_applied]
    count = f"{len(picked)} commit{'s' if len(picked) != 1 else ''}"
    if job.options.dry_run:
        say(
            f"dry run: would push '{backport.branch}' ({count}) and open a pull request into "
            f"'{backport.target}'"
        )
        return EXIT_PASSED
    if not _push(job, backport, work):
        return EXIT_PASSED
    pull = rest.open_pull(
        job.writer,
        job.repo,
        title=messages.pull_title(backport),
        head=backport.branch,
        base=backport.target,
        body=messages.pull_body(backport, picked, already),
        draft=False,
    )
    warnings = _dress(job, pull.number, conflict=False)
    _comment(job, backport, messages.picked_comment(backport, pull.url, len(picked)))
    say(
        f"opened {pull.url}: the backport of #{backport.number} to '{backport.target}' "
        f"({count}, {backport.method})"
    )
    _warn(warnings)
    _outputs(job, {"backport-pr": pull.url})
    return EXIT_PASSED


def _conflict(
    job: Job, backport: messages.Backport, work: Git, result: PickResult
) -> messages.Conflict:
    sources = [*(pick.source for pick in result.picked), *result.remaining]
    summaries = commit_summaries(work, sources)
    commands = manual_commands(
        target=backport.target,
        production=job.settings.production,
        branch=backport.branch,
        commits=sources,
        remote=REMOTE,
        branch_on_remote=job.options.on_conflict == "draft-pr",
    )
    return messages.Conflict(
        commit=summaries[result.remaining[0]],  # the commit the pick stopped at
        files=result.conflicted_files,
        picked=tuple(summaries[pick.source] for pick in result.picked),
        remaining=tuple(summaries[sha] for sha in result.remaining),
        commands=tuple(commands),
    )


def _conflict_issue(job: Job, backport: messages.Backport, conflict: messages.Conflict) -> int:
    files = ", ".join(conflict.files)
    if job.options.dry_run:
        say(
            f"dry run: the backport of #{backport.number} conflicts in {files}; would open an "
            "issue with the commands to finish it"
        )
        return EXIT_BLOCKED
    marker = messages.issue_marker(backport)
    issue = rest.find_open_issue(job.writer, job.repo, messages.CONFLICT_LABEL, marker)
    warnings: list[str] = []
    if issue is None:
        issue = rest.open_issue(
            job.writer,
            job.repo,
            title=messages.issue_title(backport),
            body=messages.issue_body(backport, conflict),
            labels=[messages.CONFLICT_LABEL],
        )
        warnings = _optional([rest.add_assignees(job.writer, job.repo, issue.number, _people(job))])
    _comment(job, backport, messages.conflict_issue_comment(backport, conflict, issue.url))
    say(
        f"the backport of #{backport.number} to '{backport.target}' conflicts in {files}; "
        f"nothing was pushed; finish it by hand as {issue.url} says"
    )
    _warn(warnings)
    _outputs(job, {"backport-issue": issue.url})
    return EXIT_BLOCKED


def _conflict_draft(
    job: Job, backport: messages.Backport, work: Git, conflict: messages.Conflict
) -> int:
    files = ", ".join(conflict.files)
    if job.options.dry_run:
        say(
            f"dry run: the backport of #{backport.number} conflicts in {files}; would push "
            f"'{backport.branch}' with the conflicted state and open a draft pull request"
        )
        return EXIT_BLOCKED
    commit_conflicted_state(work, messages.conflict_commit_message(backport))
    if not _push(job, backport, work):
        return EXIT_BLOCKED
    pull, draft_warning = rest.open_draft_pull(
        job.writer,
        job.repo,
        title=messages.pull_title(backport),
        head=backport.branch,
        base=backport.target,
        body=messages.draft_body(backport, conflict),
    )
    warnings = _optional([draft_warning, *_dress(job, pull.number, conflict=True)])
    _comment(job, backport, messages.conflict_draft_comment(backport, conflict, pull.url))
    say(
        f"the backport of #{backport.number} to '{backport.target}' conflicts in {files}; "
        f"opened the draft {pull.url} with the conflicted state to finish by hand"
    )
    _warn(warnings)
    _outputs(job, {"backport-pr": pull.url})
    return EXIT_BLOCKED


def _push(job: Job, backport: messages.Backport, work: Git) -> bool:
    """Push the backport branch; False (and say why) when origin has another branch of that
    name. One with the same files was pushed by an earlier run that failed before it opened
    the pull request: it is kept, so the re-run opens the pull request from it."""
    if not job.remote.has_branch(backport.branch):
        job.remote.push_branch(backport.branch)
        return True
    if job.remote.has_tree_of(backport.branch, work):
        return True
    say(
        f"the branch '{backport.branch}' already exists on {REMOTE} with other changes and no "
        "pull request from it; open one from it, or delete the branch and run again; nothing "
        "created"
    )
    return False


def _dress(job: Job, number: int, *, conflict: bool) -> list[str]:
    """Labels (errors raise), then assignees and the review request (failures are warnings)."""
    labels = [*job.pull.labels, *job.settings.labels]
    labels += [messages.CONFLICT_LABEL] if conflict else []
    rest.add_labels(job.writer, job.repo, number, list(dict.fromkeys(labels)))
    warnings = [rest.add_assignees(job.writer, job.repo, number, job.pull.assignees)]
    author = job.pull.author
    if author and not job.pull.author_is_bot:
        warnings.append(rest.request_review(job.writer, job.repo, number, author))
    return _optional(warnings)


def _people(job: Job) -> list[str]:
    author = [job.pull.author] if job.pull.author and not job.pull.author_is_bot else []
    return list(dict.fromkeys([*author, *job.pull.assignees]))


def _comment(job: Job, backport: messages.Backport, body: str) -> None:
    marker = messages.comment_marker(backport)
    rest.comment(job.writer, job.repo, backport.number, marker, body)


def _optional(warnings: Sequence[str | None]) -> list[str]:
    return [warning for warning in warnings if warning]


def _warn(warnings: Sequence[str]) -> None:
    for warning in warnings:
        say(f"warning: {warning}")


def _outputs(job: Job, values: dict[str, str]) -> None:
    from releasegate.render.actions import append_outputs  # noqa: PLC0415

    if (path := os.environ.get("GITHUB_OUTPUT")) and not job.options.dry_run:
        append_outputs(Path(path), values)
