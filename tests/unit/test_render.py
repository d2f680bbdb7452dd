"""Every renderer's output as exact text."""

from __future__ import annotations

import dataclasses
import json
import textwrap
from pathlib import Path

from releasegate.errors import Problem
from releasegate.render import actions, escape
from releasegate.render.check_run import check_run_title
from releasegate.render.json import render_json
from releasegate.render.markdown import render_markdown
from releasegate.render.text import render_text
from releasegate.results import Annotation, GateResult, Report, Status

SHA = "0123456789abcdef0123456789abcdef01234567"

GREPTILE = GateResult(
    id="greptile-p1",
    type="greptile",
    mode="block",
    status=Status.FAIL,
    summary="1 unaddressed P1 finding",
    details=(
        "app/pay.ts:88 P1 Escalation can overwrite settlement — https://github.com/acme/app/pull/42#discussion_r1",
    ),
    annotations=(Annotation("app/pay.ts", 88, "Escalation can overwrite settlement"),),
)
SEPARATION = GateResult(
    id="separation",
    type="change-separation",
    mode="block",
    status=Status.PASS,
    summary="changes stay in one group (all in 'feature')",
)
PROBE = GateResult(
    id="staging-health",
    type="http-probe",
    mode="warn",
    status=Status.WARN,
    summary="status 503 after 3 attempts",
    details=("attempt 3: 503 in 120 ms",),
)
SKIPPED = GateResult(
    id="hotfix-from-prod",
    type="hotfix-branch",
    mode="block",
    status=Status.SKIP,
    summary="skipped: branch 'main' does not match prod",
)
REPORT = Report(
    policy=".github/releasegate.yml",
    name="pr",
    repository="acme/app",
    sha=SHA,
    pull_request=42,
    event="pull_request",
    gates=(SEPARATION, GREPTILE, PROBE, SKIPPED),
)


def _undecided(gate_id: str) -> GateResult:
    return GateResult(
        id=gate_id,
        type="check-passed",
        mode="block",
        status=Status.ERROR,
        summary="could not evaluate: HTTP 502 from GitHub",
    )


def test_the_check_run_title_says_what_blocked_and_what_could_not_be_evaluated() -> None:
    def title(*gates: GateResult) -> str:
        return check_run_title(dataclasses.replace(REPORT, gates=gates))

    assert title(SEPARATION, PROBE) == "All gates passed"
    assert title(SEPARATION, GREPTILE) == "Blocked by greptile-p1"
    # An error verdict blocks (exit 3), but nothing was found wrong: the title must not say so.
    assert title(SEPARATION, _undecided("staging-e2e")) == (
        "Could not evaluate staging-e2e (treated as failed; re-run)"
    )
    assert title(GREPTILE, _undecided("staging-e2e"), _undecided("deps")) == (
        "Blocked by greptile-p1; could not evaluate staging-e2e, deps"
    )


def test_text_has_one_line_per_gate_details_indented_and_a_verdict() -> None:
    assert render_text(REPORT) == textwrap.dedent("""\
        releasegate / pr — acme/app#42 at 0123456 (pull_request)
        ✓ separation        pass       changes stay in one group (all in 'feature')
        ✗ greptile-p1       fail       1 unaddressed P1 finding
            app/pay.ts:88 P1 Escalation can overwrite settlement — https://github.com/acme/app/pull/42#discussion_r1
        ! staging-health    warn       status 503 after 3 attempts
            attempt 3: 503 in 120 ms
        - hotfix-from-prod  skip       skipped: branch 'main' does not match prod
        verdict: fail — blocked by greptile-p1
        """)


def test_text_of_a_passing_report_names_its_warnings_and_notices() -> None:
    report = Report(
        "p.yml",
        "deploy",
        "acme/app",
        SHA,
        None,
        "push",
        (SEPARATION, PROBE),
        notices=("this PR changes p.yml",),
    )
    assert render_text(report).splitlines()[1] == "note: this PR changes p.yml"
    assert render_text(report).splitlines()[-1] == "verdict: pass (warnings: staging-health)"


def test_json_is_the_spec_report_exactly() -> None:
    report = Report("p.yml", "pr", "acme/app", SHA, 42, "pull_request", (GREPTILE,))
    assert json.loads(render_json(report)) == {
        "schema": "releasegate/report/v1",
        "policy": "p.yml",
        "repository": "acme/app",
        "sha": SHA,
        "pull_request": 42,
        "event": "pull_request",
        "verdict": "fail",
        "gates": [
            {
                "id": "greptile-p1",
                "type": "greptile",
                "mode": "block",
                "status": "fail",
                "summary": "1 unaddressed P1 finding",
                "details": [GREPTILE.details[0]],
                "annotations": [
                    {
                        "path": "app/pay.ts",
                        "line": 88,
                        "level": "failure",
                        "message": "Escalation can overwrite settlement",
                    }
                ],
            }
        ],
        "notices": [],
    }


