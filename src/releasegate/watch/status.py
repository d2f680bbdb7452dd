"""`releasegate watch --status`: a Markdown status page of the recent runs, from the history
alone (one GitHub request). Up/down is a strip of colored squares per gate and latency a
Mermaid chart per gate: both render wherever GitHub shows Markdown, with no image hosted."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from releasegate.policy.models import WatchSettings
from releasegate.render.escape import markdown_text
from releasegate.watch.messages import when
from releasegate.watch.records import RunRecord
from releasegate.watch.slo import Slo

RUNS_CHARTED = 48
RUNS_LISTED = 20
SQUARES = {
    "pass": "🟩",
    "fail": "🟥",
    "error": "🟧",
    "warn": "🟨",
    "skip": "⬜",
    "overridden": "🟦",
}
MISSING = "▫️"


def status_page(
    name: str, runs: Sequence[RunRecord], settings: WatchSettings, slo: Slo, now: datetime
) -> str:
    lines = [f"## releasegate watch: {markdown_text(name)}", ""]
    if not runs:
        return "\n".join([*lines, "No run recorded yet.", ""])
    charted = list(runs)[-RUNS_CHARTED:]
    lines += [_now_line(runs, settings), "", markdown_text(slo.line()), ""]
    lines += [
        f"### Up and down, the last {len(charted)} runs (oldest first)",
        "",
        *_strips(charted),
        "",
        *_latency_charts(charted),
        f"### The last {min(RUNS_LISTED, len(runs))} runs",
        "",
        *_recent(runs[-RUNS_LISTED:]),
        "",
        f"_As of {when(now)}. {''.join(f'{s} {k}  ' for k, s in SQUARES.items()).strip()}_",
        "",
    ]
    return "\n".join(lines)


def _now_line(runs: Sequence[RunRecord], settings: WatchSettings) -> str:
    last = runs[-1]
    streak = 0
    for run in reversed(runs):
        if run.passed != last.passed:
            break
        streak += 1
    incident = (
        f" — incident #{last.incident} is open" if last.incident and not _resolved(last) else ""
    )
    if last.passed:
        return f"**Now:** ✅ passing ({streak} in a row, the last at {when(last.time)}){incident}"
    return f"**Now:** ❌ failing ({streak} in a row, the last at {when(last.time)}){incident}"


def _resolved(run: RunRecord) -> bool:
    return run.event == "resolved"


def _gate_ids(runs: Sequence[RunRecord]) -> list[str]:
    return list(dict.fromkeys(gate_id for run in runs for gate_id, _ in run.gates))


def _strips(runs: Sequence[RunRecord]) -> list[str]:
    lines = ["| Gate | Runs | Passed |", "|---|---|---|"]
    whole = "".join(SQUARES["pass"] if run.passed else SQUARES["fail"] for run in runs)
    lines.append(f"| **every gate** | {whole} | {_share(runs, None)} |")
    for gate_id in _gate_ids(runs):
        strip = "".join(_square(run, gate_id) for run in runs)
        lines.append(f"| `{gate_id}` | {strip} | {_share(runs, gate_id)} |")
    return lines


def _square(run: RunRecord, gate_id: str) -> str:
    gate = run.gate(gate_id)
    return SQUARES.get(gate.status, MISSING) if gate else MISSING


def _share(runs: Sequence[RunRecord], gate_id: str | None) -> str:
    if gate_id is None:
        judged = [run.passed for run in runs]
    else:
        judged = [g.status == "pass" for run in runs if (g := run.gate(gate_id)) is not None]
    return f"{sum(judged) / len(judged):.1%}" if judged else "—"


def _latency_charts(runs: Sequence[RunRecord]) -> list[str]:
    lines: list[str] = []
    for gate_id in _gate_ids(runs):
        values = [g.ms if (g := run.gate(gate_id)) is not None else None for run in runs]
        if not any(value is not None for value in values):
            continue
        top = max(value for value in values if value is not None)
        plotted = ", ".join(str(value if value is not None else 0) for value in values)
        lines += [
            f"#### `{gate_id}` latency (ms; 0 = no answer)",
            "",
            "```mermaid",
            "xychart-beta",
            f'  x-axis "run" 1 --> {len(runs)}',
            f'  y-axis "ms" 0 --> {max(1, round(top * 1.1))}',
            f"  line [{plotted}]",
            "```",
            "",
        ]
    return lines


def _recent(runs: Sequence[RunRecord]) -> list[str]:
    lines = ["| Time | Verdict | Failing gates | Incident |", "|---|---|---|---|"]
    for run in reversed(runs):
        time = f"[{when(run.time)}]({run.url})" if run.url else when(run.time)
        verdict = ("✅ " if run.passed else "❌ ") + run.verdict
        failing = ", ".join(
            f"`{gate_id}`" for gate_id, gate in run.gates if gate.status in ("fail", "error")
        )
        incident = (
            f"#{run.incident}" + (f" {run.event}" if run.event else "") if run.incident else ""
        )
        lines.append(f"| {time} | {verdict} | {failing or '—'} | {incident or '—'} |")
    return lines
