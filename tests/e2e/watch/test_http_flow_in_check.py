"""http-flow is a gate like the others: `releasegate check` runs it too, values passed along."""

from __future__ import annotations

from pathlib import Path

import pytest

from releasegate_standin import StandIn
from support.cli import releasegate
from support.services import service

pytestmark = pytest.mark.e2e

POLICY = """\
version: 1
name: deploy
gates:
  - id: signup
    type: http-flow
    steps:
      - name: sign up
        request: {{method: POST, url: "{url}/signups", json: {{email: "smoke@example.com"}}}}
        expect: {{status: 201}}
        save: {{signup: data.id}}
      - name: welcome mail sent
        request: {{url: "{url}/signups/${{signup}}"}}
        expect: {{json: {{mail: sent}}}}
"""


def test_check_runs_a_flow_and_threads_the_saved_value(tmp_path: Path) -> None:
    policy = tmp_path / "deploy.yml"
    scenario = {"repository": "acme/app", "commits": [{"name": "c", "files": {"a": "1"}}]}
    with service() as api, StandIn(scenario) as github:
        api.answer("/signups", 201, {"data": {"id": "su-5521aa"}})
        api.answer("/signups/su-5521aa", 200, {"mail": "sent"})
        policy.write_text(POLICY.format(url=api.url))
        env = {
            **github.env(),
            "GITHUB_EVENT_NAME": "push",
            "GITHUB_SHA": github.state.main_repo.branches["main"],
        }
        run = releasegate("check", "--policy", str(policy), "--report", "none", env=env)
    assert run.code == 0, run.output
    assert "✓ signup  pass       2 steps passed in " in run.stdout
    assert "su-5521aa" not in run.output
    assert [r.path for r in api.received()] == ["/signups", "/signups/su-5521aa"]
