"""A stand-in GitHub and releasegate's own client for it, for the report's reading tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from releasegate.github.client import Connection, GitHub
from releasegate.github.retry import RetryPolicy
from releasegate_standin import StandIn

Served = Callable[[list[dict[str, Any]]], tuple[StandIn, GitHub]]


@pytest.fixture
def served() -> Iterator[Served]:
    """``served(issues)``: a running stand-in of acme/app with those issues, and a client."""
    started: list[tuple[StandIn, GitHub]] = []

    def start(issues: list[dict[str, Any]], **scenario: Any) -> tuple[StandIn, GitHub]:
        standin = StandIn({"repository": "acme/app", "issues": issues, **scenario}).start()
        retry = RetryPolicy(attempts=3, total_seconds=5.0, base_delay=0.01, max_delay=0.02)
        github = GitHub(Connection(standin.url, standin.graphql_url, "t"), retry)
        started.append((standin, github))
        return standin, github

    yield start
    for standin, github in started:
        github.close()
        standin.stop()
