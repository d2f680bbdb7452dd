"""Runs at the same time (SPEC §4, §6): two syncs of one umbrella while a person edits it, three
syncs at once, and two and eight checks of one commit. Every edit survives, the boxes end
right, the syncs leave one progress comment and one closing comment, and the checks leave one
current check run (the others superseded, with its conclusion) and one sticky comment.

Each run is a real subprocess (the environment is per process); the stand-in's latency keeps
their requests interleaved.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from releasegate.github.check_runs import SUPERSEDED
from releasegate.umbrella.progress import MARKER
from releasegate.umbrella.write import STATE_MARKERS
from releasegate_standin import Fault, StandIn
from reliability.check_world import CHECK_RUN
from reliability.check_world import MARKER as STICKY
from reliability.check_world import environment as check_environment
from reliability.check_world import scenario as check_scenario
from reliability.ledger import TOKEN, SecretLedger
from reliability.umbrella_world import BODY, POLICY, TICKED
from reliability.umbrella_world import scenario as umbrella_scenario

pytestmark = pytest.mark.e2e
LATENCY = 0.5  # far longer than a run takes to plan between a read and a write
HUMAN = "ghp_humanEditorToken"
ADDED = "- [ ] Load test, same gate as #12\r\n- [x] Release notes (ticked by hand)\r\n"


def releasegate(
    args: list[str], env: dict[str, str], cwd: Path
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "releasegate", *args]
    environment = {**os.environ, **env, "RELEASEGATE_RETRY_SECONDS": "20"}
    return subprocess.run(
        command, env=environment, cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def at_once(
    *runs: Callable[[], subprocess.CompletedProcess[str]],
) -> list[subprocess.CompletedProcess[str]]:
    with ThreadPoolExecutor(len(runs)) as pool:
        return [future.result() for future in [pool.submit(run) for run in runs]]


def save_during_syncs(standin: StandIn, edit: Callable[[str], str]) -> threading.Thread:
    """A person who saves the umbrella's body through REST (as the web editor does, from an
    editor opened before the syncs) half a round trip after a sync re-read it to write: after
    the syncs' writes land, before their read-back does. A sync must see that save, plan again
    on it, and write only its boxes back."""

    def save() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not _read_to_write(standin):
            time.sleep(0.005)
        time.sleep(LATENCY / 2)
        headers = {"Authorization": f"token {HUMAN}"}
        with httpx.Client(base_url=standin.url, headers=headers, timeout=30) as http:
            http.patch("/repos/acme/app/issues/1", json={"body": edit(BODY)}).raise_for_status()

    thread = threading.Thread(target=save, daemon=True)
    thread.start()
    return thread


def _read_to_write(standin: StandIn) -> bool:
    return any(r.method == "GET" and r.path == "/repos/acme/app/issues/1" for r in standin.requests)


def overwrites(standin: StandIn, marker: str) -> int:
    """Syncs' body writes that landed after the person's save without it: a sync that re-read
    the body just before the save. GitHub has no conditional write for an issue body, so that
    window (one round trip) cannot be closed; an attempt that hits it proves nothing."""
    writes = [
        r
        for r in standin.requests
        if r.method == "PATCH" and r.path.endswith("/issues/1") and "body" in (r.body or {})
    ]
    saved = [r.started + r.duration for r in writes if marker in r.body["body"]]
    first = min(saved, default=float("inf"))
    return sum(r.started + r.duration > first and marker not in r.body["body"] for r in writes)


def human(body: str) -> str:
    return body.replace("### Tier 2\r\n", "### Tier 2 (reworded by a person)\r\n" + ADDED)


@dataclass(frozen=True)
class Synced:
    codes: list[int]
    body: str
    state: str
    progress_comments: int
    closing_comments: int


def two_syncs_and_a_save(folder: Path, ledger: SecretLedger) -> Synced | None:
    """Two syncs of umbrella #1 at once while a person saves it; None when the save landed in
    a sync's read-to-write window (see ``overwrites``)."""
    with StandIn(umbrella_scenario(), latency=LATENCY) as standin:
        standin.scenario.tokens[HUMAN] = "maya"
        env = {**standin.env(TOKEN), "GITHUB_EVENT_NAME": "workflow_dispatch"}

        def sync() -> subprocess.CompletedProcess[str]:
            return releasegate(["umbrella", "sync", "--issue", "1"], env, folder)

        person = save_during_syncs(standin, human)
        runs = at_once(sync, sync)
        person.join()
        for run in runs:
            ledger.saw_all(
                "concurrent umbrella syncs", {"stdout": run.stdout, "stderr": run.stderr}
            )
        ledger.saw_standin("concurrent umbrella syncs", standin)
        if overwrites(standin, "reworded by a person"):
            return None
        umbrella = standin.state.main_repo.issue(1)
        assert umbrella is not None
        bodies = [comment.body for comment in umbrella.comments]
        return Synced(
            [run.returncode for run in runs],
            umbrella.body,
            umbrella.state,
            sum(body.startswith(MARKER) for body in bodies),
            sum(body.startswith(STATE_MARKERS["close"]) for body in bodies),
        )


