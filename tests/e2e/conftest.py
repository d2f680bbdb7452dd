from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from releasegate_standin import StandIn

pytestmark = pytest.mark.e2e

POLICY = """\
version: 1
name: pr
gates:
  - id: separation
    type: change-separation
    groups: {infra: ["infra/**", ".github/workflows/**"], feature: ["src/**"]}
"""


def scenario(*pulls: dict[str, Any], policy: str = POLICY, **extra: Any) -> dict[str, Any]:
    """A repository acme/app whose main branch has ``policy``, with ``pulls``."""
    return {
        "repository": "acme/app",
        "collaborators": {"maya": "maintain", "sam": "write"},
        "commits": [{"name": "base", "files": {".github/releasegate.yml": policy}}],
        "branches": {"main": "base"},
        "pull_requests": list(pulls),
        **extra,
    }


def pull(number: int, files: list[Any], **extra: Any) -> dict[str, Any]:
    return {
        "number": number,
        "title": f"PR {number}",
        "author": "sam",
        "base": "main",
        "head": f"feature/{number}",
        "files": files,
        **extra,
    }


@pytest.fixture
def github() -> Iterator[StandIn]:
    with StandIn(scenario(pull(7, ["src/a.py"]), pull(8, ["src/a.py", "infra/b.tf"]))) as server:
        yield server


def pull_request_event(tmp_path: Path, server: StandIn, number: int) -> dict[str, str]:
    """The environment of a `pull_request` workflow run for PR ``number``."""
    record = server.state.main_repo.pull(number)
    assert record is not None and record.pull is not None
    event = tmp_path / f"event-{number}.json"
    event.write_text(
        json.dumps(
            {
                "action": "synchronize",
                "pull_request": {
                    "number": number,
                    "base": {"ref": record.pull.base_ref},
                    "head": {"sha": record.pull.head_sha},
                },
            }
        )
    )
    return {**server.env(), "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(event)}
