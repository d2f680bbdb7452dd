"""The stand-in serves every endpoint releasegate declares, and its own, in GitHub's shapes.

Each answer is checked against the response schema in GitHub's OpenAPI description
(``@octokit/openapi``): every required key present, every value of the documented type,
recursively. Skipped when the description has not been fetched.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import pytest

from releasegate.github import endpoints
from releasegate.github.endpoints import Endpoint, all_endpoints
from releasegate_standin import StandIn
from releasegate_standin.git.ids import blob_oid
from releasegate_standin.rest import endpoints as standin_only
from releasegate_standin.rest.endpoints import served_endpoints, standin_endpoints
from releasegate_standin.rest.routes import HANDLERS

REPO_ROOT = Path(__file__).resolve().parents[3]
_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
}


def test_every_endpoint_has_a_handler() -> None:
    assert set(HANDLERS) == set(served_endpoints())


def test_the_stand_in_declares_only_endpoints_releasegate_does_not() -> None:
    assert standin_endpoints()
    assert set(standin_endpoints()).isdisjoint(all_endpoints())


@cache
def _openapi() -> dict[str, Any] | None:
    folder = Path(os.environ.get("RELEASEGATE_GITHUB_DESCRIPTIONS") or REPO_ROOT / ".cache/github")
    path = folder / "openapi/generated/api.github.com.json"
    return json.loads(path.read_text("utf-8")) if path.is_file() else None


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    description = _openapi()
    assert description is not None
    while "$ref" in node:
        target: Any = description
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _problems(schema: dict[str, Any], value: Any, where: str) -> list[str]:
    """Where ``value`` breaks ``schema`` (required keys, types), recursively."""
    schema = _resolve(schema)
    if value is None:
        nullable = schema.get("nullable") or "null" in str(schema.get("type"))
        return [] if nullable or not schema else [f"{where}: null"]
    for combinator in ("anyOf", "oneOf"):
        if combinator in schema:
            branches = [_problems(branch, value, where) for branch in schema[combinator]]
            return [] if any(not found for found in branches) else min(branches, key=len)
    if "allOf" in schema:
        return [p for branch in schema["allOf"] for p in _problems(branch, value, where)]
    expected = schema.get("type")
    if isinstance(expected, str) and not isinstance(value, _TYPES.get(expected, (object,))):
        return [f"{where}: {type(value).__name__}, documented as {expected}"]
    if isinstance(value, bool) and expected in ("integer", "number"):
        return [f"{where}: bool, documented as {expected}"]
    if isinstance(value, list):
        items = schema.get("items", {})
        return [
            p for i, item in enumerate(value[:3]) for p in _problems(items, item, f"{where}[{i}]")
        ]
    if not isinstance(value, dict):
        return []
    found = [f"{where}.{key}: missing" for key in schema.get("required", []) if key not in value]
    for key, inner in schema.get("properties", {}).items():
        if key in value:
            found += _problems(inner, value[key], f"{where}.{key}")
    return found


def _documented(endpoint: Endpoint, status: int) -> dict[str, Any]:
    description = _openapi()
    assert description is not None
    operation = description["paths"][endpoint.path][endpoint.method.lower()]
    response = _resolve(operation["responses"][str(status)])
    return response["content"]["application/json"]["schema"]


SCENARIO = {
    "repository": "acme/app",
    "collaborators": {"alice": "maintain", "bob": "write"},
    "commits": [
        {"name": "base", "files": {"README.md": "hi\n", "docs/a.md": "a\n"}},
        {"name": "head", "parent": "base", "files": {"src/app.py": "print(1)\n"}},
    ],
    "branches": {"main": "base", "feature": "head", "other": "head"},
    "pull_requests": [
        {
            "number": 1,
            "author": "bob",
            "head": "feature",
            "labels": ["bug"],
            "assignees": ["alice"],
            "files": [
                "src/app.py",
                {"filename": "b.py", "status": "renamed", "previous_filename": "a.py"},
            ],
            "comments": [{"author": "alice", "body": "hi"}],
        }
    ],
    "issues": [
        {"number": 2, "labels": ["tracking"], "sub_issues": [3]},
        {"number": 3, "state": "closed"},
    ],
    "check_runs": [{"commit": "head", "name": "ci", "details_url": "https://ci.example/1"}],
    "statuses": [{"commit": "head", "context": "deploy", "target_url": "https://ci.example/2"}],
    "deployments": [
        {"commit": "head", "environment": "staging", "statuses": [{"state": "success"}]}
    ],
}
HEAD = "head"  # resolved to its sha in the calls below

# Each endpoint once: (path parameters, query, body, expected status)
CALLS: dict[Endpoint, tuple[dict[str, Any], dict[str, Any], Any, int]] = {
    endpoints.GET_PULL_FILES: ({"pull_number": 1}, {}, None, 200),
    endpoints.GET_COLLABORATOR_PERMISSION: ({"username": "alice"}, {}, None, 200),
    endpoints.LIST_CHECK_RUNS_FOR_REF: ({"ref": HEAD}, {}, None, 200),
    standin_only.LIST_STATUSES_FOR_REF: ({"ref": HEAD}, {}, None, 200),
    standin_only.LIST_DEPLOYMENTS: ({}, {}, None, 200),
    standin_only.LIST_DEPLOYMENT_STATUSES: ({"deployment_id": "DEPLOYMENT"}, {}, None, 200),
    endpoints.CREATE_CHECK_RUN: ({}, {}, {"name": "rg", "head_sha": HEAD}, 201),
    endpoints.UPDATE_CHECK_RUN: ({"check_run_id": "RUN"}, {}, {"status": "in_progress"}, 200),
    endpoints.CREATE_COMMIT_STATUS: ({"sha": HEAD}, {}, {"state": "success"}, 201),
    endpoints.LIST_ISSUE_COMMENTS: ({"issue_number": 1}, {}, None, 200),
    endpoints.CREATE_ISSUE_COMMENT: ({"issue_number": 1}, {}, {"body": "x"}, 201),
    endpoints.UPDATE_ISSUE_COMMENT: ({"comment_id": "COMMENT"}, {}, {"body": "y"}, 200),
    endpoints.DELETE_ISSUE_COMMENT: ({"comment_id": "COMMENT"}, {}, None, 204),
    endpoints.GET_ISSUE: ({"issue_number": 2}, {}, None, 200),
    endpoints.UPDATE_ISSUE: ({"issue_number": 2}, {}, {"state": "closed"}, 200),
    endpoints.LIST_ISSUES: ({}, {"state": "all"}, None, 200),
    endpoints.CREATE_ISSUE: ({}, {}, {"title": "New", "labels": ["x"]}, 201),
    endpoints.LIST_ISSUE_EVENTS: ({"issue_number": 1}, {}, None, 200),
    endpoints.ADD_LABELS: ({"issue_number": 1}, {}, {"labels": ["a"]}, 200),
    endpoints.ADD_ASSIGNEES: ({"issue_number": 1}, {}, {"assignees": ["bob"]}, 201),
    endpoints.GET_PULL: ({"pull_number": 1}, {}, None, 200),
    endpoints.LIST_PULLS: ({}, {}, None, 200),
    endpoints.CREATE_PULL: ({}, {}, {"title": "t", "head": "other", "base": "main"}, 201),
    endpoints.REQUEST_REVIEWERS: ({"pull_number": 1}, {}, {"reviewers": ["alice"]}, 201),
    endpoints.GET_CONTENT: ({"path": "README.md"}, {"ref": "main"}, None, 200),
    endpoints.PUT_CONTENT: (
        {"path": "watch/pr.jsonl"},
        {},
        {"message": "m", "content": "e30K", "branch": "feature"},
        201,
    ),
    endpoints.GET_BLOB: ({"file_sha": blob_oid(b"hi\n")}, {}, None, 200),
    endpoints.GET_REF: ({"ref": "heads/main"}, {}, None, 200),
    endpoints.CREATE_REF: ({}, {}, {"ref": "refs/heads/data", "sha": HEAD}, 201),
}


def test_every_endpoint_is_exercised_here() -> None:
    assert set(CALLS) == set(served_endpoints())


@pytest.fixture
def shapes_standin(serve: Callable[..., StandIn]) -> StandIn:
    return serve(SCENARIO)


def _call(standin: StandIn, endpoint: Endpoint) -> httpx.Response:
    params, query, body, _ = CALLS[endpoint]
    repo = standin.state.main_repo
    ids = {
        HEAD: repo.branches["feature"],
        "DEPLOYMENT": repo.deployments[0].id,
        "RUN": repo.check_runs[0].id,
        "COMMENT": repo.issues[1].comments[0].id,
    }
    filled = {key: ids.get(value, value) for key, value in params.items()}
    if isinstance(body, dict):
        body = {key: ids[HEAD] if value == HEAD else value for key, value in body.items()}
    path = endpoint.url_path(owner="acme", repo="app", **filled)
    with httpx.Client(base_url=standin.url, headers={"Authorization": "token t"}) as client:
        return client.request(endpoint.method, path, params=query, json=body)


@pytest.mark.parametrize("endpoint", served_endpoints(), ids=str)
def test_the_answer_has_githubs_documented_shape(
    shapes_standin: StandIn, endpoint: Endpoint
) -> None:
    if _openapi() is None:
        pytest.skip("GitHub's OpenAPI description has not been fetched")
    answer = _call(shapes_standin, endpoint)
    status = CALLS[endpoint][3]
    assert answer.status_code == status, answer.text
    if status == 204:  # No Content: nothing to compare
        assert answer.content == b""
        return
    assert _problems(_documented(endpoint, status), answer.json(), "answer") == []
