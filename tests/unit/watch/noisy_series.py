"""The recorded noisy series: a month of 15-minute watch runs against a flaky endpoint, and
its replay through the http-probe gate and the incident logic.

    python tests/unit/watch/noisy_series.py > tests/unit/watch/noisy-series.jsonl

Each line is one run: its time and the status of each attempt the probe made (it stops at
the first 200). Every request fails with probability 10% (a 503), independently; during the
two real outages every request fails (a 502). The seed is fixed, so the file is what this
script writes, and a test checks that it still is.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

SEED = 20250601
START = datetime(2025, 6, 1, tzinfo=UTC)
EVERY = timedelta(minutes=15)
RUNS = 30 * 96  # 30 days
FLAKY = 0.10
ATTEMPTS = 3  # http-probe's default
OUTAGES = (  # (first failing run, last failing run), as times
    (datetime(2025, 6, 9, 14, 0, tzinfo=UTC), datetime(2025, 6, 9, 14, 45, tzinfo=UTC)),
    (datetime(2025, 6, 21, 2, 15, tzinfo=UTC), datetime(2025, 6, 21, 4, 0, tzinfo=UTC)),
)
FIXTURE = Path(__file__).with_name("noisy-series.jsonl")


@dataclass(frozen=True)
class RecordedRun:
    time: datetime
    attempts: tuple[int, ...]

    def line(self) -> str:
        stamp = self.time.strftime("%Y-%m-%dT%H:%M:%SZ")
        return json.dumps({"time": stamp, "attempts": list(self.attempts)}, separators=(",", ":"))


def in_outage(moment: datetime) -> bool:
    return any(first <= moment <= last for first, last in OUTAGES)


def generate() -> Iterator[RecordedRun]:
    rng = random.Random(SEED)
    for index in range(RUNS):
        moment = START + index * EVERY
        attempts: list[int] = []
        while len(attempts) < ATTEMPTS and (not attempts or attempts[-1] != 200):
            down = in_outage(moment) or rng.random() < FLAKY
            attempts.append(502 if in_outage(moment) else 503 if down else 200)
        yield RecordedRun(moment, tuple(attempts))


def load(path: Path = FIXTURE) -> list[RecordedRun]:
    runs = []
    for text in path.read_text(encoding="utf-8").splitlines():
        data = json.loads(text)
        moment = datetime.fromisoformat(data["time"].replace("Z", "+00:00"))
        runs.append(RecordedRun(moment, tuple(data["attempts"])))
    return runs


@dataclass
class Incident:
    opened: datetime
    resolved: datetime | None = None

    @property
    def real(self) -> bool:
        """Opened during an outage (or by a streak that ran into one)."""
        return any(first - 2 * EVERY <= self.opened <= last + EVERY for first, last in OUTAGES)


@dataclass
class Replay:
    label: str
    runs: int = 0
    failed: int = 0
    incidents: list[Incident] = field(default_factory=list)

    @property
    def false(self) -> int:
        return sum(1 for incident in self.incidents if not incident.real)

    def detected_after(self) -> list[int | None]:
        """For each outage, the runs from its first failing run to the incident (1: at once)."""
        delays: list[int | None] = []
        for first, last in OUTAGES:
            opened = [i.opened for i in self.incidents if first - 2 * EVERY <= i.opened <= last]
            delays.append(int((opened[0] - first) / EVERY) + 1 if opened else None)
        return delays


def main(out: Iterable[str] = ()) -> None:
    for run in generate():
        sys.stdout.write(run.line() + "\n")


if __name__ == "__main__":
    main()
