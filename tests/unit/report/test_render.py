"""The report rendered: Markdown and text compared as exact text, JSON as SPEC §11's object."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from releasegate.policy.models import ReportSettings
from releasegate.report.facts import ClosedBug, Incident, MergedPull
from releasegate.report.publish import week_comment
from releasegate.report.render import render_json, render_markdown, render_text
from releasegate.report.rows import QaReport, build_report
from releasegate.report.weeks import Week
from unit.report.test_rows import SETUP, W41, W42, at, bug, facts

W40 = Week(date(2026, 9, 28))


def sample() -> QaReport:
    found = facts(
        weeks=(W40, W41, W42),
        bugs=(5, 4, 2),
        regressions=(1, 1, 0),
        rows={"QA tests": (2, 6, 3)},
        stages={
            "QA": (bug(1, 5), bug(2, 6)),
            "Production": (bug(7, 1), bug(8, 2), bug(3, 7), bug(2, 6), bug(4, 13)),
        },
        closed_escapes=(ClosedBug(at(7), at(8, 6), "COMPLETED"),),
        hotfixes=(MergedPull("hotfix/login", at(8)),),
        incidents=(Incident(at(14), "<!-- releasegate:incident:prod -->"),),
    )
    return build_report(SETUP, found)


MARKDOWN = """\
### QA weekly report: acme/app

2026-W40 to 2026-W42 (Mon 28 Sep to Sun 18 Oct 2026, UTC)

**Escape rate in 2026-W42: 50.0% (Production bugs / all bugs), up 5.6 points from 44.4% in the 2 weeks before.**

| Week | Bugs | QA | Production | Unstaged | Regressions | Escape rate |
|:--|--:|--:|--:|--:|--:|--:|
| 2026-W40 | 5 | 0 | 2 | 3 | 1 | 40.0% |
| 2026-W41 | 4 | 2 | 2 | 1 | 1 | 50.0% |
| 2026-W42 | 2 | 0 | 1 | 1 | 0 | 50.0% |

| Week | QA tests | Hotfixes | Incidents | Hours to close |
|:--|--:|--:|--:|--:|
| 2026-W40 | 2 | 0 | 0 | — |
| 2026-W41 | 6 | 1 | 0 | 18.0 |
| 2026-W42 | 3 | 0 | 1 | — |

```mermaid
%%{init: {"xyChart": {"height": 320}, "themeVariables": {"xyChart": {"plotColorPalette": "#1f77b4, #d62728"}}}}%%
xychart-beta
    title "Bugs opened per week"
    x-axis ["W40", "W41", "W42"]
    y-axis "Bugs" 0 --> 5
    bar [5, 4, 2]
    line [2, 2, 1]
```

Bars: all bugs opened each week. Line: Production bugs, the ones that escaped.

<sub>Bugs: `label:bug`, by the week they were opened; a bug that no stage matches is unstaged, one that two stages match counts in both (1 extra count in these weeks). Regressions: Production bugs that also match `label:regression`. Hotfixes: pull requests from `hotfix/*` merged into `prod`. Incidents: opened by releasegate watch, with the label `incident`. Hours to close: the median over the Production bugs closed that week, from opened to closed, leaving out those closed as not planned.</sub>
"""  # noqa: E501

TEXT = """\
QA weekly report: acme/app, 2026-W40 to 2026-W42 (Mon 28 Sep to Sun 18 Oct 2026, UTC)

Week      Bugs  QA  Production  Unstaged  Regressions  Escape rate
2026-W40     5   0           2         3            1        40.0%
2026-W41     4   2           2         1            1        50.0%
2026-W42     2   0           1         1            0        50.0%

Week      QA tests  Hotfixes  Incidents  Hours to close
2026-W40         2         0          0               —
2026-W41         6         1          0            18.0
2026-W42         3         0          1               —

Escape rate in 2026-W42: 50.0% (Production bugs / all bugs), up 5.6 points from 44.4% in the 2 weeks before.
Bugs: label:bug, by the week they were opened; a bug that no stage matches is unstaged, one that two stages match counts in both (1 extra count in these weeks).
Regressions: Production bugs that also match label:regression. Hotfixes: pull requests from hotfix/* merged into prod. Incidents: opened by releasegate watch, with the label incident.
Hours to close: the median over the Production bugs closed that week, from opened to closed, leaving out those closed as not planned.
"""  # noqa: E501


def test_markdown_is_a_heading_the_trend_the_table_a_mermaid_chart_and_what_is_counted() -> None:
    assert render_markdown(sample()) == MARKDOWN


def test_text_is_the_table_aligned_for_a_terminal() -> None:
    assert render_text(sample()) == TEXT


def test_json_is_the_object_of_spec_11_oldest_week_first() -> None:
    document = json.loads(render_json(sample()))
    assert list(document) == ["schema", "repository", "weeks"]
    assert (document["schema"], document["repository"]) == ("releasegate/qa-report/v1", "acme/app")
    assert document["weeks"][1] == {
        "week": "2026-W41",
        "start": "2026-10-05",
        "bugs": 4,
        "stages": {"QA": 2, "Production": 2},
        "unstaged": 1,
        "regressions": 1,
        "rows": {"QA tests": 6},
        "hotfixes": 1,
        "incidents": 0,
        "median-hours-to-close": 18.0,
        "escape-rate": 0.5,
    }
    assert [week["week"] for week in document["weeks"]] == ["2026-W40", "2026-W41", "2026-W42"]
    assert (document["weeks"][2]["median-hours-to-close"], document["weeks"][0]["escape-rate"]) == (
        None,
        0.4,
    )


def test_a_week_without_bugs_says_it_has_no_escape_rate() -> None:
    quiet = build_report(SETUP, facts(bugs=(3, 0), stages={"QA": (), "Production": ()}))
    assert "**No bugs were opened in 2026-W42, so it has no escape rate.**" in render_markdown(
        quiet
    )
    assert json.loads(render_json(quiet))["weeks"][1]["escape-rate"] is None


def test_names_from_the_policy_are_escaped_in_markdown() -> None:
    stages = {"QA | smoke": "label:qa", "*Prod*": "label:prod"}
    setup = replace(SETUP, report=ReportSettings(stages=stages, escapes="*Prod*"))
    found = facts(bugs=(0, 1), stages={"QA | smoke": (), "*Prod*": (bug(1, 12),)}, rows={})
    markdown = render_markdown(build_report(setup, found))
    assert (
        "| Week | Bugs | QA \\| smoke | \\*Prod\\* | Unstaged | Regressions | Escape rate |"
        in markdown
    )
    assert "**Escape rate in 2026-W42: 100.0% (\\*Prod\\* bugs / all bugs)," in markdown


def test_the_weekly_comment_holds_the_newest_weeks_numbers() -> None:
    assert week_comment(sample()) == (
        "#### QA week 2026-W42\n"
        "\n"
        "2026-W42 (Mon 12 Oct to Sun 18 Oct 2026, UTC)\n"
        "\n"
        "| | 2026-W42 |\n"
        "|:--|--:|\n"
        "| Bugs | 2 |\n"
        "| QA | 0 |\n"
        "| Production | 1 |\n"
        "| Unstaged | 1 |\n"
        "| Regressions | 0 |\n"
        "| Escape rate | 50.0% |\n"
        "| QA tests | 3 |\n"
        "| Hotfixes | 0 |\n"
        "| Incidents | 1 |\n"
        "| Hours to close | — |\n"
    )
