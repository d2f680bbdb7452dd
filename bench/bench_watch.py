"""Benchmark of `releasegate watch` against the stand-in with injected latency.

    python bench/bench_watch.py

A quiet run (everything passes, no incident open) of a policy with 5 live gates: two
http-probes, a two-step http-flow, a version-compat with a URL side and a check-passed on the
main branch. GitHub and the live endpoints both answer after 50 ms. Prints the GitHub requests
of the run (from the stand-in's log) and the wall time of the CLI process, for the quiet run,
the first run ever (the history branch is created) and the run that opens an incident (its
failing probe retries after 0.5 s and 1 s, as http-probe does, so 1.5 s of it is waiting).
Target (SPEC §9): the gates run in parallel, and GitHub sees at most 4 requests on a quiet run.
"""

from __future__ import annotations

import contextlib
import io
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from releasegate.context import Inputs
from releasegate.watch import WatchOptions, run_watch
from releasegate.watch.records import GateRecord, RunRecord
from releasegate_standin import StandIn

LATENCY = 0.05
RUNS = 5
ANSWERS = {
    "/health": {"status": "ok"},
    "/ready": {"ready": True},
    "/test-calls": {"id": "call-1f2e3d4c"},
    "/test-calls/call-1f2e3d4c": {"sms": "delivered", "payment": "settled"},
    "/version": {"version": "2.4.1"},
}
POLICY = """\
version: 1
name: prod-smoke
gates:
  - id: health
    type: http-probe
    url: "{url}/health"
    expect: {{json: {{status: ok}}}}
  - id: ready
    type: http-probe
    url: "{url}/ready"
  - id: sms-payment-loop
    type: http-flow
    steps:
      - name: place test call
        request: {{method: POST, url: "{url}/test-calls", json: {{to: "+15550100"}}}}
        save: {{call: id}}
      - name: SMS sent and payment settled
        request: {{url: "{url}/test-calls/${{call}}"}}
        expect: {{json: {{sms: delivered, payment: settled}}}}
  - id: api-version
    type: version-compat
    version: {{url: "{url}/version", field: version}}
    range: {{value: "^2.3"}}
  - id: main-ci
    type: check-passed
    name: ci
    ref: main
watch:
  environment: production
"""


@contextmanager
def live_endpoints(answers: dict[str, Any]) -> Iterator[str]:
    """The production API the gates call, answering after LATENCY seconds."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._answer()

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self._answer()

        def _answer(self) -> None:
            time.sleep(LATENCY)
            body = json.dumps(answers.get(self.path, {})).encode()
            self.send_response(200 if self.path in answers else 404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def scenario(history: list[str] | None) -> dict[str, Any]:
    commits: list[dict[str, Any]] = [{"name": "main", "files": {"README.md": "app\n"}}]
    branches = {"main": "main"}
    if history is not None:
        text = "".join(line + "\n" for line in history)
        commits.append(
            {"name": "data", "parent": "main", "files": {"watch/prod-smoke.jsonl": text}}
        )
        branches["releasegate-data"] = "data"
    return {
        "repository": "acme/app",
        "commits": commits,
        "branches": branches,
        "check_runs": [{"commit": "main", "name": "ci", "completed_at": "-10m"}],
        "deployments": [
            {"commit": "main", "created_at": "-1h", "statuses": [{"state": "success"}]}
        ],
    }


def seeded(verdicts: str) -> list[str]:
    now = datetime.now(UTC).replace(microsecond=0)
    return [
        RunRecord(
            f"seed-{n}",
            now - timedelta(minutes=15 * (len(verdicts) - n)),
            "pass" if verdict == "P" else "fail",
            (("health", GateRecord("pass" if verdict == "P" else "fail", 80)),),
        ).to_line()
        for n, verdict in enumerate(verdicts)
    ]


def run_cli(history: list[str] | None, folder: Path, url: str) -> tuple[int, float, list[str]]:
    policy = folder / "watch.yml"
    policy.write_text(POLICY.format(url=url))
    with StandIn(scenario(history), latency=LATENCY) as github:
        env = {
            **github.env(),
            "GITHUB_EVENT_NAME": "schedule",
            "GITHUB_SHA": github.state.main_repo.branches["main"],
            "PATH": "/usr/bin:/bin",
        }
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "releasegate", "watch", "--policy", str(policy)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        wall = time.perf_counter() - started
        requests = [f"{r.method} {r.operation or r.path} {r.status}" for r in github.requests]
    if done.returncode not in (0, 1):
        print(done.stdout, done.stderr)
    return done.returncode, wall, requests


def in_process(url: str, folder: Path, runs: int = 6) -> list[float]:
    """The same quiet run inside this process, imports warm: the round trips and our own
    work, without the interpreter's start-up and the CLI's imports."""
    policy = folder / "in-process.yml"
    policy.write_text(POLICY.format(url=url))
    walls = []
    for _ in range(runs):
        with StandIn(scenario(seeded("P" * 200)), latency=LATENCY) as github:
            env = github.env()
            inputs = Inputs(
                token="bench-token",
                api_url=env["GITHUB_API_URL"],
                graphql_url=env["GITHUB_GRAPHQL_URL"],
                repository="acme/app",
                event_name="schedule",
                sha=github.state.main_repo.branches["main"],
            )
            started = time.perf_counter()
            with contextlib.redirect_stdout(io.StringIO()):
                run_watch(inputs, WatchOptions(policy))
            walls.append(time.perf_counter() - started)
    return walls[1:]  # the first one warms the imports


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, live_endpoints(ANSWERS) as url:
        folder = Path(tmp)
        cases = (
            ("quiet run (passing, no incident)", seeded("P" * 200)),
            ("first run ever (creates the history branch)", None),
        )
        for title, history in cases:
            walls, requests, code = [], [], 0
            for _ in range(RUNS):
                code, wall, requests = run_cli(history, folder, url)
                walls.append(wall)
            print(f"watch, 5 live gates, {title}, {LATENCY * 1000:.0f} ms latency")
            median = statistics.median(walls)
            print(
                f"  exit {code}, {len(requests)} GitHub requests, wall {median:.2f} s "
                f"(median of {RUNS}; min {min(walls):.2f} s)"
            )
            for request in requests:
                print(f"    {request}")
        warm = in_process(url, folder)
        print(
            f"  in-process, imports warm: {statistics.median(warm):.2f} s "
            f"(median of {len(warm)}; min {min(warm):.2f} s)"
        )
        broken = dict(ANSWERS)
        broken.pop("/health")
    with tempfile.TemporaryDirectory() as tmp, live_endpoints(broken) as url:
        code, wall, requests = run_cli(seeded("P" * 50 + "FF"), Path(tmp), url)
        print(f"watch, the 3rd failed run in a row (opens the incident), {LATENCY * 1000:.0f} ms")
        print(f"  exit {code}, {len(requests)} GitHub requests, wall {wall:.2f} s")
        for request in requests:
            print(f"    {request}")


if __name__ == "__main__":
    main()
