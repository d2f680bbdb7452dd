"""GitHub's GraphQL ``search(type: ISSUE)``: issues and pull requests, with the 1,000 cap.

GitHub counts every match in ``issueCount`` but lets a client page through the first 1,000
of them only: past that, ``hasNextPage`` is false. A client that wants every match must
narrow its query (by a date range, say) until each part fits; the stand-in holds it to that.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLError

from releasegate_standin.graphql.connections import Node, View, connection
from releasegate_standin.graphql.search_query import SORTS, SearchSyntaxError, parse_query
from releasegate_standin.state.records import Issue
from releasegate_standin.state.store import Repo

SEARCH_CAP = 1000  # results reachable per query, whatever issueCount says


def search_connection(
    view: View, args: dict[str, Any], make: Callable[[Repo, Issue], Node]
) -> Node:
    if args["type"] != "ISSUE":
        raise GraphQLError(
            f"the stand-in searches issues and pull requests only, not {args['type']}"
        )
    try:
        query = parse_query(args["query"])
    except SearchSyntaxError as problem:
        raise GraphQLError(str(problem)) from None
    found = [
        (repo, issue)
        for repo in view.state.repos.values()
        if query.in_scope(repo)
        for issue in query.select(repo)
    ]
    by, newest_first = query.sort
    moment = SORTS[by]
    found.sort(key=lambda pair: (moment(pair[1]), pair[1].number), reverse=newest_first)
    page = connection(found[:SEARCH_CAP], args, lambda pair: make(*pair))
    del page["totalCount"]
    return {**page, "issueCount": len(found)}
