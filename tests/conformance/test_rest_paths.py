"""Every REST call releasegate makes exists in GitHub's published OpenAPI description.

The calls are declared once, in ``releasegate.github.endpoints``, and the few endpoints only
the stand-in serves in ``releasegate_standin.rest.endpoints``; both are checked. The last
tests make sure no REST path is written anywhere else in either package, so the
declarations are the whole truth.
"""

from __future__ import annotations

import ast
import difflib
import re
from typing import Any

import pytest

from conformance.descriptions import REPO_ROOT
from releasegate.github.endpoints import Endpoint, all_endpoints
from releasegate_standin.rest.endpoints import standin_endpoints

pytestmark = pytest.mark.conformance

ENDPOINTS = all_endpoints() + standin_endpoints()
PACKAGES = (REPO_ROOT / "src" / "releasegate", REPO_ROOT / "src" / "releasegate_standin")
REGISTRIES = (PACKAGES[0] / "github" / "endpoints.py", PACKAGES[1] / "rest" / "endpoints.py")

_HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})
_TEMPLATE_PARAMETER = re.compile(r"\{([^{}]+)\}")
# A path under one of the REST API's roots, or any path with an OpenAPI-style placeholder.
_REST_ROOT = re.compile(
    r"/(?:repos|orgs|users?|installations?|apps?|search|teams|enterprises|rate_limit)(?:/|$)"
)
_PLACEHOLDER_PATH = re.compile(r"^/[\w./-]*\{[a-z_]+\}")


def _resolve(openapi: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follow a local ``$ref`` (``#/components/parameters/owner``) to what it names."""
    while "$ref" in node:
        target: Any = openapi
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _shape(path: str) -> str:
    return _TEMPLATE_PARAMETER.sub("{}", path)


def _github_path(openapi: dict[str, Any], endpoint: Endpoint) -> str | None:
    """GitHub's path for the endpoint: the same, or one that differs only in parameter names."""
    method = endpoint.method.lower()
    if method in openapi["paths"].get(endpoint.path, {}):
        return endpoint.path
    same_shape = (
        path
        for path, item in openapi["paths"].items()
        if method in item and _shape(path) == _shape(endpoint.path)
    )
    return next(same_shape, None)


def test_the_registry_declares_endpoints() -> None:
    assert all_endpoints(), "releasegate.github.endpoints declares no endpoint"
    assert standin_endpoints(), "releasegate_standin.rest.endpoints declares no endpoint"
    assert all(endpoint.method.isupper() for endpoint in ENDPOINTS)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_endpoint_is_in_github_openapi(openapi: dict[str, Any], endpoint: Endpoint) -> None:
    operations = openapi["paths"].get(endpoint.path, {})
    if endpoint.method.lower() in operations:
        return
    version = openapi["info"]["version"]
    if operations:
        methods = sorted(key.upper() for key in operations if key in _HTTP_METHODS)
        pytest.fail(f"{endpoint}: @octokit/openapi {version} only has {methods} on this path")
    github_path = _github_path(openapi, endpoint)
    if github_path is not None:
        pytest.fail(f"{endpoint}: @octokit/openapi {version} names the parameters {github_path}")
    close = difflib.get_close_matches(endpoint.path, openapi["paths"], n=3, cutoff=0.8)
    pytest.fail(f"{endpoint}: no such path in @octokit/openapi {version}; close: {close}")


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_path_parameters_match_github_openapi(openapi: dict[str, Any], endpoint: Endpoint) -> None:
    github_path = _github_path(openapi, endpoint)
    if github_path is None:
        pytest.skip(f"{endpoint} is not in the description (test_endpoint_is_in_github_openapi)")
    ours = _TEMPLATE_PARAMETER.findall(endpoint.path)
    assert ours == _TEMPLATE_PARAMETER.findall(github_path), f"GitHub: {github_path}"
    item = openapi["paths"][github_path]
    parameters = item.get("parameters", []) + item[endpoint.method.lower()].get("parameters", [])
    resolved = [_resolve(openapi, parameter) for parameter in parameters]
    assert sorted(ours) == sorted(each["name"] for each in resolved if each["in"] == "path")
    # Every placeholder must be one that Endpoint.url_path knows how to fill.
    filled = endpoint.url_path(**dict.fromkeys(ours, "x"))
    assert "{" not in filled, filled


def rest_path_literals(source: str) -> list[tuple[int, str]]:
    """The string literals in ``source`` that look like a REST path, with their line."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        text = node.value
        if not text or any(char.isspace() for char in text):
            continue  # prose (docstrings, messages), not a path
        if _REST_ROOT.match(text) or "/repos/" in text or _PLACEHOLDER_PATH.match(text):
            found.append((node.lineno, text))
    return found


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('url = f"{api}/repos/{owner}/{repo}/pulls/{number}"', ["/repos/"]),
        (
            'URL = "https://api.github.com/repos/acme/app/issues"',
            ["https://api.github.com/repos/acme/app/issues"],
        ),
        ('path = "/pulls/{pull_number}/files"', ["/pulls/{pull_number}/files"]),
        ('client.get("/user")', ["/user"]),
        ('"""Calls GET /repos/{owner}/{repo} once."""', []),
        ('link = f"https://github.com/{repo}/pull/{number}"', []),
        ('pattern = r"/issues/(\\d+)"', []),
    ],
)
def test_rest_path_literals_are_recognised(source: str, expected: list[str]) -> None:
    assert [text for _, text in rest_path_literals(source)] == expected


def test_no_rest_path_is_written_outside_the_registry() -> None:
    offenders = [
        f"{path.relative_to(REPO_ROOT)}:{line}: {text!r}"
        for package in PACKAGES
        for path in sorted(package.rglob("*.py"))
        if path not in REGISTRIES
        for line, text in rest_path_literals(path.read_text("utf-8"))
    ]
    assert not offenders, (
        "REST paths written outside releasegate/github/endpoints.py (or, for an endpoint only"
        " the stand-in serves, releasegate_standin/rest/endpoints.py); declare each there and"
        " call it through the registry:\n" + "\n".join(offenders)
    )


def test_the_source_scan_sees_the_registry() -> None:
    # If the scan were blind (wrong folder, broken pattern) the test above would pass vacuously.
    for package, registry in zip(PACKAGES, REGISTRIES, strict=True):
        assert registry.is_file()
        assert registry.is_relative_to(package)
        assert rest_path_literals(registry.read_text("utf-8"))
