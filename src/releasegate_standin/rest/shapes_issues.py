"""REST JSON of issues, pull requests, their comments, events and changed files."""

from __future__ import annotations

from releasegate.github import endpoints
from releasegate_standin.git.ids import sha_of_name
from releasegate_standin.rest.shapes import Json, author_association, labels_of, repository, user
from releasegate_standin.state.generate import iso
from releasegate_standin.state.records import ChangedFile, Comment, Issue, IssueEvent, node_id
from releasegate_standin.state.store import Repo
from releasegate_standin.urls import Urls


def issue(urls: Urls, repo: Repo, item: Issue) -> Json:
    number = item.number
    shape: Json = {
        "id": item.id,
        "node_id": node_id("PullRequest" if item.pull else "Issue", item.id),
        "url": urls.endpoint(
            endpoints.GET_ISSUE, owner=repo.owner, repo=repo.name, issue_number=number
        ),
        "repository_url": urls.repo_api(repo),
        "labels_url": urls.endpoint(
            endpoints.ADD_LABELS, owner=repo.owner, repo=repo.name, issue_number=number
        )
        + "{/name}",
        "comments_url": urls.endpoint(
            endpoints.LIST_ISSUE_COMMENTS, owner=repo.owner, repo=repo.name, issue_number=number
        ),
        "events_url": urls.endpoint(
            endpoints.LIST_ISSUE_EVENTS, owner=repo.owner, repo=repo.name, issue_number=number
        ),
        "html_url": urls.issue_html(repo, item),
        "number": number,
        "state": item.state,
        "state_reason": item.state_reason,
        "title": item.title,
        "body": item.body,
        "user": user(urls, item.author),
        "labels": labels_of(urls, repo, item),
        "assignee": user(urls, item.assignees[0]) if item.assignees else None,
        "assignees": [user(urls, login) for login in item.assignees],
        "milestone": None,
        "locked": False,
        "active_lock_reason": None,
        "comments": len(item.comments),
        "closed_at": iso(item.closed_at),
        "created_at": iso(item.created_at),
        "updated_at": iso(item.updated_at),
        "closed_by": None,
        "author_association": author_association(repo, item.author),
        "sub_issues_summary": sub_issues_summary(item),
    }
    if item.pull:
        html = urls.issue_html(repo, item)
        shape["pull_request"] = {
            "url": urls.endpoint(
                endpoints.GET_PULL, owner=repo.owner, repo=repo.name, pull_number=number
            ),
            "html_url": html,
            "diff_url": f"{html}.diff",
            "patch_url": f"{html}.patch",
            "merged_at": iso(item.pull.merged_at),
        }
    return shape


def sub_issues_summary(item: Issue) -> Json:
    # The counts need the sub-issues' states; the caller fills them in when it can.
    return {"total": len(item.sub_issues), "completed": 0, "percent_completed": 0}


def pull(urls: Urls, repo: Repo, item: Issue) -> Json:
    details = item.pull
    assert details is not None
    base = issue(urls, repo, item)
    html = base["html_url"]
    merged = details.merged_at is not None
    statuses_url = urls.endpoint(
        endpoints.CREATE_COMMIT_STATUS, owner=repo.owner, repo=repo.name, sha=details.head_sha
    )
    return {
        "url": base["pull_request"]["url"],
        "id": item.id,
        "node_id": base["node_id"],
        "html_url": html,
        "diff_url": f"{html}.diff",
        "patch_url": f"{html}.patch",
        "issue_url": base["url"],
        "commits_url": f"{base['pull_request']['url']}/commits",
        "review_comments_url": f"{base['pull_request']['url']}/comments",
        "review_comment_url": urls.repo_path(repo, "pulls", "comments{/number}"),
        "comments_url": base["comments_url"],
        "statuses_url": statuses_url,
        "number": item.number,
        "state": item.state,
        "locked": False,
        "title": item.title,
        "user": base["user"],
        "body": item.body,
        # GitHub's description of a pull request's labels has no null descriptions.
        "labels": [
            {**label, "description": label["description"] or ""} for label in base["labels"]
        ],
        "milestone": None,
        "active_lock_reason": None,
        "created_at": base["created_at"],
        "updated_at": base["updated_at"],
        "closed_at": base["closed_at"],
        "merged_at": iso(details.merged_at),
        "merge_commit_sha": details.merge_commit_sha,
        "assignee": base["assignee"],
        "assignees": base["assignees"],
        "requested_reviewers": [user(urls, login) for login in details.requested_reviewers],
        "requested_teams": [],
        "head": branch_end(urls, repo, details.head_ref, details.head_sha),
        "base": branch_end(urls, repo, details.base_ref, details.base_sha),
        "author_association": base["author_association"],
        "auto_merge": None,
        "draft": details.draft,
        "merged": merged,
        "mergeable": None if merged or item.state == "closed" else True,
        "rebaseable": None,
        "mergeable_state": "unknown" if merged else "clean",
        "merged_by": user(urls, details.merged_by) if details.merged_by else None,
        "comments": len(item.comments),
        "review_comments": sum(len(thread.comments) for thread in details.threads),
        "maintainer_can_modify": False,
        "commits": len(details.commit_shas),
        "additions": sum(file.additions for file in details.files),
        "deletions": sum(file.deletions for file in details.files),
        "changed_files": details.changed_files,
        "_links": _pull_links(base, html, statuses_url),
    }


