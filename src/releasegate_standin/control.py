"""``/_standin/``: steer a stand-in running in another process over HTTP (no token needed).

GET    /_standin/requests     the request log (?since=N skips the first N entries)
POST   /_standin/reset-log    empty the log
GET    /_standin/faults       the faults in force, with their hits
POST   /_standin/faults       add a fault, or a list of them: {"kind": "status", ...}
DELETE /_standin/faults       remove every fault
GET    /_standin/latency      {"seconds": ...}
POST   /_standin/latency      {"seconds": 0.2}
GET    /_standin/state        every record, as JSON
POST   /_standin/reset        back to the scenario as loaded
POST   /_standin/scenario     load another scenario (its YAML or JSON as the body)
"""

from __future__ import annotations

import base64
import dataclasses
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import SplitResult, parse_qsl

from releasegate_standin.faults import Fault
from releasegate_standin.rest.api import Response, error
from releasegate_standin.served import ServedGitHub
from releasegate_standin.state.generate import iso
from releasegate_standin.state.scenario import ScenarioError, scenario_from_yaml
from releasegate_standin.state.store import State

Action = Callable[[ServedGitHub, SplitResult, bytes], Response]


def handle(standin: ServedGitHub, method: str, url: SplitResult, raw: bytes) -> Response:
    name = url.path.removeprefix("/_standin").strip("/")
    action = ACTIONS.get((method, name))
    if action is None:
        routes = sorted(f"{verb} /_standin/{path}".rstrip("/") for verb, path in ACTIONS)
        return Response(404, {"message": "Not Found", "control_endpoints": routes})
    try:
        return action(standin, url, raw)
    except (ValueError, TypeError, ScenarioError) as problem:
        return error(422, str(problem))


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw or b"null")
    except json.JSONDecodeError as problem:
        raise ValueError(f"the body is not JSON: {problem}") from None


def _requests(standin: ServedGitHub, url: SplitResult, raw: bytes) -> Response:
    since = dict(parse_qsl(url.query)).get("since", "0")
    entries = standin.requests[int(since) if since.isdigit() else 0 :]
    return Response(200, [entry.to_json() for entry in entries])


def _reset_log(standin: ServedGitHub, url: SplitResult, raw: bytes) -> Response:
    standin.reset_log()
    return Response(200, {"ok": True})


def _faults(standin: ServedGitHub, url: SplitResult, raw: bytes) -> Response:
    return Response(200, standin.faults.describe())


def _add_faults(standin: ServedGitHub, url: SplitResult, raw: bytes) -> Response:
    body = _json(raw)
    items = body if isinstance(body, list) else [body]
    if not all(isinstance(item, dict) for item in items):
        raise TypeError("send a fault as a JSON object, or a list of them")
    faults = [Fault.from_json(item) for item in items]  # all checked before any is added
    for fault in faults:
        standin.add_fault(fault)
    return Response(201, standin.faults.describe())


def _clear_faults(standin: ServedGitHub, url: SplitResult, raw: bytes) -> Response:
    standin.clear_faults()
    return Response(200, [])


def _latency(standin: ServedGitHub, url: SplitResult, raw: bytes) -> Response:
    return Response(200, {"seconds": standin.latency})


def _set_latency(standin: ServedGitHub, url: SplitResult, raw: bytes) -> Response:
    body = _json(raw)
    seconds = body.get("seconds") if isinstance(body, dict) else body
    if not isinstance(seconds, int | float) or isinstance(seconds, bool):
        raise TypeError('send {"seconds": <number>}')
    standin.set_latency(float(seconds))
    return Response(200, {"seconds": standin.latency})


def _state(standin: ServedGitHub, url: SplitResult, raw: bytes) -> Response:
    return Response(200, dump_state(standin.state))


def _reset(standin: ServedGitHub, url: SplitResult, raw: bytes) -> Response:
    standin.reset()
    return Response(200, {"ok": True})


def _scenario(standin: ServedGitHub, url: SplitResult, raw: bytes) -> Response:
    # JSON is YAML, so one parser takes both.
    standin.load(scenario_from_yaml(raw.decode("utf-8"), "posted scenario"))
    return Response(200, {"ok": True, "repositories": sorted(standin.state.repos)})


ACTIONS: dict[tuple[str, str], Action] = {
    ("GET", "requests"): _requests,
    ("POST", "reset-log"): _reset_log,
    ("GET", "faults"): _faults,
    ("POST", "faults"): _add_faults,
    ("DELETE", "faults"): _clear_faults,
    ("GET", "latency"): _latency,
    ("POST", "latency"): _set_latency,
    ("GET", "state"): _state,
    ("POST", "reset"): _reset,
    ("POST", "scenario"): _scenario,
}


def dump_state(state: State) -> dict[str, Any]:
    """Every repository's records as JSON: times in ISO 8601, file contents as text or base64."""
    with state.lock:
        return {name: _plain(dataclasses.asdict(repo)) for name, repo in state.repos.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {_key(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return {"base64": base64.b64encode(value).decode()}
    return value


def _key(key: Any) -> str:
    return ":".join(map(str, key)) if isinstance(key, tuple) else str(key)
