"""Facts from live HTTP calls: the http-probe gate and version-compat's ``{url}`` sources.

An ``HttpCall`` is a template: its url, header values and body may hold ``${NAME}``, which
the live fetcher (``fetchers.http_calls``) expands from the environment when it makes the
call and never stores. The call carries its ``Expectation`` so the fetcher knows when an attempt
succeeded and stops retrying; the gate judges the attempts again with the same ``unmet``.
An ``HttpAnswer`` keeps every attempt, each body cut at ``MAX_BODY_BYTES`` and with the
expanded values already redacted, so no fact ever holds a secret.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import timedelta

from releasegate.extract import DocumentError, excerpt, json_subset_matches, parse_body
from releasegate.facts import FactRequest
from releasegate.policy.types import format_duration

MAX_BODY_BYTES = 1024 * 1024
KEPT_HEADERS = ("content-type", "location", "retry-after")


@dataclass(frozen=True)
class Expectation:
    """What makes an attempt a success."""

    statuses: tuple[int, ...] = (200,)
    json: str | None = None
    "JSON text of the value the body must contain as a subset (text keeps the call hashable)."
    body_contains: str | None = None
    max_latency: timedelta | None = None

    @classmethod
    def of(
        cls,
        statuses: tuple[int, ...] = (200,),
        *,
        json_subset: object = None,
        body_contains: str | None = None,
        max_latency: timedelta | None = None,
    ) -> Expectation:
        subset = None if json_subset is None else json.dumps(json_subset, sort_keys=True)
        return cls(statuses, subset, body_contains, max_latency)


@dataclass(frozen=True)
class HttpAttempt:
    """One try: an answer (``status``) or why there was none (``error``)."""

    number: int
    latency_ms: float
    status: int | None = None
    headers: tuple[tuple[str, str], ...] = ()
    "The answer's headers named in KEPT_HEADERS, names in lower case."
    body: str = ""
    body_truncated: bool = False
    error: str | None = None

    def header(self, name: str) -> str | None:
        return dict(self.headers).get(name.lower())

    @property
    def outcome(self) -> str:
        """``200 in 85 ms``, or why there was no answer."""
        if self.status is None:
            return self.error or "no answer"
        return f"{self.status} in {round(self.latency_ms)} ms"


@dataclass(frozen=True)
class HttpAnswer:
    attempts: tuple[HttpAttempt, ...]

    @property
    def last(self) -> HttpAttempt:
        return self.attempts[-1]


@dataclass(frozen=True)
class HttpCall(FactRequest[HttpAnswer]):
    """A call to make, retried up to ``attempts`` times until ``expect`` holds."""

    url: str
    method: str = "GET"
    headers: tuple[tuple[str, str], ...] = ()
    body: str | None = None
    timeout: timedelta = timedelta(seconds=10)
    attempts: int = 3
    expect: Expectation = field(default_factory=Expectation)

    def __str__(self) -> str:
        return f"{self.method} {self.url}"


def unmet(expect: Expectation, attempt: HttpAttempt, *, source: str) -> list[str]:
    """Why ``attempt`` is not a success (empty when it is). A wrong status says only that."""
    if attempt.status is None:
        return [attempt.error or "no answer"]
    if attempt.status not in expect.statuses:
        return [f"expected status {_either(expect.statuses)}, got {attempt.status}"]
    problems = _json_problems(expect, attempt, source) if expect.json is not None else []
    wanted = expect.body_contains
    if wanted is not None and wanted not in attempt.body:
        problems.append(f"the body does not contain {excerpt(wanted)}")
    limit = expect.max_latency
    if limit is not None and attempt.latency_ms > limit.total_seconds() * 1000:
        allowed = format_duration(limit)
        problems.append(f"took {round(attempt.latency_ms)} ms, over the {allowed} allowed")
    return problems


def _json_problems(expect: Expectation, attempt: HttpAttempt, source: str) -> list[str]:
    assert expect.json is not None
    content_type = attempt.header("content-type")
    try:
        document = parse_body(attempt.body, content_type, source=source, want_field=True)
    except DocumentError as error:
        cut = f" (cut at {MAX_BODY_BYTES // 1024} KiB)" if attempt.body_truncated else ""
        return [f"{error}{cut}"]
    return json_subset_matches(json.loads(expect.json), document)


def _either(statuses: tuple[int, ...]) -> str:
    shown = [str(status) for status in statuses]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]
