"""Fixtures for GitHub's published API descriptions.

Locally a missing description skips the tests that need it; in CI (``$CI`` set) it fails
them, so conformance can never be skipped silently there.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from graphql import GraphQLSchema

from conformance.descriptions import (
    FETCH_COMMAND,
    graphql_schema_path,
    openapi_path,
    webhook_examples_path,
)
from releasegate_standin.graphql.schema_check import load_github_schema


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def _require(locate: Callable[[], Path | None], what: str) -> Path:
    path = locate()
    if path is not None:
        return path
    message = f"{what} has not been fetched: run {FETCH_COMMAND}"
    if _in_ci():
        pytest.fail(f"{message} (CI is set, so conformance tests may not be skipped)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def openapi() -> dict[str, Any]:
    """api.github.com's OpenAPI description from ``@octokit/openapi``."""
    path = _require(openapi_path, "GitHub's OpenAPI description (@octokit/openapi)")
    description: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return description


@pytest.fixture(scope="session")
def github_schema() -> GraphQLSchema:
    """GitHub's GraphQL schema from ``@octokit/graphql-schema``, built once per session."""
    path = _require(graphql_schema_path, "GitHub's GraphQL schema (@octokit/graphql-schema)")
    schema = load_github_schema(path)
    assert schema is not None
    return schema


@pytest.fixture(scope="session")
def webhook_examples() -> list[dict[str, Any]]:
    """Example webhook payloads from ``@octokit/webhooks-examples``, one entry per event."""
    path = _require(webhook_examples_path, "GitHub's webhook examples (@octokit/webhooks-examples)")
    examples: list[dict[str, Any]] = json.loads(path.read_text("utf-8"))
    return examples
