"""The check run's title (and the commit status's description): the verdict in one line."""

from __future__ import annotations

from releasegate.results import Report, Status


def check_run_title(report: Report) -> str:
    blocked = [g.id for g in report.gates if g.status is Status.FAIL]
    undecided = [g.id for g in report.gates if g.status is Status.ERROR]
    if blocked:
        title = f"Blocked by {', '.join(blocked)}"
        return title + (f"; could not evaluate {', '.join(undecided)}" if undecided else "")
    if undecided:
        return f"Could not evaluate {', '.join(undecided)} (treated as failed; re-run)"
    return "All gates passed"
