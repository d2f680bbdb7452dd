"""The backport's GitHub calls, against the real client with `responses`."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import responses

from releasegate.errors import FactsError, GitHubError
from releasegate.github.client import Connection, GitHub
from releasegate.github.retry import RetryPolicy
from releasegate.hotfix import github as rest

API = "https://api.github.test"
REPO = rest.Repository("acme", "app")


def github() -> GitHub:
    return GitHub(Connection(API, API + "/graphql", "token"), RetryPolicy(attempts=1))


def path(tail: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(API)}(:443)?/repos/acme/app/{tail}(\?.*)?$")


def pull_json(**changes: Any) -> dict[str, Any]:
    return {
        "number": 7,
        "title": "Fix the rounding",
        "html_url": "https://github.com/acme/app/pull/7",
        "user": {"login": "alice", "type": "User"},
        "state": "closed",
        "merged": True,
        "merged_at": "2026-01-01T00:00:00Z",
        "merge_commit_sha": "c" * 40,
        "base": {"ref": "prod"},
        "head": {"ref": "hotfix/rounding", "sha": "d" * 40},
        "commits": 3,
        "labels": [{"name": "bug"}],
        "assignees": [{"login": "bob"}],
        "draft": False,
        **changes,
    }


@responses.activate
def test_read_pull_takes_one_request() -> None:
    responses.get(path("pulls/7"), json=pull_json())
    assert rest.read_pull(github(), REPO, 7) == rest.HotfixPull(
        number=7,
        title="Fix the rounding",
        url="https://github.com/acme/app/pull/7",
        author="alice",
        author_is_bot=False,
        merged=True,
        merge_commit_sha="c" * 40,
        base_ref="prod",
        head_ref="hotfix/rounding",
        head_sha="d" * 40,
        commits=3,
        labels=("bug",),
        assignees=("bob",),
    )
    assert len(responses.calls) == 1


@responses.activate
def test_a_bot_author_is_recognised() -> None:
    responses.get(path("pulls/7"), json=pull_json(user={"login": "renovate[bot]", "type": "Bot"}))
    assert rest.read_pull(github(), REPO, 7).author_is_bot


@responses.activate
def test_a_missing_pull_request_says_what_to_check() -> None:
    responses.get(path("pulls/7"), status=404, json={"message": "Not Found"})
    with pytest.raises(FactsError, match="pull request #7 was not found in acme/app; check --pr"):
        rest.read_pull(github(), REPO, 7)


def listed(number: int, head: str, state: str = "open", merged: bool = False) -> dict[str, Any]:
    return {
        "number": number,
        "html_url": f"https://github.com/acme/app/pull/{number}",
        "state": state,
        "merged_at": "2026-01-02T00:00:00Z" if merged else None,
        "head": {"ref": head},
        "base": {"ref": "main"},
        "draft": False,
    }


@responses.activate
@pytest.mark.parametrize(
    ("pulls", "expected"),
    [
        ([], None),
        ([listed(8, "backport/7-to-main", "closed")], None),  # closed unmerged: not a backport
        (
            [listed(8, "backport/7-to-main", "closed", merged=True)],
            rest.Item(8, "https://github.com/acme/app/pull/8", "merged"),
        ),
        (
            [
                listed(8, "backport/7-to-main", "closed", merged=True),
                listed(9, "backport/7-to-main"),
            ],
            rest.Item(9, "https://github.com/acme/app/pull/9"),
        ),
        ([listed(9, "backport/70-to-main")], None),
    ],
)
def test_find_backport_pull(pulls: list[dict[str, Any]], expected: rest.Item | None) -> None:
    responses.get(path("pulls"), json=pulls)
    assert rest.find_backport_pull(github(), REPO, "backport/7-to-main", "main") == expected
    query = responses.calls[0].request.url
    assert "head=acme%3Abackport%2F7-to-main" in query
    assert "state=all" in query


@responses.activate
def test_find_open_issue_skips_pull_requests_and_other_markers() -> None:
    marker = "<!-- releasegate:backport-conflict pr=7 target=main -->"
    responses.get(
        path("issues"),
        json=[
            {"number": 3, "html_url": "u3", "body": marker, "pull_request": {}},
            {"number": 4, "html_url": "u4", "body": marker.replace("pr=7", "pr=70")},
            {"number": 5, "html_url": "u5", "body": f"{marker}\nbody"},
        ],
    )
    assert rest.find_open_issue(github(), REPO, "backport-conflict", marker) == rest.Item(5, "u5")
    query = responses.calls[0].request.url
    assert "labels=backport-conflict" in query
    assert "state=open" in query


@responses.activate
def test_writes_send_what_github_expects() -> None:
    responses.post(path("pulls"), status=201, json=listed(8, "backport/7-to-main"))
    responses.post(path("issues/8/labels"), json=[])
    responses.post(path("issues"), status=201, json={"number": 9, "html_url": "u9"})

    pull = rest.open_pull(github(), REPO, title="T", head="b", base="main", body="B", draft=True)
    rest.add_labels(github(), REPO, 8, ["bug", "backport"])
    rest.add_labels(github(), REPO, 8, [])  # nothing to add: no request
    issue = rest.open_issue(github(), REPO, title="I", body="IB", labels=["backport-conflict"])

    assert (pull.number, issue) == (8, rest.Item(9, "u9"))
    bodies = [json.loads(call.request.body) for call in responses.calls]
    assert bodies == [
        {"title": "T", "head": "b", "base": "main", "body": "B", "draft": True},
        {"labels": ["bug", "backport"]},
        {"title": "I", "body": "IB", "labels": ["backport-conflict"]},
    ]


@responses.activate
def test_reviews_and_assignees_that_fail_are_warnings() -> None:
    message = "Reviews may only be requested from collaborators."
    responses.post(path("pulls/8/requested_reviewers"), status=422, json={"message": message})
    responses.post(path("issues/8/assignees"), status=422, json={"message": "Invalid"})

    review = rest.request_review(github(), REPO, 8, "carol")
    assignees = rest.add_assignees(github(), REPO, 8, ["bob", "dave"])

    assert review is not None
    assert assignees is not None
    assert review.startswith("could not request a review of #8 from @carol (")
    assert message in review
    assert review.endswith("); ask someone else to review it")
    assert assignees.startswith("could not assign @bob, @dave to #8 (")
    assert rest.add_assignees(github(), REPO, 8, []) is None


@responses.activate
def test_other_failures_raise() -> None:
    responses.post(path("issues/8/labels"), status=403, json={"message": "Resource not accessible"})
    with pytest.raises(GitHubError, match="HTTP 403"):
        rest.add_labels(github(), REPO, 8, ["bug"])
