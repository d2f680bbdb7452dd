"""The report: section of a policy: defaults, and a clear problem at its line for a bad one."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from releasegate.context import Inputs
from releasegate.errors import PolicyError, UsageError
from releasegate.policy.load import load_policy_text
from releasegate.report.setup import load_setup


def problems(report: str) -> list[str]:
    text = "version: 1\nreport:\n" + textwrap.indent(textwrap.dedent(report), "  ")
    with pytest.raises(PolicyError) as error:
        load_policy_text(text, "policy.yml")
    return [str(problem) for problem in error.value.problems]


def test_the_defaults_are_spec_11s_example() -> None:
    report = load_policy_text("version: 1\nreport: {}\n", "policy.yml").report
    assert report is not None
    assert (report.weeks, report.bugs, report.escapes, report.regression) == (
        8,
        "label:bug",
        "Production",
        "label:regression",
    )
    assert list(report.stages) == ["QA", "Staging", "Release candidate", "Alpha", "Production"]
    assert (report.rows, report.publish) == ({}, None)


def test_stages_keep_the_order_they_are_written_in() -> None:
    text = "version: 1\nreport:\n  stages: {Prod: label:p, Alpha: label:a}\n  escapes: Prod\n"
    report = load_policy_text(text, "policy.yml").report
    assert report is not None and list(report.stages) == ["Prod", "Alpha"]


@pytest.mark.parametrize(
    ("report", "expected"),
    [
        (
            "escapes: Prod\n",
            "policy.yml:3:12: 'report.escapes' names no stage ('Prod'); use one of QA, Staging, "
            "Release candidate, Alpha, Production",
        ),
        (
            "rows: {Tests: 'is:pr created:>2026-01-01'}\n",
            "policy.yml:3:17: 'report.rows.Tests' should leave out created: (in 'is:pr "
            "created:>2026-01-01'); the report adds each week's dates and its own order",
        ),
        (
            "bugs: 'label:bug sort:updated'\n",
            "policy.yml:3:9: 'report.bugs' should leave out sort: (in 'label:bug sort:updated'); "
            "the report adds each week's dates and its own order",
        ),
        (
            "regression: 'label:\"regression'\n",
            "policy.yml:3:15: 'report.regression' has an unclosed quote in 'label:\"regression'; "
            'quote like label:"on qa"',
        ),
        (
            "stages: {Unstaged: label:x}\nescapes: Unstaged\n",
            "policy.yml:3:11: 'report.stages' cannot have a stage named 'Unstaged': 'unstaged' "
            "counts the rest",
        ),
        (
            "stages: {QA: 'repo:acme/qa label:x'}\nescapes: QA\n",
            "policy.yml:3:11: 'report.stages' stage 'QA' names a repository; 'bugs' says where "
            "bugs are",
        ),
        (
            "weeks: 60\n",
            "policy.yml:3:10: 'report.weeks' should be less than or equal to 52, got 60",
        ),
        (
            "publish: {}\n",
            "policy.yml:3:12: missing required key 'issue-title' in 'report.publish'",
        ),
        ("stage: {}\n", "policy.yml:3:3: unknown key 'stage' in 'report'; did you mean 'stages'?"),
    ],
)
def test_a_bad_report_section_is_a_problem_at_its_line(report: str, expected: str) -> None:
    assert problems(report) == [expected]


def test_without_a_policy_file_the_report_has_every_default(tmp_path: Path) -> None:
    setup = load_setup(Inputs(repository="acme/app"), tmp_path / "releasegate.yml", required=False)
    assert (setup.name, setup.repository, setup.incident_label) == (
        "releasegate",
        "acme/app",
        "incident",
    )
    assert (setup.hotfix.production, setup.report.weeks) == ("prod", 8)


def test_a_policy_named_with_policy_must_exist(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="no policy file here"):
        load_setup(Inputs(repository="acme/app"), tmp_path / "qa.yml", required=True)


def test_the_report_takes_the_policys_name_and_hotfix_settings(tmp_path: Path) -> None:
    policy = tmp_path / "weekly.yml"
    policy.write_text("version: 1\nhotfix: {production: live, head-pattern: 'fix/*'}\nreport: {}\n")
    setup = load_setup(Inputs(repository="acme/app"), policy, required=True)
    assert (setup.name, setup.hotfix.production, setup.hotfix.head_pattern) == (
        "weekly",
        "live",
        "fix/*",
    )


def test_a_report_needs_a_repository(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no repository: set GITHUB_REPOSITORY or pass --repo"):
        load_setup(Inputs(), tmp_path / "none.yml", required=False)
