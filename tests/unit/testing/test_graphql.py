"""The stand-in's GraphQL: the queries the gates need, GitHub's limits and error shapes.

When GitHub's schema has been fetched, every query here is also validated against it by the
stand-in itself, so these queries are known to work on GitHub too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from releasegate_standin import StandIn, bundled_scenario, load_scenario

Post = Callable[..., dict[str, Any]]


@pytest.fixture
def example(serve: Callable[..., StandIn]) -> StandIn:
    return serve(load_scenario(bundled_scenario("example")))


@pytest.fixture
def ask(example: StandIn) -> Iterator[Post]:
    with httpx.Client(base_url=example.url, headers={"Authorization": "bearer t"}) as client:

        def post(query: str, **variables: Any) -> dict[str, Any]:
            answer = client.post("/graphql", json={"query": query, "variables": variables})
            assert answer.status_code == 200
            result: dict[str, Any] = answer.json()
            return result

        yield post


def data(answer: dict[str, Any]) -> dict[str, Any]:
    assert "errors" not in answer, answer["errors"]
    result: dict[str, Any] = answer["data"]
    return result


THREADS = """
query Threads($number: Int!, $after: String) {
  repository(owner: "acme", name: "app") {
    pullRequest(number: $number) {
      reviewThreads(first: 100, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes {
          id isResolved isOutdated path line originalLine
          comments(first: 100) {
            totalCount
            pageInfo { hasNextPage endCursor }
            nodes { author { login __typename } body url createdAt }
          }
        }
      }
    }
  }
}
"""


def test_review_threads_page_with_cursors(graphql: Post) -> None:
    first = data(graphql(THREADS, number=7))["repository"]["pullRequest"]["reviewThreads"]
    assert (first["totalCount"], len(first["nodes"])) == (150, 100)
    assert first["pageInfo"]["hasNextPage"]
    second = data(graphql(THREADS, number=7, after=first["pageInfo"]["endCursor"]))
    rest = second["repository"]["pullRequest"]["reviewThreads"]
    assert (len(rest["nodes"]), rest["pageInfo"]["hasNextPage"]) == (50, False)
    paths = [thread["path"] for thread in first["nodes"] + rest["nodes"]]
    assert paths == [f"src/module_{n:03d}.py" for n in range(1, 151)]
    comments = first["nodes"][0]["comments"]
    assert comments["totalCount"] == 2
    assert [(c["author"], c["body"]) for c in comments["nodes"]] == [
        ({"login": "greptile-apps", "__typename": "Bot"}, '<img alt="P1" src="x"> finding 1'),
        ({"login": "alice", "__typename": "User"}, "reply 1"),
    ]
    assert comments["nodes"][0]["url"].startswith("https://github.com/acme/app/pull/7#discussion_r")


def test_threads_resolution_and_outdated_lines(ask: Post) -> None:
    threads = data(ask(THREADS, number=42))["repository"]["pullRequest"]["reviewThreads"]
    summary = [
        (t["path"], t["line"], t["originalLine"], t["isResolved"], t["isOutdated"])
        for t in threads["nodes"]
    ]
    assert summary == [
        ("src/app.py", 1, 1, False, False),
        ("src/app.py", 3, 3, True, False),
        ("src/module_01.py", None, 1, False, True),
        ("src/module_02.py", None, 2, False, True),
        ("src/module_03.py", None, 3, False, True),
    ]
    replies = threads["nodes"][0]["comments"]["nodes"]
    assert [c["author"]["login"] for c in replies] == ["greptile-apps", "alice"]


def test_comments_reviews_and_label_timeline(ask: Post, example: StandIn) -> None:
    answer = data(
        ask("""
        query Conversation {
          repository(owner: "acme", name: "app") {
            pullRequest(number: 42) {
              state merged body lastEditedAt editor { __typename login }
              comments(first: 10) {
                nodes {
                  author { login } editor { __typename login } body url createdAt lastEditedAt
                }
              }
              reviews(first: 10) {
                nodes {
                  author { login } body url submittedAt lastEditedAt editor { login } commit { oid }
                }
              }
              timelineItems(itemTypes: [LABELED_EVENT, UNLABELED_EVENT], first: 100) {
                totalCount
                nodes {
                  __typename
                  ... on LabeledEvent { actor { login } createdAt label { name } }
                  ... on UnlabeledEvent { actor { login } createdAt label { name } }
                }
              }
            }
          }
        }
        """)
    )
    pull = answer["repository"]["pullRequest"]
    head = example.state.main_repo.branches["feature/mixed"]
    assert (pull["state"], pull["merged"]) == ("OPEN", False)
    assert [c["body"] for c in pull["comments"]["nodes"]] == [
        "Ready for review",
        "<h3>Confidence Score: 4/5</h3>",
    ]
    ready, summary = pull["comments"]["nodes"]
    assert (ready["editor"], ready["lastEditedAt"]) == (None, None)  # never edited
    assert summary["editor"] == {"__typename": "Bot", "login": "greptile-apps"}
    assert summary["createdAt"] < summary["lastEditedAt"]
    assert (pull["body"], pull["editor"]) == (
        "Splits nothing yet.",
        {"__typename": "User", "login": "bob"},
    )
    assert pull["lastEditedAt"] < summary["createdAt"]  # -2h, then the summary at -50m
    assert pull["reviews"]["nodes"][0]["commit"] == {"oid": head}
    assert (pull["reviews"]["nodes"][0]["editor"], pull["reviews"]["nodes"][0]["lastEditedAt"]) == (
        None,
        None,
    )
    assert pull["timelineItems"]["totalCount"] == 1
    event = pull["timelineItems"]["nodes"][0]
    assert (event["__typename"], event["actor"], event["label"]) == (
        "LabeledEvent",
        {"login": "bob"},
        {"name": "enhancement"},
    )


def test_many_issues_in_one_query_with_aliases_and_sub_issues(ask: Post) -> None:
    answer = data(
        ask("""
        fragment Item on Issue {
          number title state stateReason url
          subIssues(first: 50) { nodes { number repository { nameWithOwner } } }
        }
        query Umbrella {
          repository(owner: "acme", name: "app") {
            i10: issue(number: 10) { ...Item body }
            i11: issue(number: 11) { ...Item }
            i12: issue(number: 12) { ...Item }
            pr41: issueOrPullRequest(number: 41) {
              __typename
              ... on PullRequest { number state merged }
            }
          }
          rateLimit { cost remaining }
        }
        """)
    )
    repo = answer["repository"]
    assert [repo[key]["state"] for key in ("i10", "i11", "i12")] == ["OPEN", "OPEN", "CLOSED"]
    assert repo["i12"]["stateReason"] == "COMPLETED"
    assert repo["i10"]["subIssues"]["nodes"] == [
        {"number": 11, "repository": {"nameWithOwner": "acme/app"}},
        {"number": 12, "repository": {"nameWithOwner": "acme/app"}},
    ]
    assert repo["pr41"] == {
        "__typename": "PullRequest",
        "number": 41,
        "state": "MERGED",
        "merged": True,
    }
    assert answer["rateLimit"]["cost"] == 1


def test_a_missing_issue_is_null_with_a_not_found_error(ask: Post) -> None:
    answer = ask('{ repository(owner: "acme", name: "app") { i42: issue(number: 42) { number } } }')
    assert answer["data"] == {"repository": {"i42": None}}
    assert answer["errors"] == [
        {
            "type": "NOT_FOUND",
            "message": "Could not resolve to an Issue with the number of 42.",
            "locations": [{"line": 1, "column": 44}],
            "path": ["repository", "i42"],
        }
    ]


def test_an_unknown_repository_is_not_found(ask: Post) -> None:
    answer = ask('{ repository(owner: "acme", name: "nope") { id } }')
    assert answer["data"] == {"repository": None}
    assert answer["errors"][0]["type"] == "NOT_FOUND"
    assert (
        answer["errors"][0]["message"]
        == "Could not resolve to a Repository with the name 'acme/nope'."
    )


CHECKS = """
query Checks($oid: GitObjectID!) {
  repository(owner: "acme", name: "app") {
    object(oid: $oid) {
      ... on Commit {
        oid
        tree { oid }
        checkSuites(first: 10) {
          pageInfo { hasNextPage endCursor }
          nodes {
            app { slug }
            checkRuns(first: 100) {
              pageInfo { hasNextPage endCursor }
              nodes { name status conclusion completedAt startedAt detailsUrl databaseId }
            }
          }
        }
        status { state contexts { context state createdAt targetUrl description } }
        deployments(first: 10, environments: ["staging"]) { nodes { environment } }
      }
    }
  }
}
"""


def test_a_commits_checks_and_statuses(ask: Post, example: StandIn) -> None:
    head = example.state.main_repo.branches["feature/mixed"]
    commit = data(ask(CHECKS, oid=head))["repository"]["object"]
    assert commit["oid"] == head
    assert commit["tree"]["oid"] == example.state.main_repo.commits[head].tree
    suites = commit["checkSuites"]["nodes"]
    assert [suite["app"]["slug"] for suite in suites] == ["github-actions"]
    runs = suites[0]["checkRuns"]["nodes"]
    assert [run["name"] for run in runs] == ["staging / real-call"] + [
        f"ci / job {n}" for n in range(1, 6)
    ]
    assert {(run["status"], run["conclusion"]) for run in runs} == {("COMPLETED", "SUCCESS")}
    assert commit["status"]["state"] == "SUCCESS"
    assert [c["context"] for c in commit["status"]["contexts"]] == ["deploy/preview"]
    assert commit["deployments"]["nodes"] == []


def test_blobs_trees_and_missing_paths(ask: Post, example: StandIn) -> None:
    query = """
    query Files($policy: String!) {
      repository(owner: "acme", name: "app") {
        policy: object(expression: $policy) { ... on Blob { oid text isTruncated isBinary } }
        missing: object(expression: "main:nope.yml") { oid }
        root: object(expression: "main:") { ... on Tree { entries { name type } } }
        defaultBranchRef { name target { oid } }
      }
    }
    """
    answer = data(ask(query, policy="main:.github/releasegate.yml"))
    repo = answer["repository"]
    base = example.state.main_repo.commits[example.state.main_repo.branches["main"]]
    assert repo["policy"]["text"] == base.files[".github/releasegate.yml"].decode()
    assert (repo["policy"]["isTruncated"], repo["policy"]["isBinary"]) == (False, False)
    assert repo["missing"] is None
    assert repo["root"]["entries"] == [
        {"name": ".github", "type": "tree"},
        {"name": "app", "type": "tree"},
    ]
    assert repo["defaultBranchRef"] == {"name": "main", "target": {"oid": base.sha}}


def test_more_than_100_per_page_is_refused_like_github(graphql: Post) -> None:
    answer = graphql("""
    { repository(owner: "acme", name: "app") {
        pullRequest(number: 7) { reviewThreads(first: 101) { nodes { id } } } } }
    """)
    assert answer == {
        "errors": [
            {
                "type": "EXCESSIVE_PAGINATION",
                "message": "Requesting 101 records on the `reviewThreads` connection exceeds the "
                "`first` limit of 100 records.",
                "locations": [{"line": 3, "column": 34}],
            }
        ]
    }


def test_nodes_need_a_page_size_but_a_count_does_not(graphql: Post) -> None:
    missing = graphql('{ repository(owner: "acme", name: "app") { labels { nodes { name } } } }')
    assert missing["errors"][0]["type"] == "MISSING_PAGINATION_BOUNDARIES"
    counted = graphql(
        '{ repository(owner: "acme", name: "app") { pullRequest(number: 7) '
        "{ commits { totalCount } } } }"
    )
    assert data(counted)["repository"]["pullRequest"]["commits"] == {"totalCount": 1}


def test_too_many_nodes_in_one_query_is_refused(graphql: Post) -> None:
    answer = graphql("""
    { repository(owner: "acme", name: "app") {
        pullRequests(first: 100) { nodes { reviewThreads(first: 100) {
          nodes { comments(first: 100) { nodes { body } } } } } } } }
    """)
    assert answer["errors"][0]["type"] == "MAX_NODE_LIMIT_EXCEEDED"
    assert "1,010,100 possible nodes" in answer["errors"][0]["message"]


def test_the_rate_limit_cost_counts_nested_connections(graphql: Post) -> None:
    answer = graphql("""
    { repository(owner: "acme", name: "app") {
        pullRequests(first: 100) { nodes { labels(first: 100) { nodes { name } }
          comments(first: 100) { totalCount } } } }
      rateLimit { cost nodeCount remaining limit } }
    """)
    # 1 request for pullRequests + 100 each for labels and comments: 201 / 100 -> 2 points
    assert data(answer)["rateLimit"] == {
        "cost": 2,
        "nodeCount": 20100,
        "remaining": 4998,
        "limit": 5000,
    }


def test_include_skips_a_field(graphql: Post) -> None:
    query = """
    query Q($read: Boolean!) { repository(owner: "acme", name: "app") {
        policy: object(expression: "main:.github/releasegate.yml") @include(if: $read) { id } } }
    """
    assert data(graphql(query, read=False)) == {"repository": {}}
    assert "policy" in data(graphql(query, read=True))["repository"]
