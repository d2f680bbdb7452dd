"""The searches a report runs: scoped to the repository, dated by the report, names quoted."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from releasegate.policy.models import HotfixSettings, ReportSettings
from releasegate.report.queries import Queries, dated
from releasegate.report.weeks import Week
from unit.report.test_rows import SETUP

WEEK = Week(date(2026, 10, 12)).span


def test_each_stage_narrows_the_bugs_search_and_regressions_narrow_the_escape_stage() -> None:
    queries = Queries(SETUP)
    assert queries.bugs() == "repo:acme/app is:issue label:bug"
    assert queries.stage("QA") == "repo:acme/app is:issue label:bug label:found:qa"
    assert queries.regressions() == (
        "repo:acme/app is:issue label:bug label:found:production label:regression"
    )
    assert queries.row("QA tests") == "repo:acme/app is:pr label:qa"


def test_bugs_kept_in_another_repository_are_searched_there() -> None:
    settings = ReportSettings(bugs="repo:acme/tracker label:bug", rows={"Tests": "org:acme is:pr"})
    queries = Queries(replace(SETUP, report=settings))
    assert queries.bugs() == "is:issue repo:acme/tracker label:bug"
    assert queries.row("Tests") == "org:acme is:pr"


def test_hotfixes_and_incidents_are_searched_in_the_repository_names_quoted() -> None:
    setup = replace(SETUP, hotfix=HotfixSettings(production="prod"), incident_label="p1 incident")
    queries = Queries(setup)
    assert queries.hotfixes() == "repo:acme/app is:pr is:merged base:prod"
    assert queries.incidents() == 'repo:acme/app is:issue label:"p1 incident"'


def test_the_report_dates_every_search_and_orders_it() -> None:
    assert dated("repo:acme/app is:issue label:bug", "closed", WEEK) == (
        "repo:acme/app is:issue label:bug "
        "closed:2026-10-12T00:00:00+00:00..2026-10-18T23:59:59+00:00 sort:created-asc"
    )
