"""The stand-in's GraphQL ``search``: GitHub's qualifiers, its 1,000 cap, its true issueCount."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from releasegate_standin import StandIn

SEARCH = """
query Search($query: String!, $after: String) {
  search(query: $query, type: ISSUE, first: 100, after: $after) {
    issueCount
    pageInfo { hasNextPage endCursor }
    nodes {
      __typename
      ... on Issue { number }
      ... on PullRequest { number }
    }
  }
}
"""

WEEK = "2026-10-05T00:00:00+00:00..2026-10-11T23:59:59+00:00"
SCENARIO: dict[str, Any] = {
    "repository": "acme/app",
    "issues": [
        {"number": 1, "labels": ["bug", "found:qa"], "created_at": "2026-10-05T00:00:00Z"},
        {"number": 2, "labels": ["bug", "found:production"], "created_at": "2026-10-11T23:59:59Z",
         "state": "closed", "closed_at": "2026-10-12T08:00:00Z"},
        {"number": 3, "labels": ["bug"], "created_at": "2026-10-12T00:00:00Z", "state": "closed",
         "state_reason": "not_planned", "closed_at": "2026-10-12T09:00:00Z"},
        {"number": 4, "labels": ["bug", "In progress"], "created_at": "2026-10-04T23:59:59Z"},
        {"number": 5, "created_at": "2026-10-07T12:00:00Z", "title": "Checkout crashes",
         "body": "Steps to reproduce"},
    ],
    "pull_requests": [
        {"number": 6, "labels": ["qa"], "created_at": "2026-10-06T10:00:00Z",
         "reviews": [{"author": "rita", "state": "CHANGES_REQUESTED", "submitted_at": "-1d"}]},
        {"number": 7, "labels": ["qa"], "created_at": "2026-10-06T10:00:00Z",
         "reviews": [{"author": "rita", "state": "CHANGES_REQUESTED", "submitted_at": "-2h"},
                     {"author": "rita", "state": "APPROVED", "submitted_at": "-1h"}]},
        {"number": 8, "base": "prod", "head": "hotfix/login", "state": "merged",
         "created_at": "2026-10-06T10:00:00Z", "merged_at": "2026-10-08T10:00:00Z"},
        {"number": 9, "base": "prod", "head": "feature/x", "state": "closed",
         "created_at": "2026-10-06T10:00:00Z", "closed_at": "2026-10-08T10:00:00Z"},
    ],
    "other_repositories": [
        {"repository": "acme/tracker",
         "issues": [{"number": 1, "labels": ["bug"], "created_at": "2026-10-06T00:00:00Z"}]},
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def search() -> Iterator[Callable[..., dict[str, Any]]]:
    with (
        StandIn(SCENARIO) as standin,
        httpx.Client(base_url=standin.url, headers={"Authorization": "bearer t"}) as client,
    ):

        def ask(query: str, **variables: Any) -> dict[str, Any]:
            answer = client.post(
                "/graphql", json={"query": SEARCH, "variables": {"query": query, **variables}}
            ).json()
            assert "errors" not in answer, answer["errors"]
            result: dict[str, Any] = answer["data"]["search"]
            return result

        yield ask


def numbers(found: dict[str, Any]) -> list[int]:
    return [node["number"] for node in found["nodes"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("repo:acme/app is:issue label:bug", [3, 2, 1, 4]),
        ("repo:acme/app is:issue label:bug label:found:qa", [1]),
        ('repo:acme/app label:"found:qa",found:production', [2, 1]),
        ('repo:acme/app label:"in progress"', [4]),
        ("repo:acme/app is:issue -label:bug", [5]),
        ("repo:acme/app is:issue no:label", [5]),
        ("repo:acme/app is:pr", [9, 8, 7, 6]),
        ("repo:acme/app is:pr is:merged base:prod", [8]),
        ("repo:acme/app is:pr merged:2026-10-08", [8]),
        ("repo:acme/app is:pr is:unmerged base:prod", [9]),
        ("repo:acme/app is:pr head:hotfix/", [8]),
        ("repo:acme/app is:pr review:changes_requested", [6]),
        ("repo:acme/app is:pr review:approved", [7]),
        ("repo:acme/app is:issue is:closed", [3, 2]),
        ("repo:acme/app is:issue is:open label:bug", [1, 4]),
        ('repo:acme/app reason:"not planned"', [3]),
        ('repo:acme/app label:bug -reason:"not planned"', [2, 1, 4]),
        ("repo:acme/app checkout crashes", [5]),
        ("repo:acme/tracker label:bug", [1]),
        ("org:acme label:bug -label:qa,found:qa sort:created-asc", [4, 1, 2, 3]),
    ],
)
def test_qualifiers_select_as_github_documents(
    search: Callable[..., dict[str, Any]], query: str, expected: list[int]
) -> None:
    found = search(query)
    assert (numbers(found), found["issueCount"]) == (expected, len(expected))


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        (f"created:{WEEK}", [2, 5, 1]),  # both ends of a range are inside it, to the second
        ("created:2026-10-05..2026-10-11", [2, 5, 1]),  # a date alone is its whole UTC day
        ("created:2026-10-11", [2]),
        ("created:>2026-10-11", [3]),
        ("created:>=2026-10-11T23:59:59+00:00", [3, 2]),
        ("created:<2026-10-05", [4]),
        ("created:<=2026-10-05T00:00:00Z", [1, 4]),
        ("created:2026-10-12..*", [3]),
        ("created:*..2026-10-04", [4]),
        ("created:2026-10-05T02:00:00+02:00..2026-10-05T02:00:00+02:00", [1]),  # an offset
        ("closed:2026-10-12", [3, 2]),
        ("-closed:2026-10-12", [5, 1, 4]),
    ],
)
def test_date_qualifiers_take_days_times_ranges_and_comparisons(
    search: Callable[..., dict[str, Any]], dates: str, expected: list[int]
) -> None:
    assert numbers(search(f"repo:acme/app is:issue {dates}")) == expected


def test_a_query_the_stand_in_cannot_answer_is_an_error_not_a_silent_match() -> None:
    with StandIn(SCENARIO) as standin:
        answer = httpx.post(
            standin.graphql_url,
            json={"query": SEARCH, "variables": {"query": "repo:acme/app milestone:v1"}},
            headers={"Authorization": "bearer t"},
        ).json()
    assert answer["errors"][0]["message"] == (
        "the stand-in's search does not know the qualifier 'milestone:'"
    )


def test_issue_count_is_the_true_total_but_only_1000_results_can_be_paged(
    serve: Callable[..., StandIn],
) -> None:
    standin = serve({"repository": "acme/app", "issues": {"generate": 1234, "labels": ["bug"]}})
    seen: list[int] = []
    after = None
    with httpx.Client(base_url=standin.url, headers={"Authorization": "bearer t"}) as client:
        while True:
            variables = {"query": "repo:acme/app label:bug", "after": after}
            page = client.post("/graphql", json={"query": SEARCH, "variables": variables})
            found = page.json()["data"]["search"]
            assert found["issueCount"] == 1234
            seen += numbers(found)
            if not found["pageInfo"]["hasNextPage"]:
                break
            after = found["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == 1000
    assert seen[:2] == [1234, 1233]  # newest first without a sort: qualifier
