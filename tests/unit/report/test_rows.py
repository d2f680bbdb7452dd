"""Each row of the report from hand-built facts: stages, unstaged, the escape rate, its trend."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from releasegate.errors import FactsError
from releasegate.policy.models import HotfixSettings, ReportSettings
from releasegate.report.facts import (
    ClosedBug,
    CountedStages,
    Incident,
    MergedPull,
    OpenedBug,
    ReadStages,
    ReportFacts,
)
from releasegate.report.rows import Trend, build_report, median_hours, trend
from releasegate.report.setup import ReportSetup
from releasegate.report.weeks import Week

W41, W42 = Week(date(2026, 10, 5)), Week(date(2026, 10, 12))
SETUP = ReportSetup(
    "qa",
    "acme/app",
    ReportSettings(
        stages={"QA": "label:found:qa", "Production": "label:found:production"},
        escapes="Production",
        rows={"QA tests": "is:pr label:qa"},
    ),
    HotfixSettings(production="prod", head_pattern="hotfix/*"),
)


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 10, day, hour, tzinfo=UTC)


def bug(number: int, day: int) -> OpenedBug:
    return OpenedBug(f"I_{number}", at(day))


def facts(**changes: object) -> ReportFacts:
    """Facts of two weeks; ``stages={name: bugs}`` are the bugs each stage's search read."""
    empty = ReportFacts(
        weeks=(W41, W42),
        bugs=(0, 0),
        regressions=(0, 0),
        rows={"QA tests": (0, 0)},
        stages=ReadStages({"QA": (), "Production": ()}),
        closed_escapes=(),
        hotfixes=(),
        incidents=(),
    )
    if isinstance(changes.get("stages"), dict):
        changes["stages"] = ReadStages(changes["stages"])  # type: ignore[arg-type]
    return replace(empty, **changes)  # type: ignore[arg-type]


def test_each_stage_counts_the_bugs_its_search_found_in_the_week_they_were_opened() -> None:
    found = facts(
        bugs=(3, 4),
        stages={
            "QA": (bug(1, 5), bug(2, 11), bug(3, 12)),
            "Production": (bug(4, 13), bug(5, 18)),
        },
    )
    first, second = build_report(SETUP, found).weeks
    assert (first.stages, first.unstaged) == ({"QA": 2, "Production": 0}, 1)
    assert (second.stages, second.unstaged) == ({"QA": 1, "Production": 2}, 1)


def test_a_bug_of_two_stages_counts_in_both_and_is_not_unstaged() -> None:
    found = facts(bugs=(0, 2), stages={"QA": (bug(1, 12),), "Production": (bug(1, 12), bug(2, 13))})
    row = build_report(SETUP, found).weeks[1]
    assert (row.stages, row.unstaged, row.counted_twice) == ({"QA": 1, "Production": 2}, 0, 1)
    assert row.escape_rate == 1.0  # both bugs were found on production


def test_stages_finding_more_bugs_than_the_bugs_search_is_an_error_not_a_negative() -> None:
    found = facts(bugs=(0, 1), stages={"QA": (bug(1, 12),), "Production": (bug(2, 12),)})
    with pytest.raises(FactsError, match="in 2026-W42 the stages' searches disagree"):
        build_report(SETUP, found)


def test_stages_counted_per_week_give_the_unstaged_and_the_counted_twice() -> None:
    counted = CountedStages({"QA": (3, 0), "Production": (2, 1)}, unstaged=(1, 0))
    first, second = build_report(SETUP, facts(bugs=(5, 1), stages=counted)).weeks
    assert (first.stages, first.unstaged, first.counted_twice) == ({"QA": 3, "Production": 2}, 1, 1)
    assert (second.escape_rate, second.counted_twice) == (1.0, 0)


def test_counted_stages_that_cannot_add_up_are_an_error() -> None:
    counted = CountedStages({"QA": (1, 0), "Production": (0, 0)}, unstaged=(1, 0))
    with pytest.raises(FactsError, match=r"in 2026-W41 .* \(3 bugs, 1 of no stage"):
        build_report(SETUP, facts(bugs=(3, 0), stages=counted))


def test_counts_of_regressions_and_extra_rows_are_the_weeks_own() -> None:
    row = build_report(SETUP, facts(regressions=(2, 5), rows={"QA tests": (7, 9)})).weeks[0]
    assert (row.regressions, row.rows) == (2, {"QA tests": 7})


