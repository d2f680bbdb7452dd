"""Hand-built answers of live HTTP calls, and the facts a policy's gates ask for."""

from __future__ import annotations

import json
from typing import Any

from releasegate.facts import FactRequest, RunContext
from releasegate.facts.http import HttpAnswer, HttpAttempt
from releasegate.gates import GATES
from releasegate.policy.models import Policy

JSON = "application/json"


def answered(
    number: int = 1,
    status: int = 200,
    ms: float = 85,
    *,
    body: str = "",
    json_body: Any = None,
    content_type: str | None = None,
) -> HttpAttempt:
    """An attempt that got an answer; ``json_body`` sets the body and its content type."""
    if json_body is not None:
        body, content_type = json.dumps(json_body), content_type or JSON
    headers = (("content-type", content_type),) if content_type else ()
    return HttpAttempt(number, ms, status=status, headers=headers, body=body)


def no_answer(
    number: int = 1, error: str = "no answer within 10s", ms: float = 10_004
) -> HttpAttempt:
    return HttpAttempt(number, ms, error=error)


def answer(*attempts: HttpAttempt) -> HttpAnswer:
    return HttpAnswer(tuple(attempts))


def requests_of(policy: Policy, ctx: RunContext) -> list[FactRequest[Any]]:
    """What the policy's gates ask to gather, in order."""
    return [
        request
        for config in policy.gate_configs
        for request in GATES[config.type](config).requests(ctx)
    ]
