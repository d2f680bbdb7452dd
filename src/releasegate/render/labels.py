"""Words and marks shared by the renderers, so text, Markdown and check runs agree."""

from __future__ import annotations

from typing import Final

from releasegate.results import Report, Status

MARKS: Final = {
    Status.PASS: "✓",
    Status.FAIL: "✗",
    Status.ERROR: "✗",
    Status.WARN: "!",
    Status.SKIP: "-",
    Status.OVERRIDDEN: "~",
}
EMOJI: Final = {
    Status.PASS: "✅",
    Status.FAIL: "❌",
    Status.ERROR: "⛔",
    Status.WARN: "⚠️",
    Status.SKIP: "⏭️",
    Status.OVERRIDDEN: "🔓",
}


def check_name(report: Report) -> str:
    return f"releasegate / {report.name}"


def heading(report: Report) -> str:
    target = report.repository or "(no repository)"
    if report.pull_request is not None:
        target += f"#{report.pull_request}"
    if report.sha:
        target += f" at {report.sha[:7]}"
    return f"{check_name(report)} — {target} ({report.event})"


def describe_verdict(report: Report) -> str:
    verdict = report.verdict
    blocking = [g.id for g in report.gates if g.status is verdict]
    if verdict is Status.FAIL:
        return f"verdict: fail — blocked by {', '.join(blocking)}"
    if verdict is Status.ERROR:
        return f"verdict: error — could not evaluate {', '.join(blocking)} (treated as failed)"
    warned = [g.id for g in report.gates if g.status is Status.WARN]
    return "verdict: pass" + (f" (warnings: {', '.join(warned)})" if warned else "")
