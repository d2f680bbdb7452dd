"""The watch history against the stand-in: what a quiet run asks GitHub, the branch created
the first time, two runs at once that both land, conflicts re-read and re-appended, `keep`,
a history that cannot be written (exit 3, the run still reported), the post-deploy window
and the status page."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from e2e.watch.watch_world import BRANCH, HISTORY, NAME, World, line, scenario
from releasegate_standin import Fault

pytestmark = pytest.mark.e2e


def test_a_quiet_run_asks_github_three_things(make_world: Callable[..., World]) -> None:
    world = make_world(scenario([line(30, "pass"), line(15, "pass")]))
    run = world.watch()
    assert run.code == 0, run.output
    assert sorted(world.requests()) == [
        f"GET /repos/acme/app/contents/{HISTORY} 200",
        "GET /repos/acme/app/issues 200",
        f"PUT /repos/acme/app/contents/{HISTORY} 200",
    ]
    written = next(r for r in world.github.requests if r.method == "PUT")
    assert written.body["branch"] == BRANCH
    assert written.body["message"] == f"releasegate watch: {NAME} pass [skip ci]"
    assert [r.verdict for r in world.history()] == ["pass", "pass", "pass"]
    assert "history: recorded in watch/prod-smoke.jsonl on releasegate-data; 3 passed in a row" in (
        run.stdout
    )


FIVE_GATES = """\
  - id: ready
    type: http-probe
    url: "{url}/ready"
  - id: flow
    type: http-flow
    steps:
      - {{name: create, request: {{method: POST, url: "{url}/calls"}}, save: {{call: id}}}}
      - {{name: read, request: {{url: "{url}/calls/${{call}}"}}}}
  - id: api-version
    type: version-compat
    version: {{url: "{url}/version", field: version}}
    range: {{value: "^2.3"}}
  - id: main-ci
    type: check-passed
    name: ci
    ref: main
