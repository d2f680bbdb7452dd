"""http-flow: steps that pass saved values along, polling, answers that are not JSON, and
saved values that never reach a fact, a report or a stream.

The live fetcher runs against httpx.MockTransport with a clock that only the fetcher's own
pauses move; the gate's exact words are checked on hand-built facts."""

from __future__ import annotations

import json
import textwrap
from typing import Any

import httpx
import pytest

from releasegate.engine import evaluate_policy
from releasegate.errors import PolicyError
from releasegate.facts import Unavailable
from releasegate.facts.flows import FlowAnswer, HttpFlow, StepOutcome
from releasegate.fetchers import FETCHERS
from releasegate.fetchers.http_flows import LiveFlows
from releasegate.policy.load import load_policy_text
from releasegate.redaction import redact_known
from releasegate.results import GateResult, Status
from support.builders import StaticGather, context, policy
from support.live import answered, no_answer

API = "https://api.example.com"
TOKEN = "smoke-t0ken-41f2"
CALL_ID = "call-8f3a9c2e"
FLOW = f"""\
    version: 1
    gates:
      - id: sms-payment-loop
        type: http-flow
        steps:
          - name: place test call
            request:
              method: POST
              url: "{API}/test-calls"
              json: {{to: "+15550100", note: "by ${{SMOKE_TOKEN}}"}}
              headers: {{Authorization: "Bearer ${{SMOKE_TOKEN}}"}}
            expect: {{status: 201}}
            save: {{call: id}}
          - name: SMS sent and payment settled
            request: {{url: "{API}/test-calls/${{call}}"}}
            expect: {{json: {{sms: delivered, payment: settled}}}}
            retry: {{every: 10s, for: 30s}}
"""
CREATED = httpx.Response(201, json={"id": CALL_ID, "status": "queued"})
PENDING = httpx.Response(200, json={"id": CALL_ID, "sms": "pending", "payment": "settled"})
DONE = httpx.Response(200, json={"id": CALL_ID, "sms": "delivered", "payment": "settled"})


class Clock:
    """Time that passes only when the fetcher pauses."""

    def __init__(self) -> None:
        self.now = 0.0
        self.pauses: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.pauses.append(seconds)
        self.now += seconds

    def __call__(self) -> float:
        return self.now


class Api:
    """Answers each path from its own list, in turn (the last one repeats); records requests."""

    def __init__(self, answers: dict[str, list[httpx.Response]]) -> None:
        self.answers = answers
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        seen = sum(1 for r in self.requests if r.url.path == request.url.path)
        replies = self.answers[request.url.path]
        return replies[min(seen, len(replies)) - 1]


def run(text: str, api: Api, environ: dict[str, str] | None = None) -> tuple[GateResult, Any]:
    """The gate's result with the live fetcher behind it, and the flow's fact."""
    rules = policy(text)
    clock = Clock()
    live = LiveFlows(
        environ={"SMOKE_TOKEN": TOKEN} if environ is None else environ,
        transport=httpx.MockTransport(api),
        sleep=clock.sleep,
        clock=clock,
    )
    ctx = context("schedule")
    facts: dict[Any, Any] = {}

    def gather(requests: Any) -> Any:
        flows = [r for r in requests if isinstance(r, HttpFlow)]
        facts.update(live(None, ctx, flows))
        return facts

    (result,) = evaluate_policy(rules, ctx, gather)
    (fact,) = facts.values()
    return result, (fact, clock)


def test_the_live_fetcher_is_registered_for_flows() -> None:
    assert isinstance(FETCHERS[HttpFlow], LiveFlows)


def test_a_saved_value_is_threaded_into_the_next_step_and_the_flow_passes() -> None:
    api = Api({"/test-calls": [CREATED], f"/test-calls/{CALL_ID}": [DONE]})
    result, (fact, clock) = run(FLOW, api)
    first, second = api.requests
    assert (first.method, str(first.url)) == ("POST", f"{API}/test-calls")
    assert first.headers["Authorization"] == f"Bearer {TOKEN}"
    assert first.headers["Content-Type"] == "application/json"
    assert json.loads(first.content) == {"to": "+15550100", "note": f"by {TOKEN}"}
    assert (second.method, str(second.url)) == ("GET", f"{API}/test-calls/{CALL_ID}")
    assert result.status is Status.PASS
    assert result.summary == "2 steps passed in 0 ms"
    assert clock.pauses == []
    assert [outcome.saved for outcome in fact.steps] == [("call",), ()]


def test_a_saved_value_is_a_secret_of_the_run_kept_out_of_every_fact_and_stream() -> None:
    api = Api({"/test-calls": [CREATED], f"/test-calls/{CALL_ID}": [PENDING, DONE]})
    result, (fact, _) = run(FLOW, api)
    kept = repr(fact) + repr(result)
    assert CALL_ID not in kept and TOKEN not in kept
    assert json.loads(fact.steps[0].attempts[0].body) == {"id": "***", "status": "queued"}
    assert result.details[2].endswith("/test-calls/${call}")  # the template, never the value
    assert redact_known(f"the call {CALL_ID} went out") == "the call *** went out"


