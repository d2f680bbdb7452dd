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
  and a REST list's ``total_count`` is one more than the list holds.
"""

from __future__ import annotations

from typing import Any, Final

from releasegate_standin.graphql.connections import cursor

LIES: Final = ("next-page-without-cursor", "next-page-already-read", "count-above-list")
_DIRECTIONS = (("hasNextPage", "endCursor"), ("hasPreviousPage", "startCursor"))
_COUNTS = ("totalCount", "changedFiles")


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
            info[where] = None if kind == "next-page-without-cursor" else cursor(0)
            lied = True
    return lied


def rest_lie(kind: str, body: Any, headers: dict[str, str], url: str) -> bool:
    """Rewrite a REST answer in place (``url``: the request's own, for a link back)."""
    # A list, or one wrapped with its count ({"total_count": n, "check_runs": [...]}); an
    # object that merely holds lists (an issue's labels) is no page of a list.
    listed = isinstance(body, list) or (isinstance(body, dict) and "total_count" in body)
    if not listed:
        return False
    if kind == "next-page-already-read":
        headers["Link"] = f'<{url}>; rel="next"'
        return True
    if kind == "count-above-list" and isinstance(body, dict):
        return _inflate(body, ("total_count",))
    return False