"""


def test_a_quiet_run_with_five_live_gates_makes_four_requests(
    make_world: Callable[..., World],
) -> None:
    checks = [{"commit": "release-1", "name": "ci", "completed_at": "-5m"}]
    world = make_world(scenario([line(15, "pass")], check_runs=checks))
    world.write_policy(
        world.policy_file.read_text().replace(
            "watch:\n", FIVE_GATES.format(url=world.api.url) + "watch:\n"
        )
    )
    for path, answer in (("/ready", "ok"), ("/calls", {"id": "c-77"}), ("/calls/c-77", "ok")):
        world.api.answer(path, 200, answer)
    world.api.answer("/version", 200, {"version": "2.4.1"})
    run = world.watch()
    assert run.code == 0, run.output
    assert run.stdout.count(" pass ") == 5
    assert sorted(world.requests()) == [
        f"GET /repos/acme/app/contents/{HISTORY} 200",
        "GET /repos/acme/app/issues 200",
        "POST CommitChecks 200",
        f"PUT /repos/acme/app/contents/{HISTORY} 200",
    ]


def test_a_history_branch_that_does_not_exist_yet_is_created(
    make_world: Callable[..., World],
) -> None:
    world = make_world(scenario())
    run = world.watch()
    assert run.code == 0, run.output
    # The incident lookup runs alongside the history, so only the history's own requests
    # have an order to keep.
    history_requests = [r for r in world.requests() if "/issues" not in r]
    assert history_requests == [
        f"GET /repos/acme/app/contents/{HISTORY} 404",
        f"GET /repos/acme/app/git/ref/heads%2F{BRANCH} 404",
        "POST /repos/acme/app/git/refs 201",
        f"PUT /repos/acme/app/contents/{HISTORY} 201",
    ]
    repo = world.github.state.main_repo
    created = repo.commits[repo.branches[BRANCH]]
    assert created.parents == [repo.branches["main"]]  # from the commit the run is on
    (record,) = world.history()
    assert (record.verdict, record.commit, record.ref) == (
        "pass",
        repo.branches["main"],
        "refs/heads/main",
    )
    assert record.url == "https://github.com/acme/app/actions/runs/9876543210"
    assert record.gate("health") is not None


def test_a_run_after_a_deploy_is_recorded_against_the_deployed_commit(
    make_world: Callable[..., World], tmp_path: Path
) -> None:
    # On workflow_run GITHUB_SHA is the default branch's newest commit, not what was deployed:
    # the history must name the commit the deploy shipped, as check reads it (SPEC §1, §10).
    world = make_world(
        scenario(
            [line(15, "pass")],
            commits=[{"name": "release-2", "parent": "release-1", "files": {"a": "2"}}],
            branches={"prod": "release-2"},
        )
    )
    deployed = world.github.state.main_repo.branches["prod"]
    event = tmp_path / "workflow_run.json"
    event.write_text(
        json.dumps({"workflow_run": {"head_sha": deployed, "head_branch": "prod"}}),
        encoding="utf-8",
    )
    run = world.watch(GITHUB_EVENT_NAME="workflow_run", GITHUB_EVENT_PATH=str(event))
    assert run.code == 0, run.output
    assert deployed != world.env()["GITHUB_SHA"]
    assert [(r.commit, r.ref) for r in world.history()][-1] == (deployed, "refs/heads/prod")


def test_two_runs_started_together_both_land_in_the_history(
    make_world: Callable[..., World],
) -> None:
    # Both runs read the file before either writes it, so one write is refused as stale and
    # that run re-reads and appends again.
    world = make_world(scenario([line(15, "pass")]))
    both = world.watch_together()
    assert [code for code, _ in both] == [0, 0], both
    runs = world.history()
    assert len(runs) == 3 and len({r.run for r in runs}) == 3
    writes = [r.status for r in world.github.requests if r.method == "PUT"]
    assert sorted(writes) == [200, 200, 409]


def test_two_first_runs_at_once_both_land_when_the_file_appears_under_one(
    make_world: Callable[..., World],
) -> None:
    # The branch exists without the file: both runs read it as missing and create it; GitHub
    # refuses the second create with a 422 (the file has a sha now), so that run re-reads and
    # appends to what the first wrote.
    data = {"name": "data", "parent": "release-1", "files": {"README.md": "history\n"}}
    world = make_world(scenario(commits=[data], branches={BRANCH: "data"}))
    both = world.watch_together()
    assert [code for code, _ in both] == [0, 0], both
    runs = world.history()
    assert len(runs) == 2 and len({r.run for r in runs}) == 2
    writes = [r.status for r in world.github.requests if r.method == "PUT"]
    assert sorted(writes) == [200, 201, 422]


def test_a_refused_write_is_read_again_and_appended_once(make_world: Callable[..., World]) -> None:
    world = make_world(scenario([line(15, "pass")]))
    # A 409 as GitHub gives when the branch moved under the write (another file written).
    world.github.add_fault(Fault("status", method="PUT", path="*/contents/*", status=409))
    run = world.watch()
    assert run.code == 0, run.output
    assert [r.verdict for r in world.history()] == ["pass", "pass"]
    assert [r.split()[-1] for r in world.requests() if "contents" in r] == [
        "200",  # the first read
        "409",
        "200",  # read again
        "200",  # written
    ]


def test_only_the_newest_keep_runs_stay(make_world: Callable[..., World]) -> None:
    seeded = [line(60 - n, "pass") for n in range(5)]
    world = make_world(scenario(seeded), watch="  history: {keep: 4}\n")
    assert world.watch().code == 0
    runs = world.history()
    assert len(runs) == 4
    assert runs[0].run == json.loads(seeded[2])["run"]


def test_a_history_that_cannot_be_written_is_exit_3_and_the_run_is_still_reported(
    make_world: Callable[..., World],
) -> None:
    world = make_world(scenario([line(15, "pass")]))
    world.github.add_fault(Fault("status", method="PUT", status=502, times="always"))
    run = world.watch(RELEASEGATE_RETRY_ATTEMPTS="2", RELEASEGATE_RETRY_SECONDS="2")
    assert run.code == 3, run.output
    assert "✓ health  pass" in run.stdout
    assert "history: not recorded (watch/prod-smoke.jsonl on releasegate-data)" in run.stdout
    assert run.stderr.startswith(
        f"error: PUT /repos/acme/app/contents/{HISTORY} failed: HTTP 502 from GitHub"
    )
    assert "Traceback" not in run.output


def test_a_dry_run_reads_and_writes_nothing(make_world: Callable[..., World]) -> None:
    world = make_world(scenario([line(30), line(15)]))
    world.api.answer("/health", 503, "down")
    run = world.watch("--dry-run")
    assert run.code == 1, run.output
    assert "incident: would open an incident (dry run)" in run.stdout
    assert not any(r.startswith(("PUT", "POST", "PATCH")) for r in world.requests())
    assert len(world.history()) == 2


def test_a_post_deploy_window_ends_with_exit_1_once_incident_after_runs_fail(
    make_world: Callable[..., World],
) -> None:
    world = make_world(scenario([line(15, "pass")]))
    world.api.answer("/health", 503, "down")
    run = world.watch("--for", "30m", "--every", "1s")
    assert run.code == 1, run.output  # at once: not after 30 minutes
    assert run.stdout.count("verdict: fail") == 3
    assert len(world.incidents()) == 1
    summary = world.summary()
    assert summary.startswith(
        f"### releasegate watch: {NAME.replace('-', chr(92) + '-')}, every 1s for 30m"
    )
    assert summary.count("| ❌ fail | `health` |") == 3
    assert "**❌ 3 runs in a row failed: roll back (exit 1)**" in summary


def test_a_post_deploy_window_that_stays_healthy_ends_with_exit_0(
    make_world: Callable[..., World],
) -> None:
    world = make_world(scenario([line(15, "pass")]))
    run = world.watch("--for", "2s", "--every", "1s")
    assert run.code == 0, run.output
    assert run.stdout.count("verdict: pass") == 2
    summary = world.summary()
    assert summary.count("| ✅ pass | — |") == 2
    assert "**✅ the window ended without 3 failed runs in a row (exit 0)**" in summary
    outputs = Path(world.env()["GITHUB_OUTPUT"]).read_text()
    assert "verdict<<" in outputs and "\npass\n" in outputs


def test_the_status_page_charts_the_recent_runs_from_the_history_alone(
    make_world: Callable[..., World],
) -> None:
    seeded = [line(45, "pass"), line(30), line(15, "pass")]
    world = make_world(scenario(seeded))
    run = world.watch("--status")
    assert run.code == 0, run.output
    assert world.requests() == [f"GET /repos/acme/app/contents/{HISTORY} 200"]
    page = run.stdout
    assert page.startswith(f"## releasegate watch: {NAME.replace('-', chr(92) + '-')}\n")
    assert "| **every gate** | 🟩🟥🟩 | 66.7% |" in page
    assert "| `health` | 🟩🟥🟩 | 66.7% |" in page
    assert "```mermaid\nxychart-beta\n" in page
    assert "  line [120, 120, 120]\n" in page


def test_a_token_that_cannot_write_the_history_is_told_which_permission_it_lacks(
    make_world: Callable[..., World],
) -> None:
    world = make_world(scenario([line(15, "pass")]))
    world.github.add_fault(Fault("status", method="PUT", status=403, times="always"))
    run = world.watch()
    assert run.code == 3, run.output
    assert run.stderr == (
        f"error: PUT /repos/acme/app/contents/{HISTORY} was refused: HTTP 403 (Server Error). "
        f"The token cannot write {HISTORY} on {BRANCH}; give the job `permissions: contents: "
        "write` (workflows/watch.yml does), and let the branch's rules allow the bot to push "
        "to it\n"
    )
