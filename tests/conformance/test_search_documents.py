"""The counts query releasegate generates from its template validates against GitHub's schema."""

from __future__ import annotations

import pytest
from graphql import GraphQLSchema

from releasegate.github.search import COUNTS_PER_REQUEST, counts_document
from releasegate_standin.graphql.schema_check import validation_errors

pytestmark = pytest.mark.conformance


@pytest.mark.parametrize("searches", [1, 2, COUNTS_PER_REQUEST])
def test_the_generated_counts_query_validates(github_schema: GraphQLSchema, searches: int) -> None:
    assert validation_errors(github_schema, counts_document(searches)) == []
