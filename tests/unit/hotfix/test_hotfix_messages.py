"""The backport's titles, bodies and comments, as exact text."""

# ruff: noqa: E501 - the expected bodies are Markdown, one paragraph per line

from __future__ import annotations

import textwrap

from releasegate.facts.git import GitCommit
from releasegate.hotfix import messages
from releasegate.hotfix.pick import manual_commands

BACKPORT = messages.Backport(
    number=7,
    title="Fix @alice's <b>rounding</b>",
    url="https://github.com/acme/app/pull/7",
    production="prod",
    target="main",
    branch="backport/7-to-main",
    method="rebase",
)
FIX = GitCommit("1" * 40, "Fix rounding")
TEST = GitCommit("2" * 40, "Add a test for #12")
BUMP = GitCommit("3" * 40, "Bump the version")
SHAS = f"{FIX.sha} {TEST.sha} {BUMP.sha}"


def expected(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def conflict(*, on_remote: bool) -> messages.Conflict:
    commands = manual_commands(
        target="main",
        production="prod",
        branch=BACKPORT.branch,
        commits=[FIX.sha, TEST.sha, BUMP.sha],
        branch_on_remote=on_remote,
    )
    return messages.Conflict(
        commit=TEST,
        files=("app.py", "docs/`odd`.md"),
        picked=(FIX,),
        remaining=(TEST, BUMP),
        commands=tuple(commands),
    )


def test_titles_and_the_conflict_commit_message() -> None:
    assert messages.pull_title(BACKPORT) == "[Backport main] Fix @alice's <b>rounding</b>"
    assert messages.issue_title(BACKPORT) == (
        "Backport of #7 to main conflicts: Fix @alice's <b>rounding</b>"
    )
    assert messages.conflict_commit_message(BACKPORT) == (
        "[Backport main] Fix @alice's <b>rounding</b> (conflicted, do not merge)"
    )


def test_the_pull_request_body_links_the_original_and_lists_the_picks() -> None:
    body = messages.pull_body(BACKPORT, [FIX, TEST], [BUMP])
    assert body == expected(f"""
        <!-- releasegate:backport pr=7 target=main -->

        Backport of #7 to `main`, opened by releasegate.

        Original: https://github.com/acme/app/pull/7 (Fix @\u200balice's &lt;b&gt;rounding&lt;/b&gt;), merged into `prod` (rebase merge).

        Cherry-picked with `git cherry-pick -x`:
        - {FIX.sha} Fix rounding
        - {TEST.sha} Add a test for \\#12

        Already on `main`, skipped:
        - {BUMP.sha} Bump the version
        """)


def test_the_pull_request_body_without_skipped_commits() -> None:
    squash = messages.Backport(**{**BACKPORT.__dict__, "method": "squash", "title": "Fix"})
    assert messages.pull_body(squash, [FIX]) == expected(f"""
        <!-- releasegate:backport pr=7 target=main -->

        Backport of #7 to `main`, opened by releasegate.

        Original: https://github.com/acme/app/pull/7 (Fix), merged into `prod` (squash merge).

        Cherry-picked with `git cherry-pick -x`:
        - {FIX.sha} Fix rounding
        """)


def test_the_draft_body_lists_files_commits_and_the_commands_to_rebuild() -> None:
    body = messages.draft_body(BACKPORT, conflict(on_remote=True))
    assert body == expected(f"""
        <!-- releasegate:backport pr=7 target=main -->

        **Do not merge this as it is.** The backport of #7 to `main` stopped on a conflict; this draft carries the conflicted state, conflict markers included.

        Original: https://github.com/acme/app/pull/7 (Fix @\u200balice's &lt;b&gt;rounding&lt;/b&gt;), merged into `prod` (rebase merge).

        The conflict is in `2222222` Add a test for \\#12; conflicted files:
        - `app.py`
        - ``docs/`odd`.md``

        Picked cleanly before it:
        - {FIX.sha} Fix rounding

        Not picked yet, after it:
        - {BUMP.sha} Bump the version

        To finish by hand, rebuild the branch and push it over this draft:

        ```sh
        git fetch origin main prod backport/7-to-main
        git checkout -b backport/7-to-main origin/main
        git cherry-pick -x {SHAS}
        # Where git stops on a conflict: fix the files it lists, `git add` them, then continue
        # (run the next line again each time it stops on another conflict):
        git cherry-pick --continue
        git push --force-with-lease origin backport/7-to-main
        ```

        Then mark this pull request ready for review. Until the fix is on `main`, the `hotfix-backported` gate keeps blocking deploys.
        """)


def test_the_issue_body_carries_its_marker_and_the_exact_commands() -> None:
    body = messages.issue_body(BACKPORT, conflict(on_remote=False))
    assert body == expected(f"""
        <!-- releasegate:backport-conflict pr=7 target=main -->

        The backport of #7 to `main` stopped on a conflict, and nothing was pushed: conflicts are never resolved automatically.

        Original: https://github.com/acme/app/pull/7 (Fix @\u200balice's &lt;b&gt;rounding&lt;/b&gt;), merged into `prod` (rebase merge).

        The conflict is in `2222222` Add a test for \\#12; conflicted files:
        - `app.py`
        - ``docs/`odd`.md``

        The commits to backport, in order:
        - {FIX.sha} Fix rounding
        - {TEST.sha} Add a test for \\#12
        - {BUMP.sha} Bump the version

        To finish by hand:

        ```sh
        git fetch origin main prod
        git checkout -b backport/7-to-main origin/main
        git cherry-pick -x {SHAS}
        # Where git stops on a conflict: fix the files it lists, `git add` them, then continue
        # (run the next line again each time it stops on another conflict):
        git cherry-pick --continue
        git push --set-upstream origin backport/7-to-main
        ```

        Then open a pull request from `backport/7-to-main` into `main` and close this issue. Until the fix is on `main`, the `hotfix-backported` gate keeps blocking deploys.
        """)
    assert messages.issue_marker(BACKPORT) in body


def test_comments_on_the_original_pull_request() -> None:
    url = "https://github.com/acme/app/pull/12"
    issue = "https://github.com/acme/app/issues/13"
    assert messages.picked_comment(BACKPORT, url, 1) == (
        f"Backport to `main` opened: {url} (1 commit cherry-picked).\n"
    )
    assert messages.picked_comment(BACKPORT, url, 3) == (
        f"Backport to `main` opened: {url} (3 commits cherry-picked).\n"
    )
    assert messages.already_applied_comment(BACKPORT) == (
        "Nothing to backport: every change of this pull request is already on `main`.\n"
    )
    assert messages.conflict_issue_comment(BACKPORT, conflict(on_remote=False), issue) == (
        "The backport to `main` stopped on a conflict in `app.py`, ``docs/`odd`.md``; nothing "
        f"was pushed. The commands to finish it by hand are in {issue}.\n"
    )
    assert messages.conflict_draft_comment(BACKPORT, conflict(on_remote=True), url) == (
        "The backport to `main` stopped on a conflict in `app.py`, ``docs/`odd`.md``. The draft "
        f"{url} carries the conflicted state and the commands to finish it by hand.\n"
    )


def test_markers_name_the_pull_request_and_the_target() -> None:
    assert messages.pull_marker(BACKPORT) == "<!-- releasegate:backport pr=7 target=main -->"
    assert messages.comment_marker(BACKPORT) == "<!-- releasegate:backport-comment target=main -->"


def test_code_spans_and_fences_outlast_the_backticks_inside() -> None:
    assert messages.code("plain") == "`plain`"
    assert messages.code("a``b") == "```a``b```"
    assert messages.code("`edge`") == "`` `edge` ``"
    assert messages.code("two\nlines") == "`two lines`"
    assert messages.fenced(["echo ````"]) == "`````sh\necho ````\n`````"
