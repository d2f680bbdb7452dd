"""Backports that cannot simply be picked: conflicts in both modes, refused pushes, bad
checkouts. Nothing broken ever reaches main or production, and re-runs duplicate nothing."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from e2e.hotfix.hotfix_harness import (
    BACKPORT_TOKEN,
    BRANCH,
    TOKEN,
    Run,
    World,
    conflict_issues,
    merged_hotfix,
    new_world,
    origin_refs,
    original,
    pulls_from,
    run_cli,
    standin_for,
    writes,
    written_text,
)
from releasegate.github import endpoints
from releasegate_standin import StandIn
from releasegate_standin.rest import routes as standin_routes
from releasegate_standin.rest.api import Call, Response
from support import gitrepo

pytestmark = pytest.mark.e2e

ISSUE_URL = "https://github.com/acme/app/issues/8"
PULL_URL = "https://github.com/acme/app/pull/8"


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    """A two-commit hotfix whose second commit changes a line main changed since."""
    repos = new_world(tmp_path, monkeypatch)
    repos.commit("app.py", "x = 2\ny = 1\n", "Main changes x")
    repos.push("main")
    return merged_hotfix(
        repos, "merge", [("fixes/note.txt", "note\n"), ("app.py", "x = 3\ny = 1\n")]
    )


def backport(standin: StandIn, world: World, *args: str) -> Run:
    return run_cli(standin, world.job_checkout(), "hotfix", "backport", *args, event=world.event())


def assert_no_secret(run: Run, standin: StandIn) -> None:
    for secret in (TOKEN, BACKPORT_TOKEN):
        assert secret not in run.text + written_text(standin)
    assert "Traceback" not in run.text


def test_a_conflict_opens_an_issue_with_the_commands_and_pushes_nothing(world: World) -> None:
    before = origin_refs(world.origin)
    with standin_for(world) as standin:
        run = backport(standin, world)

        assert run.code == 1, run.text
        assert run.stdout == (
            "the backport of #7 to 'main' conflicts in app.py; nothing was pushed; finish it "
            f"by hand as {ISSUE_URL} says\n"
        )
        (issue,) = conflict_issues(standin)
        assert issue.title == "Backport of #7 to main conflicts: Fix the rounding"
        assert issue.labels == ["backport-conflict"]
        assert issue.assignees == ["alice", "bob"]
        assert issue.body.startswith("<!-- releasegate:backport-conflict pr=7 target=main -->")
        picks = " ".join(world.repos.git("rev-list", "--reverse", "prod^1..prod^2").split())
        assert (
            "```sh\n"
            "git fetch origin main prod\n"
            f"git checkout -b {BRANCH} origin/main\n"
            f"git cherry-pick -x {picks}\n"
        ) in issue.body
        (comment,) = original(standin).comments
        assert ISSUE_URL in comment.body
        assert "`app.py`" in comment.body
        assert "backport-issue<<" in run.outputs
        assert ISSUE_URL in run.outputs
        assert pulls_from(standin, BRANCH) == []
        assert_no_secret(run, standin)

        standin.reset_log()
        again = backport(standin, world)

        assert again.code == 1, again.text
        assert len(conflict_issues(standin)) == 1
        assert len(original(standin).comments) == 1
        assert writes(standin) == []
    assert origin_refs(world.origin) == before


def test_the_draft_mode_pushes_the_conflicted_state_to_its_own_branch_only(world: World) -> None:
    before = origin_refs(world.origin)
    with standin_for(world) as standin:
        run = backport(standin, world, "--on-conflict", "draft-pr")

        assert run.code == 1, run.text
        assert run.stdout == (
            "the backport of #7 to 'main' conflicts in app.py; opened the draft "
            f"{PULL_URL} with the conflicted state to finish by hand\n"
        )
        (pull,) = pulls_from(standin, BRANCH)
        assert pull.pull is not None
        assert pull.pull.draft
        assert pull.labels == ["bug", "backport", "backport-conflict"]
        assert "- `app.py`" in pull.body
        assert "git push --force-with-lease origin backport/7-to-main" in pull.body
        (comment,) = original(standin).comments
        assert PULL_URL in comment.body
        assert conflict_issues(standin) == []
        assert_no_secret(run, standin)

        again = backport(standin, world, "--on-conflict", "draft-pr")
        assert again.code == 0, again.text
        assert again.stdout == (
            f"the backport of #7 to 'main' exists: {PULL_URL} (open); nothing created\n"
        )
        assert len(pulls_from(standin, BRANCH)) == 1

    after = origin_refs(world.origin)
    assert set(after) - set(before) == {f"refs/heads/{BRANCH}"}
    assert {ref: after[ref] for ref in before} == before
    conflicted = gitrepo.git(world.origin, "show", f"{BRANCH}:app.py")
    assert conflicted.startswith("<<<<<<< ")
    message = gitrepo.git(world.origin, "log", "-1", "--format=%B", BRANCH)
    assert "(conflicted, do not merge)" in message
    assert "(cherry picked from commit " in message


def test_a_push_refused_for_workflows_is_explained_in_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repos = new_world(tmp_path, monkeypatch)
    world = merged_hotfix(repos, "squash", [(".github/workflows/ci.yml", "on: push\n")])
    hook = world.origin / "hooks" / "pre-receive"
    hook.write_text(
        "#!/bin/sh\n"
        "echo 'refusing to allow a GitHub App to create or update workflow "
        "`.github/workflows/ci.yml` without `workflows` permission' >&2\n"
        "exit 1\n"
    )
    hook.chmod(hook.stat().st_mode | stat.S_IEXEC)
    before = origin_refs(world.origin)
    with standin_for(world) as standin:
        run = backport(standin, world)

        assert (run.code, run.stdout) == (3, "")
        assert run.stderr == (
            f"error: The push of '{BRANCH}' was refused because the backport touches "
            ".github/workflows/ and the token lacks the `workflows` permission; give the "
            "backport a token that has it through `backport-token` (--backport-token or "
            "RELEASEGATE_BACKPORT_TOKEN).\n"
        )
        assert writes(standin) == []
    assert origin_refs(world.origin) == before


def test_a_shallow_checkout_is_refused_with_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repos = new_world(tmp_path, monkeypatch)
    world = merged_hotfix(repos, "merge", [("fixes/a.txt", "a\n")])
    shallow = tmp_path / "shallow"
    gitrepo.git(tmp_path, "clone", "--quiet", "--depth=1", f"file://{world.origin}", str(shallow))
    with standin_for(world) as standin:
        run = run_cli(standin, shallow, "hotfix", "backport", event=world.event())
        assert (run.code, run.stdout) == (3, "")
        assert "is shallow" in run.stderr
        assert "fetch-depth: 0" in run.stderr
        assert run.stderr.count("\n") == 1
        assert writes(standin) == []


def test_without_draft_pull_requests_a_regular_one_is_opened_with_a_warning(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_pull = standin_routes.HANDLERS[endpoints.CREATE_PULL]

    def no_drafts(call: Call) -> Response:
        if (call.request.body or {}).get("draft"):
            message = "Draft pull requests are not supported in this repository."
            return Response(422, {"message": message, "errors": [{"message": message}]})
        return create_pull(call)

    monkeypatch.setitem(standin_routes.HANDLERS, endpoints.CREATE_PULL, no_drafts)
    with standin_for(world) as standin:
        run = backport(standin, world, "--on-conflict", "draft-pr")

        assert run.code == 1, run.text
        assert run.stdout.splitlines()[1] == (
            f"warning: this repository cannot have draft pull requests, so {PULL_URL} is a "
            "regular one: its body and label say not to merge it as it is"
        )
        (pull,) = pulls_from(standin, BRANCH)
        assert pull.pull is not None
        assert not pull.pull.draft
        assert "backport-conflict" in pull.labels
        assert pull.body.count("**Do not merge this as it is.**") == 1


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("issue", "would open an issue with the commands to finish it"),
        (
            "draft-pr",
            f"would push '{BRANCH}' with the conflicted state and open a draft pull request",
        ),
    ],
)
def test_a_dry_run_reports_the_conflict_and_writes_nothing(
    world: World, mode: str, expected: str
) -> None:
    before = origin_refs(world.origin)
    with standin_for(world) as standin:
        run = backport(standin, world, "--dry-run", "--on-conflict", mode)
        assert (run.code, run.stdout) == (
            1,
            f"dry run: the backport of #7 conflicts in app.py; {expected}\n",
        )
        assert writes(standin) == []
    assert origin_refs(world.origin) == before
