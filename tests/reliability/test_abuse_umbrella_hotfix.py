"""`umbrella sync` and `hotfix backport` on text written to do harm (SPEC §5, §6, §8).

An umbrella whose sections and items carry shell substitutions, workflow commands and
HTML/Markdown injection; a hotfix whose title and head branch do. Nothing runs, nothing
reaches the runner as a command, and what releasegate writes to GitHub renders as text.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from e2e.hotfix import hotfix_harness as harness
from releasegate_standin import StandIn
from reliability.hostile import forged_commands, hostile, markdown_problems, shell
from reliability.ledger import TOKEN, SecretLedger
from reliability.outputs import workflow_commands
from support import gitrepo

pytestmark = pytest.mark.e2e


@pytest.fixture
def marker(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "pwned"
    yield path
    assert not path.exists(), "hostile text was executed"


# --- umbrella sync ---------------------------------------------------------------------------


def umbrella_body(marker: Path) -> str:
    evil = hostile(marker).replace("\n", " ").replace("\r", " ")
    return (
        f"## Tier 1 {evil}\n\n"
        f"- [ ] {evil} #12\n"
        f"- [ ] {shell(marker)[0]} #13\n"
        f"**Tier 2 {shell(marker)[1]}**\n"
        f"- [ ] <img src=x onerror=alert(1)> #13\n"
    )


def sync(github: StandIn, folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    (folder / ".github").mkdir(exist_ok=True)
    (folder / ".github" / "releasegate.yml").write_text(
        "version: 1\numbrella: {label: tracking, close-when: [Tier 1]}\n", encoding="utf-8"
    )
    env = {
        **os.environ,
        **github.env(TOKEN),
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": "workflow_dispatch",
        "RELEASEGATE_RETRY_ATTEMPTS": "1",
    }
    env.pop("GITHUB_EVENT_PATH", None)
    command = [sys.executable, "-m", "releasegate", "umbrella", "sync", *args]
    return subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, check=False)


def test_an_umbrella_of_hostile_items_is_synced_as_plain_text(
    tmp_path: Path, marker: Path, ledger: SecretLedger
) -> None:
    closed = {"state": "closed", "state_reason": "completed"}
    issues = [
        {
            "number": 1,
            "title": hostile(marker),
            "body": umbrella_body(marker),
            "labels": ["tracking"],
        },
        {"number": 12, "title": hostile(marker), **closed},
    ]
    scenario = {
        "repository": "acme/app",
        "issues": issues,
        "pull_requests": [{"number": 13, "title": "x", "state": "merged"}],
    }
    with StandIn(scenario) as github:
        done = sync(github, tmp_path, "--issue", "1")
        ledger.saw_all(
            "umbrella sync of hostile items", {"stdout": done.stdout, "stderr": done.stderr}
        )
        ledger.saw_standin("umbrella sync of hostile items", github)
        umbrella = github.state.main_repo.issue(1)
        assert umbrella is not None
        comments = [comment.body for comment in umbrella.comments]

    assert done.returncode == 0, done.stderr
    assert forged_commands(done.stdout + done.stderr, TOKEN) == []
    assert umbrella.state == "closed"  # every Tier 1 item done: the closing comment is written too
    assert len(comments) == 2
    for body in comments:
        assert markdown_problems(body) == []
    assert umbrella.body == umbrella_body(marker).replace("- [ ] ", "- [x] ")


# --- hotfix backport ---------------------------------------------------------------------------


def branch_safe(marker: Path) -> str:
    """What a git branch name can carry of the hostile text (no `:`, no spaces)."""
    return f"hotfix/$(touch${{IFS}}{marker})`id`;id|id%0A<img>@everyone"


@pytest.fixture
def hostile_hotfix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, marker: Path) -> harness.World:
    repos = harness.new_world(tmp_path, monkeypatch)
    world = harness.merged_hotfix(repos, "merge", harness.files(1), head=branch_safe(marker))
    world.labels = ("bug",)
    return world


def backport(world: harness.World, standin: StandIn, **env: str) -> harness.Run:
    return harness.run_cli(
        standin, world.job_checkout(), "hotfix", "backport", event=world.event(), **env
    )


def test_a_hostile_hotfix_title_and_branch_are_written_as_plain_text(
    hostile_hotfix: harness.World, marker: Path, ledger: SecretLedger
) -> None:
    before = harness.origin_refs(hostile_hotfix.origin)
    with harness.standin_for(hostile_hotfix) as standin:
        title = " ".join(hostile(marker).split())  # GitHub keeps a title on one line
        standin.state.main_repo.issue(harness.NUMBER).title = title  # type: ignore[union-attr]
        run = backport(hostile_hotfix, standin, GITHUB_ACTIONS="true")
        ledger.saw_all("hotfix backport of a hostile PR", {"output": run.text})
        ledger.saw_standin("hotfix backport of a hostile PR", standin)
        (pull,) = harness.pulls_from(standin, harness.BRANCH)
        comments = [comment.body for comment in harness.original(standin).comments]

    assert run.code == 0, run.text
    assert forged_commands(run.stdout + run.stderr, TOKEN) == []
    assert pull.title == f"[Backport main] {title}"
    for markdown in (pull.body, *comments):
        assert markdown_problems(markdown) == []
    after = harness.origin_refs(hostile_hotfix.origin)
    assert {ref: sha for ref, sha in after.items() if ref in before} == before


def test_a_hostile_head_that_is_not_a_hotfix_is_a_one_line_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, marker: Path
) -> None:
    repos = harness.new_world(tmp_path, monkeypatch)
    head = branch_safe(marker).replace("hotfix/", "feature/")
    world = harness.merged_hotfix(repos, "merge", harness.files(1), head=head)
    with harness.standin_for(world) as standin:
        run = backport(world, standin, GITHUB_ACTIONS="true")
        assert harness.writes(standin) == []
    assert (run.code, run.stdout.count("\n")) == (0, 1)
    assert forged_commands(run.stdout + run.stderr, TOKEN) == []
    assert json.dumps(head)[1:-1] in json.dumps(run.stdout)


def test_the_detectors_catch_the_hostile_text_when_it_is_not_escaped(tmp_path: Path) -> None:
    raw = hostile(tmp_path / "pwned")
    assert len(markdown_problems(f"| a | b |\n|---|---|\n| {raw} | x |\n")) >= 3
    forged = [command.name for command in workflow_commands(raw)]
    assert len(forged_commands(raw, TOKEN)) == len(forged)
    assert forged == ["set-output", "add-mask", "set-env", "stop-commands"]
    gitrepo.git(tmp_path, "init", "--quiet", "probe")  # a ref name of the hostile text is valid:
    gitrepo.git(tmp_path / "probe", "check-ref-format", f"refs/heads/{branch_safe(tmp_path)}")


@pytest.mark.parametrize(
    ("settings", "args"),
    [
        ("hotfix: {main: prod}", ()),
        ("hotfix: {branch-template: main}", ()),
        ("hotfix: {branch-template: 'main{number}/../../main'}", ()),
        ("hotfix: {branch-template: '{number}:refs/heads/main'}", ()),
        ("version: 1", ("--target", "prod")),
    ],
    ids=["main is production", "no number", "dot-dot", "refspec", "target production"],
)
def test_hotfix_settings_aimed_at_a_protected_branch_push_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: str, args: tuple[str, ...]
) -> None:
    world = harness.merged_hotfix(
        harness.new_world(tmp_path, monkeypatch), "merge", harness.files(1)
    )
    job = world.job_checkout()
    (job / ".github").mkdir(exist_ok=True)
    policy = settings if settings.startswith("version") else f"version: 1\n{settings}"
    (job / ".github" / "releasegate.yml").write_text(policy + "\n", encoding="utf-8")
    before = harness.origin_refs(world.origin)
    with harness.standin_for(world) as standin:
        run = harness.run_cli(standin, job, "hotfix", "backport", *args, event=world.event())
        assert harness.writes(standin) == []
    assert run.code in (2, 3), run.text
    assert run.stderr.startswith("error: ") and "Traceback" not in run.text
    assert harness.origin_refs(world.origin) == before