def test_a_step_polls_until_the_expectation_holds() -> None:
    api = Api({"/test-calls": [CREATED], f"/test-calls/{CALL_ID}": [PENDING, PENDING, DONE]})
    result, (fact, clock) = run(FLOW, api)
    assert result.status is Status.PASS
    assert clock.pauses == [10.0, 10.0]
    assert result.summary == "2 steps passed in 20.0 s (step 2 after 3 attempts over 20.0 s)"
    assert [len(outcome.attempts) for outcome in fact.steps] == [1, 3]


def test_a_step_that_polls_until_time_runs_out_fails_and_names_the_step() -> None:
    api = Api({"/test-calls": [CREATED], f"/test-calls/{CALL_ID}": [PENDING]})
    result, (_, clock) = run(FLOW, api)
    assert clock.pauses == [10.0, 10.0, 10.0]  # tries at 0s, 10s, 20s and 30s
    assert result.status is Status.FAIL
    assert result.summary.startswith(
        "step 2 'SMS sent and payment settled' failed: $.sms: expected 'delivered', got "
        "'pending' after 4 attempts over 30.0 s (last: 200 in "
    )
    assert result.latency_ms == 30_000


def test_a_step_without_retry_is_tried_once_and_later_steps_do_not_run() -> None:
    api = Api({"/test-calls": [httpx.Response(503, text="unavailable")]})
    result, (_, clock) = run(FLOW, api)
    assert len(api.requests) == 1 and clock.pauses == []
    assert result.status is Status.FAIL
    assert result.summary.startswith(
        "step 1 'place test call' failed: expected status 201, got 503 after 1 attempt (last: 503"
    )
    assert result.details[-1] == "step 2 'SMS sent and payment settled': not run"


def test_an_html_answer_where_json_is_expected_fails_the_step() -> None:
    page = httpx.Response(200, text="<!doctype html><p>Maintenance</p>", headers=HTML)
    api = Api({"/test-calls": [CREATED], f"/test-calls/{CALL_ID}": [page]})
    result, _ = run(FLOW.replace("retry: {every: 10s, for: 30s}", ""), api)
    assert result.status is Status.FAIL
    assert result.summary.startswith(
        f"step 2 'SMS sent and payment settled' failed: {API}/test-calls/${{call}} returned "
        "HTML, not JSON: '<!doctype html><p>Maintenance</p>' after 1 attempt"
    )


HTML = {"content-type": "text/html"}


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        pytest.param(
            httpx.Response(201, text="<html><body>Created</body></html>", headers=HTML),
            "returned HTML, not JSON: '<html><body>Created</body></html>'",
            id="html",
        ),
        pytest.param(
            httpx.Response(201, text="created call 17", headers={"content-type": "text/plain"}),
            "returned a body that is not valid JSON (Expecting value at line 1, column 1): "
            "'created call 17'",
            id="plain text",
        ),
    ],
)
def test_a_value_to_save_from_an_answer_that_is_not_json_is_an_error(
    answer: httpx.Response, why: str
) -> None:
    api = Api({"/test-calls": [answer]})
    result, _ = run(FLOW, api)
    assert result.status is Status.ERROR  # fail closed: the flow cannot go on
    assert result.summary == (
        "could not evaluate: step 1 'place test call': cannot save ${call}: the answer to "
        f"POST {API}/test-calls {why}"
    )
    assert len(api.requests) == 1


def test_a_save_path_missing_from_the_answer_is_an_error_not_a_pass() -> None:
    api = Api({"/test-calls": [httpx.Response(201, json={"data": {"status": "queued"}})]})
    result, _ = run(FLOW.replace("save: {call: id}", "save: {call: data.id}"), api)
    assert result.status is Status.ERROR
    assert result.summary == (
        "could not evaluate: step 1 'place test call': cannot save ${call}: the answer to "
        f"POST {API}/test-calls has no field 'data.id' (found 'data' but no 'id' inside it)"
    )


def test_a_saved_object_is_refused() -> None:
    api = Api({"/test-calls": [httpx.Response(201, json={"id": {"value": 1}})]})
    result, _ = run(FLOW, api)
    assert result.summary == (
        "could not evaluate: step 1 'place test call': cannot save ${call}: field 'id' is an "
        "object, not a text or a number"
    )


def test_a_missing_environment_variable_is_an_error_naming_it() -> None:
    api = Api({})
    result, _ = run(FLOW, api, environ={})
    assert result.status is Status.ERROR
    assert result.summary == (
        "could not evaluate: step 1 'place test call': the environment variable SMOKE_TOKEN "
        "is not set, and this step needs it"
    )
    assert api.requests == []


# --- the gate's words, on hand-built facts ------------------------------------------------


