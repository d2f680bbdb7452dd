"""Reading what ran on a commit from GitHub's GraphQL API: every page, few requests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from releasegate.engine import evaluate_policy
from releasegate.facts import Unavailable
from releasegate.facts.checks import (
    CheckedCommit,
    CheckRun,
    CommitChecks,
    CommitStatus,
    Deployment,
    Now,
)
from releasegate.fetchers.checks import fetch_commit_checks, fetch_now
from releasegate.fetchers.gather import make_gatherer
from releasegate.results import Status
from support.builders import HEAD, context, policy
from support.reviews import graphql_github

PAGE = 100
TREE = "7" * 40
STARTED = "2026-11-20T11:20:00Z"
COMPLETED = "2026-11-20T11:25:00Z"


def run_node(
    name: str, conclusion: str | None = "SUCCESS", n: int = 0, **times: str
) -> dict[str, Any]:
    return {
        "name": name,
        "status": "COMPLETED" if conclusion else "IN_PROGRESS",
        "conclusion": conclusion,
        "startedAt": times.get("started", STARTED),
        "completedAt": times.get("completed", COMPLETED) if conclusion else None,
        "url": f"https://github.com/acme/app/runs/{n}",
    }


def page(items: list[Any], after: str | None) -> dict[str, Any]:
    start = int(after) if after else 0
    end = min(start + PAGE, len(items))
    return {
        "pageInfo": {"hasNextPage": end < len(items), "endCursor": str(end)},
        "nodes": items[start:end],
    }


class CommitAPI:
    """Commits with check suites, statuses, deployments and pull requests, paged like GitHub."""

    def __init__(self) -> None:
        self.commits: dict[str, dict[str, Any]] = {}
        self.refs: dict[str, str] = {}
        self.pulls: dict[str, list[dict[str, Any]]] = {}

    def add(
        self,
        sha: str = HEAD,
        *,
        tree: str = TREE,
        suites: Sequence[tuple[str, list[dict[str, Any]]]] = (),
        statuses: Sequence[dict[str, Any]] = (),
        deployments: Sequence[dict[str, Any]] = (),
    ) -> None:
        self.commits[sha] = {
            "tree": tree,
            "suites": [
                {"id": f"S{sha[:3]}{n}", "app": app, "runs": list(runs)}
                for n, (app, runs) in enumerate(suites)
            ],
            "statuses": list(statuses),
            "deployments": list(deployments),
        }

    def __call__(self, operation: str, variables: dict[str, Any]) -> dict[str, Any]:
        if operation == "CheckSuiteRuns":
            suite = self._suite(variables["id"])
            return {"node": {"checkRuns": page(suite["runs"], variables.get("after"))}}
        sha = self.refs.get(variables["expression"], variables["expression"])
        if sha == "tree-object":
            return {"repository": {"object": {"__typename": "Tree"}}}
        if sha not in self.commits:
            return {"repository": {"object": None}}
        if operation == "SameTreeCommits":
            return {"repository": {"object": self._with_pulls(sha)}}
        assert operation == "CommitChecks"
        return {"repository": {"object": self._commit(sha, variables)}}

    def _suite(self, suite_id: str) -> dict[str, Any]:
        return next(s for c in self.commits.values() for s in c["suites"] if s["id"] == suite_id)

    def _commit(self, sha: str, variables: dict[str, Any]) -> dict[str, Any]:
        commit = self.commits[sha]
        suites = page(commit["suites"], variables.get("suitesAfter"))
        suites["nodes"] = [
            {"id": s["id"], "app": {"slug": s["app"]}, "checkRuns": page(s["runs"], None)}
            for s in suites["nodes"]
        ]
        found: dict[str, Any] = {"__typename": "Commit", "oid": sha, "checkSuites": suites}
        if variables.get("firstPage", True):
            found["tree"] = {"oid": commit["tree"]}
            found["status"] = {"contexts": commit["statuses"]} if commit["statuses"] else None
        if variables.get("withDeployment"):
            found["deployments"] = {"nodes": commit["deployments"][-1:]}
        return found

    def _with_pulls(self, sha: str) -> dict[str, Any]:
        def commit_node(oid: str) -> dict[str, Any]:
            return {"oid": oid, "tree": {"oid": self.commits[oid]["tree"]}}

        pulls = [
            {
                "number": pull["number"],
                "commits": {"nodes": [{"commit": commit_node(oid)} for oid in pull["commits"]]},
                "timelineItems": {
                    "nodes": [{"beforeCommit": commit_node(oid)} for oid in pull["force_pushed"]]
                    + [{}]
                },
            }
            for pull in self.pulls.get(sha, [])
        ]
        return {
            "__typename": "Commit",
            **commit_node(sha),
            "associatedPullRequests": {"nodes": pulls},
        }


def fetch(api: CommitAPI, *requests: CommitChecks) -> tuple[dict[Any, object], list[str]]:
    github, recorder = graphql_github(api)
    answers = dict(fetch_commit_checks(github, context(), list(requests)))
    return answers, recorder.operations


def commits_of(answers: dict[Any, object], request: CommitChecks) -> tuple[CheckedCommit, ...]:
    value = answers[request]
    assert isinstance(value, tuple), value
    return value


def forty_runs() -> list[tuple[str, list[dict[str, Any]]]]:
    return [
        ("github-actions", [run_node(f"build / {n}", n=n) for n in range(30)]),
        ("github-actions", [run_node("staging / real-call", "FAILURE", n=30)]),
        ("vercel", [run_node(f"preview / {n}", n=n) for n in range(31, 40)]),
    ]


def test_forty_runs_statuses_and_a_deployment_take_one_request() -> None:
    api = CommitAPI()
    status = {
        "context": "ci/legacy",
        "state": "PENDING",
        "createdAt": STARTED,
        "targetUrl": "https://ci.test/1",
    }
    deployment = {
        "environment": "staging",
        "createdAt": STARTED,
        "latestStatus": {
            "state": "IN_PROGRESS",
            "updatedAt": COMPLETED,
            "logUrl": "https://log.test/7",
            "environmentUrl": None,
        },
    }
    api.add(suites=forty_runs(), statuses=[status], deployments=[deployment])
    request = CommitChecks(HEAD, "staging")
    answers, operations = fetch(api, request)
    assert operations == ["CommitChecks"]
    (commit,) = commits_of(answers, request)
    assert (commit.sha, commit.tree, len(commit.check_runs)) == (HEAD, TREE, 40)
    assert commit.check_runs[30] == CheckRun(
        name="staging / real-call",
        status="completed",
        conclusion="failure",
        started_at=datetime(2026, 11, 20, 11, 20, tzinfo=UTC),
        completed_at=datetime(2026, 11, 20, 11, 25, tzinfo=UTC),
        url="https://github.com/acme/app/runs/30",
        app="github-actions",
    )
    assert commit.check_runs[-1].app == "vercel"
    assert commit.statuses == (
        CommitStatus(
            "ci/legacy", "pending", datetime(2026, 11, 20, 11, 20, tzinfo=UTC), "https://ci.test/1"
        ),
    )
    assert commit.deployment == Deployment(
        "staging",
        datetime(2026, 11, 20, 11, 20, tzinfo=UTC),
        "in_progress",
        datetime(2026, 11, 20, 11, 25, tzinfo=UTC),
        "https://log.test/7",
    )


def test_no_deployment_is_asked_for_without_an_environment() -> None:
    api = CommitAPI()
    api.add(suites=forty_runs())
    github, recorder = graphql_github(api)
    answers = fetch_commit_checks(github, context(), [CommitChecks(HEAD)])
    assert recorder.calls[0][1]["withDeployment"] is False
    (commit,) = commits_of(dict(answers), CommitChecks(HEAD))
    assert (commit.statuses, commit.deployment) == ((), None)


def test_check_suites_past_the_first_page_are_read_without_repeating_the_rest() -> None:
    api = CommitAPI()
    api.add(suites=[("app", [run_node(f"job {n}", n=n)]) for n in range(130)], deployments=[])
    github, recorder = graphql_github(api)
    answers = fetch_commit_checks(github, context(), [CommitChecks(HEAD, "staging")])
    (commit,) = commits_of(dict(answers), CommitChecks(HEAD, "staging"))
    assert [run.name for run in commit.check_runs] == [f"job {n}" for n in range(130)]
    assert recorder.operations == ["CommitChecks", "CommitChecks"]
    later = recorder.calls[1][1]
    assert (later["suitesAfter"], later["firstPage"], later["withDeployment"]) == (
        "100",
        False,
        False,
    )


def test_runs_past_a_suites_first_page_are_read_by_suite_side_by_side() -> None:
    api = CommitAPI()
    api.add(
        suites=[
            ("github-actions", [run_node(f"matrix {n}", n=n) for n in range(250)]),
            ("github-actions", [run_node("lint")]),
            ("circleci", [run_node(f"shard {n}", n=n) for n in range(150)]),
        ]
    )
    answers, operations = fetch(api, CommitChecks(HEAD))
    (commit,) = commits_of(answers, CommitChecks(HEAD))
    names = [run.name for run in commit.check_runs]
    assert names == [f"matrix {n}" for n in range(250)] + ["lint"] + [
        f"shard {n}" for n in range(150)
    ]
    # the big suite needs two more pages, one after the other; the other suite one, meanwhile
    assert operations.count("CheckSuiteRuns") == 3
    assert len(operations) == 4


def test_a_branch_name_is_resolved_to_its_commit() -> None:
    api = CommitAPI()
    api.add(sha="b" * 40, suites=forty_runs())
    api.refs["main"] = "b" * 40
    answers, _ = fetch(api, CommitChecks("main"))
    assert commits_of(answers, CommitChecks("main"))[0].sha == "b" * 40


def test_an_unknown_ref_or_a_non_commit_is_unavailable_with_the_reason() -> None:
    answers, _ = fetch(CommitAPI(), CommitChecks("nope"), CommitChecks("tree-object"))
    assert answers[CommitChecks("nope")] == Unavailable(
        "cannot read the checks of 'nope': there is no commit 'nope' in acme/app"
    )
    assert answers[CommitChecks("tree-object")] == Unavailable(
        "cannot read the checks of 'tree-object': 'tree-object' names a Tree, not a commit"
    )


def test_same_tree_reads_the_commits_of_its_pull_requests_that_share_the_tree() -> None:
    api = CommitAPI()
    twin, amended, other = "c" * 40, "d" * 40, "e" * 40
    api.add(suites=[])
    api.add(sha=twin, suites=[("github-actions", [run_node("staging / real-call")])])
    api.add(sha=amended)
    api.add(sha=other, tree="8" * 40)
    api.pulls[HEAD] = [
        {"number": 42, "commits": [other, twin, HEAD], "force_pushed": [twin, amended]}
    ]
    request = CommitChecks(HEAD, same_tree=True)
    answers, operations = fetch(api, request)
    assert [commit.sha for commit in commits_of(answers, request)] == [HEAD, twin, amended]
    assert operations == ["SameTreeCommits", "CommitChecks", "CommitChecks", "CommitChecks"]


def test_same_tree_without_twins_reads_only_the_commit() -> None:
    api = CommitAPI()
    api.add()
    request = CommitChecks(HEAD, same_tree=True)
    answers, operations = fetch(api, request)
    assert len(commits_of(answers, request)) == 1
    assert operations == ["SameTreeCommits", "CommitChecks"]


def test_now_is_timezone_aware_utc() -> None:
    github, recorder = graphql_github(CommitAPI())
    (now,) = fetch_now(github, context(), [Now()]).values()
    assert isinstance(now, datetime)
    assert now.tzinfo is UTC
    assert recorder.calls == []


def test_the_gate_through_the_gatherer_takes_one_request() -> None:
    finished = (datetime.now(UTC) - timedelta(minutes=35, seconds=5)).isoformat()
    api = CommitAPI()
    api.add(
        suites=[
            (
                "github-actions",
                [run_node("staging / real-call", started=finished, completed=finished)],
            )
        ]
    )
    github, recorder = graphql_github(api)
    gate = "{id: s, type: check-passed, name: staging / real-call, max-age: 12h}"
    text = f"version: 1\ngates:\n  - {gate}\n"
    ctx = context()
    (result,) = evaluate_policy(policy(text), ctx, make_gatherer(github, ctx))
    assert (result.status, result.summary) == (
        Status.PASS,
        "'staging / real-call' passed on aaaaaaa 35m ago",
    )
    assert recorder.operations == ["CommitChecks"]


def deployed_api() -> CommitAPI:
    api = CommitAPI()
    deployment = {"environment": "staging", "createdAt": STARTED, "latestStatus": None}
    api.add(suites=forty_runs(), deployments=[deployment])
    api.add(sha="b" * 40, suites=forty_runs())
    api.refs["main"] = "b" * 40
    return api


def test_requests_for_one_commit_share_a_read_cut_to_what_each_asked() -> None:
    plain, staging, main = CommitChecks(HEAD), CommitChecks(HEAD, "staging"), CommitChecks("main")
    answers, operations = fetch(deployed_api(), plain, staging, main)
    assert operations == ["CommitChecks", "CommitChecks"]
    assert commits_of(answers, staging)[0].deployment is not None
    assert commits_of(answers, plain)[0].deployment is None
    assert commits_of(answers, plain)[0].check_runs == commits_of(answers, staging)[0].check_runs
    assert commits_of(answers, main)[0].sha == "b" * 40


def test_two_environments_of_one_commit_take_two_reads() -> None:
    _, operations = fetch(deployed_api(), CommitChecks(HEAD, "staging"), CommitChecks(HEAD, "prod"))
    assert operations == ["CommitChecks", "CommitChecks"]


def test_a_same_tree_read_is_not_shared_with_plain_requests() -> None:
    api = deployed_api()
    api.add(sha="c" * 40)
    api.pulls[HEAD] = [{"number": 42, "commits": ["c" * 40, HEAD], "force_pushed": []}]
    tree, plain = CommitChecks(HEAD, same_tree=True), CommitChecks(HEAD)
    answers, operations = fetch(api, plain, tree)
    assert sorted(operations) == ["CommitChecks", "CommitChecks", "CommitChecks", "SameTreeCommits"]
    assert [c.sha for c in commits_of(answers, tree)] == [HEAD, "c" * 40]
    assert [c.sha for c in commits_of(answers, plain)] == [HEAD]


def test_a_failing_same_tree_lookup_fails_only_the_same_tree_request() -> None:
    api = deployed_api()

    def answer(operation: str, variables: dict[str, Any]) -> dict[str, Any]:
        if operation == "SameTreeCommits":
            return {"repository": None}
        return api(operation, variables)

    github, _ = graphql_github(answer)
    tree, plain = CommitChecks(HEAD, same_tree=True), CommitChecks(HEAD)
    answers = fetch_commit_checks(github, context(), [plain, tree])
    assert isinstance(answers[tree], Unavailable)
    assert len(commits_of(dict(answers), plain)) == 1


def test_a_suite_that_lists_fewer_runs_than_it_counts_is_unavailable_not_a_pass() -> None:
    # A suite's runs are counted beside the list; a run GitHub left out could be the failure.
    class ShortSuite(CommitAPI):
        def _commit(self, sha: str, variables: dict[str, Any]) -> dict[str, Any]:
            found = super()._commit(sha, variables)
            runs = found["checkSuites"]["nodes"][0]["checkRuns"]
            runs["totalCount"] = len(runs["nodes"]) + 1
            return found

    api = ShortSuite()
    api.add(suites=[("github-actions", [run_node("staging-e2e")])])
    answers, _ = fetch(api, CommitChecks(HEAD))
    assert answers[CommitChecks(HEAD)] == Unavailable(
        f"cannot read the checks of '{HEAD}': GitHub counts 2 check runs in a check suite on "
        "the commit but listed 1, so the list is incomplete and nothing was judged from it. "
        "Re-run the job; if it happens again, GitHub is answering this list wrongly."
    )
