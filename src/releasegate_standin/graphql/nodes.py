"""GraphQL nodes of the repository, its issues and pull requests, and their conversations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from releasegate_standin.graphql import nodes_git, nodes_history
from releasegate_standin.graphql.connections import (
    Node,
    View,
    actor,
    connection,
    html_path,
    not_found,
    owner,
    upper,
)
from releasegate_standin.graphql.search import search_connection
from releasegate_standin.state.generate import iso
from releasegate_standin.state.records import (
    Comment,
    Issue,
    IssueEvent,
    Label,
    Review,
    ReviewThread,
    node_id,
)
from releasegate_standin.state.store import Repo

# PullRequestTimelineItemsItemType -> what the stand-in records of that kind
TIMELINE_KINDS = ("LABELED_EVENT", "UNLABELED_EVENT", "ISSUE_COMMENT", "PULL_REQUEST_REVIEW")
ISSUE_TIMELINE_KINDS = ("LABELED_EVENT", "UNLABELED_EVENT", "ISSUE_COMMENT", "CLOSED_EVENT",
                        "REOPENED_EVENT")  # fmt: skip


def query_root(view: View) -> Node:
    def repository(info: object, owner: str, name: str, **_: Any) -> Node:
        repo = view.state.repo(owner, name)
        if repo is None:
            raise not_found(f"Could not resolve to a Repository with the name '{owner}/{name}'.")
        return repository_node(view, repo)

    def rate_limit(info: object, dryRun: bool = False) -> Node:
        budget = view.budget
        return {
            "cost": view.cost,
            "limit": budget.limit,
            "nodeCount": view.node_count,
            "remaining": budget.remaining,
            "used": budget.used,
            "resetAt": iso(budget.reset_at),
        }

    def search(info: object, **args: Any) -> Node:
        return search_connection(view, args, lambda repo, issue: issue_or_pull(view, repo, issue))

    return {
        "id": "MDU6UXVlcnk=",
        "repository": repository,
        "rateLimit": rate_limit,
        "search": search,
    }


def repository_node(view: View, repo: Repo) -> Node:
    def number_lookup(kind: str, want_pull: bool | None) -> Callable[..., Node]:
        def lookup(info: object, number: int) -> Node:
            issue = repo.issue(number)
            if issue is None or (want_pull is not None and (issue.pull is not None) != want_pull):
                raise not_found(f"Could not resolve to {kind} with the number of {number}.")
            return issue_or_pull(view, repo, issue)

        return lookup

    html = view.urls.repo_html(repo)
    return {
        "__typename": "Repository",
        "id": node_id("Repository", repo.id),
        "databaseId": repo.id,
        "name": repo.name,
        "nameWithOwner": repo.full_name,
        "owner": lambda info: owner(view, repo),
        "url": html,
        "resourcePath": html_path(view, html),
        "isPrivate": repo.private,
        "pullRequest": number_lookup("a PullRequest", want_pull=True),
        "issue": number_lookup("an Issue", want_pull=False),
        "issueOrPullRequest": number_lookup("an issue or pull request", want_pull=None),
        "pullRequests": lambda info, **args: _issue_list(view, repo, args, pulls=True),
        "issues": lambda info, **args: _issue_list(view, repo, args, pulls=False),
        "label": lambda info, name: _label_named(view, repo, name),
        "labels": lambda info, **args: connection(
            _labels_matching(repo, args.get("query")),
            args,
            lambda item: label_node(view, repo, item),
        ),
        **nodes_git.repository_git_fields(view, repo),
    }


def _labels_matching(repo: Repo, query: str | None) -> list[Label]:
    return [label for label in repo.labels.values() if (query or "").lower() in label.name.lower()]


def _label_named(view: View, repo: Repo, name: str) -> Node | None:
    found = [label for label in repo.labels.values() if label.name.lower() == name.lower()]
    return label_node(view, repo, found[0]) if found else None


def _issue_list(view: View, repo: Repo, args: dict[str, Any], *, pulls: bool) -> Node:
    items = [issue for issue in repo.issues.values() if (issue.pull is not None) == pulls]
    filters = args.get("filterBy") or {}
    states = args.get("states") or filters.get("states")
    if states:
        items = [issue for issue in items if _state(issue) in states]
    labels = args.get("labels") or filters.get("labels")
    if labels:
        wanted = {name.lower() for name in labels}
        items = [issue for issue in items if wanted & {n.lower() for n in issue.labels}]
    for argument, attribute in (("headRefName", "head_ref"), ("baseRefName", "base_ref")):
        if args.get(argument):
            items = [i for i in items if i.pull and getattr(i.pull, attribute) == args[argument]]
    order = args.get("orderBy") or {"field": "CREATED_AT", "direction": "ASC"}
    keys: dict[str, Callable[[Issue], Any]] = {
        "CREATED_AT": lambda issue: (issue.created_at, issue.number),
        "UPDATED_AT": lambda issue: (issue.updated_at, issue.number),
        "COMMENTS": lambda issue: (len(issue.comments), issue.number),
    }
    items.sort(key=keys[order["field"]], reverse=order["direction"] == "DESC")
    return connection(items, args, lambda issue: issue_or_pull(view, repo, issue))


def _state(issue: Issue) -> str:
    if issue.pull is not None and issue.pull.merged_at is not None:
        return "MERGED"
    return issue.state.upper()


def issue_or_pull(view: View, repo: Repo, issue: Issue) -> Node:
    return pull_request_node(view, repo, issue) if issue.pull else issue_node(view, repo, issue)


def _common(view: View, repo: Repo, issue: Issue, kind: str) -> Node:
    html = view.urls.issue_html(repo, issue)
    return {
        "__typename": kind,
        "id": node_id(kind, issue.id),
        "databaseId": issue.id,
        "number": issue.number,
        "title": issue.title,
        "body": issue.body,
        "bodyText": issue.body,
        "url": html,
        "resourcePath": html_path(view, html),
        "state": _state(issue),
        "closed": issue.state == "closed",
        "closedAt": iso(issue.closed_at),
        "createdAt": iso(issue.created_at),
        "updatedAt": iso(issue.updated_at),
        "author": lambda info: actor(view, issue.author),
        "editor": lambda info: actor(view, issue.body_editor),
        "lastEditedAt": iso(issue.body_edited_at),
        "repository": lambda info: repository_node(view, repo),
        "labels": lambda info, **args: connection(
            [repo.label(name, view.state.new_id) for name in issue.labels],
            args,
            lambda item: label_node(view, repo, item),
        ),
        "comments": lambda info, **args: connection(
            issue.comments, args, lambda item: comment_node(view, repo, issue, item)
        ),
        "assignees": lambda info, **args: connection(
            issue.assignees, args, lambda login: actor(view, login)
        ),
    }


def issue_node(view: View, repo: Repo, issue: Issue) -> Node:
    def reason(info: object, enableDuplicate: bool = False) -> str | None:
        value = upper(issue.state_reason)
        return "NOT_PLANNED" if value == "DUPLICATE" and not enableDuplicate else value

    subs = [found for found in map(view.state.issue_at, issue.sub_issues) if found]
    done = sum(1 for _, sub in subs if sub.state == "closed")
    parent = view.state.issue_at(issue.parent) if issue.parent else None
    return {
        **_common(view, repo, issue, "Issue"),
        "stateReason": reason,
        "subIssues": lambda info, **args: connection(
            subs, args, lambda found: issue_node(view, found[0], found[1])
        ),
        "subIssuesSummary": {
            "total": len(subs),
            "completed": done,
            "percentCompleted": done * 100 // len(subs) if subs else 0,
        },
        "parent": lambda info: issue_node(view, *parent) if parent else None,
        "timelineItems": lambda info, **args: _timeline(view, repo, issue, args),
        "userContentEdits": lambda info, **args: nodes_history.content_edits(view, issue, args),
    }


def pull_request_node(view: View, repo: Repo, issue: Issue) -> Node:
    pull = issue.pull
    assert pull is not None
    html = view.urls.issue_html(repo, issue)
    return {
        **_common(view, repo, issue, "PullRequest"),
        "permalink": html,
        "merged": pull.merged_at is not None,
        "mergedAt": iso(pull.merged_at),
        "isDraft": pull.draft,
        "baseRefName": pull.base_ref,
        "baseRefOid": pull.base_sha,
        "headRefName": pull.head_ref,
        "headRefOid": pull.head_sha,
        "changedFiles": pull.changed_files,
        "additions": sum(file.additions for file in pull.files),
        "deletions": sum(file.deletions for file in pull.files),
        "baseRef": lambda info: nodes_git.ref_node(view, repo, pull.base_ref),
        "headRef": lambda info: nodes_git.ref_node(view, repo, pull.head_ref),
        "mergeCommit": lambda info: nodes_git.commit_by_sha(view, repo, pull.merge_commit_sha),
        "commits": lambda info, **args: connection(
            pull.commit_shas,
            args,
            lambda sha: nodes_git.pull_commit_node(view, repo, html, sha),
        ),
        "files": lambda info, **args: connection(
            pull.files,
            args,
            lambda file: {
                "path": file.filename,
                "additions": file.additions,
                "deletions": file.deletions,
                "changeType": file.status.upper() if file.status != "removed" else "DELETED",
            },
        ),
        "reviewThreads": lambda info, **args: connection(
            pull.threads, args, lambda thread: thread_node(view, repo, issue, thread)
        ),
        "reviews": lambda info, **args: _reviews(view, repo, issue, args),
        "timelineItems": lambda info, **args: _timeline(view, repo, issue, args),
    }


def _reviews(view: View, repo: Repo, issue: Issue, args: dict[str, Any]) -> Node:
    assert issue.pull is not None
    reviews = issue.pull.reviews
    if args.get("states"):
        reviews = [review for review in reviews if review.state in args["states"]]
    if args.get("author"):
        author = args["author"].lower()
        reviews = [r for r in reviews if r.author.lower().removesuffix("[bot]") == author]
    return connection(reviews, args, lambda review: review_node(view, repo, issue, review))


def label_node(view: View, repo: Repo, label: Label) -> Node:
    url = f"{view.urls.repo_html(repo)}/labels/{label.name}"
    return {
        "id": node_id("Label", label.id),
        "name": label.name,
        "color": label.color,
        "description": label.description,
        "isDefault": False,
        "url": url,
        "resourcePath": html_path(view, url),
        "createdAt": None,
        "updatedAt": None,
    }


def comment_node(view: View, repo: Repo, issue: Issue, comment: Comment) -> Node:
    return {
        "__typename": "IssueComment",
        "id": node_id("IssueComment", comment.id),
        "databaseId": comment.id,
        "author": lambda info: actor(view, comment.author),
        "editor": lambda info: actor(view, comment.editor),
        "body": comment.body,
        "bodyText": comment.body,
        "url": f"{view.urls.issue_html(repo, issue)}#issuecomment-{comment.id}",
        "createdAt": iso(comment.created_at),
        "updatedAt": iso(comment.updated_at),
        "lastEditedAt": _edited(comment),
        "issue": lambda info: _common(view, repo, issue, "Issue") if not issue.pull else None,
        "pullRequest": lambda info: pull_request_node(view, repo, issue) if issue.pull else None,
    }


def _edited(comment: Comment) -> str | None:
    edited = comment.editor is not None or comment.updated_at != comment.created_at
    return iso(comment.updated_at) if edited else None


def thread_node(view: View, repo: Repo, issue: Issue, thread: ReviewThread) -> Node:
    first = thread.comments[0] if thread.comments else None

    def review_comment(comment: Comment) -> Node:
        return {
            "id": node_id("PullRequestReviewComment", comment.id),
            "databaseId": comment.id,
            "author": lambda info: actor(view, comment.author),
            "body": comment.body,
            "bodyText": comment.body,
            "url": f"{view.urls.issue_html(repo, issue)}#discussion_r{comment.id}",
            "createdAt": iso(comment.created_at),
            "updatedAt": iso(comment.updated_at),
            "lastEditedAt": _edited(comment),
            "path": thread.path,
            "line": thread.line,
            "originalLine": thread.original_line,
            "outdated": thread.is_outdated,
            "pullRequest": lambda info: pull_request_node(view, repo, issue),
            "replyTo": lambda info: (
                review_comment(first) if first and comment is not first else None
            ),
        }

    return {
        "id": node_id("PullRequestReviewThread", thread.id),
        "isResolved": thread.is_resolved,
        "isOutdated": thread.is_outdated,
        "isCollapsed": thread.is_resolved,
        "path": thread.path,
        "line": thread.line,
        "originalLine": thread.original_line,
        "startLine": thread.start_line,
        "originalStartLine": thread.start_line,
        "diffSide": "RIGHT",
        "subjectType": "LINE" if thread.original_line is not None else "FILE",
        "resolvedBy": lambda info: actor(view, thread.resolved_by),
        "comments": lambda info, **args: connection(thread.comments, args, review_comment),
        "pullRequest": lambda info: pull_request_node(view, repo, issue),
        "repository": lambda info: repository_node(view, repo),
    }


def review_node(view: View, repo: Repo, issue: Issue, review: Review) -> Node:
    return {
        "__typename": "PullRequestReview",
        "id": node_id("PullRequestReview", review.id),
        "databaseId": review.id,
        "author": lambda info: actor(view, review.author),
        "editor": lambda info: actor(view, review.editor),
        "lastEditedAt": iso(review.edited_at),
        "body": review.body,
        "bodyText": review.body,
        "state": review.state,
        "url": f"{view.urls.issue_html(repo, issue)}#pullrequestreview-{review.id}",
        "submittedAt": iso(review.submitted_at),
        "createdAt": iso(review.submitted_at),
        "updatedAt": iso(review.submitted_at),
        "commit": lambda info: nodes_git.commit_by_sha(view, repo, review.commit_sha),
    }


def _timeline(view: View, repo: Repo, issue: Issue, args: dict[str, Any]) -> Node:
    """A pull request's or an issue's timeline (an issue's shows its closes and reopens too)."""
    kinds = args.get("itemTypes") or (TIMELINE_KINDS if issue.pull else ISSUE_TIMELINE_KINDS)
    items: list[tuple[datetime, int, Callable[[], Node]]] = []
    for event in issue.events:
        kind = f"{event.event.upper()}_EVENT"
        if kind in kinds and event.label is not None:
            items.append((event.created_at, event.id, _event_maker(view, repo, event)))
        elif kind in kinds and issue.pull is None and event.event in nodes_history.STATE_EVENTS:
            items.append((event.created_at, event.id, nodes_history.state_event_maker(view, event)))
    if "ISSUE_COMMENT" in kinds:
        items += [
            (c.created_at, c.id, _maker(comment_node, view, repo, issue, c)) for c in issue.comments
        ]
    if "PULL_REQUEST_REVIEW" in kinds and issue.pull is not None:
        items += [
            (r.submitted_at, r.id, _maker(review_node, view, repo, issue, r))
            for r in issue.pull.reviews
        ]
    items.sort(key=lambda item: (item[0], item[1]))
    total = len(items)
    if args.get("since"):
        items = [item for item in items if (iso(item[0]) or "") >= args["since"]]
    items = items[args.get("skip") or 0 :]
    page = connection(items, args, lambda item: item[2]())
    page["filteredCount"], page["pageCount"] = len(items), len(page["nodes"])
    page["totalCount"], page["updatedAt"] = total, iso(issue.updated_at)
    return page


def _maker(build: Callable[..., Node], *arguments: Any) -> Callable[[], Node]:
    return lambda: build(*arguments)


def _event_maker(view: View, repo: Repo, event: IssueEvent) -> Callable[[], Node]:
    kind = "LabeledEvent" if event.event == "labeled" else "UnlabeledEvent"
    label = repo.label(event.label or "", view.state.new_id)
    return lambda: {
        "__typename": kind,
        "id": node_id(kind, event.id),
        "actor": actor(view, event.actor),
        "createdAt": iso(event.created_at),
        "label": label_node(view, repo, label),
    }
