"""Every command run as a GitHub Actions step runs it: every ``GITHUB_*`` and ``RUNNER_*``
variable set, the token in ``GITHUB_TOKEN``, a ``${NAME}`` header secret that an endpoint
echoes back (SPEC §4, §8).

Neither secret may appear in standard output, standard error, the step outputs, the job
summary, the JSON report, any file the command wrote, or any request GitHub received; and
``--format json`` standard output is one JSON object with nothing before or after it, inside
Actions and outside.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from e2e.hotfix import hotfix_harness as harness
from releasegate_standin import StandIn
from reliability import umbrella_world
from reliability.ledger import SecretLedger
from reliability.outputs import workflow_commands

pytestmark = pytest.mark.e2e

TOKEN = "ghs_runnerEnvironmentToken0123456789NotForAnyStream"
HEADER_SECRET = "hdr-secret-5e1d0c2b-runner-environment"


def policy(endpoint: str) -> str:
    auth = '{Authorization: "Bearer ${STAGING_TOKEN}"}'
    return f"""\
version: 1
name: pr
gates:
  - id: separation
    type: change-separation
    groups: {{infra: ["infra/**"], feature: ["src/**"]}}
  - id: echoed-header
    type: http-probe
    url: "{endpoint}/ok"
    headers: {auth}
    expect: {{body-contains: "never there"}}
    attempts: 1
  - id: version-from-the-echo
    type: version-compat
    version: {{url: "{endpoint}/ok", field: headers.authorization, headers: {auth}}}
    range: {{value: "^1"}}
