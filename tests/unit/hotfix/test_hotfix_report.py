"""A backport's result, rendered: the exact lines, the step outputs, the exit code."""

from __future__ import annotations

from pathlib import Path

import pytest

from releasegate.hotfix.messages import Backport
from releasegate.hotfix.report import emit, render_text, step_outputs
from releasegate.hotfix.result import BackportResult, Kind, OnGitHub

BACKPORT = Backport(
    number=7,
    title="Fix the rounding",
    url="https://github.com/acme/app/pull/7",
    production="prod",
    target="main",
    branch="backport/7-to-main",
    method="merge",
)
PULL = OnGitHub(8, "https://github.com/acme/app/pull/8")
ISSUE = OnGitHub(9, "https://github.com/acme/app/issues/9")
FILES = ("app.py", "docs/a b.md")

CASES = [
    (
        BackportResult(Kind.NOT_A_HOTFIX, note="pull request #7 was not merged; nothing to do"),
        "pull request #7 was not merged; nothing to do",
        0,
    ),
    (
        BackportResult(Kind.ALREADY_BACKPORTED, BACKPORT),
        "pull request #7 is already on 'main' (every cherry-pick was empty); nothing to backport",
        0,
    ),
    (
        BackportResult(Kind.BACKPORT_EXISTS, BACKPORT, pull=OnGitHub(8, PULL.url, "merged")),
        f"the backport of #7 to 'main' exists: {PULL.url} (merged); nothing created",
        0,
    ),
    (
        BackportResult(Kind.BRANCH_TAKEN, BACKPORT),
        "the branch 'backport/7-to-main' already exists on origin with other changes and no "
        "pull request from it; open one from it, or delete the branch and run again; nothing "
        "created",
        0,
    ),
    (
        BackportResult(Kind.BRANCH_TAKEN, BACKPORT, conflicted_files=FILES),
        "the branch 'backport/7-to-main' already exists on origin with other changes and no "
        "pull request from it; open one from it, or delete the branch and run again; nothing "
        "created",
        1,
    ),
    (
        BackportResult(Kind.OPENED, BACKPORT, pull=PULL, commits=1),
        f"opened {PULL.url}: the backport of #7 to 'main' (1 commit, merge)",
        0,
    ),
    (
        BackportResult(Kind.CONFLICT_ISSUE, BACKPORT, issue=ISSUE, conflicted_files=FILES),
        "the backport of #7 to 'main' conflicts in app.py, docs/a b.md; nothing was pushed; "
        f"finish it by hand as {ISSUE.url} says",
        1,
    ),
    (
        BackportResult(Kind.CONFLICT_DRAFT, BACKPORT, pull=PULL, conflicted_files=FILES),
        "the backport of #7 to 'main' conflicts in app.py, docs/a b.md; opened the draft "
        f"{PULL.url} with the conflicted state to finish by hand",
        1,
    ),
    (
        BackportResult(Kind.DRY_RUN, BACKPORT, commits=3),
        "dry run: would push 'backport/7-to-main' (3 commits) and open a pull request into 'main'",
        0,
    ),
    (
        BackportResult(Kind.DRY_RUN_CONFLICT_ISSUE, BACKPORT, conflicted_files=FILES),
        "dry run: the backport of #7 conflicts in app.py, docs/a b.md; would open an issue "
        "with the commands to finish it",
        1,
    ),
    (
        BackportResult(Kind.DRY_RUN_CONFLICT_DRAFT, BACKPORT, conflicted_files=FILES),
        "dry run: the backport of #7 conflicts in app.py, docs/a b.md; would push "
        "'backport/7-to-main' with the conflicted state and open a draft pull request",
        1,
    ),
]


@pytest.mark.parametrize(("result", "line", "code"), CASES, ids=lambda c: getattr(c, "kind", ""))
def test_each_kind_of_result_is_one_line_and_an_exit_code(
    result: BackportResult, line: str, code: int
) -> None:
    assert render_text(result) == line + "\n"
    assert result.exit_code == code


def test_every_kind_has_a_line() -> None:
    assert {case[0].kind for case in CASES} == set(Kind)


def test_warnings_follow_the_line_and_names_cannot_start_a_line_of_their_own() -> None:
    result = BackportResult(
        Kind.OPENED,
        BACKPORT,
        pull=PULL,
        commits=2,
        warnings=("could not assign @bob to #8 (Invalid);\nassign by hand",),
    )
    assert render_text(result) == (
        f"opened {PULL.url}: the backport of #7 to 'main' (2 commits, merge)\n"
        "warning: could not assign @bob to #8 (Invalid); assign by hand\n"
    )


def test_step_outputs_name_what_was_opened_or_found() -> None:
    assert step_outputs(BackportResult(Kind.OPENED, BACKPORT, pull=PULL)) == {
        "backport-pr": PULL.url
    }
    conflict = BackportResult(Kind.CONFLICT_ISSUE, BACKPORT, issue=ISSUE, conflicted_files=FILES)
    assert step_outputs(conflict) == {"backport-issue": ISSUE.url}
    assert step_outputs(BackportResult(Kind.ALREADY_BACKPORTED, BACKPORT)) == {}


def test_emit_prints_and_appends_the_outputs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outputs = tmp_path / "github-output"
    emit(
        BackportResult(Kind.OPENED, BACKPORT, pull=PULL, commits=1),
        outputs=outputs,
        in_actions=False,
    )
    emit(BackportResult(Kind.DRY_RUN, BACKPORT, commits=1), outputs=None, in_actions=False)

    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == f"opened {PULL.url}: the backport of #7 to 'main' (1 commit, merge)"
    name, value, end = outputs.read_text().splitlines()
    assert (name.split("<<")[0], value, end) == ("backport-pr", PULL.url, name.split("<<")[1])


def test_a_result_without_what_its_line_names_is_a_bug_not_a_blank() -> None:
    with pytest.raises(ValueError, match="'opened' result names its backport pull request"):
        render_text(BackportResult(Kind.OPENED, BACKPORT))


def test_a_re_run_that_finished_an_earlier_run_says_what_it_added() -> None:
    steps = ("the labels", "the assignees", "the review request", "the comment on #7")
    exists = BackportResult(Kind.BACKPORT_EXISTS, BACKPORT, pull=PULL, completed=steps)
    assert render_text(exists) == (
        f"the backport of #7 to 'main' exists: {PULL.url} (open)\n"
        "an earlier run stopped before it was done; this run added the labels, the assignees, "
        "the review request and the comment on #7\n"
    )
    issue = BackportResult(
        Kind.CONFLICT_ISSUE,
        BACKPORT,
        issue=ISSUE,
        conflicted_files=("app.py",),
        completed=("the comment on #7",),
        warnings=("could not assign @bob to #9 (Invalid); assign by hand",),
    )
    assert render_text(issue) == (
        "the backport of #7 to 'main' conflicts in app.py; nothing was pushed; finish it by "
        f"hand as {ISSUE.url} says\n"
        "an earlier run stopped before it was done; this run added the comment on #7\n"
        "warning: could not assign @bob to #9 (Invalid); assign by hand\n"
    )
    assert (exists.exit_code, issue.exit_code) == (0, 1)
