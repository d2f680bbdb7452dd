"""No `@mention` from untrusted text reaches a person (issue 14, item 12).

File names, check names, titles, a policy's name, umbrella items and section titles that name
`@everyone`, a team (`@acme/admins`) or hide the `@` behind a character GitHub does not count
as part of a word (`é@everyone`, `@@everyone`) are rendered by every Markdown output (the job
summary, the check run's summary, title and annotations, the sticky comment, the umbrella's
progress and closing comments, the backport's bodies and comments) and none survives.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from releasegate.facts.git import GitCommit
from releasegate.hotfix import messages
from releasegate.render.markdown import render_markdown
from releasegate.results import Annotation, GateResult, Report, Status
from releasegate_standin import StandIn
from reliability.hostile import HOSTILE_NAMES, markdown_problems, surviving_mentions
from reliability.ledger import TOKEN, SecretLedger
from support.cli import releasegate

pytestmark = pytest.mark.e2e

EVERY_NAME = " ".join(HOSTILE_NAMES)
FILE_NAMES = [f"src/{name}.py" for name in HOSTILE_NAMES] + ["infra/`@everyone`.tf"]
POLICY = """\
version: 1
name: "@acme/admins"
gates:
  - id: separation
    type: change-separation
    groups: {infra: ["infra/**"], feature: ["src/**"]}
  - id: greptile
    type: greptile
  - id: staging
    type: check-passed
    name: "staging / *"
