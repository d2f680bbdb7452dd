"""`check` under every real webhook example payload of the events SPEC §1 lists.

The payloads are GitHub's own (``@octokit/webhooks-examples``, fetched by
tools/fetch-github-descriptions, never committed). Whatever they hold, `check` ends in a
verdict or a one-paragraph error: never a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conformance.descriptions import webhook_examples_path
from e2e.conftest import pull, scenario
from releasegate_standin import StandIn

EVENTS = (
    "pull_request",
    "pull_request_target",
    "merge_group",
    "push",
    "workflow_dispatch",
    "deployment",
    "deployment_status",
    "workflow_run",
    "schedule",
)


def examples() -> list[Any]:
    path = webhook_examples_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("webhook examples missing: run tools/fetch-github-descriptions")
        return [
            pytest.param(None, None, marks=pytest.mark.skip("run tools/fetch-github-descriptions"))
        ]
    cases = []
    for event in json.loads(path.read_text()):
        if event["name"] in EVENTS:
            for index, payload in enumerate(event["examples"]):
                action = payload.get("action", "")
                cases.append(
                    pytest.param(event["name"], payload, id=f"{event['name']}-{index}-{action}")
                )
    return cases


@pytest.fixture(scope="module")
def github() -> Iterator[StandIn]:
    # PR #2 is the number GitHub's pull_request examples use.
    with StandIn(scenario(pull(2, ["src/a.py"]))) as server:
        yield server


@pytest.mark.parametrize(("event", "payload"), examples())
def test_check_never_tracebacks_on_a_real_payload(
    github: StandIn,
    event: str,
    payload: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from releasegate.cli import main

    event_file = tmp_path / "event.json"
    event_file.write_text(json.dumps(payload))
    for key, value in {
        **github.env(),
        "GITHUB_EVENT_NAME": event,
        "GITHUB_EVENT_PATH": str(event_file),
        "GITHUB_SHA": "f" * 40,
        "GITHUB_REF": "refs/heads/main",
        "RELEASEGATE_RETRY_ATTEMPTS": "1",
    }.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setattr(sys, "argv", ["releasegate", "check", "--comment", "never"])
    with pytest.raises(SystemExit) as exited:
        main()
    out, err = capsys.readouterr()
    assert exited.value.code in (0, 1, 2, 3)
    assert "internal error" not in err and "Traceback" not in out + err
    if exited.value.code in (0, 1):
        assert out.splitlines()[-1].startswith("verdict: ")
    else:
        assert err.startswith("error: ") or ".yml" in err
