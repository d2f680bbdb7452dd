"""Fetch what ran on a commit: check runs, commit statuses, a deployment; and the time.

GraphQL rather than REST: one ``commit_checks`` request returns the check runs (every run,
re-runs included, with the app of each), the latest status per context, the commit's tree and
its latest deployment to an environment. REST needs two requests for the runs and statuses
(``/commits/{ref}/check-runs`` and ``/statuses``) and two more, one after the other, for a
deployment and its status. Only a commit with more than 100 check suites, or a suite with
more than 100 runs, costs more requests (``check_suite_runs``, suites side by side).

``same_tree``: one ``same_tree_commits`` request finds the commits of the pull requests the
commit belongs to (each PR's last 100 commits and the last 100 heads a force-push replaced;
for a merge commit on the default branch, the PR it merged) and keeps those with the same
tree; then every such commit is read side by side with the commit itself. Commits with the
same tree that no pull request links (a cherry-pick elsewhere, a revert of a revert) are not
found.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from typing import Any

from releasegate.errors import FactsError, GitHubError
from releasegate.facts import FactRequest, RunContext, Unavailable
from releasegate.facts.checks import (
    CheckedCommit,
    CheckRun,
    CommitChecks,
    CommitStatus,
    Deployment,
    Now,
)
from releasegate.github.client import GitHub
from releasegate.github.pages import PageGuard, pages_for, short_list
from releasegate.timestamps import parse_timestamp

MAX_SAME_TREE_COMMITS = 10  # the most recent ones are read
_NO_PAGE: Node = {"nodes": [], "pageInfo": {"hasNextPage": False}}

Results = Mapping[FactRequest[Any], object]
Node = dict[str, Any]


def fetch_commit_checks(
    github: GitHub, context: RunContext, requests: Sequence[CommitChecks]
) -> Results:
    """Requests for one commit share a read (gates differing only in their names make one
    request already; one without an environment rides along with one that has). A same-tree
    read serves only same-tree requests: its extra lookup failing must not fail the others.
    Reads run side by side."""
    reads: dict[CommitChecks, list[CommitChecks]] = {}
    richest_first = sorted(requests, key=lambda r: r.environment is None)
    for request in richest_first:
        read = next((read for read in reads if _serves(read, request)), request)
        reads.setdefault(read, []).append(request)
    answers = github.parallel([partial(_checks, github, context, read) for read in reads])
    return {
        request: _narrowed(answer, request)
        for answer, served in zip(answers, reads.values(), strict=True)
        for request in served
    }


def fetch_now(github: GitHub, context: RunContext, requests: Sequence[Now]) -> Results:
    return dict.fromkeys(requests, datetime.now(UTC))


def _serves(read: CommitChecks, request: CommitChecks) -> bool:
    return (read.ref, read.same_tree) == (
        request.ref,
        request.same_tree,
    ) and request.environment in (None, read.environment)


def _narrowed(answer: object, request: CommitChecks) -> object:
    """What a shared read says, cut to what ``request`` asked for."""
    if not isinstance(answer, tuple):
        return answer
    if request.environment is None:
        return tuple(replace(commit, deployment=None) for commit in answer)
    return answer


def _checks(github: GitHub, context: RunContext, request: CommitChecks) -> object:
    try:
        return read_checks(github, context, request)
    except (GitHubError, FactsError) as error:
        return Unavailable(f"cannot read the checks of '{request.ref}': {error.message}")


def read_checks(
    github: GitHub, context: RunContext, request: CommitChecks
) -> tuple[CheckedCommit, ...]:
    """The commit first, then (with ``same_tree``) the other commits with its tree."""
    refs = [request.ref]
    if request.same_tree:
        refs = same_tree_commits(github, context, request.ref)
    return tuple(
        github.parallel(
            [partial(read_commit, github, context, r, request.environment) for r in refs]
        )
    )


def read_commit(
    github: GitHub, context: RunContext, ref: str, environment: str | None
) -> CheckedCommit:
    """One commit's checks: its first 100 check suites in one request, then later pages."""
    suites: list[Node] = []
    first: Node | None = None
    cursor: str | None = None
    guard: PageGuard | None = None
    while True:
        variables = {
            "owner": context.owner,
            "name": context.name,
            "expression": ref,
            "suitesAfter": cursor,
            "firstPage": first is None,
            "withDeployment": first is None and environment is not None,
            "environment": environment or "",
        }
        commit = _commit(github.graphql("commit_checks", variables), ref, context)
        first = first or commit
        page = commit.get("checkSuites") or _NO_PAGE
        guard = guard or PageGuard("GraphQL query CommitChecks", pages_for(page.get("totalCount")))
        suites += page["nodes"]
        info = page["pageInfo"]
        cursor = guard.follow(info.get("endCursor"), more=info["hasNextPage"])
        if cursor is None:
            break
    _check_count((first.get("checkSuites") or _NO_PAGE).get("totalCount"), suites, "check suites")
    return CheckedCommit(
        sha=first["oid"],
        tree=first["tree"]["oid"],
        check_runs=_check_runs(github, [suite for suite in suites if suite]),
        statuses=tuple(_status(node) for node in (first.get("status") or {}).get("contexts", [])),
        deployment=_deployment(first.get("deployments")),
    )


