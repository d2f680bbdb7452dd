"""`releasegate umbrella sync`: keep umbrella issues' checkboxes and progress comment true.

Settings come from the policy's ``umbrella:`` section; the policy file is optional (all
defaults when the default file is absent; a ``--policy`` given must exist). Per umbrella:
one GraphQL read of the issue (body, state, labels, sub-issues, comments), one GraphQL read
per 100 references (in parallel), a plan, then only the writes the plan calls for, each
checked (``write.py``). A failed read raises before anything is written, and the other
umbrellas of the run are still synced; the run then exits 3.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from releasegate.context import Inputs, read_payload, repository_of
from releasegate.errors import EXIT_PASSED, EXIT_UNDECIDED, GitHubError
from releasegate.policy.models import UmbrellaSettings
from releasegate.umbrella import messages, write
from releasegate.umbrella.github import UmbrellaIssue, read_umbrella
from releasegate.umbrella.parse import IssueRef
from releasegate.umbrella.plan import RefState, UmbrellaPlan, plan_sync
from releasegate.umbrella.states import read_states
from releasegate.umbrella.triggers import event_of, names, umbrella_trigger, umbrellas_for
from releasegate.umbrella.write import UmbrellaRun


@dataclass(frozen=True)
class SyncOptions:
    policy_path: Path
    policy_required: bool = False  # False: a missing policy file means all defaults
    issue: int | None = None
    dry_run: bool = False


def run_umbrella_sync(inputs: Inputs, options: SyncOptions, *, now: datetime | None = None) -> int:
    settings = umbrella_settings(options.policy_path, required=options.policy_required)
    payload = read_payload(inputs.event_path) if inputs.event_path else {}
    repository = repository_of(inputs, payload)
    trigger = umbrella_trigger(
        event_of(inputs.event_name, payload), payload, repository=repository, label=settings.label,
        issue=options.issue,
    )  # fmt: skip
    if isinstance(trigger, str):
        print(trigger)
        return EXIT_PASSED
    from releasegate.github.connect import connect  # noqa: PLC0415 - only a run that reads GitHub needs it

    github = connect(inputs)
    try:
        numbers = umbrellas_for(github, repository, trigger, settings, inputs.server_url)
        if not numbers:
            print(messages.nothing_found(trigger, settings.label))
            return EXIT_PASSED
        run = UmbrellaRun(
            github, repository, settings, inputs.server_url, options.dry_run,
            now or datetime.now(UTC),
        )  # fmt: skip
        return _sync_each(run, numbers, in_actions=inputs.in_actions)
    finally:
        github.close()


def umbrella_settings(path: Path, *, required: bool) -> UmbrellaSettings:
    from releasegate.policy.load import load_settings_policy  # noqa: PLC0415 - ruamel, pydantic

    policy = load_settings_policy(path, required=required)
    return (policy.umbrella if policy else None) or UmbrellaSettings()


def _sync_each(run: UmbrellaRun, numbers: list[int], *, in_actions: bool) -> int:
    failed = False
    for number in numbers:
        try:
            report = sync_umbrella(run, number)
        except GitHubError as error:
            failed = True
            print(messages.failed(run.repository, number, error.message), file=sys.stderr)
        else:
            _emit(report, in_actions=in_actions)
    return EXIT_UNDECIDED if failed else EXIT_PASSED


def _emit(report: str, *, in_actions: bool) -> None:
    text = report if report.endswith("\n") else report + "\n"
    if in_actions:  # item text and section titles come from people: never a workflow command
        from releasegate.render.escape import runner_inert  # noqa: PLC0415

        text = runner_inert(text)
    sys.stdout.write(text)


def sync_umbrella(run: UmbrellaRun, number: int) -> str:
    """Sync one umbrella; returns what was done (or, on a dry run, what would be done)."""
    issue = read_umbrella(run.github, run.repository, number)
    states = reference_states(run, issue)
    plan = plan_for(run, issue, states)
    if run.dry_run:
        return write.preview(run, issue, plan, states)
    return write.apply(run, issue, plan, states)


def reference_states(run: UmbrellaRun, issue: UmbrellaIssue) -> dict[IssueRef, RefState]:
    """Sub-issues' states came with the issue; every other reference is read, in batches."""
    named = names(issue.body, run.repository, run.settings.section_pattern, run.server_url)
    known = dict(issue.sub_issues)
    return known | read_states(run.github, named - known.keys())


def plan_for(
    run: UmbrellaRun, issue: UmbrellaIssue, states: Mapping[IssueRef, RefState]
) -> UmbrellaPlan:
    return plan_sync(
        issue.body,
        repository=run.repository,
        section_pattern=run.settings.section_pattern,
        states=states,
        sub_issues=tuple(issue.sub_issues),
        untick_on_reopen=run.settings.untick_on_reopen,
        close_when=run.settings.close_when,
        is_open=issue.is_open,
        server_url=run.server_url,
    )
