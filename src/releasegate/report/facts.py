"""What a report reads from GitHub, gathered once into plain records.

Counts come from GitHub's ``issueCount`` per week (the bugs, the regressions, the extra
rows): exact at any size, dozens of them in one request. The stages are counted the same way
when each stage is one qualifier (``label:found:qa``, as usual): the unstaged bugs are then
one search too, the bugs' search with every stage's qualifier negated. A stage of several
qualifiers cannot be negated as a whole, so then each stage's bugs are read, every page,
and the unstaged are the bugs none of them found. What needs each item is always read in
full over all the weeks at once, split under the 1,000 cap: escape-stage bugs closed in the
weeks (the time to close), pull requests merged into production (their head branch), and
incident issues (their body).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from releasegate.errors import GitHubError
from releasegate.github.client import GitHub
from releasegate.github.search import Found, Search, search_all
from releasegate.report.queries import Queries, dated
from releasegate.report.weeks import Week, weeks_span
from releasegate.timestamps import parse_timestamp


@dataclass(frozen=True)
class OpenedBug:
    id: str
    opened: datetime


@dataclass(frozen=True)
class ClosedBug:
    opened: datetime
    closed: datetime
    reason: str | None  # GraphQL's stateReason: COMPLETED, NOT_PLANNED...


@dataclass(frozen=True)
class MergedPull:
    head: str
    merged: datetime


@dataclass(frozen=True)
class Incident:
    opened: datetime
    body: str


@dataclass(frozen=True)
class CountedStages:
    """Each stage's bugs and the unstaged ones, counted per week."""

    stages: dict[str, tuple[int, ...]]
    unstaged: tuple[int, ...]


@dataclass(frozen=True)
class ReadStages:
    """Every bug each stage's search found over the weeks."""

    bugs: dict[str, tuple[OpenedBug, ...]]


@dataclass(frozen=True)
class ReportFacts:
    weeks: tuple[Week, ...]
    bugs: tuple[int, ...]  # opened per week
    regressions: tuple[int, ...]  # escape-stage regressions opened per week
    rows: dict[str, tuple[int, ...]]  # per extra row, opened per week
    stages: CountedStages | ReadStages
    closed_escapes: tuple[ClosedBug, ...]  # escape-stage bugs closed in the weeks
    hotfixes: tuple[MergedPull, ...]  # pull requests merged into production in the weeks
    incidents: tuple[Incident, ...]  # issues with the incident label opened in the weeks


def read_facts(github: GitHub, queries: Queries, weeks: list[Week]) -> ReportFacts:
    setup, window = queries.setup, weeks_span(weeks)
    stages, rows, unstaged = setup.stage_names(), setup.row_names(), queries.unstaged()
    counted = [queries.bugs(), queries.regressions(), *map(queries.row, rows)]
    read_stages = [] if unstaged is not None else [queries.stage(name) for name in stages]
    if unstaged is not None:
        counted += [*map(queries.stage, stages), unstaged]

    def over_weeks(name: str, query: str, field: str) -> Search:
        return Search(name, partial(dated, query, field), window)

    found = search_all(
        github,
        counts=[dated(query, "created", week.span) for query in counted for week in weeks],
        reads=[
            over_weeks("report_issues", queries.escapes(), "closed"),
            over_weeks("report_pull_requests", queries.hotfixes(), "merged"),
            over_weeks("report_incidents", queries.incidents(), "created"),
            *(over_weeks("report_issues", query, "created") for query in read_stages),
        ],
    )
    per_week = _per_week(found, len(weeks))
    closed, merged, incidents, *staged = found.nodes
    stage_facts: CountedStages | ReadStages
    if unstaged is None:
        bugs = {
            name: tuple(map(_opened_bug, nodes)) for name, nodes in zip(stages, staged, strict=True)
        }
        stage_facts = ReadStages(bugs)
    else:
        *stage_counts, unstaged_counts = per_week[2 + len(rows) :]
        stage_facts = CountedStages(dict(zip(stages, stage_counts, strict=True)), unstaged_counts)
    return ReportFacts(
        weeks=tuple(weeks),
        bugs=per_week[0],
        regressions=per_week[1],
        rows=dict(zip(rows, per_week[2 : 2 + len(rows)], strict=True)),
        stages=stage_facts,
        closed_escapes=tuple(map(_closed_bug, closed)),
        hotfixes=tuple(MergedPull(str(n["headRefName"]), _time(n, "mergedAt")) for n in merged),
        incidents=tuple(Incident(_time(n, "createdAt"), n.get("body") or "") for n in incidents),
    )


def _per_week(found: Found, weeks: int) -> list[tuple[int, ...]]:
    """The counts, one tuple of ``weeks`` per counted query."""
    return [tuple(found.counts[i : i + weeks]) for i in range(0, len(found.counts), weeks)]


def _opened_bug(node: dict[str, Any]) -> OpenedBug:
    return OpenedBug(str(node["id"]), _time(node, "createdAt"))


def _closed_bug(node: dict[str, Any]) -> ClosedBug:
    return ClosedBug(_time(node, "createdAt"), _time(node, "closedAt"), node.get("stateReason"))


def _time(node: dict[str, Any], key: str) -> datetime:
    moment = parse_timestamp(node.get(key))
    if moment is None:
        raise GitHubError(f"GitHub's search answered an item without {key}: {node.get('id')}")
    return moment
