"""The live fetcher: makes the ``HttpCall``s gates ask for, during gathering.

All calls of a run go out side by side (and side by side with the GitHub reads, since the
gatherer runs each kind of fact in parallel). Each call expands its ``${NAME}`` references
from the environment at this moment, then tries up to ``attempts`` times, waiting a short,
growing pause (0.5 s, 1 s, 2 s…) after an attempt that did not meet the expectation.
Redirects are not followed: a redirect is an answer like any other, and following it would
send the headers, secrets included, to wherever it points. What is kept of an answer has
every expanded value redacted, so the facts, and every message built from them, hold none.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx

from releasegate.facts import FactRequest, RunContext, Unavailable
from releasegate.facts.http import (
    KEPT_HEADERS,
    MAX_BODY_BYTES,
    HttpAnswer,
    HttpAttempt,
    HttpCall,
    unmet,
)
from releasegate.policy.types import format_duration
from releasegate.redaction import redact, spellings
from releasegate.templates import MissingVariableError, expand, variables

MAX_PARALLEL_CALLS = 16
USER_AGENT = "releasegate"

Results = Mapping[FactRequest[Any], object]


def backoff(attempt: int) -> float:
    """Seconds to wait after failed attempt number ``attempt``: 0.5, 1, 2, 2…"""
    return float(min(0.5 * 2 ** (attempt - 1), 2.0))


@dataclass(frozen=True)
class Prepared:
    """A call with its templates expanded, and the values that must not be shown."""

    url: str
    headers: tuple[tuple[str, str], ...]
    body: str | None
    secrets: tuple[str, ...]


class _OvertimeError(Exception):
    """The whole answer took longer than the call's timeout."""


class LiveCalls:
    """The fetcher of ``HttpCall`` facts. The defaults are the real world; tests pass a
    ``transport``, an ``environ`` and a ``sleep`` of their own."""

    def __init__(
        self,
        *,
        environ: Mapping[str, str] | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.environ = environ
        self.transport = transport
        self.sleep = sleep

    def __call__(self, github: object, context: RunContext, calls: Sequence[HttpCall]) -> Results:
        environ = os.environ if self.environ is None else self.environ
        with httpx.Client(
            transport=self.transport, follow_redirects=False, headers={"User-Agent": USER_AGENT}
        ) as client:
            workers = max(1, min(MAX_PARALLEL_CALLS, len(calls)))
            with ThreadPoolExecutor(max_workers=workers) as pool:
                answers = list(pool.map(lambda call: self._call(client, call, environ), calls))
        return dict(zip(calls, answers, strict=True))

    def _call(
        self, client: httpx.Client, call: HttpCall, environ: Mapping[str, str]
    ) -> HttpAnswer | Unavailable:
        try:
            prepared = _prepare(call, environ)
        except MissingVariableError as missing:
            return Unavailable(
                f"the environment variable {missing.name} is not set, and {call} needs it"
            )
        attempts: list[HttpAttempt] = []
        for number in range(1, call.attempts + 1):
            attempts.append(_attempt(client, call, prepared, number))
            if not unmet(call.expect, attempts[-1], source=call.url):
                break
            if number < call.attempts:
                self.sleep(backoff(number))
        return HttpAnswer(tuple(attempts))


def _prepare(call: HttpCall, environ: Mapping[str, str]) -> Prepared:
    templates = [call.url, *(value for _, value in call.headers), call.body or ""]
    names = [name for template in templates for name in variables(template)]
    return Prepared(
        url=expand(call.url, environ),
        headers=tuple((name, expand(value, environ)) for name, value in call.headers),
        body=expand(call.body, environ) if call.body is not None else None,
        secrets=tuple(spellings(environ.get(name) for name in names)),
    )


def _attempt(client: httpx.Client, call: HttpCall, prepared: Prepared, number: int) -> HttpAttempt:
    return send(client, call.method, prepared, call.timeout, number)


def send(
    client: httpx.Client, method: str, prepared: Prepared, timeout: timedelta, number: int
) -> HttpAttempt:
    """One try of an expanded call: its answer as kept (secrets redacted), or why none came.
    http-flow's steps go out through here too."""
    seconds = timeout.total_seconds()
    started = time.perf_counter()
    try:
        with client.stream(
            method,
            prepared.url,
            headers=list(prepared.headers),
            content=prepared.body,
            timeout=seconds,
        ) as response:
            body, truncated = _read_body(response, deadline=started + seconds)
    except (httpx.TimeoutException, _OvertimeError):
        error = f"no answer within {format_duration(timeout)}"
        return HttpAttempt(number, _ms_since(started), error=error)
    except (httpx.HTTPError, httpx.InvalidURL, UnicodeEncodeError) as failure:
        error = redact(_describe(failure), prepared.secrets)
        return HttpAttempt(number, _ms_since(started), error=error)
    return HttpAttempt(
        number,
        _ms_since(started),
        status=response.status_code,
        headers=tuple(
            (name, redact(response.headers[name], prepared.secrets))
            for name in KEPT_HEADERS
            if name in response.headers
        ),
        body=redact(body, prepared.secrets),
        body_truncated=truncated,
    )


def _read_body(response: httpx.Response, *, deadline: float) -> tuple[str, bool]:
    """At most ``MAX_BODY_BYTES`` of the body as text, and whether there was more."""
    data = bytearray()
    for chunk in response.iter_bytes():
        data += chunk
        if len(data) > MAX_BODY_BYTES:
            break
        if time.perf_counter() > deadline:
            raise _OvertimeError
    truncated = len(data) > MAX_BODY_BYTES
    return _decode(bytes(data[:MAX_BODY_BYTES]), response.charset_encoding), truncated


def _decode(data: bytes, charset: str | None) -> str:
    try:
        return data.decode(charset or "utf-8", errors="replace")
    except LookupError:  # a charset Python does not know
        return data.decode("utf-8", errors="replace")


def _describe(failure: Exception) -> str:
    message = " ".join(str(failure).split()) or type(failure).__name__
    if isinstance(failure, httpx.ConnectError):
        return f"could not connect ({message})"
    if isinstance(failure, httpx.RemoteProtocolError):
        return f"the server broke off the answer ({message})"
    if isinstance(failure, httpx.InvalidURL | httpx.UnsupportedProtocol):
        return f"the URL cannot be called ({message})"
    if isinstance(failure, UnicodeEncodeError):
        return "a header value is not plain ASCII text"
    return f"the call failed ({message})"


def _ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000