def _pull_links(base: Json, html: str, statuses_url: str) -> Json:
    pull_url = base["pull_request"]["url"]
    links = {
        "self": pull_url,
        "html": html,
        "issue": base["url"],
        "comments": base["comments_url"],
        "review_comments": f"{pull_url}/comments",
        "review_comment": pull_url.rsplit("/", 1)[0] + "/comments{/number}",
        "commits": f"{pull_url}/commits",
        "statuses": statuses_url,
    }
    return {name: {"href": href} for name, href in links.items()}


def branch_end(urls: Urls, repo: Repo, ref: str, sha: str) -> Json:
    return {
        "label": f"{repo.owner}:{ref}",
        "ref": ref,
        "sha": sha,
        "user": user(urls, repo.owner),
        "repo": repository(urls, repo),
    }


def changed_file(urls: Urls, repo: Repo, head_sha: str, item: ChangedFile) -> Json:
    shape: Json = {
        "sha": sha_of_name(f"{head_sha}:{item.filename}"),
        "filename": item.filename,
        "status": item.status,
        "additions": item.additions,
        "deletions": item.deletions,
        "changes": item.additions + item.deletions,
        "blob_url": f"{urls.repo_html(repo)}/blob/{head_sha}/{item.filename}",
        "raw_url": f"{urls.repo_html(repo)}/raw/{head_sha}/{item.filename}",
        "contents_url": urls.endpoint(
            endpoints.GET_CONTENT, owner=repo.owner, repo=repo.name, path=item.filename
        )
        + f"?ref={head_sha}",
    }
    if item.patch is not None:
        shape["patch"] = item.patch
    if item.previous_filename is not None:
        shape["previous_filename"] = item.previous_filename
    return shape


def comment(urls: Urls, repo: Repo, parent: Issue, item: Comment) -> Json:
    return {
        "id": item.id,
        "node_id": node_id("IssueComment", item.id),
        "url": urls.endpoint(
            endpoints.UPDATE_ISSUE_COMMENT, owner=repo.owner, repo=repo.name, comment_id=item.id
        ),
        "html_url": f"{urls.issue_html(repo, parent)}#issuecomment-{item.id}",
        "body": item.body,
        "user": user(urls, item.author),
        "created_at": iso(item.created_at),
        "updated_at": iso(item.updated_at),
        "issue_url": urls.endpoint(
            endpoints.GET_ISSUE, owner=repo.owner, repo=repo.name, issue_number=parent.number
        ),
        "author_association": author_association(repo, item.author),
    }


def event(urls: Urls, repo: Repo, item: IssueEvent) -> Json:
    shape: Json = {
        "id": item.id,
        "node_id": node_id(f"{item.event.title()}Event", item.id),
        "url": urls.repo_path(repo, "issues", "events", item.id),
        "actor": user(urls, item.actor),
        "event": item.event,
        "commit_id": None,
        "commit_url": None,
        "created_at": iso(item.created_at),
        "performed_via_github_app": None,
    }
    if item.label is not None:
        known = repo.labels.get(item.label)
        shape["label"] = {"name": item.label, "color": known.color if known else "ededed"}
    return shape
