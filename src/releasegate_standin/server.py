"""``StandIn``: a local GitHub, REST and GraphQL, over real HTTP.

    with StandIn("scenario.yml", latency=0.05) as github:
        github.add_fault(Fault("status", path="*/pulls/*/files", status=502, times=2))
        subprocess.run(["releasegate", "check", "--pr", "7"], env={**os.environ, **github.env()})
        assert [r.path for r in github.requests] == [...]

It listens on 127.0.0.1 (port 0: a free one) in a daemon thread, one thread per connection,
so concurrent requests overlap and a parallel client sees one latency, not N. Requests need
an ``Authorization`` header (any token), as GitHub's do; ``/_standin/`` endpoints steer a
server running in another process (see ``control.py``).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from http.server import ThreadingHTTPServer
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Literal

from graphql import GraphQLSchema

from releasegate_standin.faults import Fault, FaultBook
from releasegate_standin.graphql.api import GraphQLApi
from releasegate_standin.graphql.schema_check import load_github_schema
from releasegate_standin.rest.api import RestApi
from releasegate_standin.rest.routes import HANDLERS
from releasegate_standin.rest.shapes import Urls
from releasegate_standin.state.build import build_state
from releasegate_standin.state.scenario import Scenario, load_scenario
from releasegate_standin.state.store import State
from releasegate_standin.wire import Handler, LoggedRequest

ScenarioSource = Scenario | str | Path | Traversable | Mapping[str, Any] | None
DEFAULT_TOKEN = "standin-token"  # noqa: S105 - not a secret: the stand-in takes any token


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # socketserver's default backlog of 5 makes the 6th simultaneous connection wait for a
    # SYN retry (a second): a parallel client would see that, not the injected latency.
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], standin: StandIn) -> None:
        self.standin = standin
        super().__init__(address, Handler)


class StandIn:
    """The GitHub stand-in server; a context manager that starts and stops it."""

    def __init__(
        self,
        scenario: ScenarioSource = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        latency: float = 0.0,
        github_schema: GraphQLSchema | Literal["auto"] | None = "auto",
        html_url: str = "https://github.com",
    ) -> None:
        self.scenario = _scenario(scenario)
        self.state: State = build_state(self.scenario)
        self.faults = FaultBook()
        self.latency = latency
        self.stopping = threading.Event()
        self._host, self._port, self._html_url = host, port, html_url
        self._schema_choice = github_schema
        self._log: list[LoggedRequest] = []
        self._log_lock = threading.Lock()
        self._server: _Server | None = None
        self.github_schema: GraphQLSchema | None = None  # chosen when started
        self.urls = Urls(api=f"http://{host}:{port}", html=html_url)
        self.rest = RestApi(self.state, self.urls, HANDLERS)
        self.graphql = GraphQLApi(self.state, self.urls, None)

    # --- life cycle ------------------------------------------------------------------------

    def start(self) -> StandIn:
        if self._server is not None:
            return self
        schema = load_github_schema() if self._schema_choice == "auto" else self._schema_choice
        self.stopping.clear()
        self._server = _Server((self._host, self._port), self)
        self.urls = Urls(api=f"http://{self._host}:{self._server.server_port}", html=self._html_url)
        self.github_schema = schema
        self._connect_apis()
        self.graphql.warm_up()
        thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},  # how soon stop() is noticed
            name="releasegate-standin",
            daemon=True,
        )
        thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self.stopping.set()  # wakes requests sleeping in latency or a timeout fault
        self._server.shutdown()
        self._server.server_close()
        self._server = None

    def __enter__(self) -> StandIn:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _connect_apis(self) -> None:
        self.rest = RestApi(self.state, self.urls, HANDLERS)
        self.graphql = GraphQLApi(self.state, self.urls, self.github_schema)

    # --- where it is -----------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The REST base URL: what ``GITHUB_API_URL`` must be."""
        if self._server is None:
            raise RuntimeError("the stand-in is not running: call start() or use `with`")
        return self.urls.api

    @property
    def graphql_url(self) -> str:
        return f"{self.url}/graphql"

    def env(self, token: str = DEFAULT_TOKEN) -> dict[str, str]:
        """The environment that points releasegate (or any GitHub client) here."""
        return {
            "GITHUB_API_URL": self.url,
            "GITHUB_GRAPHQL_URL": self.graphql_url,
            "GITHUB_REPOSITORY": self.state.main_repo.full_name,
            "GITHUB_TOKEN": token,
        }

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
