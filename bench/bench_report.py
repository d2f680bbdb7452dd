"""`releasegate report` over 8 weeks of 5,000 issues each against the stand-in (prints figures).

The repository: 8 weeks, each with about 4,500 bug issues (every stage, some of none or two,
regressions, 60% closed) and 500 QA pull requests (30% pushed back), plus hotfixes and
incidents: 40,000 issues and pull requests in all. The real CLI runs as a subprocess against
the stand-in with 50 ms of latency per request, `--format json --dry-run`, twice:

- counted: the example policy, one label a stage. Every number is an issueCount (20 to a
  request); only the closed escape-stage bugs, the hotfixes and the incidents are read.
- read: the same stages written as two qualifiers each, which cannot be negated, so each
  stage's bugs are read in pages of 100 (split by date under the 1,000 cap).

Target (SPEC §9): requests grow with pages, not with issues.

Run: PYTHONPATH=src:tests python bench/bench_report.py [issues per week]
"""

from __future__ import annotations

import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from releasegate_standin import LoggedRequest, StandIn
from support.report_world import POLICY, STAGE_LABELS, ReportWorld

LATENCY = 0.05
WEEKS = 8
READ_STAGES = "  stages:\n" + "".join(
    f'    {name}: "label:{label} is:issue"\n' for name, label in STAGE_LABELS.items()
)


def main() -> int:
    per_week = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    started = time.perf_counter()
    world = ReportWorld(weeks=WEEKS, bugs_per_week=per_week * 9 // 10,
                        qa_pulls_per_week=per_week // 10)  # fmt: skip
    items = len(world.issues) + len(world.pulls)
    with (
        tempfile.TemporaryDirectory() as folder,
        StandIn(world.scenario(), latency=LATENCY) as standin,
    ):
        built = time.perf_counter() - started
        print(f"{items:,} issues and pull requests over {WEEKS} weeks (stand-in built in "
              f"{built:.1f} s), {LATENCY * 1000:.0f} ms latency per request")  # fmt: skip
        print(f"process start and imports alone: {startup() * 1000:.0f} ms")
        counted = Path(folder, "counted.yml")
        counted.write_text(POLICY)
        read = Path(folder, "read.yml")
        read.write_text(POLICY.replace("report:\n", "report:\n" + READ_STAGES))
        for name, policy in (("counted", counted), ("read", read)):
            if not run(name, standin, world, policy):
                return 1
    print(f"pages of 100 the stages' bugs alone take when read: {stage_pages(world)}")
    return 0


def run(name: str, standin: StandIn, world: ReportWorld, policy: Path) -> bool:
    command = [sys.executable, "-m", "releasegate", "report", "--policy", str(policy),
               "--now", world.now.isoformat(), "--format", "json", "--dry-run"]  # fmt: skip
    standin.reset_log()
    cpu_before = _children_cpu()
    began = time.perf_counter()
    done = subprocess.run(command, env={**os.environ, **standin.env()}, capture_output=True,
                          text=True, check=False)  # fmt: skip
    wall = time.perf_counter() - began
    if done.returncode != 0:
        print(done.stderr)
        return False
    describe(name, standin.requests, wall, _children_cpu() - cpu_before)
    return True


def describe(name: str, requests: list[LoggedRequest], wall: float, cpu: float) -> None:
    kinds = Counter(request.operation or request.path for request in requests)
    listed = ", ".join(f"{n} {operation}" for operation, n in sorted(kinds.items()))
    waited = sum(request.duration for request in requests)
    print(f"{name}: {len(requests)} requests ({listed})")
    print(f"  wall time {wall:.1f} s; releasegate's own CPU {cpu:.2f} s; the stand-in's "
          f"answers took {waited:.1f} s in all, latency included")  # fmt: skip


def stage_pages(world: ReportWorld) -> int:
    stages: Counter[str] = Counter()
    for expected in world.expected:
        stages.update(expected.stages)
    return sum(math.ceil(count / 100) for count in stages.values())


def startup() -> float:
    """Starting Python and importing what a report imports: the floor of every run."""
    imports = "import releasegate.cli, releasegate.report.run, github, httpx"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", imports], check=True, capture_output=True)
    return time.perf_counter() - started


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    sys.exit(main())