"""


def scenario(endpoint: str) -> dict[str, object]:
    return {
        "repository": "acme/app",
        "commits": [
            {"name": "base", "files": {".github/releasegate.yml": policy(endpoint)}},
            {"name": "head", "parent": "base", "files": {"src/a.py": "x\n", "infra/b.tf": "y"}},
        ],
        "branches": {"main": "base", "feature/x": "head"},
        "pull_requests": [
            {
                "number": 5,
                "title": "mixed",
                "base": "main",
                "head": "feature/x",
                "files": ["src/a.py", "infra/b.tf"],
            }
        ],
    }


@dataclass(frozen=True)
class Step:
    """One command run as a step: what it printed and every file the runner gave it."""

    code: int
    stdout: str
    stderr: str
    files: dict[str, str]


def runner_environment(
    folder: Path, github: StandIn, event: str, payload: dict[str, object]
) -> dict[str, str]:
    """The variables a GitHub-hosted Ubuntu runner sets for a step, as the runner names them."""
    (folder / "temp").mkdir()
    (folder / "workspace").mkdir(exist_ok=True)
    files = {name: folder / name for name in ("output", "summary", "env", "path", "state")}
    for path in files.values():
        path.write_text("")
    event_path = folder / "event.json"
    event_path.write_text(json.dumps(payload))
    return {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", str(folder)),
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "GITHUB_ACTION": "__run",
        "GITHUB_ACTION_REPOSITORY": "",
        "GITHUB_ACTOR": "octocat",
        "GITHUB_ACTOR_ID": "1",
        "GITHUB_TRIGGERING_ACTOR": "octocat",
        "GITHUB_WORKFLOW": "releasegate",
        "GITHUB_WORKFLOW_REF": "acme/app/.github/workflows/pr-gate.yml@refs/heads/main",
        "GITHUB_JOB": "gate",
        "GITHUB_RUN_ID": "4242",
        "GITHUB_RUN_NUMBER": "7",
        "GITHUB_RUN_ATTEMPT": "1",
        "GITHUB_RETENTION_DAYS": "90",
        "GITHUB_REPOSITORY_OWNER": "acme",
        "GITHUB_REPOSITORY_OWNER_ID": "2",
        "GITHUB_REPOSITORY_ID": "3",
        "GITHUB_EVENT_NAME": event,
        "GITHUB_EVENT_PATH": str(event_path),
        "GITHUB_SHA": "0" * 40,
        "GITHUB_REF": "refs/pull/5/merge",
        "GITHUB_REF_NAME": "5/merge",
        "GITHUB_REF_TYPE": "branch",
        "GITHUB_REF_PROTECTED": "false",
        "GITHUB_HEAD_REF": "feature/x",
        "GITHUB_BASE_REF": "main",
        "GITHUB_WORKSPACE": str(folder / "workspace"),
        "GITHUB_OUTPUT": str(files["output"]),
        "GITHUB_STEP_SUMMARY": str(files["summary"]),
        "GITHUB_ENV": str(files["env"]),
        "GITHUB_PATH": str(files["path"]),
        "GITHUB_STATE": str(files["state"]),
        "RUNNER_OS": "Linux",
        "RUNNER_ARCH": "X64",
        "RUNNER_NAME": "GitHub Actions 2",
        "RUNNER_ENVIRONMENT": "github-hosted",
        "RUNNER_TEMP": str(folder / "temp"),
        "RUNNER_TOOL_CACHE": str(folder / "toolcache"),
        "RUNNER_WORKSPACE": str(folder),
        "RELEASEGATE_RETRY_ATTEMPTS": "1",
        **github.env(TOKEN),  # GITHUB_TOKEN, GITHUB_API_URL, GITHUB_GRAPHQL_URL, ...
        "STAGING_TOKEN": HEADER_SECRET,
    }


def run_step(env: dict[str, str], *args: str, runner: Path, cwd: Path | None = None) -> Step:
    done = subprocess.run(
        [sys.executable, "-m", "releasegate", *args],
        env=env,
        cwd=cwd or env["GITHUB_WORKSPACE"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    written = {
        str(path.relative_to(runner)): path.read_text("utf-8", errors="replace")
        for path in runner.rglob("*")
        if path.is_file() and ".git" not in path.parts
    }
    return Step(done.returncode, done.stdout, done.stderr, written)


@pytest.fixture
def secrets(no_leaks: SecretLedger) -> SecretLedger:
    no_leaks.plant(TOKEN, "test_runner_environment: the token")
    no_leaks.plant(HEADER_SECRET, "test_runner_environment: a ${NAME} header value")
    return no_leaks


def observe(ledger: SecretLedger, where: str, step: Step, github: StandIn | None) -> None:
    ledger.saw_all(where, {"stdout": step.stdout, "stderr": step.stderr, **step.files})
    if github is not None:
        ledger.saw_standin(where, github)


def pull_request_payload(github: StandIn) -> dict[str, object]:
    record = github.state.main_repo.pull(5)
    assert record is not None and record.pull is not None
    head = record.pull.head_sha
    return {"pull_request": {"number": 5, "base": {"ref": "main"}, "head": {"sha": head}}}


def assert_one_json_object(stdout: str) -> dict[str, object]:
    assert stdout.startswith("{"), stdout[:80]
    assert stdout.endswith("}\n"), stdout[-80:]
    report = json.loads(stdout)
    assert isinstance(report, dict)
    return report


@pytest.mark.parametrize("output_format", ["text", "json", "markdown"])
def test_check_in_a_runner_writes_no_secret_and_stdout_is_the_report(
    tmp_path: Path,
    echo: str,
    secrets: SecretLedger,
    output_format: str,
) -> None:
    with StandIn(scenario(echo)) as github:
        env = runner_environment(tmp_path, github, "pull_request", pull_request_payload(github))
        step = run_step(
            env, "check", "--format", output_format, "--comment", "always", runner=tmp_path
        )
        observe(secrets, f"check --format {output_format} in a runner", step, github)
        (check_run,) = github.state.main_repo.check_runs

    assert step.code == 1, step.stderr
    assert "Bearer ***" in step.stdout.replace("\\", "").replace("\u200b", "")
    if output_format == "json":
        report = assert_one_json_object(step.stdout)
        assert report["verdict"] == "fail"
    assert workflow_commands(step.stdout) == []
    assert check_run.name == "releasegate / pr"
    outputs = step.files["output"]
    assert "verdict<<" in outputs and "fail" in outputs
    assert step.files["summary"].startswith("### ❌ releasegate / pr: blocked")


def test_check_json_outside_a_runner_is_one_object_too(tmp_path: Path, echo: str) -> None:
    with StandIn(scenario(echo)) as github:
        env = runner_environment(tmp_path, github, "pull_request", pull_request_payload(github))
        outside = {k: v for k, v in env.items() if not k.startswith(("GITHUB_ACTIONS", "RUNNER"))}
        step = run_step(outside, "check", "--format", "json", "--comment", "never", runner=tmp_path)
    assert step.code == 1, step.stderr
    assert assert_one_json_object(step.stdout)["verdict"] == "fail"
    assert step.stderr == ""


def test_validate_in_a_runner_annotates_on_stderr_and_writes_no_secret(
    tmp_path: Path,
    echo: str,
    secrets: SecretLedger,
) -> None:
    with StandIn(scenario(echo)) as github:
        env = runner_environment(tmp_path, github, "pull_request", pull_request_payload(github))
    bad = Path(env["GITHUB_WORKSPACE"]) / "policy.yml"
    bad.write_text(policy(echo).replace("change-separation", "change-seperation"))
    for output_format in ("text", "json"):
        step = run_step(env, "validate", "--format", output_format, "policy.yml", runner=tmp_path)
        observe(secrets, f"validate --format {output_format} in a runner", step, None)
        assert step.code == 2
        assert [c.name for c in workflow_commands(step.stderr)] == ["error"]
        assert workflow_commands(step.stdout) == []
    assert json.loads(step.stdout)["valid"] is False


def test_umbrella_sync_in_a_runner_writes_no_secret(tmp_path: Path, secrets: SecretLedger) -> None:
    with StandIn(umbrella_world.scenario()) as github:
        env = runner_environment(tmp_path, github, "workflow_dispatch", {})
        workspace = umbrella_world.workdir(Path(env["GITHUB_WORKSPACE"]))
        step = run_step(env, "umbrella", "sync", "--issue", "1", cwd=workspace, runner=tmp_path)
        observe(secrets, "umbrella sync in a runner", step, github)
    assert step.code == 0, step.stderr
    assert workflow_commands(step.stdout) == []


def test_hotfix_backport_in_a_runner_writes_no_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, secrets: SecretLedger
) -> None:
    world = harness.merged_hotfix(
        harness.new_world(tmp_path, monkeypatch), "squash", harness.files(1)
    )
    with harness.standin_for(world) as github:
        runner = tmp_path / "runner"
        runner.mkdir()
        event = json.loads(world.event().read_text())
        env = runner_environment(runner, github, "pull_request", event)
        step = run_step(env, "hotfix", "backport", cwd=world.job_checkout(), runner=runner)
        observe(secrets, "hotfix backport in a runner", step, github)
        (pull,) = harness.pulls_from(github, harness.BRANCH)
    assert step.code == 0, step.stderr
    assert workflow_commands(step.stdout) == []
    assert "backport-pr<<" in step.files["output"]
    assert pull.title.startswith("[Backport main]")


def test_demo_in_a_runner_writes_no_secret(tmp_path: Path, secrets: SecretLedger) -> None:
    with StandIn(umbrella_world.scenario()) as unused:  # only for the runner's variables
        env = runner_environment(tmp_path, unused, "workflow_dispatch", {})
    step = run_step(env, "demo", runner=tmp_path)
    observe(secrets, "demo in a runner", step, None)
    assert step.code == 0, step.stderr
    assert workflow_commands(step.stdout) == []
