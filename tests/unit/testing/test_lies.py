"""The stand-in's lies about lists (lies.py): a list that never ends, GraphQL and REST."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import httpx

from releasegate_standin import Fault, StandIn
from releasegate_standin.lies import graphql_lie, rest_lie

THREADS = """
query Threads($after: String) {
  repository(owner: "acme", name: "app") {
    pullRequest(number: 7) {
      reviewThreads(first: 100, after: $after) {
        nodes { id }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}
"""
_NEXT = re.compile(r'<([^>]+)>; rel="next"')


def test_every_page_info_says_there_is_more_at_a_cursor_no_answer_named_before() -> None:
    def answer() -> dict[str, Any]:
        forward = {"hasNextPage": False, "endCursor": None}
        backward = {"hasPreviousPage": False, "startCursor": None}
        return {"data": {"forward": {"pageInfo": forward}, "backward": {"pageInfo": backward}}}

    told = [answer() for _ in range(3)]
    assert all(graphql_lie("next-page-forever", each) for each in told)
    forward = [each["data"]["forward"]["pageInfo"] for each in told]
    backward = [each["data"]["backward"]["pageInfo"] for each in told]
    assert all(info["hasNextPage"] for info in forward)
    assert all(info["hasPreviousPage"] for info in backward)
    cursors = [info["endCursor"] for info in forward] + [info["startCursor"] for info in backward]
    assert None not in cursors
    assert len(set(cursors)) == len(cursors)


def test_an_answer_without_a_page_is_no_list_to_lie_about() -> None:
    assert not graphql_lie("next-page-forever", {"data": {"pullRequest": {"title": "x"}}})
    assert not rest_lie("next-page-forever", {"title": "x", "labels": []}, {}, "https://x/i/7")


def test_graphql_pages_go_on_past_the_end_of_the_list_each_at_a_cursor_not_seen_before(
    standin: StandIn, graphql: Callable[..., dict[str, Any]]
) -> None:
    standin.add_fault(Fault("next-page-forever", path="graphql", times="always"))
    seen: list[str] = []
    threads = 0
    after = None
    for _ in range(5):
        page = graphql(THREADS, after=after)["data"]["repository"]["pullRequest"]
        threads += len(page["reviewThreads"]["nodes"])
        info = page["reviewThreads"]["pageInfo"]
        assert info["hasNextPage"]
        assert info["endCursor"] not in seen
        after = info["endCursor"]
        seen.append(after)
    assert threads == 100  # the first page; the cursors after it name pages past the end


def test_a_rest_list_links_to_the_next_page_number_forever(
    standin: StandIn, http: httpx.Client
) -> None:
    standin.add_fault(Fault("next-page-forever", method="GET", path="*/comments", times="always"))
    url = "/repos/acme/app/issues/7/comments?per_page=100"
    pages = []
    for _ in range(4):
        answer = http.get(url)
        assert answer.status_code == 200
        pages.append(answer.json())
        found = _NEXT.search(answer.headers["Link"])
        assert found
        url = found.group(1)
    assert re.search(r"[?&]page=5(&|$)", url)
    assert pages == [[], [], [], []]
    assert [entry.fault for entry in standin.requests] == ["next-page-forever"] * 4
