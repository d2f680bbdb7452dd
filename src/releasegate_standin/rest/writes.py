"""REST writes of issues, comments, labels, assignees and pull requests.

Each write checks the whole request first and changes nothing when it answers 422, as GitHub
does; what it creates gets the next id and is listed by the reads afterwards.
"""

from __future__ import annotations

from releasegate_standin.rest import shapes, shapes_issues
from releasegate_standin.rest.api import Call, Response, error, invalid, json_of, not_found
from releasegate_standin.rest.body import (
    Rejected,
    answers_rejections,
    body_text,
    choice_field,
    names_field,
    object_body,
    text_field,
)
from releasegate_standin.rest.reads import issue_json
from releasegate_standin.state.records import ChangedFile, Comment, Commit, Issue, PullDetails

# --- issues and comments ------------------------------------------------------------------


@answers_rejections
def create_issue_comment(call: Call) -> Response:
    issue = call.issue()
    if issue is None:
        return not_found()
    text = body_text(object_body(call), "IssueComment", required=True) or ""
    now = call.state.now()
    comment = Comment(call.state.new_id(), call.actor, text, now, now)
    issue.comments.append(comment)
    issue.updated_at = now
    shape = shapes_issues.comment(call.urls, call.repo, issue, comment)
    return json_of(201, shape, location=shape["url"])


@answers_rejections
def update_issue_comment(call: Call) -> Response:
    number = call.number("comment_id")
    for issue in call.repo.issues.values():
        for comment in issue.comments:
            if comment.id == number:
                text = body_text(object_body(call), "IssueComment", required=True) or ""
                if text != comment.body:  # GitHub records an edit only when the body changes
                    comment.body, comment.editor = text, call.actor
                comment.updated_at = call.state.now()
                return json_of(200, shapes_issues.comment(call.urls, call.repo, issue, comment))
    return not_found()


def delete_issue_comment(call: Call) -> Response:
    number = call.number("comment_id")
    for issue in call.repo.issues.values():
        for comment in issue.comments:
            if comment.id == number:
                issue.comments.remove(comment)
                return Response(204)
    return not_found()


@answers_rejections
def update_issue(call: Call) -> Response:
    issue = call.issue()
    if issue is None:
        return not_found()
    body = object_body(call)
    title, text = text_field(body, "title", "Issue"), body_text(body, "Issue", required=False)
    state = choice_field(body, "state", "Issue", ("open", "closed"))
    reasons = ("completed", "not_planned", "reopened", "duplicate")
    reason = choice_field(body, "state_reason", "Issue", reasons)
    labels = names_field(body["labels"], "Issue", "labels") if "labels" in body else None
    assignees = (
        names_field(body["assignees"], "Issue", "assignees") if "assignees" in body else None
    )
    if title is not None:
        issue.title = title
    if text is not None and text != issue.body:  # an edit is recorded only for a change
        call.state.set_body(issue, text, call.actor)
        issue.body_editor, issue.body_edited_at = call.actor, call.state.now()
    if labels is not None:
        call.state.set_labels(call.repo, issue, labels, call.actor)
    if assignees is not None:
        issue.assignees = _assignable(call, assignees)
    if state is not None:
        call.state.set_issue_state(issue, state, reason, call.actor)
    issue.updated_at = call.state.now()
    return json_of(200, issue_json(call, issue))


def _assignable(call: Call, logins: list[str]) -> list[str]:
    # GitHub quietly leaves out anyone who cannot be assigned (not a collaborator).
    return [login for login in dict.fromkeys(logins) if call.repo.role(login)]


@answers_rejections
def create_issue(call: Call) -> Response:
    body = object_body(call)
    title = body.get("title")
    if not isinstance(title, str | int) or title == "":
        raise Rejected(invalid("Issue", "title"))
    labels = names_field(body.get("labels", []), "Issue", "labels")
    assignees = names_field(body.get("assignees", []), "Issue", "assignees")
    text = body_text(body, "Issue", required=False) or ""
    issue = _new_issue(call, str(title), text)
    call.state.add_labels(call.repo, issue, labels, call.actor)
    issue.assignees = _assignable(call, assignees)
    shape = issue_json(call, issue)
    return json_of(201, shape, location=shape["url"])


