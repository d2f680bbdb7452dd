"""The composite action's own overhead on a later run, when its environment is cached.

    python bench/bench_action.py [RUNS]

Runs action.yml's steps as the runner does (tests/support/runner.py) in a scratch folder: once
to install (offline, from the wheelhouse in .cache/wheels; the first use fills it from PyPI),
then RUNS times with the environment in place, each running `releasegate validate` on a small
policy. The overhead is the time from the first step to the CLI starting: the whole action
minus the same `releasegate validate` run directly. Prints the median and the slowest run,
and the median time of each step.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from support.action_job import ActionJobs, copy_action, wheelhouse

POLICY = "version: 1\nname: bench\ngates: []\n"
T = TypeVar("T")


def timed(call: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def cli_alone(jobs: ActionJobs, policy: Path) -> float:
    (venv,) = (jobs.tool_cache / "releasegate").iterdir()
    command = [str(venv / "bin" / "releasegate"), "validate", str(policy)]
    seconds, _ = timed(lambda: subprocess.run(command, capture_output=True, check=True))
    return seconds


def main(runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-action-") as scratch:
        folder = Path(scratch)
        copy_action(folder / "action")
        jobs = ActionJobs(folder / "action", folder / "tool-cache", wheelhouse())
        policy = folder / "policy.yml"
        policy.write_text(POLICY)
        inputs = {"command": "validate", "policy": str(policy)}

        install_seconds, first = timed(lambda: jobs.run(folder / "first", inputs))
        assert first.code == 0, first.log
        print(f"first run (creates the environment, offline install): {install_seconds:.2f} s")

        totals, steps, direct = [], [], []
        for number in range(runs):  # interleaved, so that both see the same machine load
            seconds, run = timed(lambda n=number: jobs.run(folder / f"run-{n}", inputs))
            assert run.code == 0, run.log
            assert "Reusing releasegate's environment" in run.log
            totals.append(seconds)
            steps.append({step.name: step.seconds for step in run.steps if step.skipped is None})
            direct.append(cli_alone(jobs, policy))

    overhead = [total - alone for total, alone in zip(totals, direct, strict=True)]
    print(f"later runs ({runs}, environment cached):")
    for name in steps[0]:
        print(f"  step '{name}': median {statistics.median(s[name] for s in steps) * 1000:.0f} ms")
    print(f"  whole action: median {statistics.median(totals) * 1000:.0f} ms")
    print(f"  releasegate validate alone: median {statistics.median(direct) * 1000:.0f} ms")
    print(
        f"overhead, first step to the CLI starting: median {statistics.median(overhead) * 1000:.0f}"
        f" ms, slowest {max(overhead) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
