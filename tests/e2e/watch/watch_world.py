"""A world for `releasegate watch` as a subprocess: the GitHub stand-in, a local service the
policy's probes, flows and webhooks call, and helpers to seed the history and read it back."""

from __future__ import annotations

import itertools
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from releasegate.watch.records import GateRecord, RunRecord, parse_history
from releasegate_standin import Fault, StandIn
from releasegate_standin.state.records import Issue
from support.cli import Run, releasegate
from support.services import Service, service

NAME = "prod-smoke"
BRANCH = "releasegate-data"
HISTORY = f"watch/{NAME}.jsonl"
_RUN_IDS = itertools.count(1)


def policy(url: str, *, watch: str = "", gates: str = "") -> str:
    return f"""\
version: 1
name: {NAME}
gates:
  - id: health
    type: http-probe
    url: "{url}/health"
    attempts: 1
{gates}watch:
  assignees: [maya]
{watch}"""


def ago(minutes: float) -> datetime:
    return (datetime.now(UTC) - timedelta(minutes=minutes)).replace(microsecond=0)


def line(minutes_ago: float, verdict: str = "fail", **extra: Any) -> str:
    status = "pass" if verdict == "pass" else "fail"
    return RunRecord(
        run=f"seeded-{next(_RUN_IDS)}",
        time=ago(minutes_ago),
        verdict=verdict,
        gates=(("health", GateRecord(status, 120)),),
        url="https://github.com/acme/app/actions/runs/1",
        **extra,
    ).to_line()


def incident_issue(
    number: int = 40, *, opened: float = 15, first_failure: float = 45
) -> dict[str, Any]:
    began = ago(first_failure).isoformat()
    return {
        "number": number,
        "title": f"{NAME} is failing: health",
        "labels": ["incident"],
        "assignees": ["maya"],
        "created_at": f"-{opened:g}m",
        "body": f"<!-- releasegate:incident:{NAME} -->\n"
        f"<!-- releasegate:first-failure:{began} -->\n### 🔴 {NAME} is failing\n",
    }


def scenario(history: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    commits: list[dict[str, Any]] = [{"name": "release-1", "files": {"README.md": "app\n"}}]
    branches = {"main": "release-1"}
    if history is not None:
        commits.append(
            {"name": "data", "parent": "release-1", "files": {HISTORY: "\n".join(history) + "\n"}}
        )
        branches[BRANCH] = "data"
    return {
        "repository": "acme/app",
        "collaborators": {"maya": "maintain", "sam": "write"},
        "commits": commits + extra.pop("commits", []),
        "branches": {**branches, **extra.pop("branches", {})},
        **extra,
    }


@dataclass
class World:
    github: StandIn
    api: Service
    folder: Path
    environment: dict[str, str] = field(default_factory=dict)

    @property
    def policy_file(self) -> Path:
        return self.folder / "watch.yml"

    def write_policy(self, text: str) -> None:
        self.policy_file.write_text(text, encoding="utf-8")

    def env(self, **extra: str) -> dict[str, str]:
        repo = self.github.state.main_repo
        return {
            **self.github.env(),
            "GITHUB_EVENT_NAME": "schedule",
            "GITHUB_SHA": repo.branches["main"],
            "GITHUB_REF": "refs/heads/main",
            "GITHUB_RUN_ID": "9876543210",
            "GITHUB_RUN_ATTEMPT": "1",
            "GITHUB_STEP_SUMMARY": str(self.folder / "summary.md"),
            "GITHUB_OUTPUT": str(self.folder / "outputs.txt"),
            **self.environment,
            **extra,
        }

    def watch(self, *args: str, **env: str) -> Run:
        return releasegate("watch", "--policy", str(self.policy_file), *args, env=self.env(**env))

    def watch_together(
        self, count: int = 2, *, meet: tuple[str, ...] = ("*/contents/*",)
    ) -> list[tuple[int, str]]:
        """``count`` watch runs started at once, as separate processes: (exit code, output).

        Their first GET of each path glob in ``meet`` is held until every run has sent it, so
        they read the same state before any of them writes, however far apart they started.
        """
        for path in meet:
            self.github.add_fault(Fault("together", method="GET", path=path, times=count))
        command = [sys.executable, "-m", "releasegate", "watch", "--policy", str(self.policy_file)]
        env = {**self.env(), "PATH": "/usr/bin:/bin", "RELEASEGATE_RETRY_SECONDS": "20"}
        started = [
            subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(count)
        ]
        outputs = [process.communicate(timeout=120) for process in started]
        return [
            (process.returncode, (out + err).decode("utf-8", "replace"))
            for process, (out, err) in zip(started, outputs, strict=True)
        ]

    def history(self) -> list[RunRecord]:
        repo = self.github.state.main_repo
        sha = repo.branches.get(BRANCH)
        if sha is None:
            return []
        text = repo.commits[sha].files.get(HISTORY, b"").decode()
        return list(parse_history(text, HISTORY).runs)

    def incidents(self) -> list[Issue]:
        issues = self.github.state.main_repo.issues.values()
        return [issue for issue in issues if issue.pull is None and "incident" in issue.labels]

    def requests(self) -> list[str]:
        return [f"{r.method} {r.operation or r.path} {r.status}" for r in self.github.requests]

    def summary(self) -> str:
        path = self.folder / "summary.md"
        return path.read_text(encoding="utf-8") if path.exists() else ""


@pytest.fixture
def make_world(tmp_path: Path) -> Iterator[Callable[..., World]]:
    started: list[StandIn] = []
    with service() as api:
        api.answer("/health", 200, {"status": "ok"})

        def make(
            scenario_data: dict[str, Any], *, watch: str = "", gates: str = "", **options: Any
        ) -> World:
            github = StandIn(scenario_data, **options).start()
            started.append(github)
            world = World(github, api, tmp_path)
            world.write_policy(policy(api.url, watch=watch, gates=gates))
            return world

        yield make
    for github in started:
        github.stop()
