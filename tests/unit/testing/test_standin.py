"""The stand-in end to end over real HTTP: with httpx, and with releasegate's own client."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait
from typing import Any

import httpx
import pytest

from releasegate.errors import FactsError, GitHubError
from releasegate.github import endpoints
from releasegate.github.client import GitHub
from releasegate.github.publish import comment_marker, upsert_sticky_comment
from releasegate.github.pulls import read_pull_request
from releasegate.github.retry import RetryPolicy
from releasegate_standin import Fault, LoggedRequest, StandIn
from releasegate_standin.graphql.schema_check import load_github_schema

FILES = endpoints.GET_PULL_FILES.url_path(owner="acme", repo="app", pull_number=7)


# --- REST pagination -----------------------------------------------------------------------


def test_a_page_links_to_the_next_and_last_by_repository_id(
    standin: StandIn, http: httpx.Client
) -> None:
    first = http.get(FILES, params={"per_page": 100})
    repo_id = standin.state.main_repo.id
    base = f"{standin.url}/repositories/{repo_id}/pulls/7/files?per_page=100"
    assert first.status_code == 200
    assert [item["filename"] for item in first.json()][:2] == [
        "src/module_001.py",
        "src/module_002.py",
    ]
    assert first.headers["Link"] == f'<{base}&page=2>; rel="next", <{base}&page=3>; rel="last"'
    middle = http.get(f"{base}&page=2")
    assert middle.headers["Link"] == (
        f'<{base}&page=1>; rel="prev", <{base}&page=3>; rel="next", '
        f'<{base}&page=3>; rel="last", <{base}&page=1>; rel="first"'
    )
    last = http.get(f"{base}&page=3")
    assert len(last.json()) == 100
    assert last.headers["Link"] == f'<{base}&page=2>; rel="prev", <{base}&page=1>; rel="first"'


def test_per_page_defaults_to_30_and_is_capped_at_100(http: httpx.Client) -> None:
    assert len(http.get(FILES).json()) == 30
    assert len(http.get(FILES, params={"per_page": 500}).json()) == 100


def test_the_client_reads_300_files_in_3_requests(standin: StandIn, github: GitHub) -> None:
    files = github.rest_all_pages(endpoints.GET_PULL_FILES, owner="acme", repo="app", pull_number=7)
    assert len(files) == 300
    assert len({item["filename"] for item in files}) == 300
    assert [(r.method, r.query, r.status) for r in standin.requests] == [
        ("GET", {"per_page": "100"}, 200),
        ("GET", {"per_page": "100", "page": "2"}, 200),
        ("GET", {"per_page": "100", "page": "3"}, 200),
    ]


def test_the_client_reads_pages_in_parallel(standin: StandIn, github: GitHub) -> None:
    files = github.rest_pages_in_parallel(
        endpoints.GET_PULL_FILES, total=300, owner="acme", repo="app", pull_number=7
    )
    assert [item["filename"] for item in files] == [f"src/module_{n:03d}.py" for n in range(1, 301)]
    # Three pages at once; a full last page makes the client look at one more (empty) page.
    pages = {r.query["page"]: r.status for r in standin.requests}
    assert pages == {"1": 200, "2": 200, "3": 200}  # 300 known: no empty 4th page


# --- GraphQL through the client ----------------------------------------------------------------


def test_the_pull_request_document_runs_end_to_end(standin: StandIn, github: GitHub) -> None:
    head_sha = standin.state.main_repo.branches["feature/big"]
    pull, policy = read_pull_request(
        github,
        "acme/app",
        7,
        policy_path=".github/releasegate.yml",
        base_ref="main",
        head_sha=head_sha,
    )
    assert (pull.number, pull.title, pull.author) == (7, "A big change", "bob")
    assert (pull.base_ref, pull.head_ref, pull.head_sha) == ("main", "feature/big", head_sha)
    assert pull.labels == ("enhancement", "releasegate:override:greptile-p1")
    assert (pull.changed_files, pull.state, pull.merged) == (300, "OPEN", False)
    assert policy is not None
    assert policy.text == "version: 1\n"
    assert policy.changed_by_pr
    assert [(r.path, r.operation) for r in standin.requests] == [("/graphql", "PullRequestFacts")]


def test_an_unknown_pull_request_is_a_not_found_error(github: GitHub) -> None:
    with pytest.raises(FactsError, match="pull request #99 was not found in acme/app"):
        read_pull_request(github, "acme/app", 99)


# --- faults --------------------------------------------------------------------------------


def test_two_bad_gateways_then_success_the_client_retries(standin: StandIn, github: GitHub) -> None:
    standin.add_fault(Fault("status", status=502, path="*/pulls/*/files", times=2))
    files = github.rest_all_pages(endpoints.GET_PULL_FILES, owner="acme", repo="app", pull_number=7)
    assert len(files) == 300
    assert [(r.status, r.fault) for r in standin.requests][:3] == [
        (502, "status"),
        (502, "status"),
        (200, None),
    ]


@pytest.mark.parametrize(
    "fault",
    [
        Fault("status", status=503),
        Fault("too-many-requests", retry_after=0.01),
        Fault("secondary-rate-limit", retry_after=0.01),
        Fault("rate-limit-exhausted", retry_after=0),
        Fault("reset"),
        Fault("truncated"),
    ],
    ids=lambda fault: fault.kind,
)
def test_the_client_recovers_from_each_transient_fault(
    standin: StandIn, github: GitHub, fault: Fault
) -> None:
    standin.add_fault(fault)
    answer = github.rest(endpoints.GET_PULL, owner="acme", repo="app", pull_number=7)
    assert answer["number"] == 7
    assert [r.fault for r in standin.requests] == [fault.kind, None]


def test_a_timeout_outlasts_the_client_timeout(standin: StandIn) -> None:
    standin.add_fault(Fault("timeout", seconds=1.0, times="always"))
    client = httpx.Client(headers={"Authorization": "token t"}, timeout=0.2)
    with client, pytest.raises(httpx.ReadTimeout):
        client.get(standin.url + FILES)


def test_graphql_faults_match_the_operation_name(standin: StandIn, github: GitHub) -> None:
    errors = ({"type": "SERVICE_UNAVAILABLE", "message": "Try again"},)
    standin.add_fault(Fault("graphql-errors", path="graphql", operation="Pull*", errors=errors))
    with pytest.raises(GitHubError, match="Try again"):
        read_pull_request(github, "acme/app", 7)
    assert read_pull_request(github, "acme/app", 7)[0].number == 7


def test_secondary_rate_limit_answers_like_github(standin: StandIn, http: httpx.Client) -> None:
    standin.add_fault(Fault("secondary-rate-limit", retry_after=3))
    answer = http.get(FILES)
    assert answer.status_code == 403
    assert answer.headers["retry-after"] == "3"
    assert answer.json()["message"].startswith("You have exceeded a secondary rate limit.")


def test_a_fault_for_always_keeps_failing(
    standin: StandIn, github: GitHub, retry: RetryPolicy
) -> None:
    standin.add_fault(Fault("status", status=500, times="always"))
    with pytest.raises(GitHubError, match="still failing after 4 attempts"):
        github.rest(endpoints.GET_PULL, owner="acme", repo="app", pull_number=7)
    assert len(standin.requests) == retry.attempts


# --- latency -------------------------------------------------------------------------------


SIDE_BY_SIDE = 1.5  # seconds each request is held: 0.5 s was too short on a loaded machine


def all_in_flight_at_once(requests: list[LoggedRequest]) -> bool:
    """Every request had arrived before the first one was answered: they were served side by
    side. The request log's own times are compared, and the latency (``SIDE_BY_SIDE``) is wide
    enough that a loaded machine starting eight threads still gets them all in."""
    return max(r.started for r in requests) < min(r.started + r.duration for r in requests)


def test_parallel_requests_overlap_their_latency(standin: StandIn, http: httpx.Client) -> None:
    standin.set_latency(SIDE_BY_SIDE)
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(
            pool.map(lambda n: http.get(FILES, params={"page": n}).status_code, range(8))
        )
    assert statuses == [200] * 8
    assert all(r.duration >= SIDE_BY_SIDE for r in standin.requests)
    assert all_in_flight_at_once(standin.requests)


def test_a_together_fault_holds_requests_until_all_have_arrived(
    standin: StandIn, http: httpx.Client
) -> None:
    # Two requests, then a pause far longer than an answer takes, then a third: none is
    # answered before the third arrives.
    standin.add_fault(Fault("together", path="*/pulls/7/files", times=3, seconds=20))
    with ThreadPoolExecutor(max_workers=3) as pool:
        sent = [pool.submit(http.get, FILES, params={"page": n}) for n in (1, 2)]
        wait(sent, timeout=1)
        assert not any(future.done() for future in sent)  # held
        sent.append(pool.submit(http.get, FILES, params={"page": 3}))
        statuses = [future.result().status_code for future in sent]
    assert statuses == [200] * 3
    assert all_in_flight_at_once(standin.requests)
    assert http.get(FILES).status_code == 200  # spent: the fourth goes straight through


def test_a_together_fault_needs_two_requests_or_more(standin: StandIn) -> None:
    with pytest.raises(ValueError, match="times >= 2"):
        standin.add_fault(Fault("together", times=1))


def test_the_client_in_parallel_sends_its_calls_side_by_side(
    standin: StandIn, github: GitHub
) -> None:
    standin.set_latency(SIDE_BY_SIDE)
    calls: list[Callable[[], object]] = [
        lambda n=n: github.rest(endpoints.GET_ISSUE, owner="acme", repo="app", issue_number=7)
        for n in range(8)
    ]
    github.parallel(calls)
    assert len(standin.requests) == 8
    assert all_in_flight_at_once(standin.requests)


# --- the request log and authentication ------------------------------------------------------


def test_the_log_records_method_path_query_status_duration(
    standin: StandIn, http: httpx.Client
) -> None:
    http.get(FILES, params={"per_page": 5})
    http.get("/repos/acme/app/pulls/999")
    http.post("/graphql", json={"query": "query Ping { rateLimit { remaining } }"})
    log = [(r.method, r.path, r.query, r.status, r.operation) for r in standin.requests]
    assert log == [
        ("GET", FILES, {"per_page": "5"}, 200, None),
        ("GET", "/repos/acme/app/pulls/999", {}, 404, None),
        ("POST", "/graphql", {}, 200, "Ping"),
    ]
    assert all(r.duration > 0 for r in standin.requests)
    standin.reset_log()
    assert standin.requests == []


def test_a_request_without_a_token_gets_401(standin: StandIn) -> None:
    answer = httpx.get(standin.url + FILES)
    assert answer.status_code == 401
    assert answer.json()["message"] == "Requires authentication"
    assert (
        httpx.post(standin.graphql_url, json={"query": "{ rateLimit { cost } }"}).status_code == 401
    )


def test_unknown_things_are_404_like_github(http: httpx.Client) -> None:
    for path in ("/repos/acme/nope/pulls/7", "/repos/acme/app/pulls/404", "/no/such/route"):
        answer = http.get(path)
        assert answer.status_code == 404
        assert answer.json() == {
            "message": "Not Found",
            "documentation_url": "https://docs.github.com/rest",
            "status": "404",
        }


# --- stateful writes -----------------------------------------------------------------------


def test_the_sticky_comment_is_created_once_then_edited(standin: StandIn, github: GitHub) -> None:
    marker = comment_marker("deploy")
    results = [
        upsert_sticky_comment(github, "acme", "app", 7, marker=marker, body=body, create=True)
        for body in ("first", "second", "second")
    ]
    assert results == ["created", "updated", "unchanged"]
    comments = github.rest_all_pages(
        endpoints.LIST_ISSUE_COMMENTS, owner="acme", repo="app", issue_number=7
    )
    assert len(comments) == 1
    assert comments[0]["body"] == f"{marker}\nsecond"
    assert comments[0]["user"] == {
        **comments[0]["user"],
        "login": "github-actions[bot]",
        "type": "Bot",
    }
    assert (
        comments[0]["html_url"]
        == f"https://github.com/acme/app/pull/7#issuecomment-{comments[0]['id']}"
    )


def test_created_check_runs_are_listed_afterwards(standin: StandIn, http: httpx.Client) -> None:
    sha = standin.state.main_repo.branches["feature/big"]
    runs = f"/repos/acme/app/commits/{sha}/check-runs"
    before = http.get(runs, params={"per_page": 100}).json()["total_count"]
    created = http.post(
        "/repos/acme/app/check-runs",
        json={
            "name": "releasegate / deploy",
            "head_sha": sha,
            "status": "completed",
            "conclusion": "failure",
            "output": {"title": "Blocked", "summary": "s", "annotations": []},
        },
    )
    assert created.status_code == 201
    run = created.json()
    assert run["app"]["slug"] == "github-actions"
    assert run["id"] > max(r.id for r in standin.state.main_repo.check_runs if r.id != run["id"])
    listed = http.get(runs, params={"check_name": "releasegate / deploy"}).json()
    assert listed["total_count"] == 1
    assert listed["check_runs"][0]["conclusion"] == "failure"
    assert http.get(runs, params={"per_page": 100}).json()["total_count"] == before + 1


def test_an_invalid_write_is_422_and_changes_nothing(standin: StandIn, http: httpx.Client) -> None:
    missing_sha = http.post("/repos/acme/app/check-runs", json={"name": "x", "head_sha": "0" * 40})
    assert missing_sha.status_code == 422
    assert missing_sha.json()["message"] == f"No commit found for SHA: {'0' * 40}"
    no_body = http.post("/repos/acme/app/issues/7/comments", json={})
    assert no_body.status_code == 422
    assert no_body.json()["errors"] == [
        {"resource": "IssueComment", "code": "missing_field", "field": "body"}
    ]
    assert standin.state.main_repo.issues[7].comments == []


def test_statuses_are_appended_newest_first(standin: StandIn, http: httpx.Client) -> None:
    sha = standin.state.main_repo.branches["feature/big"]
    for state in ("pending", "success"):
        answer = http.post(
            f"/repos/acme/app/statuses/{sha}", json={"state": state, "context": "rg"}
        )
        assert answer.status_code == 201
    listed = http.get(f"/repos/acme/app/commits/{sha}/statuses").json()
    assert [(s["context"], s["state"]) for s in listed] == [("rg", "success"), ("rg", "pending")]


def test_contents_are_base64_like_github(http: httpx.Client) -> None:
    answer = http.get("/repos/acme/app/contents/.github/releasegate.yml", params={"ref": "main"})
    assert answer.status_code == 200
    body = answer.json()
    assert (body["type"], body["encoding"], body["content"]) == (
        "file",
        "base64",
        "dmVyc2lvbjogMQo=\n",
    )
    assert body["sha"] == "b82551848c644f63b8517a7bdf8be9a992e6f4da"  # git hash-object
    assert http.get("/repos/acme/app/contents/nope.txt").status_code == 404


# --- validation against GitHub's real schema ---------------------------------------------


def test_a_bogus_document_is_rejected_by_github_schema(
    graphql: Callable[..., dict[str, Any]],
) -> None:
    if load_github_schema() is None:
        pytest.skip("GitHub's schema has not been fetched: run tools/fetch-github-descriptions")
    answer = graphql(
        '{ repository(owner: "acme", name: "app") { pullRequest(number: 7) { nope } } }'
    )
    assert "data" not in answer
    assert answer["errors"][0]["message"] == "Cannot query field 'nope' on type 'PullRequest'."


def test_without_github_schema_the_subset_still_validates(serve: Callable[..., StandIn]) -> None:
    standin = serve(None, github_schema=None)
    with httpx.Client(base_url=standin.url, headers={"Authorization": "bearer t"}) as http:
        query = '{ repository(owner: "acme", name: "app") { nope } }'
        answer = http.post("/graphql", json={"query": query}).json()
    assert answer["errors"][0]["message"].startswith(
        "Cannot query field 'nope' on type 'Repository'."
    )


def test_a_persons_token_writes_as_that_person_and_cannot_create_check_runs(
    serve: Callable[..., StandIn],
) -> None:
    standin = serve({"repository": "acme/app", "tokens": {"alice-token": "alice"}, "issues": [{}]})
    with httpx.Client(base_url=standin.url, headers={"Authorization": "token alice-token"}) as http:
        comment = http.post("/repos/acme/app/issues/1/comments", json={"body": "hi"}).json()
        refused = http.post("/repos/acme/app/check-runs", json={"name": "x", "head_sha": "main"})
    assert comment["user"]["login"] == "alice"
    assert refused.status_code == 403


def test_the_client_times_out_on_a_slow_answer_then_retries(
    standin: StandIn, make_github: Callable[..., GitHub]
) -> None:
    standin.add_fault(Fault("timeout", seconds=3.0))
    client = make_github(standin, timeout=1.0)
    assert client.rest(endpoints.GET_PULL, owner="acme", repo="app", pull_number=7)["number"] == 7
    assert standin.faults.describe()[0]["hits"] == 1
