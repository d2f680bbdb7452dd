"""Glob matching time on adversarial globs and on a check-sized workload (prints figures).

Adversarial: globs that make a backtracking matcher (wildmatch, or a regex run by Python's
`re`, as pathspec did) take exponential time, against paths of 60 to 2,000 characters. The
figures for pathspec (the matcher before releasegate.globs) are measured in a subprocess
killed after --budget seconds, when pathspec is installed (`pip install pathspec`).

Workload: 300 changed paths against a change-separation gate's groups and two `when.paths`,
the SPEC §9 check (the target is well under a second of our own work).

Run: PYTHONPATH=src python bench/bench_globs.py [--budget SECONDS]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from releasegate.policy.types import paths_match

ADVERSARIAL = [
    ("*a*a*a*a*a*a", "a" * 59 + "b"),
    ("*a*a*a*a*a*a*a", "a" * 59 + "b"),
    ("*a*a*a*a*a*a*a*a*a*a", "a" * 1999 + "b"),
    ("**/a/**/a/**/a/**/a/**/a/**/b", "a/" * 999 + "bb"),
    ("**/**/**/**/**/**/**/**/**/**/**/x", "a/" * 999 + "xa"),
]
GROUPS = [
    (".github/workflows/**", "infra/**", "**/*.tf", "supabase/config.toml"),
    ("src/**", "app/**", "!src/**/*.md"),
    ("docs/**", "*.md"),
]
WHEN_PATHS = [("src/**",), ("migrations/**", "supabase/**")]
CHANGED = [f"src/feature{n % 7}/module{n}.ts" for n in range(250)]
CHANGED += [f"infra/env{n}/main.tf" for n in range(30)] + [f"docs/page{n}.md" for n in range(20)]

PATHSPEC = """
import sys, time, pathspec
glob, path = sys.argv[1], sys.argv[2]
spec = pathspec.GitIgnoreSpec.from_lines([glob])
start = time.perf_counter()
spec.match_file(path)
print(time.perf_counter() - start)
"""


def ours(glob: str, path: str) -> float:
    paths_match((glob,), "warm-up")
    start = time.perf_counter()
    paths_match((glob,), path)
    return time.perf_counter() - start


def before(glob: str, path: str, budget: float) -> str:
    try:
        done = subprocess.run(
            [sys.executable, "-c", PATHSPEC, glob, path],
            capture_output=True,
            text=True,
            timeout=budget,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"> {budget:.0f} s"
    if done.returncode != 0:
        return "(pathspec not installed)" if "pathspec" in done.stderr else "(failed)"
    return f"{float(done.stdout) * 1000:.3f} ms"


def workload() -> float:
    start = time.perf_counter()
    for path in CHANGED:
        for globs in GROUPS + WHEN_PATHS:
            paths_match(globs, path)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--budget", type=float, default=60.0, help="seconds for pathspec")
    budget = parser.parse_args().budget
    print(f"{'glob':40} {'path':>6}  {'releasegate':>12}  pathspec (before)")
    for glob, path in ADVERSARIAL:
        took = ours(glob, path) * 1000
        print(f"{glob:40} {len(path):6}  {took:9.3f} ms  {before(glob, path, budget)}")
    workload()  # compiles and caches the globs, as the first gate evaluated does
    matches = len(CHANGED) * (len(GROUPS) + len(WHEN_PATHS))
    print(f"check workload: {matches} list matches of 300 paths in {workload() * 1000:.1f} ms")


if __name__ == "__main__":
    main()
