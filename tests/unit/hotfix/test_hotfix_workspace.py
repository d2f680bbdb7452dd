"""The scratch work tree: the checkout is never touched, nothing is left behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from releasegate.errors import GitError
from releasegate.facts.git import GitCommit
from releasegate.git.command import Git
from releasegate.hotfix.workspace import commit_summaries, scratch_worktree
from support import gitrepo

BRANCH = "backport/7-to-main"


@pytest.fixture
def repos(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> gitrepo.Repos:
    monkeypatch.setenv("RUNNER_TEMP", str(tmp_path))
    return gitrepo.new_repos(tmp_path, monkeypatch)


def test_the_checkout_keeps_its_branch_files_and_changes(repos: gitrepo.Repos) -> None:
    (repos.work / "app.py").write_text("uncommitted\n")
    head = repos.git("rev-parse", "HEAD")

    with scratch_worktree(Git(repos.work), start="origin/prod", branch=BRANCH) as work:
        work.run("switch", "--quiet", "-c", BRANCH)
        (work.checkout / "fix.txt").write_text("fix\n")
        work.run("add", "fix.txt")
        work.run("commit", "--quiet", "-m", "Fix")
        assert work.checkout != repos.work
        assert repos.git("rev-parse", "--verify", BRANCH)

    assert (repos.work / "app.py").read_text() == "uncommitted\n"
    assert repos.git("rev-parse", "HEAD") == head
    assert repos.git("branch", "--list", BRANCH) == ""
    assert repos.git("worktree", "list").count("\n") == 1
    assert not work.checkout.exists()


def fail_inside(repos: gitrepo.Repos) -> None:
    with scratch_worktree(Git(repos.work), start="origin/main", branch=BRANCH) as work:
        work.run("switch", "--quiet", "-c", BRANCH)
        raise RuntimeError("boom")


def test_it_cleans_up_after_an_error(repos: gitrepo.Repos) -> None:
    with pytest.raises(RuntimeError):
        fail_inside(repos)
    assert repos.git("branch", "--list", BRANCH) == ""
    assert repos.git("worktree", "list").count("\n") == 1


def test_a_local_branch_of_that_name_is_not_overwritten(repos: gitrepo.Repos) -> None:
    repos.git("branch", BRANCH)
    with (
        pytest.raises(GitError, match=r"already exists .*\(git branch -D backport/7-to-main\)"),
        scratch_worktree(Git(repos.work), start="origin/main", branch=BRANCH),
    ):
        pass
    assert repos.git("branch", "--list", BRANCH).strip() == BRANCH


def test_commits_get_the_actions_bot_identity_only_when_git_has_none(
    repos: gitrepo.Repos,
) -> None:
    with scratch_worktree(Git(repos.work), start="origin/main", branch=BRANCH) as work:
        assert work.run("var", "GIT_COMMITTER_IDENT").startswith("Hotfix Tester <")

    repos.git("config", "--unset", "user.name")
    repos.git("config", "--unset", "user.email")
    repos.git("config", "user.useConfigOnly", "true")  # no guessing from the host name
    with scratch_worktree(Git(repos.work), start="origin/main", branch=BRANCH) as work:
        assert work.run("var", "GIT_COMMITTER_IDENT").startswith(
            "github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>"
        )


def test_commit_summaries_keep_the_order_asked(repos: gitrepo.Repos) -> None:
    first = repos.commit("a.txt", "a\n", "First")
    second = repos.commit("b.txt", "b\n", "Second: with a colon")
    summaries = commit_summaries(Git(repos.work), [second, first])
    assert list(summaries.values()) == [
        GitCommit(second, "Second: with a colon"),
        GitCommit(first, "First"),
    ]
    assert commit_summaries(Git(repos.work), []) == {}
