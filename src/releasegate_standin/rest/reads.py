"""REST reads: the stand-in's GET endpoints, filtered, sorted and paginated like GitHub's."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from releasegate_standin.rest import shapes_commits, shapes_issues
from releasegate_standin.rest.api import Call, Response, error, not_found, paginate
from releasegate_standin.rest.shapes import Json
from releasegate_standin.state.records import CheckRun, Issue, app_id

_EARLIEST = datetime.min.replace(tzinfo=UTC)
MAX_LISTED_FILES = 3000  # GitHub lists at most this many files of a pull request


def list_pull_files(call: Call) -> Response:
    pull = call.pull()
    if pull is None or pull.pull is None:
        return not_found()
    head = pull.pull.head_sha
    return paginate(
        call,
        pull.pull.files[:MAX_LISTED_FILES],
        lambda item: shapes_issues.changed_file(call.urls, call.repo, head, item),
    )


def get_collaborator_permission(call: Call) -> Response:
    login = call.params["username"]
    role = call.repo.role(login)
    if role is None:
        if call.repo.private:  # not a collaborator of a private repository
            return not_found()
        role = "read"  # everyone may read a public repository
    return Response(200, shapes_commits.permission(call.urls, role, login))


def list_check_runs_for_ref(call: Call) -> Response:
    commit = call.repo.resolve(call.params["ref"])
    if commit is None:
        return error(422, f"No commit found for SHA: {call.params['ref']}")
    runs = sorted(call.repo.check_runs_for(commit.sha), key=lambda run: run.id, reverse=True)
    arg = call.request.arg
    if arg("check_name") is not None:
        runs = [run for run in runs if run.name == arg("check_name")]
    if arg("status") is not None:
        runs = [run for run in runs if run.status == arg("status")]
    if arg("app_id") is not None:
        runs = [run for run in runs if str(app_id(run.app)) == arg("app_id")]
    if arg("filter", "latest") == "latest":
        runs = _latest_runs(runs)
    return paginate(
        call,
        runs,
        lambda run: shapes_commits.check_run(call.urls, call.repo, run),
        wrap="check_runs",
    )


def _latest_runs(runs: list[CheckRun]) -> list[CheckRun]:
    """Only the most recent run of each name in each suite (re-runs hide older ones). GitHub
    says ``filter=latest`` goes by ``completed_at``; a run not completed yet is the most
    recent, and a tie goes to the newer run."""
    latest: dict[tuple[str, int], CheckRun] = {}
    for run in runs:
        key = (run.name, run.suite_id)
        if key not in latest or _recency(run) > _recency(latest[key]):
            latest[key] = run
    return [run for run in runs if latest[(run.name, run.suite_id)] is run]


def _recency(run: CheckRun) -> tuple[bool, datetime, int]:
    return (run.completed_at is None, run.completed_at or _EARLIEST, run.id)


def list_statuses_for_ref(call: Call) -> Response:
    commit = call.repo.resolve(call.params["ref"])
    statuses = call.repo.statuses_for(commit.sha) if commit else []
    return paginate(call, statuses, lambda item: shapes_commits.status(call.urls, call.repo, item))


def list_deployments(call: Call) -> Response:
    deployments = sorted(call.repo.deployments, key=lambda item: item.id, reverse=True)
    for name in ("sha", "ref", "task", "environment"):
        wanted = call.request.arg(name)
        if wanted is not None:
            deployments = [item for item in deployments if getattr(item, name) == wanted]
    return paginate(
        call, deployments, lambda item: shapes_commits.deployment(call.urls, call.repo, item)
    )


def list_deployment_statuses(call: Call) -> Response:
    number = call.number("deployment_id")
    found = [item for item in call.repo.deployments if item.id == number]
    if not found:
        return not_found()
    newest_first = sorted(found[0].statuses, key=lambda item: item.id, reverse=True)
    return paginate(
        call,
        newest_first,
        lambda item: shapes_commits.deployment_status(call.urls, call.repo, found[0], item),
    )


def list_issue_comments(call: Call) -> Response:
    issue = call.issue()
    if issue is None:
        return not_found()
    comments = issue.comments
    since = _time(call.request.arg("since"))
    if since is not None:
        comments = [item for item in comments if item.updated_at >= since]
    return paginate(
        call, comments, lambda item: shapes_issues.comment(call.urls, call.repo, issue, item)
    )


def get_issue(call: Call) -> Response:
    issue = call.issue()
    if issue is None:
        return not_found()
    return Response(200, issue_json(call, issue))


def issue_json(call: Call, issue: Issue) -> Json:
    shape = shapes_issues.issue(call.urls, call.repo, issue)
    done = [call.state.issue_at(reference) for reference in issue.sub_issues]
    completed = sum(1 for found in done if found and found[1].state == "closed")
    total = len(issue.sub_issues)
    shape["sub_issues_summary"] = {
        "total": total,
        "completed": completed,
        "percent_completed": completed * 100 // total if total else 0,
    }
    return shape


def list_issues(call: Call) -> Response:
    arg = call.request.arg
    issues = list(call.repo.issues.values())
    state = arg("state", "open")
    if state != "all":
        issues = [item for item in issues if item.state == state]
    if arg("labels"):
        wanted = {name.strip().lower() for name in (arg("labels") or "").split(",") if name}
        issues = [item for item in issues if wanted <= {n.lower() for n in item.labels}]
    if arg("creator"):
        issues = [item for item in issues if item.author.lower() == (arg("creator") or "").lower()]
    issues = _by_assignee(issues, arg("assignee"))
    since = _time(arg("since"))
    if since is not None:
        issues = [item for item in issues if item.updated_at >= since]
    issues = _sorted(issues, arg("sort") or "created", arg("direction") or "desc")
    return paginate(call, issues, lambda item: issue_json(call, item))


def _by_assignee(issues: list[Issue], assignee: str | None) -> list[Issue]:
    if assignee is None:
        return issues
    if assignee == "none":
        return [item for item in issues if not item.assignees]
    if assignee == "*":
        return [item for item in issues if item.assignees]
    return [item for item in issues if assignee.lower() in (a.lower() for a in item.assignees)]


def _sorted(issues: list[Issue], sort: str, direction: str) -> list[Issue]:
    keys: dict[str, Any] = {
        "created": lambda item: (item.created_at, item.number),
        "updated": lambda item: (item.updated_at, item.number),
        "comments": lambda item: (len(item.comments), item.number),
        "popularity": lambda item: (len(item.comments), item.number),
        "long-running": lambda item: (item.updated_at - item.created_at, item.number),
    }
    return sorted(issues, key=keys.get(sort, keys["created"]), reverse=direction != "asc")


def list_issue_events(call: Call) -> Response:
    issue = call.issue()
    if issue is None:
        return not_found()
    return paginate(
        call, issue.events, lambda item: shapes_issues.event(call.urls, call.repo, item)
    )


def get_pull(call: Call) -> Response:
    pull = call.pull()
    if pull is None:
        return not_found()
    return Response(200, shapes_issues.pull(call.urls, call.repo, pull))


def list_pulls(call: Call) -> Response:
    arg = call.request.arg
    pulls = [item for item in call.repo.issues.values() if item.pull is not None]
    state = arg("state", "open")
    if state != "all":
        pulls = [item for item in pulls if item.state == state]
    head = arg("head")
    if head:
        owner, _, branch = head.rpartition(":")
        if owner and owner.lower() != call.repo.owner.lower():
            pulls = []
        pulls = [item for item in pulls if item.pull and item.pull.head_ref == branch]
    if arg("base"):
        pulls = [item for item in pulls if item.pull and item.pull.base_ref == arg("base")]
    sort = arg("sort") or "created"
    # GitHub's default order: newest first when sorting by creation, else ascending.
    pulls = _sorted(pulls, sort, arg("direction") or ("desc" if sort == "created" else "asc"))
    return paginate(call, pulls, lambda item: shapes_issues.pull(call.urls, call.repo, item))


def _time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
