"""`check` on a pull request written to do harm (SPEC §4, §8).

Its title, head branch, changed file paths and Greptile finding carry shell substitutions,
workflow commands, HTML and Markdown injection. Nothing runs, no workflow command reaches the
runner but ours, every rendered Markdown (job summary, check run, sticky comment) shows the
text as text, and the step outputs and JSON report keep their shape. And a PR that rewrites
the policy is still judged by the base branch's.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from releasegate_standin import StandIn
from reliability.hostile import forged_commands, hostile, markdown_problems, path_safe
from reliability.ledger import TOKEN, SecretLedger
from support.cli import Run, releasegate
from support.runner import parse_file_command

pytestmark = pytest.mark.e2e

POLICY = """\
version: 1
name: pr
gates:
  - id: separation
    type: change-separation
    groups: {infra: ["infra/**"], feature: ["src/**"]}
  - id: greptile
    type: greptile
    block-on: [P0, P1]
"""
BADGE = '<img alt="P1" src="https://greptile.com/badges/p1.svg">'


def scenario(marker: Path, *, head_policy: str | None = None) -> dict[str, Any]:
    name = path_safe(marker)
    head_files = {
        f"src/{name}.py": "x\n",
        **({".github/releasegate.yml": head_policy} if head_policy is not None else {}),
    }
    files = [f"src/{name}.py", f"infra/{name}.tf"]
    if head_policy is not None:
        files.append(".github/releasegate.yml")
    return {
        "repository": "acme/app",
        "collaborators": {"sam": "write"},
        "commits": [{"name": "base", "files": {".github/releasegate.yml": POLICY}},
                    {"name": "head", "parent": "base", "files": head_files}],
        "branches": {"main": "base", f"feature/{name}": "head"},
        "pull_requests": [{
            "number": 9, "title": hostile(marker), "author": "sam", "base": "main",
            "head": f"feature/{name}", "files": files,
            "review_threads": [{"path": f"src/{name}.py", "line": 1, "author": "greptile-apps[bot]",
                                "body": f"{BADGE} **{hostile(marker)}**"}],
        }],
    }  # fmt: skip


@pytest.fixture
def marker(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "pwned"
    yield path
    assert not path.exists(), "hostile text was executed"


def event_env(github: StandIn, folder: Path, *, event: str = "pull_request") -> dict[str, str]:
    record = github.state.main_repo.pull(9)
    assert record is not None and record.pull is not None
    payload = folder / "event.json"
    payload.write_text(
        json.dumps(
            {
                "pull_request": {
                    "number": 9,
                    "base": {"ref": "main"},
                    "head": {"sha": record.pull.head_sha},
                }
            }
        )
    )
    return {
        **github.env(TOKEN),
        "GITHUB_EVENT_NAME": event,
        "GITHUB_EVENT_PATH": str(payload),
        "GITHUB_OUTPUT": str(folder / "outputs"),
        "GITHUB_STEP_SUMMARY": str(folder / "summary.md"),
        "RUNNER_TEMP": str(folder),
    }


def text(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def observe(ledger: SecretLedger, github: StandIn, run: Run, folder: Path) -> None:
    ledger.saw_all(
        "check on a hostile PR",
        {
            "stdout": run.stdout,
            "stderr": run.stderr,
            "job summary": text(folder / "summary.md"),
            "outputs": text(folder / "outputs"),
            "report": text(folder / "releasegate" / "report-pr.json"),
        },
    )
    ledger.saw_standin("check on a hostile PR", github)


def test_hostile_text_runs_nothing_forges_no_command_and_renders_as_text(
    tmp_path: Path, marker: Path, ledger: SecretLedger
) -> None:
    with StandIn(scenario(marker)) as github:
        env = {**event_env(github, tmp_path), "GITHUB_ACTIONS": "true"}
        run = releasegate("check", "--comment", "always", env=env)
        observe(ledger, github, run, tmp_path)
        repo = github.state.main_repo
        (check_run,) = [r for r in repo.check_runs if r.name == "releasegate / pr"]
        (comment,) = repo.pull(9).comments  # type: ignore[union-attr]

    assert run.code == 1, run.output
    assert forged_commands(run.stdout + run.stderr, TOKEN) == []
    for markdown in (text(tmp_path / "summary.md"), check_run.summary or "", comment.body):
        assert "blocked" in markdown
        assert markdown_problems(markdown) == []
    outputs = parse_file_command(text(tmp_path / "outputs"))
    assert set(outputs) == {"verdict", "failed-gates", "report"}
    assert (outputs["verdict"], json.loads(outputs["failed-gates"])) == (
        "fail",
        ["separation", "greptile"],
    )
    report = json.loads(text(Path(outputs["report"])))
    assert [gate["status"] for gate in report["gates"]] == ["fail", "fail"]


def test_annotations_printed_as_workflow_commands_carry_hostile_text_escaped(
    tmp_path: Path, marker: Path, ledger: SecretLedger
) -> None:
    with StandIn(scenario(marker)) as github:
        env = {**event_env(github, tmp_path), "GITHUB_ACTIONS": "true"}
        run = releasegate(
            "check", "--report", "none", "--comment", "never", "--format", "markdown", env=env
        )
        observe(ledger, github, run, tmp_path)

    assert run.code == 1, run.output
    annotations = [line for line in run.stderr.splitlines() if line.startswith("::error ")]
    assert annotations, run.stderr
    assert all(path_safe(marker) not in line for line in annotations)  # its `:` and `%` escaped
    assert forged_commands(run.stdout + run.stderr, TOKEN) == []


def test_the_json_report_of_hostile_text_is_one_valid_object(
    tmp_path: Path, marker: Path, ledger: SecretLedger
) -> None:
    with StandIn(scenario(marker)) as github:
        run = releasegate(
            "check", "--format", "json", "--comment", "never", env=event_env(github, tmp_path)
        )
        observe(ledger, github, run, tmp_path)
    report = json.loads(run.stdout)
    assert report["verdict"] == "fail"
    assert any(f"P1 $(touch {marker})" in detail for detail in report["gates"][1]["details"])


@pytest.mark.parametrize("event", ["pull_request", "pull_request_target"])
@pytest.mark.parametrize(
    "weakened",
    [
        "version: 1\nname: pr\ngates: []\n",
        POLICY.replace("block-on: [P0, P1]", "block-on: [P0]\n    mode: warn"),
        "version: 1\nname: pr\ngates:\n  - id: separation\n    type: change-separation\n"
        "    groups: {all: ['**'], none: ['nothing/**']}\n",
    ],
    ids=["no gates", "greptile only warns", "separation neutered"],
)
def test_a_pr_that_weakens_the_policy_is_judged_by_the_base_branch_policy(
    tmp_path: Path, marker: Path, weakened: str, event: str, ledger: SecretLedger
) -> None:
    with StandIn(scenario(marker, head_policy=weakened)) as github:
        env = event_env(github, tmp_path, event=event)
        run = releasegate("check", "--format", "json", "--comment", "never", env=env)
        observe(ledger, github, run, tmp_path)
    report = json.loads(run.stdout)
    assert (run.code, report["verdict"]) == (1, "fail")
    assert [(gate["id"], gate["status"]) for gate in report["gates"]] == [
        ("separation", "fail"),
        ("greptile", "fail"),
    ]
