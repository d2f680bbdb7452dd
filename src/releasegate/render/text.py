"""Text for people: one line per gate with its mark, details indented, a verdict line."""

from __future__ import annotations

from releasegate.render.labels import MARKS, describe_verdict, heading
from releasegate.results import Report


def render_text(report: Report) -> str:
    lines = [heading(report)]
    lines += [f"note: {notice}" for notice in report.notices]
    width = max((len(gate.id) for gate in report.gates), default=0)
    for gate in report.gates:
        lines.append(
            f"{MARKS[gate.status]} {gate.id.ljust(width)}  {gate.status.value:<10} {gate.summary}"
        )
        lines += [f"    {detail}" for detail in gate.details]
    if not report.gates:
        lines.append("(the policy has no gates)")
    lines.append(describe_verdict(report))
    return "\n".join(lines) + "\n"
