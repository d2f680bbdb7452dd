"""The live fetcher of http-flow: runs each synthetic transaction's steps, in order.

Flows run side by side (and beside the other facts); the steps of one flow run one after the
other, since a step may use what an earlier one saved. Each call goes out through
``http_calls.send``, like http-probe's: no redirects followed, the answer cut at 1 MiB. A step
with ``retry`` polls: it is tried again every ``every`` until the expectation holds or ``for``
has passed. A saved value is a secret of the run from the moment it is read: hidden from
every stream (``redaction.hide``) and redacted, with the environment's values, from every
answer and message the flow keeps.
"""

from __future__ import annotations

import json
import os
import time
from collections import ChainMap
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

import httpx

from releasegate.extract import DocumentError, FieldMissingError, describe, parse_body
from releasegate.extract import extract_field as field_of
from releasegate.facts import FactRequest, RunContext
from releasegate.facts.flows import FlowAnswer, FlowRequest, FlowStep, HttpFlow, StepOutcome
from releasegate.facts.http import HttpAttempt, unmet
from releasegate.fetchers.http_calls import MAX_PARALLEL_CALLS, USER_AGENT, Prepared, send
from releasegate.redaction import hide, redact, spellings
from releasegate.templates import MissingVariableError, expand, variables

Results = Mapping[FactRequest[Any], object]
# A saved value this long or longer is also hidden from every stream. A shorter one (an id
# like 42) is still redacted from everything the flow keeps, but hiding it everywhere would
# blank every "42" a report shows.
MIN_HIDDEN_LENGTH = 4


