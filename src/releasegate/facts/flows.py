"""Facts from synthetic transactions: the http-flow gate's ordered steps and what each got.

An ``HttpFlow`` holds every step as templates: ``${name}`` is a value an earlier step saved
from its JSON answer, else the environment variable NAME; both are expanded by the live
fetcher (``fetchers.http_flows``) when it makes the call, and never stored. Steps run in
order and the flow stops at the first step that does not succeed. The fetcher judges each
attempt as it goes (it must, to know when to stop polling and what to save), so a
``StepOutcome`` keeps each attempt with why it fell short, everything already redacted of
the variables' values and of every saved value: no fact holds a secret.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from releasegate.facts import FactRequest
from releasegate.facts.http import Expectation, HttpAttempt


@dataclass(frozen=True)
class FlowRequest:
    """One step's call, as templates. ``json`` is JSON text whose strings are templates."""

    url: str
    method: str = "GET"
    headers: tuple[tuple[str, str], ...] = ()
    body: str | None = None
    json: str | None = None
    timeout: timedelta = timedelta(seconds=10)

    def __str__(self) -> str:
        return f"{self.method} {self.url}"


@dataclass(frozen=True)
class Polling:
    """Try again every ``every`` until the expectation holds or ``within`` has passed."""

    every: timedelta
    within: timedelta


@dataclass(frozen=True)
class FlowStep:
    name: str
    request: FlowRequest
    expect: Expectation = field(default_factory=Expectation)
    save: tuple[tuple[str, str], ...] = ()
    "(name, dotted path into the JSON answer) of each value later steps use as ${name}."
    polling: Polling | None = None


@dataclass(frozen=True)
class StepOutcome:
    """What one step got: every attempt with why it was not a success (empty: it was), the
    time the step took, polling included, and ``stopped``: why the flow could not go on
    although the step was answered (a value to save is missing, a variable is not set)."""

    attempts: tuple[HttpAttempt, ...]
    problems: tuple[tuple[str, ...], ...]
    elapsed_ms: float
    stopped: str | None = None
    saved: tuple[str, ...] = ()

    @property
    def succeeded(self) -> bool:
        return self.stopped is None and bool(self.problems) and not self.problems[-1]


@dataclass(frozen=True)
class FlowAnswer:
    """The outcome of each step that ran, in order; the last one failed unless all passed."""

    steps: tuple[StepOutcome, ...]
    elapsed_ms: float


@dataclass(frozen=True)
class HttpFlow(FactRequest[FlowAnswer]):
    """A synthetic transaction: its steps, in order."""

    steps: tuple[FlowStep, ...]
