"""GitHub Actions plumbing: workflow commands, step outputs, the job summary.

Workflow commands (annotations, policy problems) are written to standard error, which the
runner reads for commands as well as standard output, so that standard output can be exactly
a report (made inert by ``escape.runner_inert``). No secret is written in any form: the runner masks
what comes from ``secrets.*`` and ``github.token`` itself, so there is no ``::add-mask::``.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from pathlib import Path

from releasegate.errors import Problem
from releasegate.redaction import redact_known
from releasegate.render.escape import no_mentions, workflow_data, workflow_property
from releasegate.results import Report, Status

_COMMAND_FOR_LEVEL = {"failure": "error", "warning": "warning", "notice": "notice"}


def annotation_commands(report: Report) -> list[str]:
    lines = []
    for gate in report.gates:
        for note in gate.annotations:
            level = _COMMAND_FOR_LEVEL[note.level]
            title = workflow_property(no_mentions(note.title or f"releasegate: {gate.id}"))
            lines.append(
                f"::{level} file={workflow_property(note.path)},line={note.line},"
                f"title={title}::{workflow_data(no_mentions(note.message))}"
            )
    return lines


def problem_commands(problems: Iterable[Problem]) -> list[str]:
    return [
        f"::error file={workflow_property(p.path)},line={p.line},col={p.col},"
        f"title=releasegate policy::{workflow_data(p.message)}"
        for p in problems
    ]


def write_outputs(path: Path, report: Report, report_path: Path) -> None:
    failed = [g.id for g in report.gates if g.status in (Status.FAIL, Status.ERROR)]
    values = {
        "verdict": report.verdict.value,
        "failed-gates": json.dumps(failed),
        "report": str(report_path),
    }
    append_outputs(path, values)


def append_outputs(path: Path, values: dict[str, str]) -> None:
    """Step outputs in the multi-line form, so no value can smuggle in another output."""
    with path.open("a", encoding="utf-8") as out:
        for name, value in values.items():
            delimiter = f"ghadelimiter_{secrets.token_hex(8)}"
            out.write(f"{name}<<{delimiter}\n{redact_known(value)}\n{delimiter}\n")


def append_summary(path: Path, markdown: str) -> None:
    with path.open("a", encoding="utf-8") as out:
        out.write(redact_known(markdown) + "\n")
