"""What `watch` writes on the runner: standard output (made inert inside Actions), the job
summary, step outputs, and problems on standard error."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from releasegate.errors import ReleasegateError
from releasegate.render import actions
from releasegate.render.escape import runner_inert, runner_inert_json
from releasegate.watch import render
from releasegate.watch.options import WatchOptions
from releasegate.watch.run import RunResult
from releasegate.watch.session import Session


def write(text: str, kind: str) -> None:
    if os.environ.get("GITHUB_ACTIONS") == "true":
        text = runner_inert_json(text) if kind == "json" else runner_inert(text)
    sys.stdout.write(text)
    sys.stdout.flush()


def emit_run(session: Session, result: RunResult, options: WatchOptions) -> None:
    if options.format == "json":
        write(render.render_run_json(session, result), "json")
    else:
        write(render.render_run_text(session, result), "text")


def summary(markdown: str) -> None:
    if path := os.environ.get("GITHUB_STEP_SUMMARY"):
        actions.append_summary(Path(path), markdown)


def step_outputs(session: Session, result: RunResult) -> None:
    if path := os.environ.get("GITHUB_OUTPUT"):
        values = {
            "verdict": result.report.verdict.value,
            "failed-gates": json.dumps(list(result.report.failed_gates)),
            "incident": str(result.incident.number) if result.incident else "",
        }
        actions.append_outputs(Path(path), values)


def problem(error: ReleasegateError) -> None:
    message = f"error: {error.message}"
    if os.environ.get("GITHUB_ACTIONS") == "true":
        message = runner_inert(message)
    print(message, file=sys.stderr)
