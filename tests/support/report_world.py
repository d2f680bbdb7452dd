"""A generated repository of weeks of bugs, QA pull requests, hotfixes and incidents.

``ReportWorld`` writes the stand-in scenario and, beside it, what each week should count,
worked out from the plan of the scenario, not by releasegate's code: the oracle of the
report's end-to-end tests and benchmark.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

STAGE_LABELS = {
    "QA": "found:qa",
    "Staging": "found:staging",
    "Release candidate": "found:rc",
    "Alpha": "found:alpha",
    "Production": "found:production",
}
WEEK = timedelta(days=7)
POLICY = """\
version: 1
name: qa
report:
  rows:
    QA tests performed: "is:pr label:qa"
    QA tests pushed back: "is:pr label:qa review:changes_requested"
  publish: {issue-title: "QA weekly report"}
"""


@dataclass
class Expected:
    """What one week should count."""

    bugs: int = 0
    stages: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STAGE_LABELS, 0))
    unstaged: int = 0
    regressions: int = 0
    performed: int = 0
    pushed_back: int = 0
    hotfixes: int = 0
    incidents: int = 0
    close_hours: list[float] = field(default_factory=list)


@dataclass
class ReportWorld:
    """``weeks`` weeks from ``first_monday``; about ``bugs_per_week`` bugs in each."""

    first_monday: datetime = datetime(2026, 8, 24, tzinfo=UTC)
    weeks: int = 8
    bugs_per_week: int = 12
    qa_pulls_per_week: int | None = None  # None: 3 to 5
    seed: int = 13
    issues: list[dict[str, Any]] = field(default_factory=list)
    pulls: list[dict[str, Any]] = field(default_factory=list)
    expected: list[Expected] = field(default_factory=list)

    def __post_init__(self) -> None:
        chance = random.Random(self.seed)
        self.expected = [Expected() for _ in range(self.weeks)]
        for week in range(self.weeks):
            monday = self.first_monday + WEEK * week
            for _ in range(self.bugs_per_week + chance.randrange(-2, 3)):
                self._bug(chance, week, monday + _moment(chance))
            for _ in range(self.qa_pulls_per_week or 3 + week % 3):
                self._qa_pull(chance, week, monday + _moment(chance))
            self._hotfixes(chance, week, monday)
            self._incidents(week, monday)

    @property
    def now(self) -> datetime:
        """A Wednesday morning of the week after the last one: the report's clock."""
        return self.first_monday + WEEK * self.weeks + timedelta(days=2, hours=9)

    def scenario(self) -> dict[str, Any]:
        return {"repository": "acme/app", "issues": self.issues, "pull_requests": self.pulls}

    def _bug(self, chance: random.Random, week: int, opened: datetime) -> None:
        counts = self.expected[week]
        counts.bugs += 1
        roll = chance.random()
        stages = [] if roll < 0.08 else [_stage(chance)]
        if roll > 0.97:  # found on staging, and then again on production
            stages = ["Staging", "Production"]
        labels = ["bug", *(STAGE_LABELS[stage] for stage in stages)]
        for stage in stages:
            counts.stages[stage] += 1
        counts.unstaged += not stages
        if "Production" in stages and chance.random() < 0.5:
            labels.append("regression")
            counts.regressions += 1
        spec: dict[str, Any] = {"labels": labels, "created_at": _iso(opened)}
        if chance.random() < 0.6:
            hours = chance.randrange(2, 90)
            closed = opened + timedelta(hours=hours)
            reason = "not_planned" if chance.random() < 0.15 else "completed"
            spec |= {"state": "closed", "closed_at": _iso(closed), "state_reason": reason}
            self._closed(stages, closed, hours, reason)
        self.issues.append(spec)

    def _closed(self, stages: list[str], closed: datetime, hours: float, reason: str) -> None:
        index = (closed - self.first_monday) // WEEK
        if "Production" in stages and reason == "completed" and index < self.weeks:
            self.expected[index].close_hours.append(hours)

    def _qa_pull(self, chance: random.Random, week: int, opened: datetime) -> None:
        counts = self.expected[week]
        counts.performed += 1
        spec: dict[str, Any] = {"labels": ["qa"], "created_at": _iso(opened)}
        if chance.random() < 0.3:
            counts.pushed_back += 1
            review = {"author": "rita", "state": "CHANGES_REQUESTED"}
            spec["reviews"] = [{**review, "submitted_at": _iso(opened + timedelta(hours=1))}]
        self.pulls.append(spec)

    def _hotfixes(self, chance: random.Random, week: int, monday: datetime) -> None:
        for number in range(week % 3):
            merged = monday + _moment(chance)
            self.pulls.append(_merged(f"hotfix/w{week}-{number}", "prod", merged))
            self.expected[week].hotfixes += 1
        self.pulls.append(_merged(f"feature/w{week}", "prod", monday + _moment(chance)))
        self.pulls.append(_merged(f"hotfix/main-{week}", "main", monday + _moment(chance)))

    def _incidents(self, week: int, monday: datetime) -> None:
        if week % 4 == 1:
            body = "<!-- releasegate:incident:prod-smoke -->\nThe health check failed 3 times."
            self.issues.append({"labels": ["incident"], "body": body, "created_at": _iso(monday)})
            self.expected[week].incidents += 1
        if week % 4 == 2:  # labelled by a person, not opened by watch
            self.issues.append(
                {"labels": ["incident"], "body": "Pager went off", "created_at": _iso(monday)}
            )


def _stage(chance: random.Random) -> str:
    return chance.choices(list(STAGE_LABELS), weights=[40, 25, 12, 8, 10])[0]


def _moment(chance: random.Random) -> timedelta:
    return timedelta(seconds=chance.randrange(int(WEEK.total_seconds())))


def _merged(head: str, base: str, merged: datetime) -> dict[str, Any]:
    opened = _iso(merged - timedelta(hours=3))
    return {"head": head, "base": base, "state": "merged", "created_at": opened,
            "merged_at": _iso(merged), "closed_at": _iso(merged)}  # fmt: skip


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
