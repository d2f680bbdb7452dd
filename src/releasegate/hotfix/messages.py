"""The texts the backport writes: PR and issue titles and bodies, comments, a commit message.

Titles and commit subjects come from people: in bodies they go through ``markdown_text`` (no
mentions, links or HTML from them); paths and commands go in code spans and fenced blocks
whose fences are longer than any backtick run inside.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from releasegate.facts.git import GitCommit
from releasegate.render.escape import markdown_text

CONFLICT_LABEL = "backport-conflict"
_METHOD = {"merge": "merge commit", "squash": "squash merge", "rebase": "rebase merge"}
_BACKTICKS = re.compile(r"`+")


@dataclass(frozen=True)
class Backport:
    """The original PR and where its backport goes."""

    number: int
    title: str
    url: str
    production: str
    target: str
    branch: str
    method: str


@dataclass(frozen=True)
class Conflict:
    """Where the pick stopped, and the commands that finish it by hand."""

    commit: GitCommit
    files: tuple[str, ...]
    picked: tuple[GitCommit, ...]
    remaining: tuple[GitCommit, ...]
    commands: tuple[str, ...]


def pull_marker(backport: Backport) -> str:
    return f"<!-- releasegate:backport pr={backport.number} target={backport.target} -->"


def issue_marker(backport: Backport) -> str:
    return f"<!-- releasegate:backport-conflict pr={backport.number} target={backport.target} -->"


def comment_marker(backport: Backport) -> str:
    return f"<!-- releasegate:backport-comment target={backport.target} -->"


def pull_title(backport: Backport) -> str:
    return f"[Backport {backport.target}] {backport.title}"


def issue_title(backport: Backport) -> str:
    return f"Backport of #{backport.number} to {backport.target} conflicts: {backport.title}"


def conflict_commit_message(backport: Backport) -> str:
    return f"{pull_title(backport)} (conflicted, do not merge)"


def pull_body(
    backport: Backport, picked: Sequence[GitCommit], already: Sequence[GitCommit] = ()
) -> str:
    skipped = f"Already on {code(backport.target)}, skipped:\n{_commit_list(already)}"
    return _paragraphs(
        pull_marker(backport),
        f"Backport of #{backport.number} to {code(backport.target)}, opened by releasegate.",
        _original(backport),
        "Cherry-picked with `git cherry-pick -x`:\n" + _commit_list(picked),
        *([skipped] if already else []),
    )


def draft_body(backport: Backport, conflict: Conflict) -> str:
    return _paragraphs(
        pull_marker(backport),
        f"**Do not merge this as it is.** The backport of #{backport.number} to "
        f"{code(backport.target)} stopped on a conflict; this draft carries the conflicted "
        "state, conflict markers included.",
        _original(backport),
        *_conflict_sections(conflict, on_branch=True),
        "To finish by hand, rebuild the branch and push it over this draft:\n\n"
        + fenced(conflict.commands),
        "Then mark this pull request ready for review. " + _gate_note(backport),
    )


def issue_body(backport: Backport, conflict: Conflict) -> str:
    return _paragraphs(
        issue_marker(backport),
        f"The backport of #{backport.number} to {code(backport.target)} stopped on a "
        "conflict, and nothing was pushed: conflicts are never resolved automatically.",
        _original(backport),
        *_conflict_sections(conflict, on_branch=False),
        "To finish by hand:\n\n" + fenced(conflict.commands),
        f"Then open a pull request from {code(backport.branch)} into "
        f"{code(backport.target)} and close this issue. " + _gate_note(backport),
    )


def picked_comment(backport: Backport, pull_url: str, count: int) -> str:
    commits = f"{count} commit{'s' if count != 1 else ''}"
    return f"Backport to {code(backport.target)} opened: {pull_url} ({commits} cherry-picked).\n"


def already_applied_comment(backport: Backport) -> str:
    return (
        f"Nothing to backport: every change of this pull request is already on "
        f"{code(backport.target)}.\n"
    )


def conflict_issue_comment(backport: Backport, conflict: Conflict, issue_url: str) -> str:
    return (
        f"The backport to {code(backport.target)} stopped on a conflict in "
        f"{_paths(conflict.files)}; nothing was pushed. The commands to finish it by hand are "
        f"in {issue_url}.\n"
    )


def conflict_draft_comment(backport: Backport, conflict: Conflict, pull_url: str) -> str:
    return (
        f"The backport to {code(backport.target)} stopped on a conflict in "
        f"{_paths(conflict.files)}. The draft {pull_url} carries the conflicted state and the "
        "commands to finish it by hand.\n"
    )


def code(text: str) -> str:
    """An inline code span that shows ``text`` literally, whatever backticks it holds."""
    text = " ".join(text.splitlines())
    fence = "`" * (_longest_backtick_run(text) + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def fenced(lines: Sequence[str], language: str = "sh") -> str:
    body = "\n".join(lines)
    fence = "`" * max(3, _longest_backtick_run(body) + 1)
    return f"{fence}{language}\n{body}\n{fence}"


def _paragraphs(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs) + "\n"


def _original(backport: Backport) -> str:
    method = _METHOD.get(backport.method, backport.method)
    return (
        f"Original: {backport.url} ({markdown_text(backport.title)}), merged into "
        f"{code(backport.production)} ({method})."
    )


def _conflict_sections(conflict: Conflict, *, on_branch: bool) -> list[str]:
    """Where it stopped; with ``on_branch`` what the draft's branch has, else every commit."""
    sections = [
        f"The conflict is in {code(conflict.commit.short)} {markdown_text(conflict.commit.subject)}"
        f"; conflicted files:\n" + "\n".join(f"- {code(path)}" for path in conflict.files)
    ]
    if not on_branch:
        every = (*conflict.picked, *conflict.remaining)
        return [*sections, "The commits to backport, in order:\n" + _commit_list(every)]
    if conflict.picked:
        sections.append("Picked cleanly before it:\n" + _commit_list(conflict.picked))
    if later := conflict.remaining[1:]:
        sections.append("Not picked yet, after it:\n" + _commit_list(later))
    return sections


def _gate_note(backport: Backport) -> str:
    return (
        f"Until the fix is on {code(backport.target)}, the `hotfix-backported` gate keeps "
        "blocking deploys."
    )


def _commit_list(commits: Sequence[GitCommit]) -> str:
    return "\n".join(f"- {commit.sha} {markdown_text(commit.subject)}" for commit in commits)


def _paths(paths: Sequence[str]) -> str:
    return ", ".join(code(path) for path in paths)


def _longest_backtick_run(text: str) -> int:
    return max((len(run) for run in _BACKTICKS.findall(text)), default=0)
