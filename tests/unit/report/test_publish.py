"""The report's issue: opened once, found again by label and marker, edited only on change."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from releasegate.policy.models import ReportPublish
from releasegate.report.publish import issue_marker, publish_report, week_comment, week_marker
from releasegate.report.render import render_markdown
from releasegate.report.rows import QaReport, build_report
from releasegate.report.weeks import Week
from unit.report.conftest import Served
from unit.report.test_rows import SETUP, W42, bug, facts

SETTINGS = ReportPublish(issue_title="QA weekly report")
MARKER = issue_marker("qa")


def report(*bugs_per_week: int) -> QaReport:
    return build_report(SETUP, facts(bugs=bugs_per_week, stages={"QA": (), "Production": ()}))


def publish(github: object, qa: QaReport) -> str:
    done = publish_report(github, qa, SETTINGS, render_markdown(qa))  # type: ignore[arg-type]
    return done.describe()


def writes(standin: object) -> list[str]:
    return [f"{r.method} {r.path}" for r in standin.requests if r.method != "GET"]  # type: ignore[attr-defined]


def test_the_first_run_opens_the_issue_and_the_weeks_comment(served: Served) -> None:
    standin, github = served([])
    qa = report(3, 4)
    assert publish(github, qa) == "report issue #1: created; this week's comment: created"
    (issue,) = standin.state.main_repo.issues.values()
    assert (issue.title, issue.labels) == ("QA weekly report", ["qa-report"])
    assert issue.body == f"{MARKER}\n{render_markdown(qa)}"
    (comment,) = issue.comments
    assert comment.body == f"{week_marker('qa', '2026-W42')}\n{week_comment(qa)}"


def test_a_second_run_with_the_same_numbers_writes_nothing(served: Served) -> None:
    standin, github = served([])
    publish(github, report(3, 4))
    standin.reset_log()
    assert (
        publish(github, report(3, 4))
        == "report issue #1: unchanged; this week's comment: unchanged"
    )
    assert writes(standin) == []


def test_changed_numbers_edit_the_body_and_the_weeks_comment_in_place(served: Served) -> None:
    standin, github = served([])
    publish(github, report(3, 4))
    standin.reset_log()
    assert publish(github, report(3, 5)) == "report issue #1: updated; this week's comment: updated"
    (issue,) = standin.state.main_repo.issues.values()
    assert writes(standin) == [
        "PATCH /repos/acme/app/issues/1",
        f"PATCH /repos/acme/app/issues/comments/{issue.comments[0].id}",
    ]
    assert "| 2026-W42 | 5 |" in issue.body
    assert len(issue.comments) == 1


def test_a_new_week_adds_its_comment_and_keeps_the_history(served: Served) -> None:
    standin, github = served([])
    publish(github, report(3, 4))
    later = build_report(
        SETUP,
        facts(
            weeks=(W42, Week(date(2026, 10, 19))),
            bugs=(4, 1),
            stages={"QA": (), "Production": (bug(9, 20),)},
        ),
    )
    assert publish(github, later) == "report issue #1: updated; this week's comment: created"
    (issue,) = standin.state.main_repo.issues.values()
    assert [c.body.splitlines()[0] for c in issue.comments] == [
        week_marker("qa", "2026-W42"),
        week_marker("qa", "2026-W43"),
    ]


def test_a_persons_issue_with_the_label_is_never_taken_over(served: Served) -> None:
    people = {"title": "Ideas for the QA report", "labels": ["qa-report"], "body": "Add a row?"}
    standin, github = served([people])
    assert publish(github, report(1, 2)).startswith("report issue #2: created")
    assert standin.state.main_repo.issues[1].body == "Add a row?"


def test_of_two_marked_issues_the_oldest_is_kept_up_to_date(served: Served) -> None:
    ours = {"title": "QA weekly report", "labels": ["qa-report"], "body": f"{MARKER}\nold"}
    standin, github = served([ours, ours])
    assert publish(github, report(1, 2)).startswith("report issue #1: updated")
    assert standin.state.main_repo.issues[2].body == f"{MARKER}\nold"


def test_another_policys_report_has_an_issue_of_its_own(served: Served) -> None:
    _standin, github = served([])
    publish(github, report(1, 2))
    other = replace(report(1, 2), setup=replace(SETUP, name="qa-mobile"))
    assert publish(github, other).startswith("report issue #2: created")
