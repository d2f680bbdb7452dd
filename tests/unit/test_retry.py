"""The one retry policy every GitHub call goes through."""

from __future__ import annotations

import time

import pytest

from releasegate.errors import GitHubError
from releasegate.github.retry import RetryPolicy, TransientFailure, call_with_retries

FAST = RetryPolicy(attempts=3, total_seconds=5, base_delay=0.01, max_delay=0.02)


class Flaky:
    def __init__(self, failures: list[Exception]) -> None:
        self.failures = failures
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        if self.failures:
            raise self.failures.pop(0)
        return "answer"


def test_a_transient_failure_is_retried_and_the_answer_returned() -> None:
    call = Flaky([TransientFailure("HTTP 502 from GitHub"), TransientFailure("reset")])
    assert call_with_retries("GET /x", call, FAST) == "answer"
    assert call.calls == 3


def test_a_persistent_failure_ends_after_the_attempts_with_the_call_and_the_cause() -> None:
    call = Flaky([TransientFailure("HTTP 502 from GitHub")] * 5)
    with pytest.raises(GitHubError) as raised:
        call_with_retries("GET /repos/acme/app/pulls/1/files", call, FAST)
    assert call.calls == 3
    assert raised.value.message.startswith(
        "GET /repos/acme/app/pulls/1/files failed: HTTP 502 from GitHub (still failing after 3 "
        "attempts). GitHub may be having an outage"
    )
    assert raised.value.message.endswith("Nothing was judged as passed.")


def test_retry_after_is_honoured() -> None:
    call = Flaky([TransientFailure("HTTP 429", retry_after=0.3)])
    started = time.monotonic()
    assert call_with_retries("GET /x", call, FAST) == "answer"
    assert time.monotonic() - started >= 0.3


def test_a_wait_past_the_budget_is_not_started() -> None:
    call = Flaky([TransientFailure("HTTP 403: secondary rate limit", retry_after=60)])
    started = time.monotonic()
    with pytest.raises(GitHubError, match=r"the next wait \(60s\) would pass the 5s retry budget"):
        call_with_retries("POST /graphql", call, FAST)
    assert call.calls == 1
    assert time.monotonic() - started < 1


def test_a_definite_refusal_is_not_retried() -> None:
    call = Flaky([GitHubError("GET /x was refused: HTTP 404", status=404)])
    with pytest.raises(GitHubError, match="HTTP 404"):
        call_with_retries("GET /x", call, FAST)
    assert call.calls == 1
