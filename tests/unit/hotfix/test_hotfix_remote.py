"""The backport's git traffic: one branch pushed by an explicit refspec, tokens kept out of
URLs, arguments and messages, and a refused workflow push explained."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from releasegate.errors import GitError
from releasegate.git.command import Git
from releasegate.hotfix.remote import (
    ConfiguredGit,
    Remote,
    _header_key,
    auth_header,
    config_environment,
)
from support import gitrepo

TOKEN = "ghs_unitTOKEN0123456789"
BRANCH = "backport/7-to-main"


@pytest.fixture
def repos(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> gitrepo.Repos:
    repos = gitrepo.new_repos(tmp_path, monkeypatch)
    repos.checkout(BRANCH, "main")
    repos.commit("fix.txt", "fix\n", "The fix")
    repos.checkout("main")
    return repos


def refs(origin: Path) -> str:
    return gitrepo.git(origin, "for-each-ref", "--format=%(refname) %(objectname)")


def test_push_sends_the_branch_and_nothing_else(repos: gitrepo.Repos) -> None:
    repos.commit("local.txt", "not pushed\n", "A local commit on main")
    before = refs(repos.origin)

    Remote(repos.work, None, ["main", "prod"]).push_branch(BRANCH)

    added = set(refs(repos.origin).splitlines()) - set(before.splitlines())
    assert added == {f"refs/heads/{BRANCH} {repos.sha(BRANCH)}"}
    assert set(before.splitlines()) <= set(refs(repos.origin).splitlines())


@pytest.mark.parametrize("branch", ["main", "prod", "bad..name", "-f", "with space"])
def test_push_refuses_protected_or_invalid_branches(repos: gitrepo.Repos, branch: str) -> None:
    before = refs(repos.origin)
    with pytest.raises(GitError, match="only ever pushes a branch of its own, never main, prod"):
        Remote(repos.work, None, ["main", "prod"]).push_branch(branch)
    assert refs(repos.origin) == before


def test_push_never_forces(repos: gitrepo.Repos) -> None:
    repos.checkout("other", "main")
    repos.commit("other.txt", "x\n", "Someone else's branch")
    repos.git("push", "--quiet", "origin", f"other:{BRANCH}")
    repos.checkout("main")
    before = refs(repos.origin)

    with pytest.raises(GitError, match=r"rejected|non-fast-forward|fetch first"):
        Remote(repos.work, None, ["main", "prod"]).push_branch(BRANCH)
    assert refs(repos.origin) == before


def refuse_with(origin: Path, message: str) -> None:
    hook = origin / "hooks" / "pre-receive"
    hook.write_text(f"#!/bin/sh\necho '{message}' >&2\nexit 1\n")
    hook.chmod(hook.stat().st_mode | stat.S_IEXEC)


@pytest.mark.parametrize(
    "refusal",
    [
        "refusing to allow a GitHub App to create or update workflow "
        "`.github/workflows/ci.yml` without `workflows` permission",
        "refusing to allow an OAuth App to create or update workflow "
        "`.github/workflows/ci.yml` without `workflow` scope",
        "refusing to allow a Personal Access Token to create or update workflow "
        "`.github/workflows/ci.yml` without `workflow` scope",
    ],
)
def test_a_push_refused_for_workflows_is_one_sentence(repos: gitrepo.Repos, refusal: str) -> None:
    refuse_with(repos.origin, refusal)
    with pytest.raises(GitError) as caught:
        Remote(repos.work, None, ["main", "prod"]).push_branch(BRANCH)
    assert caught.value.message == (
        f"The push of '{BRANCH}' was refused because the backport touches .github/workflows/ "
        "and the token lacks the `workflows` permission; give the backport a token that has "
        "it through `backport-token` (--backport-token or RELEASEGATE_BACKPORT_TOKEN)."
    )


def test_another_refusal_is_reported_with_what_the_remote_said(repos: gitrepo.Repos) -> None:
    refuse_with(repos.origin, "GH006: Protected branch update failed")
    with pytest.raises(GitError, match="GH006: Protected branch update failed"):
        Remote(repos.work, None, ["main", "prod"]).push_branch(BRANCH)


def test_has_branch_and_fetches(repos: gitrepo.Repos) -> None:
    remote = Remote(repos.work, None, ["main", "prod"])
    assert not remote.has_branch(BRANCH)
    remote.push_branch(BRANCH)
    assert remote.has_branch(BRANCH)

    gitrepo.git(repos.origin, "update-ref", "refs/pull/7/head", repos.sha(BRANCH))
    assert remote.fetch_pull_head(7)
    assert repos.sha("refs/releasegate/pr-7-head") == repos.sha(BRANCH)
    assert not remote.fetch_pull_head(8)  # tolerated: only some merges need the head

    remote.fetch_branches("main", "prod")
    assert repos.sha("refs/remotes/origin/prod") == gitrepo.sha(repos.origin, "prod")


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://github.com/acme/app", "http.https://github.com/.extraheader"),
        (
            "https://x-access-token:abc@github.com/acme/app.git",
            "http.https://github.com/.extraheader",
        ),
        ("https://ghe.example.com:8443/acme/app", "http.https://ghe.example.com:8443/.extraheader"),
        ("git@github.com:acme/app.git", None),
        ("ssh://git@github.com/acme/app.git", None),
        ("/srv/git/app.git", None),
        ("http://insecure.example.com/acme/app", None),
    ],
)
def test_the_header_goes_only_to_https_remotes_under_checkouts_key(
    url: str, key: str | None
) -> None:
    assert _header_key(url) == key


def test_the_token_travels_in_the_environment_and_replaces_the_persisted_header(
    repos: gitrepo.Repos,
) -> None:
    repos.git("remote", "set-url", "origin", "https://github.com/acme/app")
    # What actions/checkout persists in the checkout's config:
    repos.git("config", "http.https://github.com/.extraheader", "AUTHORIZATION: basic OLD")

    remote = Remote(repos.work, TOKEN, ["main", "prod"])
    authenticated = remote._git

    assert isinstance(authenticated, ConfiguredGit)
    assert all(TOKEN not in value for value in authenticated._env.values())
    header = authenticated.run(
        "config", "--get-urlmatch", "http.extraheader", "https://github.com/acme/app"
    ).strip()
    assert header == auth_header(TOKEN)
    assert header == "AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hzX3VuaXRUT0tFTjAxMjM0NTY3ODk="


def test_a_failing_fetch_names_no_token(repos: gitrepo.Repos) -> None:
    repos.git("remote", "set-url", "origin", "https://127.0.0.1:9/acme/app")
    remote = Remote(repos.work, TOKEN, ["main", "prod"])
    with pytest.raises(GitError) as caught:
        remote.fetch_branches("main", "prod")
    assert TOKEN not in caught.value.message
    assert auth_header(TOKEN).split()[-1] not in caught.value.message


def test_config_environment_adds_after_entries_already_set() -> None:
    env = {"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "a.b", "GIT_CONFIG_VALUE_0": "c"}
    assert config_environment(env, [("k.x", ""), ("k.x", "v")]) == {
        "GIT_CONFIG_COUNT": "3",
        "GIT_CONFIG_KEY_1": "k.x",
        "GIT_CONFIG_VALUE_1": "",
        "GIT_CONFIG_KEY_2": "k.x",
        "GIT_CONFIG_VALUE_2": "v",
    }


def test_configured_git_sees_its_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gitrepo.isolate_from_user_config(tmp_path, monkeypatch)
    gitrepo.git(tmp_path, "init", "--quiet", "repo")
    git = ConfiguredGit(tmp_path / "repo", [("user.name", "releasegate test")])
    assert git.run("config", "user.name").strip() == "releasegate test"
    assert Git(tmp_path / "repo").attempt("config", "user.name").stdout == ""
