"""The thin command line: parse options, call one function, turn errors into exit codes.

Imports beyond click are lazy so that ``--help`` starts fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from releasegate import __version__
from releasegate.errors import EXIT_UNDECIDED, PolicyError, ReleasegateError

DEFAULT_POLICY = ".github/releasegate.yml"
# Variables that may hold a token: hidden from every stream from the first line on.
TOKEN_VARIABLES = ("GITHUB_TOKEN", "GH_TOKEN", "RELEASEGATE_BACKPORT_TOKEN")


def context_options(command: Any) -> Any:
    """The options every GitHub-facing command takes (SPEC §1)."""
    options = [
        click.option(
            "--token", help="API token (default: GITHUB_TOKEN, then GH_TOKEN); never printed."
        ),
        click.option(
            "--api-url", help="REST base URL (default: GITHUB_API_URL or api.github.com)."
        ),
        click.option(
            "--repo", "repository", metavar="OWNER/NAME", help="Repository (GITHUB_REPOSITORY)."
        ),
        click.option(
            "--event",
            "event_path",
            type=click.Path(dir_okay=False),
            help="Event payload file (GITHUB_EVENT_PATH).",
        ),
        click.option("--sha", help="Commit under evaluation (GITHUB_SHA)."),
        click.option("--ref", help="Ref under evaluation (GITHUB_REF)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="releasegate")
def cli() -> None:
    """Release gates as code for teams that ship through GitHub."""


@cli.command()
@context_options
@click.option("--pr", type=int, help="Evaluate pull request N (overrides the event).")
@click.option(
    "--policy",
    "policy_path",
    default=DEFAULT_POLICY,
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
@click.option(
    "--report",
    type=click.Choice(["check-run", "status", "none"]),
    help="Where the result goes on GitHub (default: check-run in Actions, else none).",
)
@click.option(
    "--comment",
    type=click.Choice(["on-failure", "always", "never"]),
    default="on-failure",
    show_default=True,
    help="The sticky PR comment.",
)
@click.option("--dry-run", is_flag=True, help="Evaluate and print; write nothing to GitHub.")
def check(
    *,
    pr: int | None,
    policy_path: Path,
    output_format: str,
    report: str | None,
    comment: str,
    dry_run: bool,
    **context: Any,
) -> None:
    """Evaluate a policy against a pull request or a commit; exit with the verdict."""
    from releasegate.check import CheckOptions, run_check  # noqa: PLC0415
    from releasegate.context import Inputs  # noqa: PLC0415

    inputs = Inputs.from_environment(pr=pr, **context)
    _hide_tokens(inputs.token)
    options = CheckOptions(policy_path, output_format, report, comment, dry_run)  # type: ignore[arg-type]
    sys.exit(run_check(inputs, options))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
def validate(paths: tuple[Path, ...], output_format: str) -> None:
    """Check policy files offline; print path:line:col: message per problem."""
    from releasegate.validate import run_validate  # noqa: PLC0415

    sys.exit(
        run_validate(paths, output_format, in_actions=os.environ.get("GITHUB_ACTIONS") == "true")
    )


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the policy file (for editors and CI)."""
    import json  # noqa: PLC0415

    from releasegate.policy.schema import json_schema  # noqa: PLC0415

    click.echo(json.dumps(json_schema(), indent=2))


@cli.group()
def hotfix() -> None:
    """Hotfix automation: put fixes merged into production back on main."""


