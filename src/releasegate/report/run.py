"""`releasegate report`: settings, searches, weeks, renderers, the issue; exit 0, 2 or 3."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from releasegate.context import Inputs
from releasegate.errors import EXIT_PASSED
from releasegate.github.connect import connect
from releasegate.render.actions import append_summary
from releasegate.render.escape import runner_inert, runner_inert_json
from releasegate.report import chart
from releasegate.report.facts import read_facts
from releasegate.report.publish import publish_report
from releasegate.report.queries import Queries
from releasegate.report.render import RENDERERS, render_markdown
from releasegate.report.rows import QaReport, build_report
from releasegate.report.setup import load_setup
from releasegate.report.weeks import complete_weeks

Format = Literal["text", "markdown", "json"]


@dataclass(frozen=True)
class ReportOptions:
    policy_path: Path
    policy_required: bool = False  # False: a missing policy file means all defaults
    weeks: int | None = None  # None: the policy's report.weeks
    format: Format = "text"
    output: Path | None = None  # where the SVG chart goes
    dry_run: bool = False
    now: datetime | None = None  # None: the real clock


def run_report(inputs: Inputs, options: ReportOptions) -> int:
    setup = load_setup(inputs, options.policy_path, required=options.policy_required)
    if options.output is not None:
        chart.check_svg_output(options.output)  # before any request: a usage error is exit 2
    weeks = complete_weeks(options.now or datetime.now(UTC), options.weeks or setup.report.weeks)
    github = connect(inputs)
    try:
        # Every search is read before anything is printed or written: a search that fails
        # for good is exit 3 with no table at all, never a partial one.
        report = build_report(setup, read_facts(github, Queries(setup), weeks))
        if options.output is not None:
            chart.write_svg(report, options.output)
        emit(report, options.format, in_actions=inputs.in_actions)
        publish = setup.report.publish
        if publish is not None and not options.dry_run:
            done = publish_report(github, report, publish, render_markdown(report))
            print(done.describe(), file=sys.stderr)
    finally:
        github.close()
    return EXIT_PASSED


def emit(report: QaReport, output_format: Format, *, in_actions: bool) -> None:
    """Standard output is exactly the report; inside Actions the job summary gets it too."""
    rendered = RENDERERS[output_format](report)
    if in_actions:  # stage and row names come from the policy: never a workflow command
        json_out = output_format == "json"
        rendered = runner_inert_json(rendered) if json_out else runner_inert(rendered)
    sys.stdout.write(rendered)
    sys.stdout.flush()
    if summary := os.environ.get("GITHUB_STEP_SUMMARY"):
        append_summary(Path(summary), render_markdown(report))
