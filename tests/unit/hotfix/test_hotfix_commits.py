from pathlib import Path

import pytest

from releasegate.errors import GitError
from releasegate.git.command import Git, GitOutput
from releasegate.hotfix.commits import (
    MergeMethod,
    PickList,
    commits_put_on_production,
    is_on_branch,
    patch_ids,
)
from support import gitrepo


@pytest.fixture
def repos(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> gitrepo.Repos:
    repos = gitrepo.new_repos(tmp_path, monkeypatch)
    # Production moves on after the hotfix branch is cut, as it does between fixes.
    gitrepo.hotfix_branch(repos, "hotfix/fix", 0)
    repos.checkout("prod")
    repos.commit("other.py", "other = 1\n", "Another hotfix")
    return repos


def pick_list(repos: gitrepo.Repos, merged: str, head: str | None, count: int) -> PickList:
    return commits_put_on_production(
        Git(repos.work), merge_commit_sha=merged, pr_head_sha=head, pr_commit_count=count
    )


@pytest.mark.parametrize("count", [1, 3])
def test_merge_commit_picks_the_pr_commits_not_the_merge(repos: gitrepo.Repos, count: int) -> None:
    pr_commits = gitrepo.hotfix_branch(repos, "hotfix/fix", count)
    merged = gitrepo.merge_like_github(repos, "merge", "hotfix/fix")

    assert pick_list(repos, merged, pr_commits[-1], count) == PickList(
        MergeMethod.MERGE, tuple(pr_commits)
    )


@pytest.mark.parametrize("count", [1, 3])
def test_squash_merge_picks_the_squashed_commit(repos: gitrepo.Repos, count: int) -> None:
    pr_commits = gitrepo.hotfix_branch(repos, "hotfix/fix", count)
    merged = gitrepo.merge_like_github(repos, "squash", "hotfix/fix")

    assert pick_list(repos, merged, pr_commits[-1], count) == PickList(
        MergeMethod.SQUASH, (merged,)
    )


def test_rebase_merge_picks_the_rebased_commits(repos: gitrepo.Repos) -> None:
    pr_commits = gitrepo.hotfix_branch(repos, "hotfix/fix", 3)
    merged = gitrepo.merge_like_github(repos, "rebase", "hotfix/fix")
    landed = repos.git("rev-list", "--reverse", "-n", "3", merged).split()

    result = pick_list(repos, merged, pr_commits[-1], 3)

    assert result == PickList(MergeMethod.REBASE, tuple(landed))
    assert set(landed).isdisjoint(pr_commits)  # new SHAs, as GitHub makes them
    assert landed[-1] == merged


def test_one_commit_rebase_is_the_merge_commit(repos: gitrepo.Repos) -> None:
    pr_commits = gitrepo.hotfix_branch(repos, "hotfix/fix", 1)
    merged = gitrepo.merge_like_github(repos, "rebase", "hotfix/fix")

    assert merged != pr_commits[0]
    assert pick_list(repos, merged, pr_commits[0], 1) == PickList(MergeMethod.SQUASH, (merged,))


def test_one_commit_without_the_pr_head_is_the_merge_commit(repos: gitrepo.Repos) -> None:
    gitrepo.hotfix_branch(repos, "hotfix/fix", 1)
    merged = gitrepo.merge_like_github(repos, "squash", "hotfix/fix")

    assert pick_list(repos, merged, "f" * 40, 1) == PickList(MergeMethod.SQUASH, (merged,))
    assert pick_list(repos, merged, None, 1) == PickList(MergeMethod.SQUASH, (merged,))


def test_several_commits_without_the_pr_head_is_an_error(repos: gitrepo.Repos) -> None:
    gitrepo.hotfix_branch(repos, "hotfix/fix", 3)
    merged = gitrepo.merge_like_github(repos, "rebase", "hotfix/fix")

    with pytest.raises(GitError, match=r"refs/pull/<N>/head"):
        pick_list(repos, merged, "f" * 40, 3)


def test_squash_of_commits_that_each_touch_the_same_file(repos: gitrepo.Repos) -> None:
    repos.checkout("hotfix/fix")
    pr_commits = [repos.commit("app.py", f"x = {i}\ny = 1\n", f"step {i}") for i in (2, 3, 4)]
    merged = gitrepo.merge_like_github(repos, "squash", "hotfix/fix")

    assert pick_list(repos, merged, pr_commits[-1], 3) == PickList(MergeMethod.SQUASH, (merged,))


def test_merge_commit_of_a_branch_that_merged_production_in(repos: gitrepo.Repos) -> None:
    own = gitrepo.hotfix_branch(repos, "hotfix/fix", 1)
    repos.git("merge", "--quiet", "--no-ff", "-m", "Merge prod into hotfix", "prod")
    own.append(repos.commit("fixes/late.txt", "late\n", "late fix"))
    merged = gitrepo.merge_like_github(repos, "merge", "hotfix/fix")

    assert pick_list(repos, merged, own[-1], 3).commits == tuple(own)


def test_unknown_merge_commit_says_to_fetch_full_history(repos: gitrepo.Repos) -> None:
    with pytest.raises(GitError, match="fetch-depth: 0"):
        pick_list(repos, "e" * 40, None, 1)


def test_octopus_merge_is_refused(repos: gitrepo.Repos) -> None:
    gitrepo.hotfix_branch(repos, "a", 1)
    gitrepo.hotfix_branch(repos, "b", 1)
    repos.checkout("prod")
    repos.git("merge", "--quiet", "--no-ff", "-m", "octopus", "a", "b")

    with pytest.raises(GitError, match="3 parents"):
        pick_list(repos, repos.sha("prod"), None, 2)


def test_patch_ids_match_for_the_same_change_and_are_none_for_empty(
    repos: gitrepo.Repos,
) -> None:
    repos.checkout("hotfix/fix")
    original = repos.commit("fixes/a.txt", "a\n", "a")
    repos.checkout("prod")
    repos.git("cherry-pick", original)
    copy = repos.sha("HEAD")
    repos.git("commit", "--quiet", "--allow-empty", "-m", "nothing")
    empty = repos.sha("HEAD")

    ids = patch_ids(Git(repos.work), [original, copy, empty])

    assert ids[original] is not None
    assert ids[original] == ids[copy]
    assert ids[empty] is None


class CountingGit(Git):
    def __init__(self, checkout: Path) -> None:
        super().__init__(checkout)
        self.calls = 0

    def attempt(self, *args: str, stdin: str | None = None) -> GitOutput:
        self.calls += 1
        return super().attempt(*args, stdin=stdin)


@pytest.mark.parametrize("method", ["merge", "rebase"])
def test_git_processes_do_not_grow_with_the_commit_count(repos: gitrepo.Repos, method: str) -> None:
    calls = []
    for name, count in (("hotfix/small", 2), ("hotfix/large", 12)):
        pr_commits = gitrepo.hotfix_branch(repos, name, count)
        merged = gitrepo.merge_like_github(repos, method, name)
        git = CountingGit(repos.work)
        result = commits_put_on_production(
            git, merge_commit_sha=merged, pr_head_sha=pr_commits[-1], pr_commit_count=count
        )
        assert len(result.commits) == count
        calls.append(git.calls)

    assert calls[0] == calls[1]
    assert calls[1] <= 8


def test_rebase_of_commits_with_non_utf8_and_binary_content(repos: gitrepo.Repos) -> None:
    repos.checkout("hotfix/fix")
    pr_commits = []
    for name, content in (
        ("latin1.txt", "café\n".encode("latin-1")),
        ("blob.bin", bytes(range(256))),
    ):
        (repos.work / name).write_bytes(content)
        repos.git("add", name)
        repos.git("commit", "--quiet", "-m", f"add {name}")
        pr_commits.append(repos.sha("HEAD"))
    merged = gitrepo.merge_like_github(repos, "rebase", "hotfix/fix")

    result = pick_list(repos, merged, pr_commits[-1], 2)

    assert result.method is MergeMethod.REBASE
    ids = patch_ids(Git(repos.work), [*pr_commits, *result.commits])
    assert ids[pr_commits[1]] == ids[result.commits[1]]
    assert ids[pr_commits[0]] != ids[pr_commits[1]]


def test_a_commit_is_on_a_branch_when_the_branch_contains_it(repos: gitrepo.Repos) -> None:
    pr_commits = gitrepo.hotfix_branch(repos, "hotfix/fix", 1)
    merged = gitrepo.merge_like_github(repos, "merge", "hotfix/fix")
    git = Git(repos.work)

    assert is_on_branch(git, merged, "prod")
    assert is_on_branch(git, pr_commits[0], "prod")
    assert not is_on_branch(git, merged, "main")
    assert not is_on_branch(git, "f" * 40, "prod")  # not in this clone: on no branch of it
    with pytest.raises(GitError, match="merge-base --is-ancestor"):
        is_on_branch(git, merged, "no-such-branch")
