from pathlib import Path

import pytest

from releasegate.errors import GitError
from releasegate.git.command import Git, GitOutput
from releasegate.git.divergence import CommitInfo, commits_from_main_in_head, missing_from_main
from support import gitrepo


@pytest.fixture
def repos(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> gitrepo.Repos:
    repos = gitrepo.new_repos(tmp_path, monkeypatch)
    repos.commit("feature.py", "feature = 1\n", "A feature on main")
    repos.checkout("prod")
    repos.commit("app.py", "x = 1\ny = 2\n", "Hotfix y")
    return repos


def missing(repos: gitrepo.Repos, git: Git | None = None) -> list[CommitInfo]:
    return missing_from_main(git or Git(repos.work), production_ref="prod", main_ref="main")


def hotfix_y(repos: gitrepo.Repos) -> CommitInfo:
    return CommitInfo(repos.sha("prod"), "Hotfix y")


def test_a_hotfix_missing_from_main_until_it_is_cherry_picked(repos: gitrepo.Repos) -> None:
    assert missing(repos) == [hotfix_y(repos)]

    repos.checkout("main")
    repos.git("cherry-pick", "-x", "prod")

    assert missing(repos) == []


def test_an_equivalent_patch_with_another_sha_counts(repos: gitrepo.Repos) -> None:
    repos.checkout("main")
    repos.commit("app.py", "x = 1\ny = 5\n", "Unrelated change of y")
    assert missing(repos) == [hotfix_y(repos)]

    repos.commit("app.py", "x = 1\ny = 1\n", "Back to y = 1")
    repos.commit("app.py", "x = 1\ny = 2\n", "Same fix, typed again")

    assert repos.git("log", "--format=%B", "main").count("cherry picked") == 0
    assert missing(repos) == []


@pytest.mark.parametrize("length", [7, 12, 40])
def test_a_trailer_naming_the_commit_counts_even_if_the_patch_differs(
    repos: gitrepo.Repos, length: int
) -> None:
    sha = repos.sha("prod")
    repos.checkout("main")
    repos.commit(
        "app.py",
        "x = 1\ny = 3\n",
        f"Hotfix y, adapted\n\n(cherry picked from commit {sha[:length]})",
    )

    assert missing(repos) == []


def test_a_trailer_with_a_too_short_or_other_sha_does_not_count(repos: gitrepo.Repos) -> None:
    sha = repos.sha("prod")
    other = "0" * 40
    repos.checkout("main")
    repos.commit(
        "app.py",
        "x = 1\ny = 3\n",
        f"Adapted\n\n(cherry picked from commit {sha[:6]})\n(cherry picked from commit {other})",
    )

    assert missing(repos) == [hotfix_y(repos)]


def test_a_fix_picked_from_main_onto_production_is_not_missing(repos: gitrepo.Repos) -> None:
    repos.checkout("main")
    on_main = repos.commit("app.py", "x = 7\ny = 1\n", "Fix x on main first")
    repos.checkout("prod")
    # The pick conflicted on prod and was adapted, so its patch differs from main's.
    repos.commit("app.py", "x = 7\ny = 2\n", f"Fix x\n\n(cherry picked from commit {on_main})")

    assert missing(repos) == [CommitInfo(repos.sha("prod~1"), "Hotfix y")]


def test_merges_and_commits_from_main_are_not_missing(repos: gitrepo.Repos) -> None:
    repos.git("merge", "--quiet", "--no-ff", "-m", "Release main to prod", "main")
    repos.commit("fixes/z.txt", "z\n", "Hotfix z")

    assert [commit.subject for commit in missing(repos)] == ["Hotfix y", "Hotfix z"]


def test_remote_tracking_refs(repos: gitrepo.Repos) -> None:
    repos.push("main", "prod")
    repos.git("fetch", "--quiet", "origin")

    assert missing_from_main(
        Git(repos.work), production_ref="origin/prod", main_ref="origin/main"
    ) == [hotfix_y(repos)]


def test_a_missing_ref_says_to_fetch_full_history(repos: gitrepo.Repos) -> None:
    with pytest.raises(GitError, match=r"'origin/production'.*fetch-depth: 0"):
        missing_from_main(Git(repos.work), production_ref="origin/production", main_ref="main")


def test_a_shallow_clone_says_to_fetch_full_history(repos: gitrepo.Repos, tmp_path: Path) -> None:
    repos.push("main", "prod")
    shallow = tmp_path / "shallow"
    gitrepo.git(tmp_path, "clone", "--quiet", "--depth=1", f"file://{repos.origin}", str(shallow))

    with pytest.raises(GitError, match=r"shallow.*fetch-depth: 0"):
        missing_from_main(Git(shallow), production_ref="origin/prod", main_ref="origin/main")


class CountingGit(Git):
    def __init__(self, checkout: Path) -> None:
        super().__init__(checkout)
        self.calls = 0

    def attempt(self, *args: str, stdin: str | None = None) -> GitOutput:
        self.calls += 1
        return super().attempt(*args, stdin=stdin)


def test_git_processes_do_not_grow_with_the_commit_count(repos: gitrepo.Repos) -> None:
    calls = []
    for batch in range(2):
        for i in range(15):
            repos.checkout("prod")
            fix = repos.commit(f"fixes/{batch}-{i}.txt", f"{i}\n", f"fix {batch}-{i}")
            if i % 3 == 0:
                repos.checkout("main")
                repos.git("cherry-pick", "-x", fix)
        git = CountingGit(repos.work)
        assert len(missing(repos, git)) == 1 + 10 * (batch + 1)
        calls.append(git.calls)

    assert calls[0] == calls[1]
    assert calls[1] <= 5


def test_a_branch_cut_from_production_carries_nothing_from_main(repos: gitrepo.Repos) -> None:
    repos.checkout("hotfix/from-prod", "prod")
    repos.commit("fixes/a.txt", "a\n", "The fix")

    assert (
        commits_from_main_in_head(
            Git(repos.work), head_ref="hotfix/from-prod", production_ref="prod", main_ref="main"
        )
        == []
    )


def test_a_branch_cut_from_main_carries_main_commits(repos: gitrepo.Repos) -> None:
    repos.checkout("main")
    later = repos.commit("feature2.py", "feature = 2\n", "Another feature on main")
    repos.checkout("hotfix/from-main", "main~1")
    repos.commit("fixes/a.txt", "a\n", "The fix")
    repos.push("main", "prod", "hotfix/from-main")
    repos.git("fetch", "--quiet", "origin")

    found = commits_from_main_in_head(
        Git(repos.work),
        head_ref="origin/hotfix/from-main",
        production_ref="origin/prod",
        main_ref="origin/main",
    )

    assert found == [CommitInfo(repos.sha("main~1"), "A feature on main")]
    assert later not in {commit.sha for commit in found}


def test_a_branch_that_merged_main_carries_main_commits(repos: gitrepo.Repos) -> None:
    repos.checkout("hotfix/merged-main", "prod")
    repos.commit("fixes/a.txt", "a\n", "The fix")
    repos.git("merge", "--quiet", "--no-ff", "-m", "Merge main", "main")

    found = commits_from_main_in_head(
        Git(repos.work), head_ref="hotfix/merged-main", production_ref="prod", main_ref="main"
    )

    assert found == [CommitInfo(repos.sha("main"), "A feature on main")]


def test_unrelated_histories_share_nothing(repos: gitrepo.Repos) -> None:
    repos.git("checkout", "--quiet", "--orphan", "elsewhere")
    repos.commit("other.txt", "o\n", "Unrelated root")

    assert (
        commits_from_main_in_head(
            Git(repos.work), head_ref="elsewhere", production_ref="prod", main_ref="main"
        )
        == []
    )
