"""What `check` writes on the runner: the report on standard output, workflow commands on
standard error, the job summary and the step outputs (SPEC §4).

Standard output is exactly the report in every format, inside Actions too, so
``> report.json`` and ``| jq`` work. Inside Actions it is made inert first: text from a pull
request (a title, a file name) can never act as a workflow command, and JSON still decodes
to the same report.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

from releasegate.check.options import CheckOptions
from releasegate.context import Inputs
from releasegate.render import RENDERERS, actions
from releasegate.render.escape import runner_inert, runner_inert_json
from releasegate.render.json import render_json
from releasegate.render.markdown import render_markdown
from releasegate.results import Report

_FILE_SAFE = re.compile(r"[^A-Za-z0-9._-]|^\.+")


def emit(report: Report, inputs: Inputs, options: CheckOptions) -> None:
    rendered = RENDERERS[options.format](report)
    if inputs.in_actions:
        rendered = (
            runner_inert_json(rendered) if options.format == "json" else runner_inert(rendered)
        )
    sys.stdout.write(rendered)
    sys.stdout.flush()
    if inputs.in_actions and options.report_mode(in_actions=True) != "check-run":
        for line in actions.annotation_commands(report):
            print(line, file=sys.stderr)
    _write_step_files(report)


def _write_step_files(report: Report) -> None:
    if summary := os.environ.get("GITHUB_STEP_SUMMARY"):
        actions.append_summary(Path(summary), render_markdown(report))
    if outputs := os.environ.get("GITHUB_OUTPUT"):
        folder = Path(os.environ.get("RUNNER_TEMP") or tempfile.gettempdir()) / "releasegate"
        folder.mkdir(parents=True, exist_ok=True)
        # The policy's name becomes a file name: only its letters, digits, '.', '_' and '-'.
        report_path = folder / f"report-{_FILE_SAFE.sub('_', report.name)}.json"
        report_path.write_text(render_json(report), encoding="utf-8")
        actions.write_outputs(Path(outputs), report, report_path)
