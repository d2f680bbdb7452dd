import os
import subprocess
from pathlib import Path

import pytest

from releasegate.errors import GitError
from releasegate.git.command import Git
from releasegate.hotfix.pick import (
    PickOutcome,
    PickResult,
    abort_pick,
    cherry_pick,
    commit_conflicted_state,
    manual_commands,
)
from support import gitrepo

BRANCH = "backport/7-to-main"


@pytest.fixture
def repos(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> gitrepo.Repos:
    repos = gitrepo.new_repos(tmp_path, monkeypatch)
    repos.commit("feature.py", "feature = 1\n", "A feature on main")
    repos.push("main")
    repos.git("fetch", "--quiet", "origin")
    return repos


def hotfix(repos: gitrepo.Repos, *changes: tuple[str, str]) -> list[str]:
    """Commit each (path, text) on a hotfix branch from prod, merge it into prod."""
    repos.checkout("hotfix/fix", "prod")
    commits = [
        repos.commit(path, text, f"Fix {path} #{i}") for i, (path, text) in enumerate(changes)
    ]
    gitrepo.merge_like_github(repos, "merge", "hotfix/fix")
    repos.git("fetch", "--quiet", "origin")
    repos.checkout("main")
    return commits


def pick(repos: gitrepo.Repos, commits: list[str]) -> PickResult:
    return cherry_pick(
        Git(repos.work),
        target_ref="origin/main",
        branch=BRANCH,
        commits=commits,
        production_ref="origin/prod",
    )


def status(repos: gitrepo.Repos) -> str:
    return repos.git("status", "--porcelain", "--untracked-files=no")


def conflict_on_main(repos: gitrepo.Repos) -> None:
    """Main changes the line the hotfix will change."""
    repos.commit("app.py", "x = 2\ny = 1\n", "Main changes x")
    repos.push("main")
    repos.git("fetch", "--quiet", "origin")


def test_picks_each_commit_in_order_with_the_x_trailer(repos: gitrepo.Repos) -> None:
    main_before, prod_before = repos.sha("main"), repos.sha("origin/prod")
    commits = hotfix(
        repos, ("fixes/a.txt", "a\n"), ("fixes/b.txt", "b\n"), ("app.py", "x = 1\ny = 9\n")
    )

    result = cherry_pick(Git(repos.work), target_ref="origin/main", branch=BRANCH, commits=commits)

    assert result.outcome is PickOutcome.PICKED
    assert [picked.source for picked in result.picked] == commits
    assert repos.git("rev-list", "--reverse", f"origin/main..{BRANCH}").split() == list(
        result.new_commits
    )
    for picked in result.picked:
        message = repos.git("log", "-1", "--format=%B", picked.new)
        assert f"(cherry picked from commit {picked.source})" in message
    assert repos.git("symbolic-ref", "--short", "HEAD").strip() == BRANCH
    assert repos.sha("main") == main_before
    assert repos.sha("origin/prod") != prod_before  # the hotfix merged there, not by us
    assert repos.git("branch", "--list", "prod").strip() == "prod"
    assert (repos.work / "app.py").read_text() == "x = 1\ny = 9\n"


def test_conflict_lists_the_file_and_abort_leaves_a_clean_tree(repos: gitrepo.Repos) -> None:
    conflict_on_main(repos)
    commits = hotfix(
        repos, ("fixes/a.txt", "a\n"), ("app.py", "x = 3\ny = 1\n"), ("fixes/c.txt", "c\n")
    )
    git = Git(repos.work)

    result = pick(repos, commits)

    assert result.outcome is PickOutcome.CONFLICT
    assert result.conflict_commit == commits[1]
    assert result.conflicted_files == ("app.py",)
    assert [picked.source for picked in result.picked] == commits[:1]
    assert result.remaining == tuple(commits[1:])
    assert "<<<<<<<" in (repos.work / "app.py").read_text()

    abort_pick(git)

    assert status(repos) == ""
    assert repos.sha("HEAD") == repos.sha("origin/main")
    assert (repos.work / "app.py").read_text() == "x = 2\ny = 1\n"
    abort_pick(git)  # nothing in progress: a no-op


def test_change_already_on_main_is_already_applied(repos: gitrepo.Repos) -> None:
    repos.commit("app.py", "x = 5\ny = 1\n", "Same fix made on main")
    repos.push("main")
    commits = hotfix(repos, ("app.py", "x = 5\ny = 1\n"))

    result = pick(repos, commits)

    assert result.outcome is PickOutcome.ALREADY_APPLIED
    assert result.already_applied == tuple(commits)
    assert result.picked == ()
    assert repos.sha(BRANCH) == repos.sha("origin/main")
    assert status(repos) == ""


def test_some_picks_empty_keeps_the_others(repos: gitrepo.Repos) -> None:
    repos.commit("fixes/b.txt", "b\n", "b made on main already")
    repos.push("main")
    commits = hotfix(repos, ("fixes/a.txt", "a\n"), ("fixes/b.txt", "b\n"), ("fixes/c.txt", "c\n"))

    result = pick(repos, commits)

    assert result.outcome is PickOutcome.PICKED
    assert result.already_applied == (commits[1],)
    assert [picked.source for picked in result.picked] == [commits[0], commits[2]]
    assert len(repos.git("rev-list", f"origin/main..{BRANCH}").split()) == 2
    assert status(repos) == ""


@pytest.mark.parametrize("branch", ["main", "origin/main", "refs/heads/main", "prod"])
def test_refuses_to_write_the_target_or_production_branch(
    repos: gitrepo.Repos, branch: str
) -> None:
    commits = hotfix(repos, ("fixes/a.txt", "a\n"))
    head = repos.sha("HEAD")

    with pytest.raises(GitError, match="Refusing"):
        cherry_pick(
            Git(repos.work),
            target_ref="origin/main",
            branch=branch,
            commits=commits,
            production_ref="origin/prod",
        )
    assert repos.sha("HEAD") == head


def test_refuses_a_dirty_tree_and_an_existing_branch(repos: gitrepo.Repos) -> None:
    commits = hotfix(repos, ("fixes/a.txt", "a\n"))
    (repos.work / "app.py").write_text("dirty\n")
    with pytest.raises(GitError, match="uncommitted changes"):
        pick(repos, commits)
    repos.git("checkout", "--", "app.py")
    repos.git("branch", BRANCH)
    with pytest.raises(GitError, match="already exists"):
        pick(repos, commits)


def test_unknown_commit_says_to_fetch_full_history(repos: gitrepo.Repos) -> None:
    with pytest.raises(GitError, match="fetch-depth: 0"):
        pick(repos, ["d" * 40])


def test_commit_conflicted_state_commits_the_markers(repos: gitrepo.Repos) -> None:
    conflict_on_main(repos)
    commits = hotfix(repos, ("app.py", "x = 3\ny = 1\n"), ("fixes/c.txt", "c\n"))
    git = Git(repos.work)
    result = pick(repos, commits)
    assert result.outcome is PickOutcome.CONFLICT

    sha = commit_conflicted_state(git, "Backport #7 to main (conflicts)")

    assert sha == repos.sha(BRANCH)
    assert "<<<<<<<" in repos.git("show", f"{sha}:app.py")
    assert repos.git("log", "-1", "--format=%B", sha) == (
        "Backport #7 to main (conflicts)\n\n"
        "Conflicted files, committed with their conflict markers:\n"
        "- app.py\n\n"
        f"(cherry picked from commit {commits[0]})\n\n"
    )
    assert status(repos) == ""
    assert git.attempt("rev-parse", "--verify", "-q", "CHERRY_PICK_HEAD").returncode != 0
    abort_pick(git)  # nothing left in progress
    assert repos.sha("HEAD") == sha


def test_commit_conflicted_state_without_a_conflict_is_an_error(repos: gitrepo.Repos) -> None:
    with pytest.raises(GitError, match="no conflicted cherry-pick"):
        commit_conflicted_state(Git(repos.work), "nothing")


def test_manual_commands_text() -> None:
    assert manual_commands(
        target="main", production="prod", branch=BRANCH, commits=["abc1234", "def5678"]
    ) == [
        "git fetch origin main prod",
        "git checkout -b backport/7-to-main origin/main",
        "git cherry-pick -x abc1234 def5678",
        "# Where git stops on a conflict: fix the files it lists, `git add` them, then continue",
        "# (run the next line again each time it stops on another conflict):",
        "git cherry-pick --continue",
        "git push --set-upstream origin backport/7-to-main",
    ]


def bash(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_EDITOR": "true"}  # the person saves the proposed message
    return subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def run_by_hand(commands: list[str], cwd: Path) -> None:
    """Run the lines in bash as a person would: at each conflict, resolve it with the hotfix's
    line and `git add` it, then go on to (or repeat) `git cherry-pick --continue`."""
    for command in (line for line in commands if not line.startswith("#")):
        done = bash(command, cwd)
        while done.returncode != 0 and "CONFLICT" in done.stdout:
            (cwd / "app.py").write_text("x = 3\ny = 1\n")  # the scripted resolution
            assert bash("git add app.py", cwd).returncode == 0
            if command != "git cherry-pick --continue":
                break  # the next line continues
            done = bash(command, cwd)
        else:
            assert done.returncode == 0, f"{command}: {done.stderr}"


def test_manual_commands_finish_the_backport(repos: gitrepo.Repos, tmp_path: Path) -> None:
    conflict_on_main(repos)
    commits = hotfix(
        repos, ("fixes/a.txt", "a\n"), ("app.py", "x = 3\ny = 1\n"), ("fixes/c.txt", "c\n")
    )
    assert pick(repos, commits).outcome is PickOutcome.CONFLICT
    abort_pick(Git(repos.work))
    person = gitrepo.clone(repos.origin, tmp_path / "laptop")

    commands = manual_commands(target="main", production="prod", branch=BRANCH, commits=commits)
    run_by_hand(commands, person)

    repos.git("fetch", "--quiet", "origin")
    assert repos.git("show", f"origin/{BRANCH}:app.py") == "x = 3\ny = 1\n"
    assert repos.git("show", f"origin/{BRANCH}:fixes/c.txt") == "c\n"
    messages = repos.git("log", "--format=%B", f"origin/main..origin/{BRANCH}")
    for commit in commits:
        assert f"(cherry picked from commit {commit})" in messages


def test_manual_commands_replace_a_pushed_draft_branch(
    repos: gitrepo.Repos, tmp_path: Path
) -> None:
    conflict_on_main(repos)
    commits = hotfix(repos, ("app.py", "x = 3\ny = 1\n"), ("fixes/c.txt", "c\n"))
    assert pick(repos, commits).outcome is PickOutcome.CONFLICT
    commit_conflicted_state(Git(repos.work), "Backport #7 (conflicts)")
    repos.push(BRANCH)  # what the draft-PR mode does
    person = gitrepo.clone(repos.origin, tmp_path / "laptop")

    commands = manual_commands(
        target="main", production="prod", branch=BRANCH, commits=commits, branch_on_remote=True
    )
    run_by_hand(commands, person)

    repos.git("fetch", "--quiet", "origin")
    assert repos.git("show", f"origin/{BRANCH}:app.py") == "x = 3\ny = 1\n"
    assert "<<<<<<<" not in repos.git("log", "-p", f"origin/main..origin/{BRANCH}")


def test_a_merge_commit_in_the_list_is_a_git_error(repos: gitrepo.Repos) -> None:
    hotfix(repos, ("fixes/a.txt", "a\n"))

    with pytest.raises(GitError, match=r"cherry-pick -x .*no -m option"):
        pick(repos, [repos.sha("origin/prod")])
    assert status(repos) == ""


def test_a_failure_after_some_picks_abandons_the_pick(
    repos: gitrepo.Repos, monkeypatch: pytest.MonkeyPatch
) -> None:
    commits = hotfix(repos, ("fixes/a.txt", "a\n"), ("fixes/b.txt", "b\n"))
    repos.git("config", "--unset", "user.email")
    repos.git("config", "user.useConfigOnly", "true")
    for name in ("EMAIL", "GIT_COMMITTER_EMAIL", "GIT_AUTHOR_EMAIL"):
        monkeypatch.delenv(name, raising=False)

    with pytest.raises(GitError, match=r"(?s)cherry-pick -x .*email.*abandoned") as raised:
        pick(repos, commits)

    assert "\n" not in raised.value.message
    assert status(repos) == ""
    assert repos.sha(BRANCH) == repos.sha("origin/main")
