"""GitHub's ISO 8601 timestamps, and "2h ago" for people."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def parse_timestamp(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def ago(moment: datetime, now: datetime) -> str:
    """``moment`` relative to ``now`` in the largest whole unit: 45s, 12m, 2h, 3d ago."""
    return f"{span(now - moment)} ago"


def span(length: timedelta) -> str:
    """A length of time in its largest whole unit (45s, 12m, 2h, 3d); negative counts as 0s."""
    seconds = max(0, int(length / timedelta(seconds=1)))
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"
