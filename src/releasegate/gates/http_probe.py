"""http-probe: a live call to a URL gets the expected answer, within a few attempts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any, Literal

from pydantic import Field

from releasegate.facts import FactRequest, Facts, RunContext, Undecided
from releasegate.facts.http import Expectation, HttpAttempt, HttpCall, unmet
from releasegate.gates.base import Gate
from releasegate.policy.base import GateConfig
from releasegate.policy.calls import Expect, Headers, Timeout, UrlTemplate
from releasegate.policy.types import Template
from releasegate.results import Outcome


class HttpProbeConfig(GateConfig):
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
    example = """\
- id: staging-health
  type: http-probe
  url: "https://staging.example.com/health"
  headers: {Authorization: "Bearer ${STAGING_TOKEN}"}
  expect: {status: 200, json: {status: ok}, max-latency: 2s}
"""

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
                return Outcome(True, summary, details, latency_ms=attempt.latency_ms)
        answered = [problems for attempt, problems in judged if attempt.status is not None]
        tried = _attempts(len(attempts))
        if not answered:
            raise Undecided(f"{call} got no answer in {tried} (last: {attempts[-1].outcome})")
        summary = f"{answered[-1][0]} after {tried} (last: {attempts[-1].outcome})"
        return Outcome(False, summary, details, latency_ms=attempts[-1].latency_ms)


def _attempt_line(attempt: HttpAttempt, problems: list[str]) -> str:
    if attempt.status is None:
        return f"attempt {attempt.number}: {attempt.outcome}"
    verdict = "; ".join(problems) if problems else "as expected"
    return f"attempt {attempt.number}: {attempt.outcome} — {verdict}"


def _attempts(count: int) -> str:
    return f"{count} attempt{'s' if count != 1 else ''}"
