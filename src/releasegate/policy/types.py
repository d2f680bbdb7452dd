"""Value types of the policy file: durations, globs, permissions, ids."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
)

from releasegate.permissions import Permission
from releasegate.templates import check_template

_DURATION = re.compile(r"(\d+)(ms|s|m|h|d)")
_UNIT_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(value: Any) -> timedelta:
    if isinstance(value, timedelta):
        return value
    if not isinstance(value, str) or not (match := _DURATION.fullmatch(value.strip())):
        raise ValueError(
            f"{value!r} is not a duration; write a number and a unit, like 90s, 30m, 12h or 7d"
        )
    amount, unit = match.groups()
    try:
        return timedelta(seconds=int(amount) * _UNIT_SECONDS[unit])
    except OverflowError:
        raise ValueError(f"{value!r} is longer than any duration can be") from None


def format_duration(value: timedelta) -> str:
    seconds = value.total_seconds()
    for unit in ("d", "h", "m", "s"):
        if seconds >= _UNIT_SECONDS[unit] and seconds % _UNIT_SECONDS[unit] == 0:
            return f"{int(seconds // _UNIT_SECONDS[unit])}{unit}"
    return f"{int(seconds * 1000)}ms"


Duration = Annotated[
    timedelta,
    BeforeValidator(parse_duration),
    PlainSerializer(format_duration, return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^\d+(ms|s|m|h|d)$", "examples": ["90s", "12h"]}),
]


def _check_glob(pattern: str) -> str:
    from releasegate.globs import glob_problem  # noqa: PLC0415 - keeps `--help` fast

    problem = glob_problem(pattern)
    if problem is not None:
        raise ValueError(problem.message)
    return pattern


Glob = Annotated[str, AfterValidator(_check_glob)]


def paths_match(patterns: tuple[str, ...], path: str) -> bool:
    """True when gitignore-style ``patterns`` select ``path``: the last one that matches the
    path or a folder it is in decides (SPEC §2; see ``releasegate.globs``)."""
    from releasegate.globs import selects  # noqa: PLC0415

    return selects(patterns, path)


def branch_matches(patterns: tuple[str, ...], branch: str) -> bool:
    """Branch globs are anchored: ``main`` is the branch ``main``, never ``users/main``."""
    anchored = tuple(_anchor(pattern) for pattern in patterns)
    return paths_match(anchored, branch)


def _anchor(pattern: str) -> str:
    negated = pattern.startswith("!")
    body = pattern.removeprefix("!")
    if not body.startswith(("/", "**")):
        body = "/" + body
    return ("!" if negated else "") + body


def _permission(value: Any) -> Permission:
    if isinstance(value, Permission):
        return value
    names = [p.name.lower() for p in Permission if p is not Permission.NONE]
    if not isinstance(value, str) or value.lower() not in names:
        raise ValueError(f"{value!r} is not a permission; use one of {', '.join(names)}")
    return Permission[value.upper()]


PermissionLevel = Annotated[
    Permission,
    BeforeValidator(_permission),
    PlainSerializer(lambda p: p.name.lower(), return_type=str),
    WithJsonSchema({"enum": ["read", "triage", "write", "maintain", "admin"]}),
]

GateId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]


def _check_regex(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as error:
        raise ValueError(f"{pattern!r} is not a valid regular expression: {error}") from None
    return pattern


Regex = Annotated[str, AfterValidator(_check_regex)]


Template = Annotated[str, AfterValidator(check_template)]
"A text in which ``${NAME}`` is replaced by an environment variable when the call is made."


_DATED = re.compile(r"(?:^|\s)-?(created|closed|merged|updated|sort):", re.IGNORECASE)


def _check_search(qualifiers: str) -> str:
    text = qualifiers.strip()
    if not text:
        raise ValueError("should be GitHub search qualifiers, like 'label:bug'")
    if text.count('"') % 2:
        raise ValueError(f'has an unclosed quote in {qualifiers!r}; quote like label:"on qa"')
    if dated := _DATED.search(text):
        raise ValueError(
            f"should leave out {dated.group(1)}: (in {qualifiers!r}); the report adds each "
            "week's dates and its own order"
        )
    return text


SearchQualifiers = Annotated[str, AfterValidator(_check_search)]
"GitHub issue search qualifiers (``label:bug -label:duplicate``); dates are the report's."


def _percent(value: Any) -> float:
    text = value.strip().removesuffix("%").strip() if isinstance(value, str) else value
    try:
        number = float(text) if not isinstance(text, bool) else None
    except (TypeError, ValueError):
        number = None
    if number is None or not 0 < number < 100:
        raise ValueError(f"{value!r} is not a percentage below 100, like 99.5%")
    return number


Percent = Annotated[
    float,
    BeforeValidator(_percent),
    PlainSerializer(lambda number: f"{number:g}%", return_type=str),
    WithJsonSchema({"type": ["string", "number"], "examples": ["99.5%", "99.9%"]}),
]
"A percentage, written ``99.5%`` (or the number 99.5): more than 0, less than 100."
