"""http-probe on hand-built answers: every branch, exact summaries and details."""

from __future__ import annotations

from datetime import timedelta

from releasegate.engine import evaluate_policy
from releasegate.facts import Unavailable
from releasegate.facts.http import Expectation, HttpAnswer, HttpCall
from releasegate.results import GateResult, Status
from support.builders import StaticGather, context, policy
from support.live import answer, answered, no_answer, requests_of

URL = "https://staging.example.com/health"
REQUEST = f"GET {URL}"


def probe(extra: str = "", *, url: str = URL) -> str:
    return f"""\
        version: 1
        gates:
          - id: staging-health
            type: http-probe
            url: "{url}"
{extra}
    """


def run(text: str, fact: HttpAnswer | Unavailable) -> GateResult:
    ctx = context()
    rules = policy(text)
    (call,) = requests_of(rules, ctx)
    (result,) = evaluate_policy(rules, ctx, StaticGather({call: fact}))
    return result


def test_the_request_carries_the_templates_and_the_expectation() -> None:
    text = probe(
        """\
            method: POST
            headers: {Authorization: "Bearer ${STAGING_TOKEN}"}
            body: '{"ping": true}'
            expect: {status: [200, 204], json: {status: ok}, body-contains: ok, max-latency: 2s}
            attempts: 5
            timeout: 1500ms
        """
    )
    assert requests_of(policy(text), context()) == [
        HttpCall(
            url=URL,
            method="POST",
            headers=(("Authorization", "Bearer ${STAGING_TOKEN}"),),
            body='{"ping": true}',
            timeout=timedelta(milliseconds=1500),
            attempts=5,
            expect=Expectation(
                (200, 204), '{"status": "ok"}', "ok", max_latency=timedelta(seconds=2)
            ),
        )
    ]


def test_the_defaults_are_get_status_200_three_attempts_and_10s() -> None:
    (call,) = requests_of(policy(probe()), context())
    assert call == HttpCall(URL)
    assert (call.method, call.attempts, call.timeout) == ("GET", 3, timedelta(seconds=10))
    assert call.expect == Expectation((200,))


def test_a_first_attempt_that_meets_the_expectation_passes() -> None:
    result = run(probe(), answer(answered(1, 200, 85.4)))
    assert (result.status, result.summary) == (Status.PASS, "200 in 85 ms (attempt 1 of 3)")
    assert result.details == (REQUEST, "attempt 1: 200 in 85 ms — as expected")


def test_a_later_attempt_that_succeeds_passes_and_the_earlier_ones_are_listed() -> None:
    result = run(probe(), answer(answered(1, 503, 120), answered(2, 200, 90)))
    assert (result.status, result.summary) == (Status.PASS, "200 in 90 ms (attempt 2 of 3)")
    assert result.details == (
        REQUEST,
        "attempt 1: 503 in 120 ms — expected status 200, got 503",
        "attempt 2: 200 in 90 ms — as expected",
    )


def test_every_attempt_with_a_wrong_status_fails() -> None:
    attempts = [answered(n, 503, 100 + 10 * n) for n in (1, 2, 3)]
    result = run(probe(), answer(*attempts))
    assert result.status is Status.FAIL
    assert result.summary == "expected status 200, got 503 after 3 attempts (last: 503 in 130 ms)"
    assert result.details[1:] == tuple(
        f"attempt {n}: 503 in {100 + 10 * n} ms — expected status 200, got 503" for n in (1, 2, 3)
    )


def test_a_list_of_statuses_is_any_of_them() -> None:
    text = probe("            expect: {status: [200, 204]}\n            attempts: 1")
    assert run(text, answer(answered(1, 204))).status is Status.PASS
    failed = run(text, answer(answered(1, 500, 12)))
    assert (
        failed.summary == "expected status 200 or 204, got 500 after 1 attempt (last: 500 in 12 ms)"
    )


