"""Benchmarks of `releasegate check` against the stand-in with injected latency.

    python bench/bench_check.py

Prints, for each case, the API requests the run made (from the stand-in's log), the wall time
of the CLI process and its CPU time (user + system: releasegate's own work, without the time
spent waiting on the network); plus the start-up of `--help` and `validate` (wall and CPU)
next to `python -c pass` measured in the same run. Targets (SPEC §9):
change-separation on 300 files in <= 3 requests for its facts; the four core gates on 300
files, 100 review threads and 40 check runs in <= 8 requests, a few round trips of wall time;
`--help` and `validate` under 150 ms.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from releasegate_standin import StandIn

LATENCY = 0.05
FOUR_GATES = """\
version: 1
name: pr
gates:
  - id: separation
    type: change-separation
    groups: {infra: ["infra/**"], feature: ["src/**"]}
  - id: greptile-p1
    type: greptile
  - id: staging-real-call
    type: check-passed
    name: "staging / real-call"
    max-age: 12h
  - id: compat
    type: version-compat
    version: {file: backend/VERSION}
    range: {file: app/package.json, field: releasegate.backend}
"""
SEPARATION_ONLY = FOUR_GATES.split("  - id: greptile-p1", maxsplit=1)[0]


def scenario(policy: str) -> dict[str, Any]:
    threads = [
        {
            "generate": 20,
            "path": "src/f{n:03d}.py",
            "line": "{n}",
            "author": "greptile-apps[bot]",
            "resolved": True,
            "body": '<img alt="P1" src="https://greptile.com/badges/p1.svg"> **Finding {n}**',
        },
        {
            "generate": 80,
            "path": "src/g{n:03d}.py",
            "line": 1,
            "author": "sam",
            "body": "a question {n}",
            "comments": [{"author": "maya", "body": "an answer"}],
        },
    ]
    return {
        "repository": "acme/app",
        "collaborators": {"maya": "maintain", "sam": "write"},
        "commits": [
            {
                "name": "base",
                "files": {
                    ".github/releasegate.yml": policy,
                    "backend/VERSION": "2.4.1\n",
                    "app/package.json": '{"releasegate": {"backend": "^2.3"}}',
                },
            },
            {"name": "head", "parent": "base", "committed_at": "-1h", "files": {"src/a.py": "x"}},
        ],
        "branches": {"main": "base", "feature/big": "head"},
        "pull_requests": [
            {
                "number": 1,
                "title": "Big",
                "author": "sam",
                "base": "main",
                "head": "feature/big",
                "files": [{"generate": 300, "filename": "src/f{n:03d}.py"}],
                "review_threads": threads,
            }
        ],
        "check_runs": [
            {"commit": "head", "name": "staging / real-call", "completed_at": "-2h"},
            {"generate": 39, "commit": "head", "name": "ci / job {n}", "completed_at": "-1h"},
        ],
    }


def run_check(policy: str, folder: Path) -> tuple[int, float, float, list[str], str]:
    return check_pull_request(scenario(policy), folder)


def check_pull_request(
    world: dict[str, Any], folder: Path
) -> tuple[int, float, float, list[str], str]:
    """``check --dry-run`` on PR 1 of ``world`` against the stand-in at ``LATENCY``: exit code,
    wall and CPU seconds of the process, the API requests it made, its standard output."""
    with StandIn(world, latency=LATENCY) as github:
        pull = github.state.main_repo.pull(1)
        assert pull is not None and pull.pull is not None
        event = folder / "event.json"
        event.write_text(
            json.dumps(
                {
                    "pull_request": {
                        "number": 1,
                        "base": {"ref": "main"},
                        "head": {"sha": pull.pull.head_sha},
                    }
                }
            )
        )
        env = {
            **github.env(),
            "GITHUB_EVENT_NAME": "pull_request",
            "GITHUB_EVENT_PATH": str(event),
            "PATH": "/usr/bin:/bin",
        }
        started, cpu_before = time.perf_counter(), _children_cpu()
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "releasegate",
                "check",
                "--report",
                "none",
                "--comment",
                "never",
                "--dry-run",
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        wall, cpu = time.perf_counter() - started, _children_cpu() - cpu_before
        requests = [f"{r.method} {r.operation or r.path}" for r in github.requests]
    return done.returncode, wall, cpu, requests, done.stdout


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def startup(*command: str, runs: int = 15) -> tuple[float, float]:
    """Median wall time and median CPU time of ``command``, in milliseconds."""
    walls, cpus = [], []
    for _ in range(runs):
        started, cpu_before = time.perf_counter(), _children_cpu()
        subprocess.run(command, capture_output=True, check=False)
        walls.append(time.perf_counter() - started)
        cpus.append(_children_cpu() - cpu_before)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for title, policy in (
            ("change-separation, 300 files", SEPARATION_ONLY),
            ("four core gates, 300 files, 100 threads, 40 check runs", FOUR_GATES),
        ):
            code, wall, cpu, requests, stdout = run_check(policy, folder)
            print(f"check: {title} at {LATENCY * 1000:.0f} ms latency")
            print(
                f"  exit {code}, {len(requests)} API requests, wall {wall:.2f} s, CPU {cpu:.2f} s"
            )
            for request in requests:
                print(f"    {request}")
            if code not in (0, 1):
                print(stdout)
        policy_file = folder / "policy.yml"
        policy_file.write_text(FOUR_GATES)
        cli = (sys.executable, "-m", "releasegate")
        print("start-up, median of 15 (wall / CPU):")
        for name, command in (
            ("python -c pass", (sys.executable, "-c", "pass")),
            ("releasegate --help", (*cli, "--help")),
            ("releasegate validate", (*cli, "validate", str(policy_file))),
        ):
            wall, cpu = startup(*command)
            print(f"  {name:22} {wall:5.0f} ms / {cpu:5.0f} ms")


if __name__ == "__main__":
    main()
