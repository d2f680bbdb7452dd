"""The GitHub client: REST through PyGithub's requester, GraphQL through httpx.

Both go through ``call_with_retries`` so they share one retry policy and one error message
shape. Every REST call names an ``Endpoint`` from ``endpoints.py`` and every GraphQL call a
document from ``graphql/``, so the conformance tests see everything this client can send.
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit

from releasegate.errors import GitHubError, UnconfirmedWrite, UsageError
from releasegate.github.documents import document
from releasegate.github.endpoints import Endpoint
from releasegate.github.pages import MAX_PAGES, PER_PAGE, PageGuard, pages_for
from releasegate.github.retry import (
    RetryPolicy,
    TransientFailure,
    call_with_retries,
    classify_response,
    graphql_failure,
)

T = TypeVar("T")
USER_AGENT = "releasegate"
_NEXT_LINK = re.compile(r'<([^>]+)>;\s*rel="next"')


def graphql_url_for(api_url: str) -> str:
    """GitHub.com serves GraphQL at /graphql, GitHub Enterprise Server at /api/graphql."""
    base = api_url.rstrip("/")
    if base.endswith("/api/v3"):
        return base.removesuffix("/v3") + "/graphql"
    return base + "/graphql"


DEFAULT_TIMEOUT = 30.0
TIMEOUT_VARIABLE = "RELEASEGATE_HTTP_TIMEOUT"


@dataclass(frozen=True)
class Connection:
    api_url: str
    graphql_url: str
    token: str | None
    timeout: float = DEFAULT_TIMEOUT  # seconds to connect, and between bytes of an answer


def timeout_from_environment(environ: Mapping[str, str]) -> float:
    """``RELEASEGATE_HTTP_TIMEOUT`` seconds (tests, impatient pipelines), else 30."""
    text = environ.get(TIMEOUT_VARIABLE) or ""
    try:
        seconds = float(text) if text.strip() else DEFAULT_TIMEOUT
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < math.inf:
        raise UsageError(f"{TIMEOUT_VARIABLE} must be a positive number of seconds, got {text!r}")
    return seconds


class GitHub:
    def __init__(self, connection: Connection, retry: RetryPolicy | None = None) -> None:
        self.connection = connection
        self.retry = retry or RetryPolicy.from_environment()
        self._lock = threading.Lock()
        self._requester: Any = None
        self._http: Any = None

    # --- REST ----------------------------------------------------------------------------

    def rest(
        self,
        endpoint: Endpoint,
        *,
        query: Mapping[str, Any] | None = None,
        body: Any = None,
        **params: str | int,
    ) -> Any:
        return self._rest_call(endpoint, endpoint.url_path(**params), query, body)[1]

    def rest_all_pages(
        self,
        endpoint: Endpoint,
        *,
        query: Mapping[str, Any] | None = None,
        budget: int = MAX_PAGES,
        **params: str | int,
    ) -> list[Any]:
        """Every item of a paginated list, following ``Link: rel=next`` (at most ``budget``
        pages; a link back to a page already read is an error, see ``pages.py``)."""
        items: list[Any] = []
        url: str | None = endpoint.url_path(**params)
        first_query = {**(query or {}), "per_page": PER_PAGE}
        page_query: Mapping[str, Any] | None = first_query
        first = _page_key(f"{url}?{urlencode(first_query)}")
        guard = PageGuard(f"{endpoint.method} {url}", budget, first=first)
        while url:
            headers, page = self._rest_call(endpoint, url, page_query, None)
            items.extend(_page_items(page))
            if isinstance(page, dict) and isinstance(page.get("total_count"), int):
                # A list that counts its items has no more pages than the count allows.
                guard.budget = min(guard.budget, pages_for(page["total_count"]))
            url, page_query = _next_link(headers), None
            guard.follow(url and _page_key(url), more=url is not None)
        return items

    def rest_pages_in_parallel(
        self, endpoint: Endpoint, *, total: int, **params: str | int
    ) -> list[Any]:
        """Every item of a page-numbered list whose length is known: all pages at once.

        ``total`` bounds the read, so no empty page is fetched after an exact multiple of 100;
        a list that grew since ``total`` was read belongs to a newer run (a new push triggers
        one). Only if full pages still fall short of ``total`` are more pages read in turn.
        """
        pages = max(1, math.ceil(total / PER_PAGE))
        path = endpoint.url_path(**params)

        def fetch(number: int) -> list[Any]:
            query = {"per_page": PER_PAGE, "page": number}
            return _page_items(self._rest_call(endpoint, path, query, None)[1])

        results = self.parallel([partial(fetch, n) for n in range(1, pages + 1)])
        items = [item for page in results for item in page]
        number = pages
        while len(results[-1]) == PER_PAGE and len(items) < total:
            number += 1
            results.append(fetch(number))
            items.extend(results[-1])
        return items

    def _rest_call(
        self, endpoint: Endpoint, url: str, query: Mapping[str, Any] | None, body: Any
    ) -> tuple[dict[str, str], Any]:
        describe = f"{endpoint.method} {url.split('?', maxsplit=1)[0]}"

        def attempt() -> tuple[dict[str, str], Any]:
            try:
                return self._rest_once(endpoint.method, url, query, body)
            except TransientFailure as failure:
                if endpoint.creates and not failure.refused:
                    raise UnconfirmedWrite(
                        _unconfirmed(describe, failure), failure.description
                    ) from None
                raise

        return call_with_retries(describe, attempt, self.retry)

    def create_once(
        self, describe: str, create: Callable[[], T], find: Callable[[], T | None] | None = None
    ) -> T:
        """``create()`` (a call that makes something), made at most once however its answers
        get lost: after an ``UnconfirmedWrite``, ``find()`` looks for what it made, and only
        when that finds nothing is it made again (within the retry policy). Without ``find``,
        ``create`` must look first itself (list, then update or create)."""
        first = True

        def attempt() -> T:
            nonlocal first
            if not first and find is not None and (found := find()) is not None:
                return found
            first = False
            try:
                return create()
            except UnconfirmedWrite as unknown:
                raise TransientFailure(unknown.cause) from None

        return call_with_retries(describe, attempt, self.retry)

    def _rest_once(
        self, method: str, url: str, query: Mapping[str, Any] | None, body: Any
    ) -> tuple[dict[str, str], Any]:
        import requests  # noqa: PLC0415 - PyGithub's transport, imported with it
        from github import GithubException  # noqa: PLC0415

        try:
            headers, data = self._rest_requester().requestJsonAndCheck(
                method, url, parameters=dict(query) if query else None, input=body
            )
        except GithubException as error:
            raise _rest_failure(method, url, error) from None
        except (requests.ConnectionError, requests.Timeout) as error:
            raise TransientFailure(f"connection failed ({type(error).__name__})") from None
        except json.JSONDecodeError:
            raise TransientFailure("the response body was not complete JSON") from None
        return dict(headers), data

    def _rest_requester(self) -> Any:
        with self._lock:
            if self._requester is None:
                from github import Auth, Github  # noqa: PLC0415 - slow import, only when used

                auth = Auth.Token(self.connection.token) if self.connection.token else None
                self._requester = Github(
                    auth=auth,
                    base_url=self.connection.api_url.rstrip("/"),
                    timeout=math.ceil(self.connection.timeout),  # PyGithub takes whole seconds
                    user_agent=USER_AGENT,
                    retry=None,
                    per_page=PER_PAGE,
                    seconds_between_requests=None,
                    seconds_between_writes=None,
                ).requester
            return self._requester

    # --- GraphQL -------------------------------------------------------------------------

    def graphql(self, name: str, variables: Mapping[str, Any]) -> dict[str, Any]:
        """``data`` of the named document's answer; errors in the answer raise."""
        return self.graphql_text(name, document(name), variables)

    def graphql_text(
        self,
        name: str,
        text: str,
        variables: Mapping[str, Any],
        *,
        tolerate: frozenset[str] = frozenset(),
    ) -> dict[str, Any]:
        """Like ``graphql`` for a document built at run time from validated fragments.

        Errors whose ``type`` is in ``tolerate`` (e.g. NOT_FOUND for a node GitHub cannot
        show) leave that node ``null`` instead of failing the whole answer.
        """

        def attempt() -> dict[str, Any]:
            return self._graphql_once(name, text, variables, tolerate)

        return call_with_retries(f"GraphQL query {name}", attempt, self.retry)

    def _graphql_once(
        self, name: str, text: str, variables: Mapping[str, Any], tolerate: frozenset[str]
    ) -> dict[str, Any]:
        import httpx  # noqa: PLC0415

        try:
            response = self._http_client().post(
                self.connection.graphql_url, json={"query": text, "variables": dict(variables)}
            )
        except httpx.TransportError as error:
            raise TransientFailure(f"connection failed ({type(error).__name__})") from None
        failure = classify_response(response.status_code, response.headers, response.text)
        if failure:
            raise failure
        if response.status_code != 200:
            message = _message_of(response.text)
            raise GitHubError(
                f"GraphQL query {name} was refused: HTTP {response.status_code} {message}. "
                "Check that the token can read this repository.",
                status=response.status_code,
            )
        try:
            answer = response.json()
        except json.JSONDecodeError:
            raise TransientFailure("the response body was not complete JSON") from None
        return _graphql_data(name, answer, tolerate)

    def _http_client(self) -> Any:
        with self._lock:
            if self._http is None:
                import httpx  # noqa: PLC0415

                headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
                if self.connection.token:
                    headers["Authorization"] = f"bearer {self.connection.token}"
                self._http = httpx.Client(headers=headers, timeout=self.connection.timeout)
            return self._http

    # --- running calls side by side ------------------------------------------------------

    def parallel(self, calls: Iterable[Callable[[], T]]) -> list[T]:
        """Run independent calls at once; results in order; the first error is raised."""
        calls = list(calls)
        if len(calls) <= 1:
            return [call() for call in calls]
        with ThreadPoolExecutor(max_workers=min(8, len(calls))) as pool:
            futures = [pool.submit(call) for call in calls]
            return [future.result() for future in futures]

    def close(self) -> None:
        if self._http is not None:
            self._http.close()


