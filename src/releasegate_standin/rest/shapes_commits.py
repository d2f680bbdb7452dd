"""REST JSON of what hangs off commits: check runs, statuses, deployments, file contents;
and the collaborator permission answer."""

from __future__ import annotations

import base64

from releasegate.github import endpoints
from releasegate_standin.git.ids import blob_oid, sha_of_name
from releasegate_standin.rest import endpoints as standin_only
from releasegate_standin.rest.shapes import Json, user
from releasegate_standin.state.generate import iso
from releasegate_standin.state.records import (
    CheckRun,
    Commit,
    CommitStatus,
    Deployment,
    DeploymentStatus,
    app_id,
    app_name,
    node_id,
    user_id,
)
from releasegate_standin.state.store import Repo
from releasegate_standin.urls import Urls

_FOLDED_PERMISSION = {"maintain": "write", "triage": "read"}


def check_run(urls: Urls, repo: Repo, run: CheckRun) -> Json:
    run_url = urls.endpoint(
        endpoints.UPDATE_CHECK_RUN, owner=repo.owner, repo=repo.name, check_run_id=run.id
    )
    return {
        "id": run.id,
        "head_sha": run.head_sha,
        "node_id": node_id("CheckRun", run.id),
        "external_id": run.external_id or "",
        "url": run_url,
        "html_url": f"{urls.repo_html(repo)}/runs/{run.id}",
        "details_url": run.details_url or f"{urls.repo_html(repo)}/runs/{run.id}",
        "status": run.status,
        "conclusion": run.conclusion,
        "started_at": iso(run.started_at),
        "completed_at": iso(run.completed_at),
        "output": {
            "title": run.title,
            "summary": run.summary,
            "text": run.text,
            "annotations_count": len(run.annotations),
            "annotations_url": f"{run_url}/annotations",
        },
        "name": run.name,
        "check_suite": {"id": run.suite_id},
        "app": app(urls, run.app),
        "pull_requests": [],
    }


def app(urls: Urls, slug: str) -> Json:
    return {
        "id": app_id(slug),
        "slug": slug,
        "node_id": node_id("App", app_id(slug)),
        "owner": user(urls, "github"),
        "name": app_name(slug),
        "description": "",
        "external_url": urls.app_page(slug),
        "html_url": urls.app_page(slug),
        "created_at": "2018-07-30T09:30:17Z",
        "updated_at": "2024-04-10T20:33:16Z",
        "permissions": {"checks": "write", "contents": "write", "metadata": "read"},
        "events": [],
    }


def status(urls: Urls, repo: Repo, item: CommitStatus) -> Json:
    return {
        "url": urls.endpoint(
            endpoints.CREATE_COMMIT_STATUS, owner=repo.owner, repo=repo.name, sha=item.sha
        ),
        "avatar_url": user(urls, item.creator)["avatar_url"],
        "id": item.id,
        "node_id": node_id("StatusContext", item.id),
        "state": item.state,
        "description": item.description,
        "target_url": item.target_url,
        "context": item.context,
        "created_at": iso(item.created_at),
        "updated_at": iso(item.created_at),
        "creator": user(urls, item.creator),
    }


def deployment(urls: Urls, repo: Repo, item: Deployment) -> Json:
    statuses_url = urls.endpoint(
        standin_only.LIST_DEPLOYMENT_STATUSES,
        owner=repo.owner,
        repo=repo.name,
        deployment_id=item.id,
    )
    return {
        "url": statuses_url.removesuffix("/statuses"),
        "id": item.id,
        "node_id": node_id("Deployment", item.id),
        "sha": item.sha,
        "ref": item.ref,
        "task": item.task,
        "payload": {},
        "original_environment": item.environment,
        "environment": item.environment,
        "description": item.description,
        "creator": user(urls, item.creator),
        "created_at": iso(item.created_at),
        "updated_at": iso(item.statuses[-1].created_at if item.statuses else item.created_at),
        "statuses_url": statuses_url,
        "repository_url": urls.repo_api(repo),
        "transient_environment": False,
        "production_environment": item.environment == "production",
    }


def deployment_status(urls: Urls, repo: Repo, parent: Deployment, item: DeploymentStatus) -> Json:
    deployment_url = deployment(urls, repo, parent)["url"]
    return {
        "url": f"{deployment_url}/statuses/{item.id}",
        "id": item.id,
        "node_id": node_id("DeploymentStatus", item.id),
        "state": item.state,
        "creator": user(urls, item.creator),
        "description": item.description,
        "environment": item.environment,
        "target_url": item.log_url,
        "created_at": iso(item.created_at),
        "updated_at": iso(item.created_at),
        "deployment_url": deployment_url,
        "repository_url": urls.repo_api(repo),
        "environment_url": item.environment_url,
        "log_url": item.log_url,
    }


