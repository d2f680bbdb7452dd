"""``ServedGitHub``: what a stand-in serves and how a test steers it, without the HTTP server.

It holds the state built from a scenario, the REST and GraphQL APIs over that state, and what
a test steers: faults, latency and the log of the requests answered. The HTTP handler
(``wire.py``) answers from it, the ``/_standin/`` endpoints (``control.py``) steer it, and
``StandIn`` (``server.py``) adds the server's life cycle and the address it listens on.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from graphql import GraphQLSchema

from releasegate_standin.faults import Fault, FaultBook
from releasegate_standin.graphql.api import GraphQLApi
from releasegate_standin.rest.api import RestApi
from releasegate_standin.rest.routes import HANDLERS
from releasegate_standin.state.build import build_state
from releasegate_standin.state.scenario import Scenario, load_scenario
from releasegate_standin.state.store import State
from releasegate_standin.urls import Urls

ScenarioSource = Scenario | str | Path | Traversable | Mapping[str, Any] | None


@dataclass(frozen=True)
class LoggedRequest:
    """One request the stand-in answered (control requests are not logged)."""

    method: str
    path: str
    query: dict[str, str]
    status: int  # 0: no answer (a reset or timeout fault)
    duration: float  # seconds, injected latency included
    operation: str | None = None  # the GraphQL operation's name
    fault: str | None = None  # the kind of fault injected, if one was
    body: Any = None  # the parsed JSON body, if any
    started: float = field(default=0.0, compare=False)  # time.monotonic() on arrival

    def to_json(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in self.__dataclass_fields__}


class ServedGitHub:
    """A scenario's GitHub, its APIs, faults, latency and request log; ``StandIn`` serves it."""

    def __init__(self, scenario: ScenarioSource, urls: Urls, latency: float) -> None:
        self.scenario = _scenario(scenario)
        self.state: State = build_state(self.scenario)
        self.faults = FaultBook()
        self.latency = latency
        self.stopping = threading.Event()
        self._log: list[LoggedRequest] = []
        self._log_lock = threading.Lock()
        self.github_schema: GraphQLSchema | None = None  # chosen when the server starts
        self.urls = urls
        self.rest = RestApi(self.state, self.urls, HANDLERS)
        self.graphql = GraphQLApi(self.state, self.urls, None)

    def _connect_apis(self) -> None:
        self.rest = RestApi(self.state, self.urls, HANDLERS)
        self.graphql = GraphQLApi(self.state, self.urls, self.github_schema)

    # --- steering --------------------------------------------------------------------------

    @property
    def requests(self) -> list[LoggedRequest]:
        """Every request answered since the last ``reset_log()``, in order of arrival."""
        with self._log_lock:
            return sorted(self._log, key=lambda entry: entry.started)

    def reset_log(self) -> None:
        with self._log_lock:
            self._log.clear()

    def record(self, entry: LoggedRequest) -> None:
        with self._log_lock:
            self._log.append(entry)

    def set_latency(self, seconds: float) -> None:
        """Sleep this long in every request (each in its own thread, so they overlap)."""
        self.latency = max(0.0, seconds)

    def add_fault(self, fault: Fault) -> None:
        self.faults.add(fault)

    def clear_faults(self) -> None:
        self.faults.clear()

    def load(self, scenario: ScenarioSource) -> None:
        """Replace the state with a new scenario's (faults, latency and log stay)."""
        replacement = _scenario(scenario)
        state = build_state(replacement)  # a bad scenario raises here and changes nothing
        self.scenario, self.state = replacement, state
        self._connect_apis()

    def reset(self) -> None:
        """Back to the scenario as loaded: every write since is forgotten."""
        self.state = build_state(self.scenario)
        self._connect_apis()

    def actor_for(self, token: str) -> str:
        """Whose writes a token makes: the scenario's ``tokens`` say, else the Actions bot."""
        return self.scenario.tokens.get(token, "github-actions[bot]")

    def wait(self, seconds: float) -> None:
        if seconds > 0:
            self.stopping.wait(seconds)


def _scenario(source: ScenarioSource) -> Scenario:
    if source is None:
        return Scenario(repository="acme/app")
    if isinstance(source, Scenario):
        return source
    return load_scenario(source)
