"""`umbrella sync` killed right after each of its requests took effect, then run again.

For each request of an uninterrupted sync, in turn, the CLI (a real subprocess) is killed with
SIGKILL once the stand-in has applied that request (the ``unanswered`` fault applies it and
never answers, so the kill lands at the same point every time); a re-run must end in the
uninterrupted sync's state (the umbrella's body, state and comments) with every write made
once over both runs. Swept: a first sync that ticks, comments and closes; a re-sync that edits
its progress comment (found on the second page) and closes; a sync that reopens.

Issue 14, item 5: killed between closing the issue and its closing comment, re-runs never
posted the comment. The comment now comes first, marked, and a re-run that finds it (posted
since the state last changed) only closes the issue.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from releasegate_standin import Fault, LoggedRequest, StandIn
from reliability import umbrella_world as world
from reliability.inprocess import Run
from reliability.ledger import SecretLedger
from reliability.matrix import FINISHED
from reliability.outputs import normalized
from support.faults import KILLED, kind_name

pytestmark = pytest.mark.e2e
COMMAND = "umbrella sync"
PATIENCE = 60.0  # seconds for the killed run to reach its request; it takes about one
_REPO = "/repos/acme/app"
REOPEN_BODY = "**Tier 1**\r\n- [x] Load test #16\r\n- [x] Staging gate #12\r\n"


@dataclass(frozen=True)
class Sweep:
    name: str
    number: int
    requests: tuple[str, ...]  # what an uninterrupted sync asks, in order: the kill points


def _closing(number: int, *, pages: int = 1) -> tuple[str, ...]:
    later = ("GET /repositories/1/issues/2/comments",) * (pages - 1)  # GitHub's links: by id
    return (
        f"POST {_REPO}/issues/{number}/comments",
        f"GET {_REPO}/issues/{number}/comments",  # twins posted by a sync at the same time?
        *later,
        f"PATCH {_REPO}/issues/{number}",
    )


def _ticking(number: int) -> tuple[str, ...]:
    return (
        f"GET {_REPO}/issues/{number}",
        f"PATCH {_REPO}/issues/{number}",
        "GraphQL UmbrellaBody",
    )


SWEEPS = (
    Sweep("first sync", 1, (
        "GraphQL UmbrellaIssue", "GraphQL UmbrellaRefs", *_ticking(1),
        f"POST {_REPO}/issues/1/comments", f"GET {_REPO}/issues/1/comments", *_closing(1),
    )),
    Sweep("re-sync", 2, (
        "GraphQL UmbrellaIssue", "GraphQL UmbrellaComments", "GraphQL UmbrellaRefs",
        *_ticking(2), f"PATCH {_REPO}/issues/comments/{{id}}", *_closing(2, pages=2),
    )),
    Sweep("reopen", 3, (
        "GraphQL UmbrellaIssue", "GraphQL UmbrellaRefs", *_ticking(3),
        f"POST {_REPO}/issues/3/comments", f"GET {_REPO}/issues/3/comments", *_closing(3),
    )),
)  # fmt: skip


def scenario() -> dict[str, Any]:
    """umbrella_world's, with #3: closed as done, though #16 (an item of Tier 1) is open."""
    base = world.scenario()
    closed = {"state": "closed", "state_reason": "completed"}
    base["issues"] += [
        {"number": 3, "title": "v0", "body": REOPEN_BODY, "labels": ["tracking"], **closed},
        {"number": 16, "title": "load test"},
    ]
    return base


def names(log: list[LoggedRequest]) -> list[str]:
    """Each request as the sweep lists it (a comment id as ``{id}``)."""
    found = []
    for entry in log:
        name = f"GraphQL {entry.operation}" if entry.operation else f"{entry.method} {entry.path}"
        found.append(name.replace(entry.path.rsplit("/", 1)[-1], "{id}") if "/comments/" in name
                     else name)  # fmt: skip
    return found


def writes(log: list[LoggedRequest]) -> list[tuple[str, str, str]]:
    """Every write, with its body (times normalized): a write made twice shows up twice."""
    return [
        (entry.method, entry.path, normalized(str(entry.body)))
        for entry in log
        if entry.method != "GET" and entry.operation is None
    ]


def sync(standin: StandIn, folder: Path, number: int) -> Run:
    return world.run_sync(standin, world.Situation("sweep", number), folder, **_PATIENT).run


