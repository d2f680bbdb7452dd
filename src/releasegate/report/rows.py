"""The report's numbers: the facts bucketed into weeks, each row decided here and only here.

- A bug is counted under every stage whose search finds it; one that no stage's search finds
  is "unstaged". A bug with two stage labels is in two stage columns (the note under the
  table says how many), so the stage columns may add up to more than the bugs.
- Bugs closed as not planned were still reported: they count where they were opened (leave
  them out with ``-reason:"not planned"`` in ``bugs``), but not in the time to close, which
  is the time a fix took.
- The median time to close of a week is over the escape-stage bugs closed that week.
- The escape rate is escape-stage bugs / all bugs opened that week; its trend compares the
  newest week with all the weeks before it in the report, pooled (their escape-stage bugs /
  their bugs), so a quiet week weighs as little as it should.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from releasegate.errors import FactsError
from releasegate.policy.types import branch_matches
from releasegate.report.facts import ClosedBug, CountedStages, OpenedBug, ReportFacts
from releasegate.report.setup import ReportSetup
from releasegate.report.weeks import Week, week_of

INCIDENT_MARKER = "<!-- releasegate:incident:"  # what `releasegate watch` opens incidents with
NOT_FIXED = frozenset({"NOT_PLANNED", "DUPLICATE"})
LEVEL = 0.0005  # escape rates closer than 0.05 points are level


@dataclass(frozen=True)
class WeekRow:
    week: Week
    bugs: int
    stages: dict[str, int]
    unstaged: int
    regressions: int
    rows: dict[str, int]
    hotfixes: int
    incidents: int
    median_hours_to_close: float | None
    escape_rate: float | None
    escapes: int  # escape-stage bugs
    counted_twice: int  # stage counts beyond the bugs staged: bugs that two stages found


@dataclass(frozen=True)
class Trend:
    """The newest week's escape rate against the weeks before it, pooled."""

    latest: float | None
    before: float | None
    weeks_before: int

    @property
    def change(self) -> float | None:
        if self.latest is None or self.before is None:
            return None
        return self.latest - self.before

    @property
    def direction(self) -> str | None:
        change = self.change
        if change is None:
            return None
        return "level" if abs(change) < LEVEL else ("up" if change > 0 else "down")


@dataclass(frozen=True)
class QaReport:
    setup: ReportSetup
    weeks: tuple[WeekRow, ...]
    trend: Trend

    @property
    def escape_stage(self) -> str:
        return self.setup.report.escapes


def build_report(setup: ReportSetup, facts: ReportFacts) -> QaReport:
    rows = tuple(_week_row(setup, facts, index) for index in range(len(facts.weeks)))
    return QaReport(setup, rows, trend(rows))


def _week_row(setup: ReportSetup, facts: ReportFacts, index: int) -> WeekRow:
    week, bugs = facts.weeks[index], facts.bugs[index]
    stages, unstaged = _staging(facts, index)
    staged = bugs - unstaged
    if unstaged < 0 or staged > sum(stages.values()):
        raise FactsError(
            f"in {week.name} the stages' searches disagree with the bugs' search ({bugs} bugs, "
            f"{unstaged} of no stage, stages {stages}): issues changed while the report read "
            "them. Re-run the job."
        )
    escapes = stages[setup.report.escapes]
    return WeekRow(
        week=week,
        bugs=bugs,
        stages=stages,
        unstaged=unstaged,
        regressions=facts.regressions[index],
        rows={name: counts[index] for name, counts in facts.rows.items()},
        hotfixes=sum(
            1
            for pull in facts.hotfixes
            if week_of(pull.merged) == week
            and branch_matches((setup.hotfix.head_pattern,), pull.head)
        ),
        incidents=sum(
            1 for i in facts.incidents if week_of(i.opened) == week and INCIDENT_MARKER in i.body
        ),
        median_hours_to_close=median_hours(week, facts.closed_escapes),
        escape_rate=escapes / bugs if bugs else None,
        escapes=escapes,
        counted_twice=sum(stages.values()) - staged,
    )


def _staging(facts: ReportFacts, index: int) -> tuple[dict[str, int], int]:
    """Each stage's bugs in the week, and the bugs of no stage."""
    if isinstance(facts.stages, CountedStages):
        counted = facts.stages
        return {name: counts[index] for name, counts in counted.stages.items()}, counted.unstaged[
            index
        ]
    week = facts.weeks[index]
    found = {stage: _ids_in(week, bugs) for stage, bugs in facts.stages.bugs.items()}
    staged = set().union(*found.values())
    return {stage: len(ids) for stage, ids in found.items()}, facts.bugs[index] - len(staged)


def _ids_in(week: Week, bugs: Iterable[OpenedBug]) -> set[str]:
    return {bug.id for bug in bugs if week_of(bug.opened) == week}


def median_hours(week: Week, closed: Iterable[ClosedBug]) -> float | None:
    """Median hours from opened to closed of the bugs closed in ``week`` that were fixed."""
    hours = [
        _hours(bug.opened, bug.closed)
        for bug in closed
        if week_of(bug.closed) == week and bug.reason not in NOT_FIXED
    ]
    return statistics.median(hours) if hours else None


def _hours(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 3600


def trend(rows: tuple[WeekRow, ...]) -> Trend:
    if not rows:
        return Trend(None, None, 0)
    *before, latest = rows
    bugs_before = sum(row.bugs for row in before)
    pooled = sum(row.escapes for row in before) / bugs_before if bugs_before else None
    return Trend(latest.escape_rate, pooled, len(before))
