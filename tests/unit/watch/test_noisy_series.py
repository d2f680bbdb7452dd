"""The recorded noisy series replayed through the http-probe gate and the incident logic with
the default thresholds: both outages detected within `incident-after` runs of their start,
false incidents under 5% of incidents. The README shows the table this test renders."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from releasegate.engine import evaluate_policy
from releasegate.facts.http import HttpAnswer, HttpCall
from releasegate.policy.models import WatchSettings
from releasegate.watch.records import GateRecord, RunRecord
from releasegate.watch.state import OpenIncident, decide
from support.builders import StaticGather, context, policy
from support.live import answered, requests_of
from unit.watch.noisy_series import EVERY, OUTAGES, Incident, Replay, generate, load

README = Path(__file__).resolve().parents[3] / "README.md"


def probe(attempts: int) -> str:
    return f"""\
        version: 1
        name: prod-smoke
        gates:
          - id: health
            type: http-probe
            url: "https://api.example.com/health"
            attempts: {attempts}
    """


def replay(label: str, attempts: int, settings: WatchSettings) -> Replay:
    rules, ctx = policy(probe(attempts)), context("schedule")
    (call,) = requests_of(rules, ctx)
    assert isinstance(call, HttpCall)
    history: list[RunRecord] = []
    incident: OpenIncident | None = None
    result = Replay(label)
    for number, recorded in enumerate(load()):
        tried = recorded.attempts[:attempts]
        answer = HttpAnswer(tuple(answered(n, status, 80) for n, status in enumerate(tried, 1)))
        (gate,) = evaluate_policy(rules, ctx, StaticGather({call: answer}))
        record = RunRecord(
            f"run-{number}",
            recorded.time,
            "pass" if gate.status.value == "pass" else "fail",
            (("health", GateRecord(gate.status.value, 80)),),
            incident=incident.number if incident else None,
        )
        history = [*history, record][-settings.history.keep :]
        decision = decide(history, incident, settings)
        result.runs += 1
        result.failed += not record.passed
        if decision.action == "open":
            incident = OpenIncident(len(result.incidents) + 1, "", record.time)
            result.incidents.append(Incident(record.time))
            history[-1] = dataclasses.replace(record, incident=incident.number, event="opened")
        elif decision.action == "resolve":
            result.incidents[-1].resolved = record.time
            history[-1] = dataclasses.replace(record, event="resolved")
            incident = None
    return result


DEFAULTS = WatchSettings()
REPLAYS = (
    ("http-probe `attempts: 3` (default), `incident-after: 3`", 3, DEFAULTS),
    ("`attempts: 1`, `incident-after: 3`", 1, DEFAULTS),
    ("`attempts: 1`, `incident-after: 4`", 1, WatchSettings(incident_after=4)),
)


def table(replays: Sequence[Replay]) -> str:
    lines = [
        "| Policy | Runs | Failed runs | Incidents | Real | False | False share | "
        "Outages detected after (runs) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for item in replays:
        share = item.false / len(item.incidents) if item.incidents else 0.0
        delays = ", ".join(str(d) if d is not None else "missed" for d in item.detected_after())
        lines.append(
            f"| {item.label} | {item.runs} | {item.failed} | {len(item.incidents)} | "
            f"{len(item.incidents) - item.false} | {item.false} | {share:.0%} | {delays} |"
        )
    return "\n".join(lines) + "\n"


def test_the_fixture_is_what_the_generator_writes() -> None:
    assert load() == list(generate())


def test_both_outages_are_detected_within_incident_after_runs_and_no_alarm_is_false() -> None:
    result = replay(*REPLAYS[0])
    assert result.runs == 30 * 96
    assert [incident.real for incident in result.incidents] == [True, True]
    assert result.detected_after() == [3, 3]  # the third failing run opens it
    assert all(delay <= DEFAULTS.incident_after for delay in result.detected_after() if delay)
    assert result.false / len(result.incidents) < 0.05
    # Each resolves after resolve-after passing runs once its outage ends.
    for incident, (_, last) in zip(result.incidents, OUTAGES, strict=True):
        assert incident.resolved == last + DEFAULTS.resolve_after * EVERY


def test_without_retries_the_same_flakiness_raises_false_incidents() -> None:
    bare = replay(*REPLAYS[1])
    assert bare.false > 0
    assert bare.detected_after() == [3, 3]


def test_the_readme_shows_the_replay_table() -> None:
    rendered = table([replay(*arguments) for arguments in REPLAYS])
    assert rendered in README.read_text(encoding="utf-8"), rendered
