"""Reading a paginated list to its end, and never further: one guard for every page loop.

GitHub says where the next page is (a GraphQL ``endCursor`` with ``hasNextPage``, a REST
``Link: rel="next"``). An answer that names a page already read, says there is a next page
but not where, or goes on past the most pages the list can have would make a loop run until
the job's time limit; the guard ends the read with a ``GitHubError`` naming the query, so the
run fails closed (exit 3) on a list it could not read whole.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from typing import TypeVar

from releasegate.errors import GitHubError

K = TypeVar("K", bound=Hashable)

PER_PAGE = 100  # GitHub's largest page, REST and GraphQL alike
MAX_PAGES = 100  # 10,000 items: far more than any list a run reads


def pages_for(total: int | None) -> int:
    """The pages a list of ``total`` items takes, one more for items added while it is read;
    without a count, ``MAX_PAGES``. Never more than ``MAX_PAGES``."""
    if total is None:
        return MAX_PAGES
    return min(MAX_PAGES, max(1, math.ceil(total / PER_PAGE)) + 1)


class PageGuard:
    """Where a read of one list has been: ``follow`` each page's "next" before reading it."""

    def __init__(self, query: str, budget: int = MAX_PAGES, first: Hashable | None = None) -> None:
        self.query = query
        self.budget = budget
        self._seen: set[Hashable] = {first} if first is not None else set()
        self._read = 1  # the first page is read before there is anything to follow

    def follow(self, cursor: K | None, *, more: bool) -> K | None:
        """The page to read next (``cursor``), or None when ``more`` says the list is done."""
        if not more:
            return None
        if cursor is None or cursor == "":
            raise GitHubError(self._problem("says there is a next page but not where it is"))
        if cursor in self._seen:
            raise GitHubError(self._problem("points back at a page already read"))
        if self._read >= self.budget:
            raise GitHubError(
                self._problem(f"still has a next page after {self._read} pages of {PER_PAGE}")
            )
        self._seen.add(cursor)
        self._read += 1
        return cursor

    def _problem(self, what: str) -> str:
        return (
            f"{self.query} could not be read to its end: GitHub's answer {what}, so the list "
            "would never end. Nothing was judged from part of a list; re-run the job, and if "
            "it happens again GitHub is answering this list wrongly."
        )


def short_list(what: str, total: int, listed: int) -> str:
    """The problem with a list shorter than the count GitHub gave for it."""
    return (
        f"GitHub counts {total} {what} but listed {listed}, so the list is incomplete and "
        "nothing was judged from it. Re-run the job; if it happens again, GitHub is answering "
        "this list wrongly."
    )
