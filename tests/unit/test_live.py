"""The live fetcher against httpx.MockTransport: expansion, attempts, timing, parallelism,
bounded bodies, and secrets that never reach a fact or a report."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any

import httpx

from releasegate.engine import evaluate_policy
from releasegate.facts import FactRequest, Unavailable
from releasegate.facts.http import MAX_BODY_BYTES, Expectation, HttpAnswer, HttpCall
from releasegate.fetchers import FETCHERS
from releasegate.fetchers.http_calls import LiveCalls, backoff
from releasegate.results import GateResult
from support.builders import context, policy

URL = "https://staging.example.com/health"
TOKEN = "s3cr3t-t0ken/with+chars"
Handler = Callable[[httpx.Request], httpx.Response]


class Server:
    """A MockTransport handler that records requests and answers from a list, in turn."""

    def __init__(self, *responses: httpx.Response | Handler) -> None:
        self.responses = list(responses)
        self.requests: list[httpx.Request] = []
        self.lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.requests.append(request)
            index = min(len(self.requests), len(self.responses)) - 1
        response = self.responses[index]
        return response(request) if callable(response) else response


def fetch(
    server: Handler, *calls: HttpCall, environ: Mapping[str, str] | None = None
) -> tuple[list[object], list[float]]:
    """What the fetcher stores for each call, and the pauses it took."""
    pauses: list[float] = []
    live = LiveCalls(
        environ=environ if environ is not None else {"STAGING_TOKEN": TOKEN},
        transport=httpx.MockTransport(server),
        sleep=pauses.append,
    )
    results = live(None, context(), list(calls))
    return [results[call] for call in calls], pauses


def one(server: Handler, call: HttpCall, **kwargs: Any) -> tuple[Any, list[float]]:
    (result,), pauses = fetch(server, call, **kwargs)
    return result, pauses


def test_the_live_fetcher_is_registered_for_http_calls() -> None:
    assert isinstance(FETCHERS[HttpCall], LiveCalls)


def test_names_are_expanded_from_the_environment_when_the_call_is_made() -> None:
    server = Server(httpx.Response(200, text="ok"))
    call = HttpCall(
        f"{URL}?key=${{STAGING_TOKEN}}",
        "POST",
        (("Authorization", "Bearer ${STAGING_TOKEN}"),),
        body='{"token": "${STAGING_TOKEN}"}',
    )
    result, _ = one(server, call)
    (sent,) = server.requests
    assert sent.method == "POST"
    assert sent.headers["Authorization"] == f"Bearer {TOKEN}"
    assert sent.headers["User-Agent"] == "releasegate"
    assert str(sent.url) == f"{URL}?key={TOKEN}"
    assert sent.content == f'{{"token": "{TOKEN}"}}'.encode()
    assert isinstance(result, HttpAnswer)
    assert (result.last.status, result.last.body) == (200, "ok")


def test_a_missing_variable_is_unavailable_naming_it_and_nothing_is_sent() -> None:
    server = Server(httpx.Response(200))
    call = HttpCall(URL, headers=(("Authorization", "Bearer ${STAGING_TOKEN}"),))
    result, _ = one(server, call, environ={})
    assert result == Unavailable(
        f"the environment variable STAGING_TOKEN is not set, and GET {URL} needs it"
    )
    assert server.requests == []


def test_a_first_success_ends_the_attempts() -> None:
    result, pauses = one(Server(httpx.Response(200)), HttpCall(URL))
    assert [a.status for a in result.attempts] == [200]
    assert pauses == []


def test_failing_attempts_are_retried_with_a_short_growing_pause() -> None:
    server = Server(httpx.Response(503), httpx.Response(502), httpx.Response(200))
    result, pauses = one(server, HttpCall(URL, attempts=5))
    assert [(a.number, a.status) for a in result.attempts] == [(1, 503), (2, 502), (3, 200)]
    assert pauses == [0.5, 1.0]
    assert [backoff(n) for n in (1, 2, 3, 4)] == [0.5, 1.0, 2.0, 2.0]


def test_no_pause_after_the_last_attempt() -> None:
    result, pauses = one(Server(httpx.Response(503)), HttpCall(URL))
    assert len(result.attempts) == 3
    assert pauses == [0.5, 1.0]


def test_an_answer_that_misses_the_expectation_is_retried_too() -> None:
    expect = Expectation.of(json_subset={"status": "ok"})
    server = Server(
        httpx.Response(200, json={"status": "starting"}), httpx.Response(200, json={"status": "ok"})
    )
    result, _ = one(server, HttpCall(URL, expect=expect))
    assert len(result.attempts) == 2
    assert result.last.header("Content-Type") == "application/json"


def test_a_timeout_is_an_attempt_without_an_answer() -> None:
    def hang(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    result, _ = one(Server(hang), HttpCall(URL, timeout=timedelta(milliseconds=1500), attempts=1))
    (attempt,) = result.attempts
    assert (attempt.status, attempt.error) == (None, "no answer within 1500ms")


def test_a_refused_connection_is_described() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    result, _ = one(Server(refuse), HttpCall(URL, attempts=1))
    assert result.last.error == "could not connect ([Errno 111] Connection refused)"


def test_latency_is_measured_per_attempt() -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        time.sleep(0.05)
        return httpx.Response(200)

    result, _ = one(Server(slow), HttpCall(URL))
    assert 50 <= result.last.latency_ms < 1000


def test_calls_run_side_by_side() -> None:
    in_flight, most = 0, 0
    lock = threading.Lock()

    def overlapping(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, most
        with lock:
            in_flight += 1
            most = max(most, in_flight)
        time.sleep(0.2)
        with lock:
            in_flight -= 1
        return httpx.Response(200)

    calls = [HttpCall(f"{URL}/{n}") for n in range(6)]
    results, _ = fetch(Server(overlapping), *calls)
    assert most == 6
    assert all(isinstance(r, HttpAnswer) and r.last.status == 200 for r in results)


def test_a_redirect_is_an_answer_not_followed() -> None:
    server = Server(httpx.Response(302, headers={"Location": "https://elsewhere.example/login"}))
    result, _ = one(server, HttpCall(URL, attempts=1))
    assert len(server.requests) == 1
    assert result.last.status == 302
    assert result.last.header("location") == "https://elsewhere.example/login"


def test_a_huge_body_is_cut_at_one_mebibyte() -> None:
    server = Server(httpx.Response(200, content=b"x" * (MAX_BODY_BYTES + 5000)))
    result, _ = one(server, HttpCall(URL))
    assert len(result.last.body) == MAX_BODY_BYTES
    assert result.last.body_truncated


def test_a_body_is_decoded_with_its_charset() -> None:
    server = Server(
        httpx.Response(
            200,
            content="1.0-é".encode("latin-1"),
            headers={"Content-Type": "text/plain; charset=latin-1"},
        )
    )
    result, _ = one(server, HttpCall(URL))
    assert result.last.body == "1.0-é"


def test_an_echoed_secret_is_redacted_from_the_body_the_headers_and_errors() -> None:
    def echo(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            json={"you_sent": request.headers["Authorization"], "url": str(request.url)},
            headers={"Location": str(request.url)},
        )

    def fail(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(
            f"cannot reach {request.url} with {request.headers['Authorization']}"
        )

    call = HttpCall(
        f"{URL}?key=${{STAGING_TOKEN}}", headers=(("Authorization", "Bearer ${STAGING_TOKEN}"),)
    )
    echoed, _ = one(Server(echo), call)
    assert "s3cr3t" not in repr(echoed)
    assert echoed.last.body == f'{{"you_sent":"Bearer ***","url":"{URL}?key=***"}}'
    assert echoed.last.header("location") == f"{URL}?key=***"
    failure, _ = one(Server(fail), call)
    assert "s3cr3t" not in repr(failure)
    assert failure.last.error == f"could not connect (cannot reach {URL}?key=*** with Bearer ***)"


def test_a_non_ascii_header_value_is_an_attempt_error() -> None:
    call = HttpCall(URL, headers=(("X-Key", "${STAGING_TOKEN}"),), attempts=1)
    result, _ = one(Server(httpx.Response(200)), call, environ={"STAGING_TOKEN": "clé"})
    assert result.last.error == "a header value is not plain ASCII text"


# --- the gate and the fetcher together: a planted secret never reaches the report ---------


def evaluate_live(text: str, server: Handler, environ: Mapping[str, str]) -> GateResult:
    live = LiveCalls(environ=environ, transport=httpx.MockTransport(server), sleep=lambda _: None)
    ctx = context()

    def gather(requests: Any) -> Mapping[FactRequest[Any], object]:
        return live(None, ctx, list(requests))

    (result,) = evaluate_policy(policy(text), ctx, gather)
    return result


def echo_everything(request: httpx.Request) -> httpx.Response:
    sent = f"{request.url} {request.headers.get('Authorization')}"
    return httpx.Response(
        200, text=f"<html>you sent {sent}</html>", headers={"Content-Type": "text/html"}
    )


def test_an_echoed_secret_never_reaches_a_probe_report() -> None:
    text = """\
        version: 1
        gates:
          - id: probe
            type: http-probe
            url: "https://staging.example.com/health?key=${PROBE_KEY}"
            headers: {Authorization: "Bearer ${PROBE_TOKEN}"}
            expect: {json: {status: ok}}
    """
    environ = {"PROBE_KEY": "k3y-planted", "PROBE_TOKEN": "t0ken-planted"}
    result = evaluate_live(text, echo_everything, environ)
    shown = " ".join((result.summary, *result.details))
    assert "planted" not in shown
    assert result.summary.startswith(
        "https://staging.example.com/health?key=${PROBE_KEY} returned HTML, not JSON: "
        "'<html>you sent https://staging.example.com/health?key=*** Be…' after 3 attempts"
    )
    assert "(last: 200 in " in result.summary


def test_an_echoed_secret_never_reaches_a_version_compat_report() -> None:
    text = """\
        version: 1
        gates:
          - id: compat
            type: version-compat
            version:
              url: "https://api.example.com/version?key=${PROBE_KEY}"
              headers: {Authorization: "Bearer ${PROBE_TOKEN}"}
            range: {value: "^1.9"}
    """
    environ = {"PROBE_KEY": "k3y-planted", "PROBE_TOKEN": "t0ken-planted"}
    result = evaluate_live(text, echo_everything, environ)
    assert "planted" not in result.summary
    assert result.summary == (
        "could not evaluate: the version from https://api.example.com/version?key=${PROBE_KEY}: "
        "'<html>you sent https://api.example.com/version?key=*** Beare…' is not a "
        "version (PEP 440 or SemVer 2), e.g. 1.4.2 or 2.0.0-rc.1"
    )


def test_a_version_endpoint_answering_1_10_0_fits_caret_1_9() -> None:
    text = """\
        version: 1
        gates:
          - id: compat
            type: version-compat
            version: {url: "https://api.example.com/version", field: version}
            range: {value: "^1.9"}
    """
    server = Server(httpx.Response(200, json={"version": "1.10.0"}))
    result = evaluate_live(text, server, {})
    assert result.summary == (
        "1.10.0 fits ^1.9 (version from https://api.example.com/version field version; "
        "range from the policy)"
    )
