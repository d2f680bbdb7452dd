"""`releasegate check`: read the target and the policy, evaluate, report, publish."""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from releasegate.context import Inputs, Target, resolve_target
from releasegate.errors import (
    EXIT_BLOCKED,
    EXIT_PASSED,
    EXIT_UNDECIDED,
    PolicyError,
    Problem,
)
from releasegate.facts import PullRequest, RunContext
from releasegate.github.client import GitHub
from releasegate.github.connect import connect
from releasegate.policy.models import Policy
from releasegate.results import Report, Status

Format = Literal["text", "json", "markdown"]
ReportMode = Literal["check-run", "status", "none"]
CommentMode = Literal["on-failure", "always", "never"]


@dataclass(frozen=True)
class CheckOptions:
    policy_path: Path
    format: Format = "text"
    report: ReportMode | None = None  # None: check-run inside Actions, none elsewhere
    comment: CommentMode = "on-failure"
    dry_run: bool = False


def run_check(inputs: Inputs, options: CheckOptions) -> int:
    _mask(inputs, [inputs.token])
    target = resolve_target(inputs)
    if isinstance(target, str):
        print(target)
        return EXIT_PASSED
    local_policy = None if target.policy_from_base else _local_policy(options.policy_path)
    github = connect(inputs)
    try:
        report = _evaluate(github, inputs, target, options, local_policy)
        # GitHub first: when a write fails for good the run ends in error (exit 3) before any
        # output (stdout, job summary, step outputs) could say that the gates passed.
        if not options.dry_run:
            _publish(github, report, inputs, options)
        _emit(report, inputs, options)
    finally:
        github.close()
    return _exit_code(report.verdict)


def _local_policy(path: Path) -> Policy:
    from releasegate.policy.load import load_policy_file  # noqa: PLC0415

    return load_policy_file(path)


def _evaluate(
    github: GitHub, inputs: Inputs, target: Target, options: CheckOptions, policy: Policy | None
) -> Report:
    from releasegate.engine import evaluate_policy  # noqa: PLC0415
    from releasegate.gather import make_gatherer  # noqa: PLC0415

    pull, policy, notices = _pull_and_policy(github, target, options, policy)
    secrets = _policy_secrets(policy, inputs)
    sha = target.sha or (pull.head_sha if pull else None)
    context = RunContext(
        event=target.event,
        repository=target.repository,
        sha=sha,
        ref=target.ref,
        pull_request=pull,
        payload=target.payload,
        server_url=inputs.server_url,
    )
    results = evaluate_policy(policy, context, make_gatherer(github, context))
    report = Report(
        policy=str(options.policy_path),
        name=policy.name or options.policy_path.stem,
        repository=target.repository,
        sha=sha,
        pull_request=pull.number if pull else None,
        event=target.event,
        gates=results,
        notices=tuple(notices),
    )
    return redacted(report, secrets)


def _mask(inputs: Inputs, values: list[str | None]) -> None:
    from releasegate.render.actions import mask_secrets  # noqa: PLC0415

    mask_secrets(values, in_actions=inputs.in_actions)


def _policy_secrets(policy: Policy, inputs: Inputs) -> list[str]:
    import os  # noqa: PLC0415

    from releasegate.secrets import secret_values  # noqa: PLC0415

    _mask(inputs, list(secret_values(policy, os.environ, None)))  # the token is masked already
    return secret_values(policy, os.environ, inputs.token)


def redacted(report: Report, secrets: list[str]) -> Report:
    """The report with every secret replaced, so no renderer can leak one."""
    import dataclasses  # noqa: PLC0415

    from releasegate.secrets import redact  # noqa: PLC0415

    def clean(text: str) -> str:
        return redact(text, secrets)

    gates = tuple(
        dataclasses.replace(
            gate,
            summary=clean(gate.summary),
            details=tuple(map(clean, gate.details)),
            annotations=tuple(
                dataclasses.replace(a, message=clean(a.message)) for a in gate.annotations
            ),
        )
        for gate in report.gates
    )
    return dataclasses.replace(report, gates=gates, notices=tuple(map(clean, report.notices)))