def test_a_json_subset_mismatch_fails_and_says_where() -> None:
    text = probe(
        "            expect: {json: {status: ok, db: {up: true}}}\n            attempts: 1"
    )
    body = {"status": "degraded", "db": {"up": True}, "version": "1.2.3"}
    result = run(text, answer(answered(1, json_body=body)))
    assert result.summary == (
        "$.status: expected 'ok', got 'degraded' after 1 attempt (last: 200 in 85 ms)"
    )
    extra_keys_are_fine = {"status": "ok", "db": {"up": True, "lag": 3}}
    assert run(text, answer(answered(1, json_body=extra_keys_are_fine))).status is Status.PASS


def test_a_json_expectation_on_an_html_page_names_the_url_and_shows_the_page() -> None:
    text = probe("            expect: {json: {status: ok}}\n            attempts: 1")
    page = answered(1, body="<!doctype html><html>Bad gateway</html>", content_type="text/html")
    result = run(text, answer(page))
    assert result.summary == (
        f"{URL} returned HTML, not JSON: '<!doctype html><html>Bad gateway</html>' "
        "after 1 attempt (last: 200 in 85 ms)"
    )


def test_body_contains_and_max_latency_are_checked_on_a_good_status() -> None:
    text = probe(
        "            expect: {body-contains: healthy, max-latency: 2s}\n            attempts: 2"
    )
    slow = answered(1, 200, 2500.4, body="healthy")
    wrong = answered(2, 200, 40, body="starting")
    result = run(text, answer(slow, wrong))
    assert result.status is Status.FAIL
    assert (
        result.summary
        == "the body does not contain 'healthy' after 2 attempts (last: 200 in 40 ms)"
    )
    assert result.details[1:] == (
        "attempt 1: 200 in 2500 ms — took 2500 ms, over the 2s allowed",
        "attempt 2: 200 in 40 ms — the body does not contain 'healthy'",
    )


def test_a_wrong_status_is_the_only_problem_reported_for_that_attempt() -> None:
    text = probe(
        "            expect: {json: {status: ok}, max-latency: 1s}\n            attempts: 1"
    )
    result = run(text, answer(answered(1, 502, 3000, body="<html>")))
    assert result.details[1:] == ("attempt 1: 502 in 3000 ms — expected status 200, got 502",)


def test_no_answer_at_all_is_an_error_not_a_failure() -> None:
    attempts = [no_answer(n) for n in (1, 2, 3)]
    result = run(probe(), answer(*attempts))
    assert (result.status, result.summary) == (
        Status.ERROR,
        f"could not evaluate: {REQUEST} got no answer in 3 attempts (last: no answer within 10s)",
    )


def test_no_answer_with_on_error_warn_is_a_warning() -> None:
    text = probe("            on-error: warn\n            attempts: 1")
    result = run(text, answer(no_answer(1, "could not connect ([Errno 111] Connection refused)")))
    assert (result.status, result.summary) == (
        Status.WARN,
        f"could not evaluate: {REQUEST} got no answer in 1 attempt "
        "(last: could not connect ([Errno 111] Connection refused))",
    )


def test_a_wrong_answer_then_silence_fails_on_the_answer_it_got() -> None:
    result = run(probe("            attempts: 2"), answer(answered(1, 503, 120), no_answer(2)))
    assert (result.status, result.summary) == (
        Status.FAIL,
        "expected status 200, got 503 after 2 attempts (last: no answer within 10s)",
    )
    assert result.details[2] == "attempt 2: no answer within 10s"


def test_a_missing_environment_variable_is_an_error_naming_it() -> None:
    reason = f"the environment variable STAGING_TOKEN is not set, and {REQUEST} needs it"
    result = run(probe(), Unavailable(reason))
    assert (result.status, result.summary) == (Status.ERROR, f"could not evaluate: {reason}")


def test_the_report_shows_the_url_template_never_its_value() -> None:
    url = "https://staging.example.com/health?key=${PROBE_KEY}"
    result = run(probe(url=url), answer(answered(1, 200, 85)))
    assert result.details[0] == f"GET {url}"


def test_a_failure_in_warn_mode_is_a_warning() -> None:
    result = run(
        probe("            mode: warn\n            attempts: 1"), answer(answered(1, 500, 9))
    )
    assert result.status is Status.WARN
