"""Planted secrets never come out (SPEC §8): the GitHub token, ``${NAME}`` values sent in
URLs and headers to an endpoint that echoes every header back, and the backport token.

Every output of every run is handed to the session's secret ledger (stdout, stderr, job
summary, step outputs, JSON report, every request GitHub received and every record it holds);
``no_leaks`` checks them when each test ends, and the session checks everything once more.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from e2e.hotfix import hotfix_harness as harness
from releasegate_standin import StandIn
from reliability.ledger import TOKEN, SecretLedger
from support.cli import releasegate

pytestmark = pytest.mark.e2e

PROBE_TOKEN = "probeTOKEN-7f3a9c1e-not-for-logs"
PROBE_KEY = "k3y/with+special&chars=%?#ü"  # percent-encoded in a URL: every spelling is planted
BACKPORT_TOKEN = "ghp_backportTOKENreliability0123456789"


def policy(echo: str) -> str:
    auth = '{Authorization: "Bearer ${PROBE_TOKEN}"}'
    return f"""\
version: 1
name: pr
gates:
  - id: probe-body
    type: http-probe
    url: "{echo}/ok?key=${{PROBE_KEY}}"
    headers: {auth}
    expect: {{status: 200, body-contains: "never-there"}}
    attempts: 1
  - id: probe-json
    type: http-probe
    url: "{echo}/ok"
    headers: {auth}
    expect: {{json: {{headers: {{authorization: "something else"}}}}}}
    attempts: 1
  - id: probe-down
    type: http-probe
    url: "{echo}/fail?key=${{PROBE_KEY}}"
    headers: {auth}
    attempts: 2
  - id: version-from-a-header
    type: version-compat
    version: {{url: "{echo}/ok", field: headers.authorization, headers: {auth}}}
    range: {{value: "^1"}}
"""


def scenario(echo: str) -> dict[str, object]:
    return {
        "repository": "acme/app",
        "commits": [{"name": "base", "files": {".github/releasegate.yml": policy(echo)}},
                    {"name": "head", "parent": "base", "files": {"src/a.py": "x\n"}}],
        "branches": {"main": "base", "feature/x": "head"},
        "pull_requests": [{"number": 5, "title": "probe", "base": "main", "head": "feature/x",
                           "files": ["src/a.py"]}],
    }  # fmt: skip


def check_env(github: StandIn, folder: Path) -> dict[str, str]:
    record = github.state.main_repo.pull(5)
    assert record is not None and record.pull is not None
    event = folder / "event.json"
    event.write_text(
        json.dumps(
            {
                "pull_request": {
                    "number": 5,
                    "base": {"ref": "main"},
                    "head": {"sha": record.pull.head_sha},
                }
            }
        )
    )
    return {
        **github.env(TOKEN),
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_OUTPUT": str(folder / "outputs"),
        "GITHUB_STEP_SUMMARY": str(folder / "summary.md"),
        "RUNNER_TEMP": str(folder),
        "PROBE_TOKEN": PROBE_TOKEN,
        "PROBE_KEY": PROBE_KEY,
    }


def files_of(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): path.read_text("utf-8", errors="replace")
        for path in folder.rglob("*")
        if path.is_file()
    }


@pytest.mark.parametrize(
    "options",
    [
        ("--comment", "always"),
        ("--report", "status", "--format", "json"),
        ("--report", "none", "--format", "markdown", "--comment", "always"),
    ],
    ids=["check run and comment", "status and JSON", "annotations and Markdown"],
)
def test_check_leaks_no_token_and_no_header_or_url_secret(
    tmp_path: Path, echo: str, no_leaks: SecretLedger, options: tuple[str, ...]
) -> None:
    for secret in (PROBE_TOKEN, PROBE_KEY):
        no_leaks.plant(secret, "test_check_leaks_no_token_and_no_header_or_url_secret")
    with StandIn(scenario(echo)) as github:
        run = releasegate("check", *options, env=check_env(github, tmp_path))
        no_leaks.saw_all(
            "check with planted secrets",
            {"stdout": run.stdout, "stderr": run.stderr, **files_of(tmp_path)},
        )
        no_leaks.saw_standin("check with planted secrets", github)
    assert run.code in (1, 3), run.output
    assert "probe-down" in run.output and "version-from-a-header" in run.output
    assert "Bearer ***" in run.output.replace("\\", "")  # the echoed header, redacted


def test_the_ledger_finds_a_planted_secret_in_any_spelling() -> None:
    ledger = SecretLedger()
    ledger.plant(PROBE_KEY, "this test")
    ledger.saw(
        "an encoded URL", "GET http://x/ok?key=k3y%2Fwith%2Bspecial%26chars%3D%25%3F%23%C3%BC"
    )
    assert [leak.rsplit(" in ", 1)[1] for leak in ledger.leaks()] == ["an encoded URL"]


@pytest.mark.parametrize("how", ["--backport-token", "RELEASEGATE_BACKPORT_TOKEN"])
def test_hotfix_backport_leaks_neither_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_leaks: SecretLedger, how: str
) -> None:
    no_leaks.plant(harness.TOKEN, "the hotfix harness")
    no_leaks.plant(BACKPORT_TOKEN, "test_hotfix_backport_leaks_neither_token")
    world = harness.merged_hotfix(
        harness.new_world(tmp_path, monkeypatch), "squash", harness.files(1)
    )
    given = {"RELEASEGATE_BACKPORT_TOKEN": BACKPORT_TOKEN} if how.isupper() else {}
    args = ("--backport-token", BACKPORT_TOKEN) if not how.isupper() else ()
    with harness.standin_for(world) as standin:
        standin.scenario.tokens[BACKPORT_TOKEN] = harness.BACKPORT_BOT
        run = harness.run_cli(
            standin,
            world.job_checkout(),
            "hotfix",
            "backport",
            *args,
            event=world.event(),
            GITHUB_ACTIONS="true",
            **given,
        )
        no_leaks.saw_all("hotfix backport with planted tokens", {"output": run.text})
        no_leaks.saw_standin("hotfix backport with planted tokens", standin)
        (pull,) = harness.pulls_from(standin, harness.BRANCH)
    assert run.code == 0, run.text
    assert pull.author == harness.BACKPORT_BOT