def _new_issue(call: Call, title: str, body: str) -> Issue:
    now = call.state.now()
    number = call.repo.next_number()
    issue = Issue(call.state.new_id(), number, title, body, call.actor, "open", now, now)
    call.repo.issues[number] = issue
    return issue


@answers_rejections
def add_labels(call: Call) -> Response:
    issue = call.issue()
    if issue is None:
        return not_found()
    names = names_field(call.request.body, "Issue", "labels")
    if not names:
        raise Rejected(invalid("Label", "labels"))
    call.state.add_labels(call.repo, issue, names, call.actor)
    return json_of(200, shapes.labels_of(call.urls, call.repo, issue))


@answers_rejections
def add_assignees(call: Call) -> Response:
    issue = call.issue()
    if issue is None:
        return not_found()
    wanted = names_field(object_body(call).get("assignees", []), "Issue", "assignees")
    issue.assignees = _assignable(call, [*issue.assignees, *wanted])
    return json_of(201, issue_json(call, issue))


# --- pull requests -----------------------------------------------------------------------


@answers_rejections
def create_pull(call: Call) -> Response:
    body = object_body(call)
    head = (text_field(body, "head", "PullRequest", required=True) or "").rpartition(":")[2]
    base = text_field(body, "base", "PullRequest", required=True) or ""
    title = text_field(body, "title", "PullRequest", required=True) or ""
    text = body_text(body, "PullRequest", required=False) or ""
    base_commit, head_commit = _branch(call, base, "base"), _branch(call, head, "head")
    if any(
        item.pull
        and item.state == "open"
        and (item.pull.head_ref, item.pull.base_ref) == (head, base)
        for item in call.repo.issues.values()
    ):
        return _pull_refused(f"A pull request already exists for {call.repo.owner}:{head}.")
    if base_commit.sha == head_commit.sha:
        return _pull_refused(f"No commits between {base} and {head}")
    issue = _new_issue(call, title, text)
    files = _diff(base_commit, head_commit)
    issue.pull = PullDetails(
        base_ref=base,
        head_ref=head,
        base_sha=base_commit.sha,
        head_sha=head_commit.sha,
        draft=body.get("draft") is True,
        files=files,
        changed_files=len(files),
        commit_shas=[head_commit.sha],
    )
    shape = shapes_issues.pull(call.urls, call.repo, issue)
    return json_of(201, shape, location=shape["url"])


def _pull_refused(message: str) -> Response:
    problem = {"resource": "PullRequest", "code": "custom", "message": message}
    return error(422, "Validation Failed", errors=[problem])


def _branch(call: Call, name: str, field_name: str) -> Commit:
    sha = call.repo.branch_sha(name)
    if sha is None or sha not in call.repo.commits:
        raise Rejected(invalid("PullRequest", field_name, "invalid"))
    return call.repo.commits[sha]


def _diff(base: Commit, head: Commit) -> list[ChangedFile]:
    changed = []
    for path in sorted(set(base.files) | set(head.files)):
        before, after = base.files.get(path), head.files.get(path)
        if before == after:
            continue
        if before is None:
            changed.append(ChangedFile(path, "added", after.count(b"\n") + 1 if after else 0, 0))
        elif after is None:
            changed.append(ChangedFile(path, "removed", 0, before.count(b"\n") + 1))
        else:
            changed.append(ChangedFile(path, "modified", 1, 1))
    return changed


@answers_rejections
def request_reviewers(call: Call) -> Response:
    pull = call.pull()
    if pull is None or pull.pull is None:
        return not_found()
    reviewers = names_field(object_body(call).get("reviewers", []), "PullRequest", "reviewers")
    if any(login.lower() == pull.author.lower() for login in reviewers):
        return error(422, "Review cannot be requested from pull request author.")
    if not all(call.repo.role(login) for login in reviewers):
        return error(
            422,
            "Reviews may only be requested from collaborators. One or more of the "
            f"users or teams you specified is not a collaborator of the "
            f"{call.repo.full_name} repository.",
        )
    pull.pull.requested_reviewers = list(
        dict.fromkeys([*pull.pull.requested_reviewers, *reviewers])
    )
    return json_of(201, shapes_issues.pull(call.urls, call.repo, pull))