_PATIENT = {"RELEASEGATE_HTTP_TIMEOUT": "60"}  # the killed run must still be waiting


def killed_after(standin: StandIn, folder: Path, number: int, k: int) -> Run:
    """A sync killed with SIGKILL once its ``k``-th request (from 1) has taken effect."""
    standin.add_fault(Fault("unanswered", skip=k - 1, seconds=120))
    kept = {key: os.environ[key] for key in ("PATH", "HOME") if key in os.environ}
    env = {**kept, **world.environment(standin, **_PATIENT)}
    command = [sys.executable, "-m", "releasegate", "umbrella", "sync", "--issue", str(number)]
    process = subprocess.Popen(
        command, cwd=world.workdir(folder), env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        _wait_until_applied(standin, process)
    finally:
        process.kill()  # SIGKILL: no finally block, no atexit, nothing of the run's own
        stdout, stderr = process.communicate()
        standin.clear_faults()
    return Run(process.returncode, stdout, stderr)


def _wait_until_applied(standin: StandIn, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + PATIENCE
    while not any(entry.fault == "unanswered" for entry in standin.requests):
        if process.poll() is not None:
            out, err = process.communicate()
            pytest.fail(f"the sync ended (exit {process.returncode}) before the kill:\n{out}{err}")
        if time.monotonic() > deadline:
            pytest.fail(f"the sync did not reach the request to kill it at in {PATIENCE:g}s")
        time.sleep(0.01)


@dataclass(frozen=True)
class Baseline:
    run: Run
    log: list[LoggedRequest]
    state: tuple[Any, ...]


@pytest.fixture(scope="module")
def baselines(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Baseline]:
    made = {}
    for sweep in SWEEPS:
        with StandIn(scenario()) as standin:
            run = sync(standin, tmp_path_factory.mktemp("uninterrupted"), sweep.number)
            made[sweep.name] = Baseline(
                run, standin.requests, world.umbrella_state(standin, sweep.number)
            )
    return made


def test_an_uninterrupted_sync_makes_the_requests_the_sweep_kills_at(
    baselines: dict[str, Baseline],
) -> None:
    for sweep in SWEEPS:
        baseline = baselines[sweep.name]
        assert baseline.run.code == 0, baseline.run
        assert names(baseline.log) == list(sweep.requests), sweep.name
    assert baselines["first sync"].state[1:3] == ("closed", "completed")
    assert baselines["reopen"].state[1] == "open"
    assert baselines["reopen"].state[3][-1].startswith("<!-- releasegate:umbrella-reopening -->")


def kill_points() -> list[Any]:
    return [
        pytest.param(sweep, k, id=f"{sweep.name}-{k}-{request}")
        for sweep in SWEEPS
        for k, request in enumerate(sweep.requests, 1)
    ]


@pytest.mark.parametrize(("sweep", "k"), kill_points())
def test_a_sync_killed_after_any_request_is_finished_by_the_re_run_and_nothing_is_doubled(
    baselines: dict[str, Baseline],
    sweep: Sweep,
    k: int,
    tmp_path: Path,
    record: Callable[..., None],
    no_leaks: SecretLedger,
) -> None:
    baseline = baselines[sweep.name]
    with StandIn(scenario()) as standin:
        killed = killed_after(standin, tmp_path / "killed", sweep.number, k)
        killed_log = standin.requests
        standin.reset_log()
        again = sync(standin, tmp_path / "again", sweep.number)
        for run in (killed, again):
            no_leaks.saw_all(COMMAND, {"stdout": run.stdout, "stderr": run.stderr})
        no_leaks.saw_standin(COMMAND, standin)
        state = world.umbrella_state(standin, sweep.number)
        rerun_log = standin.requests

    problems = [] if killed.code == -9 else [f"the killed run ended with exit {killed.code}"]
    if names(killed_log) != list(sweep.requests[:k]):
        problems.append(f"the killed run asked {names(killed_log)}")
    if (again.code, again.stderr) != (0, ""):
        problems.append(f"the re-run: exit {again.code} {again.stderr}")
    if state != baseline.state:
        problems.append("the end state is not the uninterrupted sync's")
    if writes(killed_log) + writes(rerun_log) != writes(baseline.log):
        problems.append("a write was made twice, or not at all")
    outcome = "; ".join(problems) or FINISHED
    record(COMMAND, kind_name(baseline.log[k - 1]), KILLED, "once", outcome)
    assert outcome == FINISHED, (state, baseline.state)
