"""The composite action, step by step as the runner runs it, against the GitHub stand-in."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from action.conftest import pull_request_event
from e2e.conftest import POLICY, pull, scenario
from e2e.hotfix import hotfix_harness as hotfix
from releasegate_standin import StandIn
from support.action_job import TOKEN, ActionJobs
from support.runner import ActionRun

pytestmark = pytest.mark.e2e

INSTALLING = "::group::Installing releasegate into "
REUSING = "Reusing releasegate's environment at "
CACHE_PIN = "5a3ec84eff668545956fd18022155c47e93e2684"  # actions/cache v4.2.3


@pytest.fixture
def github() -> Iterator[StandIn]:
    with StandIn(scenario(pull(7, ["src/a.py"]), pull(8, ["src/a.py", "infra/b.tf"]))) as server:
        yield server


def ran(run: ActionRun) -> list[str]:
    return [step.name for step in run.steps if step.skipped is None]


def assert_token_never_shown(run: ActionRun) -> None:
    assert TOKEN not in run.log
    assert TOKEN not in run.summary


def check_run_of(github: StandIn, number: int) -> tuple[str, str | None]:
    head = github.state.main_repo.pull(number).pull.head_sha  # type: ignore[union-attr]
    (check,) = [r for r in github.state.main_repo.check_runs if r.head_sha == head]
    return check.name, check.conclusion


def test_a_passing_pull_request(action: ActionJobs, github: StandIn, tmp_path: Path) -> None:
    run = action.run(tmp_path, env=pull_request_event(tmp_path, github, 7))

    assert run.code == 0, run.log
    assert ran(run) == [
        "Locate releasegate's environment",
        "Install releasegate",
        "Run releasegate",
    ]
    assert (run.outputs["verdict"], run.outputs["failed-gates"]) == ("pass", "[]")
    assert json.loads(Path(run.outputs["report"]).read_text())["verdict"] == "pass"
    assert run.outputs["backport-pr"] == ""
    assert run.summary.startswith("### ✅ releasegate / pr: passed\n")
    assert check_run_of(github, 7) == ("releasegate / pr", "success")
    assert github.state.main_repo.pull(7).comments == []  # type: ignore[union-attr]
    assert_token_never_shown(run)


def test_a_blocked_pull_request(action: ActionJobs, github: StandIn, tmp_path: Path) -> None:
    run = action.run(tmp_path, env=pull_request_event(tmp_path, github, 8))

    assert run.code == 1, run.log
    assert (run.outputs["verdict"], run.outputs["failed-gates"]) == ("fail", '["separation"]')
    report = json.loads(Path(run.outputs["report"]).read_text())
    assert [(g["id"], g["status"]) for g in report["gates"]] == [("separation", "fail")]
    assert run.summary.startswith("### ❌ releasegate / pr: blocked\n")
    assert check_run_of(github, 8) == ("releasegate / pr", "failure")
    (comment,) = github.state.main_repo.pull(8).comments  # type: ignore[union-attr]
    assert comment.body.startswith("<!-- releasegate:report:pr -->")
    assert_token_never_shown(run)


def test_a_policy_error_fails_with_annotations(action: ActionJobs, tmp_path: Path) -> None:
    bad = POLICY.replace("change-separation", "change-seperation")
    with StandIn(scenario(pull(7, ["src/a.py"]), policy=bad)) as github:
        run = action.run(tmp_path, env=pull_request_event(tmp_path, github, 7))

    assert run.code == 2, run.log
    assert (
        "::error file=.github/releasegate.yml,line=5,col=11,title=releasegate policy::"
        "unknown gate type 'change-seperation'; did you mean 'change-separation'? "
        "(in the policy on 'main')\n" in run.log
    )
    assert "did you mean 'change-separation'?" in run.log
    assert "Traceback" not in run.log
    assert set(run.outputs.values()) == {""}
    assert run.summary == ""


def test_inputs_reach_the_cli_as_arguments(
    action: ActionJobs, github: StandIn, tmp_path: Path
) -> None:
    inputs = {"report": "status", "comment": "never", "args": "--format 'json'"}
    run = action.run(tmp_path, inputs, env=pull_request_event(tmp_path, github, 8))

    assert run.code == 1, run.log
    head = github.state.main_repo.pull(8).pull.head_sha  # type: ignore[union-attr]
    assert [s.context for s in github.state.main_repo.statuses if s.sha == head] == [
        "releasegate / pr"
    ]
    assert github.state.main_repo.check_runs == []
    assert github.state.main_repo.pull(8).comments == []  # type: ignore[union-attr]
    assert '"schema": "releasegate/report/v1"' in run.steps[-1].log


def test_args_are_words_never_shell_code(action: ActionJobs, tmp_path: Path) -> None:
    policy = tmp_path / "workspace" / "it's a policy.yml"
    policy.parent.mkdir()
    policy.write_text("version: 1\ngates: []\n")
    inputs = {
        "command": "validate",
        "policy": "/dev/null",
        "args": f"\"{policy.name}\" '$(touch pwned)'",
    }
    run = action.run(tmp_path, inputs)

    assert run.code == 2, run.log  # /dev/null and a file named "$(touch pwned)" are not policies
    assert f"{policy.name}: ok (0 gates)" in run.log
    assert "$(touch pwned)" in run.log
    assert not (tmp_path / "workspace" / "pwned").exists()


def test_unbalanced_quotes_in_args_are_a_usage_error(action: ActionJobs, tmp_path: Path) -> None:
    run = action.run(tmp_path, {"command": "validate", "args": "--format 'json"})

    assert run.code == 2
    assert (
        "the args input is not valid shell words (No closing quotation); check its quotes"
        in run.log
    )
    assert "Traceback" not in run.log


def test_an_unknown_command_is_a_usage_error(action: ActionJobs, tmp_path: Path) -> None:
    run = action.run(tmp_path, {"command": "deploy"})

    assert run.code == 2
    assert run.steps[-1].log == (
        "::error title=releasegate::the command input must be check, validate, hotfix-backport, "
        "umbrella-sync, report or watch\n"
    )


def test_the_first_run_installs_and_a_second_reuses_the_environment(
    action: ActionJobs, tmp_path: Path
) -> None:
    assert INSTALLING in action.first_run_log
    assert "Successfully installed releasegate-" in action.first_run_log
    run = action.run(tmp_path, {"command": "validate", "args": "--help"})

    assert run.code == 0, run.log
    install = run.steps[2]
    assert install.name == "Install releasegate"
    assert install.log.startswith(REUSING)
    assert INSTALLING not in run.log
    assert "Installing collected packages" not in run.log
    assert [step.skipped for step in run.steps if step.skipped] == [
        f"uses actions/cache/restore@{CACHE_PIN}: not run by the emulation",
        "if: false",  # nothing was installed, so there is nothing new to save
    ]


def test_a_merged_hotfix_is_backported(
    action: ActionJobs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = hotfix.merged_hotfix(hotfix.new_world(tmp_path, monkeypatch), "merge", hotfix.files(2))
    with hotfix.standin_for(world) as standin:
        env = {key: value for key, value in standin.env().items() if key != "GITHUB_TOKEN"}
        env |= {"GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(world.event())}
        run = action.run(
            tmp_path, {"command": "hotfix-backport"}, env=env, workspace=world.job_checkout()
        )
        (backport,) = hotfix.pulls_from(standin, hotfix.BRANCH)

    assert run.code == 0, run.log
    assert run.outputs["backport-pr"] == f"https://github.com/acme/app/pull/{backport.number}"
    assert run.outputs["verdict"] == ""
    assert f"opened {run.outputs['backport-pr']}: the backport of #7 to 'main'" in run.log
    assert_token_never_shown(run)


@pytest.mark.parametrize(
    ("command", "usage"),
    [
        ("check", "Usage: releasegate check [OPTIONS]"),
        ("validate", "Usage: releasegate validate [OPTIONS] PATHS..."),
        ("hotfix-backport", "Usage: releasegate hotfix backport [OPTIONS]"),
        ("umbrella-sync", "Usage: releasegate umbrella sync [OPTIONS]"),
        ("report", "Usage: releasegate report [OPTIONS]"),
        ("watch", "Usage: releasegate watch [OPTIONS]"),
    ],
)
def test_each_command_runs_its_cli_command(
    action: ActionJobs, tmp_path: Path, command: str, usage: str
) -> None:
    run = action.run(tmp_path, {"command": command, "policy": "custom.yml", "args": "--help"})

    assert run.code == 0, run.log
    assert run.steps[-1].log.startswith(usage)


def test_a_missing_interpreter_is_a_usage_error(action: ActionJobs, tmp_path: Path) -> None:
    run = action.run(tmp_path, {"python": "python-that-is-not-there"})

    assert run.code == 2
    assert run.log == (
        "::error title=releasegate::the python input names no interpreter on PATH; run "
        "actions/setup-python first or give a path\n"
    )


@pytest.mark.parametrize("command", ["hotfix-backport", "umbrella-sync", "report"])
def test_a_policy_named_for_the_chores_must_exist(
    action: ActionJobs, tmp_path: Path, command: str
) -> None:
    run = action.run(tmp_path, {"command": command, "policy": ".github/missing.yml"})

    assert run.code == 2, run.log
    assert ".github/missing.yml" in run.steps[-1].log
    assert "Traceback" not in run.log
