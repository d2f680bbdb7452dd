"""Answers that lie about their lists: what the stand-in's page and count faults send.

Each lie rewrites a true answer (a 200, applied like any request) and says whether it found
anything to lie about, so a test can tell a client that was not misled from one the lie
never reached:

- ``next-page-without-cursor``: every GraphQL ``pageInfo`` says there is another page (next
  or previous, as the connection is read) and names no cursor for it;
- ``next-page-already-read``: every GraphQL ``pageInfo`` says there is another page and that
  it starts after the list's first entry, a page already read; a REST list's
  ``Link: rel="next"`` names the very page it answers;
- ``count-above-list``: every GraphQL ``totalCount`` (and a pull request's ``changedFiles``)
  and a REST list's ``total_count`` is one more than the list holds;
- ``next-page-forever``: every GraphQL ``pageInfo`` says there is another page and names a
  cursor no answer named before (past the list: the page it names is empty, or for
  ``before`` the last page again); a REST list's ``Link: rel="next"`` names the page after
  the one it answers, however far past the list's end that is.
"""

from __future__ import annotations

import itertools
from typing import Any, Final
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from releasegate_standin.graphql.connections import cursor

LIES: Final = (
    "next-page-without-cursor",
    "next-page-already-read",
    "count-above-list",
    "next-page-forever",
)
_DIRECTIONS = (("hasNextPage", "endCursor"), ("hasPreviousPage", "startCursor"))
_COUNTS = ("totalCount", "changedFiles")
# Positions far past any list the stand-in holds, one per answer: never a cursor seen before.
_UNSEEN = itertools.count(10**6)


def graphql_lie(kind: str, answer: Any) -> bool:
    """Rewrite a GraphQL answer in place; whether anything in it was a list to lie about."""
    if not isinstance(answer, dict):
        return False
    return _walk(answer.get("data"), kind)


def _walk(value: Any, kind: str) -> bool:
    lied = False
    if isinstance(value, dict):
        if kind == "count-above-list":
            lied = _inflate(value, _COUNTS)
        elif isinstance(value.get("pageInfo"), dict):
            lied = _point(value["pageInfo"], kind)
        for item in value.values():
            lied = _walk(item, kind) or lied
    elif isinstance(value, list):
        for item in value:
            lied = _walk(item, kind) or lied
    return lied


def _inflate(node: dict[str, Any], keys: tuple[str, ...]) -> bool:
    found = [key for key in keys if isinstance(node.get(key), int)]
    for key in found:
        node[key] += 1
    return bool(found)


def _point(info: dict[str, Any], kind: str) -> bool:
    lied = False
    for more, where in _DIRECTIONS:
        if more in info:
            info[more] = True
            info[where] = _next_cursor(kind)
            lied = True
    return lied


def _next_cursor(kind: str) -> str | None:
    if kind == "next-page-without-cursor":
        return None
    if kind == "next-page-forever":
        return cursor(next(_UNSEEN))
    return cursor(0)


def rest_lie(kind: str, body: Any, headers: dict[str, str], url: str) -> bool:
    """Rewrite a REST answer in place (``url``: the request's own, for a link back or on)."""
    # A list, or one wrapped with its count ({"total_count": n, "check_runs": [...]}); an
    # object that merely holds lists (an issue's labels) is no page of a list.
    listed = isinstance(body, list) or (isinstance(body, dict) and "total_count" in body)
    if not listed:
        return False
    if kind == "next-page-already-read":
        headers["Link"] = f'<{url}>; rel="next"'
        return True
    if kind == "next-page-forever":
        headers["Link"] = f'<{_page_after(url)}>; rel="next"'
        return True
    if kind == "count-above-list" and isinstance(body, dict):
        return _inflate(body, ("total_count",))
    return False


def _page_after(url: str) -> str:
    """``url`` with its ``page`` one higher (a URL without one names page 1)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query)
    page = next((int(v) for k, v in query if k == "page" and v.isdigit()), 1)
    following = [(k, v) for k, v in query if k != "page"] + [("page", str(page + 1))]
    return urlunsplit(parts._replace(query=urlencode(following)))
