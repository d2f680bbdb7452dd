"""The machine report of SPEC §3, exactly."""

from __future__ import annotations

import json
from typing import Any

from releasegate.results import GateResult, Report

SCHEMA = "releasegate/report/v1"


def report_object(report: Report) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "policy": report.policy,
        "repository": report.repository,
        "sha": report.sha,
        "pull_request": report.pull_request,
        "event": report.event,
        "verdict": report.verdict.value,
        "gates": [_gate(gate) for gate in report.gates],
        "notices": list(report.notices),
    }


def _gate(gate: GateResult) -> dict[str, Any]:
    return {
        "id": gate.id,
        "type": gate.type,
        "mode": gate.mode,
        "status": gate.status.value,
        "summary": gate.summary,
        "details": list(gate.details),
        "annotations": [
            {"path": a.path, "line": a.line, "level": a.level, "message": a.message}
            for a in gate.annotations
        ],
    }


def render_json(report: Report) -> str:
    return json.dumps(report_object(report), indent=2, ensure_ascii=False) + "\n"
