"""Every REST endpoint releasegate calls, declared once.

Paths are written exactly as in GitHub's OpenAPI description (``{owner}``, ``{repo}``...), so a
conformance test can check each against ``@octokit/openapi`` and the client cannot call a path
that is not declared here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final
from urllib.parse import quote

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    creates: bool = False  # each call makes a new thing: never sent twice blindly

    def url_path(self, **params: str | int) -> str:
        """The path with its placeholders filled in, each value URL-quoted."""

        def fill(match: re.Match[str]) -> str:
            name = match.group(1)
            # A file path keeps its slashes; any other value is one path segment.
            return quote(str(params[name]), safe="/" if name == "path" else "")

        return _PLACEHOLDER.sub(fill, self.path)

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def _endpoint(method: str, path: str, *, creates: bool = False) -> Endpoint:
    return Endpoint(method, path, creates)


_REPO = "/repos/{owner}/{repo}"

GET_PULL_FILES: Final = _endpoint("GET", _REPO + "/pulls/{pull_number}/files")
GET_COLLABORATOR_PERMISSION: Final = _endpoint(
    "GET", _REPO + "/collaborators/{username}/permission"
)
LIST_CHECK_RUNS_FOR_REF: Final = _endpoint("GET", _REPO + "/commits/{ref}/check-runs")
CREATE_CHECK_RUN: Final = _endpoint("POST", _REPO + "/check-runs", creates=True)
UPDATE_CHECK_RUN: Final = _endpoint("PATCH", _REPO + "/check-runs/{check_run_id}")
CREATE_COMMIT_STATUS: Final = _endpoint("POST", _REPO + "/statuses/{sha}")
LIST_ISSUE_COMMENTS: Final = _endpoint("GET", _REPO + "/issues/{issue_number}/comments")
CREATE_ISSUE_COMMENT: Final = _endpoint(
    "POST", _REPO + "/issues/{issue_number}/comments", creates=True
)
UPDATE_ISSUE_COMMENT: Final = _endpoint("PATCH", _REPO + "/issues/comments/{comment_id}")
DELETE_ISSUE_COMMENT: Final = _endpoint("DELETE", _REPO + "/issues/comments/{comment_id}")
GET_ISSUE: Final = _endpoint("GET", _REPO + "/issues/{issue_number}")
UPDATE_ISSUE: Final = _endpoint("PATCH", _REPO + "/issues/{issue_number}")
LIST_ISSUES: Final = _endpoint("GET", _REPO + "/issues")
CREATE_ISSUE: Final = _endpoint("POST", _REPO + "/issues", creates=True)
LIST_ISSUE_EVENTS: Final = _endpoint("GET", _REPO + "/issues/{issue_number}/events")
ADD_LABELS: Final = _endpoint("POST", _REPO + "/issues/{issue_number}/labels")
ADD_ASSIGNEES: Final = _endpoint("POST", _REPO + "/issues/{issue_number}/assignees")
GET_PULL: Final = _endpoint("GET", _REPO + "/pulls/{pull_number}")
LIST_PULLS: Final = _endpoint("GET", _REPO + "/pulls")
CREATE_PULL: Final = _endpoint("POST", _REPO + "/pulls", creates=True)
REQUEST_REVIEWERS: Final = _endpoint("POST", _REPO + "/pulls/{pull_number}/requested_reviewers")
# The watch history: a file on a branch of its own, written with the blob sha it replaces.
GET_CONTENT: Final = _endpoint("GET", _REPO + "/contents/{path}")
PUT_CONTENT: Final = _endpoint("PUT", _REPO + "/contents/{path}")
GET_BLOB: Final = _endpoint("GET", _REPO + "/git/blobs/{file_sha}")
GET_REF: Final = _endpoint("GET", _REPO + "/git/ref/{ref}")
# Not `creates`: sent twice, the second answers 422 "Reference already exists".
CREATE_REF: Final = _endpoint("POST", _REPO + "/git/refs")


def all_endpoints() -> tuple[Endpoint, ...]:
    """Every endpoint declared in this module (for the conformance test)."""
    return tuple(value for value in globals().values() if isinstance(value, Endpoint))
