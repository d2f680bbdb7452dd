"""The incident state, derived from the history's tail: pure, with hysteresis.

``incident-after`` failed runs in a row open an incident, unless a run of that streak was
already recorded with one (it was opened, and perhaps closed by a person since: closing it
silences the streak until a run passes). While one is open, a failed run updates its status
comment and ``resolve-after`` passing runs in a row resolve it. A shorter streak opens
nothing. Notifications go out when an incident opens and when it resolves; a webhook that
did not take one gets it again on the next run, and no other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from releasegate.policy.models import WatchSettings
from releasegate.watch.records import Event, Notified, RunRecord

Action = Literal["none", "open", "update", "resolve"]


@dataclass(frozen=True)
class OpenIncident:
    """The policy's open incident issue, as GitHub lists it."""

    number: int
    url: str
    opened_at: datetime
    first_failure: datetime | None = None


@dataclass(frozen=True)
class Delivery:
    """A notification to send this run: ``incident`` None is the one this run opens."""

    event: Event
    incident: int | None
    positions: tuple[int, ...]
    late: bool = False


@dataclass(frozen=True)
class Decision:
    action: Action
    failing: int
    passing: int
    first_failure: RunRecord | None
    deliver: Delivery | None = None


def decide(
    runs: Sequence[RunRecord],
    incident: OpenIncident | None,
    settings: WatchSettings,
) -> Decision:
    """What this run (the last of ``runs``) does to the incident, and whom it tells."""
    failing, passing = _streak(runs, failed=True), _streak(runs, failed=False)
    first_failure = runs[-failing] if failing else None
    everyone = tuple(range(1, len(settings.notify) + 1))
    if incident is not None:
        if passing >= settings.resolve_after:
            told = Delivery("resolved", incident.number, everyone) if everyone else None
            return Decision("resolve", failing, passing, first_failure, told)
        retry = _retry(runs, incident)
        return Decision("update", failing, passing, first_failure, retry)
    streak = runs[len(runs) - failing :]
    handled = any(run.incident is not None or run.event == "opened" for run in streak)
    if failing >= settings.incident_after and not handled:
        told = Delivery("opened", None, everyone) if everyone else None
        return Decision("open", failing, passing, first_failure, told)
    return Decision("none", failing, passing, first_failure, _retry(runs, None))


def _streak(runs: Sequence[RunRecord], *, failed: bool) -> int:
    count = 0
    for run in reversed(runs):
        if run.passed == failed:
            break
        count += 1
    return count


def _retry(runs: Sequence[RunRecord], incident: OpenIncident | None) -> Delivery | None:
    """An earlier notification some webhooks did not take, still worth sending: the latest
    record that notified or changed an incident decides (a later event supersedes it)."""
    for run in reversed(runs[:-1]):
        if run.notify is not None:
            return _still_due(run.notify, incident)
        if run.event is not None:
            return None
    return None


def _still_due(notified: Notified, incident: OpenIncident | None) -> Delivery | None:
    if not notified.failed:
        return None
    if notified.event == "opened" and (incident is None or incident.number != notified.incident):
        return None  # that incident is closed: telling it opened would mislead
    return Delivery(notified.event, notified.incident, notified.failed, late=True)


@dataclass(frozen=True)
class Timeline:
    """When the failure began, was detected, recovered, and was resolved."""

    first_failure: datetime
    opened: datetime
    recovered: datetime
    resolved: datetime

    @property
    def to_detect(self) -> timedelta:
        return max(timedelta(0), self.opened - self.first_failure)

    @property
    def to_resolve(self) -> timedelta:
        return max(timedelta(0), self.recovered - self.opened)


def timeline(runs: Sequence[RunRecord], incident: OpenIncident, passing: int) -> Timeline:
    """The resolving run's timeline: ``passing`` runs in a row passed, ending with it."""
    recovered = runs[-passing].time
    began = incident.first_failure or _streak_start(runs[: len(runs) - passing])
    return Timeline(began or incident.opened_at, incident.opened_at, recovered, runs[-1].time)


def _streak_start(runs: Sequence[RunRecord]) -> datetime | None:
    failing = _streak(runs, failed=True)
    return runs[-failing].time if failing else None
