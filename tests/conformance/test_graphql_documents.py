"""Every GraphQL document releasegate sends validates against GitHub's published schema."""

from __future__ import annotations

import pytest
from graphql import GraphQLSchema

from releasegate.github.documents import all_documents
from releasegate_standin.graphql.schema_check import validation_errors

pytestmark = pytest.mark.conformance

DOCUMENTS = all_documents()


def test_the_document_registry_loads() -> None:
    assert isinstance(DOCUMENTS, dict)
    assert all(name and text.strip() for name, text in DOCUMENTS.items())


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_document_validates_against_github_schema(github_schema: GraphQLSchema, name: str) -> None:
    errors = validation_errors(github_schema, DOCUMENTS[name])
    assert not errors, f"graphql/{name}.graphql:\n" + "\n".join(errors)


# The validator itself, against the real schema: it must accept a good query and reject bad
# ones, or the test above would prove nothing.
VALID_QUERY = """
query ReviewThreads($owner: String!, $name: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      reviewThreads(first: 100, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes {
          isResolved
          isOutdated
          path
          line
          comments(first: 100) { nodes { author { login } body url } }
        }
      }
    }
  }
}
"""


def test_the_validator_accepts_a_valid_query(github_schema: GraphQLSchema) -> None:
    assert validation_errors(github_schema, VALID_QUERY) == []


# Each expected problem is its position and a phrase of graphql-core's message (the wording
# changes between graphql-core versions).
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("query {\n  viewer { login nosuchfield }\n}", [("2:18", "'nosuchfield'")]),
        (
            "query { repository(owner: 1) { id } }",
            [("1:27", "non string value: 1"), ("1:9", "'String!' is required")],
        ),
        ("query { viewer {", [("1:17", "Syntax Error")]),
    ],
    ids=["unknown-field", "bad-arguments", "syntax-error"],
)
def test_the_validator_rejects_an_invalid_query(
    github_schema: GraphQLSchema, query: str, expected: list[tuple[str, str]]
) -> None:
    errors = validation_errors(github_schema, query)
    assert len(errors) == len(expected), errors
    for error, (position, phrase) in zip(errors, expected, strict=True):
        assert error.startswith(f"{position}: "), error
        assert phrase in error, error
