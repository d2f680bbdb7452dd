"""`releasegate umbrella sync` on a 300-item umbrella against the stand-in (prints figures).

The umbrella has 300 items in 4 tier sections, each referencing its own issue (half of them
closed as completed), 40 other comments, and runs the real CLI as a subprocess against the
stand-in with 50 ms of latency per request:

- the first sync: ticks 150 boxes, creates the progress comment;
- a second sync: nothing changed, so nothing is written.

Target (SPEC §9 and the issue): at most 6 requests of reads per sync, not one per item.

Run: PYTHONPATH=src python bench/bench_umbrella.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from typing import Any

from releasegate_standin import StandIn

ITEMS = 300
SECTIONS = 4
LATENCY = 0.05
READS_TARGET = 6


def scenario() -> dict[str, Any]:
    per_section = ITEMS // SECTIONS
    body = "\n".join(
        f"## Tier {tier}\n"
        + "".join(
            f"- [ ] Item {n} #{n}\n"
            for n in range(1 + (tier - 1) * per_section, 1 + tier * per_section)
        )
        for tier in range(1, SECTIONS + 1)
    )
    issues: list[dict[str, Any]] = [
        {"number": ITEMS + 1, "title": "Umbrella", "body": body, "labels": ["tracking"],
         "comments": [{"body": f"chat {n}"} for n in range(40)]},
    ]  # fmt: skip
    issues += [
        {"number": n, "title": f"Item {n}", **({"state": "closed"} if n % 2 else {})}
        for n in range(1, ITEMS + 1)
    ]
    return {"repository": "acme/app", "issues": issues}


def sync(standin: StandIn) -> tuple[float, list[Any], str]:
    env = {**os.environ, **standin.env(), "GITHUB_EVENT_NAME": "workflow_dispatch"}
    env.pop("GITHUB_EVENT_PATH", None)
    standin.reset_log()
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "releasegate", "umbrella", "sync", "--issue", str(ITEMS + 1)],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return time.perf_counter() - started, standin.requests, done.stdout.strip()


def startup() -> float:
    """Starting Python and importing what a sync imports: the floor of every run's wall time."""
    imports = "import releasegate.cli, releasegate.umbrella.sync, releasegate.check, github, httpx"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", imports], check=True, capture_output=True)
    return time.perf_counter() - started


def report(name: str, seconds: float, requests: list[Any], output: str) -> bool:
    reads = [r for r in requests if r.method == "GET" or r.path.endswith("/graphql")]
    writes = [r for r in requests if r not in reads]
    print(f"{name}: {output}")
    print(f"  requests: {len(requests)} ({len(reads)} reads, {len(writes)} writes)")
    for request in requests:
        print(f"    {request.method:5} {request.path} {request.operation or ''}".rstrip())
    print(f"  wall time: {seconds * 1000:.0f} ms")
    return len(reads) <= READS_TARGET


def main() -> int:
    interpreter = startup()
    print(f"{ITEMS} items, {SECTIONS} sections, {LATENCY * 1000:.0f} ms latency per request")
    print(f"process start and imports alone: {interpreter * 1000:.0f} ms")
    with StandIn(scenario(), latency=LATENCY) as standin:
        ok = report("first sync", *sync(standin))
        ok = report("second sync", *sync(standin)) and ok
    print(f"reads per sync within {READS_TARGET}: {'yes' if ok else 'NO'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
