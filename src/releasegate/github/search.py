"""Every result of GitHub's issue search, however many: counts, pages and the 1,000 cap.

GitHub's search counts every match (``issueCount``) but lets a client page through the first
1,000 only. ``read_all`` reads a search over a span of time page by page; a span with more
than 1,000 matches is cut into shorter spans, each read the same way, until every part fits,
so nothing is truncated. A part that still finds more than 1,000 within one second, which no
cut can split, is an error, never a short count; so is a part whose pages do not add up to
its count twice in a row (the issues changed while they were read). Counts alone are asked
for many searches per request. Requests grow with pages, not with issues.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from releasegate.errors import GitHubError
from releasegate.github.client import GitHub
from releasegate.github.documents import document
from releasegate.github.pages import PageGuard

CAP = 1000  # results GitHub lets a client reach per search
PART = 800  # results aimed at per part when a span is cut: room for uneven days
# GitHub stops a GraphQL request after 10 seconds, and runs its searches one by one; a
# search takes a fraction of a second there, so 20 in a request keep well inside that.
COUNTS_PER_REQUEST = 20
READERS = 8  # parts read at the same time
COUNTS_TEMPLATE = "search_counts"
Node = dict[str, Any]


@dataclass(frozen=True)
class Span:
    """Whole seconds from ``start`` up to, not including, ``end`` (UTC)."""

    start: datetime
    end: datetime

    @property
    def seconds(self) -> int:
        return int((self.end - self.start).total_seconds())

    def qualifier(self, field: str) -> str:
        """``created:A..B``: search ranges include both ends, so B is the span's last second."""
        last = self.end - timedelta(seconds=1)
        return f"{field}:{_search_time(self.start)}..{_search_time(last)}"

    def cut(self, parts: int) -> list[Span]:
        """``parts`` spans of (nearly) equal whole seconds, covering this one exactly."""
        parts = max(2, min(parts, self.seconds))
        edges = [self.start + timedelta(seconds=self.seconds * n // parts) for n in range(parts)]
        return [Span(a, b) for a, b in zip(edges, [*edges[1:], self.end], strict=True)]


def _search_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


@dataclass(frozen=True)
class Search:
    """A search to read in full: ``query(span)`` is its text for one part of ``span``.

    ``document`` names a file of ``graphql/`` taking ``$query`` and ``$after`` and answering
    ``search { issueCount pageInfo { hasNextPage endCursor } nodes { ... id ... } }``.
    """

    document: str
    query: Callable[[Span], str]
    span: Span


@dataclass(frozen=True)
class _Cut:
    parts: list[Span]


@dataclass(frozen=True)
class Found:
    counts: list[int]  # of each counted query, in order
    nodes: list[list[Node]]  # of each search read in full, in order


def search_all(
    github: GitHub, *, counts: Sequence[str] = (), reads: Sequence[Search] = ()
) -> Found:
    """The count of each of ``counts`` and every node of each of ``reads``, at most
    ``READERS`` requests at a time; a cut's parts are started as soon as it is known."""
    chunks = [counts[i : i + COUNTS_PER_REQUEST] for i in range(0, len(counts), COUNTS_PER_REQUEST)]
    counted: list[list[int]] = [[] for _ in chunks]
    found: list[dict[str, Node]] = [{} for _ in reads]
    with ThreadPoolExecutor(max_workers=READERS) as pool:
        pending: dict[Future[Any], tuple[str, int]] = {}

        def read(index: int, span: Span) -> None:
            pending[pool.submit(_read_part, github, reads[index], span)] = ("read", index)

        for index, chunk in enumerate(chunks):
            pending[pool.submit(_count_chunk, github, list(chunk))] = ("count", index)
        for index, search in enumerate(reads):
            read(index, search.span)
        try:
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    kind, index = pending.pop(future)
                    outcome = future.result()
                    if kind == "count":
                        counted[index] = outcome
                    elif isinstance(outcome, _Cut):
                        for part in outcome.parts:
                            read(index, part)
                    else:
                        found[index].update(outcome)
        finally:
            for future in pending:  # something failed for good: start nothing more
                future.cancel()
    return Found([n for chunk in counted for n in chunk], [list(n.values()) for n in found])


def _read_part(github: GitHub, search: Search, span: Span) -> dict[str, Node] | _Cut:
    query = search.query(span)
    for _ in range(2):
        count, nodes = _read_pages(github, search.document, query)
        if count > CAP:
            return _cut(span, count, query)
        if len(nodes) == count:
            return nodes
    raise GitHubError(
        f"GitHub's search found {count} results for `{query}` but its pages held "
        f"{len(nodes)}, twice: issues changed while they were read. Re-run the job."
    )


def _cut(span: Span, count: int, query: str) -> _Cut:
    if span.seconds <= 1:
        raise GitHubError(
            f"GitHub's search finds {count:,} results within one second for `{query}`, more "
            f"than the {CAP:,} it lets anyone read, and no date range can split them; nothing "
            "is counted short. Narrow the qualifiers (a label, is:open) so fewer match."
        )
    return _Cut(span.cut(math.ceil(count / PART)))


def _read_pages(github: GitHub, name: str, query: str) -> tuple[int, dict[str, Node]]:
    """The search's count, and its nodes by id once the count is within the cap."""
    nodes: dict[str, Node] = {}
    count, after = 0, None
    # Pages of 100 hold the 1,000 results; one more ends it. A cursor seen before or missing
    # ends the read at once (pages.py), never 11 pages of the same results.
    guard = PageGuard(f"GraphQL query {name} (`{query}`)", CAP // 100 + 1)
    while True:
        page = github.graphql(name, {"query": query, "after": after})["search"]
        count = int(page["issueCount"])
        if count > CAP:
            return count, {}
        nodes.update((node["id"], node) for node in page["nodes"] or () if node)
        info = page["pageInfo"]
        after = guard.follow(info.get("endCursor"), more=info["hasNextPage"])
        if after is None:
            return count, nodes


# --- counts ----------------------------------------------------------------------------------


def _count_chunk(github: GitHub, queries: list[str]) -> list[int]:
    text = counts_document(len(queries))
    variables = {f"q{index}": query for index, query in enumerate(queries)}
    data = github.graphql_text("SearchCounts", text, variables)
    return [int(data[f"c{index}"]["issueCount"]) for index in range(len(queries))]


def counts_document(searches: int) -> str:
    """The template ``graphql/search_counts.graphql`` with its ``c0`` selection repeated."""
    template = document(COUNTS_TEMPLATE)
    body = template[template.index("query SearchCounts") :]
    selection = body[body.index("  c0:") : body.rindex("}")]
    declarations = ", ".join(f"$q{n}: String!" for n in range(searches))
    selections = "".join(_numbered(selection, n) for n in range(searches))
    return f"query SearchCounts({declarations}) {{\n{selections}}}\n"


def _numbered(selection: str, number: int) -> str:
    return selection.replace("c0:", f"c{number}:", 1).replace("$q0", f"$q{number}", 1)