def _check_count(total: int | None, listed: list[Node], what: str) -> None:
    if total is not None and len(listed) < total:
        raise FactsError(short_list(f"{what} on the commit", total, len(listed)))


def same_tree_commits(github: GitHub, context: RunContext, ref: str) -> list[str]:
    """The commit's sha, then the shas of the commits its pull requests show with its tree."""
    variables = {"owner": context.owner, "name": context.name, "expression": ref}
    commit = _commit(github.graphql("same_tree_commits", variables), ref, context)
    candidates: list[Node] = []
    for pull in (commit.get("associatedPullRequests") or {}).get("nodes") or []:
        candidates += [node["commit"] for node in pull["commits"]["nodes"] if node]
        candidates += [event.get("beforeCommit") for event in pull["timelineItems"]["nodes"]]
    tree, sha = commit["tree"]["oid"], commit["oid"]
    same = [c["oid"] for c in candidates if c and c["tree"]["oid"] == tree and c["oid"] != sha]
    return [sha, *list(dict.fromkeys(same))[-MAX_SAME_TREE_COMMITS:]]


def _commit(data: Node, ref: str, context: RunContext) -> Node:
    repository = data.get("repository")
    if repository is None:
        raise FactsError(f"the repository {context.repository} was not found")
    found = repository.get("object")
    if found is None:
        raise FactsError(f"there is no commit '{ref}' in {context.repository}")
    if found.get("__typename") != "Commit":
        raise FactsError(f"'{ref}' names a {found.get('__typename')}, not a commit")
    return dict(found)


def _check_runs(github: GitHub, suites: list[Node]) -> tuple[CheckRun, ...]:
    """Every run of every suite; suites with more than one page of runs are read side by side."""
    more = [suite for suite in suites if _runs_page(suite)["pageInfo"]["hasNextPage"]]
    extra = dict(
        zip(
            (suite["id"] for suite in more),
            github.parallel([partial(_later_runs, github, suite) for suite in more]),
            strict=True,
        )
    )
    runs = {
        suite["id"]: _runs_page(suite)["nodes"] + extra.get(suite["id"], []) for suite in suites
    }
    for suite in suites:
        total = _runs_page(suite).get("totalCount")
        _check_count(total, runs[suite["id"]], "check runs in a check suite")
    return tuple(
        _check_run(node, (suite.get("app") or {}).get("slug"))
        for suite in suites
        for node in runs[suite["id"]]
        if node
    )


def _runs_page(suite: Node) -> Node:
    return suite.get("checkRuns") or _NO_PAGE


def _later_runs(github: GitHub, suite: Node) -> list[Node]:
    page, nodes = _runs_page(suite), []
    guard = PageGuard(
        f"GraphQL query CheckSuiteRuns (suite {suite['id']})", pages_for(page.get("totalCount"))
    )
    cursor = guard.follow(page["pageInfo"].get("endCursor"), more=page["pageInfo"]["hasNextPage"])
    while cursor is not None:
        variables = {"id": suite["id"], "after": cursor}
        found = (github.graphql("check_suite_runs", variables).get("node") or {}).get("checkRuns")
        if found is None:
            raise FactsError(f"check suite {suite['id']} disappeared while it was being read")
        page = found
        nodes += page["nodes"]
        cursor = guard.follow(
            page["pageInfo"].get("endCursor"), more=page["pageInfo"]["hasNextPage"]
        )
    return nodes


def _check_run(node: Node, app: str | None) -> CheckRun:
    return CheckRun(
        name=node["name"],
        status=str(node.get("status") or "").lower(),
        conclusion=str(node["conclusion"]).lower() if node.get("conclusion") else None,
        started_at=parse_timestamp(node.get("startedAt")),
        completed_at=parse_timestamp(node.get("completedAt")),
        url=node.get("url") or "",
        app=app,
    )


def _status(node: Node) -> CommitStatus:
    return CommitStatus(
        context=node["context"],
        state=str(node.get("state") or "").lower(),
        created_at=parse_timestamp(node.get("createdAt")),
        url=node.get("targetUrl"),
    )


def _deployment(connection: Node | None) -> Deployment | None:
    nodes = [node for node in (connection or {}).get("nodes") or [] if node]
    if not nodes:
        return None
    latest, status = nodes[-1], nodes[-1].get("latestStatus") or {}
    return Deployment(
        environment=latest.get("environment") or "",
        created_at=parse_timestamp(latest.get("createdAt")),
        state=str(status["state"]).lower() if status.get("state") else None,
        updated_at=parse_timestamp(status.get("updatedAt")),
        url=status.get("logUrl") or status.get("environmentUrl"),
    )
