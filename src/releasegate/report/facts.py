"""What a report reads from GitHub, gathered once into plain records.

Counts come from GitHub's ``issueCount`` per week (the bugs, the regressions, the extra
rows): exact at any size, one request for dozens of them. What needs each issue (which
stage found which bug, for the unstaged ones and bugs of two stages; when escape-stage bugs
were closed; the head branch of PRs merged into production; the body of incident issues)
is read in full over all the weeks at once, every page, split under the 1,000 cap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from releasegate.errors import GitHubError
from releasegate.github.client import GitHub
from releasegate.github.search import Search, search_all
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
class ReportFacts:
    weeks: tuple[Week, ...]
    bugs: tuple[int, ...]  # opened per week
    regressions: tuple[int, ...]  # escape-stage regressions opened per week
    rows: dict[str, tuple[int, ...]]  # per extra row, opened per week
    stages: dict[str, tuple[OpenedBug, ...]]  # every bug each stage found in the weeks
    closed_escapes: tuple[ClosedBug, ...]  # escape-stage bugs closed in the weeks
    hotfixes: tuple[MergedPull, ...]  # pull requests merged into production in the weeks
    incidents: tuple[Incident, ...]  # issues with the incident label opened in the weeks


def read_facts(github: GitHub, queries: Queries, weeks: list[Week]) -> ReportFacts:
    rows = queries.setup.row_names()
    counted = [queries.bugs(), queries.regressions(), *map(queries.row, rows)]
    weekly = [dated(query, "created", week.span) for query in counted for week in weeks]
    stages = queries.setup.stage_names()
    window = weeks_span(weeks)

    def over_weeks(name: str, query: str, field: str) -> Search:
        return Search(name, partial(dated, query, field), window)

    found = search_all(
        github,
        counts=weekly,
        reads=[
            *(over_weeks("report_issues", queries.stage(stage), "created") for stage in stages),
            over_weeks("report_issues", queries.escapes(), "closed"),
            over_weeks("report_pull_requests", queries.hotfixes(), "merged"),
            over_weeks("report_incidents", queries.incidents(), "created"),
        ],
    )
    per_week = [tuple(found.counts[i : i + len(weeks)]) for i in range(0, len(weekly), len(weeks))]
    *staged, closed, merged, incidents = found.nodes
    return ReportFacts(
        weeks=tuple(weeks),
        bugs=per_week[0],
        regressions=per_week[1],
        rows=dict(zip(rows, per_week[2:], strict=True)),
        stages={
            name: tuple(map(_opened_bug, nodes)) for name, nodes in zip(stages, staged, strict=True)
        },
        closed_escapes=tuple(map(_closed_bug, closed)),
        hotfixes=tuple(
            MergedPull(str(node["headRefName"]), _time(node, "mergedAt")) for node in merged
        ),
        incidents=tuple(
            Incident(_time(node, "createdAt"), node.get("body") or "") for node in incidents
        ),
    )


def _opened_bug(node: dict[str, Any]) -> OpenedBug:
    return OpenedBug(str(node["id"]), _time(node, "createdAt"))


def _closed_bug(node: dict[str, Any]) -> ClosedBug:
    return ClosedBug(_time(node, "createdAt"), _time(node, "closedAt"), node.get("stateReason"))


def _time(node: dict[str, Any], key: str) -> datetime:
    moment = parse_timestamp(node.get(key))
    if moment is None:
        raise GitHubError(f"GitHub's search answered an item without {key}: {node.get('id')}")
    return moment
