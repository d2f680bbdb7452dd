"""The GitHub side of a backport, once the branch is prepared: open the pull request, or
report the conflict (an issue, or a draft pull request), or find it already done; then the
steps that follow (``steps``). Each returns a ``BackportResult`` and prints nothing
(``report`` shows it); nothing is written on a dry run.

Re-runs create nothing twice: the pull request is found by its head branch
(``find_earlier``), the conflict issue by the hidden marker in its body, and the comment on
the original is one sticky comment per target, edited in place. A pull request or issue an
earlier run opened but did not finish (killed, or a write that failed for good) is finished
by the re-run.
"""

from __future__ import annotations

from releasegate.hotfix import github as rest
from releasegate.hotfix import messages, steps
from releasegate.hotfix.pick import PickOutcome
from releasegate.hotfix.prepare import Prepared
from releasegate.hotfix.result import BackportResult, Kind, OnGitHub
from releasegate.hotfix.run import BackportRun


def find_earlier(run: BackportRun, backport: messages.Backport) -> rest.Item | None:
    """The open or merged backport pull request from the branch, if one was opened."""
    return rest.find_backport_pull(run.reader, run.repo, backport.branch, backport.target)


def finished(run: BackportRun, backport: messages.Backport, found: rest.Item) -> bool:
    """Whether nothing is left to do on the pull request an earlier run (or a person)
    opened: merged or closed, or its last step (the marked comment) is there. A dry run
    only looks."""
    return (
        found.state != "open"
        or run.options.dry_run
        or steps.commented_by_earlier_run(run, backport)
    )


def exists(
    backport: messages.Backport, found: rest.Item, taken: steps.StepsTaken | None = None
) -> BackportResult:
    return BackportResult(
        Kind.BACKPORT_EXISTS,
        backport,
        pull=OnGitHub(found.number, found.url, found.state),
        completed=taken.steps if taken else (),
        warnings=taken.warnings if taken else (),
    )


def finish(
    run: BackportRun, backport: messages.Backport, prepared: Prepared, found: rest.Item | None
) -> BackportResult:
    """``found``: the unfinished pull request of an earlier run, finished here whatever the
    mode (it carries the conflicted state when the pick conflicts)."""
    conflict = prepared.conflict
    if conflict is not None:
        if found is not None or run.options.on_conflict == "draft-pr":
            return _conflict_draft(run, backport, prepared, conflict, found)
        return _conflict_issue(run, backport, conflict)
    if prepared.outcome is PickOutcome.ALREADY_APPLIED:
        # An open pull request although the target has every change: people decide on it.
        return exists(backport, found) if found else _already_applied(run, backport)
    return _picked(run, backport, prepared, found)


def _already_applied(run: BackportRun, backport: messages.Backport) -> BackportResult:
    if not run.options.dry_run:
        steps.post_comment(run, backport, messages.already_applied_comment(backport))
    return BackportResult(Kind.ALREADY_BACKPORTED, backport)


def _picked(
    run: BackportRun, backport: messages.Backport, prepared: Prepared, found: rest.Item | None
) -> BackportResult:
    count = len(prepared.picked)
    if run.options.dry_run:
        return BackportResult(Kind.DRY_RUN, backport, commits=count)
    if found is None and not prepared.on_origin:
        return BackportResult(Kind.BRANCH_TAKEN, backport)
    pull = found or rest.open_pull(
        run.writer,
        run.repo,
        title=messages.pull_title(backport),
        head=backport.branch,
        base=backport.target,
        body=messages.pull_body(backport, prepared.picked, prepared.already),
        draft=False,
    )
    comment = messages.picked_comment(backport, pull.url, count)
    taken = steps.finish_pull(run, backport, pull, conflict=False, comment=comment)
    if found is not None:
        return exists(backport, found, taken)
    return BackportResult(
        Kind.OPENED,
        backport,
        pull=OnGitHub(pull.number, pull.url),
        commits=count,
        warnings=taken.warnings,
    )


def _conflict_issue(
    run: BackportRun, backport: messages.Backport, conflict: messages.Conflict
) -> BackportResult:
    if run.options.dry_run:
        return BackportResult(
            Kind.DRY_RUN_CONFLICT_ISSUE, backport, conflicted_files=conflict.files
        )
    marker = messages.issue_marker(backport)
    found = rest.find_open_issue(run.writer, run.repo, messages.CONFLICT_LABEL, marker)
    issue = found or rest.open_issue(
        run.writer,
        run.repo,
        title=messages.issue_title(backport),
        body=messages.issue_body(backport, conflict),
        labels=[messages.CONFLICT_LABEL],
    )
    done = found is not None and steps.commented_by_earlier_run(run, backport)
    comment = messages.conflict_issue_comment(backport, conflict, issue.url)
    taken = steps.finish_issue(run, backport, issue, comment=comment, done=done)
    return BackportResult(
        Kind.CONFLICT_ISSUE,
        backport,
        issue=OnGitHub(issue.number, issue.url),
        conflicted_files=conflict.files,
        completed=taken.steps if found is not None else (),
        warnings=taken.warnings,
    )


def _conflict_draft(
    run: BackportRun,
    backport: messages.Backport,
    prepared: Prepared,
    conflict: messages.Conflict,
    found: rest.Item | None,
) -> BackportResult:
    if run.options.dry_run:
        return BackportResult(
            Kind.DRY_RUN_CONFLICT_DRAFT, backport, conflicted_files=conflict.files
        )
    if found is None and not prepared.on_origin:
        return BackportResult(Kind.BRANCH_TAKEN, backport, conflicted_files=conflict.files)
    pull, draft_warning = (found, None) if found else _open_draft(run, backport, conflict)
    comment = messages.conflict_draft_comment(backport, conflict, pull.url)
    taken = steps.finish_pull(run, backport, pull, conflict=True, comment=comment)
    if found is not None:
        return exists(backport, found, taken)
    return BackportResult(
        Kind.CONFLICT_DRAFT,
        backport,
        pull=OnGitHub(pull.number, pull.url),
        conflicted_files=conflict.files,
        warnings=tuple(w for w in (draft_warning, *taken.warnings) if w),
    )


def _open_draft(
    run: BackportRun, backport: messages.Backport, conflict: messages.Conflict
) -> tuple[rest.Item, str | None]:
    return rest.open_draft_pull(
        run.writer,
        run.repo,
        title=messages.pull_title(backport),
        head=backport.branch,
        base=backport.target,
        body=messages.draft_body(backport, conflict),
    )
