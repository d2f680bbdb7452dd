"""Where ``tools/fetch-github-descriptions`` put GitHub's published API descriptions.

The descriptions are fetched from npm in CI and never committed. Each function returns the
path of one file, or ``None`` when it has not been fetched; deciding whether that skips or
fails a test is the caller's business (see ``conftest.py``).
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
FETCH_COMMAND = "tools/fetch-github-descriptions"


def descriptions_dir() -> Path:
    """The cache folder: ``$RELEASEGATE_GITHUB_DESCRIPTIONS``, else ``<repo>/.cache/github``."""
    configured = os.environ.get("RELEASEGATE_GITHUB_DESCRIPTIONS")
    return Path(configured) if configured else REPO_ROOT / ".cache" / "github"


def _existing(relative: str) -> Path | None:
    path = descriptions_dir() / relative
    return path if path.is_file() else None


def openapi_path() -> Path | None:
    """``@octokit/openapi``'s description of api.github.com (OpenAPI 3.0, JSON)."""
    return _existing("openapi/generated/api.github.com.json")


def graphql_schema_path() -> Path | None:
    """``@octokit/graphql-schema``'s SDL of GitHub's GraphQL API."""
    return _existing("graphql-schema/schema.graphql")


def webhook_examples_path() -> Path | None:
    """``@octokit/webhooks-examples`` for api.github.com.

    A JSON list of ``{"name": event, "actions": [...], "examples": [payload, ...]}``.
    """
    return _existing("webhooks-examples/api.github.com/index.json")
