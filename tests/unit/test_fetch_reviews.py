"""Reading review threads from GitHub's GraphQL API: every page, as few requests as possible."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import responses

from releasegate.engine import evaluate_policy
from releasegate.facts import Unavailable
from releasegate.facts.reviews import Author, ConversationComment, PullRequestReviews, Reviews
from releasegate.fetchers.gather import make_gatherer
from releasegate.fetchers.reviews import (
    THREAD_COMMENT_SLOTS,
    fetch_reviews,
)
from releasegate.results import Status
from support.builders import context, policy
from support.reviews import API, badge_img, graphql_github

PAGE = 100


BOTS = {"greptile-apps"}  # GraphQL names a bot without [bot], and says it is a Bot


def actor(login: str) -> dict[str, str]:
    return {"__typename": "Bot" if login in BOTS else "User", "login": login}


def comment_node(author: str, body: str, n: int) -> dict[str, Any]:
    return {
        "author": actor(author),
        "editor": None,
        "body": body,
        "url": f"https://github.com/acme/app/pull/42#r{n}",
        "createdAt": "2026-11-20T09:00:00Z",
        "lastEditedAt": None,
    }


DESCRIPTION = {
    "author": actor("sam"),
    "editor": actor("greptile-apps"),
    "body": "Adds retries.\n\n<!-- greptile_comment -->\nConfidence Score: 4/5\n",
    "url": "https://github.com/acme/app/pull/42",
    "createdAt": "2026-11-20T08:00:00Z",
    "lastEditedAt": "2026-11-20T09:30:00Z",
}


class PullRequestAPI:
    """A pull request's review data, paged like GitHub pages it (cursors are list indexes)."""

    def __init__(
        self,
        threads: int = 0,
        comments_per_thread: dict[int, int] | None = None,
        conversation: int = 0,
        reviews: int = 0,
    ) -> None:
        sizes = comments_per_thread or {}
        self.threads = [
            {
                "id": f"T{t}",
                "isResolved": t % 2 == 0,
                "isOutdated": False,
                "path": f"src/f{t}.py",
                "line": None if t == 1 else t,
                "originalLine": 7,
                "comments": [
                    comment_node("greptile-apps", f"t{t} c{c}", c) for c in range(sizes.get(t, 1))
                ],
            }
            for t in range(threads)
        ]
        self.conversation = [comment_node("bob", f"comment {n}", n) for n in range(conversation)]
        self.reviews = [comment_node("greptile-apps", f"review {n}", n) for n in range(reviews)]

    def __call__(self, operation: str, variables: dict[str, Any]) -> dict[str, Any]:
        if operation == "ReviewThreads":
            return {"repository": {"pullRequest": self._pull(variables)}}
        assert operation == "ReviewThreadComments"
        return {
            f"t{slot}": {
                "comments": self._forward(
                    self._thread(variables[f"id{slot}"])["comments"], variables[f"after{slot}"]
                )
            }
            for slot in range(THREAD_COMMENT_SLOTS)
            if variables.get(f"use{slot}")
        }

    def _thread(self, node_id: str) -> dict[str, Any]:
        return next(thread for thread in self.threads if thread["id"] == node_id)

    def _pull(self, variables: dict[str, Any]) -> dict[str, Any]:
        pull: dict[str, Any] = dict(DESCRIPTION) if variables.get("withDescription") else {}
        if variables.get("withThreads", True):
            page = self._forward(self.threads, variables.get("threadsAfter"))
            page["nodes"] = [
                {**thread, "comments": self._forward(thread["comments"], None)}
                for thread in page["nodes"]
            ]
            pull["reviewThreads"] = page
        if variables.get("withComments"):
            pull["comments"] = self._backward(self.conversation, variables.get("commentsBefore"))
        if variables.get("withReviews"):
            pull["reviews"] = self._backward(self.reviews, variables.get("reviewsBefore"))
        return pull

    @staticmethod
    def _forward(items: list[Any], after: str | None) -> dict[str, Any]:
        start = int(after) if after else 0
        end = min(start + PAGE, len(items))
        more = end < len(items)
        return {"pageInfo": {"hasNextPage": more, "endCursor": str(end)}, "nodes": items[start:end]}

    @staticmethod
    def _backward(items: list[Any], before: str | None) -> dict[str, Any]:
        end = int(before) if before else len(items)
        start = max(0, end - PAGE)
        return {
            "pageInfo": {"hasPreviousPage": start > 0, "startCursor": str(start)},
            "nodes": items[start:end],
        }


def read(api: PullRequestAPI, *requests: PullRequestReviews) -> tuple[dict[Any, object], list[str]]:
    github, recorder = graphql_github(api)
    answers = dict(fetch_reviews(github, context(), list(requests or [PullRequestReviews()])))
    return answers, recorder.operations


