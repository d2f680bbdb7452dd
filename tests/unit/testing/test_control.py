"""Steering a stand-in over HTTP (``/_standin/``), as a test does with one in another process;
and ``python -m releasegate_standin serve``."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator

import httpx
import pytest

from releasegate_standin import StandIn


@pytest.fixture
def control(standin: StandIn) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=f"{standin.url}/_standin") as client:
        yield client


def test_faults_latency_and_the_log_over_http(
    standin: StandIn, control: httpx.Client, http: httpx.Client
) -> None:
    added = control.post("/faults", json={"kind": "status", "status": 503, "path": "*/pulls/7"})
    assert added.status_code == 201
    assert control.post("/latency", json={"seconds": 0.05}).json() == {"seconds": 0.05}
    assert http.get("/repos/acme/app/pulls/7").status_code == 503
    assert http.get("/repos/acme/app/pulls/7").status_code == 200
    log = control.get("/requests").json()
    assert [(e["path"], e["status"], e["fault"]) for e in log] == [
        ("/repos/acme/app/pulls/7", 503, "status"),
        ("/repos/acme/app/pulls/7", 200, None),
    ]
    assert all(e["duration"] >= 0.05 for e in log)
    assert control.get("/faults").json()[0]["hits"] == 1
    assert control.delete("/faults").json() == []
    assert control.post("/reset-log").status_code == 200
    assert control.get("/requests").json() == []


def test_state_dump_reset_and_a_new_scenario(
    standin: StandIn, control: httpx.Client, http: httpx.Client
) -> None:
    http.post("/repos/acme/app/issues/7/comments", json={"body": "hello"})
    dumped = control.get("/state").json()["acme/app"]
    assert [c["body"] for c in dumped["issues"]["7"]["comments"]] == ["hello"]
    control.post("/reset")
    assert control.get("/state").json()["acme/app"]["issues"]["7"]["comments"] == []
    loaded = control.post("/scenario", content=b"repository: other/repo\nissues: [{title: x}]\n")
    assert loaded.json() == {"ok": True, "repositories": ["other/repo"]}
    assert http.get("/repos/other/repo/issues/1").json()["title"] == "x"


def test_bad_control_requests_are_explained(control: httpx.Client) -> None:
    unknown = control.post("/faults", json={"kind": "meltdown"})
    assert unknown.status_code == 422
    assert "unknown fault kind 'meltdown'" in unknown.json()["message"]
    assert control.post("/faults", json={"kind": "status", "colour": "red"}).status_code == 422
    assert control.post("/scenario", content=b"repository: nope").status_code == 422
    listing = control.get("/nothing-here")
    assert listing.status_code == 404
    assert "POST /_standin/faults" in listing.json()["control_endpoints"]


def test_serve_prints_the_url_and_the_environment(tmp_path_factory: pytest.TempPathFactory) -> None:
    scenario = tmp_path_factory.mktemp("scenario") / "s.yml"
    scenario.write_text("repository: acme/app\npull_requests: [{number: 3}]\n")
    command = [sys.executable, "-m", "releasegate_standin", "serve", str(scenario)]
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=environment) as server:
        try:
            assert server.stdout is not None
            banner = [server.stdout.readline() for _ in range(6)]
            match = re.search(r"at (http://127\.0\.0\.1:\d+)", banner[0])
            assert match, banner
            url = match.group(1)
            assert banner[2].strip() == f"export GITHUB_API_URL={url}"
            assert banner[3].strip() == f"export GITHUB_GRAPHQL_URL={url}/graphql"
            headers = {"Authorization": "token x"}
            answer = httpx.get(f"{url}/repos/acme/app/pulls/3", headers=headers)
            assert answer.json()["number"] == 3
        finally:
            server.send_signal(signal.SIGINT)
            assert server.wait(timeout=10) == 0


def test_an_unknown_scenario_is_a_usage_error() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "releasegate_standin", "serve", "no-such-scenario"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "no scenario file no-such-scenario" in done.stderr


def test_the_stand_in_serves_a_default_repository(serve: Callable[..., StandIn]) -> None:
    standin = serve()
    assert standin.env()["GITHUB_REPOSITORY"] == "acme/app"