def test_hotfixes_are_pulls_from_the_head_pattern_by_the_week_they_were_merged() -> None:
    merged = (
        MergedPull("hotfix/login", at(11, 23)),  # Sunday night: W41
        MergedPull("hotfix/pay", at(12, 0)),  # Monday midnight: W42
        MergedPull("feature/x", at(13)),  # into prod, but not a hotfix branch
        MergedPull("hotfix", at(13)),  # not hotfix/*
    )
    weeks = build_report(SETUP, facts(hotfixes=merged)).weeks
    assert [row.hotfixes for row in weeks] == [1, 1]


def test_incidents_are_issues_with_watchs_marker_by_the_week_they_were_opened() -> None:
    opened = (
        Incident(at(6), "<!-- releasegate:incident:prod-smoke -->\nhealth failed 3 times"),
        Incident(at(13), "<!-- releasegate:incident:api -->\n"),
        Incident(at(13), "Someone labelled this incident by hand"),
    )
    weeks = build_report(SETUP, facts(incidents=opened)).weeks
    assert [row.incidents for row in weeks] == [1, 1]


def test_median_hours_to_close_is_over_the_fixes_closed_that_week() -> None:
    closed = (
        ClosedBug(at(1), at(6), "COMPLETED"),  # opened the week before: 120 h
        ClosedBug(at(5), at(5, 18), "COMPLETED"),  # 6 h
        ClosedBug(at(7), at(8), None),  # closed before GitHub had reasons: 24 h
        ClosedBug(at(6), at(10), "NOT_PLANNED"),  # not a fix: left out
        ClosedBug(at(6), at(12, 1), "COMPLETED"),  # closed in W42
    )
    assert median_hours(W41, closed) == 24.0
    assert median_hours(W42, closed) == 133.0
    assert median_hours(Week(date(2026, 10, 19)), closed) is None


def test_a_week_with_no_bugs_has_no_escape_rate_and_zeros_elsewhere() -> None:
    row = build_report(SETUP, facts()).weeks[0]
    assert (row.bugs, row.unstaged, row.escape_rate, row.median_hours_to_close) == (
        0,
        0,
        None,
        None,
    )


def test_the_escape_rate_is_escape_stage_bugs_over_all_bugs() -> None:
    found = facts(bugs=(8, 0), stages={"QA": (), "Production": (bug(1, 5), bug(2, 6))})
    assert build_report(SETUP, found).weeks[0].escape_rate == 0.25


@pytest.mark.parametrize(
    ("bugs", "escapes", "expected"),
    [
        ((10, 10, 20), (1, 1, 1), Trend(0.05, 0.1, 2)),  # down 5 points
        ((10, 30, 10), (5, 1, 2), Trend(0.2, 0.15, 2)),  # pooled: 6/40, not (0.5 + 0.03) / 2
        ((0, 0, 10), (0, 0, 1), Trend(0.1, None, 2)),  # nothing to compare with
        ((10, 0, 0), (1, 0, 0), Trend(None, 0.1, 2)),  # the newest week had no bugs
    ],
)
def test_the_trend_pools_the_weeks_before_the_newest(
    bugs: tuple[int, ...], escapes: tuple[int, ...], expected: Trend
) -> None:
    weeks = (Week(date(2026, 9, 28)), W41, W42)
    production = tuple(
        OpenedBug(f"I_{week.name}_{n}", week.span.start + timedelta(hours=12))
        for week, count in zip(weeks, escapes, strict=True)
        for n in range(count)
    )
    found = facts(
        weeks=weeks,
        bugs=bugs,
        regressions=(0, 0, 0),
        rows={"QA tests": (0, 0, 0)},
        stages={"QA": (), "Production": production},
    )
    assert build_report(SETUP, found).trend == pytest.approx(expected)


@pytest.mark.parametrize(
    ("latest", "before", "direction"),
    [(0.05, 0.1, "down"), (0.2, 0.15, "up"), (0.1002, 0.1, "level"), (0.1, None, None)],
)
def test_the_trend_says_up_down_or_level(
    latest: float, before: float | None, direction: str | None
) -> None:
    assert Trend(latest, before, 3).direction == direction


def test_one_week_alone_has_nothing_before_it() -> None:
    assert trend(()) == Trend(None, None, 0)
    found = facts(weeks=(W42,), bugs=(4,), regressions=(0,), rows={"QA tests": (0,)})
    assert build_report(SETUP, found).trend == Trend(0.0, None, 0)


def test_two_weeks_apart_by_a_second_are_two_rows() -> None:
    sunday_night = W41.span.end - timedelta(seconds=1)
    found = facts(
        bugs=(1, 1),
        stages={
            "QA": (OpenedBug("a", sunday_night), OpenedBug("b", W42.span.start)),
            "Production": (),
        },
    )
    assert [row.stages["QA"] for row in build_report(SETUP, found).weeks] == [1, 1]
