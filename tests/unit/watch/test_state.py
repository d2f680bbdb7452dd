"""The incident state machine on hand-built histories: hysteresis both ways, an incident never
opened twice for one streak, and notifications retried to exactly the webhooks that missed
them, until a newer event supersedes them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from releasegate.policy.models import WatchSettings
from releasegate.watch.records import Notified, RunRecord
from releasegate.watch.state import Delivery, OpenIncident, decide, timeline

START = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
SETTINGS = WatchSettings(notify=("${A}", "${B}"))


def runs(pattern: str, **last: object) -> list[RunRecord]:
    """``"PPFFF"``: a run every 15 minutes, P passed and F failed; ``last`` changes the last."""
    made = [
        RunRecord(f"r{n}", START + n * timedelta(minutes=15), "pass" if c == "P" else "fail")
        for n, c in enumerate(pattern)
    ]
    if last:
        made[-1] = RunRecord(**{**made[-1].__dict__, **last})  # type: ignore[arg-type]
    return made


INCIDENT = OpenIncident(7, "https://github.com/acme/app/issues/7", START + timedelta(minutes=30))


@pytest.mark.parametrize(
    ("pattern", "action", "failing", "passing"),
    [
        ("PPF", "none", 1, 0),
        ("PFF", "none", 2, 0),
        ("PFFF", "open", 3, 0),
        ("FFPFF", "none", 2, 0),  # the pass broke the streak
        ("PP", "none", 0, 2),
    ],
)
def test_only_incident_after_failures_in_a_row_open_an_incident(
    pattern: str, action: str, failing: int, passing: int
) -> None:
    decision = decide(runs(pattern), None, SETTINGS)
    assert (decision.action, decision.failing, decision.passing) == (action, failing, passing)


def test_opening_tells_every_webhook_and_names_the_first_failure() -> None:
    history = runs("PFFF")
    decision = decide(history, None, SETTINGS)
    assert decision.deliver == Delivery("opened", None, (1, 2))
    assert decision.first_failure == history[1]


def test_a_streak_that_already_had_an_incident_does_not_open_another() -> None:
    history = runs("PFFFF")
    history[3] = RunRecord(**{**history[3].__dict__, "incident": 7, "event": "opened"})
    # #7 was closed by a person while it still failed: silenced until a run passes.
    assert decide(history, None, SETTINGS).action == "none"


def test_while_open_failures_and_too_few_passes_update_and_enough_passes_resolve() -> None:
    assert decide(runs("FFFF"), INCIDENT, SETTINGS).action == "update"
    assert decide(runs("FFFP"), INCIDENT, SETTINGS).action == "update"
    resolved = decide(runs("FFFPP"), INCIDENT, SETTINGS)
    assert resolved.action == "resolve"
    assert resolved.deliver == Delivery("resolved", 7, (1, 2))


def test_a_failed_notification_is_retried_to_the_webhooks_that_missed_it_only() -> None:
    history = runs("FFFF")
    history[2] = RunRecord(
        **{**history[2].__dict__, "incident": 7, "notify": Notified("opened", 7, (2,))}
    )
    retry = decide(history, INCIDENT, SETTINGS).deliver
    assert retry == Delivery("opened", 7, (2,), late=True)


def test_a_notification_taken_by_every_webhook_is_not_sent_again() -> None:
    history = runs("FFFF")
    history[2] = RunRecord(**{**history[2].__dict__, "notify": Notified("opened", 7, ())})
    assert decide(history, INCIDENT, SETTINGS).deliver is None


def test_an_opened_notice_for_an_incident_since_closed_is_dropped_and_a_resolved_one_kept() -> None:
    history = runs("FFFPPP")
    history[2] = RunRecord(**{**history[2].__dict__, "notify": Notified("opened", 7, (1,))})
    assert decide(history, None, SETTINGS).deliver is None
    history[4] = RunRecord(**{**history[4].__dict__, "notify": Notified("resolved", 7, (1,))})
    assert decide(history, None, SETTINGS).deliver == Delivery("resolved", 7, (1,), late=True)


def test_a_newer_event_supersedes_an_older_failed_notification() -> None:
    history = runs("FFFPPFFF")
    history[2] = RunRecord(**{**history[2].__dict__, "notify": Notified("opened", 7, (1,))})
    history[4] = RunRecord(**{**history[4].__dict__, "event": "resolved"})
    assert decide(history, None, SETTINGS).deliver == Delivery("opened", None, (1, 2))


def test_the_timeline_of_a_resolution() -> None:
    history = runs("PFFFFPP")
    incident = OpenIncident(7, "", START + timedelta(minutes=45))
    times = timeline(history, incident, passing=2)
    assert times.first_failure == START + timedelta(minutes=15)  # from the history
    assert (times.to_detect, times.to_resolve) == (timedelta(minutes=30), timedelta(minutes=30))
    marked = OpenIncident(7, "", START + timedelta(minutes=45), START)
    assert timeline(history, marked, passing=2).to_detect == timedelta(minutes=45)
