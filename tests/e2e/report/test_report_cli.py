"""`releasegate report` as a subprocess against the stand-in: 8 generated weeks of a repository.

The repository holds bugs of every stage (some of none, some of two), regressions, QA pull
requests (some pushed back), hotfixes into production (and PRs that are not), and incidents
(and an issue a person labelled so); ``ReportWorld`` knows what each week must count.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest

from releasegate.report.publish import issue_marker, week_marker
from releasegate_standin import Fault, StandIn
from support.cli import Run, releasegate
from support.report_world import POLICY, WEEK, ReportWorld

pytestmark = pytest.mark.e2e

WORLD = ReportWorld()
NOW = WORLD.now.isoformat()
MARKDOWN = """\
### QA weekly report: acme/app

2026-W35 to 2026-W42 (Mon 24 Aug to Sun 18 Oct 2026, UTC)

**Escape rate in 2026-W42: 0.0% (Production bugs / all bugs), down 13.8 points from 13.8% in the 7 weeks before.**

| Week | Bugs | QA | Staging | Release candidate | Alpha | Production | Unstaged | Regressions | Escape rate |
|:--|--:|--:|--:|--:|--:|--:|--:|--:|--:|
| 2026-W35 | 12 | 1 | 8 | 2 | 0 | 1 | 0 | 0 | 8.3% |
| 2026-W36 | 11 | 2 | 2 | 2 | 2 | 2 | 1 | 0 | 18.2% |
| 2026-W37 | 12 | 6 | 3 | 0 | 1 | 1 | 1 | 1 | 8.3% |
| 2026-W38 | 10 | 4 | 2 | 1 | 0 | 1 | 2 | 0 | 10.0% |
| 2026-W39 | 11 | 2 | 5 | 0 | 1 | 2 | 2 | 2 | 18.2% |
| 2026-W40 | 13 | 2 | 4 | 3 | 0 | 3 | 2 | 1 | 23.1% |
| 2026-W41 | 11 | 2 | 5 | 2 | 0 | 1 | 1 | 1 | 9.1% |
| 2026-W42 | 10 | 3 | 3 | 3 | 0 | 0 | 1 | 0 | 0.0% |

| Week | QA tests performed | QA tests pushed back | Hotfixes | Incidents | Hours to close |
|:--|--:|--:|--:|--:|--:|
| 2026-W35 | 3 | 1 | 0 | 0 | 31.0 |
| 2026-W36 | 4 | 0 | 1 | 1 | — |
| 2026-W37 | 5 | 3 | 2 | 0 | — |
| 2026-W38 | 3 | 1 | 0 | 0 | 35.0 |
| 2026-W39 | 4 | 2 | 1 | 0 | — |
| 2026-W40 | 5 | 2 | 2 | 1 | 37.0 |
| 2026-W41 | 3 | 2 | 0 | 0 | 12.0 |
| 2026-W42 | 4 | 0 | 1 | 0 | — |

```mermaid
%%{init: {"xyChart": {"height": 320}, "themeVariables": {"xyChart": {"plotColorPalette": "#1f77b4, #d62728"}}}}%%
xychart-beta
    title "Bugs opened per week"
    x-axis ["W35", "W36", "W37", "W38", "W39", "W40", "W41", "W42"]
    y-axis "Bugs" 0 --> 13
    bar [12, 11, 12, 10, 11, 13, 11, 10]
    line [1, 2, 1, 1, 2, 3, 1, 0]
```

Bars: all bugs opened each week. Line: Production bugs, the ones that escaped.

