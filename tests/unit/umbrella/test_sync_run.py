"""`releasegate umbrella sync` as a run: event, policy, several umbrellas, exit codes."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from releasegate.cli import cli
from releasegate.context import Inputs
from releasegate.errors import EXIT_PASSED, EXIT_UNDECIDED, PolicyError, UsageError
from releasegate.umbrella.sync import SyncOptions, run_umbrella_sync
from support.umbrella import API, World

NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def connected(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("releasegate.github.connect.connect", lambda inputs: world.github())


def inputs(tmp_path: Path, event: str | None = None, payload: Any = None, **changes: Any) -> Inputs:
    event_path = None
    if payload is not None:
        event_path = tmp_path / "event.json"
        event_path.write_text(json.dumps(payload), encoding="utf-8")
    fields = {"token": "t", "api_url": API, "repository": "acme/app", "event_name": event}
    return Inputs(**{**fields, "event_path": event_path, **changes})


def run(tmp_path: Path, inputs: Inputs, **options: Any) -> int:
    policy = options.pop("policy", None)
    path = tmp_path / "releasegate.yml"
    if policy is not None:
        path.write_text(policy, encoding="utf-8")
    return run_umbrella_sync(inputs, SyncOptions(path, **options), now=NOW)


def test_another_event_is_a_one_line_no_op(
    tmp_path: Path, world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(tmp_path, inputs(tmp_path, "push", {})) == EXIT_PASSED
    assert capsys.readouterr().out.endswith("nothing to do for 'push'\n")
    assert world.calls == []


def test_a_closed_issue_syncs_the_umbrellas_naming_it(
    tmp_path: Path, world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    world.issue(1, labels=["tracking"], body="- [ ] #12\n")
    world.issue(2, labels=["tracking"], body="- [ ] #13\n")
    world.issue(12, state="closed")
    payload = {"action": "closed", "issue": {"number": 12, "labels": []}}
    assert run(tmp_path, inputs(tmp_path, "issues", payload)) == EXIT_PASSED
    assert capsys.readouterr().out == "acme/app#1: checked 1 box; progress comment created\n"
    assert world.get(1).body == "- [x] #12\n"
    assert world.get(2).comments == []


def test_settings_come_from_the_policy(tmp_path: Path, world: World) -> None:
    world.issue(1, labels=["epic"], body="## Phase 1\n- [ ] #12\n")
    world.issue(12, state="closed")
    policy = (
        "version: 1\numbrella:\n  label: epic\n  section-pattern: '^Phase'\n"
        "  close-when: [Phase 1]\n  comment: false\n"
    )
    assert run(tmp_path, inputs(tmp_path, "schedule"), policy=policy) == EXIT_PASSED
    assert (world.get(1).state, world.get(1).body) == ("closed", "## Phase 1\n- [x] #12\n")
    assert len(world.get(1).comments) == 1  # the closing comment, no progress comment


def test_a_missing_default_policy_means_defaults_but_a_named_one_must_exist(
    tmp_path: Path, world: World
) -> None:
    assert run(tmp_path, inputs(tmp_path, "schedule")) == EXIT_PASSED
    with pytest.raises(PolicyError, match="no policy file here"):
        run(tmp_path, inputs(tmp_path, "schedule"), policy_required=True)


def test_one_failing_umbrella_does_not_stop_the_others_and_the_run_exits_3(
    tmp_path: Path, world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    world.issue(1, labels=["tracking"], body="- [ ] #12\n")
    world.issue(2, labels=["tracking"], body="- [ ] #12\n")
    world.issue(12, state="closed")

    def fail_the_first(method: str, path: str) -> None:
        if path == "graphql UmbrellaIssue":
            world.before.clear()
            world.graphql_errors.append({"message": "Something went wrong"})

    world.before.append(fail_the_first)
    assert run(tmp_path, inputs(tmp_path, "schedule")) == EXIT_UNDECIDED
    out, err = capsys.readouterr()
    assert out == "acme/app#2: checked 1 box; progress comment created\n"
    assert err.startswith("error: could not sync acme/app#1; nothing more was written. GraphQL")
    assert world.get(1).body == "- [ ] #12\n"


def test_no_umbrella_found_is_a_one_line_no_op(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(tmp_path, inputs(tmp_path, "workflow_dispatch")) == EXIT_PASSED
    assert capsys.readouterr().out == "no open issue has the 'tracking' label; nothing to sync\n"


def test_no_repository_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no repository"):
        run(tmp_path, inputs(tmp_path, "schedule", repository=None))


def test_in_actions_the_output_cannot_carry_workflow_commands(
    tmp_path: Path, world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    world.issue(1, labels=["tracking"], body="- [ ] ::error::boom #12\n")
    world.issue(12, state="closed")
    run(tmp_path, inputs(tmp_path, "schedule", in_actions=True), dry_run=True)
    out = capsys.readouterr().out
    assert "+- [x] ::error::boom #12\n" in out.replace("\u200b", "")
    assert [line for line in out.splitlines() if line.lstrip().startswith("::")] == []


def test_the_cli_parses_its_options(
    tmp_path: Path, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    world.issue(1, body="- [ ] #12\n")
    world.issue(12, state="closed")
    monkeypatch.chdir(tmp_path)
    env = {
        "GITHUB_TOKEN": "ghs_syncRunTestToken",
        "GITHUB_REPOSITORY": "acme/app",
        "GITHUB_EVENT_NAME": "push",
    }
    result = CliRunner().invoke(cli, ["umbrella", "sync", "--issue", "1", "--dry-run"], env=env)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("acme/app#1 (dry run): would check 1 box\n")
    assert world.writes == []


def test_the_cli_help_names_the_options() -> None:
    result = CliRunner().invoke(cli, ["umbrella", "sync", "--help"])
    assert result.exit_code == 0
    for option in ("--issue N", "--policy", "--dry-run", "--repo", "--token"):
        assert option in result.output