"""
BADGE = '<img alt="P1" src="https://greptile.com/badges/p1.svg">'
_PLAIN_MENTION = re.compile(r"(?<![A-Za-z0-9_])@[A-Za-z0-9]")


def check_scenario() -> dict[str, Any]:
    return {
        "repository": "acme/app",
        "collaborators": {"sam": "write"},
        "commits": [{"name": "base", "files": {".github/releasegate.yml": POLICY}},
                    {"name": "head", "parent": "base", "files": {"src/a.py": "x\n"}}],
        "branches": {"main": "base", "feature/x": "head"},
        "pull_requests": [{
            "number": 9, "title": EVERY_NAME, "author": "sam", "base": "main",
            "head": "feature/x", "files": FILE_NAMES,
            "review_threads": [{"path": FILE_NAMES[0], "line": 1,
                                "author": "greptile-apps[bot]",
                                "body": f"{BADGE} **Tell {EVERY_NAME} https://x.example/@everyone**"}],
        }],
        "check_runs": [{"commit": "head", "name": f"staging / {EVERY_NAME}",
                        "conclusion": "failure"}],
    }  # fmt: skip


def event(github: StandIn, folder: Path) -> dict[str, str]:
    record = github.state.main_repo.pull(9)
    assert record is not None and record.pull is not None
    payload = folder / "event.json"
    pull = {"number": 9, "base": {"ref": "main"}, "head": {"sha": record.pull.head_sha}}
    payload.write_text(json.dumps({"pull_request": pull}))
    return {
        **github.env(TOKEN),
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": str(payload),
        "GITHUB_OUTPUT": str(folder / "outputs"),
        "GITHUB_STEP_SUMMARY": str(folder / "summary.md"),
        "RUNNER_TEMP": str(folder),
    }


def test_no_mention_survives_in_the_summary_the_check_run_or_the_sticky_comment(
    tmp_path: Path, ledger: SecretLedger
) -> None:
    with StandIn(check_scenario()) as github:
        run = releasegate("check", "--comment", "always", env=event(github, tmp_path))
        ledger.saw_all("check naming @everyone", {"stdout": run.stdout, "stderr": run.stderr})
        repo = github.state.main_repo
        (check_run,) = [r for r in repo.check_runs if r.name == "releasegate / @acme/admins"]
        (comment,) = repo.pull(9).comments  # type: ignore[union-attr]
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")

    assert run.code == 1, run.output
    for markdown in (summary, check_run.summary or "", comment.body):
        assert "@acme/admins" not in markdown.split("\n", 1)[0]  # the marker, then the heading
        assert "blocked" in markdown
        assert surviving_mentions(markdown) == []
        assert markdown_problems(markdown) == []
    plain = [check_run.title or ""] + [
        f"{note.get('title', '')} {note['message']}" for note in check_run.annotations
    ]
    assert check_run.annotations
    assert [text for text in plain if _PLAIN_MENTION.search(text)] == []


def test_no_mention_survives_in_a_report_of_hostile_words() -> None:
    gate = GateResult(
        "staging", "check-passed", "block", Status.FAIL, f"'{EVERY_NAME}' failed",
        details=(f"latest 'staging / {EVERY_NAME}' on abc1234: failure (https://x.example/@a)",),
        annotations=(Annotation("src/@everyone.py", 1, EVERY_NAME, title=EVERY_NAME),),
    )  # fmt: skip
    report = Report(
        ".github/releasegate.yml", EVERY_NAME, "acme/app", "0" * 40, 9, "pull_request",
        (gate,), notices=(f"the policy names {EVERY_NAME}",),
    )  # fmt: skip

    markdown = render_markdown(report)

    assert surviving_mentions(markdown) == []
    assert markdown_problems(markdown) == []


def test_the_detector_finds_each_hostile_name_when_it_is_not_escaped() -> None:
    found = surviving_mentions(f"- {EVERY_NAME}\n\n`@everyone` [@everyone](https://x.example)\n")
    assert len(found) == len(HOSTILE_NAMES) - 1  # x_@everyone is no mention: `_` is a word char


# --- umbrella sync -----------------------------------------------------------------------------


UMBRELLA = (
    f"**Tier 1 {EVERY_NAME}**\n"
    f"- [ ] ship {EVERY_NAME} #12\n"
    f"- [ ] tell é@everyone and @@everyone #13\n"
)


def test_no_mention_survives_in_the_progress_and_closing_comments(
    tmp_path: Path, ledger: SecretLedger
) -> None:
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "releasegate.yml").write_text(
        "version: 1\numbrella:\n  label: tracking\n  close-when: [Tier 1]\n", encoding="utf-8"
    )
    closed = {"state": "closed", "state_reason": "completed"}
    scenario = {
        "repository": "acme/app",
        "issues": [
            {"number": 1, "title": EVERY_NAME, "body": UMBRELLA, "labels": ["tracking"]},
            {"number": 12, "title": EVERY_NAME, **closed},
        ],
        "pull_requests": [{"number": 13, "title": EVERY_NAME, "state": "open"}],
    }
    with StandIn(scenario) as github:
        env = {**github.env(TOKEN), "GITHUB_EVENT_NAME": "workflow_dispatch"}
        first = releasegate("umbrella", "sync", "--issue", "1", env=env, cwd=tmp_path)
        github.state.main_repo.issue(13).pull.merged_at = github.state.now()  # type: ignore[union-attr]
        github.state.main_repo.issue(13).state = "closed"  # type: ignore[union-attr]
        second = releasegate("umbrella", "sync", "--issue", "1", env=env, cwd=tmp_path)
        ledger.saw_all("umbrella naming @everyone", {"out": first.output + second.output})
        umbrella = github.state.main_repo.issue(1)
        assert umbrella is not None
        comments = [comment.body for comment in umbrella.comments]

    assert (first.code, second.code, umbrella.state) == (0, 0, "closed"), first.output
    assert len(comments) == 2  # the progress comment, then the closing one
    for body in comments:
        assert surviving_mentions(body) == []
        assert markdown_problems(body) == []


# --- hotfix backport ---------------------------------------------------------------------------


def test_no_mention_survives_in_the_backport_bodies_and_comments() -> None:
    backport = messages.Backport(
        7, EVERY_NAME, "https://github.com/acme/app/pull/7", "prod", "main",
        "backport/7-to-main", "merge",
    )  # fmt: skip
    commit = GitCommit("a" * 40, EVERY_NAME)
    conflict = messages.Conflict(commit, tuple(FILE_NAMES), (commit,), (commit,), ("git x",))
    url = "https://github.com/acme/app/pull/8"
    texts = [
        messages.pull_body(backport, [commit], [commit]),
        messages.draft_body(backport, conflict),
        messages.issue_body(backport, conflict),
        messages.picked_comment(backport, url, 1),
        messages.conflict_issue_comment(backport, conflict, url),
        messages.conflict_draft_comment(backport, conflict, url),
    ]
    for text in texts:
        assert surviving_mentions(text) == []
        assert markdown_problems(text) == []


@pytest.mark.parametrize("conflicted", [False, True], ids=["picked", "conflict-issue"])
def test_no_mention_survives_in_what_a_backport_run_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, conflicted: bool
) -> None:
    """Through the CLI: the hotfix PR's title and its commits' subjects name everyone, and the
    conflicted file's name too; the body of the backport PR or conflict issue, and the comment
    on the original PR, notify no one. (Titles are not Markdown and GitHub notifies no one
    named in a title, so the backport's title keeps the original's words as they are.)"""
    from e2e.hotfix import hotfix_harness as harness

    monkeypatch.setattr(harness, "TITLE", EVERY_NAME)
    repos = harness.new_world(tmp_path, monkeypatch)
    conflicting = f"src/{HOSTILE_NAMES[0]}.py"
    if conflicted:
        repos.commit(conflicting, "x = 2\n", "Main changes x")
        repos.push("main")
    world = harness.merged_hotfix(repos, "merge", [(conflicting, "x = 3\n")])
    with harness.standin_for(world) as standin:
        run = harness.run_cli(
            standin, world.job_checkout(), "hotfix", "backport", event=world.event()
        )
        written = [
            issue.body
            for issue in standin.state.main_repo.issues.values()
            if issue.number != harness.NUMBER
        ] + [comment.body for comment in harness.original(standin).comments]

    assert run.code == (1 if conflicted else 0), run.text
    assert len(written) == 2  # the new PR's or issue's body, the comment on the original
    assert any(HOSTILE_NAMES[0][1:] in text for text in written)  # the names are there...
    for text in written:
        assert surviving_mentions(text) == []  # ...and mention no one
        assert markdown_problems(text) == []
