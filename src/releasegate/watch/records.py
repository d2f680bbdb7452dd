"""The history file's lines: one JSON object per watch run, oldest first (README: "History").

    {"v":1,"run":"9876543210-1-3f2a","time":"2025-06-01T12:15:00Z","verdict":"fail",
     "commit":"<40 hex>","ref":"refs/heads/main","url":"https://github.com/acme/app/actions/runs/9876543210",
     "gates":{"health":{"status":"fail","ms":503},"sms-payment-loop":{"status":"pass","ms":41210}},
     "incident":12,"event":"opened","notify":{"event":"opened","incident":12,"failed":[2]}}

``incident`` is the incident that was open when the run was recorded (or that it opened),
``event`` what the run did to it, ``notify`` which webhooks (1-based positions in
``watch.notify``) did not take the run's notification, so the next run sends it again to
those only. Keys without a value are left out. A line that is not such an object is skipped
with a notice, never fatal: a hand-edited history must not stop the monitor.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

FORMAT_VERSION = 1
Event = Literal["opened", "resolved"]
PASSING_VERDICTS = frozenset({"pass"})


@dataclass(frozen=True)
class GateRecord:
    status: str
    ms: int | None = None


@dataclass(frozen=True)
class Notified:
    """A notification of ``event`` about ``incident``, and the webhooks that did not take it."""

    event: Event
    incident: int
    failed: tuple[int, ...] = ()


@dataclass(frozen=True)
class RunRecord:
    run: str
    time: datetime
    verdict: str
    gates: tuple[tuple[str, GateRecord], ...] = ()
    commit: str | None = None
    ref: str | None = None
    url: str | None = None
    incident: int | None = None
    event: Event | None = None
    notify: Notified | None = field(default=None)

    @property
    def passed(self) -> bool:
        return self.verdict in PASSING_VERDICTS

    def gate(self, gate_id: str) -> GateRecord | None:
        return dict(self.gates).get(gate_id)

    def to_line(self) -> str:
        data: dict[str, Any] = {
            "v": FORMAT_VERSION,
            "run": self.run,
            "time": stamp(self.time),
            "verdict": self.verdict,
            "commit": self.commit,
            "ref": self.ref,
            "url": self.url,
            "gates": {
                gate_id: {"status": gate.status, "ms": gate.ms} for gate_id, gate in self.gates
            },
            "incident": self.incident,
            "event": self.event,
        }
        if self.notify is not None:
            data["notify"] = {
                "event": self.notify.event,
                "incident": self.notify.incident,
                "failed": list(self.notify.failed),
            }
        kept = {key: value for key, value in data.items() if value is not None}
        return json.dumps(kept, separators=(",", ":"), ensure_ascii=False)


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class History:
    """The runs of a history file, oldest first, and why any line was skipped."""

    runs: tuple[RunRecord, ...]
    skipped: tuple[str, ...] = ()

    def find(self, run: str) -> RunRecord | None:
        return next((record for record in self.runs if record.run == run), None)

    def through(self, run: str) -> tuple[RunRecord, ...]:
        """The runs up to and including ``run`` (runs recorded after it are another's)."""
        for index, record in enumerate(self.runs):
            if record.run == run:
                return self.runs[: index + 1]
        return self.runs


def parse_history(text: str, source: str) -> History:
    runs: list[RunRecord] = []
    skipped: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            runs.append(parse_line(line))
        except (ValueError, TypeError, KeyError) as problem:
            skipped.append(f"{source} line {number} is not a run record ({problem}); skipped")
    return History(tuple(runs), tuple(skipped))


def parse_line(line: str) -> RunRecord:
    data = json.loads(line)
    if not isinstance(data, dict) or data.get("v") != FORMAT_VERSION:
        raise ValueError(f"not a version {FORMAT_VERSION} record")
    notify = data.get("notify")
    return RunRecord(
        run=_text(data["run"]),
        time=_time(data["time"]),
        verdict=_text(data["verdict"]),
        gates=tuple(
            (gate_id, GateRecord(_text(gate["status"]), _whole(gate.get("ms"))))
            for gate_id, gate in dict(data.get("gates") or {}).items()
        ),
        commit=data.get("commit"),
        ref=data.get("ref"),
        url=data.get("url"),
        incident=_whole(data.get("incident")),
        event=_event(data.get("event")),
        notify=_notified(notify) if notify is not None else None,
    )


def _notified(data: Any) -> Notified:
    event = _event(data["event"])
    if event is None:
        raise ValueError("a notification names no event")
    failed = tuple(int(position) for position in data.get("failed") or ())
    return Notified(event, int(data["incident"]), failed)


def _event(value: Any) -> Event | None:
    if value in (None, "opened", "resolved"):
        return value  # type: ignore[no-any-return]
    raise ValueError(f"unknown event {value!r}")


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {value!r}")
    return value


def _whole(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {value!r}")
    return int(value)


def _time(value: Any) -> datetime:
    moment = datetime.fromisoformat(_text(value).replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