def test_markdown_summary_table_and_details() -> None:
    assert render_markdown(REPORT) == textwrap.dedent("""\
        ### ❌ releasegate / pr: blocked

        | | Gate | Status | Summary |
        |---|---|---|---|
        | ✅ | `separation` | pass | changes stay in one group \\(all in 'feature'\\) |
        | ❌ | `greptile-p1` | fail | 1 unaddressed P1 finding |
        | ⚠️ | `staging-health` | warn | status 503 after 3 attempts |
        | ⏭️ | `hotfix-from-prod` | skip | skipped: branch 'main' does not match prod |

        <details><summary><code>greptile-p1</code></summary>

        - app/pay.ts:88 P1 Escalation can overwrite settlement — https://github.com/acme/app/pull/42#discussion_r1

        </details>

        <details><summary><code>staging-health</code></summary>

        - attempt 3: 503 in 120 ms

        </details>

        verdict: fail — blocked by greptile\\-p1
        """)


def test_markdown_escapes_untrusted_text() -> None:
    evil = GateResult(
        id="sep",
        type="change-separation",
        mode="block",
        status=Status.FAIL,
        summary="<img src=x onerror=alert(1)> | [click](javascript:x) @everyone",
        details=("`::set-output name=x::y` **bold**",),
    )
    markdown = render_markdown(Report("p.yml", "pr", "acme/app", SHA, 1, "push", (evil,)))
    assert (
        "| ❌ | `sep` | fail | &lt;img src=x onerror=alert\\(1\\)&gt; \\| \\[click\\]"
        "\\(javascript:x\\) @\u200beveryone |"
    ) in markdown
    assert "- \\`::set\\-output name=x::y\\` \\*\\*bold\\*\\*" in markdown


def test_annotations_as_workflow_commands_are_escaped() -> None:
    note = Annotation("app/a,b:c.ts", 7, "line one\nline two 100%", title="t")
    gate = GateResult("g", "greptile", "block", Status.FAIL, "s", annotations=(note,))
    report = Report("p.yml", "pr", "acme/app", SHA, 1, "push", (gate,))
    assert actions.annotation_commands(report) == [
        "::error file=app/a%2Cb%3Ac.ts,line=7,title=t::line one%0Aline two 100%25"
    ]


def test_policy_problems_as_workflow_commands() -> None:
    problems = [Problem(".github/releasegate.yml", 4, 11, "unknown gate type 'x'")]
    assert actions.problem_commands(problems) == [
        "::error file=.github/releasegate.yml,line=4,col=11,title=releasegate policy::"
        "unknown gate type 'x'"
    ]


def test_text_for_the_runner_holds_no_workflow_command_and_reads_the_same() -> None:
    text = "a\n  ::error::forged\n\u3000::warning::x\nsee ##[set-env name=A]b\n"
    inert = escape.runner_inert(text)
    assert inert == (
        "a\n  \u200b::error::forged\n\u3000\u200b::warning::x\nsee ##\u200b[set-env name=A]b\n"
    )
    assert inert.replace("\u200b", "") == text


def test_json_for_the_runner_decodes_to_the_same_value() -> None:
    text = json.dumps({"summary": "##[error]x", "details": ["::warning::y"]}, indent=2)
    inert = escape.runner_inert_json(text)
    assert "##[" not in inert
    assert json.loads(inert) == json.loads(text)


def test_the_json_report_carries_the_policy_changed_notice() -> None:
    report = Report(
        "p.yml", "pr", "acme/app", SHA, 42, "pull_request", (), ("this PR changes p.yml",)
    )
    assert json.loads(render_json(report))["notices"] == ["this PR changes p.yml"]


def test_outputs_use_the_multiline_form(tmp_path: Path) -> None:
    outputs = tmp_path / "out"
    actions.write_outputs(outputs, REPORT, Path("/tmp/report.json"))
    lines = outputs.read_text().splitlines()
    names = {
        line.split("<<")[0]: lines[i + 1]
        for i, line in enumerate(lines)
        if "<<ghadelimiter_" in line
    }
    assert names == {
        "verdict": "fail",
        "failed-gates": '["greptile-p1"]',
        "report": "/tmp/report.json",
    }
    assert all(lines[i + 2] == line.split("<<")[1] for i, line in enumerate(lines) if "<<" in line)
