"""What every GraphQL resolver of the stand-in shares: the view, connections, actors, errors.

Nodes are plain dicts whose keys are GraphQL field names. A field that takes arguments, or
leads to another object, is a callable ``(info, **arguments)``: graphql-core's default
resolver calls it, so only what a query asks for is ever built.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from graphql import GraphQLError

from releasegate_standin.state.records import is_bot, node_id, user_id
from releasegate_standin.state.store import Budget, Repo, State
from releasegate_standin.urls import Urls

T = TypeVar("T")
Node = dict[str, Any]
MAX_PAGE = 100
_CURSOR_PREFIX = "cursor:v2:"


@dataclass
class View:
    """The context of one GraphQL request."""

    state: State
    urls: Urls
    budget: Budget
    cost: int = 1
    node_count: int = 0


def not_found(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"type": "NOT_FOUND"})


def cursor(index: int) -> str:
    return base64.b64encode(f"{_CURSOR_PREFIX}{index}".encode()).decode()


def _position(text: str, argument: str) -> int:
    try:
        decoded = base64.b64decode(text, validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        decoded = ""
    number = decoded.removeprefix(_CURSOR_PREFIX)
    if not decoded.startswith(_CURSOR_PREFIX) or not number.isdigit():
        raise GraphQLError(f"`{argument}` does not appear to be a valid cursor.")
    return int(number)


def window(total: int, arguments: dict[str, Any]) -> range:
    """The indexes a ``first``/``after``/``last``/``before`` page covers."""
    start = _position(arguments["after"], "after") + 1 if arguments.get("after") else 0
    end = _position(arguments["before"], "before") if arguments.get("before") else total
    span = range(max(0, start), max(0, min(end, total)))
    first, last = arguments.get("first"), arguments.get("last")
    for name, size in (("first", first), ("last", last)):
        if size is not None and not 0 <= size <= MAX_PAGE:
            raise GraphQLError(
                f"Requesting {size} records on the connection exceeds the `{name}` limit of "
                f"{MAX_PAGE} records.",
                extensions={"type": "EXCESSIVE_PAGINATION"},
            )
    if first is not None:
        span = span[:first]
    if last is not None:
        span = span[len(span) - last :] if last else span[:0]
    return span


def connection(
    items: Sequence[T], arguments: dict[str, Any], make: Callable[[T], Any], **extra: Any
) -> Node:
    """A GitHub connection over ``items``: nodes, edges, pageInfo and totalCount."""
    span = window(len(items), arguments)
    nodes = [make(items[index]) for index in span]
    return {
        "nodes": nodes,
        "edges": [
            {"cursor": cursor(index), "node": node} for index, node in zip(span, nodes, strict=True)
        ],
        "pageInfo": {
            "hasNextPage": span.stop < len(items) if span else False,
            "hasPreviousPage": span.start > 0 if span else False,
            "startCursor": cursor(span.start) if span else None,
            "endCursor": cursor(span[-1]) if span else None,
        },
        "totalCount": len(items),
        **extra,
    }


def actor(view: View, login: str | None) -> Node | None:
    """A User, or a Bot (GraphQL names bots without the ``[bot]`` suffix)."""
    if login is None:
        return None
    bot = is_bot(login)
    name = login.removesuffix("[bot]")
    kind = "Bot" if bot else "User"
    page = view.urls.app_page(name) if bot else f"{view.urls.html}/{login}"
    avatar = f"https://avatars.githubusercontent.com/u/{user_id(login)}?v=4"
    return {
        "__typename": kind,
        "id": node_id(kind, user_id(login)),
        "databaseId": user_id(login),
        "login": name,
        "name": None,
        "url": page,
        "resourcePath": html_path(view, page),
        "avatarUrl": lambda info, size=None: avatar + (f"&s={size}" if size else ""),
    }


def owner(view: View, repo: Repo) -> Node:
    node = actor(view, repo.owner)
    assert node is not None
    return {**node, "__typename": "Organization"}


def upper(value: str | None) -> str | None:
    """A REST-style lowercase value as GraphQL's enum value."""
    return value.upper() if value else None


def html_path(view: View, url: str) -> str:
    return url.removeprefix(view.urls.html)
