"""GraphQL nodes of what hangs off a commit: check suites and runs, statuses, deployments."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from releasegate_standin.graphql import nodes_git
from releasegate_standin.graphql.connections import Node, View, actor, connection, html_path, upper
from releasegate_standin.state.generate import iso
from releasegate_standin.state.records import (
    CheckRun,
    Commit,
    Deployment,
    DeploymentStatus,
    app_id,
    node_id,
)
from releasegate_standin.state.records import app_name as name_of_app
from releasegate_standin.state.store import Repo

_FAILING = ("ACTION_REQUIRED", "CANCELLED", "FAILURE", "STARTUP_FAILURE", "TIMED_OUT", "STALE")


# --- checks and statuses ---------------------------------------------------------------------


def check_suites(
    view: View, repo: Repo, commit: Commit, runs: list[CheckRun], args: dict[str, Any]
) -> Node:
    apps = sorted(
        {run.app for run in runs},
        key=lambda slug: repo.suite_id(commit.sha, slug, view.state.new_id),
    )
    wanted = args.get("filterBy") or {}
    if wanted.get("appId") is not None:
        apps = [slug for slug in apps if app_id(slug) == wanted["appId"]]
    if wanted.get("checkName"):
        apps = [
            slug
            for slug in apps
            if any(r.name == wanted["checkName"] and r.app == slug for r in runs)
        ]
    return connection(
        apps, args, lambda slug: _suite(view, repo, commit, [r for r in runs if r.app == slug])
    )


def _suite(view: View, repo: Repo, commit: Commit, runs: list[CheckRun]) -> Node:
    slug, suite_id = runs[0].app, runs[0].suite_id
    statuses = {upper(run.status) for run in runs}
    conclusions = {upper(run.conclusion) for run in runs if run.conclusion}
    failing = [c for c in _FAILING if c in conclusions]
    url = f"{view.urls.repo_html(repo)}/commit/{commit.sha}/checks?check_suite_id={suite_id}"
    return {
        "id": node_id("CheckSuite", suite_id),
        "databaseId": suite_id,
        "app": {
            "id": node_id("App", app_id(slug)),
            "databaseId": app_id(slug),
            "slug": slug,
            "name": name_of_app(slug),
            "url": view.urls.app_page(slug),
        },
        "status": "COMPLETED" if statuses == {"COMPLETED"} else "IN_PROGRESS",
        "conclusion": (failing[0] if failing else "SUCCESS") if statuses == {"COMPLETED"} else None,
        "createdAt": iso(min(run.started_at or commit.committed_at for run in runs)),
        "updatedAt": iso(
            max(run.completed_at or run.started_at or commit.committed_at for run in runs)
        ),
        "url": url,
        "resourcePath": html_path(view, url),
        "commit": lambda info: nodes_git.commit_node(view, repo, commit),
        "repository": lambda info: nodes_git.repository(view, repo),
        "checkRuns": lambda info, **args: _check_runs(view, repo, commit, runs, args),
    }


def _check_runs(
    view: View, repo: Repo, commit: Commit, runs: list[CheckRun], args: dict[str, Any]
) -> Node:
    wanted = args.get("filterBy") or {}
    chosen = sorted(runs, key=lambda run: run.id)
    if wanted.get("checkType", "LATEST") == "LATEST":  # re-runs hide the older runs of a name
        chosen = [
            run
            for run in chosen
            if run is max((r for r in chosen if r.name == run.name), key=lambda r: r.id)
        ]
    tests: dict[str, Callable[[CheckRun], bool]] = {
        "checkName": lambda run: run.name == wanted["checkName"],
        "appId": lambda run: app_id(run.app) == wanted["appId"],
        "status": lambda run: upper(run.status) == wanted["status"],
        "statuses": lambda run: upper(run.status) in wanted["statuses"],
        "conclusions": lambda run: upper(run.conclusion) in wanted["conclusions"],
    }
    for key, test in tests.items():
        if wanted.get(key) is not None:
            chosen = [run for run in chosen if test(run)]
    return connection(chosen, args, lambda run: _check_run(view, repo, commit, run))


def _check_run(view: View, repo: Repo, commit: Commit, run: CheckRun) -> Node:
    url = f"{view.urls.repo_html(repo)}/runs/{run.id}"
    return {
        "id": node_id("CheckRun", run.id),
        "databaseId": run.id,
        "name": run.name,
        "status": upper(run.status),
        "conclusion": upper(run.conclusion),
        "startedAt": iso(run.started_at),
        "completedAt": iso(run.completed_at),
        "detailsUrl": run.details_url or url,
        "externalId": run.external_id,
        "title": run.title,
        "summary": run.summary,
        "text": run.text,
        "url": url,
        "permalink": url,
        "resourcePath": html_path(view, url),
        "repository": lambda info: nodes_git.repository(view, repo),
        "checkSuite": lambda info: _suite(
            view, repo, commit, [r for r in repo.check_runs_for(commit.sha) if r.app == run.app]
        ),
    }


def status_node(view: View, repo: Repo, commit: Commit) -> Node | None:
    latest: dict[str, Any] = {}
    for status in repo.statuses_for(commit.sha):  # newest first: keep the first per context
        latest.setdefault(status.context, status)
    if not latest:
        return None
    states = {status.state for status in latest.values()}
    combined = next((s for s in ("error", "failure", "pending") if s in states), "success")

    def context_node(status: Any) -> Node:
        return {
            "id": node_id("StatusContext", status.id),
            "context": status.context,
            "state": status.state.upper(),
            "description": status.description,
            "targetUrl": status.target_url,
            "createdAt": iso(status.created_at),
            "creator": lambda info: actor(view, status.creator),
            "avatarUrl": lambda info, size=40: (
                f"https://avatars.githubusercontent.com/u/0?s={size}"
            ),
            "commit": lambda info: nodes_git.commit_node(view, repo, commit),
        }

    contexts = sorted(latest.values(), key=lambda status: status.context)
    return {
        "id": node_id("Status", commit.sha),
        "state": "FAILURE" if combined == "error" else combined.upper(),
        "contexts": [context_node(status) for status in contexts],
        "context": lambda info, name: context_node(latest[name]) if name in latest else None,
        "commit": lambda info: nodes_git.commit_node(view, repo, commit),
    }


# --- deployments -----------------------------------------------------------------------------


def deployments(
    view: View, repo: Repo, deployments: list[Deployment], args: dict[str, Any]
) -> Node:
    chosen = [
        d
        for d in deployments
        if not args.get("environments") or d.environment in args["environments"]
    ]
    order = args.get("orderBy") or {"direction": "ASC"}
    chosen.sort(key=lambda d: (d.created_at, d.id), reverse=order["direction"] == "DESC")
    return connection(chosen, args, lambda d: _deployment(view, repo, d))


def _deployment(view: View, repo: Repo, deployment: Deployment) -> Node:
    latest = deployment.statuses[-1] if deployment.statuses else None
    return {
        "id": node_id("Deployment", deployment.id),
        "databaseId": deployment.id,
        "commitOid": deployment.sha,
        "commit": lambda info: nodes_git.commit_by_sha(view, repo, deployment.sha),
        "createdAt": iso(deployment.created_at),
        "updatedAt": iso(latest.created_at if latest else deployment.created_at),
        "creator": lambda info: actor(view, deployment.creator),
        "description": deployment.description,
        "environment": deployment.environment,
        "latestEnvironment": deployment.environment,
        "originalEnvironment": deployment.environment,
        "payload": "{}",
        "task": deployment.task,
        "ref": lambda info: nodes_git.ref_node(view, repo, deployment.ref),
        "repository": lambda info: nodes_git.repository(view, repo),
        "state": _deployment_state(repo, deployment, latest),
        "latestStatus": lambda info: (
            _deployment_status(view, repo, deployment, latest) if latest else None
        ),
        "statuses": lambda info, **args: connection(
            deployment.statuses, args, lambda s: _deployment_status(view, repo, deployment, s)
        ),
    }


def _deployment_state(repo: Repo, deployment: Deployment, latest: DeploymentStatus | None) -> str:
    if latest is None:
        return "PENDING"
    if latest.state != "success":
        return latest.state.upper()
    # Only the newest successful deployment of an environment is ACTIVE.
    newer = [
        other
        for other in repo.deployments
        if other.environment == deployment.environment
        and other.id > deployment.id
        and other.statuses
        and other.statuses[-1].state == "success"
    ]
    return "INACTIVE" if newer else "ACTIVE"


def _deployment_status(
    view: View, repo: Repo, deployment: Deployment, status: DeploymentStatus
) -> Node:
    return {
        "id": node_id("DeploymentStatus", status.id),
        "state": status.state.upper(),
        "description": status.description,
        "environment": status.environment,
        "environmentUrl": status.environment_url or None,
        "logUrl": status.log_url or None,
        "createdAt": iso(status.created_at),
        "updatedAt": iso(status.created_at),
        "creator": lambda info: actor(view, status.creator),
        "deployment": lambda info: _deployment(view, repo, deployment),
    }
