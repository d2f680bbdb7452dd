"""What can go wrong with GitHub, aimed at one kind of request at a time.

``FAULTS`` is the catalogue of the reliability matrix (``LIES``: answers that lie about their
lists; ``KILLED``: the kill sweeps; ``MATRIX_ROWS`` all of them, in the README's order);
``request_kinds`` reads the kinds of request a clean run made from the stand-in's log (named
by endpoint template or GraphQL operation, never hand-listed), each with a fault target that
hits that kind and no other.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any, Literal

import pytest

from releasegate.github.endpoints import Endpoint, all_endpoints
from releasegate_standin import Fault, LoggedRequest
from releasegate_standin.faults import FaultKind

Times = int | Literal["always"]

CLIENT_TIMEOUT = 0.5  # RELEASEGATE_HTTP_TIMEOUT in the runs of the suite
RETRY_AFTER = 1.0  # seconds a rate-limit answer asks the client to wait
GRAPHQL = "graphql"
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
_BY_ID = re.compile(r"^/repositories/\d+(?=/)")  # pagination links name repositories by id


@dataclass(frozen=True)
class RequestKind:
    """One kind of request: an endpoint of ``github/endpoints.py`` or a GraphQL operation."""

    name: str
    method: str
    target: str  # the fault's path: a glob only this kind matches, or "graphql"
    operation: str | None = None
    creates: bool = False  # the endpoint makes something new with each call

    @property
    def is_graphql(self) -> bool:
        return self.operation is not None

    @property
    def is_write(self) -> bool:
        return not self.is_graphql and self.method != "GET"

    def matches(self, entry: LoggedRequest) -> bool:
        return kind_name(entry) == self.name


@dataclass(frozen=True)
class FaultCase:
    """A fault of the catalogue: ``label`` names it in the matrix."""

    label: str
    kind: FaultKind
    options: Mapping[str, Any] = field(default_factory=dict)
    cause: str = ""  # words the error message must contain
    graphql_only: bool = False
    lie: bool = False  # a 200 that lies about its list (lies.py): judged on every answer

    def aimed_at(self, request: RequestKind, times: Times) -> Fault:
        return Fault(
            self.kind,
            method=request.method,
            path=request.target,
            operation=request.operation,
            times=times,
            **self.options,
        )

    def applies_to(self, request: RequestKind) -> bool:
        if self.lie:  # a lie is about a list: what a read answers
            return request.is_graphql or (not self.graphql_only and request.method == "GET")
        return request.is_graphql or not self.graphql_only


FAULTS: tuple[FaultCase, ...] = (
    FaultCase("HTTP 500", "status", {"status": 500}, "HTTP 500"),
    FaultCase("HTTP 502", "status", {"status": 502}, "HTTP 502"),
    FaultCase("HTTP 503", "status", {"status": 503}, "HTTP 503"),
    FaultCase("429 + Retry-After", "too-many-requests", {"retry_after": RETRY_AFTER}, "HTTP 429"),
    FaultCase(
        "403 secondary rate limit",
        "secondary-rate-limit",
        {"retry_after": RETRY_AFTER},
        "secondary rate limit",
    ),
    FaultCase("connection reset", "reset", cause="connection failed"),
    FaultCase("timeout", "timeout", {"seconds": CLIENT_TIMEOUT * 6}, "connection failed"),
    FaultCase("truncated JSON", "truncated", cause="not complete JSON"),
    FaultCase("GraphQL 200 + errors", "graphql-errors", cause="went wrong", graphql_only=True),
)


# Lists that lie (issue 14): every answer of the kind lies, so each is run on every attempt.
LIES: tuple[FaultCase, ...] = (
    FaultCase(
        "next page without a cursor",
        "next-page-without-cursor",
        cause="could not be read to its end",
        graphql_only=True,
        lie=True,
    ),
    FaultCase(
        "next page already read",
        "next-page-already-read",
        cause="could not be read to its end",
        lie=True,
    ),
    FaultCase("count above the list", "count-above-list", cause="but listed", lie=True),
    FaultCase(
        "next page forever, new cursor each time",
        "next-page-forever",
        cause="could not be read to its end",
        lie=True,
    ),
)
KILLED = "SIGKILL right after it took effect"  # the kill sweeps' row: the run is re-run
MATRIX_ROWS = (*(case.label for case in FAULTS), *(case.label for case in LIES), KILLED)


def parametrize_matrix(
    metafunc: pytest.Metafunc,
    found: Callable[[], Iterable[tuple[RequestKind, Any]]],
    sampled: Collection[str] | None = None,
) -> None:
    """Parametrize a fault-matrix module's tests by (kind, situation, fault): a test taking
    ``lie`` gets every lie on every kind of request ``found`` (with the situation that made
    it); one taking ``case`` every fault on the kinds named in ``sampled`` (all without it)."""
    if "lie" in metafunc.fixturenames:  # every read is lied to: the lists a command reads
        lies = [
            pytest.param(kind, situation, lie, id=f"{lie.label}-{kind.name}")
            for kind, situation in found()
            for lie in LIES
            if lie.applies_to(kind)
        ]
        metafunc.parametrize(("kind", "situation", "lie"), lies)
    if "case" in metafunc.fixturenames:
        cells = [
            pytest.param(kind, situation, case, id=f"{case.label}-{kind.name}")
            for kind, situation in found()
            if sampled is None or kind.name in sampled
            for case in FAULTS
            if case.applies_to(kind)
        ]
        metafunc.parametrize(("kind", "situation", "case"), cells)


def kind_name(entry: LoggedRequest) -> str:
    """``GraphQL <Operation>``, or ``<METHOD> <endpoint template>`` (unknown paths as sent)."""
    if entry.operation is not None or entry.path.rstrip("/").endswith("/graphql"):
        return f"GraphQL {entry.operation}"
    endpoint = _endpoint_of(entry)
    return str(endpoint) if endpoint else f"{entry.method} {entry.path}"


def _endpoint_of(entry: LoggedRequest) -> Endpoint | None:
    path = _BY_ID.sub("/repos/_/_", entry.path)
    return next(
        (e for e, pattern in _TEMPLATES if e.method == entry.method and pattern.fullmatch(path)),
        None,
    )


def request_kinds(log: Sequence[LoggedRequest]) -> tuple[RequestKind, ...]:
    """Every kind of request in ``log``: reads first, then writes, each group by name."""
    firsts: dict[str, LoggedRequest] = {}
    for entry in log:
        firsts.setdefault(kind_name(entry), entry)
    kinds = [_kind(name, entry, log) for name, entry in firsts.items()]
    return tuple(sorted(kinds, key=lambda kind: (kind.is_write, kind.name)))


def _kind(name: str, entry: LoggedRequest, log: Sequence[LoggedRequest]) -> RequestKind:
    if name.startswith("GraphQL "):
        return RequestKind(name, "POST", GRAPHQL, entry.operation)
    template = name.split(" ", 1)[1]
    glob = _PLACEHOLDER.sub("*", template)
    # fnmatch's `*` crosses `/`: GET /repos/*/*/issues/* also matches .../issues/7/comments.
    others = [e for e in log if kind_name(e) != name and e.method == entry.method]
    if any(fnmatchcase(other.path, glob) for other in others):
        glob = _literal(entry.path)
    endpoint = _endpoint_of(entry)
    return RequestKind(name, entry.method, glob, creates=bool(endpoint and endpoint.creates))


def _literal(path: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", path)


def _templates() -> list[tuple[Endpoint, re.Pattern[str]]]:
    def regex(template: str) -> re.Pattern[str]:
        pieces = re.split(r"(\{[a-z_]+\})", template)
        parts = [
            (".+" if piece == "{path}" else "[^/]+") if index % 2 else re.escape(piece)
            for index, piece in enumerate(pieces)
        ]
        return re.compile("".join(parts))

    return [(endpoint, regex(endpoint.path)) for endpoint in all_endpoints()]


_TEMPLATES = _templates()
