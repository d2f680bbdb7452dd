"""One watch run: the gates beside the two reads (history, open incident), the run appended
to the history, the incident state derived from its tail, the GitHub writes it calls for,
the notifications, and the run's line amended with what it did.

A quiet run (passing, no incident) makes three GitHub requests: read the history, look up the
open incident, append. When the history or the incident cannot be read or written the run
still reports its own result, with the problem (exit 3).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from releasegate.errors import ReleasegateError
from releasegate.results import Report
from releasegate.watch import messages
from releasegate.watch.cause import Cause, read_cause
from releasegate.watch.history import Snapshot, amending, appending
from releasegate.watch.messages import Situation
from releasegate.watch.notify import Sent
from releasegate.watch.records import Event, Notified, RunRecord
from releasegate.watch.session import Session
from releasegate.watch.slo import Slo, slo
from releasegate.watch.state import Decision, Delivery, OpenIncident, decide, timeline

T = TypeVar("T")


@dataclass(frozen=True)
class RunResult:
    report: Report
    record: RunRecord
    runs: tuple[RunRecord, ...] = ()
    "The history through this run (as far as it could be read)."
    decision: Decision | None = None
    incident: OpenIncident | None = None
    did: str = ""
    sent: tuple[Sent, ...] = ()
    slo: Slo | None = None
    notices: tuple[str, ...] = ()
    problem: ReleasegateError | None = None

    @property
    def failed(self) -> bool:
        return not self.record.passed


@dataclass(frozen=True)
class _Failed:
    error: ReleasegateError


def one_run(session: Session, now: Callable[[], datetime], *, dry_run: bool = False) -> RunResult:
    started = now()
    with ThreadPoolExecutor(max_workers=2) as pool:  # the reads go out while the gates run
        reading = pool.submit(_captured(session.history.read))
        looking = pool.submit(_captured(session.incidents.open_ones))
        report = session.evaluate()
        snapshot, standing = reading.result(), looking.result()
    if isinstance(snapshot, _Failed) or isinstance(standing, _Failed):
        failed = snapshot if isinstance(snapshot, _Failed) else standing
        assert isinstance(failed, _Failed)
        return RunResult(report, session.record(report, started, None), problem=failed.error)
    incident = standing[0] if standing else None
    record = session.record(report, started, incident.number if incident else None)
    try:
        return _record_and_act(session, report, record, snapshot, incident, dry_run=dry_run)
    except ReleasegateError as error:
        return RunResult(report, record, problem=error)


def _captured(read: Callable[[], T]) -> Callable[[], T | _Failed]:
    def attempt() -> T | _Failed:
        try:
            return read()
        except ReleasegateError as error:
            return _Failed(error)

    return attempt


def _record_and_act(
    session: Session,
    report: Report,
    record: RunRecord,
    snapshot: Snapshot,
    incident: OpenIncident | None,
    *,
    dry_run: bool,
) -> RunResult:
    source = str(session.history.place)
    keep = session.settings.history.keep
    if dry_run:
        runs = (*snapshot.history(source).runs, record)[-keep:]
        skipped = snapshot.history(source).skipped
    else:
        message = f"releasegate watch: {session.name} {record.verdict} [skip ci]"
        snapshot = session.history.write(appending(record, keep), snapshot, message)
        history = snapshot.history(source)
        runs, skipped = history.through(record.run), history.skipped
    decision = decide(runs, incident, session.settings)
    situation = Situation(
        session.name,
        session.repository,
        session.inputs.server_url,
        report,
        tuple(runs),
        decision,
        slo(runs, session.settings.slo, record.time),
        session.settings,
    )
    result = RunResult(
        report, record, tuple(runs), decision, incident, slo=situation.slo, notices=skipped
    )
    if dry_run:
        return dataclasses.replace(result, did=f"would {_would(decision)} (dry run)")
    return _act(session, situation, result, snapshot)


def _act(
    session: Session, situation: Situation, result: RunResult, snapshot: Snapshot
) -> RunResult:
    """The incident's writes, the notifications, and the run's line amended with them. A
    failure part-way returns what was done, with the problem (the run ends in exit 3)."""
    try:
        done = _change_incident(session, situation, result.incident)
    except ReleasegateError as error:
        could_not = f"could not {_would(situation.decision)}"
        return dataclasses.replace(result, did=could_not, problem=error)
    incident, event, tell, did = done
    sent = _notify(session, situation, tell, incident)
    notified = _notified(tell, incident, sent)
    record = result.record
    open_after = None if situation.decision.action == "resolve" else incident
    changed = dataclasses.replace(
        result, record=record, incident=open_after, did=did, sent=tuple(sent)
    )
    if event is None and notified is None:
        return changed
    number = incident.number if incident else record.incident
    record = dataclasses.replace(record, incident=number, event=event, notify=notified)
    message = f"releasegate watch: {session.name} {event or 'notified'} [skip ci]"
    try:
        session.history.write(amending(record, session.settings.history.keep), snapshot, message)
    except ReleasegateError as error:  # done on GitHub; its line just does not say so yet
        return dataclasses.replace(changed, problem=error)
    return dataclasses.replace(changed, record=record)


def _change_incident(
    session: Session, situation: Situation, incident: OpenIncident | None
) -> tuple[OpenIncident | None, Event | None, Delivery | None, str]:
    """Open, update or resolve the incident: (the incident, the event, whom to tell, words)."""
    decision = situation.decision
    if decision.action == "open":
        opened, mine, notes = _open(session, situation)
        if not mine:  # a run at the same moment opened it first: that run tells
            return opened, None, None, f"#{opened.number} was opened by another run"
        return opened, "opened", decision.deliver, f"opened #{opened.number} {opened.url}{notes}"
    if decision.action == "update" and incident is not None:
        session.incidents.update_status(incident.number, messages.status_comment(situation))
        did = f"updated the status comment on #{incident.number} {incident.url}"
        return incident, None, decision.deliver, did
    if decision.action == "resolve" and incident is not None:
        times = timeline(situation.runs, incident, decision.passing)
        session.incidents.resolve(incident.number, messages.resolution_comment(situation, times))
        return incident, "resolved", decision.deliver, f"resolved #{incident.number} {incident.url}"
    return incident, None, decision.deliver, "none open"


def _open(session: Session, situation: Situation) -> tuple[OpenIncident, bool, str]:
    cause = _cause(session, situation)
    body = messages.incident_body(situation, cause, situation.runs[-1].time)
    title = messages.incident_title(situation)
    incident, mine = session.incidents.open(title, body, session.settings.assignees)
    note = (
        f" (its likely cause could not be read: {cause.unread})" if cause and cause.unread else ""
    )
    return incident, mine, note


def _cause(session: Session, situation: Situation) -> Cause | None:
    environment, first = session.settings.environment, situation.decision.first_failure
    if not environment or first is None:
        return None
    try:
        return read_cause(
            session.github, session.repository, environment, first.time, session.hotfix_heads
        )
    except ReleasegateError as error:  # the incident matters more than naming its cause
        return Cause(environment, unread=error.message)


def _notify(
    session: Session, situation: Situation, tell: Delivery | None, incident: OpenIncident | None
) -> list[Sent]:
    number = tell.incident if tell and tell.incident else incident.number if incident else None
    if tell is None or number is None:
        return []
    url = incident.url if incident and incident.number == number else _issue_url(session, number)
    if tell.event == "opened":
        text = messages.opened_text(situation, number, url)
    else:
        times = None
        if incident is not None and not tell.late:
            times = timeline(situation.runs, incident, situation.decision.passing)
        text = messages.resolved_text(situation, number, url, times)
    return session.webhooks.send(tell.positions, messages.late(text) if tell.late else text)


def _notified(
    tell: Delivery | None, incident: OpenIncident | None, sent: list[Sent]
) -> Notified | None:
    if tell is None or not sent:
        return None
    number = tell.incident or (incident.number if incident else 0)
    failed = tuple(item.position for item in sent if not item.delivered)
    return Notified(tell.event, number, failed)


def _issue_url(session: Session, number: int) -> str:
    return f"{session.inputs.server_url}/{session.repository}/issues/{number}"


def _would(decision: Decision) -> str:
    return {
        "open": "open an incident",
        "update": "update the incident's status comment",
        "resolve": "resolve the incident",
        "none": "do nothing to incidents",
    }[decision.action]