def test_two_syncs_and_a_person_editing_at_once_keep_every_edit_and_tick_right(
    tmp_path: Path, ledger: SecretLedger
) -> None:
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "releasegate.yml").write_text(POLICY, encoding="utf-8")
    synced = next(filter(None, (two_syncs_and_a_save(tmp_path, ledger) for _ in range(3))), None)
    assert synced is not None, "in three tries the save always landed inside a sync's window"

    assert synced.codes == [0, 0]
    assert synced.body == human(TICKED).replace("- [ ] Load test", "- [x] Load test")
    assert synced.state == "closed"
    # Two syncs that start together both find no progress comment and both post one, and
    # both say why they close the umbrella: GitHub has no "create unless it exists". Each
    # run that posts one keeps the oldest and deletes its twin (issue 14, item 9).
    assert synced.progress_comments == 1
    assert synced.closing_comments == 1


def test_two_checks_of_one_commit_at_once_leave_one_check_run_and_one_sticky_comment(
    tmp_path: Path, ledger: SecretLedger
) -> None:
    with StandIn(check_scenario(), latency=LATENCY) as standin:

        def check(folder: str) -> subprocess.CompletedProcess[str]:
            env = check_environment(standin, 7, tmp_path / folder, RELEASEGATE_HTTP_TIMEOUT="30")
            return releasegate(["check", "--comment", "always"], env, tmp_path)

        first, second = at_once(lambda: check("first"), lambda: check("second"))
        again = check("again")
        for run in (first, second, again):
            ledger.saw_all("concurrent checks", {"stdout": run.stdout, "stderr": run.stderr})
        ledger.saw_standin("concurrent checks", standin)
        repo = standin.state.main_repo
        head = repo.pull(7).pull.head_sha  # type: ignore[union-attr]
        visible = httpx.get(
            f"{standin.url}/repos/acme/app/commits/{head}/check-runs",
            params={"check_name": CHECK_RUN},
            headers={"Authorization": "token t"},
        )
        stickies = [c for c in repo.pull(7).comments if c.body.startswith(STICKY)]  # type: ignore[union-attr]
        runs_made = [r for r in repo.check_runs_for(head) if r.name == CHECK_RUN]

    assert (first.returncode, second.returncode, again.returncode) == (0, 0, 0)
    assert len(stickies) == 1
    assert [run["conclusion"] for run in visible.json()["check_runs"]] == ["success"]
    assert 1 <= len(runs_made) <= 2  # GitHub cannot delete a check run: the latest one is shown
    assert json.loads(visible.text)["total_count"] == 1


def test_eight_checks_of_one_commit_at_once_leave_one_current_check_run_and_one_comment(
    tmp_path: Path, ledger: SecretLedger
) -> None:
    """Issue 14, item 8: 5 to 10 checks at once left 3 to 10 check runs of the name."""
    with StandIn(check_scenario(), latency=LATENCY) as standin:
        # Every run looks for the check run before any creates one, however far apart the
        # eight processes start: all eight create one, and must settle on one current.
        standin.add_fault(Fault("together", method="GET", path="*/check-runs", times=8))

        def check(folder: str) -> subprocess.CompletedProcess[str]:
            env = check_environment(standin, 7, tmp_path / folder, RELEASEGATE_HTTP_TIMEOUT="30")
            return releasegate(["check", "--comment", "always"], env, tmp_path)

        runs = at_once(*(functools.partial(check, f"run-{n}") for n in range(8)))
        for run in runs:
            ledger.saw_all("eight checks", {"stdout": run.stdout, "stderr": run.stderr})
        ledger.saw_standin("eight checks", standin)
        repo = standin.state.main_repo
        head = repo.pull(7).pull.head_sha  # type: ignore[union-attr]
        visible = httpx.get(
            f"{standin.url}/repos/acme/app/commits/{head}/check-runs",
            params={"check_name": CHECK_RUN},
            headers={"Authorization": "token t"},
        ).json()["check_runs"]
        made = [(r.conclusion, r.title) for r in repo.check_runs_for(head) if r.name == CHECK_RUN]
        stickies = [c for c in repo.pull(7).comments if c.body.startswith(STICKY)]  # type: ignore[union-attr]

    assert [run.returncode for run in runs] == [0] * 8, [run.stderr for run in runs]
    current = [title for _conclusion, title in made if title != SUPERSEDED]
    assert current == ["All gates passed"], made
    assert {conclusion for conclusion, _title in made} == {"success"}
    assert [(run["conclusion"], run["output"]["title"]) for run in visible] == [
        ("success", "All gates passed")
    ]
    assert len(stickies) == 1
    assert len(made) == 8


