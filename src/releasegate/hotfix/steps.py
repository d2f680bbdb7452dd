"""The steps after a backport pull request or conflict issue is opened: its labels, its
assignees, the review request, and the comment on the original pull request, in that order.

A run can be killed between any two of them, so each is recognisable on a re-run as done or
not done. The comment on the original comes last and carries a hidden marker: when it is
there, an earlier run took every step, and nothing is touched again (a label or assignee a
person has removed since stays removed). When it is missing, each earlier step is taken only
if what it adds is missing from the pull request or issue as GitHub shows it now, so nothing
is sent twice and no one is asked twice for a review.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from releasegate.hotfix import github as rest
from releasegate.hotfix import messages
from releasegate.hotfix.run import BackportRun

LABELS = "the labels"
ASSIGNEES = "the assignees"
REVIEW_REQUEST = "the review request"


@dataclass(frozen=True)
class StepsTaken:
    """The steps this run took, in order, and the warnings of those that could not be."""

    steps: tuple[str, ...]
    warnings: tuple[str, ...]


def commented_by_earlier_run(run: BackportRun, backport: messages.Backport) -> bool:
    """Whether an earlier run got to its last step, the marked comment on the original."""
    marker = messages.comment_marker(backport)
    return rest.has_marked_comment(run.reader, run.repo, backport.number, marker)


def finish_pull(
    run: BackportRun, backport: messages.Backport, pull: rest.Item, *, conflict: bool, comment: str
) -> StepsTaken:
    """Every step still missing on the backport pull request ``pull`` (for one just opened:
    all of them), then the comment on the original."""
    labels = [
        *run.pull.labels,
        *run.settings.labels,
        *([messages.CONFLICT_LABEL] if conflict else []),
    ]
    taken: list[str] = []
    warnings: list[str | None] = []
    if missing := _missing(labels, pull.labels):
        rest.add_labels(run.writer, run.repo, pull.number, missing)  # an error here raises
        taken.append(LABELS)
    if missing := _missing(run.pull.assignees, pull.assignees):
        warnings.append(rest.add_assignees(run.writer, run.repo, pull.number, missing))
        taken.append(ASSIGNEES)
    if (reviewer := run.reviewer) and _missing([reviewer], pull.requested_reviewers):
        warnings.append(rest.request_review(run.writer, run.repo, pull.number, reviewer))
        taken.append(REVIEW_REQUEST)
    taken.append(post_comment(run, backport, comment))
    return StepsTaken(tuple(taken), _present(warnings))


def finish_issue(
    run: BackportRun, backport: messages.Backport, issue: rest.Item, *, comment: str, done: bool
) -> StepsTaken:
    """The conflict issue's assignees when missing (its label came with it), then the comment,
    which is edited in place when the conflict changed; ``done`` when an earlier run took
    every step."""
    taken: list[str] = []
    warnings: list[str | None] = []
    people = [*([run.reviewer] if run.reviewer else []), *run.pull.assignees]
    if not done and (missing := _missing(people, issue.assignees)):
        warnings.append(rest.add_assignees(run.writer, run.repo, issue.number, missing))
        taken.append(ASSIGNEES)
    commented = post_comment(run, backport, comment)
    if not done:
        taken.append(commented)
    return StepsTaken(tuple(taken), _present(warnings))


def post_comment(run: BackportRun, backport: messages.Backport, body: str) -> str:
    """The one marked comment on the original: created once, edited in place afterwards."""
    marker = messages.comment_marker(backport)
    rest.comment(run.writer, run.repo, backport.number, marker, body)
    return f"the comment on #{backport.number}"


def _missing(wanted: Iterable[str], present: Sequence[str]) -> list[str]:
    """``wanted`` less what is ``present``, in order, once each (GitHub's names ignore case)."""
    have = {name.lower() for name in present}
    return [name for name in dict.fromkeys(wanted) if name.lower() not in have]


def _present(warnings: Sequence[str | None]) -> tuple[str, ...]:
    return tuple(warning for warning in warnings if warning)