@hotfix.command()
@context_options
@click.option("--pr", type=int, help="Backport pull request N (overrides the event).")
@click.option("--target", help="Branch to backport to (default: hotfix.main of the policy, main).")
@click.option(
    "--on-conflict",
    type=click.Choice(["issue", "draft-pr"]),
    default="issue",
    show_default=True,
    help="Open an issue with the commands, or a draft PR.",
)
@click.option(
    "--policy",
    "policy_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"Policy with the hotfix: settings (default: {DEFAULT_POLICY} if present).",
)
@click.option(
    "--backport-token",
    "--push-token",
    "backport_token",
    help="Token for the push and the PR/issue writes (default: "
    "RELEASEGATE_BACKPORT_TOKEN, else the main token); never printed.",
)
@click.option("--dry-run", is_flag=True, help="Pick locally and print; push and write nothing.")
def backport(
    *,
    pr: int | None,
    target: str | None,
    on_conflict: str,
    policy_path: Path | None,
    backport_token: str | None,
    dry_run: bool,
    **context: Any,
) -> None:
    """Cherry-pick a merged hotfix onto main and open the backport PR."""
    from releasegate.context import Inputs  # noqa: PLC0415
    from releasegate.hotfix.backport import run_backport  # noqa: PLC0415
    from releasegate.hotfix.options import BackportOptions  # noqa: PLC0415

    options = BackportOptions(
        policy_path=policy_path or Path(DEFAULT_POLICY),
        policy_required=policy_path is not None,
        target=target,
        on_conflict=on_conflict,  # type: ignore[arg-type] # click.Choice checked it
        backport_token=backport_token,
        dry_run=dry_run,
    )
    inputs = Inputs.from_environment(pr=pr, **context)
    _hide_tokens(inputs.token, backport_token, os.environ.get("RELEASEGATE_BACKPORT_TOKEN"))
    sys.exit(run_backport(inputs, options))


@cli.group()
def umbrella() -> None:
    """Umbrella tracking issues: checkboxes and a progress comment that keep themselves true."""


