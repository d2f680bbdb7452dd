"""Real git repositories for the hotfix tests: a bare "origin" and a clone to work in.

``new_repos`` makes origin with ``main`` and ``prod`` (both at one initial commit) and a
clone with user.name/email in its config. Commits made here get increasing fixed dates, so
two commits made in the same second still differ, as on GitHub.
"""

from __future__ import annotations

import itertools
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

_clock = itertools.count()


def isolate_from_user_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No global or system git config (signing, hooks, aliases) may change a test's outcome."""
    empty = tmp_path / "empty-gitconfig"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name, raising=False)


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` with fresh fixed dates; fail the test on a non-zero exit."""
    stamp = f"@{1704067200 + 60 * next(_clock)} +0000"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    completed = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        pytest.fail(f"git {' '.join(args)} failed: {completed.stderr}{completed.stdout}")
    return completed.stdout


def commit(repo: Path, path: str, text: str, msg: str) -> str:
    """Write ``text`` to ``path`` (creating folders), commit it on the current branch."""
    file = repo / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text)
    git(repo, "add", "--", path)
    git(repo, "commit", "--quiet", "-m", msg)
    return sha(repo, "HEAD")


def sha(repo: Path, ref: str) -> str:
    return git(repo, "rev-parse", "--verify", f"{ref}^{{commit}}").strip()


def checkout(repo: Path, branch: str, start: str | None = None) -> None:
    git(repo, "checkout", "--quiet", *(["-b", branch, start] if start else [branch]))


def configure(repo: Path) -> None:
    git(repo, "config", "user.name", "Hotfix Tester")
    git(repo, "config", "user.email", "tester@example.com")
    git(repo, "config", "commit.gpgsign", "false")


def clone(origin: Path, into: Path) -> Path:
    git(origin.parent, "clone", "--quiet", str(origin), str(into))
    configure(into)
    return into


@dataclass(frozen=True)
class Repos:
    origin: Path
    work: Path

    def git(self, *args: str) -> str:
        return git(self.work, *args)

    def commit(self, path: str, text: str, msg: str) -> str:
        return commit(self.work, path, text, msg)

    def sha(self, ref: str) -> str:
        return sha(self.work, ref)

    def checkout(self, branch: str, start: str | None = None) -> None:
        checkout(self.work, branch, start)

    def push(self, *branches: str) -> None:
        self.git("push", "--quiet", "origin", *branches)

    def log(self, ref: str) -> list[str]:
        """Subjects on ``ref``, newest first."""
        return self.git("log", "--format=%s", ref).splitlines()


def new_repos(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repos:
    """Origin with main and prod at a shared first commit, and a clone on main."""
    isolate_from_user_config(tmp_path, monkeypatch)
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(origin))
    work = tmp_path / "work"
    git(tmp_path, "init", "--quiet", "--initial-branch=main", str(work))
    configure(work)
    git(work, "remote", "add", "origin", str(origin))
    repos = Repos(origin, work)
    repos.commit("app.py", "x = 1\ny = 1\n", "Initial commit")
    repos.git("branch", "prod")
    repos.push("main", "prod")
    repos.git("fetch", "--quiet", "origin")
    return repos


def hotfix_branch(repos: Repos, name: str, count: int, *, start: str = "prod") -> list[str]:
    """``count`` commits, each adding its own file, on branch ``name`` (made from ``start``)."""
    exists = repos.git("branch", "--list", name).strip()
    repos.checkout(name, None if exists else start)
    return [
        repos.commit(f"fixes/{name.replace('/', '-')}-{i}.txt", f"fix {i}\n", f"{name} part {i}")
        for i in range(1, count + 1)
    ]


def merge_like_github(repos: Repos, method: str, head: str, number: int = 7) -> str:
    """Merge ``head`` into prod the way GitHub's merge button does; return prod's new tip.

    merge: ``git merge --no-ff``; squash: one new commit with the combined diff; rebase: the
    head's commits re-applied on prod with new SHAs.
    """
    repos.checkout("prod")
    if method == "merge":
        repos.git("merge", "--quiet", "--no-ff", "-m", f"Merge pull request #{number}", head)
    elif method == "squash":
        repos.git("merge", "--quiet", "--squash", head)
        repos.git("commit", "--quiet", "-m", f"Hotfix (#{number})")
    elif method == "rebase":
        base = repos.git("merge-base", "prod", head).strip()
        repos.git("cherry-pick", f"{base}..{head}")
    else:
        raise ValueError(method)
    repos.push("prod")
    return repos.sha("prod")
