"""The contents API and git refs as GitHub answers them: writes that name the blob sha they
replace, the conflicts of stale and missing shas, branches created from a commit, and files
over 1 MB read through the blobs API."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from releasegate_standin import StandIn
from releasegate_standin.git.ids import blob_oid, sha_of_name

SCENARIO = {
    "repository": "acme/app",
    "commits": [{"name": "main", "files": {"README.md": "hi\n"}}],
    "branches": {"main": "main"},
}
PATH = "/contents/watch/prod.jsonl"


@pytest.fixture
def standin(serve: Callable[..., StandIn]) -> StandIn:
    return serve(SCENARIO)


@pytest.fixture
def api(standin: StandIn) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=f"{standin.url}/repos/acme/app", headers={"Authorization": "token t"}
    ) as client:
        yield client


def put(api: httpx.Client, text: str, sha: str | None = None, branch: str = "data") -> Any:
    body = {"message": "record", "content": base64.b64encode(text.encode()).decode()}
    return api.put(PATH, json={**body, "branch": branch, **({"sha": sha} if sha else {})})


def read(api: httpx.Client, branch: str = "data") -> httpx.Response:
    return api.get(PATH, params={"ref": branch})


def branch(api: httpx.Client, name: str = "data") -> httpx.Response:
    return api.post("/git/refs", json={"ref": f"refs/heads/{name}", "sha": sha_of_name("main")})


def test_a_branch_is_created_from_a_commit_and_read_back_by_its_ref(api: httpx.Client) -> None:
    assert api.get("/git/ref/heads%2Fdata").status_code == 404
    created = branch(api)
    assert created.status_code == 201, created.text
    assert created.json()["ref"] == "refs/heads/data"
    assert created.json()["url"].endswith("/repos/acme/app/git/refs/heads/data")
    found = api.get("/git/ref/heads%2Fdata").json()
    assert found["object"] == {
        "sha": sha_of_name("main"),
        "type": "commit",
        "url": found["object"]["url"],
    }
    again = branch(api)
    assert (again.status_code, again.json()["message"]) == (422, "Reference already exists")


def test_a_file_is_created_then_updated_with_the_sha_it_replaces(api: httpx.Client) -> None:
    branch(api)
    assert read(api).status_code == 404
    created = put(api, "one\n")
    assert created.status_code == 201, created.text
    first_sha = created.json()["content"]["sha"]
    assert first_sha == blob_oid(b"one\n")
    assert created.json()["commit"]["parents"][0]["sha"] == sha_of_name("main")
    updated = put(api, "one\ntwo\n", sha=first_sha)
    assert updated.status_code == 200, updated.text
    answer = read(api).json()
    assert base64.b64decode(answer["content"]) == b"one\ntwo\n"
    assert answer["sha"] == updated.json()["content"]["sha"]
    assert api.get("/contents/README.md", params={"ref": "main"}).status_code == 200
    assert read(api, "main").status_code == 404  # the main branch is untouched


def test_a_stale_sha_is_a_409_and_a_missing_one_a_422_and_nothing_changes(
    api: httpx.Client,
) -> None:
    branch(api)
    first = put(api, "one\n").json()["content"]["sha"]
    put(api, "one\ntwo\n", sha=first)
    stale = put(api, "one\nthree\n", sha=first)
    assert (stale.status_code, stale.json()["message"]) == (
        409,
        f"watch/prod.jsonl does not match {first}",
    )
    missing = put(api, "one\nthree\n")
    assert (missing.status_code, missing.json()["message"]) == (
        422,
        'Invalid request.\n\n"sha" wasn\'t supplied.',
    )
    assert base64.b64decode(read(api).json()["content"]) == b"one\ntwo\n"


def test_a_write_to_a_branch_that_does_not_exist_is_a_404(api: httpx.Client) -> None:
    answer = put(api, "one\n", branch="nowhere")
    assert (answer.status_code, answer.json()["message"]) == (404, "Branch nowhere not found")
    assert read(api, "nowhere").json()["message"] == "No commit found for the ref nowhere"


def test_a_file_over_a_megabyte_comes_without_content_and_its_blob_has_it(
    api: httpx.Client,
) -> None:
    branch(api)
    big = "x" * (1024 * 1024) + "\n"
    put(api, big)
    listed = read(api).json()
    assert (listed["encoding"], listed["content"], listed["size"]) == ("none", "", len(big))
    blob = api.get(f"/git/blobs/{listed['sha']}").json()
    assert base64.b64decode(blob["content"]).decode() == big
    assert api.get(f"/git/blobs/{'0' * 40}").status_code == 404
