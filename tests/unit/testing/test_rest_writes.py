"""REST reads and writes that the hotfix and umbrella automation rely on, like GitHub does them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from releasegate_standin import StandIn

SCENARIO = {
    "repository": "acme/app",
    "collaborators": {"alice": "maintain", "bob": "write"},
    "commits": [
        {"name": "main", "files": {"a.txt": "a\n", "gone.txt": "x\n"}},
        {
            "name": "fix",
            "parent": "main",
            "files": {"a.txt": "b\n", "new.txt": "n\n", "gone.txt": None},
        },
    ],
    "branches": {"main": "main", "hotfix/x": "fix", "backport/1-to-main": "fix"},
    "pull_requests": [{"number": 1, "author": "bob", "head": "hotfix/x", "state": "merged"}],
    "issues": [
        {"number": 2, "title": "Tracking", "labels": ["tracking"]},
        {"number": 3, "title": "Closed", "state": "closed", "labels": ["tracking"]},
    ],
}


@pytest.fixture
def api(serve: Callable[..., StandIn]) -> Iterator[httpx.Client]:
    standin = serve(SCENARIO)
    with httpx.Client(
        base_url=f"{standin.url}/repos/acme/app", headers={"Authorization": "token t"}
    ) as client:
        yield client


def _ok(answer: httpx.Response, status: int = 200) -> Any:
    assert answer.status_code == status, answer.text
    return answer.json()


def test_a_backport_pull_request_is_opened_once(api: httpx.Client) -> None:
    body = {"title": "Backport #1", "head": "acme:backport/1-to-main", "base": "main", "body": "b"}
    pull = _ok(api.post("/pulls", json=body), 201)
    assert (pull["number"], pull["head"]["ref"], pull["base"]["ref"]) == (
        4,
        "backport/1-to-main",
        "main",
    )
    assert pull["user"]["login"] == "github-actions[bot]"
    again = api.post("/pulls", json=body)
    assert again.status_code == 422
    assert (
        again.json()["errors"][0]["message"]
        == "A pull request already exists for acme:backport/1-to-main."
    )
    found = _ok(api.get("/pulls", params={"head": "acme:backport/1-to-main", "state": "open"}))
    assert [item["number"] for item in found] == [4]
    files = _ok(api.get("/pulls/4/files"))
    assert [(f["filename"], f["status"]) for f in files] == [
        ("a.txt", "modified"),
        ("gone.txt", "removed"),
        ("new.txt", "added"),
    ]


def test_a_pull_request_needs_existing_branches_with_commits_between(api: httpx.Client) -> None:
    unknown = api.post("/pulls", json={"title": "t", "head": "nope", "base": "main"})
    assert unknown.json()["errors"] == [
        {"resource": "PullRequest", "code": "invalid", "field": "head"}
    ]
    same = api.post("/pulls", json={"title": "t", "head": "main", "base": "main"})
    assert same.json()["errors"][0]["message"] == "No commits between main and main"


def test_labels_assignees_and_reviewers(api: httpx.Client) -> None:
    labels = _ok(api.post("/issues/1/labels", json={"labels": ["backport", "hotfix"]}))
    assert [label["name"] for label in labels] == ["backport", "hotfix"]
    events = _ok(api.get("/issues/1/events"))
    assert [(e["event"], e["label"]["name"], e["actor"]["login"]) for e in events] == [
        ("labeled", "backport", "github-actions[bot]"),
        ("labeled", "hotfix", "github-actions[bot]"),
    ]
    issue = _ok(api.post("/issues/1/assignees", json={"assignees": ["alice", "stranger"]}), 201)
    assert [a["login"] for a in issue["assignees"]] == ["alice"]
    pull = _ok(api.post("/pulls/1/requested_reviewers", json={"reviewers": ["alice"]}), 201)
    assert [r["login"] for r in pull["requested_reviewers"]] == ["alice"]
    assert api.post("/pulls/1/requested_reviewers", json={"reviewers": ["bob"]}).status_code == 422


def test_closing_and_reopening_an_issue(api: httpx.Client) -> None:
    closed = _ok(api.patch("/issues/2", json={"state": "closed", "state_reason": "completed"}))
    assert (closed["state"], closed["state_reason"]) == ("closed", "completed")
    assert closed["closed_at"] is not None
    reopened = _ok(api.patch("/issues/2", json={"state": "open", "body": "- [ ] #3"}))
    assert (reopened["state"], reopened["state_reason"], reopened["body"]) == (
        "open",
        "reopened",
        "- [ ] #3",
    )
    assert [e["event"] for e in _ok(api.get("/issues/2/events"))] == [
        "labeled",
        "closed",
        "reopened",
    ]
    too_long = api.patch("/issues/2", json={"body": "x" * 65537})
    assert too_long.status_code == 422
    assert _ok(api.get("/issues/2"))["body"] == "- [ ] #3"


def test_listing_issues_filters_like_github(api: httpx.Client) -> None:
    def numbers(**query: str) -> list[int]:
        return [item["number"] for item in _ok(api.get("/issues", params=query))]

    assert numbers() == [2]
    assert numbers(state="all", labels="tracking") == [3, 2]
    assert numbers(state="all", direction="asc") == [1, 2, 3]
    assert numbers(state="closed") == [3, 1]  # newest first; equal times: higher number
    created = _ok(
        api.post("/issues", json={"title": "Backport failed", "labels": ["backport"]}), 201
    )
    assert created["number"] == 4
    assert numbers(labels="backport") == [4]


def test_collaborator_permissions(api: httpx.Client) -> None:
    alice = _ok(api.get("/collaborators/alice/permission"))
    assert (alice["permission"], alice["role_name"]) == ("write", "maintain")
    assert api.get("/collaborators/stranger/permission").status_code == 404


def test_the_same_paths_by_repository_id(api: httpx.Client, serve: Callable[..., StandIn]) -> None:
    link_style = str(api.base_url).rstrip("/").replace("/repos/acme/app", "/repositories/1")
    answer = httpx.get(f"{link_style}/issues/2", headers={"Authorization": "token t"})
    assert answer.json()["title"] == "Tracking"


EDITS = """
query Edits {
  repository(owner: "acme", name: "app") {
    issue(number: 2) {
      lastEditedAt editor { __typename login }
      comments(first: 5) { nodes { body lastEditedAt editor { __typename login } } }
    }
  }
}
"""


def test_an_edit_of_a_body_names_its_editor_in_graphql(serve: Callable[..., StandIn]) -> None:
    standin = serve(SCENARIO)
    with httpx.Client(base_url=standin.url, headers={"Authorization": "token t"}) as http:

        def edits() -> Any:
            answer = _ok(http.post("/graphql", json={"query": EDITS}))
            return answer["data"]["repository"]["issue"]

        comment = _ok(http.post("/repos/acme/app/issues/2/comments", json={"body": "a"}), 201)
        _ok(http.patch("/repos/acme/app/issues/2", json={"body": ""}))  # unchanged: no edit
        unedited = edits()
        assert (unedited["lastEditedAt"], unedited["editor"]) == (None, None)
        assert unedited["comments"]["nodes"][0]["editor"] is None

        _ok(http.patch("/repos/acme/app/issues/2", json={"body": "- [ ] #3"}))
        _ok(http.patch(f"/repos/acme/app/issues/comments/{comment['id']}", json={"body": "b"}))
        edited = edits()
    bot = {"__typename": "Bot", "login": "github-actions"}  # the default token's login
    assert edited["editor"] == bot
    assert edited["lastEditedAt"] is not None
    (node,) = edited["comments"]["nodes"]
    assert (node["body"], node["editor"]) == ("b", bot)
    assert node["lastEditedAt"] is not None
