"""What every run of one ``watch`` invocation shares: the policy and its settings, where the
history lives, the incident issues, the webhooks, the run's context and its secrets."""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from releasegate.context import Inputs, shipped_commit
from releasegate.engine import evaluate_policy
from releasegate.errors import UsageError
from releasegate.facts import RunContext
from releasegate.fetchers.gather import make_gatherer
from releasegate.github.client import GitHub
from releasegate.policy.models import HotfixSettings, Policy, WatchSettings
from releasegate.redaction import hide, redacted_report, secret_values
from releasegate.results import Report
from releasegate.watch.history import HistoryFile, Place
from releasegate.watch.incident import Incidents
from releasegate.watch.notify import Webhooks
from releasegate.watch.records import GateRecord, RunRecord

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class Session:
    github: GitHub
    inputs: Inputs
    policy: Policy
    policy_path: str
    settings: WatchSettings
    name: str
    repository: str
    context: RunContext
    history: HistoryFile
    incidents: Incidents
    webhooks: Webhooks
    secrets: list[str]

    @classmethod
    def start(cls, github: GitHub, inputs: Inputs, policy: Policy, path: Path) -> Session:
        repository = inputs.repository
        if not repository or "/" not in repository:
            raise UsageError(
                "no repository: set GITHUB_REPOSITORY or pass --repo OWNER/NAME (like acme/app)"
            )
        owner, repo = repository.split("/", 1)
        settings = policy.watch or WatchSettings()
        name = policy.name or PurePosixPath(path.as_posix()).stem
        place = Place(
            owner, repo, settings.history.branch, history_path(name), settings.history.keep
        )
        webhooks = Webhooks(settings.notify)
        found = secret_values(policy.gate_configs, os.environ, inputs.token) + webhooks.secrets()
        hide(*found)
        # A watch run judges no pull request: the commit a deploy or push ships, else the
        # scheduled or dispatched one.
        sha, ref = shipped_commit(inputs)
        return cls(
            github=github,
            inputs=inputs,
            policy=policy,
            policy_path=path.as_posix(),
            settings=settings,
            name=name,
            repository=repository,
            context=RunContext(
                event=inputs.event_name or "workflow_dispatch",
                repository=repository,
                sha=sha,
                ref=ref,
                server_url=inputs.server_url,
            ),
            history=HistoryFile(github, place, inputs.sha),
            incidents=Incidents(github, owner, repo, name, settings.label),
            webhooks=webhooks,
            secrets=found,
        )

    @property
    def hotfix_heads(self) -> tuple[str, ...]:
        return ((self.policy.hotfix or HotfixSettings()).head_pattern,)

    @property
    def run_url(self) -> str | None:
        run_id = os.environ.get("GITHUB_RUN_ID")
        if not run_id:
            return None
        return f"{self.inputs.server_url}/{self.repository}/actions/runs/{run_id}"

    def evaluate(self) -> Report:
        results = evaluate_policy(
            self.policy, self.context, make_gatherer(self.github, self.context)
        )
        report = Report(
            policy=self.policy_path,
            name=self.name,
            repository=self.repository,
            sha=self.context.sha,
            pull_request=None,
            event=self.context.event,
            gates=results,
        )
        return redacted_report(report, self.secrets)

    def record(self, report: Report, started: datetime, incident: int | None) -> RunRecord:
        return RunRecord(
            run=run_id(),
            time=started,
            verdict=report.verdict.value,
            gates=tuple(
                (gate.id, GateRecord(gate.status.value, _ms(gate.latency_ms)))
                for gate in report.gates
            ),
            commit=self.context.sha,
            ref=self.context.ref,
            url=self.run_url,
            incident=incident,
        )


def history_path(name: str) -> str:
    """``watch/<name>.jsonl``; characters a file name should not hold become ``-``."""
    return f"watch/{_UNSAFE.sub('-', name).strip('-.') or 'policy'}.jsonl"


def run_id() -> str:
    """Unique per run: the Actions run and attempt when there is one, and a random part
    (one job may run many, with --for)."""
    parts = [os.environ.get("GITHUB_RUN_ID"), os.environ.get("GITHUB_RUN_ATTEMPT")]
    return "-".join([*(part for part in parts if part), secrets.token_hex(4)])


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _ms(latency: float | None) -> int | None:
    return None if latency is None else round(latency)