<sub>Bugs: `label:bug`, by the week they were opened; a bug that no stage matches is unstaged, one that two stages match counts in both (2 extra counts in these weeks). Regressions: Production bugs that also match `label:regression`. Hotfixes: pull requests from `hotfix/*` merged into `prod`. Incidents: opened by releasegate watch, with the label `incident`. Hours to close: the median over the Production bugs closed that week, from opened to closed, leaving out those closed as not planned.</sub>
"""  # noqa: E501


@pytest.fixture(scope="module")
def standin() -> Iterator[StandIn]:
    with StandIn(WORLD.scenario()) as server:
        yield server


@pytest.fixture
def github(standin: StandIn) -> StandIn:
    """The generated repository, as generated: what an earlier test published is gone."""
    standin.reset()
    standin.clear_faults()
    standin.reset_log()
    return standin


@pytest.fixture
def policy(tmp_path: Path) -> Path:
    path = tmp_path / "releasegate.yml"
    path.write_text(POLICY)
    return path


def report(github: StandIn, policy: Path, *args: str, now: str = NOW, **env: str) -> Run:
    return releasegate(
        "report", "--policy", str(policy), "--now", now, *args, env={**github.env(), **env}
    )


def test_the_markdown_report_is_exactly_the_weeks_of_the_repository(
    github: StandIn, policy: Path
) -> None:
    run = report(github, policy, "--format", "markdown", "--dry-run")
    assert (run.code, run.stderr) == (0, "")
    assert run.stdout == MARKDOWN


def test_every_week_counts_what_the_repository_holds(github: StandIn, policy: Path) -> None:
    run = report(github, policy, "--format", "json", "--dry-run")
    weeks = json.loads(run.stdout)["weeks"]
    assert [week["week"] for week in weeks] == [f"2026-W{n}" for n in range(35, 43)]
    for week, expected in zip(weeks, WORLD.expected, strict=True):
        median = statistics.median(expected.close_hours) if expected.close_hours else None
        rate = round(expected.stages["Production"] / expected.bugs, 4) if expected.bugs else None
        assert week == {
            "week": week["week"],
            "start": week["start"],
            "bugs": expected.bugs,
            "stages": expected.stages,
            "unstaged": expected.unstaged,
            "regressions": expected.regressions,
            "rows": {
                "QA tests performed": expected.performed,
                "QA tests pushed back": expected.pushed_back,
            },
            "hotfixes": expected.hotfixes,
            "incidents": expected.incidents,
            "median-hours-to-close": median,
            "escape-rate": rate,
        }


def test_the_whole_report_is_seven_requests(github: StandIn, policy: Path) -> None:
    report(github, policy, "--format", "json", "--dry-run")
    operations = sorted(request.operation or request.path for request in github.requests)
    # 80 counts (bugs, each stage, the unstaged, regressions and the two rows, per week), 20
    # to a request; a page each of the closed escapes, the hotfixes and the incidents.
    assert operations == [
        "ReportIncidents", "ReportIssues", "ReportPullRequests", *["SearchCounts"] * 4,
    ]  # fmt: skip


def test_the_svg_chart_is_a_valid_svg_file(github: StandIn, policy: Path, tmp_path: Path) -> None:
    chart = tmp_path / "report.svg"
    run = report(github, policy, "--output", str(chart), "--dry-run")
    assert run.code == 0, run.output
    root = ElementTree.parse(chart).getroot()
    assert (root.tag, root.get("viewBox")) == ("{http://www.w3.org/2000/svg}svg", "0 0 720 345.6")
    assert run.stdout.startswith("QA weekly report: acme/app, 2026-W35 to 2026-W42")


def test_the_issue_is_updated_in_place_never_duplicated(github: StandIn, policy: Path) -> None:
    first = report(github, policy, "--format", "markdown")
    assert (first.code, first.stderr) == (
        0,
        "report issue #149: created; this week's comment: created\n",
    )
    again = report(github, policy, "--format", "markdown")
    assert again.stderr == "report issue #149: unchanged; this week's comment: unchanged\n"
    a_week_later = report(github, policy, now=(WORLD.now + WEEK).isoformat())
    assert a_week_later.stderr == "report issue #149: updated; this week's comment: created\n"
    reports = [
        issue for issue in github.state.main_repo.issues.values() if "qa-report" in issue.labels
    ]
    assert [(issue.number, issue.title) for issue in reports] == [(149, "QA weekly report")]
    (issue,) = reports
    assert issue.body.startswith(
        f"{issue_marker('qa')}\n### QA weekly report: acme/app\n\n2026-W36 to"
    )
    assert [comment.body.splitlines()[0] for comment in issue.comments] == [
        week_marker("qa", "2026-W42"),
        week_marker("qa", "2026-W43"),
    ]


def test_inside_actions_the_job_summary_gets_the_markdown_report(
    github: StandIn, policy: Path, tmp_path: Path
) -> None:
    summary = tmp_path / "summary.md"
    actions = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    run = report(github, policy, "--dry-run", **actions)
    assert run.code == 0, run.output
    assert summary.read_text() == MARKDOWN + "\n"
    assert run.stdout.startswith("QA weekly report: acme/app")


def test_a_search_that_fails_for_good_is_exit_3_and_no_table(github: StandIn, policy: Path) -> None:
    github.add_fault(
        Fault("status", path="graphql", operation="ReportPullRequests", times="always")
    )
    run = report(github, policy, "--format", "markdown", RELEASEGATE_RETRY_SECONDS="1")
    assert (run.code, run.stdout) == (3, "")
    assert run.stderr.startswith("error: GraphQL query report_pull_requests failed: HTTP 502")
    assert not any("qa-report" in issue.labels for issue in github.state.main_repo.issues.values())


def test_a_bad_report_section_is_exit_2_at_its_line(github: StandIn, tmp_path: Path) -> None:
    bad = tmp_path / "qa.yml"
    bad.write_text("version: 1\nreport:\n  escapes: Prod\n")
    run = report(github, bad)
    assert run.code == 2
    assert run.stderr.startswith(f"{bad}:3:12: 'report.escapes' names no stage ('Prod')")
    assert github.requests == []


def test_without_output_the_plotting_library_is_never_imported(
    github: StandIn, policy: Path
) -> None:
    run = report(github, policy, "--dry-run", PYTHONPROFILEIMPORTTIME="1")
    assert run.code == 0
    imported = [line.split("|")[-1].strip() for line in run.stderr.splitlines() if "|" in line]
    assert "releasegate.report.run" in imported
    assert [name for name in imported if name.startswith("matplotlib")] == []
