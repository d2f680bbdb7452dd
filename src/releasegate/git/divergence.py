"""Facts for the ``hotfix-backported`` and ``hotfix-branch`` gates, read from git alone.

Each function runs a handful of git processes whatever the number of commits involved.
Refs may be local branches, remote-tracking refs (``origin/prod``) or SHAs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from releasegate.git.command import Git, failure

# `git cherry-pick -x` writes this line; GitHub's squash merge keeps it in the message.
_CHERRY_PICKED_FROM = re.compile(r"\(cherry picked from commit ([0-9a-fA-F]{7,40})\)")
_ABBREV_MIN = 7


@dataclass(frozen=True)
class CommitInfo:
    sha: str
    subject: str


def missing_from_main(git: Git, *, production_ref: str, main_ref: str) -> list[CommitInfo]:
    """Non-merge commits on production since it diverged from main with no equivalent on main.

    Equivalent: a main commit since the merge-base with the same patch (git's patch-id, as
    ``git cherry`` uses it), or one whose message says ``(cherry picked from commit <sha>)``
    naming the production commit, in full or abbreviated to 7 characters or more. A
    production commit that was itself cherry-picked (``-x``) from such a main commit is not
    missing either: the fix went the other way. Oldest first.
    """
    production, main = _resolve(git, production_ref, main_ref)
    # --cherry-pick drops production commits whose patch-id matches a main-side commit.
    unmatched = _commits_with_messages(
        git, "--no-merges", "--cherry-pick", "--right-only", f"{main}...{production}"
    )
    if unmatched:
        unmatched = _without_trailer_matches(git, unmatched, production, main)
    return [commit for commit, _ in unmatched]


def commits_from_main_in_head(
    git: Git, *, head_ref: str, production_ref: str, main_ref: str
) -> list[CommitInfo]:
    """Commits of head that are on main but not on production, oldest first.

    A hotfix branch cut from production has none; one cut from main (or that merged main)
    carries main's unreleased work.
    """
    head, production, main = _resolve(git, head_ref, production_ref, main_ref)
    common = git.attempt("merge-base", "--all", head, main)
    if common.returncode == 1 and not common.stdout.strip():
        return []  # unrelated histories: nothing of main is in head
    if not common.ok:
        raise failure(common)
    # Commits reachable from both head and main are those reachable from their merge-bases.
    return _commits(git, *common.stdout.split(), "--not", production)


def _resolve(git: Git, *refs: str) -> list[str]:
    git.require_full_history()
    return git.resolve_commits(refs)


def _commits(git: Git, *revisions: str) -> list[CommitInfo]:
    output = git.run("log", "--reverse", "-z", "--format=%H%n%s", *revisions, "--")
    records = (record.split("\n", 1) for record in output.split("\0") if record)
    return [CommitInfo(sha, subject) for sha, subject in records]


def _commits_with_messages(git: Git, *revisions: str) -> list[tuple[CommitInfo, str]]:
    output = git.run("log", "--reverse", "-z", "--format=%H%n%s%n%B", *revisions, "--")
    records = (record.split("\n", 2) for record in output.split("\0") if record)
    return [(CommitInfo(sha, subject), message) for sha, subject, message in records]


def _main_side_trailer_messages(git: Git, production: str, main: str) -> str:
    """Messages of main's commits since the merge-base that carry a ``-x`` trailer."""
    return git.run(
        "log",
        "--fixed-strings",
        "--grep=(cherry picked from commit ",
        "--format=%B",
        f"{production}..{main}",
        "--",
    )


def _without_trailer_matches(
    git: Git, commits: list[tuple[CommitInfo, str]], production: str, main: str
) -> list[tuple[CommitInfo, str]]:
    """Drop the commits a main-side ``-x`` trailer names, then those picked from main's side."""
    named = _ShaIndex(
        _CHERRY_PICKED_FROM.findall(_main_side_trailer_messages(git, production, main))
    )
    commits = [(commit, message) for commit, message in commits if not named.has(commit.sha)]
    if not any(_CHERRY_PICKED_FROM.search(message) for _, message in commits):
        return commits
    main_side = _ShaIndex(git.lines("rev-list", f"{production}..{main}", "--"))
    return [
        (commit, message)
        for commit, message in commits
        if not any(main_side.has(name) for name in _CHERRY_PICKED_FROM.findall(message))
    ]


class _ShaIndex:
    """Full or abbreviated SHAs (7+ characters), matched against each other by prefix."""

    def __init__(self, shas: Iterable[str]) -> None:
        self._by_start: dict[str, set[str]] = {}
        for sha in shas:
            self._by_start.setdefault(sha[:_ABBREV_MIN].lower(), set()).add(sha.lower())

    def has(self, sha: str) -> bool:
        sha = sha.lower()
        candidates = self._by_start.get(sha[:_ABBREV_MIN], ())
        return any(known.startswith(sha) or sha.startswith(known) for known in candidates)
