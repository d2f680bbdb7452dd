"""Scenario shorthands: ``generate: N`` list entries, and times relative to loading.

A list entry ``{generate: 300, filename: "src/module_{n}.py"}`` stands for 300 entries with
``{n}`` (or ``{n:03d}``) replaced by 1..300 in every string inside it (``start:`` moves the
first number). ``{generate: 3, pattern: "docs/{n}.md"}`` makes plain strings instead, for the
lists that take strings (changed files, labels, sub-issues).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

_PLACEHOLDER = re.compile(r"\{n(?::([^}]*))?\}")
_RELATIVE = re.compile(r"^(?:-\s*(\d+)\s*([smhd])|(\d+)\s*([smhd])\s+ago)$")
# Ahead of loading (`+1d`, `in 2h`): what a client may claim, e.g. a check run's completed_at.
_AHEAD = re.compile(r"^(?:\+\s*(\d+)\s*([smhd])|in\s+(\d+)\s*([smhd]))$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
GENERATE_KEYS = frozenset({"generate", "start", "pattern"})


def expand_generated(value: Any) -> Any:
    """A list with each ``generate:`` entry replaced by the entries it stands for."""
    if isinstance(value, Mapping) and "generate" in value:
        value = [value]
    if not isinstance(value, list):
        return value
    expanded: list[Any] = []
    for entry in value:
        if isinstance(entry, Mapping) and "generate" in entry:
            expanded.extend(_generated_entries(entry))
        else:
            expanded.append(entry)
    return expanded


def _generated_entries(entry: Mapping[str, Any]) -> list[Any]:
    count, start = entry["generate"], entry.get("start", 1)
    if not isinstance(count, int) or not isinstance(start, int) or count < 0:
        raise ValueError("`generate` and `start` must be whole numbers, `generate` at least 0")
    template = {key: item for key, item in entry.items() if key not in GENERATE_KEYS}
    if "pattern" in entry:
        if template:
            extra = ", ".join(sorted(template))
            raise ValueError(f"`pattern` makes plain strings; it cannot go with: {extra}")
        return [_substitute(entry["pattern"], n) for n in range(start, start + count)]
    return [_substitute(template, n) for n in range(start, start + count)]


def _substitute(value: Any, n: int) -> Any:
    if isinstance(value, str):
        return _PLACEHOLDER.sub(lambda match: format(n, match.group(1) or ""), value)
    if isinstance(value, Mapping):
        return {key: _substitute(item, n) for key, item in value.items()}
    if isinstance(value, list):
        return [_substitute(item, n) for item in value]
    return value


# --- times ---------------------------------------------------------------------------------


def check_time(value: datetime | str) -> datetime | str:
    """Accept an ISO 8601 time, ``now``, or a time relative to loading (``-2h``, ``2h ago``;
    ahead of it: ``+1d``, ``in 2h``)."""
    if isinstance(value, datetime) or value == "now" or _relative(value.strip()):
        return value
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"{value!r} is not a time: use ISO 8601 (2025-01-31T12:00:00Z), `now`, or a time "
            "relative to when the scenario is loaded (`-90s`, `-30m`, `-12h`, `-7d`, `2h ago`; "
            "ahead of it: `+1d`, `in 2h`)"
        ) from None
    return value


def resolve_time(value: datetime | str | None, now: datetime) -> datetime:
    """The moment a scenario time names; a missing time is ``now``."""
    if value is None or value == "now":
        return now
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    offset = _relative(value.strip())
    if offset is not None:
        return now + offset
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _relative(text: str) -> timedelta | None:
    """How far from loading a relative time is (negative: before), or None."""
    for pattern, sign in ((_RELATIVE, -1), (_AHEAD, 1)):
        match = pattern.match(text)
        if match:
            amount, unit = match.group(1, 2) if match.group(1) else match.group(3, 4)
            return timedelta(seconds=sign * int(amount) * _UNIT_SECONDS[unit])
    return None


def iso(moment: datetime | None) -> str | None:
    """GitHub's timestamp format: UTC, whole seconds, ``Z``."""
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
