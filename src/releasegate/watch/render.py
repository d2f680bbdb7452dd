"""What a watch run shows: the gates' report, then where the run went, what it did to the
incident, whom it told, and the SLO line; as text, JSON, and the job summary's Markdown.
Renderers never decide: everything here was decided in ``run``."""

from __future__ import annotations

import json
from typing import Any

from releasegate.render.escape import markdown_text
from releasegate.render.json import report_object
from releasegate.render.labels import EMOJI
from releasegate.render.markdown import render_markdown
from releasegate.render.text import render_text
from releasegate.results import Status
from releasegate.watch.run import RunResult
from releasegate.watch.session import Session

SCHEMA = "releasegate/watch/v1"


def watch_lines(session: Session, result: RunResult) -> list[str]:
    """One line each: the history, the incident, the notifications, the SLO, any notices."""
    if result.decision is None:
        lines = [f"history: not recorded ({session.history.place})"]
    else:
        lines = [f"history: recorded in {session.history.place}; {_streak(session, result)}"]
        lines.append(f"incident: {result.did}")
    lines += [_sent_line(result)] if result.sent else []
    lines += [result.slo.line()] if result.slo else []
    lines += [f"note: {notice}" for notice in result.notices]
    return lines


def _streak(session: Session, result: RunResult) -> str:
    decision, settings = result.decision, session.settings
    assert decision is not None
    if decision.failing:
        text = f"{decision.failing} failed in a row"
        if result.incident is None and decision.action != "open":
            text += f" (an incident opens after {settings.incident_after})"
        return text
    text = f"{decision.passing} passed in a row"
    if result.incident is not None:
        text += f" ({decision.passing} of {settings.resolve_after} to resolve)"
    return text


def _sent_line(result: RunResult) -> str:
    parts = [
        f"{sent.name} told"
        if sent.delivered
        else f"{sent.name} not told: {sent.error}; it is tried again on the next run"
        for sent in result.sent
    ]
    return "notify: " + "; ".join(parts)


def render_run_text(session: Session, result: RunResult) -> str:
    return render_text(result.report) + "".join(
        f"{line}\n" for line in watch_lines(session, result)
    )


def run_object(session: Session, result: RunResult) -> dict[str, Any]:
    decision, slo = result.decision, result.slo
    return {
        "report": report_object(result.report),
        "watch": {
            "history": {"branch": session.history.place.branch, "path": session.history.place.path},
            "recorded": decision is not None,
            "failing": decision.failing if decision else None,
            "passing": decision.passing if decision else None,
            "action": decision.action if decision else None,
            "did": result.did,
            "incident": (
                {"number": result.incident.number, "url": result.incident.url}
                if result.incident
                else None
            ),
            "notified": [
                {"webhook": sent.name, "delivered": sent.delivered, "error": sent.error}
                for sent in result.sent
            ],
            "slo": (
                {
                    "objective": slo.objective,
                    "runs": slo.runs,
                    "passed": slo.passed,
                    "ratio": round(slo.ratio, 6),
                    "budget-left": round(slo.budget_left, 6),
                }
                if slo
                else None
            ),
            "notices": list(result.notices),
            "problem": result.problem.message if result.problem else None,
        },
    }


def render_run_json(session: Session, result: RunResult) -> str:
    return json.dumps({"schema": SCHEMA, **run_object(session, result)}, indent=2) + "\n"


def render_window_json(session: Session, results: list[RunResult], code: int) -> str:
    runs = [run_object(session, result) for result in results]
    return json.dumps({"schema": SCHEMA, "runs": runs, "exit": code}, indent=2) + "\n"


def run_summary(session: Session, result: RunResult) -> str:
    lines = [render_markdown(result.report), "#### Watch", ""]
    lines += [f"- {markdown_text(line)}" for line in watch_lines(session, result)]
    if result.problem:
        lines.append(f"- ⛔ {markdown_text(result.problem.message)}")
    return "\n".join(lines) + "\n"


# --- post-deploy verification: one summary row per run -----------------------------------


def window_heading(session: Session, window: str, every: str) -> str:
    return "\n".join(
        [
            f"### releasegate watch: {markdown_text(session.name)}, every {every} for {window}",
            "",
            "| # | Time | Verdict | Failing gates | In a row | Incident |",
            "|---|---|---|---|---|---|",
        ]
    )


def window_row(number: int, result: RunResult) -> str:
    record, decision = result.record, result.decision
    verdict = Status(record.verdict)
    time = record.time.strftime("%H:%M:%S UTC")
    failing = ", ".join(f"`{gate}`" for gate in result.report.failed_gates) or "—"
    streak = "—"
    if decision is not None:
        streak = f"{decision.failing} failed" if decision.failing else f"{decision.passing} passed"
    incident = f"#{result.incident.number}" if result.incident else "—"
    return (
        f"| {number} | {time} | {EMOJI[verdict]} {verdict.value} | {failing} | {streak} | "
        f"{incident} |"
    )


def window_end(session: Session, results: list[RunResult], code: int) -> str:
    last = results[-1]
    outcome = {
        0: "✅ the window ended without "
        f"{session.settings.incident_after} failed runs in a row (exit 0)",
        1: f"❌ {session.settings.incident_after} runs in a row failed: roll back (exit 1)",
        3: "⛔ a run could not be recorded (exit 3)",
    }[code]
    lines = ["", f"**{outcome}**", ""]
    lines += [f"- {markdown_text(line)}" for line in watch_lines(session, last)]
    if last.problem:
        lines.append(f"- ⛔ {markdown_text(last.problem.message)}")
    if last.failed:
        lines += ["", render_markdown(last.report)]
    return "\n".join(lines) + "\n"
