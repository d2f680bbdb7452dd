"""Faults a test injects: which requests they hit, how many times, and what goes wrong.

A fault matches a request by method and path glob (``fnmatch``: ``*`` crosses ``/``), or by
``path="graphql"`` (optionally with a GraphQL ``operation`` name glob), lets the first
``skip`` matching requests through, then hits the next ``times`` (or every one with
``times="always"``).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import asdict, dataclass, field
from fnmatch import fnmatchcase
from typing import Any, Literal, get_args

from releasegate_standin.rest.api import Response

FaultKind = Literal[
    "status",  # an HTTP error status (500, 502, 503...)
    "too-many-requests",  # 429 with Retry-After
    "secondary-rate-limit",  # 403 "You have exceeded a secondary rate limit" with retry-after
    "rate-limit-exhausted",  # 403 with x-ratelimit-remaining: 0 and x-ratelimit-reset
    "reset",  # the connection is closed without an answer
    "timeout",  # no answer for `seconds`, then the connection is closed
    "truncated",  # a 200 whose JSON body is cut off
    "graphql-errors",  # a 200 with {"data": null, "errors": [...]}
    # Applied like any request, then no answer for `seconds`, then the connection is closed:
    # a test can kill the client right after its write took effect, at no race.
    "unanswered",
    # Held until `times` matching requests have arrived (at most `seconds`), then each is
    # answered as usual: runs started at once meet here, however far apart they started.
    "together",
    # A 200 that lies about its list (lies.py): a next page without a cursor, a next page
    # already read, a count one above the list, a next page forever (a new cursor each time).
    # Logged as a fault only when it found a list.
    "next-page-without-cursor",
    "next-page-already-read",
    "count-above-list",
    "next-page-forever",
]
FAULT_KINDS: tuple[str, ...] = get_args(FaultKind)
GRAPHQL = "graphql"
log = logging.getLogger(__name__)
_STATUS_MESSAGES = {500: "Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}
SECONDARY_RATE_LIMIT = (
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. "
    "If you reach out to GitHub Support for help, please include the request ID {request_id}."
)
RATE_LIMIT_DOCS = "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api"
GRAPHQL_FAILURE = (
    "Something went wrong while executing your query. This may be the result of a timeout, "
    "or it could be a GitHub bug."
)


@dataclass(frozen=True)
class Fault:
    kind: FaultKind = "status"
    method: str = "*"
    path: str = "*"
    operation: str | None = None
    times: int | Literal["always"] = 1
    skip: int = 0  # matching requests let through untouched before the first hit
    status: int = 502
    retry_after: float = 1.0
    seconds: float = 30.0
    errors: tuple[dict[str, Any], ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; use one of {FAULT_KINDS}")
        if self.times != "always" and (not isinstance(self.times, int) or self.times < 1):
            raise ValueError("a fault's `times` is a whole number from 1, or 'always'")
        if not isinstance(self.skip, int) or self.skip < 0:
            raise ValueError("a fault's `skip` is a whole number from 0")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Fault:
        """A fault from the control endpoint's JSON (same keys as the constructor)."""
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown fault keys: {unknown}; known: {sorted(known)}")
        values = dict(data)
        if "errors" in values:
            values["errors"] = tuple(values["errors"])
        return cls(**values)

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "errors": list(self.errors)}

    def matches(self, method: str, path: str, operation: str | None) -> bool:
        if not fnmatchcase(method.upper(), self.method.upper()):
            return False
        is_graphql = path.rstrip("/").endswith("/graphql")
        if self.path == GRAPHQL:
            if not is_graphql:
                return False
        elif not fnmatchcase(path, self.path):
            return False
        return self.operation is None or fnmatchcase(operation or "", self.operation)


@dataclass
class _Armed:
    fault: Fault
    hits: int = 0
    skipped: int = 0
    meeting: threading.Barrier | None = None  # a "together" fault's


@dataclass
class FaultBook:
    """The faults in force, counting their hits; safe to use from many threads."""

    _armed: list[_Armed] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, fault: Fault) -> None:
        meeting = None
        if fault.kind == "together":
            if fault.times == "always" or fault.times < 2:
                raise ValueError("a 'together' fault holds a number of requests: times >= 2")
            meeting = threading.Barrier(fault.times, timeout=fault.seconds)
        with self._lock:
            self._armed.append(_Armed(fault, meeting=meeting))

    def meet(self, fault: Fault) -> None:
        """Hold a request of a "together" fault until the others have arrived, or its
        `seconds` have passed (then it goes on alone, and so do the ones after it)."""
        with self._lock:
            meeting = next((armed.meeting for armed in self._armed if armed.fault is fault), None)
        if meeting is None:  # the faults were cleared while this request was on its way
            return
        try:
            meeting.wait()
        except threading.BrokenBarrierError:
            log.warning("a 'together' fault gave up waiting after %gs", fault.seconds)

    def clear(self) -> None:
        with self._lock:
            self._armed.clear()

    def take(self, method: str, path: str, operation: str | None) -> Fault | None:
        """The first fault in force that matches, counting the hit."""
        with self._lock:
            for armed in self._armed:
                spent = armed.fault.times != "always" and armed.hits >= armed.fault.times
                if spent or not armed.fault.matches(method, path, operation):
                    continue
                if armed.skipped < armed.fault.skip:
                    armed.skipped += 1
                    continue
                armed.hits += 1
                return armed.fault
        return None

    def describe(self) -> list[dict[str, Any]]:
        with self._lock:
            return [{**armed.fault.to_json(), "hits": armed.hits} for armed in self._armed]


def fault_response(fault: Fault, request_id: str) -> Response:
    """The answer of a fault that answers (every kind but reset, timeout and truncated)."""
    retry = f"{fault.retry_after:g}"
    if fault.kind == "graphql-errors":
        errors = list(fault.errors) or [{"message": GRAPHQL_FAILURE}]
        return Response(200, {"data": None, "errors": errors})
    if fault.kind == "too-many-requests":
        return Response(429, {"message": "Too Many Requests"}, {"Retry-After": retry})
    if fault.kind == "secondary-rate-limit":
        message = SECONDARY_RATE_LIMIT.format(request_id=request_id)
        body = {"message": message, "documentation_url": RATE_LIMIT_DOCS}
        return Response(403, body, {"retry-after": retry})
    if fault.kind == "rate-limit-exhausted":
        reset = str(int(time.time() + fault.retry_after))
        body = {"message": "API rate limit exceeded.", "documentation_url": RATE_LIMIT_DOCS}
        return Response(403, body, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset})
    return Response(fault.status, {"message": _STATUS_MESSAGES.get(fault.status, "Server Error")})
