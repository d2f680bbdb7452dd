"""Facts about the hotfix flow: commits read from the job's git checkout, and the backport
pull requests open on GitHub (``hotfix-backported`` and ``hotfix-branch`` judge them).

Branches are named as on the remote (``prod``, ``main``); the fetchers read them as the
checkout's remote-tracking refs (``refs/remotes/origin/prod``), which a checkout with its full
history has (actions/checkout with ``fetch-depth: 0``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from releasegate.facts import FactRequest

ABBREVIATED_SHA = 7


@dataclass(frozen=True)
class GitCommit:
    sha: str
    subject: str

    @property
    def short(self) -> str:
        return self.sha[:ABBREVIATED_SHA]


@dataclass(frozen=True)
class MissingFromMain(FactRequest[tuple[GitCommit, ...]]):
    """Non-merge commits on ``production`` since it left ``main`` with no equivalent on main."""

    production: str
    main: str


@dataclass(frozen=True)
class MainCommitsInHead(FactRequest[tuple[GitCommit, ...]]):
    """Commits of the PR head (a SHA) that are on ``main`` but not on ``production``."""

    head_sha: str
    production: str
    main: str


@dataclass(frozen=True)
class BackportPull:
    """An open pull request into main, and what says which production commits it carries.

    ``linked_shas``: the commit SHAs (full or abbreviated) its body names, as releasegate's
    backport PRs list theirs. ``original``: for a head branch named by the backport template,
    the number of the hotfix PR it backports, which a squash-merged hotfix names in its
    subject (``Fix the rounding (#7)``).
    """

    number: int
    url: str
    head_ref: str
    linked_shas: tuple[str, ...] = ()
    original: int | None = None

    def carries(self, commit: GitCommit) -> bool:
        sha = commit.sha.lower()
        if any(
            len(linked) >= ABBREVIATED_SHA and sha.startswith(linked.lower())
            for linked in self.linked_shas
        ):
            return True
        return self.original is not None and bool(
            re.search(rf"#{self.original}(?!\d)", commit.subject)
        )


@dataclass(frozen=True)
class OpenBackportPulls(FactRequest[tuple[BackportPull, ...]]):
    """Open pull requests into ``main``; ``branch_template`` (with ``{number}`` and
    ``{target}``) names backport branches, whose number says which hotfix PR they carry."""

    main: str
    branch_template: str
