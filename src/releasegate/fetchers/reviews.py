"""Fetch a pull request's review threads, every page, in as few GraphQL requests as possible.

One request (``review_threads``) reads the first 100 threads with their first 100 comments
each and, when a gate needs the reviewer's summary, the last 100 PR comments and review
bodies and the PR description. Only if a list is longer does a further request ask for the
next page of exactly the lists still unfinished. Threads with more than 100 comments get
their remaining comments from ``review_thread_comments``, ten threads per request, those
requests side by side.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from releasegate.errors import FactsError, GitHubError
from releasegate.facts import FactRequest, RunContext, Unavailable
from releasegate.facts.reviews import (
    Author,
    ConversationComment,
    PullRequestReviews,
    Reviews,
    ReviewThread,
    ThreadComment,
)
from releasegate.github.client import GitHub
from releasegate.github.pages import PageGuard, pages_for, short_list
from releasegate.timestamps import parse_timestamp

THREAD_COMMENT_SLOTS = 10  # aliased slots in graphql/review_thread_comments.graphql
_WHAT = {"threads": "review threads", "comments": "comments", "reviews": "reviews"}

Results = Mapping[FactRequest[Any], object]
Node = dict[str, Any]


def fetch_reviews(
    github: GitHub, context: RunContext, requests: Sequence[PullRequestReviews]
) -> Results:
    """One read serves every request: with summaries if any request wants them."""
    pull = context.pull_request
    if pull is None:
        return dict.fromkeys(requests, Unavailable("there is no pull request to read reviews of"))
    try:
        reviews = read_reviews(github, context, pull.number, any(r.summaries for r in requests))
    except (GitHubError, FactsError) as error:
        reason = f"cannot read the review threads of pull request #{pull.number}: {error.message}"
        return dict.fromkeys(requests, Unavailable(reason))
    return {r: reviews if r.summaries else Reviews(reviews.threads) for r in requests}


@dataclass
class _Pages:
    """Where reading one connection has got to; ``forward`` lists read first to last."""

    name: str
    forward: bool
    wanted: bool
    cursor: str | None = None
    nodes: list[Node] = field(default_factory=list)
    listed: int = 0  # entries GitHub listed, those it could not show (null) included
    total: int | None = None  # the count the first page reported
    guard: PageGuard | None = None

    def variables(self) -> dict[str, Any]:
        cursor = f"{self.name}{'After' if self.forward else 'Before'}"
        return {
            f"with{self.name.title()}": self.wanted,
            cursor: self.cursor if self.wanted else None,
        }

    def take(self, connection: Mapping[str, Any] | None) -> None:
        if not self.wanted:
            return
        if connection is None:
            raise FactsError(f"GitHub's answer lacks the {self.name} that were asked for")
        info, page = connection["pageInfo"], connection["nodes"]
        if self.guard is None:
            self.total = connection.get("totalCount")
            self.guard = PageGuard(
                f"GraphQL query ReviewThreads ({self.name})", pages_for(self.total)
            )
        self.listed += len(page)
        nodes = [n for n in page if n]
        if self.forward:
            self.nodes += nodes
            more, cursor = info["hasNextPage"], info["endCursor"]
        else:
            self.nodes[:0] = nodes  # earlier pages go in front: oldest first
            more, cursor = info["hasPreviousPage"], info["startCursor"]
        self.cursor = self.guard.follow(cursor, more=more)
        self.wanted = self.cursor is not None

    def check_complete(self) -> None:
        """A list shorter than the count GitHub gave is a list with entries missing."""
        if self.total is not None and self.listed < self.total:
            what = _WHAT[self.name]
            raise FactsError(short_list(f"{what} of the pull request", self.total, self.listed))


def read_reviews(github: GitHub, context: RunContext, number: int, summaries: bool) -> Reviews:
    threads = _Pages("threads", forward=True, wanted=True)
    comments = _Pages("comments", forward=False, wanted=summaries)
    reviews = _Pages("reviews", forward=False, wanted=summaries)
    lists = {"reviewThreads": threads, "comments": comments, "reviews": reviews}
    description = None
    while any(pages.wanted for pages in lists.values()):
        variables = {"owner": context.owner, "name": context.name, "number": number}
        variables["withDescription"] = summaries and description is None
        for pages in lists.values():
            variables |= pages.variables()
        pull = (github.graphql("review_threads", variables).get("repository") or {}).get(
            "pullRequest"
        )
        if pull is None:
            raise FactsError(f"pull request #{number} was not found in {context.repository}")
        if variables["withDescription"]:
            description = _conversation(pull)
        for key, pages in lists.items():
            pages.take(pull.get(key))
    for pages in lists.values():
        pages.check_complete()
    conversation = tuple(_conversation(node) for node in comments.nodes + reviews.nodes)
    return Reviews(_complete_threads(github, threads.nodes), conversation, description)


def _complete_threads(github: GitHub, threads: list[Node]) -> tuple[ReviewThread, ...]:
    """Every comment of every thread: the first page came with the thread, the rest by id."""
    comments = {thread["id"]: list(thread["comments"]["nodes"]) for thread in threads}
    guards = {
        thread["id"]: PageGuard(
            f"GraphQL query ReviewThreadComments (thread {thread['id']})",
            pages_for(thread["comments"].get("totalCount")),
        )
        for thread in threads
    }
    unfinished = _unfinished(guards, {thread["id"]: thread["comments"] for thread in threads})
    while unfinished:
        pending = list(unfinished.items())
        batches = [
            pending[start : start + THREAD_COMMENT_SLOTS]
            for start in range(0, len(pending), THREAD_COMMENT_SLOTS)
        ]
        answers = github.parallel([partial(_next_comments, github, batch) for batch in batches])
        pages = dict(pair for answer in answers for pair in answer)
        for thread_id, page in pages.items():
            comments[thread_id] += page["nodes"]
        unfinished = _unfinished(guards, pages)
    for thread in threads:
        total, listed = thread["comments"].get("totalCount"), len(comments[thread["id"]])
        if total is not None and listed < total:
            raise FactsError(short_list("comments in a review thread", total, listed))
    return tuple(_thread(thread, comments[thread["id"]]) for thread in threads)


def _unfinished(guards: Mapping[str, PageGuard], pages: Mapping[str, Node]) -> dict[str, str]:
    """The threads with another page of comments, each with the cursor to read it after."""
    unfinished = {}
    for thread_id, page in pages.items():
        info = page["pageInfo"]
        cursor = guards[thread_id].follow(info["endCursor"], more=info["hasNextPage"])
        if cursor is not None:
            unfinished[thread_id] = cursor
    return unfinished


def _next_comments(github: GitHub, batch: list[tuple[str, str]]) -> list[tuple[str, Node]]:
    variables: dict[str, Any] = {}
    for slot, (thread_id, cursor) in enumerate(batch):
        variables |= {f"id{slot}": thread_id, f"after{slot}": cursor, f"use{slot}": True}
    data = github.graphql("review_thread_comments", variables)
    pages = []
    for slot, (thread_id, _) in enumerate(batch):
        page = (data.get(f"t{slot}") or {}).get("comments")
        if page is None:
            raise FactsError(f"review thread {thread_id} disappeared while it was being read")
        pages.append((thread_id, page))
    return pages


def _thread(node: Node, comments: list[Node]) -> ReviewThread:
    return ReviewThread(
        path=node.get("path"),
        line=node.get("line") or node.get("originalLine"),
        is_resolved=bool(node.get("isResolved")),
        is_outdated=bool(node.get("isOutdated")),
        comments=tuple(_thread_comment(comment) for comment in comments if comment),
    )


def _thread_comment(node: Node) -> ThreadComment:
    return ThreadComment(
        author=_author(node.get("author")),
        body=node.get("body") or "",
        url=node.get("url") or "",
        created_at=parse_timestamp(node.get("createdAt")),
    )


def _conversation(node: Node) -> ConversationComment:
    """A PR comment, review or the PR itself: GitHub's ``Comment`` fields of each."""
    return ConversationComment(
        author=_author(node.get("author")),
        body=node.get("body") or "",
        url=node.get("url") or "",
        created_at=parse_timestamp(node.get("createdAt")),
        edited_at=parse_timestamp(node.get("lastEditedAt")),
        editor=_author(node.get("editor")),
    )


def _author(node: Node | None) -> Author | None:
    """A deleted account is null (GitHub shows it as "ghost")."""
    if not node or not node.get("login"):
        return None
    return Author(node["login"], node.get("__typename") or "User")
