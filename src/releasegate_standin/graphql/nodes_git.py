"""GraphQL nodes of git objects and what hangs off commits: checks, statuses, deployments."""

from __future__ import annotations

from typing import Any

from releasegate_standin.git.ids import blob_oid, tree_oid
from releasegate_standin.graphql import nodes, nodes_checks
from releasegate_standin.graphql.connections import Node, View, connection, html_path
from releasegate_standin.state.generate import iso
from releasegate_standin.state.records import Commit, node_id
from releasegate_standin.state.store import Repo

TEXT_LIMIT = 512 * 1024  # bytes of a blob's text GraphQL returns before isTruncated


def repository_git_fields(view: View, repo: Repo) -> Node:
    def git_object(
        info: object, expression: str | None = None, oid: str | None = None
    ) -> Node | None:
        if oid is not None:
            return _object_by_oid(view, repo, oid)
        return _object_at(view, repo, expression or "")

    return {
        "object": git_object,
        "ref": lambda info, qualifiedName: ref_node(view, repo, qualifiedName),
        "defaultBranchRef": lambda info: ref_node(view, repo, repo.default_branch),
        "deployments": lambda info, **args: nodes_checks.deployments(
            view, repo, repo.deployments, args
        ),
    }


def _object_at(view: View, repo: Repo, expression: str) -> Node | None:
    """``<rev>`` (a commit) or ``<rev>:<path>`` (a blob or a tree), as ``git rev-parse``."""
    rev, colon, path = expression.partition(":")
    commit = repo.resolve(rev) if rev else None
    if commit is None:
        return None
    if not colon:
        return commit_node(view, repo, commit)
    return _path_node(view, repo, commit, path.strip("/"))


def _path_node(view: View, repo: Repo, commit: Commit, path: str) -> Node | None:
    if path in commit.files:
        return blob_node(view, repo, commit, commit.files[path])
    prefix = f"{path}/" if path else ""
    inside = {p[len(prefix) :]: data for p, data in commit.files.items() if p.startswith(prefix)}
    if not inside and path:
        return None
    return tree_node(view, repo, commit, path, inside)


def _object_by_oid(view: View, repo: Repo, oid: str) -> Node | None:
    if oid in repo.commits:
        return commit_node(view, repo, repo.commits[oid])
    for commit in repo.commits.values():
        if commit.tree == oid:
            return tree_node(view, repo, commit, "", commit.files)
        for data in commit.files.values():
            if blob_oid(data) == oid:
                return blob_node(view, repo, commit, data)
    return None


def _git_object(view: View, repo: Repo, kind: str, oid: str, commit: Commit) -> Node:
    commit_url = f"{view.urls.repo_html(repo)}/commit/{commit.sha}"
    return {
        "__typename": kind,
        "id": node_id(kind, oid),
        "oid": oid,
        "abbreviatedOid": oid[:7],
        "commitUrl": commit_url,
        "commitResourcePath": html_path(view, commit_url),
        "repository": lambda info: repository(view, repo),
    }


def repository(view: View, repo: Repo) -> Node:
    return nodes.repository_node(view, repo)


def blob_node(view: View, repo: Repo, commit: Commit, data: bytes) -> Node:
    try:
        text: str | None = data[:TEXT_LIMIT].decode("utf-8")
    except UnicodeDecodeError:
        text = None
    binary = text is None or "\0" in text
    return {
        **_git_object(view, repo, "Blob", blob_oid(data), commit),
        "byteSize": len(data),
        "isBinary": binary,
        "isTruncated": len(data) > TEXT_LIMIT,
        "text": None if binary else text,
    }


def tree_node(view: View, repo: Repo, commit: Commit, path: str, files: dict[str, bytes]) -> Node:
    oid = commit.tree if not path else tree_oid(files)

    def entries(info: object) -> list[Node]:
        names: dict[str, bool] = {}
        for inner in files:
            name, _, rest = inner.partition("/")
            names[name] = names.get(name, False) or bool(rest)
        return [
            _entry(view, repo, commit, f"{path}/{n}".strip("/"), d)
            for n, d in sorted(names.items())
        ]

    return {**_git_object(view, repo, "Tree", oid, commit), "entries": entries}


