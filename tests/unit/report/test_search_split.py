"""Exact counts at any size: a search past GitHub's 1,000 cap is split by date, never cut short.

Against the stand-in, which lets a client page through the first 1,000 results of a search
only (``issueCount`` is still the true total), as GitHub does.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import httpx
import pytest

from releasegate.errors import GitHubError
from releasegate.github.client import Connection, GitHub
from releasegate.github.retry import RetryPolicy
from releasegate.github.search import Search, Span, counts_document, search_all
from releasegate.policy.models import ReportSettings
from releasegate.report.facts import read_facts
from releasegate.report.queries import Queries, dated
from releasegate.report.rows import build_report
from releasegate.report.setup import ReportSetup
from releasegate.report.weeks import Week
from unit.report.conftest import Served

MONDAY = datetime(2026, 10, 12, tzinfo=UTC)
WEEK = Week(MONDAY.date())
STAGES = ("found:qa", "found:staging", "found:production")


def bugs(count: int, start: datetime, every: timedelta, **extra: Any) -> list[dict[str, Any]]:
    """``count`` bug issues opened ``every`` apart from ``start``, stages in turn."""
    return [
        {"labels": ["bug", STAGES[n % 3]], "created_at": (start + every * n).isoformat(), **extra}
        for n in range(count)
    ]


def read(github: GitHub, query: str, span: Span) -> list[dict[str, Any]]:
    search = Search("report_issues", partial(dated, query, "created"), span)
    return search_all(github, reads=[search]).nodes[0]


def test_2500_bugs_in_one_week_are_counted_exactly_in_pages_not_per_issue(served: Served) -> None:
    standin, github = served(bugs(2500, MONDAY, timedelta(seconds=241)))  # all of W42
    standin.reset_log()
    nodes = read(github, "repo:acme/app is:issue label:bug", WEEK.span)
    assert len({node["id"] for node in nodes}) == len(nodes) == 2500
    # One request learns there are 2,500; four parts of about 625 are read in 7 pages each.
    assert len(standin.requests) == 1 + 4 * 7


@pytest.mark.parametrize(
    ("stages", "requests"),
    [
        # One qualifier a stage: stages and unstaged are counted (one request for every count),
        # and only the closed escapes, hotfixes and incidents are read.
        ({"QA": "label:found:qa", "Staging": "label:found:staging"}, 4),
        # Stages of two qualifiers cannot be negated: each stage's bugs are read, 9 pages each.
        ({"QA": "label:found:qa is:issue", "Staging": "label:found:staging -label:x"}, 31),
    ],
    ids=["counted", "read"],
)
def test_the_whole_report_counts_a_week_of_2500_bugs_exactly(
    served: Served, stages: dict[str, str], requests: int
) -> None:
    standin, github = served(bugs(2500, MONDAY, timedelta(seconds=241)))
    stages |= {"Production": "label:found:production"}
    setup = ReportSetup("qa", "acme/app", ReportSettings(stages=stages))
    standin.reset_log()
    row = build_report(setup, read_facts(github, Queries(setup), [WEEK])).weeks[0]
    assert (row.bugs, row.stages, row.unstaged) == (
        2500,
        {"QA": 834, "Staging": 833, "Production": 833},
        0,
    )
    assert row.escape_rate == 833 / 2500
    assert len(standin.requests) == requests


def test_a_part_still_past_the_cap_is_cut_again(served: Served) -> None:
    crowded = bugs(1500, MONDAY, timedelta(seconds=2))  # the first hour holds 1,500
    _standin, github = served(crowded + bugs(500, MONDAY + timedelta(days=3), timedelta(minutes=5)))
    nodes = read(github, "repo:acme/app label:bug", WEEK.span)
    assert len({node["id"] for node in nodes}) == 2000


def test_more_than_the_cap_within_one_second_fails_rather_than_counting_short(
    served: Served,
) -> None:
    _standin, github = served(bugs(1001, MONDAY, timedelta(0)))
    with pytest.raises(GitHubError) as failure:
        read(github, "repo:acme/app label:bug", WEEK.span)
    assert failure.value.message.startswith(
        "GitHub's search finds 1,001 results within one second for `repo:acme/app label:bug "
        "created:2026-10-12T00:00:00+00:00..2026-10-12T00:00:00+00:00 sort:created-asc`"
    )


def test_counts_go_twenty_searches_to_a_request(served: Served) -> None:
    standin, github = served(bugs(30, MONDAY, timedelta(hours=1)))
    days = [Span(MONDAY + timedelta(hours=h), MONDAY + timedelta(hours=h + 1)) for h in range(50)]
    standin.reset_log()
    counted = search_all(github, counts=[day.qualifier("created") for day in days]).counts
    assert counted == [1] * 30 + [0] * 20
    assert [request.operation for request in standin.requests] == ["SearchCounts"] * 3


def test_a_cut_covers_the_span_in_whole_seconds_without_overlap() -> None:
    span = Span(MONDAY, MONDAY + timedelta(seconds=10))
    parts = span.cut(3)
    assert [(p.start.second, p.end.second) for p in parts] == [(0, 3), (3, 6), (6, 10)]
    assert len(Span(MONDAY, MONDAY + timedelta(seconds=2)).cut(5)) == 2


def test_the_counts_document_repeats_its_templates_selection() -> None:
    assert counts_document(2) == (
        "query SearchCounts($q0: String!, $q1: String!) {\n"
        "  c0: search(query: $q0, type: ISSUE, first: 1) {\n    issueCount\n  }\n"
        "  c1: search(query: $q1, type: ISSUE, first: 1) {\n    issueCount\n  }\n"
        "}\n"
    )


def answering(pages: list[list[str]], count: int) -> tuple[GitHub, list[object]]:
    """A client whose GraphQL answers each request with the next of ``pages`` (node ids)."""
    asked: list[object] = []

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append(json.loads(request.content)["variables"]["query"])
        ids = pages[min(len(asked), len(pages)) - 1]
        nodes = [{"id": node, "createdAt": "2026-10-12T10:00:00Z"} for node in ids]
        info = {"hasNextPage": False, "endCursor": None}
        search = {"issueCount": count, "pageInfo": info, "nodes": nodes}
        return httpx.Response(200, json={"data": {"search": search}})

    retry = RetryPolicy(attempts=2, total_seconds=1.0, base_delay=0.01, max_delay=0.01)
    github = GitHub(
        Connection("https://api.example.test", "https://api.example.test/graphql", "t"), retry
    )
    github._http = httpx.Client(transport=httpx.MockTransport(answer))
    return github, asked


def test_pages_that_fall_short_of_the_count_are_read_again() -> None:
    github, asked = answering([["a", "b"], ["a", "b", "c"]], count=3)
    assert {node["id"] for node in read(github, "label:bug", WEEK.span)} == {"a", "b", "c"}
    assert len(asked) == 2


def test_pages_short_of_the_count_twice_fail_rather_than_count_short() -> None:
    github, asked = answering([["a", "b"]], count=3)
    with pytest.raises(GitHubError, match=r"found 3 results .* but its pages held 2, twice"):
        read(github, "label:bug", WEEK.span)
    assert len(asked) == 2
