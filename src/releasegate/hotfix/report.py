"""The one place a backport's result is shown: its lines on stdout and its step outputs.

Each line is one line whatever it quotes: names from git or GitHub (branches, paths) cannot
break it and start a line of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Final

from releasegate.git.checkout import REMOTE
from releasegate.hotfix.messages import Backport
from releasegate.hotfix.result import BackportResult, Kind, OnGitHub


def emit(result: BackportResult, *, outputs: Path | None, in_actions: bool) -> None:
    """Print the result; append its step outputs to ``outputs`` (GITHUB_OUTPUT) when given.
    Inside Actions the text is made inert: a title or branch name is never a command."""
    text = render_text(result)
    if in_actions:
        from releasegate.render.escape import runner_inert  # noqa: PLC0415

        text = runner_inert(text)
    print(text, end="")
    values = step_outputs(result)
    if outputs is not None and values:
        from releasegate.render.actions import append_outputs  # noqa: PLC0415

        append_outputs(outputs, values)


def render_text(result: BackportResult) -> str:
    lines = [
        _HEADLINES[result.kind](result),
        *_completed(result),
        *(f"warning: {warning}" for warning in result.warnings),
    ]
    return "".join(" ".join(line.split()) + "\n" for line in lines)


def _completed(result: BackportResult) -> list[str]:
    if not result.completed:
        return []
    *most, last = result.completed
    steps = f"{', '.join(most)} and {last}" if most else last
    return [f"an earlier run stopped before it was done; this run added {steps}"]


def step_outputs(result: BackportResult) -> dict[str, str]:
    """``backport-pr`` and ``backport-issue``: the URLs of what was opened or found."""
    values = {}
    if result.pull is not None:
        values["backport-pr"] = result.pull.url
    if result.issue is not None:
        values["backport-issue"] = result.issue.url
    return values


def _not_a_hotfix(result: BackportResult) -> str:
    return result.note


def _already_backported(result: BackportResult) -> str:
    backport = _backport(result)
    return (
        f"pull request #{backport.number} is already on '{backport.target}' (every cherry-pick "
        "was empty); nothing to backport"
    )


def _exists(result: BackportResult) -> str:
    backport, pull = _backport(result), _pull(result)
    line = f"the backport of #{backport.number} to '{backport.target}' exists: {pull.url} "
    # Finishing what an earlier run began creates no pull request either, but adds to one.
    return line + (f"({pull.state})" if result.completed else f"({pull.state}); nothing created")


def _branch_taken(result: BackportResult) -> str:
    return (
        f"the branch '{_backport(result).branch}' already exists on {REMOTE} with other changes "
        "and no pull request from it; open one from it, or delete the branch and run again; "
        "nothing created"
    )


def _opened(result: BackportResult) -> str:
    backport = _backport(result)
    return (
        f"opened {_pull(result).url}: the backport of #{backport.number} to "
        f"'{backport.target}' ({_commits(result.commits)}, {backport.method})"
    )


def _conflict_issue(result: BackportResult) -> str:
    backport = _backport(result)
    return (
        f"the backport of #{backport.number} to '{backport.target}' conflicts in "
        f"{_files(result)}; nothing was pushed; finish it by hand as {_issue(result).url} says"
    )


def _conflict_draft(result: BackportResult) -> str:
    backport = _backport(result)
    return (
        f"the backport of #{backport.number} to '{backport.target}' conflicts in "
        f"{_files(result)}; opened the draft {_pull(result).url} with the conflicted state to "
        "finish by hand"
    )


def _dry_run(result: BackportResult) -> str:
    backport = _backport(result)
    return (
        f"dry run: would push '{backport.branch}' ({_commits(result.commits)}) and open a pull "
        f"request into '{backport.target}'"
    )


def _dry_run_conflict_issue(result: BackportResult) -> str:
    return (
        f"dry run: the backport of #{_backport(result).number} conflicts in {_files(result)}; "
        "would open an issue with the commands to finish it"
    )


def _dry_run_conflict_draft(result: BackportResult) -> str:
    backport = _backport(result)
    return (
        f"dry run: the backport of #{backport.number} conflicts in {_files(result)}; would "
        f"push '{backport.branch}' with the conflicted state and open a draft pull request"
    )


_HEADLINES: Final[dict[Kind, Callable[[BackportResult], str]]] = {
    Kind.NOT_A_HOTFIX: _not_a_hotfix,
    Kind.ALREADY_BACKPORTED: _already_backported,
    Kind.BACKPORT_EXISTS: _exists,
    Kind.BRANCH_TAKEN: _branch_taken,
    Kind.OPENED: _opened,
    Kind.CONFLICT_ISSUE: _conflict_issue,
    Kind.CONFLICT_DRAFT: _conflict_draft,
    Kind.DRY_RUN: _dry_run,
    Kind.DRY_RUN_CONFLICT_ISSUE: _dry_run_conflict_issue,
    Kind.DRY_RUN_CONFLICT_DRAFT: _dry_run_conflict_draft,
}


def _commits(count: int) -> str:
    return f"{count} commit{'s' if count != 1 else ''}"


def _files(result: BackportResult) -> str:
    return ", ".join(result.conflicted_files)


# A result of a kind always carries what its line names; one that does not is a bug here.


def _backport(result: BackportResult) -> Backport:
    if result.backport is None:
        raise ValueError(f"a '{result.kind}' result names the hotfix it backports")
    return result.backport


def _pull(result: BackportResult) -> OnGitHub:
    if result.pull is None:
        raise ValueError(f"a '{result.kind}' result names its backport pull request")
    return result.pull


def _issue(result: BackportResult) -> OnGitHub:
    if result.issue is None:
        raise ValueError(f"a '{result.kind}' result names its conflict issue")
    return result.issue
