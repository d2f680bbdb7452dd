"""hotfix-branch: pull requests into production come the right way (SPEC §2.7).

Only a PR whose base is the production branch is judged; any other run passes with a summary
saying the gate does not apply (use ``when`` to skip it instead). The head must match
``allow-heads``; a hotfix head (``hotfix-heads``) must not carry main's unreleased work, that
is, any commit on main but not on production: it must have been cut from production.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import Field

from releasegate.facts import FactRequest, Facts, PullRequest, RunContext
from releasegate.facts.git import GitCommit, MainCommitsInHead
from releasegate.gates.base import Gate
from releasegate.policy.base import GateConfig
from releasegate.policy.types import Glob, branch_matches
from releasegate.results import Outcome

COMMITS_LISTED = 20


class HotfixBranchConfig(GateConfig):
    production: str = Field(default="prod", min_length=1)
    "The production branch; only PRs into it are judged."
    main: str = Field(default="main", min_length=1)
    "The main branch, whose unreleased commits a hotfix head must not carry."
    allow_heads: tuple[Glob, ...] | None = Field(default=None, min_length=1)
    "Head branches that may be merged into production (default: hotfix/* and main)."
    hotfix_heads: tuple[Glob, ...] = ("hotfix/*",)
    "Heads that must have been cut from production: they may carry no commit of main."

    @property
    def allowed_heads(self) -> tuple[str, ...]:
        return self.allow_heads if self.allow_heads is not None else ("hotfix/*", self.main)


class HotfixBranch(Gate[HotfixBranchConfig]):
    type = "hotfix-branch"
    summary = "PRs into production come from hotfix branches cut from production"
    config_model = HotfixBranchConfig
    example = """\
- id: hotfix-from-prod
  type: hotfix-branch
  production: prod
  allow-heads: ["hotfix/*", "main"]
"""

    def requests(self, context: RunContext) -> Iterable[FactRequest[Any]]:
        pull = context.pull_request
        if pull and self._applies(pull) and self._is_hotfix_head(pull):
            return (self._from_main(pull),)
        return ()

    def evaluate(self, context: RunContext, facts: Facts) -> Outcome:
        production = self.config.production
        pull = context.pull_request
        if pull is None or not self._applies(pull):
            into = f"this one is into '{pull.base_ref}'" if pull else "this run has none"
            return Outcome(passed=True, summary=f"applies to PRs into '{production}'; {into}")
        head = pull.head_ref
        if not branch_matches(self.config.allowed_heads, head):
            allowed = ", ".join(self.config.allowed_heads)
            return Outcome(
                passed=False,
                summary=f"'{head}' may not be merged into '{production}'; allowed heads: {allowed}",
            )
        if not self._is_hotfix_head(pull):
            return Outcome(passed=True, summary=f"'{head}' is an allowed head for '{production}'")
        return self._judge_hotfix_head(head, facts.get(self._from_main(pull)))

    def _judge_hotfix_head(self, head: str, commits: tuple[GitCommit, ...]) -> Outcome:
        production, main = self.config.production, self.config.main
        if not commits:
            return Outcome(
                passed=True,
                summary=f"'{head}' was cut from '{production}': it carries nothing of '{main}'",
            )
        count = f"{len(commits)} commit{'s' if len(commits) != 1 else ''}"
        details = [f"{commit.short} {commit.subject}" for commit in commits[:COMMITS_LISTED]]
        if len(commits) > COMMITS_LISTED:
            details.append(f"… and {len(commits) - COMMITS_LISTED} more")
        return Outcome(
            passed=False,
            summary=(
                f"'{head}' carries {count} of '{main}' that {'is' if len(commits) == 1 else 'are'}"
                f" not on '{production}': cut hotfix branches from '{production}'"
            ),
            details=tuple(details),
        )

    def _applies(self, pull: PullRequest) -> bool:
        return pull.base_ref == self.config.production

    def _is_hotfix_head(self, pull: PullRequest) -> bool:
        return branch_matches(self.config.hotfix_heads, pull.head_ref)

    def _from_main(self, pull: PullRequest) -> MainCommitsInHead:
        return MainCommitsInHead(
            head_sha=pull.head_sha, production=self.config.production, main=self.config.main
        )
