"""The reliability matrix: what each fault did to each command, as the tests saw it.

Every fault-matrix test records one ``Cell`` (command, request kind, fault, how long it
lasted, the outcome it observed); the conftest gathers them from every xdist worker and
``render`` turns them into the Markdown that README's "Reliability" section embeds between
``BEGIN`` and ``END``. ``tools/reliability-matrix`` renders and checks the same file.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

BEGIN = "<!-- reliability-matrix:begin -->"
END = "<!-- reliability-matrix:end -->"
COMMANDS = ("check", "hotfix backport", "umbrella sync", "watch")
LASTS = {"once": "once", "always": "every attempt"}

RETRIED = "retried, correct"
FOUND = "answer lost, found what it made; correct"
FAILED_CLOSED = "exit 3, clean message; re-run converges"
NOT_MISLED = "lie not followed; correct"
FINISHED = "re-run finishes it, nothing twice"
_CODES = {RETRIED: "R", FOUND: "F", FAILED_CLOSED: "3", NOT_MISLED: "N", FINISHED: "K"}


@dataclass(frozen=True, order=True)
class Cell:
    command: str
    request: str
    fault: str
    lasts: str  # "once" or "always"
    outcome: str


def save(cells: Iterable[Cell], path: Path, *, complete: bool) -> None:
    """The cells of a run; ``complete`` when every matrix test ran and passed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"complete": complete, "cells": [asdict(cell) for cell in sorted(cells)]}
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def load(path: Path) -> tuple[list[Cell], bool]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Cell(**item) for item in data["cells"]], bool(data["complete"])


def render(cells: Sequence[Cell], faults: Sequence[str]) -> str:
    """The summary table (fault x command), then one table of request kinds per command."""
    lines = [BEGIN, "", *_summary(cells, faults), "", *_legend()]
    for command in COMMANDS:
        lines += ["", *_details(command, [c for c in cells if c.command == command], faults)]
    return "\n".join([*lines, "", END]) + "\n"


def _summary(cells: Sequence[Cell], faults: Sequence[str]) -> list[str]:
    lines = [
        "| Fault | Lasts | " + " | ".join(f"`{command}`" for command in COMMANDS) + " |",
        "|---|---|" + "---|" * len(COMMANDS),
    ]
    for fault in faults:
        for lasts, words in LASTS.items():
            row = [_outcomes(cells, command, fault, lasts) for command in COMMANDS]
            if set(row) != {"—"}:  # a lie is told every time, a kill happens once
                lines.append(f"| {fault} | {words} | " + " | ".join(row) + " |")
    return lines


def _outcomes(cells: Sequence[Cell], command: str, fault: str, lasts: str) -> str:
    key = (command, fault, lasts)
    # A kind counts once per outcome, however many cells name it (a kill sweep kills at every
    # request, and a run makes some kinds more than once).
    counted = Counter(
        outcome
        for _request, outcome in {
            (cell.request, cell.outcome)
            for cell in cells
            if (cell.command, cell.fault, cell.lasts) == key
        }
    )
    if not counted:
        return "—"
    return "<br>".join(f"{outcome} ({count})" for outcome, count in sorted(counted.items()))


def _legend() -> list[str]:
    return [
        "Counts are request kinds. In the tables below, each cell is *once* / *every attempt*: "
        + "; ".join(f"**{code}** {outcome}" for outcome, code in _CODES.items())
        + "; — not applicable.",
    ]


def _details(command: str, cells: Sequence[Cell], faults: Sequence[str]) -> list[str]:
    kinds = sorted({cell.request for cell in cells})
    lines = [
        f"<details><summary><code>{command}</code>: {len(kinds)} kinds of request</summary>",
        "",
        "| Request | " + " | ".join(faults) + " |",
        "|---|" + "---|" * len(faults),
    ]
    by_key = {(cell.request, cell.fault, cell.lasts): cell.outcome for cell in cells}
    for kind in kinds:
        row = [
            " / ".join(_code(by_key.get((kind, fault, lasts))) for lasts in LASTS)
            for fault in faults
        ]
        lines.append(f"| `{kind}` | " + " | ".join(row) + " |")
    return [*lines, "", "</details>"]


def _code(outcome: str | None) -> str:
    if outcome is None:
        return "—"
    return _CODES.get(outcome, outcome)


def embedded(readme: str) -> str | None:
    """The generated block README embeds (markers included), or None without markers."""
    start, end = readme.find(BEGIN), readme.find(END)
    if start < 0 or end < start:
        return None
    return readme[start : end + len(END)] + "\n"
