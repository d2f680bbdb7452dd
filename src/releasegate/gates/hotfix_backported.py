"""hotfix-backported: nothing on production is missing from main (SPEC §2.6).

A deploy of main would silently revert a hotfix that went to production only. The commits are
read from the job's checkout (it needs both branches: ``fetch-depth: 0``); the open backport
PRs, read only when something is missing, are named next to the commits they carry.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import Field

from releasegate.facts import FactRequest, Facts, RunContext, Undecided
from releasegate.facts.git import BackportPull, GitCommit, MissingFromMain, OpenBackportPulls
from releasegate.gates.base import Gate
from releasegate.policy.base import GateConfig
from releasegate.results import Outcome

COMMITS_LISTED = 20


class HotfixBackportedConfig(GateConfig):
    production: str = Field(default="prod", min_length=1)
    "The production branch, whose commits must all be on main."
    main: str = Field(default="main", min_length=1)
    "The main branch, where every production commit must also be."
    branch_template: str = Field(default="backport/{number}-to-{target}", min_length=1)
    "Backport branch names (as hotfix.branch-template); open PRs from them are named as backports."


class HotfixBackported(Gate[HotfixBackportedConfig]):
    type = "hotfix-backported"
    summary = "nothing on production is missing from main"
    config_model = HotfixBackportedConfig
    example = """\
- id: hotfixes-in-main
  type: hotfix-backported
  production: prod
  main: main
"""

    def requests(self, context: RunContext) -> Iterable[FactRequest[Any]]:
        return (self._missing(),)

    def followup_requests(self, context: RunContext, facts: Facts) -> Iterable[FactRequest[Any]]:
        return (self._backports(),) if facts.get(self._missing()) else ()

    def evaluate(self, context: RunContext, facts: Facts) -> Outcome:
        production, main = self.config.production, self.config.main
        missing = facts.get(self._missing())
        if not missing:
            return Outcome(passed=True, summary=f"every commit on '{production}' is on '{main}'")
        pulls, note = self._open_backports(facts)
        count = f"{len(missing)} commit{'s' if len(missing) != 1 else ''}"
        return Outcome(
            passed=False,
            summary=(
                f"{count} on '{production}' missing from '{main}': backport them, or the next "
                f"release from '{main}' reverts them"
            ),
            details=(*missing_lines(missing, pulls), *note),
        )

    def _missing(self) -> MissingFromMain:
        return MissingFromMain(production=self.config.production, main=self.config.main)

    def _backports(self) -> OpenBackportPulls:
        return OpenBackportPulls(main=self.config.main, branch_template=self.config.branch_template)

    def _open_backports(self, facts: Facts) -> tuple[tuple[BackportPull, ...], tuple[str, ...]]:
        try:
            return facts.get(self._backports()), ()
        except Undecided as why:
            return (), (f"(open backport PRs could not be listed: {why})",)


def missing_lines(missing: Sequence[GitCommit], pulls: Sequence[BackportPull]) -> list[str]:
    """``abc1234 subject`` per commit, with ``(open backport: <url>)`` where a PR carries it."""
    lines = []
    for commit in missing[:COMMITS_LISTED]:
        carrying = [pull.url for pull in pulls if pull.carries(commit)]
        suffix = f" (open backport: {', '.join(carrying)})" if carrying else ""
        lines.append(f"{commit.short} {commit.subject}{suffix}")
    if len(missing) > COMMITS_LISTED:
        lines.append(f"… and {len(missing) - COMMITS_LISTED} more")
    return lines
