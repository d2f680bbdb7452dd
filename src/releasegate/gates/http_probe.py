"""http-probe: a live call to a URL gets the expected answer, within a few attempts."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import timedelta
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, JsonValue, WithJsonSchema

from releasegate.facts import FactRequest, Facts, RunContext, Undecided
from releasegate.facts.live import Expectation, HttpAttempt, HttpCall, unmet
from releasegate.gates.base import Gate, GateConfig, StrictModel
from releasegate.policy.types import Duration, format_duration
from releasegate.results import Outcome
from releasegate.secrets import Template

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


class HttpProbeConfig(GateConfig):
    type: Literal["http-probe"]
    url: UrlTemplate
    "The URL to call; ${NAME} is replaced by an environment variable and never shown."
    method: Literal["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] = "GET"
    headers: Headers = Field(default_factory=dict)
    "Request headers; values may hold ${NAME} (never shown)."
    body: Template | None = None
    "Request body, sent as written after ${NAME} expansion."
    expect: Expect = Field(default_factory=Expect)
    "What a successful answer looks like."
    attempts: int = Field(default=3, ge=1, le=10)
    "Tries before the gate fails; a try that meets the expectation ends them."
    timeout: Timeout = timedelta(seconds=10)
    "How long one try may take."

    def secret_templates(self) -> Iterable[str]:
        return (self.url, *self.headers.values(), self.body or "")


class HttpProbe(Gate[HttpProbeConfig]):
    type = "http-probe"
    summary = "a live HTTP call gets the expected answer"
    config_model = HttpProbeConfig

    def requests(self, context: RunContext) -> Iterable[FactRequest[Any]]:
        return (self.call(),)

    def call(self) -> HttpCall:
        config, expect = self.config, self.config.expect
        return HttpCall(
            url=config.url,
            method=config.method,
            headers=tuple(config.headers.items()),
            body=config.body,
            timeout=config.timeout,
            attempts=config.attempts,
            expect=Expectation.of(
                expect.status,
                json_subset=expect.json_subset,
                body_contains=expect.body_contains,
                max_latency=expect.max_latency,
            ),
        )

    def evaluate(self, context: RunContext, facts: Facts) -> Outcome:
        call = self.call()
        attempts = facts.get(call).attempts
        judged = [(attempt, unmet(call.expect, attempt, source=call.url)) for attempt in attempts]
        details = (str(call), *(_attempt_line(a, problems) for a, problems in judged))
        for attempt, problems in judged:
            if not problems:
                summary = f"{attempt.outcome} (attempt {attempt.number} of {call.attempts})"
                return Outcome(passed=True, summary=summary, details=details)
        answered = [problems for attempt, problems in judged if attempt.status is not None]
        tried = _attempts(len(attempts))
        if not answered:
            raise Undecided(f"{call} got no answer in {tried} (last: {attempts[-1].outcome})")
        summary = f"{answered[-1][0]} after {tried} (last: {attempts[-1].outcome})"
        return Outcome(passed=False, summary=summary, details=details)


def _attempt_line(attempt: HttpAttempt, problems: list[str]) -> str:
    if attempt.status is None:
        return f"attempt {attempt.number}: {attempt.outcome}"
    verdict = "; ".join(problems) if problems else "as expected"
    return f"attempt {attempt.number}: {attempt.outcome} — {verdict}"


def _attempts(count: int) -> str:
    return f"{count} attempt{'s' if count != 1 else ''}"