def _pull_and_policy(
    github: GitHub, target: Target, options: CheckOptions, policy: Policy | None
) -> tuple[PullRequest | None, Policy, list[str]]:
    from releasegate.github.pulls import read_pull_request  # noqa: PLC0415
    from releasegate.policy.load import load_policy_text  # noqa: PLC0415

    if target.pr_number is None:
        assert policy is not None
        return None, policy, []
    path = options.policy_path.as_posix()
    pull, base = read_pull_request(
        github,
        target.repository,
        target.pr_number,
        policy_path=path if target.policy_from_base else None,
        base_ref=target.base_ref,
        head_sha=target.head_sha,
    )
    if base is None:
        assert policy is not None
        return pull, policy, []
    if base.text is None:
        raise PolicyError(
            [
                Problem(
                    f"{path}@{target.base_ref}",
                    1,
                    1,
                    (
                        f"no policy at {path} on the base branch '{target.base_ref}'; on pull "
                        "requests the policy is read from the base branch, so a new policy "
                        "takes effect once merged"
                    ),
                )
            ]
        )
    notices = []
    if base.changed_by_pr:
        notices.append(
            f"this PR changes {path}; it was judged by the policy on '{target.base_ref}', "
            "and the change takes effect once merged"
        )
    return pull, load_policy_text(base.text, f"{path}@{target.base_ref}"), notices


def _emit(report: Report, inputs: Inputs, options: CheckOptions) -> None:
    from releasegate.render import actions  # noqa: PLC0415

    rendered = render(report, options.format)
    sys.stdout.write(actions.without_commands(rendered) if inputs.in_actions else rendered)
    if inputs.in_actions and _report_mode(inputs, options) != "check-run":
        for line in actions.annotation_commands(report):
            print(line)
    _write_step_files(report, options)


def render(report: Report, format: Format) -> str:
    if format == "json":
        from releasegate.render.json import render_json  # noqa: PLC0415

        return render_json(report)
    if format == "markdown":
        from releasegate.render.markdown import render_markdown  # noqa: PLC0415

        return render_markdown(report)
    from releasegate.render.text import render_text  # noqa: PLC0415

    return render_text(report)


def _write_step_files(report: Report, options: CheckOptions) -> None:
    import os  # noqa: PLC0415

    from releasegate.render import actions  # noqa: PLC0415
    from releasegate.render.json import render_json  # noqa: PLC0415
    from releasegate.render.markdown import render_markdown  # noqa: PLC0415

    if summary := os.environ.get("GITHUB_STEP_SUMMARY"):
        actions.append_summary(Path(summary), render_markdown(report))
    if outputs := os.environ.get("GITHUB_OUTPUT"):
        folder = Path(os.environ.get("RUNNER_TEMP") or tempfile.gettempdir()) / "releasegate"
        folder.mkdir(parents=True, exist_ok=True)
        report_path = folder / f"report-{report.name}.json"
        report_path.write_text(render_json(report), encoding="utf-8")
        actions.write_outputs(Path(outputs), report, report_path)


def _report_mode(inputs: Inputs, options: CheckOptions) -> ReportMode:
    return options.report or ("check-run" if inputs.in_actions else "none")


def _publish(github: GitHub, report: Report, inputs: Inputs, options: CheckOptions) -> None:
    from releasegate.github import publish  # noqa: PLC0415
    from releasegate.render.labels import check_name  # noqa: PLC0415
    from releasegate.render.markdown import render_markdown  # noqa: PLC0415

    owner, repo = (report.repository or "/").split("/", 1)
    markdown = render_markdown(report)
    mode = _report_mode(inputs, options)
    if report.sha and mode == "check-run":
        publish.publish_check_run(
            github,
            publish.Target(owner, repo, report.sha),
            name=check_name(report),
            title=publish.report_title(report),
            summary=markdown,
            verdict=report.verdict,
            annotations=[a for gate in report.gates for a in gate.annotations],
        )
    elif report.sha and mode == "status":
        publish.publish_status(
            github,
            publish.Target(owner, repo, report.sha),
            name=check_name(report),
            verdict=report.verdict,
            description=publish.report_title(report),
            target_url=_run_url(inputs),
        )
    if report.pull_request is not None and options.comment != "never":
        wanted = options.comment == "always" or report.verdict is not Status.PASS
        publish.upsert_sticky_comment(
            github,
            owner,
            repo,
            report.pull_request,
            marker=publish.comment_marker(report.name),
            body=markdown,
            create=wanted,
        )


def _run_url(inputs: Inputs) -> str | None:
    import os  # noqa: PLC0415

    run_id = os.environ.get("GITHUB_RUN_ID")
    if not (run_id and inputs.repository):
        return None
    return f"{inputs.server_url}/{inputs.repository}/actions/runs/{run_id}"


def _exit_code(verdict: Status) -> int:
    return {Status.PASS: EXIT_PASSED, Status.FAIL: EXIT_BLOCKED}.get(verdict, EXIT_UNDECIDED)
