"""The service level: the share of runs that passed over ``slo.window``, and the error budget
left. Every run counts once. When the history does not reach back a whole window (a young
monitor, or ``keep`` lines that cover less), the figures are over what it holds, and say so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from releasegate.policy.models import SloSettings
from releasegate.policy.types import format_duration
from releasegate.watch.records import RunRecord


@dataclass(frozen=True)
class Slo:
    objective: float  # percent
    window: timedelta
    runs: int
    passed: int
    covered: timedelta
    "How far back the counted runs reach (the window, or less when the history is shorter)."

    @property
    def ratio(self) -> float:
        return self.passed / self.runs if self.runs else 1.0

    @property
    def budget_left(self) -> float:
        """1.0: no failure yet; 0: the budget is spent; below 0: overspent."""
        allowed = 1 - self.objective / 100
        return 1 - (1 - self.ratio) / allowed

    def line(self) -> str:
        objective = f"objective {self.objective:g}%"
        if not self.runs:
            return f"SLO: no run recorded yet ({objective})"
        window = format_duration(self.window)
        if self.covered >= self.window:
            over = f"the last {window}"
        elif self.runs == 1:
            over = f"the one run recorded so far (the window is {window})"
        else:
            over = f"the last {format_span(self.covered)} (all the history holds of {window})"
        return (
            f"SLO: {self.ratio:.2%} of {self.runs} runs passed over {over}, {objective}; "
            f"{self.budget()}"
        )

    def budget(self) -> str:
        if self.budget_left > 0:
            return f"error budget left: {self.budget_left:.0%}"
        spent = 1 - self.budget_left
        return f"error budget exhausted (spent {spent:.3g}×)"


def slo(runs: Sequence[RunRecord], settings: SloSettings, now: datetime) -> Slo:
    start = now - settings.window
    counted = [run for run in runs if run.time >= start]
    covered = now - min(run.time for run in counted) if counted else timedelta(0)
    return Slo(
        objective=settings.objective,
        window=settings.window,
        runs=len(counted),
        passed=sum(1 for run in counted if run.passed),
        covered=min(covered, settings.window),
    )


def format_span(span: timedelta) -> str:
    """``3d 4h``, ``2h 15m``, ``12m``, ``40s``: the two largest units."""
    seconds = int(span.total_seconds())
    parts: list[str] = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if seconds >= size or (unit == "s" and not parts):
            parts.append(f"{seconds // size}{unit}")
            seconds %= size
    return " ".join(parts[:2])
