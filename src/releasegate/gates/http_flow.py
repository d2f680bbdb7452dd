"""http-flow: a synthetic transaction, ordered live calls that pass values along, succeeds."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import Any, Literal, Self

from pydantic import Field, JsonValue, field_validator, model_validator

from releasegate.facts import FactRequest, Facts, RunContext, Undecided
from releasegate.facts.flows import FlowRequest, FlowStep, HttpFlow, Polling, StepOutcome
from releasegate.facts.http import Expectation, HttpAttempt
from releasegate.gates.base import Gate
from releasegate.policy.base import GateConfig, StrictModel
from releasegate.policy.calls import Expect, FieldPath, Headers, Timeout, UrlTemplate
from releasegate.policy.types import Duration, Template, format_duration
from releasegate.results import Outcome
from releasegate.templates import check_template, variables

MAX_POLLING = timedelta(minutes=30)
ATTEMPTS_SHOWN = 4  # of a step that polled: the first and the last few
SAVE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class StepRequest(StrictModel):
    method: Literal["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] = "GET"
    url: UrlTemplate
    "The URL; ${name} is a value an earlier step saved, else an environment variable."
    headers: Headers = Field(default_factory=dict)
    "Request headers; values may hold ${NAME} (never shown)."
    json_body: JsonValue = Field(default=None, alias="json")
    "A JSON body (sent with Content-Type: application/json); its strings may hold ${name}."
    body: Template | None = None
    "A body sent as written after ${name} expansion (instead of json)."
    timeout: Timeout = timedelta(seconds=10)
    "How long one try may take."

    @field_validator("json_body")
    @classmethod
    def _templates_in_json(cls, value: JsonValue) -> JsonValue:
        for text in _json_strings(value):
            check_template(text)
        return value

    @model_validator(mode="after")
    def _one_body(self) -> Self:
        if self.json_body is not None and self.body is not None:
            raise ValueError("has both json and body; a request sends one of them")
        return self

    def templates(self) -> list[str]:
        return [self.url, *self.headers.values(), self.body or "", *_json_strings(self.json_body)]


class Retry(StrictModel):
    every: Duration
    "Wait this long between tries (10s)."
    for_: Duration = Field(alias="for")
    "Give up when this much time has passed since the first try (2m)."

    @model_validator(mode="after")
    def _sensible(self) -> Self:
        if not timedelta(0) < self.every <= self.for_ <= MAX_POLLING:
            raise ValueError(
                "needs 0s < every <= for <= "
                f"{format_duration(MAX_POLLING)}, got every {format_duration(self.every)} "
                f"and for {format_duration(self.for_)}"
            )
        return self


class StepConfig(StrictModel):
    name: str = Field(min_length=1)
    "What the step does, in the report."
    request: StepRequest
    "The call: {method, url, headers, json or body, timeout}."
    expect: Expect = Field(default_factory=Expect)
    "What a successful answer looks like (as http-probe's expect)."
    save: dict[str, FieldPath] = Field(default_factory=dict)
    "Values later steps use as ${name}: {name: dotted.path.into.the.json.answer}."
    retry: Retry | None = None
    "Poll until the expectation holds: {every: 10s, for: 2m}; default: one try."

    @field_validator("save")
    @classmethod
    def _names(cls, save: dict[str, str]) -> dict[str, str]:
        for name in save:
            if not SAVE_NAME.fullmatch(name):
                raise ValueError(
                    f"{name!r} cannot be used as ${{{name}}}; a name is letters, digits and _, "
                    "not starting with a digit, e.g. call_id"
                )
        return save


class HttpFlowConfig(GateConfig):
    steps: tuple[StepConfig, ...] = Field(min_length=1, max_length=20)
    "The calls, made in order; the flow stops at the first step that fails."

    @field_validator("steps")
    @classmethod
    def _saved_before_use(cls, steps: tuple[StepConfig, ...]) -> tuple[StepConfig, ...]:
        names = [step.name for step in steps]
        if len(set(names)) != len(names):
            raise ValueError("has two steps with the same name; name each step once")
        for index, step in enumerate(steps):
            used = {name for text in step.request.templates() for name in variables(text)}
            for later in steps[index:]:
                for name in sorted(used & set(later.save)):
                    raise ValueError(
                        f"step '{step.name}' uses ${{{name}}} before step '{later.name}' saves "
                        "it; a step can use only what an earlier step saved"
                    )
        return steps

    def secret_templates(self) -> Iterable[str]:
        return [text for step in self.steps for text in step.request.templates()]


class HttpFlowGate(Gate[HttpFlowConfig]):
    type = "http-flow"
    summary = "a synthetic transaction of ordered live calls succeeds"
    config_model = HttpFlowConfig
    example = """\
