"""Value types of live calls in a policy: URL templates, headers, statuses, timeouts, and
what a successful answer looks like (http-probe, http-flow, version-compat's URL sides)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, JsonValue, WithJsonSchema

from releasegate.policy.base import StrictModel
from releasegate.policy.types import Duration, Template, format_duration

_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
MAX_TIMEOUT = timedelta(minutes=2)


def _http_url(template: str) -> str:
    if not template.startswith(("http://", "https://", "${")):
        raise ValueError(f"{template!r} is not a URL; write it with http:// or https://")
    return template


def _header_names(headers: dict[str, str]) -> dict[str, str]:
    for name in headers:
        if not _HEADER_NAME.fullmatch(name):
            raise ValueError(f"{name!r} is not a header name (letters, digits and - only)")
    return headers


def _header_value(value: str) -> str:
    if any(character in value for character in "\r\n\0"):
        raise ValueError("a header value is one line of text")
    return value


def _statuses(value: Any) -> tuple[int, ...]:
    statuses = value if isinstance(value, list | tuple) else [value]
    for status in statuses:
        if isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599:
            raise ValueError(f"{status!r} is not an HTTP status (a number from 100 to 599)")
    if not statuses:
        raise ValueError("give at least one status")
    return tuple(statuses)


def _timeout(value: timedelta) -> timedelta:
    if not timedelta(0) < value <= MAX_TIMEOUT:
        longest = format_duration(MAX_TIMEOUT)
        raise ValueError(
            f"must be more than 0s and at most {longest}, got {format_duration(value)}"
        )
    return value


def _dotted_field(field: str) -> str:
    if not all(field.split(".")):
        raise ValueError(f"{field!r} is not a dotted field path, like data.id")
    return field


FieldPath = Annotated[str, AfterValidator(_dotted_field)]
"A dotted path into a JSON answer: ``id``, ``data.items.0.id``."
UrlTemplate = Annotated[Template, AfterValidator(_http_url)]
"An http(s) URL; ${NAME} is replaced by an environment variable when the call is made."
Headers = Annotated[
    dict[str, Annotated[Template, AfterValidator(_header_value)]],
    AfterValidator(_header_names),
]
_STATUS_SCHEMA = {"type": "integer", "minimum": 100, "maximum": 599}
Statuses = Annotated[
    tuple[int, ...],
    BeforeValidator(_statuses),
    WithJsonSchema({"oneOf": [_STATUS_SCHEMA, {"type": "array", "items": _STATUS_SCHEMA}]}),
]
Timeout = Annotated[Duration, AfterValidator(_timeout)]


class Expect(StrictModel):
    status: Statuses = (200,)
    "The status, or a list of statuses, that count as success."
    json_subset: JsonValue = Field(default=None, alias="json")
    "The JSON body must contain this (objects: these keys with these values; extra keys ok)."
    body_contains: str | None = None
    "The body must contain this text."
    max_latency: Duration | None = None
    "The answer must come within this time (500ms, 2s)."
