"""Benchmarks of the greptile gate: what reading Greptile's markup costs, and its requests.

    python bench/bench_greptile.py

1. In process: the gate on 100 Greptile threads (badge, bold title, explanation with code)
   and a summary listing 10 comments outside the diff, plus the PR description; the median
   time of evaluating the policy (both gathering rounds, from facts already read).
2. Against the stand-in with injected latency: `releasegate check` with the greptile gate on
   such a PR (the summary a comment, the description written by Greptile too); the API
   requests it makes and the wall time. SPEC §9: the reviews, summary included, in one
   GraphQL request.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from bench_check import LATENCY, check_pull_request

from releasegate.engine import evaluate_policy
from releasegate.facts import CollaboratorPermission
from releasegate.facts.reviews import PullRequestReviews, Reviews, ThreadComment
from releasegate.permissions import Permission
from support import greptile
from support.builders import HEAD, StaticGather, context, policy
from support.reviews import GREPTILE, description, reply, summary_comment, thread

POLICY = """\
version: 1
name: pr
gates:
  - id: greptile-p1
    type: greptile
    require-reviewed-head: true
    min-confidence: 3
"""
TITLE = "Retry of `settle(*args)` writes the row twice when **the lock** times out"


def inline(n: int) -> str:
    return greptile.inline_finding("P1" if n % 3 == 0 else "P2", f"{TITLE} ({n})")


def summary_body(sha: str, entries: int = 10) -> str:
    listed = [
        greptile.outside_diff_entry(
            n, f"src/m{n}.py", f"{n}-{n + 4}", f"Outside {n}", "P2", prompt=True
        )
        for n in range(1, entries + 1)
    ]
    return greptile.summary(sha, 4, greptile.outside_diff_section(*listed))


def in_process(runs: int = 30) -> float:
    threads = tuple(
        thread(
            ThreadComment(GREPTILE, inline(n), f"https://github.com/acme/app/pull/42#r{n}"),
            reply("bob", "We accept the risk."),
            resolved=n % 2 == 0,
        )
        for n in range(100)
    )
    section = greptile.description("Adds retries.", greptile.description_summary(HEAD[:7], 4))
    reviews = Reviews(threads, (summary_comment(summary_body(HEAD)),), description(section))
    facts = {
        PullRequestReviews(summaries=True): reviews,
        CollaboratorPermission("bob"): Permission.WRITE,
    }
    loaded = policy(POLICY)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        evaluate_policy(loaded, context(), StaticGather(facts))
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def scenario() -> dict[str, Any]:
    threads = [
        {"path": f"src/f{n}.py", "line": 1, "author": "greptile-apps[bot]", "body": inline(n)}
        for n in range(100)
    ]
    return {
        "repository": "acme/app",
        "collaborators": {"maya": "maintain", "sam": "write"},
        "commits": [
            {"name": "base", "files": {".github/releasegate.yml": POLICY}},
            {"name": "head", "parent": "base", "files": {"src/a.py": "x"}},
        ],
        "branches": {"main": "base", "feature/big": "head"},
        "pull_requests": [
            {
                "number": 1,
                "author": "sam",
                "base": "main",
                "head": "feature/big",
                "files": ["src/a.py"],
                "body": greptile.description("Adds retries.", greptile.description_summary(None)),
                "body_edited_by": "greptile-apps[bot]",
                "body_edited_at": "-2h",
                "review_threads": threads,
                "comments": [
                    {
                        "author": "greptile-apps[bot]",
                        "body": summary_body("0" * 40),
                        "created_at": "-1h",
                    }
                ],
            }
        ],
    }


def main() -> None:
    median = in_process() * 1000
    print(f"greptile in process, 100 threads + 10 outside the diff: {median:.1f} ms (median)")
    with tempfile.TemporaryDirectory() as tmp:
        code, wall, _, requests, _ = check_pull_request(scenario(), Path(tmp))
    print(f"check with greptile at {LATENCY * 1000:.0f} ms latency: exit {code}")
    print(f"  {len(requests)} API requests, wall {wall:.2f} s")
    for request in requests:
        print(f"    {request}")


if __name__ == "__main__":
    main()
