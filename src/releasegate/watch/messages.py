"""What an incident says: its issue, the sticky status comment, the resolution comment, and
the notifications. Text from outside (gate details, pull request titles) is escaped; every
text here is built from a report whose secrets are already redacted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from releasegate.policy.models import WatchSettings
from releasegate.render.escape import markdown_text
from releasegate.render.labels import EMOJI
from releasegate.results import Report, Status
from releasegate.watch.cause import Cause, rollback_command
from releasegate.watch.incident import first_failure_marker, incident_marker
from releasegate.watch.records import RunRecord
from releasegate.watch.slo import Slo, format_span
from releasegate.watch.state import Decision, Timeline

RUN_LINKS = 10
DETAILS_SHOWN = 12


@dataclass(frozen=True)
class Situation:
    """This run, the history through it, and what was decided: what every message draws on."""

    name: str
    repository: str
    server_url: str
    report: Report
    runs: tuple[RunRecord, ...]
    decision: Decision
    slo: Slo
    settings: WatchSettings

    @property
    def failing_gates(self) -> list[str]:
        return list(self.report.failed_gates)


def when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def incident_title(situation: Situation) -> str:
    gates = ", ".join(situation.failing_gates) or "the run"
    return f"{situation.name} is failing: {gates}"[:250]


def incident_body(situation: Situation, cause: Cause | None, opened: datetime) -> str:
    first = situation.decision.first_failure
    began = first.time if first else opened
    lines = [
        incident_marker(situation.name),
        first_failure_marker(began),
        f"### 🔴 {markdown_text(situation.name)} is failing",
        "",
        f"**{situation.decision.failing} runs in a row failed**, the first at {when(began)}; "
        f"this incident opened at {when(opened)} (time to detect: "
        f"{format_span(opened - began)}).",
        "",
        *gate_table(situation.report),
        "",
        f"**Failed runs:** {run_links(situation.runs[-situation.decision.failing :])}",
        "",
        *cause_section(situation, cause),
        "",
        "#### Service level",
        "",
        markdown_text(situation.slo.line()),
        "",
        f"_releasegate watch keeps the comment below current while this fails, and closes "
        f"this issue after {situation.settings.resolve_after} passing runs in a row._",
    ]
    return "\n".join(lines) + "\n"


def status_comment(situation: Situation) -> str:
    record, decision = situation.runs[-1], situation.decision
    if record.passed:
        needed = situation.settings.resolve_after
        state = f"✅ passed ({decision.passing} of {needed} passing runs in a row to resolve)"
    else:
        state = f"❌ failed ({decision.failing} in a row)"
    link = f" · [run]({record.url})" if record.url else ""
    lines = [
        f"**Latest run:** {when(record.time)} — {state}{link}",
        "",
        *gate_table(situation.report),
        "",
        markdown_text(situation.slo.line()),
    ]
    return "\n".join(lines) + "\n"


def resolution_comment(situation: Situation, times: Timeline) -> str:
    passing = situation.decision.passing
    lines = [
        f"✅ **Resolved:** {passing} runs in a row passed, the last at {when(times.resolved)}.",
        "",
        f"- Time to detect: {format_span(times.to_detect)} (first failed run "
        f"{when(times.first_failure)} → incident opened {when(times.opened)})",
        f"- Time to resolve: {format_span(times.to_resolve)} (incident opened "
        f"{when(times.opened)} → first passing run {when(times.recovered)})",
        f"- {markdown_text(situation.slo.line())}",
    ]
    return "\n".join(lines) + "\n"


def gate_table(report: Report) -> list[str]:
    lines = ["| | Gate | Status | Summary |", "|---|---|---|---|"]
    lines += [
        f"| {EMOJI[gate.status]} | `{gate.id}` | {gate.status.value} | "
        f"{markdown_text(gate.summary)} |"
        for gate in report.gates
    ]
    for gate in report.gates:
        if gate.details and gate.status in (Status.FAIL, Status.ERROR, Status.WARN):
            lines += ["", f"<details><summary><code>{gate.id}</code></summary>", ""]
            lines += [_bullet(detail) for detail in gate.details[:DETAILS_SHOWN]]
            lines += ["", "</details>"]
    return lines


def _bullet(detail: str) -> str:
    """A detail as a list item; one indented by the gate (a step's attempt) nests."""
    depth = (len(detail) - len(detail.lstrip(" "))) // 2
    return "  " * depth + f"- {markdown_text(detail.strip())}"


def run_links(runs: Sequence[RunRecord]) -> str:
    shown = list(runs)[-RUN_LINKS:]
    links = [f"[{when(run.time)}]({run.url})" if run.url else when(run.time) for run in shown]
    earlier = len(runs) - len(shown)
    return " · ".join(links) + (f" (and {earlier} earlier)" if earlier else "")


def cause_section(situation: Situation, cause: Cause | None) -> list[str]:
    lines = ["#### Likely cause", ""]
    if cause is None:
        return [
            *lines,
            "_Set `watch.environment` (say, production) to have an incident name the "
            "deployment that likely caused it._",
        ]
    environment = markdown_text(cause.environment)
    if cause.unread is not None:
        return [
            *lines,
            f"The deployments to `{environment}` could not be read "
            f"({markdown_text(cause.unread)}), so the likely cause is not named here.",
        ]
    deployment = cause.deployment
    if deployment is None:
        older = " (only the 20 newest deployments were read)" if cause.more_deployments else ""
        return [
            *lines,
            f"No deployment to `{environment}` preceded the first failed run{older}, so the "
            "cause is likely outside the code: configuration, a provider, or traffic.",
        ]
    first = situation.decision.first_failure
    gap = f", {format_span(first.time - deployment.created_at)} before" if first else ""
    lines.append(
        f"The last deployment to `{environment}` before the first failed run: "
        f"{_commit_link(situation, deployment.sha)}"
        + (f" (`{markdown_text(deployment.ref)}`)" if deployment.ref else "")
        + (f" by **{markdown_text(deployment.creator)}**" if deployment.creator else "")
        + f" at {when(deployment.created_at)}{gap} the first failure"
        + (f": {markdown_text(deployment.headline)}" if deployment.headline else "")
        + "."
    )
    lines += ["", *_shipped_lines(cause), "", *_rollback_lines(situation, cause)]
    return lines


def _shipped_lines(cause: Cause) -> list[str]:
    if not cause.shipped:
        return ["It shipped no pull request that GitHub links to its commits."]
    since = "since the previous deployment" if cause.previous else "in its commit"
    lines = [f"It shipped, {since}:", ""]
    lines += [
        f"- {pull.kind} [#{pull.number}]({pull.url}) {markdown_text(pull.title)}"
        + (f" ({markdown_text(pull.author)})" if pull.author else "")
        for pull in cause.shipped
    ]
    if cause.more_commits:
        lines.append("- … and more: only the 100 newest commits were read")
    return lines


def _rollback_lines(situation: Situation, cause: Cause) -> list[str]:
    if cause.previous is None:
        return ["No earlier successful deployment of another commit to roll back to."]
    previous = cause.previous
    command = rollback_command(situation.repository, cause.environment, previous, situation.name)
    return [
        f"To roll back to the previous successful deployment "
        f"({_commit_link(situation, previous.sha)}, {when(previous.created_at)}):",
        "",
        "```sh",
        command,
        "```",
    ]


def _commit_link(situation: Situation, sha: str) -> str:
    return f"[`{sha[:7]}`]({situation.server_url}/{situation.repository}/commit/{sha})"


# --- notifications -------------------------------------------------------------------------


def opened_text(situation: Situation, number: int, url: str) -> str:
    failing = "; ".join(
        f"{gate.id}: {gate.summary}"
        for gate in situation.report.gates
        if gate.status in (Status.FAIL, Status.ERROR)
    )
    return _slack(
        f"🔴 {situation.repository} · {situation.name}: incident #{number} opened after "
        f"{situation.decision.failing} failed runs in a row — {failing} {url}"
    )


def resolved_text(situation: Situation, number: int, url: str, times: Timeline | None) -> str:
    took = (
        f" — time to detect {format_span(times.to_detect)}, time to resolve "
        f"{format_span(times.to_resolve)}"
        if times
        else ""
    )
    return _slack(
        f"✅ {situation.repository} · {situation.name}: incident #{number} resolved{took} {url}"
    )


def late(text: str) -> str:
    return f"{text} (sent late: this webhook did not take it before)"


def _slack(text: str) -> str:
    """Slack reads &, < and > as markup in incoming-webhook text; escaped, they are text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
