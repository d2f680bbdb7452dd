"""The composite action run as the runner runs it (``support.runner``), against the stand-in.

The action is copied as the runner downloads it into a folder that every xdist worker
shares, with one tool cache: the session's first run installs releasegate there (offline,
from the wheelhouse of ``support.action_job``), and every later run reuses it, exactly as a
later job on a runner, or one whose cache was restored. One install per test session.
"""

from __future__ import annotations

import fcntl
import json
from pathlib import Path

import pytest

from releasegate_standin import StandIn
from support.action_job import ROOT, ActionJobs, copy_action, wheelhouse


def _shared_folder(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    base = tmp_path_factory.getbasetemp()
    return (base if worker_id == "master" else base.parent) / "releasegate-action"


@pytest.fixture(scope="session")
def action(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> ActionJobs:
    shared = _shared_folder(tmp_path_factory, worker_id)
    shared.mkdir(parents=True, exist_ok=True)
    jobs = ActionJobs(shared / "action", shared / "tool-cache", wheelhouse())
    first_log = shared / "first-run.log"
    with (shared / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one worker installs; the others wait, then reuse
        if not jobs.path.exists():
            copy_action(jobs.path)
        if not first_log.exists():
            inputs = {"command": "validate", "policy": str(ROOT / "policies" / "pr.yml")}
            first = jobs.run(shared / "first-run", inputs)
            assert first.code == 0, first.log
            first_log.write_text(first.log)
    return ActionJobs(jobs.path, jobs.tool_cache, jobs.wheelhouse, first_log.read_text())


def pull_request_event(tmp_path: Path, server: StandIn, number: int) -> dict[str, str]:
    """The job environment of a `pull_request` run for PR ``number`` against the stand-in."""
    record = server.state.main_repo.pull(number)
    assert record is not None
    assert record.pull is not None
    event = tmp_path / f"event-{number}.json"
    pull_request = {
        "number": number,
        "base": {"ref": record.pull.base_ref},
        "head": {"sha": record.pull.head_sha},
    }
    payload = {"action": "synchronize", "number": number, "pull_request": pull_request}
    event.write_text(json.dumps(payload))
    env = server.env()
    del env["GITHUB_TOKEN"]  # the runner has none: the action passes its token input
    return {
        **env,
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_SHA": record.pull.head_sha,
        "GITHUB_REF": f"refs/pull/{number}/merge",
    }
