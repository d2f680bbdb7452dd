"""Hand-built review threads and Greptile comments, shaped like GitHub's."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
from graphql import parse

from releasegate.facts.reviews import Author, ConversationComment, ReviewThread, ThreadComment
from releasegate.github.client import Connection, GitHub
from releasegate.github.retry import RetryPolicy

GREPTILE = Author("greptile-apps", "Bot")  # GraphQL names bots without the [bot] suffix
BADGES = "https://greptile-static-assets.s3.amazonaws.com/badges"
PR_URL = "https://github.com/acme/app/pull/42"


def badge_img(severity: str, *, alt: bool = True) -> str:
    alt_text = f'alt="{severity}" ' if alt else 'alt="badge" '
    return f'<a href="#"><img {alt_text}src="{BADGES}/{severity.lower()}.svg?v=7" align="top"></a>'


def account(who: Author | str) -> Author:
    """An author: a plain login is a person's account (a ``User``)."""
    return who if isinstance(who, Author) else Author(who, "User")


def finding(
    severity: str | None = "P1",
    title: str = "Escalation can overwrite settlement",
    *,
    author: Author | str = GREPTILE,
    alt: bool = True,
    number: int = 1,
) -> ThreadComment:
    """A Greptile inline comment: badge and bold title, then the explanation."""
    head = f"{badge_img(severity, alt=alt)} " if severity else ""
    body = f"{head}**{title}**\n\nThe escalation path writes `settled_at` without a lock."
    return ThreadComment(account(author), body, f"{PR_URL}#discussion_r{number}")


def reply(author: Author | str, body: str, number: int = 100) -> ThreadComment:
    return ThreadComment(account(author), body, f"{PR_URL}#discussion_r{number}")


def thread(
    *comments: ThreadComment,
    path: str = "app/pay.ts",
    line: int | None = 88,
    resolved: bool = False,
    outdated: bool = False,
) -> ReviewThread:
    return ReviewThread(path, line, resolved, outdated, comments)


SUMMARY_TIME = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def summary_comment(
    body: str,
    *,
    author: Author | str = GREPTILE,
    at: datetime | None = None,
    number: int = 1,
    edited_at: datetime | None = None,
    editor: Author | str | None = None,
) -> ConversationComment:
    """A PR comment (a summary, or any other), posted ``at``; ``editor`` edited it later."""
    who = account(editor) if editor else None
    url = f"{PR_URL}#issuecomment-{number}"
    return ConversationComment(account(author), body, url, at or SUMMARY_TIME, edited_at, who)


def description(
    body: str,
    *,
    author: Author | str = "alice",
    editor: Author | str | None = GREPTILE,
    edited_at: datetime | None = SUMMARY_TIME,
) -> ConversationComment:
    """The PR description; by default Greptile last edited it (writing its summary in)."""
    who = account(editor) if editor else None
    opened = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    return ConversationComment(account(author), body, PR_URL, opened, edited_at, who)


def greptile_summary(sha: str | None, confidence: int | None = 4) -> str:
    """Greptile's summary as it posts it: overview, confidence, last reviewed commit."""
    parts = ["<h3>Greptile Summary</h3>", "", "This PR adds payment escalation.", ""]
    if confidence is not None:
        parts += [f"<h3>Confidence Score: {confidence}/5</h3>", ""]
    if sha is not None:
        link = f"https://github.com/acme/app/commit/{sha}"
        parts += [f'<sub>Last reviewed commit: <a href="{link}">add escalation</a></sub>']
    return "\n".join(parts)


# --- a GraphQL endpoint for fetcher tests ----------------------------------------------------

Answer = Callable[[str, dict[str, Any]], dict[str, Any]]


class GraphQLRecorder:
    """An httpx transport handler: answers each document by its operation name, records it.

    Every variable sent must be declared by the document, so a misspelt variable name in a
    fetcher fails here rather than being ignored by GitHub.
    """

    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        payload = json.loads(request.content)
        (operation,) = [
            d for d in parse(payload["query"]).definitions if d.kind == "operation_definition"
        ]
        declared = {v.variable.name.value for v in operation.variable_definitions}
        unknown = set(payload["variables"]) - declared
        assert not unknown, f"{operation.name.value} does not declare {unknown}"
        self.calls.append((operation.name.value, payload["variables"]))
        return httpx.Response(
            200, json={"data": self.answer(operation.name.value, payload["variables"])}
        )

    @property
    def operations(self) -> list[str]:
        return [name for name, _ in self.calls]


API = "https://api.github.test"


def graphql_github(answer: Answer) -> tuple[GitHub, GraphQLRecorder]:
    """The real client, its GraphQL requests answered by ``answer``; no retries."""
    recorder = GraphQLRecorder(answer)
    github = GitHub(Connection(API, f"{API}/graphql", "t0ken"), RetryPolicy(attempts=1))
    # The client makes its httpx.Client on first use; hand it one whose transport is the fake.
    github._http = httpx.Client(transport=httpx.MockTransport(recorder))
    return github, recorder