def reviews_of(answers: dict[Any, object], request: PullRequestReviews) -> Reviews:
    value = answers[request]
    assert isinstance(value, Reviews)
    return value


def test_a_hundred_threads_and_the_summary_sources_take_one_request() -> None:
    api = PullRequestAPI(threads=100, conversation=40, reviews=60)
    request = PullRequestReviews(summaries=True)
    answers, operations = read(api, request)
    assert operations == ["ReviewThreads"]
    reviews = reviews_of(answers, request)
    assert len(reviews.threads) == 100
    assert len(reviews.conversation) == 100


def test_threads_past_the_first_page_are_read_asking_only_for_what_is_missing() -> None:
    api = PullRequestAPI(threads=250, conversation=3)
    github, recorder = graphql_github(api)
    answers = fetch_reviews(github, context(), [PullRequestReviews(summaries=True)])
    reviews = reviews_of(dict(answers), PullRequestReviews(summaries=True))
    assert [thread.path for thread in reviews.threads] == [f"src/f{t}.py" for t in range(250)]
    assert recorder.operations == ["ReviewThreads"] * 3
    later = recorder.calls[1][1]
    assert (later["threadsAfter"], later["withComments"], later["withReviews"]) == (
        "100",
        False,
        False,
    )


def test_comments_past_the_first_page_are_read_by_thread_id_batched() -> None:
    api = PullRequestAPI(threads=3, comments_per_thread={0: 250, 2: 130})
    answers, operations = read(api)
    threads = reviews_of(answers, PullRequestReviews()).threads
    assert [len(thread.comments) for thread in threads] == [250, 1, 130]
    assert [c.body for c in threads[0].comments] == [f"t0 c{c}" for c in range(250)]
    # one request for both threads' second pages, one for the first thread's third page
    assert operations == ["ReviewThreads", "ReviewThreadComments", "ReviewThreadComments"]


def test_more_long_threads_than_slots_take_one_request_per_ten_threads() -> None:
    api = PullRequestAPI(threads=12, comments_per_thread=dict.fromkeys(range(12), 101))
    github, recorder = graphql_github(api)
    fetch_reviews(github, context(), [PullRequestReviews()])
    assert recorder.operations == ["ReviewThreads", "ReviewThreadComments", "ReviewThreadComments"]
    slots_used = sorted(
        sum(1 for key in variables if key.startswith("use")) for _, variables in recorder.calls[1:]
    )
    assert slots_used == [2, 10]


def test_the_conversation_is_read_back_to_its_first_comment_oldest_first() -> None:
    api = PullRequestAPI(threads=1, conversation=230)
    request = PullRequestReviews(summaries=True)
    answers, operations = read(api, request)
    assert operations == ["ReviewThreads"] * 3
    bodies = [comment.body for comment in reviews_of(answers, request).conversation]
    assert bodies == [f"comment {n}" for n in range(230)]


def test_without_summaries_no_comments_or_reviews_are_asked_for() -> None:
    api = PullRequestAPI(threads=2, conversation=5)
    github, recorder = graphql_github(api)
    answers = fetch_reviews(github, context(), [PullRequestReviews()])
    assert recorder.calls[0][1]["withComments"] is False
    assert reviews_of(dict(answers), PullRequestReviews()).conversation == ()


def test_one_read_serves_requests_with_and_without_summaries() -> None:
    api = PullRequestAPI(threads=2, conversation=5)
    plain, full = PullRequestReviews(), PullRequestReviews(summaries=True)
    answers, operations = read(api, plain, full)
    assert operations == ["ReviewThreads"]
    assert reviews_of(answers, plain).threads == reviews_of(answers, full).threads
    assert len(reviews_of(answers, full).conversation) == 5


def test_thread_fields_and_the_original_line_fallback() -> None:
    answers, _ = read(PullRequestAPI(threads=2))
    first, second = reviews_of(answers, PullRequestReviews()).threads
    assert (first.path, first.line, first.is_resolved, first.is_outdated) == (
        "src/f0.py",
        7,
        True,
        False,
    )
    assert second.line == 7  # line null: the original line
    assert first.comments[0].author == Author("greptile-apps", "Bot")
    assert first.comments[0].created_at is not None


def test_the_description_comes_with_the_first_request_with_its_author_and_editor() -> None:
    api = PullRequestAPI(threads=1, conversation=230)
    request = PullRequestReviews(summaries=True)
    github, recorder = graphql_github(api)
    reviews = reviews_of(dict(fetch_reviews(github, context(), [request])), request)
    assert [variables["withDescription"] for _, variables in recorder.calls] == [
        True,
        False,
        False,
    ]
    assert reviews.description == ConversationComment(
        author=Author("sam", "User"),
        body=DESCRIPTION["body"],
        url="https://github.com/acme/app/pull/42",
        created_at=datetime(2026, 11, 20, 8, tzinfo=UTC),
        edited_at=datetime(2026, 11, 20, 9, 30, tzinfo=UTC),
        editor=Author("greptile-apps", "Bot"),
    )
    first = reviews.conversation[0]
    assert (first.author, first.editor, first.edited_at) == (Author("bob", "User"), None, None)