def judged(answer: FlowAnswer | Unavailable) -> GateResult:
    rules = policy(FLOW)
    ctx = context("schedule")
    (flow,) = [r for c in rules.gate_configs for r in _requests(c, ctx)]
    (result,) = evaluate_policy(rules, ctx, StaticGather({flow: answer}))
    return result


def _requests(config: Any, ctx: Any) -> Any:
    from releasegate.gates import GATES

    return GATES[config.type](config).requests(ctx)


def step(*attempts: Any, problems: list[tuple[str, ...]], **extra: Any) -> StepOutcome:
    return StepOutcome(tuple(attempts), tuple(problems), extra.pop("ms", 90.0), **extra)


def test_a_passing_flow_lists_each_step_and_its_attempts() -> None:
    result = judged(
        FlowAnswer(
            (
                step(answered(1, 201, 120), problems=[()], saved=("call",)),
                step(
                    *(answered(n, 200, 80) for n in range(1, 7)),
                    problems=[("$.sms: expected 'delivered', got 'pending'",)] * 5 + [()],
                    ms=50_400,
                ),
            ),
            50_520,
        )
    )
    assert result.status is Status.PASS
    assert result.summary == "2 steps passed in 50.5 s (step 2 after 6 attempts over 50.4 s)"
    assert result.latency_ms == 50_520
    assert result.details == (
        f"step 1 'place test call': POST {API}/test-calls",
        "  attempt 1: 201 in 120 ms — as expected; saved ${call}",
        f"step 2 'SMS sent and payment settled': GET {API}/test-calls/${{call}}",
        "  attempt 1: 200 in 80 ms — $.sms: expected 'delivered', got 'pending'",
        "  … 2 more attempts like these …",
        "  attempt 4: 200 in 80 ms — $.sms: expected 'delivered', got 'pending'",
        "  attempt 5: 200 in 80 ms — $.sms: expected 'delivered', got 'pending'",
        "  attempt 6: 200 in 80 ms — as expected",
    )


def test_a_step_that_never_got_an_answer_is_an_error() -> None:
    result = judged(
        FlowAnswer((step(no_answer(1), problems=[("no answer within 10s",)], ms=10_004),), 10_004)
    )
    assert result.status is Status.ERROR
    assert result.summary == (
        "could not evaluate: step 1 'place test call' got no answer in 1 attempt "
        "(last: no answer within 10s)"
    )


def test_an_unavailable_flow_is_an_error() -> None:
    result = judged(Unavailable("releasegate cannot fetch HttpFlow facts"))
    assert (result.status, result.summary) == (
        Status.ERROR,
        "could not evaluate: releasegate cannot fetch HttpFlow facts",
    )


# --- the policy ----------------------------------------------------------------------------


def problems(text: str) -> list[str]:
    with pytest.raises(PolicyError) as caught:
        load_policy_text(textwrap.dedent(text), "policy.yml")
    return [str(problem) for problem in caught.value.problems]


def test_a_step_cannot_use_a_value_before_a_step_saves_it() -> None:
    retry = "retry: {every: 10s, for: 30s}"
    text = FLOW.replace("save: {call: id}", "").replace(
        retry, f"{retry}\n            save: {{call: id}}"
    )
    assert problems(text) == [
        "policy.yml:6:7: gate 'sms-payment-loop' 'steps' step 'SMS sent and payment settled' "
        "uses ${call} before step 'SMS sent and payment settled' saves it; a step can use only "
        "what an earlier step saved"
    ]


JSON_BODY = 'json: {to: "+15550100", note: "by ${SMOKE_TOKEN}"}'


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(
            ("retry: {every: 10s, for: 30s}", "retry: {every: 1m, for: 30s}"),
            "policy.yml:17:16: gate 'sms-payment-loop' 'steps[1].retry' needs 0s < every <= "
            "for <= 30m, got every 1m and for 30s",
            id="every longer than for",
        ),
        pytest.param(
            ("save: {call: id}", "save: {call-id: id}"),
            "policy.yml:13:15: gate 'sms-payment-loop' 'steps[0].save' 'call-id' cannot be used "
            "as ${call-id}; a name is letters, digits and _, not starting with a digit, e.g. "
            "call_id",
            id="a save name that is no ${name}",
        ),
        pytest.param(
            (JSON_BODY, 'json: {to: "${1x}"}'),
            "policy.yml:10:17: gate 'sms-payment-loop' 'steps[0].request.json' '${1x}' is not a "
            "${NAME} reference; a name is letters, digits and _, not starting with a digit, "
            "e.g. ${STAGING_TOKEN}",
            id="bad template in json",
        ),
        pytest.param(
            (JSON_BODY, 'json: {a: 1}\n              body: "x"'),
            "policy.yml:8:11: gate 'sms-payment-loop' 'steps[0].request' has both json and "
            "body; a request sends one of them",
            id="json and body",
        ),
    ],
)
def test_bad_steps_are_policy_errors(change: tuple[str, str], expected: str) -> None:
    assert problems(FLOW.replace(*change)) == [expected]
