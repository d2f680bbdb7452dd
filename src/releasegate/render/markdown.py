"""Markdown: the job summary, the check run summary and the PR comment share this body."""

from __future__ import annotations

from releasegate.render.escape import markdown_text
from releasegate.render.labels import EMOJI, check_name, describe_verdict
from releasegate.results import Report, Status

_VERDICT_WORDS = {Status.PASS: "passed", Status.FAIL: "blocked", Status.ERROR: "could not decide"}


def render_markdown(report: Report) -> str:
    verdict = report.verdict
    title = markdown_text(check_name(report))  # the policy's name is anyone's words
    lines = [f"### {EMOJI[verdict]} {title}: {_VERDICT_WORDS[verdict]}", ""]
    lines += [f"> **Note:** {markdown_text(notice)}" for notice in report.notices]
    if report.notices:
        lines.append("")
    lines += ["| | Gate | Status | Summary |", "|---|---|---|---|"]
    for gate in report.gates:
        lines.append(
            f"| {EMOJI[gate.status]} | `{gate.id}` | {gate.status.value} | "
            f"{markdown_text(gate.summary)} |"
        )
    for gate in report.gates:
        if gate.details and gate.status is not Status.PASS:
            lines += ["", f"<details><summary><code>{gate.id}</code></summary>", ""]
            lines += [f"- {markdown_text(detail.strip())}" for detail in gate.details]
            lines += ["", "</details>"]
    lines += ["", markdown_text(describe_verdict(report)), ""]
    return "\n".join(lines)
