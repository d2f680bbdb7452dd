"""`releasegate hotfix backport` as a subprocess: real git repositories, the GitHub stand-in.

Every test checks that origin's main and production never move and that no token shows up
in the output, the step outputs, or anything written to GitHub.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from e2e.hotfix.hotfix_harness import (
    BACKPORT_BOT,
    BACKPORT_TOKEN,
    BRANCH,
    NUMBER,
    TOKEN,
    Run,
    World,
    files,
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
from releasegate_standin import StandIn
from support import gitrepo

pytestmark = pytest.mark.e2e

BACKPORT = ("hotfix", "backport")


@pytest.fixture
def repos(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> gitrepo.Repos:
    return new_world(tmp_path, monkeypatch)


def backport(standin: StandIn, world: World, *args: str, **env: str) -> Run:
    return run_cli(standin, world.job_checkout(), *BACKPORT, *args, event=world.event(), **env)


def assert_clean(run: Run, standin: StandIn) -> None:
    """No traceback, no token, anywhere."""
    for secret in (TOKEN, BACKPORT_TOKEN):
        assert secret not in run.text
        assert secret not in written_text(standin)
    assert "Traceback" not in run.text


def assert_protected_unchanged(before: dict[str, str], after: dict[str, str]) -> None:
    for ref in ("refs/heads/main", "refs/heads/prod"):
        assert after[ref] == before[ref]
    assert set(after) - set(before) <= {f"refs/heads/{BRANCH}"}
    assert {ref: sha for ref, sha in after.items() if ref in before} == before


def picked_subjects(world: World) -> list[str]:
    return world.repos.git("log", "--reverse", "--format=%s", f"main..origin/{BRANCH}").splitlines()


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize("method", ["merge", "squash", "rebase"])
def test_a_merged_hotfix_is_backported_in_a_pull_request(
    repos: gitrepo.Repos, method: str, count: int
) -> None:
    world = merged_hotfix(repos, method, files(count))
    before = origin_refs(world.origin)
    with standin_for(world) as standin:
        run = backport(standin, world)

        assert run.code == 0, run.text
        (pull,) = pulls_from(standin, BRANCH)
        url = f"https://github.com/acme/app/pull/{pull.number}"
        picks = 1 if method == "squash" else count
        reported = "squash" if method == "squash" or (count == 1 and method == "rebase") else method
        noun = "commit" if picks == 1 else "commits"
        assert run.stdout == (
            f"opened {url}: the backport of #7 to 'main' ({picks} {noun}, {reported})\n"
        )
        assert pull.title == "[Backport main] Fix the rounding"
        assert pull.pull is not None
        assert (pull.pull.base_ref, pull.pull.draft) == ("main", False)
        assert pull.labels == ["bug", "backport"]
        assert pull.assignees == ["bob"]
        assert pull.pull.requested_reviewers == ["alice"]
        assert pull.body.startswith("<!-- releasegate:backport pr=7 target=main -->")
        assert "Original: https://github.com/acme/app/pull/7 (Fix the rounding)" in pull.body
        (comment,) = original(standin).comments
        assert url in comment.body
        assert "backport-pr<<" in run.outputs
        assert url in run.outputs
        assert_clean(run, standin)

    assert_protected_unchanged(before, origin_refs(world.origin))
    repos.git("fetch", "--quiet", "origin")
    expected = (
        ["Hotfix (#7)"]
        if method == "squash"
        else [f"Fix the rounding, part {i}" for i in range(1, count + 1)]
    )
    assert picked_subjects(world) == expected
    body = repos.git("log", "--format=%B", f"main..origin/{BRANCH}")
    assert body.count("(cherry picked from commit ") == picks
    tree = repos.git("ls-tree", "-r", "--name-only", f"origin/{BRANCH}").split()
    assert {f"fixes/part-{i}.txt" for i in range(1, count + 1)} <= set(tree)
    assert "feature.py" in tree  # built on main


def test_a_re_run_after_success_creates_nothing(repos: gitrepo.Repos) -> None:
    world = merged_hotfix(repos, "merge", files(2))
    with standin_for(world) as standin:
        first = backport(standin, world)
        assert first.code == 0, first.text
        after_first = origin_refs(world.origin)
        standin.reset_log()

        again = backport(standin, world)

        assert again.code == 0, again.text
        url = "https://github.com/acme/app/pull/8"
        assert again.stdout == (
            f"the backport of #7 to 'main' exists: {url} (open); nothing created\n"
        )
        assert writes(standin) == []
        assert len(pulls_from(standin, BRANCH)) == 1
        assert len(original(standin).comments) == 1
        assert origin_refs(world.origin) == after_first
        assert_clean(again, standin)


def test_the_backport_token_makes_the_writes(repos: gitrepo.Repos) -> None:
    world = merged_hotfix(repos, "squash", files(1))
    with standin_for(world) as standin:
        run = backport(standin, world, "--backport-token", BACKPORT_TOKEN)
        assert run.code == 0, run.text
        (pull,) = pulls_from(standin, BRANCH)
        assert pull.author == BACKPORT_BOT
        assert original(standin).comments[0].author == BACKPORT_BOT
        assert_clean(run, standin)


def test_the_backport_token_can_come_from_the_environment(repos: gitrepo.Repos) -> None:
    world = merged_hotfix(repos, "squash", files(1))
    with standin_for(world) as standin:
        run = backport(standin, world, RELEASEGATE_BACKPORT_TOKEN=BACKPORT_TOKEN)
        assert run.code == 0, run.text
        (pull,) = pulls_from(standin, BRANCH)
        assert pull.author == BACKPORT_BOT
        assert_clean(run, standin)


def test_a_fix_already_on_main_is_reported_and_nothing_is_pushed(repos: gitrepo.Repos) -> None:
    world = merged_hotfix(repos, "merge", files(1))
    repos.git("cherry-pick", world.head_sha)  # someone backported it by hand, without -x
    repos.push("main")
    before = origin_refs(world.origin)
    with standin_for(world) as standin:
        run = backport(standin, world)

        assert run.code == 0, run.text
        assert run.stdout == (
            "pull request #7 is already on 'main' (every cherry-pick was empty); "
            "nothing to backport\n"
        )
        assert pulls_from(standin, BRANCH) == []
        (comment,) = original(standin).comments
        assert "already on `main`" in comment.body
        assert_clean(run, standin)
    assert origin_refs(world.origin) == before


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"head": "feature/rounding"},
            "pull request #7 comes from 'feature/rounding', which does "
            "not match the hotfix head pattern 'hotfix/*'; nothing to backport",
        ),
        (
            {"base": "main"},
            "pull request #7 was merged into 'main', not the production branch "
            "'prod'; nothing to backport",
        ),
        ({"merged": False}, "pull request #7 was not merged; nothing to backport"),
    ],
)
def test_a_pull_request_that_is_not_a_merged_hotfix_is_a_one_line_no_op(
    repos: gitrepo.Repos,
    changes: dict,
    expected: str,  # type: ignore[type-arg]
) -> None:
    world = merged_hotfix(repos, "merge", files(1))
    for key, value in changes.items():
        setattr(world, key, value)
    before = origin_refs(world.origin)
    with standin_for(world) as standin:
        run = backport(standin, world)
        assert (run.code, run.stdout, run.stderr) == (0, expected + "\n", "")
        assert writes(standin) == []
    assert origin_refs(world.origin) == before


@pytest.mark.parametrize(
    ("event", "action", "expected"),
    [
        (
            "push",
            None,
            "hotfix backport acts on closed pull requests (pull_request 'closed' "
            "events, or --pr N); nothing to do for the event 'push'",
        ),
        ("pull_request", "opened", "pull request #7 was opened, not closed; nothing to backport"),
    ],
)
def test_other_events_are_a_one_line_no_op_without_a_request(
    repos: gitrepo.Repos,
    event: str,
    action: str | None,
    expected: str,
) -> None:
    world = merged_hotfix(repos, "merge", files(1))
    with standin_for(world) as standin:
        run = run_cli(
            standin,
            world.job_checkout(),
            *BACKPORT,
            event=world.event(action or "closed"),
            GITHUB_EVENT_NAME=event,
        )
        assert (run.code, run.stdout, run.stderr) == (0, expected + "\n", "")
        assert standin.requests == []


def test_pr_option_backports_without_an_event(repos: gitrepo.Repos) -> None:
    world = merged_hotfix(repos, "rebase", files(2))
    with standin_for(world) as standin:
        run = run_cli(standin, world.job_checkout(), *BACKPORT, "--pr", str(NUMBER))
        assert run.code == 0, run.text
        assert len(pulls_from(standin, BRANCH)) == 1


def test_a_dry_run_picks_but_pushes_and_writes_nothing(repos: gitrepo.Repos) -> None:
    world = merged_hotfix(repos, "merge", files(3))
    before = origin_refs(world.origin)
    with standin_for(world) as standin:
        run = backport(standin, world, "--dry-run")
        assert (run.code, run.stdout) == (
            0,
            f"dry run: would push '{BRANCH}' (3 commits) and open a pull request into 'main'\n",
        )
        assert writes(standin) == []
        assert run.outputs == ""
    assert origin_refs(world.origin) == before
    job = world.job_checkout()
    assert gitrepo.git(job, "branch", "--list", BRANCH) == ""  # no leftover for a re-run
    assert gitrepo.git(job, "worktree", "list").count("\n") == 1


def test_a_review_that_cannot_be_requested_is_a_warning_not_a_failure(repos: gitrepo.Repos) -> None:
    world = merged_hotfix(repos, "merge", files(1), author="carol")  # carol has left
    with standin_for(world) as standin:
        run = backport(standin, world)

        assert run.code == 0, run.text
        url = "https://github.com/acme/app/pull/8"
        first, warning = run.stdout.splitlines()
        assert first.startswith(f"opened {url}")
        assert warning.startswith("warning: could not request a review of #8 from @carol (")
        assert warning.endswith("); ask someone else to review it")
        (pull,) = pulls_from(standin, BRANCH)
        assert pull.labels == ["bug", "backport"]
        assert_clean(run, standin)


@pytest.mark.parametrize("how", ["a commit of main", "production reset since the merge"])
def test_a_merge_commit_that_is_not_on_production_is_refused_and_nothing_is_written(
    repos: gitrepo.Repos, how: str
) -> None:
    world = merged_hotfix(repos, "merge", files(1))
    if how == "a commit of main":
        world.merge_sha = repos.sha("main")  # GitHub names a merge commit prod never had
    else:
        world.job_checkout()  # the job's clone still has the merge commit
        repos.git("push", "--quiet", "--force", "origin", f"{world.merge_sha}^1:refs/heads/prod")
    before = origin_refs(world.origin)
    with standin_for(world) as standin:
        run = backport(standin, world)

        assert (run.code, run.stdout) == (3, "")
        assert run.stderr == (
            f"error: The merge commit {world.merge_sha[:7]} of pull request #7 is not on the "
            "production branch 'prod' (as fetched from origin just now), so what the pull "
            "request put on production cannot be told and nothing was backported. The branch "
            "was probably reset or force-pushed after the merge; check that the fix is still "
            "on 'prod', then run again.\n"
        )
        assert writes(standin) == []
        assert original(standin).comments == []
        assert_clean(run, standin)
    assert origin_refs(world.origin) == before
