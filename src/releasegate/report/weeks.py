"""ISO weeks in UTC: the report's rows, and the week a moment falls in.

A week runs from Monday 00:00 UTC up to the next Monday; its name is ISO 8601's
(``2026-W01`` may start in December, ``2026-W53`` end in January). Only complete weeks are
reported: the week ``now`` falls in is still going on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from releasegate.github.search import Span

WEEK = timedelta(days=7)


@dataclass(frozen=True, order=True)
class Week:
    monday: date

    @property
    def name(self) -> str:
        year, number, _ = self.monday.isocalendar()
        return f"{year}-W{number:02d}"

    @property
    def short_name(self) -> str:
        return self.name.split("-")[1]

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def span(self) -> Span:
        start = datetime.combine(self.monday, time(), tzinfo=UTC)
        return Span(start, start + WEEK)


def week_of(moment: datetime) -> Week:
    """The week a moment falls in, in UTC (a moment without an offset is taken as UTC)."""
    utc = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    day = utc.date()
    return Week(day - timedelta(days=day.weekday()))


def complete_weeks(now: datetime, count: int) -> list[Week]:
    """The ``count`` complete weeks before the one ``now`` falls in, oldest first."""
    current = week_of(now)
    return [Week(current.monday - WEEK * back) for back in range(count, 0, -1)]


def weeks_span(weeks: list[Week]) -> Span:
    """From the first week's Monday to the end of the last week's Sunday."""
    return Span(weeks[0].span.start, weeks[-1].span.end)