def test_without_summaries_the_description_is_not_asked_for() -> None:
    github, recorder = graphql_github(PullRequestAPI(threads=1))
    answers = fetch_reviews(github, context(), [PullRequestReviews()])
    assert recorder.calls[0][1]["withDescription"] is False
    assert reviews_of(dict(answers), PullRequestReviews()).description is None


def test_a_deleted_account_is_no_author() -> None:
    api = PullRequestAPI(threads=1)
    api.threads[0]["comments"][0]["author"] = None  # GitHub's "ghost"
    answers, _ = read(api)
    assert reviews_of(answers, PullRequestReviews()).threads[0].comments[0].author is None


def test_a_missing_pull_request_is_unavailable_with_the_reason() -> None:
    github, _ = graphql_github(lambda operation, variables: {"repository": {"pullRequest": None}})
    answers = fetch_reviews(github, context(), [PullRequestReviews()])
    assert answers[PullRequestReviews()] == Unavailable(
        "cannot read the review threads of pull request #42: "
        "pull request #42 was not found in acme/app"
    )


def test_graphql_errors_are_unavailable_not_raised() -> None:
    github, _ = graphql_github(lambda operation, variables: {})
    answer = {"errors": [{"message": "Could not resolve to a node"}]}
    github._http = httpx.Client(
        transport=httpx.MockTransport(lambda _: httpx.Response(200, json=answer))
    )
    (value,) = fetch_reviews(github, context(), [PullRequestReviews()]).values()
    assert isinstance(value, Unavailable)
    assert "Could not resolve to a node" in value.reason


def test_without_a_pull_request_nothing_is_asked() -> None:
    github, recorder = graphql_github(PullRequestAPI())
    answers = fetch_reviews(github, context("push"), [PullRequestReviews()])
    assert answers[PullRequestReviews()] == Unavailable(
        "there is no pull request to read reviews of"
    )
    assert recorder.calls == []


# --- the whole gate through the real gatherer ----------------------------------------------

GATE = """\
version: 1
gates:
  - id: greptile-p1
    type: greptile
"""


@responses.activate
def test_the_gate_through_the_gatherer_takes_one_graphql_and_one_permission_request() -> None:
    api = PullRequestAPI(threads=100)
    for thread in api.threads:  # all resolved but one
        thread["isResolved"] = True
    open_thread = api.threads[3]
    open_thread["isResolved"] = False
    open_thread["comments"] = [
        comment_node("greptile-apps", f"{badge_img('P1')} **Race on retry**", 1),
        comment_node("bob", "We accept the risk.", 2),
    ]
    responses.get(  # PyGithub writes the default port into the URL
        f"{API}:443/repos/acme/app/collaborators/bob/permission",
        json={"permission": "write", "role_name": "maintain"},
    )
    github, recorder = graphql_github(api)
    ctx = context()
    (result,) = evaluate_policy(policy(GATE), ctx, make_gatherer(github, ctx))
    assert (result.status, result.summary) == (
        Status.PASS,
        "no unaddressed P0 or P1 findings (1 accepted)",
    )
    assert result.details == (
        "src/f3.py:3 P1 Race on retry — accepted by bob (maintain) — https://github.com/acme/app/pull/42#r1",
    )
    assert recorder.operations == ["ReviewThreads"]
    assert len(responses.calls) == 1


@pytest.mark.parametrize("summaries", [False, True])
def test_the_document_switches_summary_sources_by_variable(summaries: bool) -> None:
    github, recorder = graphql_github(PullRequestAPI(threads=1))
    fetch_reviews(github, context(), [PullRequestReviews(summaries)])
    variables = recorder.calls[0][1]
    assert (variables["withComments"], variables["withReviews"], variables["withThreads"]) == (
        summaries,
        summaries,
        True,
    )


def test_a_thread_that_lists_fewer_comments_than_it_counts_is_unavailable_not_a_pass() -> None:
    # The comment GitHub left out could be the one that reopens or accepts the finding.
    class ShortThread(PullRequestAPI):
        def _pull(self, variables: dict[str, Any]) -> dict[str, Any]:
            pull = super()._pull(variables)
            comments = pull["reviewThreads"]["nodes"][0]["comments"]
            comments["totalCount"] = len(comments["nodes"]) + 2
            return pull

    answers, _ = read(ShortThread(threads=1))
    assert answers[PullRequestReviews()] == Unavailable(
        "cannot read the review threads of pull request #42: GitHub counts 3 comments in a "
        "review thread but listed 1, so the list is incomplete and nothing was judged from it. "
        "Re-run the job; if it happens again, GitHub is answering this list wrongly."
    )
