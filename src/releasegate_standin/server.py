"""``StandIn``: a local GitHub, REST and GraphQL, over real HTTP.

    with StandIn("scenario.yml", latency=0.05) as github:
        github.add_fault(Fault("status", path="*/pulls/*/files", status=502, times=2))
        subprocess.run(["releasegate", "check", "--pr", "7"], env={**os.environ, **github.env()})
        assert [r.path for r in github.requests] == [...]

It listens on 127.0.0.1 (port 0: a free one) in a daemon thread, one thread per connection,
so concurrent requests overlap and a parallel client sees one latency, not N. Requests need
an ``Authorization`` header (any token), as GitHub's do; ``/_standin/`` endpoints steer a
server running in another process (see ``control.py``). What it serves, and the steering,
is ``ServedGitHub`` (``served.py``); this module adds the server.
"""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer
from typing import Literal

from graphql import GraphQLSchema

from releasegate_standin.graphql.schema_check import load_github_schema
from releasegate_standin.served import ScenarioSource, ServedGitHub
from releasegate_standin.urls import Urls
from releasegate_standin.wire import Handler

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


class StandIn(ServedGitHub):
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
        super().__init__(scenario, Urls(api=f"http://{host}:{port}", html=html_url), latency)
        self._host, self._port, self._html_url = host, port, html_url
        self._schema_choice = github_schema
        self._server: _Server | None = None

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
