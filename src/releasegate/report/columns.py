"""The report's columns and sentences, shared by every renderer so they say the same thing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from releasegate.report.rows import QaReport, Trend, WeekRow

NONE = "—"


@dataclass(frozen=True)
class Column:
    header: str
    cell: Callable[[WeekRow], str]
    numeric: bool = True


Quote = Callable[[str], str]  # how a name from the policy is written (escaped for Markdown)


def as_is(text: str) -> str:
    return text


WEEK = Column("Week", lambda row: row.week.name, numeric=False)


def bug_columns(report: QaReport, quote: Quote = as_is) -> list[Column]:
    """The first table: where the bugs were found. Week, bugs, each stage, unstaged,
    regressions and the escape rate."""
    stage_columns = [_count(quote(name), _stage(name)) for name in report.setup.stage_names()]
    return [
        WEEK,
        _count("Bugs", lambda row: row.bugs),
        *stage_columns,
        _count("Unstaged", lambda row: row.unstaged),
        _count("Regressions", lambda row: row.regressions),
        Column("Escape rate", lambda row: percent(row.escape_rate)),
    ]


def other_columns(report: QaReport, quote: Quote = as_is) -> list[Column]:
    """The second table: week, each extra row, hotfixes, incidents, the time to close."""
    extra_columns = [_count(quote(name), _extra(name)) for name in report.setup.row_names()]
    return [
        WEEK,
        *extra_columns,
        _count("Hotfixes", lambda row: row.hotfixes),
        _count("Incidents", lambda row: row.incidents),
        Column("Hours to close", lambda row: hours(row.median_hours_to_close)),
    ]


def tables(report: QaReport, quote: Quote = as_is) -> list[list[Column]]:
    """Two tables, each narrow enough for an issue, a job summary and a terminal."""
    return [bug_columns(report, quote), other_columns(report, quote)]


def _stage(name: str) -> Callable[[WeekRow], int]:
    return lambda row: row.stages[name]


def _extra(name: str) -> Callable[[WeekRow], int]:
    return lambda row: row.rows[name]


def _count(header: str, value: Callable[[WeekRow], int]) -> Column:
    return Column(header, lambda row: str(value(row)))


def hours(value: float | None) -> str:
    return NONE if value is None else f"{value:.1f}"


def percent(value: float | None) -> str:
    return NONE if value is None else f"{value * 100:.1f}%"


def period(report: QaReport) -> str:
    """``2026-W35 to 2026-W42 (Mon 24 Aug to Sun 18 Oct 2026, UTC)``."""
    first, last = report.weeks[0].week, report.weeks[-1].week
    names = first.name if first == last else f"{first.name} to {last.name}"
    return f"{names} (Mon {_day(first.monday)} to Sun {_day(last.sunday)} {last.sunday.year}, UTC)"


def _day(day: date) -> str:
    return f"{day.day} {day:%b}"


def escape_sentence(report: QaReport, quote: Quote = as_is) -> str:
    """The newest week's escape rate and its trend, in words."""
    latest, trend = report.weeks[-1], report.trend
    name, stage = latest.week.name, quote(report.escape_stage)
    if latest.escape_rate is None:
        return f"No bugs were opened in {name}, so it has no escape rate."
    head = f"Escape rate in {name}: {percent(latest.escape_rate)} ({stage} bugs / all bugs)"
    return f"{head}, {_compared(trend)}."


def _compared(trend: Trend) -> str:
    count = trend.weeks_before
    weeks = "the week before" if count == 1 else f"the {count} weeks before"
    if trend.weeks_before == 0:
        return "the only week reported"
    if trend.before is None or trend.change is None:
        return f"and no bugs in {weeks} to compare with"
    if trend.direction == "level":
        return f"level with {weeks} ({percent(trend.before)})"
    points = f"{abs(trend.change) * 100:.1f} points"
    return f"{trend.direction} {points} from {percent(trend.before)} in {weeks}"
