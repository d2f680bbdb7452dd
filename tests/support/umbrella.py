"""A small GitHub of issues for umbrella tests, behind the real client.

REST goes through PyGithub (answered by ``responses``), GraphQL through httpx (answered by an
``httpx.MockTransport``); both are answered from the same issues, so a write is seen by the
next read. Every GraphQL document is validated against GitHub's real schema when
``tools/fetch-github-descriptions`` has fetched it. ``world.calls`` logs every request as
``(method, path)`` or ``("POST", "graphql <Operation>")``; ``world.before`` runs hooks before
each answer, which is how a test makes a person edit the body at an exact moment. Writes
are timed by a clock that moves a second each time (``world.tick``), so edit history, comment
times and the latest close or reopen read as on GitHub.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import responses
from graphql import FieldNode, IntValueNode, OperationDefinitionNode, ValueNode, VariableNode, parse

from conformance.descriptions import graphql_schema_path
from releasegate.github.client import Connection, GitHub
from releasegate.github.retry import RetryPolicy
from releasegate_standin.graphql.schema_check import load_github_schema, validation_errors

API = "https://api.github.test"
PAGE = 100
Hook = Callable[[str, str], None]


@dataclass
class Comment:
    id: int
    body: str
    created_at: str = "2026-01-01T00:00:00Z"


@dataclass
class Issue:
    number: int
    body: str = ""
    state: str = "open"  # open, closed (a pull request: open, closed, merged)
    state_reason: str | None = None  # REST's words: completed, not_planned, duplicate...
    labels: list[str] = field(default_factory=list)
    pull: bool = False
    sub_issues: list[tuple[str, int]] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    updated_at: str = "2026-01-01T00:00:00Z"
    edits: list[tuple[str, str]] = field(default_factory=list)  # (edited at, the whole body)
    state_changes: list[str] = field(default_factory=list)  # when it was closed or reopened


class World:
    def __init__(self) -> None:
        self.repos: dict[str, dict[int, Issue]] = {}
        self.hidden: set[str] = set()  # repositories the token cannot see
        self.calls: list[tuple[str, str]] = []
        self.before: list[Hook] = []
        self.graphql_errors: list[dict[str, Any]] = []  # added to the next GraphQL answer
        # What an edit's ``diff`` holds: the whole body saved (as GitHub's answers show), or,
        # to test the guard against the schema's wording, only "a summary of the changes".
        self.edit_diffs_are_summaries = False
        self._next_comment = 1000
        self._seconds = 0
        path = graphql_schema_path()
        self.schema = load_github_schema(path) if path else None

    # --- building -------------------------------------------------------------------------

    def issue(self, number: int, repo: str = "acme/app", **fields: Any) -> Issue:
        comments = [self._comment(text) for text in fields.pop("comments", [])]
        made = Issue(number, comments=comments, **fields)
        self.repos.setdefault(repo, {})[number] = made
        return made

    def pull(self, number: int, state: str = "open", repo: str = "acme/app") -> Issue:
        return self.issue(number, repo, state=state, pull=True)

    def get(self, number: int, repo: str = "acme/app") -> Issue:
        return self.repos[repo][number]

    def _comment(self, body: str) -> Comment:
        self._next_comment += 1
        return Comment(self._next_comment, body, self.tick())

    def tick(self) -> str:
        """The time of a write: a second after the one before."""
        self._seconds += 1
        minutes, seconds = divmod(self._seconds, 60)
        return f"2026-01-01T{minutes // 60:02d}:{minutes % 60:02d}:{seconds:02d}Z"

    def save_body(self, issue: Issue, body: str) -> None:
        """A write of the body, kept in the edit history as GitHub keeps it."""
        issue.updated_at = self.tick()
        if body != issue.body:
            issue.edits.append((issue.updated_at, body))
        issue.body = body

    # --- what happened --------------------------------------------------------------------

    @property
    def reads(self) -> list[tuple[str, str]]:
        return [call for call in self.calls if call[0] == "GET" or "graphql" in call[1]]

    @property
    def writes(self) -> list[tuple[str, str]]:
        return [call for call in self.calls if call not in self.reads]

    def github(self) -> GitHub:
        """The real client; REST must run inside ``serve`` (``responses`` is active there)."""
        client = GitHub(Connection(API, f"{API}/graphql", "t0ken"), RetryPolicy(attempts=1))
        client._http = httpx.Client(transport=httpx.MockTransport(self._graphql))
        return client

    @contextmanager
    def serve(self) -> Iterator[World]:
        with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
            for method in ("GET", "PATCH", "POST", "DELETE"):
                mock.add_callback(
                    method, re.compile(rf"{re.escape(API)}(:443)?/repos/.*"), self._rest
                )
            yield self

    def _hooks(self, method: str, path: str) -> None:
        self.calls.append((method, path))
        for hook in list(self.before):
            hook(method, path)

    # --- GraphQL --------------------------------------------------------------------------

    def _graphql(self, request: httpx.Request) -> httpx.Response:
        payload = json.loads(request.content)
        text, variables = payload["query"], payload.get("variables") or {}
        if self.schema is not None:
            problems = validation_errors(self.schema, text)
            assert not problems, problems
        (operation,) = [
            d for d in parse(text).definitions if isinstance(d, OperationDefinitionNode)
        ]
        name = operation.name.value if operation.name else ""
        self._hooks("POST", f"graphql {name}")
        errors, self.graphql_errors = list(self.graphql_errors), []
        if name == "UmbrellaRefs":
            data = self._refs(operation, variables, errors)
        elif name == "UmbrellaBody":
            data = {"repository": {"issue": self._body(variables)}}
        else:
            data = {"repository": {"issue": self._umbrella(variables, name == "UmbrellaIssue")}}
        return httpx.Response(200, json={"data": data, **({"errors": errors} if errors else {})})

    def _umbrella(self, variables: dict[str, Any], whole: bool) -> dict[str, Any] | None:
        repo = f"{variables['owner']}/{variables['name']}"
        issue = self.repos.get(repo, {}).get(variables["number"])
        if issue is None or issue.pull:
            return None
        start = int(variables.get("after") or 0)
        comments = issue.comments[start : start + PAGE]
        page = {
            "pageInfo": {
                "hasNextPage": start + PAGE < len(issue.comments),
                "endCursor": str(start + PAGE),
            },
            "nodes": [{"url": _comment_url(repo, issue, c), "body": c.body} for c in comments],
        }
        if not whole:
            return {"comments": page}
        subs = [(r, self.repos[r][n]) for r, n in issue.sub_issues]
        return {
            "number": issue.number,
            "body": issue.body,
            "state": issue.state.upper(),
            "stateReason": _reason(issue),
            "labels": {"nodes": [{"name": label} for label in issue.labels]},
            "subIssues": {
                "nodes": [
                    {
                        "number": s.number,
                        "state": s.state.upper(),
                        "stateReason": _reason(s),
                        "repository": {"nameWithOwner": r},
                    }
                    for r, s in subs
                ]
            },
            "comments": page,
            "latestComments": {
                "nodes": [{"body": c.body, "createdAt": c.created_at} for c in issue.comments[-20:]]
            },
            "stateChanges": {
                "nodes": [
                    {"__typename": "ClosedEvent", "createdAt": at}
                    for at in issue.state_changes[-1:]
                ]
            },
        }

    def _body(self, variables: dict[str, Any]) -> dict[str, Any] | None:
        issue = self.repos.get(f"{variables['owner']}/{variables['name']}", {}).get(
            variables["number"]
        )
        if issue is None:
            return None
        edits = [
            {"id": f"E{n}", "editedAt": at, "diff": self._diff(body)}
            for n, (at, body) in enumerate(issue.edits)
        ]
        return {
            "body": issue.body,
            "state": issue.state.upper(),
            "updatedAt": issue.updated_at,
            "firstEdits": {"nodes": edits[::-1][:10]},  # GitHub's order is not documented
            "lastEdits": {"nodes": edits[::-1][-10:]},
        }

    def _diff(self, body: str) -> str:
        return f"changed {len(body)} characters" if self.edit_diffs_are_summaries else body

    def _refs(
        self, operation: OperationDefinitionNode, variables: dict[str, Any], errors: list[Any]
    ) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for repo_field in operation.selection_set.selections:
            assert isinstance(repo_field, FieldNode)
            assert repo_field.alias
            args = {a.name.value: variables[_variable(a.value)] for a in repo_field.arguments or ()}
            repo = f"{args['owner']}/{args['name']}"
            alias = repo_field.alias.value
            if repo not in self.repos or repo in self.hidden:
                data[alias] = None
                errors.append(
                    _not_found(
                        [alias], f"Could not resolve to a Repository with the name '{repo}'."
                    )
                )
                continue
            data[alias] = {}
            assert repo_field.selection_set
            for lookup in repo_field.selection_set.selections:
                assert isinstance(lookup, FieldNode)
                assert lookup.alias
                (argument,) = lookup.arguments or ()
                assert isinstance(argument.value, IntValueNode)
                number = int(argument.value.value)
                found = self.repos[repo].get(number)
                data[alias][lookup.alias.value] = _ref_node(found) if found else None
                if found is None:
                    errors.append(_not_found([alias, lookup.alias.value], "Could not resolve."))
        return data

    # --- REST -----------------------------------------------------------------------------

    def _rest(self, request: Any) -> tuple[int, dict[str, str], str]:
        url = urlsplit(request.url)
        path = re.sub(r"^/api/v3", "", url.path)
        self._hooks(request.method, path)
        body = json.loads(request.body) if request.body else {}
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        match = re.fullmatch(
            r"/repos/([^/]+/[^/]+)/issues(?:/(comments/)?(\d+))?(/comments)?", path
        )
        assert match, f"the fake has no {request.method} {path}"
        repo, is_comment, number, comments = match.groups()
        if is_comment and request.method == "DELETE":
            return self._delete_comment(repo, int(number))
        if is_comment:
            return self._edit_comment(repo, int(number), body)
        if number is None:
            return self._list(repo, query)
        issue = self.repos[repo][int(number)]
        if comments and request.method == "GET":
            return 200, {}, json.dumps([_rest_comment(c) for c in issue.comments])
        if comments:
            issue.comments.append(self._comment(body["body"]))
            return 201, {}, json.dumps(_rest_comment(issue.comments[-1]))
        if request.method == "PATCH":
            self._update(issue, body)
        return 200, {}, json.dumps(_rest_issue(issue))

    def _update(self, issue: Issue, body: dict[str, Any]) -> None:
        if "body" in body:
            self.save_body(issue, body["body"])
        was = issue.state
        _update(issue, body)
        if issue.state != was:
            issue.state_changes.append(self.tick())

    def _delete_comment(self, repo: str, comment_id: int) -> tuple[int, dict[str, str], str]:
        for issue in self.repos[repo].values():
            for comment in issue.comments:
                if comment.id == comment_id:
                    issue.comments.remove(comment)
                    return 204, {}, ""
        return 404, {}, json.dumps({"message": "Not Found"})

    def _list(self, repo: str, query: dict[str, str]) -> tuple[int, dict[str, str], str]:
        wanted = query.get("state", "open")
        label = query.get("labels", "").lower()
        issues = [
            issue
            for issue in self.repos.get(repo, {}).values()
            if (wanted == "all" or issue.state == wanted)
            and label in [name.lower() for name in issue.labels]
        ]
        page = int(query.get("page", "1"))
        chunk = issues[(page - 1) * PAGE : page * PAGE]
        headers = {}
        if page * PAGE < len(issues):
            following = f"labels={label}&state={wanted}&per_page=100&page={page + 1}"
            headers["Link"] = f'<{API}/repos/{repo}/issues?{following}>; rel="next"'
        return 200, headers, json.dumps([_rest_issue(issue) for issue in chunk])

    def _edit_comment(
        self, repo: str, comment_id: int, body: dict[str, Any]
    ) -> tuple[int, dict[str, str], str]:
        for issue in self.repos[repo].values():
            for comment in issue.comments:
                if comment.id == comment_id:
                    comment.body = body["body"]
                    return 200, {}, json.dumps({"id": comment_id})
        return 404, {}, json.dumps({"message": "Not Found"})


def _variable(value: ValueNode) -> str:
    assert isinstance(value, VariableNode)
    return value.name.value


def _comment_url(repo: str, issue: Issue, comment: Comment) -> str:
    return f"https://github.com/{repo}/issues/{issue.number}#issuecomment-{comment.id}"


def _reason(issue: Issue) -> str | None:
    return issue.state_reason.upper() if issue.state_reason else None


def _ref_node(issue: Issue) -> dict[str, Any]:
    if issue.pull:
        state = issue.state.upper()
        return {"__typename": "PullRequest", "pullState": state, "merged": state == "MERGED"}
    return {"__typename": "Issue", "issueState": issue.state.upper(), "stateReason": _reason(issue)}


def _not_found(path: list[str], message: str) -> dict[str, Any]:
    return {"type": "NOT_FOUND", "path": path, "message": message}


def _rest_comment(comment: Comment) -> dict[str, Any]:
    return {"id": comment.id, "body": comment.body, "created_at": comment.created_at}


def _update(issue: Issue, body: dict[str, Any]) -> None:
    if body.get("state") == "closed":
        issue.state, issue.state_reason = "closed", body.get("state_reason") or "completed"
    elif body.get("state") == "open":
        issue.state, issue.state_reason = "open", "reopened"


def _rest_issue(issue: Issue) -> dict[str, Any]:
    shape: dict[str, Any] = {
        "number": issue.number,
        "body": issue.body or None,
        "state": "closed" if issue.state == "merged" else issue.state,
        "state_reason": issue.state_reason,
        "labels": [{"name": label} for label in issue.labels],
        "updated_at": issue.updated_at,
    }
    if issue.pull:
        shape["pull_request"] = {"merged_at": None}
    return shape
