"""The hotfix facts' fetchers: git facts from the checkout, open backports from GitHub."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import responses

from releasegate.facts import Unavailable
from releasegate.facts.git import (
    BackportPull,
    GitCommit,
    MainCommitsInHead,
    MissingFromMain,
    OpenBackportPulls,
)
from releasegate.fetchers.hotfix import (
    fetch_main_commits_in_head,
    fetch_missing_from_main,
    fetch_open_backport_pulls,
    template_pattern,
)
from releasegate.git.checkout import checkout_path
from releasegate.github.client import Connection, GitHub
from releasegate.github.retry import RetryPolicy
from support import gitrepo
from support.builders import context

API = "https://api.github.test"
MISSING = MissingFromMain(production="prod", main="main")


@pytest.fixture
def repos(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> gitrepo.Repos:
    repos = gitrepo.new_repos(tmp_path, monkeypatch)
    repos.commit("feature.py", "feature = 1\n", "A feature on main")
    repos.checkout("prod")
    repos.commit("app.py", "x = 1\ny = 2\n", "Hotfix y")
    repos.push("main", "prod")
    repos.git("fetch", "--quiet", "origin")
    monkeypatch.chdir(repos.work)
    return repos


def github() -> GitHub:
    return GitHub(Connection(API, API + "/graphql", "token"), RetryPolicy(attempts=1))


def test_missing_commits_are_read_from_origins_branches(repos: gitrepo.Repos) -> None:
    repos.git("branch", "-f", "main", "prod")  # a stale local main must not hide anything
    found = fetch_missing_from_main(github(), context("push"), [MISSING])
    assert found == {MISSING: (GitCommit(repos.sha("origin/prod"), "Hotfix y"),)}


def test_a_checkout_without_the_branches_gets_the_full_history_hint(
    repos: gitrepo.Repos,
) -> None:
    request = MissingFromMain(production="release", main="main")
    (value,) = fetch_missing_from_main(github(), context("push"), [request]).values()
    assert isinstance(value, Unavailable)
    assert value.reason.startswith("'refs/remotes/origin/release' does not name a commit")
    assert "fetch-depth: 0" in value.reason


def test_commits_of_main_in_a_head_are_listed(repos: gitrepo.Repos) -> None:
    repos.checkout("hotfix/wrong", "origin/main")
    head = repos.commit("fix.txt", "fix\n", "Fix on a branch cut from main")
    good = MainCommitsInHead(head_sha=repos.sha("origin/prod"), production="prod", main="main")
    bad = MainCommitsInHead(head_sha=head, production="prod", main="main")

    found = fetch_main_commits_in_head(github(), context(), [good, bad])

    assert found == {good: (), bad: (GitCommit(repos.sha("origin/main"), "A feature on main"),)}


def test_the_checkout_is_the_working_directory_else_the_workspace(
    repos: gitrepo.Repos, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_WORKSPACE", str(repos.work))
    assert checkout_path() == repos.work
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert checkout_path() == repos.work
    monkeypatch.delenv("GITHUB_WORKSPACE")
    assert checkout_path() == elsewhere


@pytest.mark.parametrize(
    ("template", "branch", "number"),
    [
        ("backport/{number}-to-{target}", "backport/7-to-main", 7),
        ("backport/{number}-to-{target}", "backport/7-to-prod", None),
        ("backport/{number}-to-{target}", "backport/x-to-main", None),
        ("bp-{target}/{number}", "bp-main/12", 12),
        ("bp.{number}", "bpx12", None),  # the dot is literal
        ("{number}/{number}", "3/4", 3),
    ],
)
def test_template_patterns(template: str, branch: str, number: int | None) -> None:
    match = template_pattern(template, "main").fullmatch(branch)
    assert (int(match.group("number")) if match else None) == number


@responses.activate
def test_open_backports_carry_the_shas_their_body_names_and_their_template_number() -> None:
    sha = "1234567890abcdef1234567890abcdef12345678"
    responses.get(
        re.compile(r".*/repos/acme/app/pulls\?.*"),
        json=[
            {
                "number": 12,
                "html_url": "https://github.com/acme/app/pull/12",
                "head": {"ref": "backport/7-to-main"},
                "base": {"ref": "main"},
                "body": f"Backport of #7\n- {sha} Fix\n- 1234567 too; not 123456 or XYZ1234567",
            },
            {
                "number": 13,
                "html_url": "https://github.com/acme/app/pull/13",
                "head": {"ref": "feature/x"},
                "base": {"ref": "main"},
                "body": None,
            },
            {
                "number": 14,
                "html_url": "https://github.com/acme/app/pull/14",
                "head": {"ref": "y"},
                "base": {"ref": "develop"},
                "body": "",
            },
        ],
    )
    request = OpenBackportPulls(main="main", branch_template="backport/{number}-to-{target}")

    found = fetch_open_backport_pulls(github(), context("push"), [request])

    assert found == {
        request: (
            BackportPull(
                12,
                "https://github.com/acme/app/pull/12",
                "backport/7-to-main",
                (sha, "1234567"),
                original=7,
            ),
            BackportPull(13, "https://github.com/acme/app/pull/13", "feature/x", (), None),
        )
    }
    (call,) = responses.calls
    assert "state=open" in call.request.url
    assert "base=main" in call.request.url
