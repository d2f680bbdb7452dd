"""`releasegate check` with the hotfix gates, on a real checkout and the GitHub stand-in."""

from __future__ import annotations

from pathlib import Path

import pytest

from e2e.hotfix.hotfix_harness import (
    BRANCH,
    TOKEN,
    World,
    files,
    merged_hotfix,
    new_world,
    run_cli,
    standin_for,
)
from support import gitrepo

pytestmark = pytest.mark.e2e

POLICY = """\
version: 1
name: deploy
gates:
  - id: hotfixes-in-main
    type: hotfix-backported
    production: prod
    main: main
  - id: hotfix-from-prod
    type: hotfix-branch
    production: prod
    allow-heads: ["hotfix/*", "main"]
"""
BRANCH_POLICY = """\
version: 1
gates:
  - id: hotfix-from-prod
    type: hotfix-branch
    production: prod
    allow-heads: ["hotfix/*", "main"]
"""


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    (tmp_path / "policy.yml").write_text(POLICY)
    return merged_hotfix(new_world(tmp_path, monkeypatch), "squash", files(1))


def deploy_check(standin, world: World):  # type: ignore[no-untyped-def]
    """`check` as a deploy job of prod would run it: a push event, the prod commit."""
    job = world.job_checkout()
    prod = gitrepo.sha(job, "origin/prod")
    return run_cli(
        standin,
        job,
        "check",
        "--policy",
        str(world.tmp / "policy.yml"),
        GITHUB_EVENT_NAME="push",
        GITHUB_SHA=prod,
        GITHUB_REF="refs/heads/prod",
    )


def test_hotfix_backported_blocks_until_the_backport_is_merged(world: World) -> None:
    fix = gitrepo.sha(world.origin, "prod")
    with standin_for(world) as standin:
        before = deploy_check(standin, world)
        assert before.code == 1, before.text
        assert "1 commit on 'prod' missing from 'main'" in before.stdout
        assert f"{fix[:7]} Hotfix (#7)" in before.stdout
        assert "open backport" not in before.stdout

        opened = run_cli(standin, world.job_checkout(), "hotfix", "backport", event=world.event())
        assert opened.code == 0, opened.text

        pending = deploy_check(standin, world)
        assert pending.code == 1, pending.text
        assert (
            f"{fix[:7]} Hotfix (#7) (open backport: https://github.com/acme/app/pull/8)"
            in pending.stdout
        )

        repos = world.repos  # the backport PR is merged
        repos.git("fetch", "--quiet", "origin")
        repos.git("merge", "--quiet", "--no-ff", "-m", "Merge pull request #8", f"origin/{BRANCH}")
        repos.push("main")

        after = deploy_check(standin, world)
        assert after.code == 0, after.text
        assert "every commit on 'prod' is on 'main'" in after.stdout
        assert TOKEN not in before.text + pending.text + after.text


def test_hotfix_backported_without_the_branches_says_how_to_check_out(world: World) -> None:
    lone = world.tmp / "lone"
    gitrepo.git(
        world.tmp,
        "clone",
        "--quiet",
        "--single-branch",
        "--branch",
        "prod",
        str(world.origin),
        str(lone),
    )
    with standin_for(world) as standin:
        run = run_cli(
            standin,
            lone,
            "check",
            "--policy",
            str(world.tmp / "policy.yml"),
            GITHUB_EVENT_NAME="push",
            GITHUB_SHA=gitrepo.sha(lone, "HEAD"),
            GITHUB_REF="refs/heads/prod",
        )
    assert run.code == 3, run.text
    assert "refs/remotes/origin/main" in run.stdout
    assert "fetch-depth: 0" in run.stdout


def hotfix_pr(world: World, number: int, head: str, start: str) -> dict:  # type: ignore[type-arg]
    """Push ``head`` cut from ``start`` with one fix; the stand-in's open PR into prod."""
    repos = world.repos
    repos.checkout(head, start)
    sha = repos.commit(f"fixes/{number}.txt", "fix\n", f"Fix {number}")
    repos.push(head)
    repos.checkout("main")
    return {
        "number": number,
        "title": f"Fix {number}",
        "author": "alice",
        "base": "prod",
        "head": head,
        "head_sha": sha,
    }


def test_hotfix_branch_refuses_a_hotfix_cut_from_main_and_lists_main_commits(world: World) -> None:
    world.extra_pulls = [
        hotfix_pr(world, 9, "hotfix/from-main", "main"),
        hotfix_pr(world, 10, "hotfix/from-prod", "prod"),
        hotfix_pr(world, 11, "feature/sneaky", "prod"),
    ]
    policy = world.tmp / "branch-policy.yml"
    policy.write_text(BRANCH_POLICY)
    feature = gitrepo.sha(world.origin, "main")
    with standin_for(world) as standin:
        job = world.job_checkout()

        def check(number: int):  # type: ignore[no-untyped-def]
            return run_cli(standin, job, "check", "--pr", str(number), "--policy", str(policy))

        cut_from_main, cut_from_prod, sneaky = check(9), check(10), check(11)

    assert cut_from_main.code == 1, cut_from_main.text
    assert (
        "'hotfix/from-main' carries 1 commit of 'main' that is not on 'prod': cut hotfix "
        "branches from 'prod'" in cut_from_main.stdout
    )
    assert f"{feature[:7]} A feature on main" in cut_from_main.stdout
    assert cut_from_prod.code == 0, cut_from_prod.text
    assert "'hotfix/from-prod' was cut from 'prod'" in cut_from_prod.stdout
    assert sneaky.code == 1, sneaky.text
    assert "'feature/sneaky' may not be merged into 'prod'" in sneaky.stdout
