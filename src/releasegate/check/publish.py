"""Where the report goes on GitHub (SPEC §4): a check run or a commit status on the evaluated
commit, and the sticky comment on a pull request."""

from __future__ import annotations

import os

from releasegate.check.options import CheckOptions
from releasegate.context import Inputs
from releasegate.github import check_runs
from releasegate.github import publish as write
from releasegate.github.client import GitHub
from releasegate.render.check_run import check_run_title
from releasegate.render.labels import check_name
from releasegate.render.markdown import render_markdown
from releasegate.results import Report, Status


def publish(github: GitHub, report: Report, inputs: Inputs, options: CheckOptions) -> None:
    owner, repo = (report.repository or "/").split("/", 1)
    markdown = render_markdown(report)
    mode = options.report_mode(in_actions=inputs.in_actions)
    if report.sha and mode == "check-run":
        check_runs.publish_check_run(
            github,
            check_runs.CommitRef(owner, repo, report.sha),
            name=check_name(report),
            title=check_run_title(report),
            summary=markdown,
            verdict=report.verdict,
            annotations=[a for gate in report.gates for a in gate.annotations],
        )
    elif report.sha and mode == "status":
        write.publish_status(
            github,
            check_runs.CommitRef(owner, repo, report.sha),
            name=check_name(report),
            verdict=report.verdict,
            description=check_run_title(report),
            target_url=_run_url(inputs),
        )
    if report.pull_request is not None and options.comment != "never":
        wanted = options.comment == "always" or report.verdict is not Status.PASS
        write.upsert_sticky_comment(
            github,
            owner,
            repo,
            report.pull_request,
            marker=write.comment_marker(report.name),
            body=markdown,
            create=wanted,
        )


def _run_url(inputs: Inputs) -> str | None:
    run_id = os.environ.get("GITHUB_RUN_ID")
    if not (run_id and inputs.repository):
        return None
    return f"{inputs.server_url}/{inputs.repository}/actions/runs/{run_id}"
