"""The GraphQL half of the stand-in: GitHub's schema (a subset), its limits, its errors.

A document is checked in GitHub's order: syntax, then validation against GitHub's real
schema when ``tools/fetch-github-descriptions`` has fetched it (so a query that works here
works there), then against the stand-in's subset, then the resource limits; only then does
it run, under the state's lock. Errors come back as GitHub shapes them: ``type`` beside
``message``, ``locations`` and ``path``.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    build_schema,
    execute_sync,
    parse,
    validate,
)

from releasegate.github.documents import all_documents
from releasegate_standin.graphql.connections import View
from releasegate_standin.graphql.limits import query_cost
from releasegate_standin.graphql.nodes import query_root
from releasegate_standin.graphql.sdl import SDL
from releasegate_standin.state.store import State
from releasegate_standin.urls import Urls

Json = dict[str, Any]
SUBSET_HINT = (
    " (GitHub's schema has this, the stand-in's subset does not yet: add it to "
    "releasegate_standin/graphql/sdl.py and nodes.py)"
)


@cache
def standin_schema() -> GraphQLSchema:
    return build_schema(SDL)


@lru_cache(maxsize=512)
def _parsed(text: str) -> DocumentNode:
    return parse(text)


@lru_cache(maxsize=512)
def _problems(schema: GraphQLSchema, text: str) -> tuple[GraphQLError, ...]:
    return tuple(validate(schema, _parsed(text)))


def operation_name(payload: Any) -> str | None:
    """The operation a GraphQL request body names, or its document's only one."""
    if not isinstance(payload, dict):
        return None
    if isinstance(payload.get("operationName"), str):
        return str(payload["operationName"])
    try:
        document = _parsed(str(payload.get("query", "")))
    except GraphQLError:
        return None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    name = operations[0].name if len(operations) == 1 else None
    return name.value if name else None


def formatted(error: GraphQLError) -> Json:
    shape: Json = dict(error.formatted)
    extensions = dict(shape.pop("extensions", None) or {})
    kind = extensions.pop("type", None)
    if extensions:
        shape["extensions"] = extensions
    return {"type": kind, **shape} if kind else shape


def errors_only(errors: list[GraphQLError] | tuple[GraphQLError, ...]) -> Json:
    return {"errors": [formatted(error) for error in errors]}


class GraphQLApi:
    def __init__(self, state: State, urls: Urls, github_schema: GraphQLSchema | None) -> None:
        self.state, self.urls, self.github_schema = state, urls, github_schema

    def warm_up(self) -> None:
        """Validate releasegate's own documents now: the first validation against GitHub's
        large schema is slow, and a benchmark should not pay for it in its first request."""
        for text in all_documents().values():
            self._problems(text)

    def handle(self, payload: Any) -> Json:
        """The answer to one request body; GitHub answers HTTP 200 even with errors."""
        if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
            return {
                "errors": [{"message": "A query attribute must be specified and must be a string."}]
            }
        text = payload["query"]
        variables = payload.get("variables") or {}
        operation = payload.get("operationName")
        try:
            document = _parsed(text)
        except GraphQLError as syntax_error:
            return errors_only([syntax_error])
        problems = self._problems(text)
        if problems:
            return {"errors": problems}
        if not isinstance(variables, dict):
            return {"errors": [{"message": "Variables are invalid JSON."}]}
        cost = query_cost(standin_schema(), document, operation, variables)
        if cost.errors:
            return errors_only(cost.errors)
        return self._execute(document, variables, operation, cost.points, cost.nodes)

    def _problems(self, text: str) -> list[Json]:
        if self.github_schema is not None:
            against_github = _problems(self.github_schema, text)
            if against_github:
                return [formatted(error) for error in against_github]
        against_subset = _problems(standin_schema(), text)
        hint = SUBSET_HINT if self.github_schema is not None else ""
        return [{**formatted(e), "message": e.message + hint} for e in against_subset]

    def _execute(
        self,
        document: DocumentNode,
        variables: dict[str, Any],
        operation: Any,
        points: int,
        nodes: int,
    ) -> Json:
        with self.state.lock:
            budget = self.state.spend("graphql", points)
            view = View(self.state, self.urls, budget, points, nodes)
            result = execute_sync(
                standin_schema(),
                document,
                root_value=query_root(view),
                context_value=view,
                variable_values=variables,
                operation_name=operation if isinstance(operation, str) else None,
            )
        answer: Json = {"data": result.data}
        if result.errors:
            answer["errors"] = [formatted(error) for error in result.errors]
        return answer
