"""ISO weeks in UTC: names across a year's end, offsets, and only complete weeks reported."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from releasegate.report.weeks import Week, complete_weeks, week_of, weeks_span


@pytest.mark.parametrize(
    ("day", "name", "monday"),
    [
        (date(2026, 10, 12), "2026-W42", date(2026, 10, 12)),
        (date(2026, 10, 18), "2026-W42", date(2026, 10, 12)),  # Sunday ends the week
        (date(2026, 12, 31), "2026-W53", date(2026, 12, 28)),  # 2026 has 53 weeks
        (date(2027, 1, 3), "2026-W53", date(2026, 12, 28)),  # January days of the old year's
        (date(2027, 1, 4), "2027-W01", date(2027, 1, 4)),
        (date(2024, 12, 30), "2025-W01", date(2024, 12, 30)),  # December days of the new year's
        (date(2028, 1, 1), "2027-W52", date(2027, 12, 27)),
    ],
)
def test_a_day_falls_in_its_iso_week(day: date, name: str, monday: date) -> None:
    week = week_of(datetime(day.year, day.month, day.day, 12, tzinfo=UTC))
    assert (week.name, week.monday) == (name, monday)


def test_weeks_are_utc_whatever_offset_a_time_carries() -> None:
    berlin = timezone(timedelta(hours=2))
    # Monday 01:30 in Berlin is still Sunday in UTC: the week before.
    assert week_of(datetime(2026, 10, 12, 1, 30, tzinfo=berlin)).name == "2026-W41"
    # Sunday 20:00 in Los Angeles is Monday in UTC: the week after.
    pacific = timezone(timedelta(hours=-7))
    assert week_of(datetime(2026, 10, 11, 20, 0, tzinfo=pacific)).name == "2026-W42"
    assert week_of(datetime(2026, 10, 11, 23, 59, 59)).name == "2026-W41"  # naive: UTC


def test_the_week_in_progress_is_not_reported() -> None:
    weeks = complete_weeks(datetime(2026, 10, 21, 9, 0, tzinfo=UTC), 3)  # a Wednesday
    assert [week.name for week in weeks] == ["2026-W40", "2026-W41", "2026-W42"]
    # At Monday midnight the new week has begun: it is the one in progress.
    at_midnight = complete_weeks(datetime(2026, 10, 19, 0, 0, tzinfo=UTC), 1)
    assert [week.name for week in at_midnight] == ["2026-W42"]


def test_weeks_across_the_year_end_are_consecutive() -> None:
    weeks = complete_weeks(datetime(2027, 1, 13, tzinfo=UTC), 4)
    assert [week.name for week in weeks] == ["2026-W51", "2026-W52", "2026-W53", "2027-W01"]
    assert weeks_span(weeks).seconds == 4 * 7 * 86400


def test_a_week_is_monday_midnight_to_the_next_monday_in_search_terms() -> None:
    week = Week(date(2026, 12, 28))
    assert (week.short_name, week.sunday) == ("W53", date(2027, 1, 3))
    assert week.span.qualifier("created") == (
        "created:2026-12-28T00:00:00+00:00..2027-01-03T23:59:59+00:00"
    )
