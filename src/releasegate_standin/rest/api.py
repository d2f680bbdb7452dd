"""The REST half of the stand-in: every endpoint of ``releasegate.github.endpoints``, and
the few of ``endpoints.py`` that only the stand-in serves.

Routes are compiled from the registries, so the stand-in serves exactly the paths releasegate
may call and its own (``test_every_endpoint_has_a_handler`` keeps them in step). Lists
paginate like GitHub: ``per_page`` (default 30, at most 100) and ``page``, with an RFC 5988
``Link`` header whose URLs name the repository by id (``/repositories/<id>/...``), as
GitHub's do.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar
from urllib.parse import unquote, urlencode

from releasegate.github import endpoints
from releasegate.github.endpoints import Endpoint
from releasegate_standin.rest.shapes import Json
from releasegate_standin.state.records import Issue
from releasegate_standin.state.store import Repo, State
from releasegate_standin.urls import Urls

T = TypeVar("T")
DOCS = "https://docs.github.com/rest"
DEFAULT_PER_PAGE = 30
MAX_PER_PAGE = 100
BOT = "github-actions[bot]"
_BY_ID = re.compile(r"^/repositories/(\d+)(/.*)?$")


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # as sent: percent-encoded, without the query
    query: list[tuple[str, str]] = field(default_factory=list)
    body: Any = None
    actor: str = BOT  # who the token belongs to

    def arg(self, name: str, default: str | None = None) -> str | None:
        values = [value for key, value in self.query if key == name]
        return values[-1] if values else default


@dataclass
class Response:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Call:
    """One routed request: the repository it names and the path's parameters, unquoted."""

    state: State
    urls: Urls
    repo: Repo
    params: dict[str, str]
    request: Request

    @property
    def actor(self) -> str:
        return self.request.actor

    def number(self, name: str) -> int | None:
        value = self.params[name]
        return int(value) if value.isdigit() else None

    def issue(self, name: str = "issue_number") -> Issue | None:
        number = self.number(name)
        return self.repo.issue(number) if number is not None else None

    def pull(self) -> Issue | None:
        number = self.number("pull_number")
        return self.repo.pull(number) if number is not None else None


Handler = Callable[[Call], Response]


# --- answers ---------------------------------------------------------------------------------


def error(status: int, message: str, **extra: Any) -> Response:
    return Response(
        status, {"message": message, **extra, "documentation_url": DOCS, "status": str(status)}
    )


def not_found() -> Response:
    return error(404, "Not Found")


def invalid(resource: str, field_name: str, code: str = "missing_field") -> Response:
    """GitHub's 422 for a request body that misses or gets wrong one field."""
    problem = {"resource": resource, "code": code, "field": field_name}
    return error(422, "Validation Failed", errors=[problem])


def json_of(status: int, body: Any, location: str | None = None) -> Response:
    return Response(status, body, {"Location": location} if location else {})


def paginate(
    call: Call,
    items: Sequence[T],
    shape: Callable[[T], Json],
    *,
    wrap: str | None = None,
) -> Response:
    """One page of ``items`` as GitHub serves it, with the ``Link`` header to the others."""
    per_page = _whole(call.request.arg("per_page"), DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    page = _whole(call.request.arg("page"), 1, 1, 10**6)
    last = max(1, math.ceil(len(items) / per_page))
    chunk = [shape(item) for item in items[(page - 1) * per_page : page * per_page]]
    body: Any = {"total_count": len(items), wrap: chunk} if wrap else chunk
    response = Response(200, body)
    if last > 1 or page > 1:
        response.headers["Link"] = _link_header(call, page, last)
    return response


def _whole(text: str | None, default: int, low: int, high: int) -> int:
    if text is None or not text.strip().isdigit() or int(text) < low:
        return default
    return min(int(text), high)


def _link_header(call: Call, page: int, last: int) -> str:
    # GitHub's links name the repository by id: /repositories/1296269/issues?page=2
    suffix = call.request.path.removeprefix(repo_prefix(call.repo.owner, call.repo.name))
    base = f"{call.urls.api}/repositories/{call.repo.id}{suffix}"

    def url(number: int) -> str:
        query = [(k, v) for k, v in call.request.query if k != "page"] + [("page", str(number))]
        return f"{base}?{urlencode(query)}"

    links = []
    if page > 1:
        links.append(f'<{url(min(page - 1, last))}>; rel="prev"')
    if page < last:
        links += [f'<{url(page + 1)}>; rel="next"', f'<{url(last)}>; rel="last"']
    if page > 1:
        links.append(f'<{url(1)}>; rel="first"')
    return ", ".join(links)


# --- routing ---------------------------------------------------------------------------------


def repo_prefix(owner: str, name: str) -> str:
    """``/repos/<owner>/<name>``, taken from the registry rather than written here."""
    return endpoints.LIST_PULLS.url_path(owner=owner, repo=name).removesuffix("/pulls")


def _pattern(endpoint: Endpoint) -> re.Pattern[str]:
    # re.split with a group alternates literal text and placeholder names.
    pieces = re.split(r"\{([a-z_]+)\}", endpoint.path)
    regex = "".join(
        re.escape(piece) if index % 2 == 0 else _group(piece) for index, piece in enumerate(pieces)
    )
    return re.compile(f"^{regex}$")


def _group(name: str) -> str:
    # A file path keeps its slashes; any other parameter is one path segment.
    return f"(?P<{name}>.+)" if name == "path" else f"(?P<{name}>[^/]+)"


class RestApi:
    """Routes a request to its handler, under the state's lock."""

    def __init__(self, state: State, urls: Urls, handlers: Mapping[Endpoint, Handler]) -> None:
        self.state, self.urls = state, urls
        self.routes = [(endpoint, _pattern(endpoint), handlers[endpoint]) for endpoint in handlers]

    def handle(self, request: Request) -> Response:
        with self.state.lock:
            path = self._by_name(request.path)
            if path is None:
                return not_found()
            for endpoint, pattern, handler in self.routes:
                match = pattern.match(path)
                if match is None or endpoint.method != request.method:
                    continue
                params = {key: unquote(value) for key, value in match.groupdict().items()}
                repo = self.state.repo(params["owner"], params["repo"])
                if repo is None:
                    return not_found()
                routed = replace(request, path=path)
                return handler(Call(self.state, self.urls, repo, params, routed))
            return not_found()

    def _by_name(self, path: str) -> str | None:
        """The path with a ``/repositories/<id>`` prefix (from a Link header) turned into
        the ``/repos/<owner>/<name>`` form the routes use."""
        match = _BY_ID.match(path)
        if not match:
            return path
        repo = self.state.repo_by_id(int(match.group(1)))
        return repo_prefix(repo.owner, repo.name) + (match.group(2) or "") if repo else None
