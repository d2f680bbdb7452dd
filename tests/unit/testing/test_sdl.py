"""The stand-in's GraphQL schema is a faithful subset of GitHub's: same names, same types."""

from __future__ import annotations

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
)

from releasegate_standin.graphql.api import standin_schema
from releasegate_standin.graphql.schema_check import load_github_schema


@pytest.fixture(scope="module")
def github() -> GraphQLSchema:
    schema = load_github_schema()
    if schema is None:
        pytest.skip("GitHub's schema has not been fetched: run tools/fetch-github-descriptions")
    return schema


def _ours() -> list[GraphQLNamedType]:
    return [t for name, t in standin_schema().type_map.items() if not name.startswith("__")]


def _differences(ours: GraphQLNamedType, theirs: GraphQLNamedType) -> list[str]:
    if type(ours) is not type(theirs):
        return [f"{ours.name} is a {type(theirs).__name__} on GitHub"]
    if isinstance(ours, GraphQLEnumType) and isinstance(theirs, GraphQLEnumType):
        return [f"{ours.name}.{v}" for v in ours.values if v not in theirs.values]
    if isinstance(ours, GraphQLUnionType) and isinstance(theirs, GraphQLUnionType):
        members = {t.name for t in theirs.types}
        return [f"{ours.name} | {t.name}" for t in ours.types if t.name not in members]
    if isinstance(ours, GraphQLObjectType | GraphQLInterfaceType) and isinstance(
        theirs, GraphQLObjectType | GraphQLInterfaceType
    ):
        return _field_differences(ours, theirs)
    if isinstance(ours, GraphQLInputObjectType) and isinstance(theirs, GraphQLInputObjectType):
        return [
            f"{ours.name}.{name}: {field.type}"
            for name, field in ours.fields.items()
            if name not in theirs.fields or str(theirs.fields[name].type) != str(field.type)
        ]
    return []


def _field_differences(
    ours: GraphQLObjectType | GraphQLInterfaceType, theirs: GraphQLObjectType | GraphQLInterfaceType
) -> list[str]:
    found = [
        f"{ours.name} implements {i.name}"
        for i in ours.interfaces
        if i.name not in {t.name for t in theirs.interfaces}
    ]
    for name, field in ours.fields.items():
        real = theirs.fields.get(name)
        if real is None or str(real.type) != str(field.type):
            found.append(f"{ours.name}.{name}: {field.type}")
            continue
        for argument, value in field.args.items():
            real_argument = real.args.get(argument)
            if real_argument is None or str(real_argument.type) != str(value.type):
                found.append(f"{ours.name}.{name}({argument}: {value.type})")
        required = [a for a, v in real.args.items() if "!" in str(v.type) and a not in field.args]
        found += [f"{ours.name}.{name} lacks GitHub's required ({a})" for a in required]
    return found


def test_every_type_field_and_argument_is_githubs(github: GraphQLSchema) -> None:
    problems = []
    for ours in _ours():
        theirs = github.type_map.get(ours.name)
        if theirs is None:
            problems.append(f"{ours.name} is not a GitHub type")
        else:
            problems += _differences(ours, theirs)
    assert problems == []


def test_the_subset_covers_what_the_gates_query(github: GraphQLSchema) -> None:
    wanted = {
        "PullRequestReviewThread": {"isResolved", "isOutdated", "path", "line", "comments"},
        "PullRequest": {"reviewThreads", "comments", "reviews", "timelineItems", "state", "merged"},
        "Issue": {"number", "title", "state", "stateReason", "url", "body", "subIssues"},
        "Commit": {"oid", "tree", "checkSuites", "status"},
        "CheckRun": {"name", "status", "conclusion", "completedAt", "detailsUrl", "databaseId"},
        "Repository": {"issue", "issueOrPullRequest", "object", "pullRequest"},
    }
    schema = standin_schema()
    for type_name, fields in wanted.items():
        served = schema.type_map[type_name]
        assert isinstance(served, GraphQLObjectType)
        assert fields <= set(served.fields), type_name