- id: sms-payment-loop
  type: http-flow
  steps:
    - name: place test call
      request:
        method: POST
        url: "https://api.example.com/test-calls"
        json: {to: "+15550100"}
        headers: {Authorization: "Bearer ${SMOKE_TOKEN}"}
      expect: {status: 201}
      save: {call: id}
    - name: SMS sent and payment settled
      request: {url: "https://api.example.com/test-calls/${call}"}
      expect: {json: {sms: delivered, payment: settled}}
      retry: {every: 10s, for: 2m}
"""

    def requests(self, context: RunContext) -> Iterable[FactRequest[Any]]:
        return (self.flow(),)

    def flow(self) -> HttpFlow:
        return HttpFlow(tuple(_step(config) for config in self.config.steps))

    def evaluate(self, context: RunContext, facts: Facts) -> Outcome:
        flow = self.flow()
        answer = facts.get(flow)
        details = list(_details(flow, answer.steps))
        latency = answer.elapsed_ms
        for number, (step, outcome) in enumerate(zip(flow.steps, answer.steps, strict=False), 1):
            label = f"step {number} '{step.name}'"
            if outcome.stopped is not None:
                raise Undecided(f"{label}: {outcome.stopped}")
            if outcome.succeeded:
                continue
            last, tried = outcome.attempts[-1], _tries(outcome)
            answered = [found for a, found in _judged(outcome) if a.status is not None]
            if not answered:
                raise Undecided(f"{label} got no answer in {tried} (last: {last.outcome})")
            summary = f"{label} failed: {answered[-1][0]} after {tried} (last: {last.outcome})"
            return Outcome(False, summary, tuple(details), latency_ms=latency)
        summary = f"{_steps(len(flow.steps))} passed in {_took(latency)}"
        polled = [
            f"step {n} after {_tries(o)}"
            for n, o in enumerate(answer.steps, 1)
            if len(o.attempts) > 1
        ]
        if polled:
            summary += f" ({', '.join(polled)})"
        return Outcome(True, summary, tuple(details), latency_ms=latency)


def _step(config: StepConfig) -> FlowStep:
    request, expect = config.request, config.expect
    polling = Polling(config.retry.every, config.retry.for_) if config.retry else None
    return FlowStep(
        name=config.name,
        request=FlowRequest(
            url=request.url,
            method=request.method,
            headers=tuple(request.headers.items()),
            body=request.body,
            json=None if request.json_body is None else json.dumps(request.json_body),
            timeout=request.timeout,
        ),
        expect=Expectation.of(
            expect.status,
            json_subset=expect.json_subset,
            body_contains=expect.body_contains,
            max_latency=expect.max_latency,
        ),
        save=tuple(config.save.items()),
        polling=polling,
    )


def _details(flow: HttpFlow, outcomes: tuple[StepOutcome, ...]) -> Iterator[str]:
    for number, step in enumerate(flow.steps, 1):
        if number > len(outcomes):
            yield f"step {number} '{step.name}': not run"
            continue
        outcome = outcomes[number - 1]
        yield f"step {number} '{step.name}': {step.request}"
        judged = _judged(outcome)
        shown = judged
        if len(judged) > ATTEMPTS_SHOWN:
            shown = [judged[0], *judged[-(ATTEMPTS_SHOWN - 1) :]]
        for index, (attempt, problems) in enumerate(shown):
            if index == 1 and len(shown) < len(judged):
                yield f"  … {len(judged) - len(shown)} more attempts like these …"
            yield "  " + _attempt_line(attempt, problems, outcome.saved)


def _judged(outcome: StepOutcome) -> list[tuple[HttpAttempt, tuple[str, ...]]]:
    return list(zip(outcome.attempts, outcome.problems, strict=True))


def _attempt_line(attempt: HttpAttempt, problems: tuple[str, ...], saved: tuple[str, ...]) -> str:
    if attempt.status is None:
        return f"attempt {attempt.number}: {attempt.outcome}"
    verdict = "; ".join(problems) if problems else "as expected"
    if not problems and saved:
        verdict += "; saved " + ", ".join(f"${{{name}}}" for name in saved)
    return f"attempt {attempt.number}: {attempt.outcome} — {verdict}"


def _json_strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _json_strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _json_strings(item)]
    return []


def _tries(outcome: StepOutcome) -> str:
    count = len(outcome.attempts)
    tried = f"{count} attempt{'s' if count != 1 else ''}"
    return tried if count == 1 else f"{tried} over {_took(outcome.elapsed_ms)}"


def _steps(count: int) -> str:
    return f"{count} step{'s' if count != 1 else ''}"


def _took(ms: float) -> str:
    if ms < 1000:
        return f"{round(ms)} ms"
    if ms < 60_000:
        return f"{ms / 1000:.1f} s"
    minutes, seconds = divmod(round(ms / 1000), 60)
    return f"{minutes}m {seconds}s" if seconds else f"{minutes}m"
