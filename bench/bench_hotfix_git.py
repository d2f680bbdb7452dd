"""Timings of the hotfix git layer on a large repository (plain script, prints figures).

Builds, with `git fast-import`, a repository whose main has 5,000 commits; production forks
200 commits before main's tip and gets 200 commits of its own: 180 hotfixes (half of them
backported to main by an equal patch, a quarter by a `-x` trailer on an adapted patch) and a
20-commit hotfix merged GitHub's "rebase" way. Then times:

- commits_put_on_production for the 20-commit rebase merge, and cherry_pick of its commits;
- missing_from_main on the 200 commits of divergence.

Run: PYTHONPATH=src python bench/bench_hotfix_git.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from releasegate.git.command import Git
from releasegate.git.divergence import missing_from_main
from releasegate.hotfix.commits import MergeMethod, commits_put_on_production
from releasegate.hotfix.pick import PickOutcome, cherry_pick

MAIN_COMMITS = 5_000
DIVERGENCE = 200
HOTFIX_COMMITS = 20
PROD_OWN = DIVERGENCE - HOTFIX_COMMITS
START = 1_700_000_000

T = TypeVar("T")


def git(repo: Path, *args: str, stdin: str | None = None) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, input=stdin, capture_output=True, text=True, check=True
    ).stdout


def commit(ref: str, when: int, message: str, files: dict[str, str], parent: str = "") -> str:
    """One fast-import commit; ``parent`` only for the first commit on a ref."""
    lines = [f"commit {ref}", f"committer Bench <bench@example.com> {START + when} +0000"]
    lines += [f"data {len(message.encode())}", message]
    if parent:
        lines.append(f"from {parent}")
    for path, text in files.items():
        lines += [f"M 100644 inline {path}", f"data {len(text.encode())}", text]
    return "\n".join(lines) + "\n\n"


def history_and_production(fork_at: int) -> Iterator[str]:
    """Main up to the fork, then production's own hotfixes and the PR branch."""
    for i in range(1, fork_at + 1):
        yield commit("refs/heads/main", i, f"Feature {i}", {f"src/f{i % 500}.txt": f"{i}\n"})
    yield "reset refs/heads/prod\nfrom refs/heads/main\n\n"
    for j in range(PROD_OWN):
        yield commit("refs/heads/prod", fork_at + j, f"Hotfix {j}", {f"hot/h{j}.txt": f"fix {j}\n"})
    yield "reset refs/heads/hotfix/big\nfrom refs/heads/prod\n\n"
    for k in range(HOTFIX_COMMITS):
        yield commit("refs/heads/hotfix/big", 10_000 + k, f"Big fix {k}", _big_fix(k))
    for k in range(HOTFIX_COMMITS):  # "Rebase and merge": same changes, new commits on prod
        yield commit("refs/heads/prod", 20_000 + k, f"Big fix {k}", _big_fix(k))


def _big_fix(k: int) -> dict[str, str]:
    return {f"big/b{k}.txt": f"big fix {k}\n"}


def rest_of_main(fork_at: int, prod_shas: list[str], main_tip: str) -> Iterator[str]:
    """Main's commits after the fork: backports of production's hotfixes, and features."""
    for n, j in enumerate(range(MAIN_COMMITS - fork_at)):
        when, parent = 30_000 + n, main_tip if n == 0 else ""
        if j < PROD_OWN and j % 2 == 0:  # the same patch, another commit
            files, message = {f"hot/h{j}.txt": f"fix {j}\n"}, f"Backport hotfix {j}"
        elif j < PROD_OWN and j % 4 == 1:  # an adapted patch carrying the -x trailer
            sha = prod_shas[j]
            files = {f"hot/h{j}.txt": f"fix {j}, adapted\n"}
            message = f"Backport hotfix {j}\n\n(cherry picked from commit {sha[:10]})"
        else:
            files, message = {f"src/f{n % 500}.txt": f"late {n}\n"}, f"Late feature {n}"
        yield commit("refs/heads/main", when, message, files, parent)


def build(repo: Path) -> None:
    git(repo.parent, "init", "--quiet", "--initial-branch=main", str(repo))
    git(repo, "config", "user.name", "Bench")
    git(repo, "config", "user.email", "bench@example.com")
    fork_at = MAIN_COMMITS - DIVERGENCE
    git(repo, "fast-import", "--quiet", stdin="".join(history_and_production(fork_at)))
    prod_own = git(repo, "rev-list", "--reverse", f"main..prod~{HOTFIX_COMMITS}").split()
    main_tip = git(repo, "rev-parse", "main").strip()
    git(repo, "fast-import", "--quiet", stdin="".join(rest_of_main(fork_at, prod_own, main_tip)))
    git(repo, "reset", "--quiet", "--hard", "main")


def timed(label: str, action: Callable[[], T], runs: int = 1) -> T:
    durations = []
    for _ in range(runs):
        started = time.perf_counter()
        result = action()
        durations.append(time.perf_counter() - started)
    figure = statistics.median(durations)
    suffix = f" (median of {runs})" if runs > 1 else ""
    print(f"{label:<58} {figure * 1000:8.1f} ms{suffix}")
    return result


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SystemExit(f"bench failed: {message}")


def main() -> int:
    os.environ["GIT_CONFIG_GLOBAL"] = os.devnull
    os.environ["GIT_CONFIG_NOSYSTEM"] = "1"
    print(git(Path.cwd(), "--version").strip(), "| python", sys.version.split()[0])
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        timed("build: fast-import 5,000 main + 200 production commits", lambda: build(repo))
        count = git(repo, "rev-list", "--count", "main").strip()
        print(f"main has {count} commits; production diverges by {DIVERGENCE}")
        run = Git(repo)
        merge_sha = git(repo, "rev-parse", "prod").strip()
        pr_head = git(repo, "rev-parse", "hotfix/big").strip()

        picks = timed(
            "commits_put_on_production (rebase merge, 20 commits)",
            lambda: commits_put_on_production(
                run, merge_commit_sha=merge_sha, pr_head_sha=pr_head, pr_commit_count=20
            ),
            runs=5,
        )
        check(picks.method is MergeMethod.REBASE, f"expected a rebase merge, got {picks}")
        check(len(picks.commits) == HOTFIX_COMMITS, f"expected 20 commits, got {picks}")
        result = timed(
            "cherry_pick of those 20 commits onto main",
            lambda: cherry_pick(
                run, target_ref="main", branch="backport/1-to-main", commits=picks.commits
            ),
        )
        check(result.outcome is PickOutcome.PICKED, f"expected PICKED, got {result}")
        check(len(result.picked) == HOTFIX_COMMITS, f"expected 20 picks, got {result}")
        git(repo, "checkout", "--quiet", "main")

        missing = timed(
            "missing_from_main (200 commits of divergence)",
            lambda: missing_from_main(run, production_ref="prod", main_ref="main"),
            runs=5,
        )
        expected = sum(1 for j in range(PROD_OWN) if j % 4 == 3) + HOTFIX_COMMITS
        print(f"missing_from_main found {len(missing)} commits (expected {expected})")
        check(len(missing) == expected, "missing_from_main found the wrong commits")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