@umbrella.command()
@context_options
@click.option(
    "--issue",
    type=click.IntRange(min=1),
    metavar="N",
    help="Sync issue N (default: the umbrellas the event leads to; without an event, "
    "every open umbrella).",
)
@click.option(
    "--policy",
    "policy_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"Policy with the umbrella: settings (default: {DEFAULT_POLICY} if present, "
    "else all defaults).",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Print the body's diff and the comment that would be written; write nothing.",
)
def sync(issue: int | None, policy_path: Path | None, dry_run: bool, **context: Any) -> None:
    """Bring umbrella issues' checkboxes and progress comment up to date."""
    from releasegate.context import Inputs  # noqa: PLC0415
    from releasegate.umbrella.sync import SyncOptions, run_umbrella_sync  # noqa: PLC0415

    options = SyncOptions(
        policy_path=policy_path or Path(DEFAULT_POLICY),
        policy_required=policy_path is not None,
        issue=issue,
        dry_run=dry_run,
    )
    inputs = Inputs.from_environment(**context)
    _hide_tokens(inputs.token)
    sys.exit(run_umbrella_sync(inputs, options))


def _moment(context: click.Context, parameter: click.Parameter, value: str | None) -> Any:
    """An ISO 8601 time; one without an offset is UTC."""
    if value is None:
        return None
    from datetime import UTC, datetime  # noqa: PLC0415

    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a time; write like 2026-10-12T09:00Z") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@cli.command()
@context_options
@click.option(
    "--policy",
    "policy_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"Policy with the report: settings (default: {DEFAULT_POLICY} if present, else all "
    "defaults).",
)
@click.option(
    "--weeks",
    type=click.IntRange(1, 52),
    metavar="N",
    help="The last N complete ISO weeks (default: report.weeks of the policy, 8).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="PATH",
    help="Also draw the chart into an SVG file (needs releasegate[report]).",
)
@click.option(
    "--now",
    callback=_moment,
    metavar="TIME",
    help="Report as of this time instead of now (ISO 8601, UTC without an offset): the weeks "
    "are the complete ones before it.",
)
@click.option("--dry-run", is_flag=True, help="Print the report; write nothing to GitHub.")
def report(
    *,
    policy_path: Path | None,
    weeks: int | None,
    output_format: str,
    output: Path | None,
    now: Any,
    dry_run: bool,
    **context: Any,
) -> None:
    """The weekly QA and regression-escape report, as a table and a chart."""
    from releasegate.context import Inputs  # noqa: PLC0415
    from releasegate.report.run import ReportOptions, run_report  # noqa: PLC0415

    options = ReportOptions(
        policy_path=policy_path or Path(DEFAULT_POLICY),
        policy_required=policy_path is not None,
        weeks=weeks,
        format=output_format,  # type: ignore[arg-type] # click.Choice checked it
        output=output,
        dry_run=dry_run,
        now=now,
    )
    inputs = Inputs.from_environment(**context)
    _hide_tokens(inputs.token)
    sys.exit(run_report(inputs, options))


def _duration(context: click.Context, parameter: click.Parameter, value: str | None) -> Any:
    if value is None:
        return None
    from releasegate.policy.types import parse_duration  # noqa: PLC0415

    try:
        return parse_duration(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@cli.command()
@context_options
@click.option(
    "--policy",
    "policy_path",
    default=DEFAULT_POLICY,
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@click.option(
    "--for",
    "window",
    metavar="DURATION",
    callback=_duration,
    help="Post-deploy verification: run every --every for this long (30m); exit 1 as soon as "
    "incident-after runs in a row fail, else 0.",
)
@click.option(
    "--every",
    metavar="DURATION",
    callback=_duration,
    help="With --for: how often to run (default 1m).",
)
@click.option("--status", is_flag=True, help="Print the Markdown status page; run no gate.")
@click.option(
    "--dry-run", is_flag=True, help="Run the gates and read GitHub; write and notify nothing."
)
def watch(
    *,
    policy_path: Path,
    output_format: str,
    window: Any,
    every: Any,
    status: bool,
    dry_run: bool,
    **context: Any,
) -> None:
    """Run the policy's live gates as a monitor: record the run, open and resolve incidents."""
    from datetime import timedelta  # noqa: PLC0415

    from releasegate.context import Inputs  # noqa: PLC0415
    from releasegate.watch import WatchOptions, run_watch  # noqa: PLC0415

    if every is not None and window is None:
        raise click.UsageError("--every goes with --for (a post-deploy window)")
    every = every or timedelta(minutes=1)
    if window is not None and not timedelta(0) < every <= window <= timedelta(hours=24):
        raise click.UsageError("--for and --every need 0s < --every <= --for <= 24h")
    if status and (window is not None or dry_run):
        raise click.UsageError("--status prints the status page; it takes no --for or --dry-run")
    options = WatchOptions(policy_path, output_format, window, every, status, dry_run)  # type: ignore[arg-type]
    inputs = Inputs.from_environment(**context)
    _hide_tokens(inputs.token)
    sys.exit(run_watch(inputs, options))


@cli.command()
@click.option("--latency", type=float, default=0.0, help="Seconds of latency per request.")
def demo(latency: float) -> None:
    """Run `check` on bundled sample PRs against the bundled GitHub stand-in."""
    from releasegate.demo import run_demo  # noqa: PLC0415

    sys.exit(run_demo(latency))


def _hide_tokens(*tokens: str | None) -> None:
    """Tokens given as options become secrets of the run too (the environment's already are)."""
    from releasegate.redaction import hide  # noqa: PLC0415

    hide(*tokens)


def main() -> None:
    _redact_streams()
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except PolicyError as error:
        _report_policy_error(error)
        sys.exit(error.exit_code)
    except ReleasegateError as error:
        click.echo(_for_the_runner(f"error: {error.message}"), err=True)
        sys.exit(error.exit_code)
    except Exception as error:
        if os.environ.get("RELEASEGATE_DEBUG"):
            raise
        click.echo(
            f"error: releasegate hit an internal error ({type(error).__name__}: {error}). This "
            "is a bug; nothing was judged as passed. Re-run with RELEASEGATE_DEBUG=1 for the "
            "traceback and report it.",
            err=True,
        )
        sys.exit(EXIT_UNDECIDED)


def _for_the_runner(message: str) -> str:
    """An error may quote text from GitHub; inside Actions it must not act as a command."""
    if os.environ.get("GITHUB_ACTIONS") != "true":
        return message
    from releasegate.render.escape import runner_inert  # noqa: PLC0415

    return runner_inert(message)


def _redact_streams() -> None:
    """Every token the environment holds is a secret from the start, hidden from standard
    output and error whatever writes there (an API error that quotes it, say)."""
    from releasegate.redaction import RedactingStream, hide  # noqa: PLC0415

    hide(*(os.environ.get(name) for name in TOKEN_VARIABLES))
    if not isinstance(sys.stdout, RedactingStream):  # main() called again in one process
        sys.stdout = RedactingStream(sys.stdout)
    if not isinstance(sys.stderr, RedactingStream):
        sys.stderr = RedactingStream(sys.stderr)


def _report_policy_error(error: PolicyError) -> None:
    for problem in error.problems:
        click.echo(str(problem), err=True)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        from releasegate.render.actions import problem_commands  # noqa: PLC0415

        for line in problem_commands(error.problems):
            click.echo(line, err=True)
