"""One retry policy for every GitHub call, REST and GraphQL alike.

Transient failures (5xx, 429, secondary rate limits, a primary rate limit that resets soon,
connection resets, timeouts, a truncated body) are retried with exponential backoff and full
jitter, honouring ``Retry-After`` and ``x-ratelimit-reset``, bounded in attempts and in total
time. What is still failing then becomes a ``GitHubError`` naming the call and the cause.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from releasegate.errors import GitHubError

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5
    total_seconds: float = 60.0
    base_delay: float = 0.5
    max_delay: float = 8.0

    @classmethod
    def from_environment(cls) -> RetryPolicy:
        """Bounds can be tightened (tests, impatient pipelines) through the environment."""
        return cls(
            attempts=int(os.environ.get("RELEASEGATE_RETRY_ATTEMPTS", cls.attempts)),
            total_seconds=float(os.environ.get("RELEASEGATE_RETRY_SECONDS", cls.total_seconds)),
        )


class TransientFailure(Exception):
    """A failure worth retrying. ``refused``: GitHub answered that it did nothing (a rate
    limit); any other failure of a write leaves unknown whether the write was made."""

    def __init__(
        self, description: str, retry_after: float | None = None, *, refused: bool = False
    ) -> None:
        super().__init__(description)
        self.description = description
        self.retry_after = retry_after
        self.refused = refused


def classify_response(
    status: int, headers: Mapping[str, str], body: str, *, now: float | None = None
) -> TransientFailure | None:
    """A ``TransientFailure`` when an HTTP answer is worth retrying, else None."""
    lowered = {key.lower(): value for key, value in headers.items()}
    retry_after = _seconds(lowered.get("retry-after"))
    if status >= 500:
        return TransientFailure(f"HTTP {status} from GitHub", retry_after)
    if status not in (403, 429):
        return None
    if "secondary rate limit" in body.lower() or retry_after is not None:
        return TransientFailure(
            f"HTTP {status}: secondary rate limit", retry_after or 1.0, refused=True
        )
    if lowered.get("x-ratelimit-remaining") == "0":
        reset = _seconds(lowered.get("x-ratelimit-reset"))
        wait = max(0.0, reset - (now or time.time())) if reset is not None else None
        return TransientFailure(f"HTTP {status}: API rate limit exhausted", wait, refused=True)
    if status == 429:
        return TransientFailure("HTTP 429: too many requests", refused=True)
    return None


def _seconds(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def call_with_retries(describe: str, call: Callable[[], T], policy: RetryPolicy) -> T:
    """Run ``call``, retrying ``TransientFailure`` within the policy's bounds (tenacity)."""
    from tenacity import (  # noqa: PLC0415 - only when calling GitHub
        Retrying,
        retry_if_exception_type,
        stop_after_attempt,
        stop_before_delay,
    )

    retrying = Retrying(
        retry=retry_if_exception_type(TransientFailure),
        wait=partial(_next_wait, policy),
        # stop_before_delay: a wait that would end past the budget is not started at all.
        stop=stop_after_attempt(policy.attempts) | stop_before_delay(policy.total_seconds),
        reraise=True,
    )
    try:
        return retrying(call)
    except TransientFailure as failure:
        attempts = int(retrying.statistics.get("attempt_number", policy.attempts))
        raise GitHubError(_gave_up(describe, failure, attempts, policy)) from None


def _next_wait(policy: RetryPolicy, state: Any) -> float:
    """``Retry-After`` (or the rate limit's reset) when GitHub gave one, else full jitter."""
    from tenacity import wait_random_exponential  # noqa: PLC0415

    failure = state.outcome.exception() if state.outcome else None
    if isinstance(failure, TransientFailure) and failure.retry_after is not None:
        return failure.retry_after
    jitter = wait_random_exponential(multiplier=policy.base_delay, max=policy.max_delay)
    return float(jitter(state))


def _gave_up(describe: str, failure: TransientFailure, attempt: int, policy: RetryPolicy) -> str:
    if attempt < policy.attempts:
        asked = f"{failure.retry_after:.0f}s" if failure.retry_after is not None else "longer"
        why = (
            f"after {attempt} attempts; the next wait ({asked}) would pass the "
            f"{policy.total_seconds:.0f}s retry budget"
        )
    else:
        why = f"still failing after {attempt} attempts"
    return (
        f"{describe} failed: {failure.description} ({why}). GitHub may be having an outage or "
        "rate-limiting this token; re-run the job later. Nothing was judged as passed."
    )


def graphql_failure(errors: list[dict[str, Any]], data: object) -> TransientFailure | None:
    """A ``TransientFailure`` for a GraphQL answer whose errors are worth retrying: a rate
    limit, or GitHub's "Something went wrong while executing your query" (no data, and errors
    with no ``type``, ``path`` or ``locations``: a timeout or a hiccup on GitHub's side, not a
    problem with the query or with access)."""
    if any(error.get("type") == "RATE_LIMITED" for error in errors):
        return TransientFailure("GraphQL rate limit exceeded", refused=True)
    keys = ("type", "path", "locations", "extensions")
    if errors and data is None and not any(error.get(key) for error in errors for key in keys):
        messages = "; ".join(str(error.get("message", "")) for error in errors)
        return TransientFailure(f"GraphQL answered only errors: {messages}")
    return None
