"""The JSON GitHub's REST API answers with, built from the stand-in's records.

Shapes follow GitHub's OpenAPI description (``@octokit/openapi``): the same keys, the same
nesting, ``null`` where GitHub has nothing to say. API URLs inside the answers are built from
the endpoint registries where they declare the path, so the stand-in writes no REST path itself.
"""

from __future__ import annotations

from typing import Any

from releasegate_standin.state.records import (
    Issue,
    Label,
    is_bot,
    node_id,
    user_id,
)
from releasegate_standin.state.store import Repo
from releasegate_standin.urls import Urls

Json = dict[str, Any]
_FOLDED_PERMISSION = {"maintain": "write", "triage": "read"}


def user(urls: Urls, login: str) -> Json:
    """GitHub's ``simple-user``: a person, or an app's bot account."""
    bot = is_bot(login)
    html = urls.app_page(login.removesuffix("[bot]")) if bot else f"{urls.html}/{login}"
    api = urls.api_path("users", login)
    return {
        "login": login,
        "id": user_id(login),
        "node_id": node_id("Bot" if bot else "User", user_id(login)),
        "avatar_url": f"https://avatars.githubusercontent.com/u/{user_id(login)}?v=4",
        "gravatar_id": "",
        "url": api,
        "html_url": html,
        **{f"{name}_url": f"{api}/{name}{template}" for name, template in _USER_LINKS},
        "type": "Bot" if bot else "User",
        "site_admin": False,
    }


_USER_LINKS = (
    ("followers", ""),
    ("following", "{/other_user}"),
    ("gists", "{/gist_id}"),
    ("starred", "{/owner}{/repo}"),
    ("subscriptions", ""),
    ("organizations", ""),
    ("repos", ""),
    ("events", "{/privacy}"),
    ("received_events", ""),
)


def author_association(repo: Repo, login: str) -> str:
    if login.lower() == repo.owner.lower():
        return "OWNER"
    return "COLLABORATOR" if repo.role(login) else "NONE"


def label(urls: Urls, repo: Repo, item: Label) -> Json:
    return {
        "id": item.id,
        "node_id": node_id("Label", item.id),
        "url": urls.repo_path(repo, "labels", item.name),
        "name": item.name,
        "color": item.color,
        "default": False,
        "description": item.description,
    }


def labels_of(urls: Urls, repo: Repo, issue: Issue) -> list[Json]:
    return [label(urls, repo, repo.label(name, lambda: 0)) for name in issue.labels]


def repository(urls: Urls, repo: Repo) -> Json:
    """GitHub's ``repository`` (as in a pull request's ``head.repo`` and ``base.repo``)."""
    api, html = urls.repo_api(repo), urls.repo_html(repo)
    host = urls.html.split("://", 1)[-1]
    open_issues = sum(1 for issue in repo.issues.values() if issue.state == "open")
    return {
        "id": repo.id,
        "node_id": node_id("Repository", repo.id),
        "name": repo.name,
        "full_name": repo.full_name,
        "private": repo.private,
        "owner": user(urls, repo.owner),
        "html_url": html,
        "description": None,
        "fork": False,
        "url": api,
        **{f"{name}_url": f"{api}/{path}" for name, path in _REPO_LINKS.items()},
        "git_url": f"git://{host}/{repo.full_name}.git",
        "ssh_url": f"git@{host}:{repo.full_name}.git",
        "clone_url": f"{html}.git",
        "svn_url": html,
        "mirror_url": None,
        "homepage": None,
        "language": None,
        "license": None,
        "size": 0,
        "forks": 0,
        "forks_count": 0,
        "stargazers_count": 0,
        "watchers": 0,
        "watchers_count": 0,
        "open_issues": open_issues,
        "open_issues_count": open_issues,
        "default_branch": repo.default_branch,
        "has_issues": True,
        "has_projects": True,
        "has_wiki": True,
        "has_pages": False,
        "has_downloads": True,
        "archived": False,
        "disabled": False,
        "visibility": "private" if repo.private else "public",
        "pushed_at": None,
        "created_at": "2020-01-01T00:00:00Z",
        "updated_at": "2020-01-01T00:00:00Z",
    }


_REPO_LINKS = {
    "archive": "{archive_format}{/ref}",
    "assignees": "assignees{/user}",
    "blobs": "git/blobs{/sha}",
    "branches": "branches{/branch}",
    "collaborators": "collaborators{/collaborator}",
    "comments": "comments{/number}",
    "commits": "commits{/sha}",
    "compare": "compare/{base}...{head}",
    "contents": "contents/{+path}",
    "contributors": "contributors",
    "deployments": "deployments",
    "downloads": "downloads",
    "events": "events",
    "forks": "forks",
    "git_commits": "git/commits{/sha}",
    "git_refs": "git/refs{/sha}",
    "git_tags": "git/tags{/sha}",
    "hooks": "hooks",
    "issue_comment": "issues/comments{/number}",
    "issue_events": "issues/events{/number}",
    "issues": "issues{/number}",
    "keys": "keys{/key_id}",
    "labels": "labels{/name}",
    "languages": "languages",
    "merges": "merges",
    "milestones": "milestones{/number}",
    "notifications": "notifications{?since,all,participating}",
    "pulls": "pulls{/number}",
    "releases": "releases{/id}",
    "stargazers": "stargazers",
    "statuses": "statuses/{sha}",
    "subscribers": "subscribers",
    "subscription": "subscription",
    "tags": "tags",
    "teams": "teams",
    "trees": "git/trees{/sha}",
}
