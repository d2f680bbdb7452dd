"""REST writes of check runs and commit statuses."""

from __future__ import annotations

from typing import Any

from releasegate_standin.rest import shapes_commits
from releasegate_standin.rest.api import Call, Response, error, invalid, json_of, not_found
from releasegate_standin.rest.body import (
    Rejected,
    answers_rejections,
    choice_field,
    commit_of,
    object_body,
    text_field,
    timestamp_field,
)
from releasegate_standin.state.records import CheckRun, CommitStatus

CHECK_TEXT_LIMIT = 65535
ANNOTATIONS_PER_REQUEST = 50
CHECK_STATUSES = ("queued", "in_progress", "completed", "waiting", "requested", "pending")
CHECK_CONCLUSIONS = (
    "action_required",
    "cancelled",
    "failure",
    "neutral",
    "success",
    "skipped",
    "stale",
    "timed_out",
)
ANNOTATION_LEVELS = ("notice", "warning", "failure")
STATUS_STATES = ("error", "failure", "pending", "success")


@answers_rejections
def create_check_run(call: Call) -> Response:
    body = object_body(call)
    if not call.actor.endswith("[bot]"):
        return error(403, "You must authenticate via a GitHub App.")
    name = text_field(body, "name", "CheckRun", required=True) or ""
    commit = commit_of(call, text_field(body, "head_sha", "CheckRun", required=True) or "")
    app = call.actor.removesuffix("[bot]")
    run = CheckRun(
        id=call.state.new_id(),
        name=name,
        head_sha=commit.sha,
        status="queued",
        conclusion=None,
        app=app,
        suite_id=call.repo.suite_id(commit.sha, app, call.state.new_id),
        started_at=call.state.now(),
        completed_at=None,
    )
    _change_check_run(call, run, body)
    call.repo.check_runs.append(run)
    return json_of(201, shapes_commits.check_run(call.urls, call.repo, run))


@answers_rejections
def update_check_run(call: Call) -> Response:
    body = object_body(call)
    number = call.number("check_run_id")
    found = [run for run in call.repo.check_runs if run.id == number]
    if not found:
        return not_found()
    _change_check_run(call, found[0], body)
    return json_of(200, shapes_commits.check_run(call.urls, call.repo, found[0]))


def _change_check_run(call: Call, run: CheckRun, body: dict[str, Any]) -> None:
    """Apply a create/update body to ``run``, after checking all of it."""
    status = choice_field(body, "status", "CheckRun", CHECK_STATUSES)
    conclusion = choice_field(body, "conclusion", "CheckRun", CHECK_CONCLUSIONS)
    started, completed = timestamp_field(body, "started_at"), timestamp_field(body, "completed_at")
    if conclusion is not None:
        status = "completed"  # GitHub: a conclusion completes the run
    if status == "completed" and conclusion is None and run.conclusion is None:
        raise Rejected(error(422, 'Invalid request.\n\n"conclusion" wasn\'t supplied.'))
    output = _check_output(body.get("output"))
    changes = {
        "name": text_field(body, "name", "CheckRun"),
        "details_url": text_field(body, "details_url", "CheckRun"),
        "external_id": text_field(body, "external_id", "CheckRun"),
        "status": status,
        "conclusion": conclusion,
        "started_at": started,
    }
    for key, value in changes.items():
        if value is not None:
            setattr(run, key, value)
    if run.status == "completed":
        run.completed_at = completed or run.completed_at or call.state.now()
    if output is not None:
        run.title, run.summary = output["title"], output["summary"]
        run.text = output.get("text", run.text)
        run.annotations.extend(output.get("annotations", []))


def _check_output(output: Any) -> dict[str, Any] | None:
    if output is None:
        return None
    if not isinstance(output, dict) or not all(
        isinstance(output.get(key), str) for key in ("title", "summary")
    ):
        raise Rejected(error(422, 'Invalid request.\n\n"title", "summary" weren\'t supplied.'))
    for key in ("summary", "text"):
        if isinstance(output.get(key), str) and len(output[key]) > CHECK_TEXT_LIMIT:
            supplied = len(output[key])
            raise Rejected(
                error(
                    422,
                    f"Invalid request.\n\nOnly {CHECK_TEXT_LIMIT} characters "
                    f"are allowed; {supplied} were supplied.",
                )
            )
    annotations = output.get("annotations", [])
    if not isinstance(annotations, list) or len(annotations) > ANNOTATIONS_PER_REQUEST:
        raise Rejected(error(422, "Invalid request.\n\nOnly 50 annotations are allowed."))
    for note in annotations:
        _check_annotation(note)
    return output


def _check_annotation(note: Any) -> None:
    required = ("path", "start_line", "end_line", "annotation_level", "message")
    if not isinstance(note, dict) or any(note.get(key) in (None, "") for key in required):
        missing = [key for key in required if not isinstance(note, dict) or not note.get(key)]
        raise Rejected(error(422, f"Invalid request.\n\n{missing} weren't supplied."))
    if note["annotation_level"] not in ANNOTATION_LEVELS:
        raise Rejected(invalid("CheckRun", "annotation_level", "invalid"))


@answers_rejections
def create_commit_status(call: Call) -> Response:
    body = object_body(call)
    state = text_field(body, "state", "Status", required=True)
    if state not in STATUS_STATES:
        raise Rejected(invalid("Status", "state", "invalid"))
    description = text_field(body, "description", "Status")
    if description is not None and len(description) > 140:
        problem = {
            "resource": "Status",
            "code": "custom",
            "field": "description",
            "message": "description is too long (maximum is 140 characters)",
        }
        raise Rejected(error(422, "Validation Failed", errors=[problem]))
    commit = commit_of(call, call.params["sha"])
    status = CommitStatus(
        id=call.state.new_id(),
        sha=commit.sha,
        state=state,
        context=text_field(body, "context", "Status") or "default",
        creator=call.actor,
        created_at=call.state.now(),
        description=description,
        target_url=text_field(body, "target_url", "Status"),
    )
    call.repo.statuses.append(status)
    shape = shapes_commits.status(call.urls, call.repo, status)
    return json_of(201, shape, location=shape["url"])