class LiveFlows:
    """The fetcher of ``HttpFlow`` facts. Tests pass a ``transport``, an ``environ``, a
    ``sleep`` and a ``clock`` of their own."""

    def __init__(
        self,
        *,
        environ: Mapping[str, str] | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.environ, self.transport = environ, transport
        self.sleep, self.clock = sleep, clock

    def __call__(self, github: object, context: RunContext, flows: Sequence[HttpFlow]) -> Results:
        environ = os.environ if self.environ is None else self.environ
        with httpx.Client(
            transport=self.transport, follow_redirects=False, headers={"User-Agent": USER_AGENT}
        ) as client:
            workers = max(1, min(MAX_PARALLEL_CALLS, len(flows)))
            with ThreadPoolExecutor(max_workers=workers) as pool:
                answers = list(pool.map(lambda flow: _Run(self, client, environ).run(flow), flows))
        return dict(zip(flows, answers, strict=True))


class _Run:
    """One flow being run: the values saved so far and the secrets to redact at the end."""

    def __init__(self, live: LiveFlows, client: httpx.Client, environ: Mapping[str, str]) -> None:
        self.live, self.client = live, client
        self.saved: dict[str, str] = {}
        self.values = ChainMap(self.saved, dict(environ))  # a saved name wins over a variable
        self.secrets: list[str] = []

    def run(self, flow: HttpFlow) -> FlowAnswer:
        names = [name for step in flow.steps for name in _names(step.request)]
        self.secrets = spellings(self.values.get(name) for name in names)
        started = self.live.clock()
        outcomes: list[StepOutcome] = []
        for step in flow.steps:
            outcomes.append(self.step(step))
            if not outcomes[-1].succeeded:
                break
        elapsed = (self.live.clock() - started) * 1000
        return FlowAnswer(tuple(self.redacted(outcome) for outcome in outcomes), elapsed)

    def step(self, step: FlowStep) -> StepOutcome:
        started = self.live.clock()
        try:
            prepared = self.prepare(step.request)
        except MissingVariableError as missing:
            why = f"the environment variable {missing.name} is not set, and this step needs it"
            return StepOutcome((), (), 0.0, stopped=why)
        attempts: list[HttpAttempt] = []
        problems: list[tuple[str, ...]] = []
        request = step.request
        while True:
            number = len(attempts) + 1
            attempts.append(send(self.client, request.method, prepared, request.timeout, number))
            problems.append(tuple(unmet(step.expect, attempts[-1], source=request.url)))
            if not problems[-1] or not self.poll_again(step, started):
                break
        elapsed = (self.live.clock() - started) * 1000
        outcome = StepOutcome(tuple(attempts), tuple(problems), elapsed)
        if problems[-1]:
            return outcome
        stopped, saved = self.save(step, attempts[-1])
        return replace(outcome, stopped=stopped, saved=saved)

    def poll_again(self, step: FlowStep, started: float) -> bool:
        """Wait for the next try when polling and there is time left for one."""
        polling = step.polling
        if polling is None:
            return False
        every = polling.every.total_seconds()
        if self.live.clock() + every > started + polling.within.total_seconds():
            return False
        self.live.sleep(every)
        return True

    def prepare(self, request: FlowRequest) -> Prepared:
        headers = [(name, expand(value, self.values)) for name, value in request.headers]
        body = expand(request.body, self.values) if request.body is not None else None
        if request.json is not None:
            body = json.dumps(_expand_strings(json.loads(request.json), self.values))
            if not any(name.lower() == "content-type" for name, _ in headers):
                headers.append(("Content-Type", "application/json"))
        secrets = spellings(self.values.get(name) for name in _names(request))
        return Prepared(expand(request.url, self.values), tuple(headers), body, tuple(secrets))

    def save(self, step: FlowStep, attempt: HttpAttempt) -> tuple[str | None, tuple[str, ...]]:
        """Read each value to save from the answer; why not, when one cannot be."""
        if not step.save:
            return None, ()
        source = f"the answer to {step.request}"
        wanted = ", ".join(f"${{{name}}}" for name, _ in step.save)
        try:
            document = parse_body(
                attempt.body, attempt.header("content-type"), source=source, want_field=True
            )
        except DocumentError as error:
            return f"cannot save {wanted}: {error}", ()
        saved: list[str] = []
        for name, path in step.save:
            try:
                value = _text(field_of(document, path, source=source))
            except FieldMissingError as error:
                return f"cannot save ${{{name}}}: {error}", tuple(saved)
            except TypeError as error:
                return f"cannot save ${{{name}}}: field {path!r} is {error}", tuple(saved)
            self.keep_secret(value)
            self.saved[name] = value
            saved.append(name)
        return None, tuple(saved)

    def keep_secret(self, value: str) -> None:
        self.secrets = spellings([*self.secrets, value])
        if len(value) >= MIN_HIDDEN_LENGTH:
            hide(value)

    def redacted(self, outcome: StepOutcome) -> StepOutcome:
        def clean(text: str) -> str:
            return redact(text, self.secrets)

        attempts = tuple(
            replace(
                attempt,
                body=clean(attempt.body),
                error=clean(attempt.error) if attempt.error else None,
                headers=tuple((name, clean(value)) for name, value in attempt.headers),
            )
            for attempt in outcome.attempts
        )
        return replace(
            outcome,
            attempts=attempts,
            problems=tuple(tuple(map(clean, found)) for found in outcome.problems),
            stopped=clean(outcome.stopped) if outcome.stopped else None,
        )


def _names(request: FlowRequest) -> list[str]:
    templates = [request.url, *(value for _, value in request.headers), request.body or ""]
    if request.json is not None:
        templates += _strings(json.loads(request.json))
    return [name for template in templates for name in variables(template)]


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def _expand_strings(value: object, values: Mapping[str, str]) -> object:
    """The JSON body with ``${name}`` expanded in every string value (keys stay as written)."""
    if isinstance(value, str):
        return expand(value, values)
    if isinstance(value, dict):
        return {key: _expand_strings(item, values) for key, item in value.items()}
    if isinstance(value, list):
        return [_expand_strings(item, values) for item in value]
    return value


def _text(value: object) -> str:
    """A saved value as it goes into a later request: text as it is, numbers in digits."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    raise TypeError(f"{describe(value)}, not a text or a number")
