"""The page guard: every paginated read stops on a cursor seen before, a missing cursor, or a
page budget, with an error that names the query (issue 14, item 1)."""

from __future__ import annotations

import re

import pytest
import responses
from requests import PreparedRequest

from releasegate.errors import GitHubError
from releasegate.github import endpoints
from releasegate.github.client import Connection, GitHub
from releasegate.github.pages import MAX_PAGES, PageGuard, pages_for
from releasegate.github.retry import RetryPolicy
from support.reviews import API

COMMENTS = f"{API}:443/repos/acme/app/issues/7/comments"  # PyGithub writes the default port
LINKED = f"{API}/repos/acme/app/issues/7/comments"  # ...and wants links without it


def test_the_guard_follows_new_cursors_and_ends_when_there_is_no_next_page() -> None:
    guard = PageGuard("GraphQL query X", budget=3)
    assert guard.follow("a", more=True) == "a"
    assert guard.follow("b", more=True) == "b"
    assert guard.follow("b", more=False) is None


@pytest.mark.parametrize(
    ("cursors", "says"),
    [
        ([None], "says there is a next page but not where it is"),
        ([""], "says there is a next page but not where it is"),
        (["a", "a"], "points back at a page already read"),
        (["a", "b", "a"], "points back at a page already read"),
        (["a", "b", "c"], "still has a next page after 3 pages of 100"),
    ],
)
def test_the_guard_stops_a_read_that_would_not_end(cursors: list[str | None], says: str) -> None:
    guard = PageGuard("GraphQL query ReviewThreads (threads)", budget=3)
    *before, last = cursors
    for cursor in before:
        guard.follow(cursor, more=True)
    with pytest.raises(GitHubError) as raised:
        guard.follow(last, more=True)
    assert raised.value.message == (
        f"GraphQL query ReviewThreads (threads) could not be read to its end: GitHub's answer "
        f"{says}, so the list would never end. Nothing was judged from part of a list; re-run "
        "the job, and if it happens again GitHub is answering this list wrongly."
    )


def test_the_first_page_counts_as_read() -> None:
    guard = PageGuard("GET /x", first="page 1")
    with pytest.raises(GitHubError, match="points back at a page already read"):
        guard.follow("page 1", more=True)


def test_a_budget_comes_from_the_count_github_gives_with_room_for_one_more_page() -> None:
    assert [pages_for(n) for n in (0, 1, 100, 101, 3000)] == [2, 2, 2, 3, 31]
    assert pages_for(None) == pages_for(10**9) == MAX_PAGES


def github() -> GitHub:
    return GitHub(Connection(API, f"{API}/graphql", "t0ken"), RetryPolicy(attempts=1))


def page_number(request: PreparedRequest) -> int:
    found = re.search(r"[?&]page=(\d+)", request.url or "")
    return int(found.group(1)) if found else 1


@responses.activate
def test_rest_pages_that_never_end_stop_at_the_budget() -> None:
    def endless(request: PreparedRequest) -> tuple[int, dict[str, str], str]:
        following = f'<{LINKED}?per_page=100&page={page_number(request) + 1}>; rel="next"'
        return 200, {"Link": following}, "[]"

    responses.add_callback(responses.GET, re.compile(re.escape(COMMENTS) + ".*"), endless)
    with pytest.raises(GitHubError, match="still has a next page after 4 pages of 100"):
        github().rest_all_pages(
            endpoints.LIST_ISSUE_COMMENTS, budget=4, owner="acme", repo="app", issue_number=7
        )
    assert len(responses.calls) == 4


@responses.activate
def test_a_rest_link_back_to_the_first_page_is_caught_before_it_is_read_again() -> None:
    def back_to_one(request: PreparedRequest) -> tuple[int, dict[str, str], str]:
        if page_number(request) == 1:
            return 200, {"Link": f'<{LINKED}?per_page=100&page=2>; rel="next"'}, "[]"
        back = f'<{API}/repositories/1/issues/7/comments?page=1&per_page=100>; rel="next"'
        return 200, {"Link": back}, "[]"

    responses.add_callback(responses.GET, re.compile(re.escape(COMMENTS) + ".*"), back_to_one)
    with pytest.raises(GitHubError, match=r"GET /repos/acme/app/issues/7/comments could not"):
        github().rest_all_pages(
            endpoints.LIST_ISSUE_COMMENTS, owner="acme", repo="app", issue_number=7
        )
    assert len(responses.calls) == 2


@responses.activate
def test_a_rest_list_that_counts_its_items_is_read_no_further_than_its_count_allows() -> None:
    # GET check-runs wraps its page with total_count: 3 runs take one page, one more is room
    # for a run added meanwhile, and a third is a list that never ends (not 100 pages later).
    runs = f"{API}:443/repos/acme/app/commits/{'a' * 40}/check-runs"

    def endless(request: PreparedRequest) -> tuple[int, dict[str, str], str]:
        following = f"<{runs.replace(':443', '')}?per_page=100&page={page_number(request) + 1}>"
        body = '{"total_count": 3, "check_runs": []}'
        return 200, {"Link": f'{following}; rel="next"'}, body

    responses.add_callback(responses.GET, re.compile(re.escape(runs) + ".*"), endless)
    with pytest.raises(GitHubError, match="still has a next page after 2 pages of 100"):
        github().rest_all_pages(
            endpoints.LIST_CHECK_RUNS_FOR_REF, owner="acme", repo="app", ref="a" * 40
        )
    assert len(responses.calls) == 2
