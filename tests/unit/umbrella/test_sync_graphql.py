"""The generated reference query: its shape, its validity against GitHub's schema, its answers."""

from __future__ import annotations

from typing import Any

import pytest

from conformance.descriptions import graphql_schema_path
from releasegate.errors import GitHubError
from releasegate.github.client import _graphql_data
from releasegate.github.documents import document
from releasegate.umbrella.parse import IssueRef
from releasegate.umbrella.plan import RefState
from releasegate.umbrella.states import _TOLERATED as TOLERATED
from releasegate.umbrella.states import (
    PAGE_SIZE,
    issue_state,
    read_states,
    ref_fragment,
    ref_state,
    states_query,
)
from releasegate_standin.graphql.schema_check import load_github_schema, validation_errors
from support.umbrella import World

OPEN, DONE, DROPPED, MISSING = (
    RefState.OPEN,
    RefState.COMPLETED,
    RefState.NOT_PLANNED,
    RefState.MISSING,
)


def ref(number: int, repo: str = "app") -> IssueRef:
    return IssueRef("acme", repo, number)


def test_the_query_has_one_repository_alias_per_repository_and_one_lookup_per_number() -> None:
    query = states_query([ref(12), ref(7, "infra"), ref(123)])
    assert query.text == (
        "query UmbrellaRefs($owner0: String!, $name0: String!, "
        "$owner1: String!, $name1: String!) {\n"
        "  r0: repository(owner: $owner0, name: $name0) {\n"
        "    i12: issueOrPullRequest(number: 12) { ...UmbrellaRefState }\n"
        "    i123: issueOrPullRequest(number: 123) { ...UmbrellaRefState }\n"
        "  }\n"
        "  r1: repository(owner: $owner1, name: $name1) {\n"
        "    i7: issueOrPullRequest(number: 7) { ...UmbrellaRefState }\n"
        "  }\n"
        "}\n\n" + ref_fragment()
    )
    assert query.variables == {"owner0": "acme", "name0": "app", "owner1": "acme", "name1": "infra"}
    assert query.aliases == {
        ("r0", "i12"): ref(12),
        ("r0", "i123"): ref(123),
        ("r1", "i7"): ref(7, "infra"),
    }


def test_the_fragment_is_the_template_s() -> None:
    assert ref_fragment().startswith("fragment UmbrellaRefState on IssueOrPullRequest {")
    assert document("umbrella_refs").endswith(ref_fragment())


@pytest.fixture(scope="module")
def schema() -> Any:
    path = graphql_schema_path()
    if path is None:
        pytest.skip(
            "GitHub's GraphQL schema has not been fetched: run tools/fetch-github-descriptions"
        )
    return load_github_schema(path)


def test_a_full_generated_page_validates_against_github_schema(schema: Any) -> None:
    refs = [ref(n, f"repo-{n % 7}.js") for n in range(1, PAGE_SIZE + 1)]
    assert validation_errors(schema, states_query(refs).text) == []


def test_the_validator_would_catch_a_broken_generated_query(schema: Any) -> None:
    broken = states_query([ref(1)]).text.replace("merged", "isMerged")
    assert validation_errors(schema, broken)


def test_300_references_are_read_in_3_requests_and_huge_numbers_in_none(world: World) -> None:
    for number in range(1, 301):
        world.issue(number, state="closed" if number % 3 else "open")
    states = read_states(world.github(), [ref(n) for n in range(1, 301)] + [ref(2**31)])
    assert world.calls == [("POST", "graphql UmbrellaRefs")] * 3
    assert states[ref(2**31)] is MISSING
    assert [states[ref(n)] for n in (1, 2, 3)] == [DONE, DONE, OPEN]


def test_nothing_to_read_takes_no_request(world: World) -> None:
    assert read_states(world.github(), []) == {}
    assert world.calls == []


@pytest.mark.parametrize(
    ("node", "state"),
    [
        (None, MISSING),
        ({"__typename": "Issue", "issueState": "OPEN", "stateReason": None}, OPEN),
        ({"__typename": "Issue", "issueState": "OPEN", "stateReason": "REOPENED"}, OPEN),
        ({"__typename": "Issue", "issueState": "CLOSED", "stateReason": "COMPLETED"}, DONE),
        ({"__typename": "Issue", "issueState": "CLOSED", "stateReason": None}, DONE),
        ({"__typename": "Issue", "issueState": "CLOSED", "stateReason": "NOT_PLANNED"}, DROPPED),
        ({"__typename": "Issue", "issueState": "CLOSED", "stateReason": "DUPLICATE"}, DROPPED),
        ({"__typename": "PullRequest", "pullState": "MERGED", "merged": True}, DONE),
        ({"__typename": "PullRequest", "pullState": "CLOSED", "merged": False}, DROPPED),
        ({"__typename": "PullRequest", "pullState": "OPEN", "merged": False}, OPEN),
    ],
)
def test_states_map_to_ref_states(node: dict[str, Any] | None, state: RefState) -> None:
    assert ref_state(node) is state


def test_an_unknown_issue_state_is_missing_not_a_guess() -> None:
    assert issue_state("SOMETHING_NEW", None) is MISSING


def test_not_found_and_forbidden_nodes_are_answers() -> None:
    answer = {
        "data": {"r0": {"i1": None}, "r1": None},
        "errors": [
            {"type": "NOT_FOUND", "path": ["r0", "i1"], "message": "Could not resolve"},
            {"type": "FORBIDDEN", "path": ["r1"], "message": "SAML enforcement"},
        ],
    }
    assert _graphql_data("UmbrellaRefs", answer, TOLERATED) == {"r0": {"i1": None}, "r1": None}


@pytest.mark.parametrize(
    "error",
    [
        {"message": "Something went wrong while executing your query."},
        {"type": "MAX_NODE_LIMIT_EXCEEDED", "message": "too big"},
        {"type": "NOT_FOUND", "message": "not found, but where?"},
    ],
    ids=["untyped", "other-type", "no-path"],
)
def test_any_other_error_fails_the_read(error: dict[str, Any]) -> None:
    with pytest.raises(GitHubError, match="UmbrellaRefs answered with errors"):
        _graphql_data("UmbrellaRefs", {"data": {"r0": None}, "errors": [error]}, TOLERATED)
