"""Where the report goes on GitHub: one issue, updated in place, and a comment per week.

The issue is found by its label and the hidden marker its body starts with (a person's issue
with the same label is never taken over), so it is opened once and edited afterwards: the
body is the latest report, the title the policy's. Each reported week gets one comment of
its own numbers, found by a marker naming the week and edited if the numbers change (a bug
triaged late), so the issue's comments are the report's history. Nothing is written that
would not change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from releasegate.github import endpoints
from releasegate.github.client import GitHub
from releasegate.github.publish import upsert_sticky_comment
from releasegate.policy.models import ReportPublish
from releasegate.render.escape import markdown_text
from releasegate.report.columns import period, tables
from releasegate.report.rows import QaReport


def issue_marker(name: str) -> str:
    return f"<!-- releasegate:qa-report:{name} -->"


def week_marker(name: str, week: str) -> str:
    return f"<!-- releasegate:qa-report:{name}:week:{week} -->"


@dataclass(frozen=True)
class Published:
    number: int
    issue: str  # created, updated, unchanged
    comment: str  # created, updated, unchanged

    def describe(self) -> str:
        return f"report issue #{self.number}: {self.issue}; this week's comment: {self.comment}"


def publish_report(
    github: GitHub, report: QaReport, settings: ReportPublish, markdown: str
) -> Published:
    owner, repo = report.setup.repository.split("/", 1)
    marker = issue_marker(report.setup.name)
    body = f"{marker}\n{markdown}"
    number, issue = _upsert_issue(github, (owner, repo), settings, marker, body)
    latest = report.weeks[-1].week.name
    comment = upsert_sticky_comment(
        github,
        owner,
        repo,
        number,
        marker=week_marker(report.setup.name, latest),
        body=week_comment(report),
        create=True,
    )
    return Published(number, issue, comment)


def week_comment(report: QaReport) -> str:
    """The newest week's numbers, one row each."""
    row = report.weeks[-1]
    first, second = tables(report, markdown_text)
    week, *rest = [*first, *second[1:]]
    lines = [f"#### QA week {row.week.name}", "", period_of_week(report), ""]
    lines += [f"| | {week.cell(row)} |", "|:--|--:|"]
    lines += [f"| {column.header} | {column.cell(row)} |" for column in rest]
    return "\n".join(lines) + "\n"


def period_of_week(report: QaReport) -> str:
    latest = QaReport(report.setup, report.weeks[-1:], report.trend)
    return period(latest)


def _upsert_issue(
    github: GitHub, where: tuple[str, str], settings: ReportPublish, marker: str, body: str
) -> tuple[int, str]:
    owner, repo = where

    def ours() -> dict[str, Any] | None:
        issues = github.rest_all_pages(
            endpoints.LIST_ISSUES,
            query={"labels": settings.label, "state": "all", "sort": "created", "direction": "asc"},
            owner=owner,
            repo=repo,
        )
        marked = [
            issue
            for issue in issues
            if "pull_request" not in issue and (issue.get("body") or "").startswith(marker + "\n")
        ]
        return marked[0] if marked else None  # the oldest, should two runs have raced

    def create() -> dict[str, Any]:
        wanted = {"title": settings.issue_title, "body": body, "labels": [settings.label]}
        created: dict[str, Any] = github.rest(
            endpoints.CREATE_ISSUE, body=wanted, owner=owner, repo=repo
        )
        return created

    existing = ours()
    if existing is None:
        created = github.create_once("the report issue", create, ours)
        return int(created["number"]), "created"
    if (existing.get("title"), existing.get("body")) == (settings.issue_title, body):
        return int(existing["number"]), "unchanged"
    github.rest(
        endpoints.UPDATE_ISSUE,
        body={"title": settings.issue_title, "body": body},
        owner=owner,
        repo=repo,
        issue_number=existing["number"],
    )
    return int(existing["number"]), "updated"