def permission(urls: Urls, role: str, login: str) -> Json:
    rank = ("read", "triage", "write", "maintain", "admin")
    level = rank.index(role) if role in rank else 0
    person = user(urls, login)
    person["permissions"] = {
        "admin": level >= 4,
        "maintain": level >= 3,
        "push": level >= 2,
        "triage": level >= 1,
        "pull": True,
    }
    person["role_name"] = role
    return {
        "permission": _FOLDED_PERMISSION.get(role, role if role in rank else "read"),
        "role_name": role,
        "user": person,
    }


def content(urls: Urls, repo: Repo, path: str, ref: str, data: bytes) -> Json:
    encoded = base64.b64encode(data).decode()
    # GitHub wraps the base64 text at 60 characters, each line ending in a newline.
    wrapped = "".join(encoded[i : i + 60] + "\n" for i in range(0, len(encoded), 60))
    return {
        **_entry(urls, repo, path, ref, "file", data=data),
        "encoding": "base64",
        "content": wrapped,
    }


def directory_entry(urls: Urls, repo: Repo, path: str, ref: str, kind: str) -> Json:
    return _entry(urls, repo, path, ref, kind, data=b"")


def _entry(urls: Urls, repo: Repo, path: str, ref: str, kind: str, *, data: bytes) -> Json:
    sha = blob_oid(data) if kind == "file" else sha_of_name(f"tree:{ref}:{path}")
    self_url = urls.endpoint(endpoints.GET_CONTENT, owner=repo.owner, repo=repo.name, path=path)
    git_url = urls.repo_path(repo, "git", "blobs" if kind == "file" else "trees", sha)
    html_url = f"{urls.repo_html(repo)}/{'blob' if kind == 'file' else 'tree'}/{ref}/{path}"
    return {
        "type": kind,
        "size": len(data),
        "name": path.rsplit("/", 1)[-1],
        "path": path,
        "sha": sha,
        "url": f"{self_url}?ref={ref}",
        "git_url": git_url,
        "html_url": html_url,
        "download_url": f"https://raw.githubusercontent.com/{repo.full_name}/{ref}/{path}"
        if kind == "file"
        else None,
        "_links": {"self": f"{self_url}?ref={ref}", "git": git_url, "html": html_url},
    }


def file_commit(urls: Urls, repo: Repo, path: str, branch: str, commit: Commit) -> Json:
    """The answer to a contents write: the file as it is now, and the commit that made it."""
    data = commit.files[path]
    content = _entry(urls, repo, path, branch, "file", data=data)
    person = {"date": iso(commit.committed_at), "name": commit.author, "email": _email(commit)}
    return {
        "content": content,
        "commit": {
            "sha": commit.sha,
            "node_id": node_id("Commit", commit.sha),
            "url": urls.repo_path(repo, "git", "commits", commit.sha),
            "html_url": f"{urls.repo_html(repo)}/commit/{commit.sha}",
            "author": person,
            "committer": person,
            "message": commit.message,
            "tree": {"url": urls.repo_path(repo, "git", "trees", commit.tree), "sha": commit.tree},
            "parents": [
                {
                    "url": urls.repo_path(repo, "git", "commits", parent),
                    "html_url": f"{urls.repo_html(repo)}/commit/{parent}",
                    "sha": parent,
                }
                for parent in commit.parents
            ],
            "verification": {
                "verified": False,
                "reason": "unsigned",
                "signature": None,
                "payload": None,
                "verified_at": None,
            },
        },
    }


def _email(commit: Commit) -> str:
    login = commit.author.removesuffix("[bot]")
    return f"{user_id(commit.author)}+{login}@users.noreply.github.com"


def git_ref(urls: Urls, repo: Repo, ref: str, sha: str) -> Json:
    return {
        "ref": ref,
        "node_id": node_id("Ref", f"{repo.id}:{ref}"),
        "url": urls.repo_path(repo, "git", *ref.split("/")),
        "object": {
            "sha": sha,
            "type": "commit",
            "url": urls.repo_path(repo, "git", "commits", sha),
        },
    }


def blob(urls: Urls, repo: Repo, sha: str, data: bytes) -> Json:
    return {
        "sha": sha,
        "node_id": node_id("Blob", sha),
        "size": len(data),
        "url": urls.endpoint(endpoints.GET_BLOB, owner=repo.owner, repo=repo.name, file_sha=sha),
        "content": base64.b64encode(data).decode(),
        "encoding": "base64",
    }
