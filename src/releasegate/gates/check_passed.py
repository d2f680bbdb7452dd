"""check-passed: a named check run or commit status passed, recently, on the commit."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from fnmatch import fnmatchcase
from typing import Any, Literal

from pydantic import Field

from releasegate.facts import FactRequest, Facts, RunContext, Undecided
from releasegate.facts.checks import (
    CheckedCommit,
    CheckRun,
    CommitChecks,
    CommitStatus,
    Deployment,
    Now,
)
from releasegate.gates.base import Gate
from releasegate.policy.base import GateConfig
from releasegate.policy.types import Duration, format_duration
from releasegate.results import Outcome
from releasegate.timestamps import ago, span

PASSES_LISTED = 20
CLOCK_SKEW = timedelta(minutes=5)  # how far ahead of our clock another's may run
_LATEST = datetime.max.replace(tzinfo=UTC)
_EARLIEST = datetime.min.replace(tzinfo=UTC)


class CheckPassedConfig(GateConfig):
    name: str = Field(min_length=1)
    (
        "Check run name or commit status context. Shell-style wildcards (fnmatch, case-"
        "sensitive): * and ? match any characters, '/' included; [abc] a set, so a literal '['"
        " is written '[[]'."
    )
    ref: str = "head"
    "head: the commit under evaluation (a PR's head commit); else a branch name or a sha."
    max_age: Duration | None = None
    "The success must be this recent (90s, 30m, 12h, 7d); default: any age."
    environment: str | None = None
    "The commit's latest deployment to this environment must have succeeded."
    match: Literal["commit", "tree"] = "commit"
    "tree: a commit with the same tree that a pull request links also counts."
    app: str | None = None
    "Only check runs created by this app (slug, e.g. github-actions) count; statuses do not."


@dataclass(frozen=True)
class Seen:
    """The latest check run or status of one name, wherever it was found."""

    name: str
    sha: str
    state: str
    done: bool
    started: datetime | None
    finished: datetime | None
    url: str | None

    @classmethod
    def of_run(cls, run: CheckRun, sha: str) -> Seen:
        done = run.status == "completed"
        state = (run.conclusion or "unknown") if done else run.status
        finished = run.completed_at if done else None
        return cls(run.name, sha, state.replace("_", " "), done, run.started_at, finished, run.url)

    @classmethod
    def of_status(cls, status: CommitStatus, sha: str) -> Seen:
        done = status.state != "pending"
        finished = status.created_at if done else None
        return cls(status.context, sha, status.state, done, status.created_at, finished, status.url)

    def order(self) -> datetime:
        """Newest last; something without a time yet (just queued) counts as the newest."""
        return self.started or self.finished or _LATEST


class CheckPassed(Gate[CheckPassedConfig]):
    type = "check-passed"
    summary = "a named check run or status passed on the commit"
    config_model = CheckPassedConfig
    example = """\
- id: staging-real-call
  type: check-passed
  name: "staging / real-call"
  ref: head
  max-age: 12h