def _page_items(page: Any) -> list[Any]:
    if isinstance(page, list):
        return page
    # A few list endpoints wrap their items: {"total_count": n, "check_runs": [...]}.
    lists = [value for value in (page or {}).values() if isinstance(value, list)]
    if len(lists) != 1:
        raise GitHubError("GitHub answered a list request with something that is not a list")
    return lists[0]


def _next_link(headers: Mapping[str, str]) -> str | None:
    link = {k.lower(): v for k, v in headers.items()}.get("link", "")
    match = _NEXT_LINK.search(link)
    return match.group(1) if match else None


def _page_key(url: str) -> frozenset[tuple[str, str]]:
    """Which page of its list a URL names: its query without ``per_page`` (GitHub's links
    name the repository by id, the first request by name: the path cannot tell)."""
    pairs = {(k, v) for k, v in parse_qsl(urlsplit(url).query) if k != "per_page"}
    if not any(key in ("page", "after", "before", "cursor") for key, _ in pairs):
        pairs.add(("page", "1"))
    return frozenset(pairs)


def _rest_failure(method: str, url: str, error: Any) -> Exception:
    body = json.dumps(error.data) if error.data is not None else ""
    failure = classify_response(error.status, error.headers or {}, body)
    if failure:
        return failure
    message = _message_of(body)
    path = url.split("?", maxsplit=1)[0]
    return GitHubError(
        f"{method} {path} was refused: HTTP {error.status} {message}".rstrip(),
        status=error.status,
    )


