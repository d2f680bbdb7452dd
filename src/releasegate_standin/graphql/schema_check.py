"""Validate GraphQL documents against GitHub's published schema.

The schema is ``schema.graphql`` from the npm package ``@octokit/graphql-schema``, which
``tools/fetch-github-descriptions`` puts in ``.cache/github/graphql-schema/``; it is never
committed, so every caller must cope with it being absent.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from graphql import GraphQLError, GraphQLSchema, build_schema, parse, validate

SCHEMA_ENV = "RELEASEGATE_GITHUB_GRAPHQL_SCHEMA"
DESCRIPTIONS_ENV = "RELEASEGATE_GITHUB_DESCRIPTIONS"
_IN_DESCRIPTIONS = Path("graphql-schema", "schema.graphql")


def load_github_schema(path: Path | None = None) -> GraphQLSchema | None:
    """GitHub's GraphQL schema, built once per file and process.

    Looks at ``path``, else ``$RELEASEGATE_GITHUB_GRAPHQL_SCHEMA``, else
    ``$RELEASEGATE_GITHUB_DESCRIPTIONS/graphql-schema/schema.graphql``, else
    ``.cache/github/graphql-schema/schema.graphql`` under the current directory. A schema
    named explicitly (argument or ``$RELEASEGATE_GITHUB_GRAPHQL_SCHEMA``) must exist; the
    default locations give ``None`` when nothing has been fetched there.
    """
    explicit = path or (Path(os.environ[SCHEMA_ENV]) if os.environ.get(SCHEMA_ENV) else None)
    if explicit is not None:
        if not explicit.is_file():
            msg = f"GitHub GraphQL schema not found at {explicit}"
            raise FileNotFoundError(msg)
        return _build(explicit.resolve())
    descriptions = Path(os.environ.get(DESCRIPTIONS_ENV) or Path(".cache", "github"))
    default = descriptions / _IN_DESCRIPTIONS
    return _build(default.resolve()) if default.is_file() else None


@cache
def _build(path: Path) -> GraphQLSchema:
    # GitHub's published SDL does not pass graphql-core's own schema checks (15.26.1 defines
    # EnterpriseOwnerInfo.repositoryDeployKeySetting twice, and deprecates fields that
    # implement non-deprecated interface fields, which graphql-core 3.3 rejects). GitHub serves
    # this schema as it is, so documents are validated against it as it is.
    return build_schema(path.read_text("utf-8"), assume_valid=True, assume_valid_sdl=True)


def validation_errors(schema: GraphQLSchema, query_text: str) -> list[str]:
    """Every problem of ``query_text`` against ``schema``, one ``line:col: message`` each."""
    try:
        document = parse(query_text)
    except GraphQLError as syntax_error:
        return [_describe(syntax_error)]
    return [_describe(error) for error in validate(schema, document)]


def _describe(error: GraphQLError) -> str:
    locations = [f"{where.line}:{where.column}" for where in error.locations or ()]
    if not locations:
        return error.message
    also = f" (also at {', '.join(locations[1:])})" if len(locations) > 1 else ""
    return f"{locations[0]}: {error.message}{also}"
