"""Fixtures for the stand-in's tests: a running stand-in per test, and clients for it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from releasegate.github.client import Connection, GitHub
from releasegate.github.retry import RetryPolicy
from releasegate_standin import Scenario, StandIn
from releasegate_standin.state.scenario import scenario_from_yaml

BIG_PR = """
repository: acme/app
collaborators: {alice: maintain, bob: write}
commits:
  - name: base
    files:
      .github/releasegate.yml: "version: 1\\n"
      README.md: "hello\\n"
  - name: head
    parent: base
    files:
      .github/releasegate.yml: "version: 1\\nname: changed\\n"
      src/app.py: "print(1)\\n"
branches: {main: base, feature/big: head}
pull_requests:
  - number: 7
    title: A big change
    author: bob
    head: feature/big
    labels: [enhancement, "releasegate:override:greptile-p1"]
    files: {generate: 300, filename: "src/module_{n:03d}.py", status: added}
    review_threads:
      - generate: 150
        path: "src/module_{n:03d}.py"
        line: "{n}"
        author: "greptile-apps[bot]"
        body: '<img alt="P1" src="x"> finding {n}'
        comments: [{author: alice, body: "reply {n}"}]
check_runs:
  - {generate: 40, commit: head, name: "ci / job {n}", completed_at: -1h}
"""


@pytest.fixture
def retry() -> RetryPolicy:
    """Small bounds: a test that exercises retries finishes in milliseconds."""
    return RetryPolicy(attempts=4, total_seconds=5.0, base_delay=0.01, max_delay=0.02)


@pytest.fixture
def big_pr() -> Scenario:
    """PR #7 of acme/app: 300 files, 150 Greptile threads, 40 check runs on its head."""
    return scenario_from_yaml(BIG_PR)


@pytest.fixture
def serve() -> Iterator[Callable[..., StandIn]]:
    """Start a stand-in (stopped after the test): ``serve(scenario, **options)``."""
    started: list[StandIn] = []

    def start(scenario: Any = None, **options: Any) -> StandIn:
        started.append(StandIn(scenario, **options).start())
        return started[-1]

    yield start
    for standin in started:
        standin.stop()


@pytest.fixture
def standin(serve: Callable[..., StandIn], big_pr: Scenario) -> StandIn:
    return serve(big_pr)


@pytest.fixture
def http(standin: StandIn) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=standin.url, headers={"Authorization": "token t"}) as client:
        yield client


@pytest.fixture
def make_github(retry: RetryPolicy) -> Iterator[Callable[..., GitHub]]:
    """releasegate's own client for a stand-in: ``make_github(standin, timeout=30.0)``."""
    made: list[GitHub] = []

    def make(standin: StandIn, *, timeout: float = 30.0) -> GitHub:
        connection = Connection(standin.url, standin.graphql_url, "t", timeout)
        made.append(GitHub(connection, retry))
        return made[-1]

    yield make
    for client in made:
        client.close()


@pytest.fixture
def github(standin: StandIn, make_github: Callable[..., GitHub]) -> GitHub:
    return make_github(standin)


@pytest.fixture
def graphql(http: httpx.Client) -> Callable[..., dict[str, Any]]:
    """Post a document to the stand-in: ``graphql(query, **variables)`` -> the answer."""

    def post(query: str, **variables: Any) -> dict[str, Any]:
        answer = http.post("/graphql", json={"query": query, "variables": variables})
        assert answer.status_code == 200, answer.text
        result: dict[str, Any] = answer.json()
        return result

    return post