"""

    def requests(self, context: RunContext) -> Iterable[FactRequest[Any]]:
        ref = self._ref(context)
        return (self._checks(ref), Now()) if ref else ()

    def evaluate(self, context: RunContext, facts: Facts) -> Outcome:
        ref = self._ref(context)
        if ref is None:
            raise Undecided("this run names no commit to look for checks on (give ref:)")
        commits, now = facts.get(self._checks(ref)), facts.get(Now())
        if not commits:
            raise Undecided(f"no commit '{ref}' was found")
        target = commits[0].sha
        lines = [self._judge(seen, target, now) for seen in self._latest(commits).values()]
        if not lines:
            lines = [(False, self._nothing_found(target))]
        if self.config.environment:
            lines.append(_deployed(commits, self.config.environment, target, now))
        return _outcome(lines, target)

    def _ref(self, context: RunContext) -> str | None:
        """head: on pull request events the PR's head commit, never the test merge commit."""
        if self.config.ref != "head":
            return self.config.ref
        if context.on_pull_request_event and context.pull_request is not None:
            return context.pull_request.head_sha
        return context.sha or context.head_sha

    def _checks(self, ref: str) -> CommitChecks:
        return CommitChecks(ref, self.config.environment, same_tree=self.config.match == "tree")

    def _latest(self, commits: tuple[CheckedCommit, ...]) -> dict[str, Seen]:
        latest: dict[str, Seen] = {}
        for seen in sorted(self._matching(commits), key=Seen.order):
            latest[seen.name] = seen
        return {name: latest[name] for name in sorted(latest, key=_natural)}

    def _matching(self, commits: tuple[CheckedCommit, ...]) -> Iterator[Seen]:
        for commit in commits:
            yield from self._runs(commit)
            if self.config.app is None:  # a status has no app: it cannot be the app's
                yield from self._statuses(commit)

    def _runs(self, commit: CheckedCommit) -> Iterator[Seen]:
        for run in commit.check_runs:
            if fnmatchcase(run.name, self.config.name) and self.config.app in (None, run.app):
                yield Seen.of_run(run, commit.sha)

    def _statuses(self, commit: CheckedCommit) -> Iterator[Seen]:
        for status in commit.statuses:
            if fnmatchcase(status.context, self.config.name):
                yield Seen.of_status(status, commit.sha)

    def _judge(self, seen: Seen, target: str, now: datetime) -> tuple[bool, str]:
        where = _where(seen.sha, target)
        link = f" ({seen.url})" if seen.url else ""
        if not seen.done:
            since = f", started {ago(seen.started, now)}" if seen.started else ""
            return False, f"latest '{seen.name}' on {where}: {seen.state}{since}{link}"
        when = ago(seen.finished, now) if seen.finished else "at an unknown time"
        if seen.state != "success":
            return False, f"latest '{seen.name}' on {where}: {seen.state}, {when}{link}"
        if seen.finished is not None and seen.finished - now > CLOCK_SKEW:
            ahead = span(seen.finished - now)
            return False, (
                f"latest '{seen.name}' on {where}: success, but dated {ahead} in the future; a "
                "completion later than now is not a recent one (whoever posts a check run sets "
                f"its times){link}"
            )
        max_age = self.config.max_age
        if max_age is not None and not _within(seen.finished, max_age, now):
            limit = format_duration(max_age)
            return (
                False,
                f"latest '{seen.name}' on {where}: success, {when}, older than {limit}{link}",
            )
        return True, f"'{seen.name}' passed on {where} {when}"

    def _nothing_found(self, target: str) -> str:
        kinds = "check run" if self.config.app else "check run or status"
        by_app = f" by the app '{self.config.app}'" if self.config.app else ""
        where = target[:7] + (
            " or a commit with the same tree" if self.config.match == "tree" else ""
        )
        note = _glob_note(self.config.name)
        return f"no {kinds} named '{self.config.name}'{by_app} on {where}{note}"


def _outcome(lines: list[tuple[bool, str]], target: str) -> Outcome:
    """One or two findings make the summary; more are counted there and listed in details,
    every problem first, then at most ``PASSES_LISTED`` of what passed."""
    problems = [text for passed, text in lines if not passed]
    passes = [text for passed, text in lines if passed]
    shown = problems or passes
    summary = "; ".join(shown)
    if len(shown) > 2 and problems:
        summary = f"{len(problems)} of {len(lines)} checks did not pass on {target[:7]}"
    elif len(shown) > 2:
        summary = f"all {len(lines)} checks passed on {target[:7]}"
    details = problems + passes[:PASSES_LISTED]
    if len(passes) > PASSES_LISTED:
        details.append(f"… and {len(passes) - PASSES_LISTED} more passed")
    return Outcome(not problems, summary, tuple(details) if len(lines) > 1 else ())


def _deployed(
    commits: tuple[CheckedCommit, ...], environment: str, target: str, now: datetime
) -> tuple[bool, str]:
    found = [(c.sha, c.deployment) for c in commits if c.deployment is not None]
    if not found:
        return False, f"no deployment of {target[:7]} to '{environment}'"
    sha, deployment = max(found, key=lambda pair: _deployed_at(pair[1]))
    where = _where(sha, target)
    moment = deployment.updated_at or deployment.created_at
    when = f", {ago(moment, now)}" if moment else ""
    link = f" ({deployment.url})" if deployment.url else ""
    if deployment.state == "success":
        return True, f"latest deployment of {where} to '{environment}' succeeded{when}"
    state = (deployment.state or "no status").replace("_", " ")
    return False, f"latest deployment of {where} to '{environment}': {state}{when}{link}"


def _glob_note(name: str) -> str:
    """A name with brackets reads as a glob: '[prod]' is one of p, r, o, d, not the word."""
    if "[" not in name.replace("[[]", ""):
        return ""
    literal = name.replace("[[]", "[").replace("[", "[[]")
    return (
        f" ('{name}' is a glob, where [...] matches one character of a set; for a name "
        f"with a literal '[', write '[[]': '{literal}')"
    )


def _natural(name: str) -> list[str | int]:
    """Sort key: 'job 2' before 'job 10'."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def _deployed_at(deployment: Deployment) -> datetime:
    return deployment.created_at or _EARLIEST


def _within(moment: datetime | None, max_age: timedelta, now: datetime) -> bool:
    return moment is not None and now - moment <= max_age


def _where(sha: str, target: str) -> str:
    return sha[:7] if sha == target else f"{sha[:7]} (same tree as {target[:7]})"
