"""The report as text for a terminal, Markdown for GitHub, and the JSON object of SPEC §11.

Renderers only render: every number and every sentence comes from ``rows`` and ``columns``.
Stage and row names come from the policy and are escaped for Markdown like any other text.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from releasegate.render.escape import markdown_text
from releasegate.report.chart import mermaid_chart
from releasegate.report.columns import Column, escape_sentence, period, tables
from releasegate.report.rows import QaReport, WeekRow

SCHEMA = "releasegate/qa-report/v1"


def render_json(report: QaReport) -> str:
    return json.dumps(report_object(report), indent=2, ensure_ascii=False) + "\n"


def report_object(report: QaReport) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "repository": report.setup.repository,
        "weeks": [_week_object(row) for row in report.weeks],
    }


def _week_object(row: WeekRow) -> dict[str, Any]:
    median, rate = row.median_hours_to_close, row.escape_rate
    return {
        "week": row.week.name,
        "start": row.week.monday.isoformat(),
        "bugs": row.bugs,
        "stages": dict(row.stages),
        "unstaged": row.unstaged,
        "regressions": row.regressions,
        "rows": dict(row.rows),
        "hotfixes": row.hotfixes,
        "incidents": row.incidents,
        "median-hours-to-close": None if median is None else round(median, 1),
        "escape-rate": None if rate is None else round(rate, 4),
    }


def render_text(report: QaReport) -> str:
    lines = [f"QA weekly report: {report.setup.repository}, {period(report)}"]
    for table in tables(report):
        lines += ["", *text_table(table, report.weeks)]
    lines += ["", escape_sentence(report), *map(_plain, _notes(report))]
    return "\n".join(lines) + "\n"


def text_table(table: list[Column], rows: tuple[WeekRow, ...]) -> list[str]:
    cells = [[column.header for column in table]]
    cells += [[column.cell(row) for column in table] for row in rows]
    widths = [max(len(line[index]) for line in cells) for index in range(len(table))]
    return [
        "  ".join(
            text.rjust(width) if column.numeric else text.ljust(width)
            for text, width, column in zip(line, widths, table, strict=True)
        ).rstrip()
        for line in cells
    ]


def render_markdown(report: QaReport) -> str:
    lines = [f"### QA weekly report: {markdown_text(report.setup.repository)}", ""]
    lines += [period(report), "", f"**{escape_sentence(report, markdown_text)}**", ""]
    for table in tables(report, markdown_text):
        lines += [*markdown_table(table, report.weeks), ""]
    lines += [mermaid_chart(report), "", _chart_caption(report), ""]
    lines.append(f"<sub>{' '.join(map(_markdown, _notes(report)))}</sub>")
    return "\n".join(lines).rstrip("\n") + "\n"


def markdown_table(table: list[Column], rows: tuple[WeekRow, ...]) -> list[str]:
    header = "| " + " | ".join(column.header for column in table) + " |"
    rule = "|" + "|".join("--:" if column.numeric else ":--" for column in table) + "|"
    body = ["| " + " | ".join(column.cell(row) for column in table) + " |" for row in rows]
    return [header, rule, *body]


def _chart_caption(report: QaReport) -> str:
    stage = markdown_text(report.escape_stage)
    return f"Bars: all bugs opened each week. Line: {stage} bugs, the ones that escaped."


@dataclass(frozen=True)
class Code:
    """Qualifiers from the policy, shown as code."""

    text: str


@dataclass(frozen=True)
class Name:
    """A name from the policy (a stage), escaped for Markdown."""

    text: str


Part = str | Code | Name


def _notes(report: QaReport) -> list[tuple[Part, ...]]:
    """What each number counts, with the qualifiers the policy gave."""
    setup, escape = report.setup, Name(report.escape_stage)
    both = sum(row.counted_twice for row in report.weeks)
    return [
        ("Bugs: ", Code(setup.report.bugs), ", by the week they were opened; a bug that no "
         "stage matches is unstaged, one that two stages match counts in both ("
         f"{both} extra count{'s' if both != 1 else ''} in these weeks)."),
        ("Regressions: ", escape, " bugs that also match ", Code(setup.report.regression),
         ". Hotfixes: pull requests from ", Code(setup.hotfix.head_pattern), " merged into ",
         Code(setup.hotfix.production), ". Incidents: opened by releasegate watch, with the "
         "label ", Code(setup.incident_label), "."),
        ("Hours to close: the median over the ", escape, " bugs closed that week, from opened to "
         "closed, leaving out those closed as not planned."),
    ]  # fmt: skip


def _plain(note: tuple[Part, ...]) -> str:
    return "".join(part if isinstance(part, str) else part.text for part in note)


def _markdown(note: tuple[Part, ...]) -> str:
    def written(part: Part) -> str:
        if isinstance(part, Code):
            return "`" + part.text.replace("`", "'") + "`"
        return markdown_text(part.text) if isinstance(part, Name) else part

    return "".join(map(written, note))


RENDERERS: Final[dict[str, Callable[[QaReport], str]]] = {
    "json": render_json,
    "markdown": render_markdown,
    "text": render_text,
}