def _entry(view: View, repo: Repo, commit: Commit, path: str, directory: bool) -> Node:
    target = _path_node(view, repo, commit, path)
    assert target is not None
    data = b"" if directory else commit.files[path]
    name = path.rsplit("/", 1)[-1]
    return {
        "name": name,
        "path": path,
        "oid": target["oid"],
        "type": "tree" if directory else "blob",
        "mode": 16384 if directory else 33188,
        "size": len(data),
        "extension": f".{name.rsplit('.', 1)[-1]}" if "." in name and not directory else None,
        "isGenerated": False,
        "lineCount": None if directory else data.count(b"\n") + (0 if data.endswith(b"\n") else 1),
        "object": target,
    }


def ref_node(view: View, repo: Repo, name: str) -> Node | None:
    branch = name.removeprefix("refs/heads/")
    sha = repo.branch_sha(branch)
    if sha is None or sha not in repo.commits:
        return None
    return {
        "id": node_id("Ref", f"{repo.id}:{branch}"),
        "name": branch,
        "prefix": "refs/heads/",
        "target": lambda info: commit_node(view, repo, repo.commits[sha]),
        "repository": lambda info: repository(view, repo),
    }


def commit_by_sha(view: View, repo: Repo, sha: str | None) -> Node | None:
    commit = repo.commits.get(sha) if sha else None
    return commit_node(view, repo, commit) if commit else None


def pull_commit_node(view: View, repo: Repo, pull_url: str, sha: str) -> Node:
    url = f"{pull_url}/commits/{sha}"
    return {
        "id": node_id("PullRequestCommit", sha),
        "url": url,
        "resourcePath": html_path(view, url),
        "commit": lambda info: commit_node(view, repo, repo.commits[sha]),
    }


def commit_node(view: View, repo: Repo, commit: Commit) -> Node:
    url = f"{view.urls.repo_html(repo)}/commit/{commit.sha}"
    headline, _, rest = commit.message.partition("\n")
    runs = repo.check_runs_for(commit.sha)
    return {
        **_git_object(view, repo, "Commit", commit.sha, commit),
        "url": url,
        "resourcePath": html_path(view, url),
        "message": commit.message,
        "messageHeadline": headline,
        "messageBody": rest.strip(),
        "committedDate": iso(commit.committed_at),
        "authoredDate": iso(commit.committed_at),
        "tree": lambda info: tree_node(view, repo, commit, "", commit.files),
        "file": lambda info, path: _file_entry(view, repo, commit, path),
        "parents": lambda info, **args: connection(
            [repo.commits[sha] for sha in commit.parents if sha in repo.commits],
            args,
            lambda parent: commit_node(view, repo, parent),
        ),
        "checkSuites": lambda info, **args: nodes_checks.check_suites(
            view, repo, commit, runs, args
        ),
        "status": lambda info: nodes_checks.status_node(view, repo, commit),
        "deployments": lambda info, **args: nodes_checks.deployments(
            view, repo, [d for d in repo.deployments if d.sha == commit.sha], args
        ),
        "associatedPullRequests": lambda info, **args: _associated_pulls(view, repo, commit, args),
        "history": lambda info, **args: connection(
            _history(repo, commit), args, lambda item: commit_node(view, repo, item)
        ),
    }


def _history(repo: Repo, commit: Commit) -> list[Commit]:
    """The commit and its ancestors, newest first, as `git log` lists them."""
    seen: dict[str, Commit] = {}
    waiting = [commit]
    while waiting:
        current = waiting.pop()
        if current.sha in seen:
            continue
        seen[current.sha] = current
        waiting += [repo.commits[sha] for sha in current.parents if sha in repo.commits]
    return sorted(seen.values(), key=lambda item: item.committed_at, reverse=True)


def _file_entry(view: View, repo: Repo, commit: Commit, path: str) -> Node | None:
    path = path.strip("/")
    directory = path not in commit.files
    if directory and not any(p.startswith(f"{path}/") for p in commit.files):
        return None
    return _entry(view, repo, commit, path, directory)


def _associated_pulls(view: View, repo: Repo, commit: Commit, args: dict[str, Any]) -> Node:
    pulls = [
        issue
        for issue in repo.issues.values()
        if issue.pull and commit.sha in (issue.pull.head_sha, issue.pull.merge_commit_sha)
    ]
    return connection(pulls, args, lambda issue: nodes.pull_request_node(view, repo, issue))