def _unconfirmed(describe: str, failure: TransientFailure) -> str:
    return (
        f"{describe} failed: {failure.description}, and GitHub may have made it all the same; "
        "it was not sent again blindly, so nothing is made twice. Re-run the job: it looks for "
        "what exists before making anything."
    )


def _message_of(body: str) -> str:
    try:
        message = json.loads(body).get("message", "")
    except (json.JSONDecodeError, AttributeError):
        return ""
    return f"({message})" if message else ""


def _graphql_data(name: str, answer: Any, tolerate: frozenset[str]) -> dict[str, Any]:
    if not isinstance(answer, dict):
        raise TransientFailure("the GraphQL answer was not an object")
    errors = answer.get("errors") or []
    failure = graphql_failure([e for e in errors if isinstance(e, dict)], answer.get("data"))
    if failure:
        raise failure
    errors = [e for e in errors if not _tolerated(e, tolerate)]
    if errors:
        messages = "; ".join(str(e.get("message", e)) for e in errors if isinstance(e, dict))
        not_found = all(isinstance(e, dict) and e.get("type") == "NOT_FOUND" for e in errors)
        raise GitHubError(
            f"GraphQL query {name} answered with errors: {messages}",
            status=404 if not_found else None,
        )
    data = answer.get("data")
    if not isinstance(data, dict):
        raise TransientFailure("the GraphQL answer had no data")
    return data


def _tolerated(error: Any, tolerate: frozenset[str]) -> bool:
    """A node GitHub could not show: it stays ``null`` at its path."""
    return isinstance(error, dict) and error.get("type") in tolerate and bool(error.get("path"))