def test_three_syncs_of_one_umbrella_at_once_leave_one_progress_and_one_closing_comment(
    tmp_path: Path, ledger: SecretLedger
) -> None:
    """Issue 14, item 9: three syncs at once posted 3 progress and 3 closing comments."""
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "releasegate.yml").write_text(POLICY, encoding="utf-8")
    with StandIn(umbrella_scenario(), latency=LATENCY) as standin:
        env = {**standin.env(TOKEN), "GITHUB_EVENT_NAME": "workflow_dispatch"}
        # The three read the umbrella (and its comments) before any writes, however far apart
        # they start.
        standin.add_fault(Fault("together", path="graphql", operation="UmbrellaIssue", times=3))

        def sync() -> subprocess.CompletedProcess[str]:
            return releasegate(["umbrella", "sync", "--issue", "1"], env, tmp_path)

        runs = at_once(sync, sync, sync)
        for run in runs:
            ledger.saw_all("three umbrella syncs", {"stdout": run.stdout, "stderr": run.stderr})
        ledger.saw_standin("three umbrella syncs", standin)
        umbrella = standin.state.main_repo.issue(1)
        assert umbrella is not None
        bodies = [comment.body for comment in umbrella.comments]
        posted = [
            r for r in standin.requests if r.method == "POST" and r.path.endswith("/comments")
        ]

    assert [run.returncode for run in runs] == [0, 0, 0], [run.stderr for run in runs]
    assert (umbrella.body, umbrella.state) == (TICKED, "closed")
    assert sum(body.startswith(MARKER) for body in bodies) == 1
    assert sum(body.startswith(STATE_MARKERS["close"]) for body in bodies) == 1
    assert len(bodies) == 2
    assert len(posted) >= 3  # the runs did race: more than one posted a comment, and settled


def test_a_save_landing_between_the_syncs_re_read_and_its_write_is_put_back(
    tmp_path: Path, ledger: SecretLedger
) -> None:
    """Issue 14, item 10: GitHub has no compare-and-swap for an issue body, so a person's save
    that lands after the sync re-read the body and before its write arrives is overwritten
    by that write. The sync reads its write back with the edit history, finds that save, and
    writes it again with its boxes on top."""
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "releasegate.yml").write_text(POLICY, encoding="utf-8")
    with StandIn(umbrella_scenario(), latency=LATENCY) as standin:
        umbrella = standin.state.main_repo.issue(1)
        assert umbrella is not None
        umbrella.updated_at = standin.state.now() - timedelta(hours=1)
        env = {**standin.env(TOKEN), "GITHUB_EVENT_NAME": "workflow_dispatch"}

        def save_in_the_window() -> None:
            # The re-read is logged just before its answer goes out; the sync's write arrives
            # at least one latency later. The save is applied at once, as a person's.
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not _read_to_write(standin):
                time.sleep(0.002)
            with standin.state.lock:
                standin.state.set_body(umbrella, human(BODY), "maya")

        person = threading.Thread(target=save_in_the_window, daemon=True)
        person.start()
        run = releasegate(["umbrella", "sync", "--issue", "1"], env, tmp_path)
        person.join()
        ledger.saw_all("a save in the write window", {"stdout": run.stdout, "stderr": run.stderr})
        body_writes = [
            r.body["body"]
            for r in standin.requests
            if r.method == "PATCH" and r.path.endswith("/issues/1") and "body" in (r.body or {})
        ]

    assert run.returncode == 0, run.stderr
    assert umbrella.body == human(TICKED).replace("- [ ] Load test", "- [x] Load test")
    assert "reworded by a person" not in body_writes[0]  # the first write overwrote the save
    assert len(body_writes) == 2
