"""The report's charts: Mermaid for Markdown, an SVG file for ``--output``.

GitHub renders a ```` ```mermaid ```` block (``xychart-beta`` included) wherever it shows
Markdown, an issue or a job summary among them, so the chart needs no image hosted anywhere.
The SVG is drawn by matplotlib, which only ``--output`` imports (``releasegate[report]``):
stacked bars of the bugs each stage found, the unstaged ones on top, and the escape rate as
a line on its own axis. Text is drawn as paths and the file carries no date or random ids,
so it looks the same in any viewer and the same numbers give the same bytes.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from releasegate.errors import UsageError
from releasegate.report.rows import QaReport

SVG_EXTRA = "releasegate[report]"
ESCAPED = "#d62728"  # the escape stage, in both charts: red
# Mermaid's default chart is tall and its bars pale: a shorter chart, blue bars, and the
# escaped bugs' line in the escape stage's red.
_MERMAID_CONFIG = (
    '%%{init: {"xyChart": {"height": 320}, "themeVariables": {"xyChart": '
    '{"plotColorPalette": "#1f77b4, ' + ESCAPED + '"}}}}%%'
)
_STAGE_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#bcbd22")
_UNSTAGED = "#7f7f7f"


def mermaid_chart(report: QaReport) -> str:
    weeks = ", ".join(f'"{row.week.short_name}"' for row in report.weeks)
    bugs = ", ".join(str(row.bugs) for row in report.weeks)
    escaped = ", ".join(str(row.escapes) for row in report.weeks)
    top = max((row.bugs for row in report.weeks), default=0)
    return "\n".join(
        [
            "```mermaid",
            _MERMAID_CONFIG,
            "xychart-beta",
            '    title "Bugs opened per week"',
            f"    x-axis [{weeks}]",
            f'    y-axis "Bugs" 0 --> {max(top, 1)}',
            f"    bar [{bugs}]",
            f"    line [{escaped}]",
            "```",
        ]
    )


def check_svg_output(path: Path) -> None:
    """``--output`` can be written: an ``.svg`` name, and matplotlib installed."""
    if path.suffix.lower() != ".svg":
        raise UsageError(f"--output {path}: the chart is an SVG file; name it like report.svg")
    _matplotlib()


def write_svg(report: QaReport, path: Path) -> None:
    """The chart as an SVG file at ``path``, drawn whole before anything is written."""
    text = svg_chart(report)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write the chart to {path}: {error.strerror}") from None


def svg_chart(report: QaReport) -> str:
    matplotlib = _matplotlib()
    from matplotlib.figure import Figure  # noqa: PLC0415

    with matplotlib.rc_context({"svg.hashsalt": "releasegate", "svg.fonttype": "path"}):
        figure = Figure(figsize=(10, 4.8), layout="constrained")
        bars = figure.subplots()
        _stacked_bars(bars, report)
        _escape_line(bars.twinx(), report)
        handles = [*bars.get_legend_handles_labels()[0], *figure.axes[1].get_lines()]
        figure.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 7))
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def _matplotlib() -> Any:
    try:
        import matplotlib  # noqa: PLC0415 - only --output needs it, and it is large
    except ImportError:
        raise UsageError(
            f"--output draws the chart with matplotlib, which is not installed: pip install "
            f"'{SVG_EXTRA}' (or leave --output out; the Markdown report has its chart)"
        ) from None
    return matplotlib


def _stacked_bars(axes: Any, report: QaReport) -> None:
    """One bar per week, a segment per stage in pipeline order, the unstaged on top."""
    weeks = [row.week.short_name for row in report.weeks]
    bottom = [0] * len(weeks)
    for name, values, colour in _segments(report):
        axes.bar(weeks, values, bottom=bottom, label=name, width=0.6, color=colour)
        bottom = [low + value for low, value in zip(bottom, values, strict=True)]
    axes.set_ylim(0, max([*bottom, 1]) * 1.1)
    axes.set_ylabel("Bugs opened")
    axes.set_title(f"QA weekly report: {report.setup.repository}")
    axes.spines[["top"]].set_visible(False)


def _segments(report: QaReport) -> list[tuple[str, list[int], str]]:
    """(name, count per week, colour) per stage, then the unstaged: the escape stage red."""
    others = iter(_STAGE_COLOURS * len(report.weeks[0].stages))
    segments = [
        (
            stage,
            [row.stages[stage] for row in report.weeks],
            ESCAPED if stage == report.escape_stage else next(others),
        )
        for stage in report.setup.stage_names()
    ]
    return [*segments, ("Unstaged", [row.unstaged for row in report.weeks], _UNSTAGED)]


def _escape_line(axes: Any, report: QaReport) -> None:
    weeks = [row.week.short_name for row in report.weeks]
    rates = [None if row.escape_rate is None else row.escape_rate * 100 for row in report.weeks]
    shown = [rate if rate is not None else float("nan") for rate in rates]
    axes.plot(weeks, shown, color="black", marker="o", label="Escape rate (%)")
    axes.set_ylabel(f"Escape rate: {report.escape_stage} bugs / all bugs (%)")
    axes.set_ylim(0, max([rate for rate in rates if rate is not None] + [1.0]) * 1.25)
    axes.spines[["top"]].set_visible(False)
