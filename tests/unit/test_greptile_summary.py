"""The greptile gate and Greptile's summary (SPEC §2.2): findings outside the diff, the summary
Greptile writes into the PR description, and whose words a summary is.

Bodies are built in the shapes Greptile writes (tests/support/greptile.py).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from releasegate.engine import evaluate_policy
from releasegate.facts import CollaboratorPermission
from releasegate.facts.reviews import (
    Author,
    ConversationComment,
    PullRequestReviews,
    Reviews,
    ReviewThread,
)
from releasegate.permissions import Permission
from releasegate.results import Annotation, GateResult, Status
from support import greptile
from support.builders import HEAD, StaticGather, context, policy
from support.reviews import (
    GREPTILE,
    PR_URL,
    SUMMARY_TIME,
    description,
    finding,
    reply,
    summary_comment,
    thread,
)

SUMMARY_URL = f"{PR_URL}#issuecomment-1"
SETTLES = "Settles twice on retry"
LATER = SUMMARY_TIME + timedelta(hours=1)


def gate_policy(*lines: str) -> str:
    keys = "".join(f"\n    {line}" for line in lines)
    return f"version: 1\ngates:\n  - id: greptile-p1\n    type: greptile{keys}\n"


def run(
    *config: str,
    threads: tuple[ReviewThread, ...] = (),
    conversation: tuple[ConversationComment, ...] = (),
    described: ConversationComment | None = None,
    known: dict[Any, object] | None = None,
) -> tuple[GateResult, StaticGather]:
    reviews = Reviews(threads, conversation, described)
    gather = StaticGather({PullRequestReviews(summaries=True): reviews, **(known or {})})
    (result,) = evaluate_policy(policy(gate_policy(*config)), context(), gather)
    return result, gather


def outside(*entries: str, sha: str | None = HEAD, confidence: int | None = 4) -> str:
    """A summary whose Comments Outside Diff section holds ``entries``."""
    section = greptile.outside_diff_section(*entries) if entries else ""
    return greptile.summary(sha, confidence, section)


def entry(
    number: int = 1,
    path: str = "app/settle.ts",
    lines: str | None = "40-47",
    title: str = SETTLES,
    severity: str | None = "P1",
) -> str:
    return greptile.outside_diff_entry(number, path, lines, title, severity)


# --- findings outside the diff -------------------------------------------------------------


def test_a_p1_outside_the_diff_blocks_with_file_lines_title_and_the_summary_link() -> None:
    result, _ = run(conversation=(summary_comment(outside(entry())),))
    assert (result.status, result.summary) == (Status.FAIL, "1 unaddressed P1 finding")
    assert result.details == (
        f"app/settle.ts:40-47 P1 {SETTLES} (outside the diff) — {SUMMARY_URL}",
    )
    assert result.annotations == (
        Annotation(
            "app/settle.ts", 40, SETTLES, level="failure", title="Greptile P1 (outside the diff)"
        ),
    )


def test_entries_on_one_line_or_no_line_name_it_so() -> None:
    entries = (entry(1, "a.ts", "12", "One line"), entry(2, "b.ts", None, "Whole file"))
    result, _ = run(conversation=(summary_comment(outside(*entries)),))
    assert result.details == (
        f"a.ts:12 P1 One line (outside the diff) — {SUMMARY_URL}",
        f"b.ts P1 Whole file (outside the diff) — {SUMMARY_URL}",
    )
    assert [a.line for a in result.annotations] == [12, 1]


def test_outside_the_diff_counts_with_threads_per_severity() -> None:
    entries = (entry(1, severity="P0", title="Leaks the key"), entry(2, severity="P2"))
    result, _ = run(
        threads=(thread(finding("P1")),), conversation=(summary_comment(outside(*entries)),)
    )
    assert result.summary == "1 unaddressed P0 finding, 1 unaddressed P1 finding"
    assert [detail.split(" — ")[0] for detail in result.details] == [
        "app/pay.ts:88 P1 Escalation can overwrite settlement",
        "app/settle.ts:40-47 P0 Leaks the key (outside the diff)",
    ]


@pytest.mark.parametrize(("unrated_as", "status"), [("P2", Status.PASS), ("P1", Status.FAIL)])
def test_an_entry_without_a_badge_counts_as_unrated_as(unrated_as: str, status: Status) -> None:
    result, _ = run(
        f"unrated-as: {unrated_as}", conversation=(summary_comment(outside(entry(severity=None))),)
    )
    assert result.status is status


def test_only_the_latest_summary_lists_findings_outside_the_diff() -> None:
    # Greptile fixed nothing and reviewed again: the newer summary no longer lists it
    older = summary_comment(outside(entry()), at=SUMMARY_TIME, number=1)
    newer = summary_comment(outside(), at=LATER, number=2)
    result, _ = run(conversation=(older, newer))
    assert (result.status, result.summary) == (Status.PASS, "no unaddressed P0 or P1 findings")


def test_a_summary_edited_in_place_is_as_new_as_its_last_edit() -> None:
    edited = summary_comment(outside(), at=SUMMARY_TIME, number=1, edited_at=LATER, editor=GREPTILE)
    listed = summary_comment(outside(entry()), at=SUMMARY_TIME + timedelta(minutes=30), number=2)
    result, _ = run(conversation=(edited, listed))
    assert result.status is Status.PASS  # the edit (an hour later) is the latest summary


def test_a_finding_listed_twice_counts_once() -> None:
    result, _ = run(conversation=(summary_comment(outside(entry(1), entry(2))),))
    assert result.details == (
        f"app/settle.ts:40-47 P1 {SETTLES} (outside the diff) — {SUMMARY_URL}",
    )


def test_a_finding_outside_the_diff_that_is_also_a_thread_is_the_threads() -> None:
    same = entry(1, "app/pay.ts", "86-90", "Escalation can overwrite settlement")
    resolved = thread(finding("P1"), resolved=True)
    result, _ = run(threads=(resolved,), conversation=(summary_comment(outside(same)),))
    assert (result.status, result.summary) == (Status.PASS, "no unaddressed P0 or P1 findings")


def test_findings_in_the_rest_of_the_summary_are_never_counted() -> None:
    # the overview's "**P1 – ...**" bullet and a badge outside the section are prose
    body = outside() + f"\n\n{greptile.badge('P1')} **Race**"
    result, _ = run(conversation=(summary_comment(body),))
    assert result.status is Status.PASS


# --- accepting the risk of a finding outside the diff ---------------------------------------

ACCEPT = "We accept the risk of the double settlement: the ledger dedupes it."


def test_an_authorized_accept_risk_comment_after_the_summary_accepts() -> None:
    comments = (
        summary_comment(outside(entry())),
        summary_comment(ACCEPT, author="bob", at=LATER, number=2),
    )
    result, gather = run(
        conversation=comments, known={CollaboratorPermission("bob"): Permission.MAINTAIN}
    )
    assert (result.status, result.summary) == (
        Status.PASS,
        "no unaddressed P0 or P1 findings (1 accepted)",
    )
    assert result.details == (
        f"app/settle.ts:40-47 P1 {SETTLES} (outside the diff) — accepted by bob (maintain) — "
        f"{SUMMARY_URL}",
    )
    assert gather.rounds[1] == [CollaboratorPermission("bob")]


def test_an_accept_risk_comment_before_the_summary_does_not_accept_and_asks_nothing() -> None:
    comments = (
        summary_comment(ACCEPT, author="bob", at=SUMMARY_TIME - timedelta(minutes=5), number=2),
        summary_comment(outside(entry())),
    )
    result, gather = run(conversation=comments)
    assert result.status is Status.FAIL
    assert result.details == (
        f"app/settle.ts:40-47 P1 {SETTLES} (outside the diff) — {SUMMARY_URL}",
        "  comment by bob accepts the risk but was posted before Greptile's latest summary",
    )
    assert len(gather.rounds) == 1


def test_an_accept_risk_comment_by_a_read_only_user_still_blocks_and_says_why() -> None:
    comments = (
        summary_comment(outside(entry())),
        summary_comment(ACCEPT, author="eve", at=LATER, number=2),
    )
    result, _ = run(conversation=comments, known={CollaboratorPermission("eve"): Permission.READ})
    assert result.details[1] == (
        "  comment by eve accepts the risk but eve has read permission; needs write"
    )


def test_greptiles_own_words_and_replies_in_threads_never_accept_outside_the_diff() -> None:
    comments = (
        summary_comment(outside(entry())),
        summary_comment("If you accept the risk, say so.", at=LATER, number=2),  # Greptile's
    )
    elsewhere = thread(finding("P2"), reply("bob", ACCEPT))  # accepts that thread's P2 only
    result, gather = run(threads=(elsewhere,), conversation=comments)
    assert (result.status, result.summary) == (Status.FAIL, "1 unaddressed P1 finding")
    assert len(gather.rounds) == 1


def test_without_accept_risk_only_a_later_summary_addresses_it() -> None:
    comments = (
        summary_comment(outside(entry())),
        summary_comment(ACCEPT, author="bob", at=LATER, number=2),
    )
    result, gather = run("accept-risk: null", conversation=comments)
    assert result.status is Status.FAIL
    assert len(gather.rounds) == 1


# --- a section that cannot be read is an error, never a pass ---------------------------------


def test_a_section_listing_more_entries_than_can_be_read_is_an_error() -> None:
    section = greptile.outside_diff_section(entry(), count=2)
    result, _ = run(conversation=(summary_comment(greptile.summary(HEAD, 4, section)),))
    assert (result.status, result.summary) == (
        Status.ERROR,
        f"could not evaluate: Greptile's summary ({SUMMARY_URL}) lists 2 comments outside the "
        "diff, but 1 could be read as numbered entries naming a file, so which findings are "
        "open cannot be told; if Greptile has changed how it writes that section, please "
        "report it (where the policy has overrides, a maintainer's override label lets this "
        "PR through meanwhile)",
    )


def test_an_entry_that_names_no_file_is_an_error() -> None:
    section = greptile.outside_diff_section("1. Somewhere in the settlement code\n\n   **X**\n")
    result, _ = run(conversation=(summary_comment(greptile.summary(HEAD, 4, section)),))
    assert (result.status, result.summary) == (
        Status.ERROR,
        "could not evaluate: an entry of the comments outside the diff in Greptile's summary "
        f"({SUMMARY_URL}) does not name its file as Greptile does (`path`, line N): "
        '"1. Somewhere in the settlement code"',
    )


def test_a_section_without_its_markers_is_read_from_its_heading() -> None:
    section = greptile.outside_diff_section(entry())
    unmarked = section.replace("<!-- greptile_failed_comments -->\n", "").replace(
        "<!-- /greptile_failed_comments -->\n", ""
    )
    result, _ = run(conversation=(summary_comment(greptile.summary(HEAD, 4, unmarked)),))
    assert result.summary == "1 unaddressed P1 finding"


def test_a_summary_with_crlf_line_endings_reads_the_same() -> None:
    body = outside(entry(1), entry(2, "b.ts", "3", "Other")).replace("\n", "\r\n")
    result, _ = run(conversation=(summary_comment(body),))
    assert result.summary == "2 unaddressed P1 findings"


# --- the summary in the PR description -------------------------------------------------------


def test_min_confidence_reads_the_summary_greptile_wrote_into_the_description() -> None:
    body = greptile.description("Adds retries.", greptile.description_summary(HEAD[:7], 5))
    result, _ = run("min-confidence: 4", "require-reviewed-head: true", described=description(body))
    assert (result.status, result.summary) == (
        Status.PASS,
        "no unaddressed P0 or P1 findings; Greptile reviewed the head aaaaaaa; "
        "Greptile's confidence score is 5/5",
    )


def test_only_the_section_of_the_description_is_greptiles() -> None:
    words = "Confidence Score: 5/5, Last reviewed commit: " + HEAD  # the author's own words
    body = greptile.description(words, greptile.description_summary("b" * 7, 2))
    result, _ = run("min-confidence: 4", "require-reviewed-head: true", described=description(body))
    assert result.summary == (
        "Greptile last reviewed bbbbbbb, not the head aaaaaaa; "
        "Greptile's confidence score is 2/5, below the required 4/5"
    )


def test_findings_outside_the_diff_in_the_description_link_to_the_pr() -> None:
    section = greptile.summary(None, 3, greptile.outside_diff_section(entry()))
    result, _ = run(described=description(greptile.description("Adds retries.", section)))
    assert result.details == (f"app/settle.ts:40-47 P1 {SETTLES} (outside the diff) — {PR_URL}",)


def test_a_description_edited_by_someone_else_after_greptile_is_an_error() -> None:
    section = greptile.summary(None, 5, greptile.outside_diff_section())
    body = greptile.description("Adds retries.", section)
    result, _ = run("min-confidence: 4", described=description(body, editor="alice"))
    assert (result.status, result.summary) == (
        Status.ERROR,
        f"could not evaluate: Greptile's latest summary ({PR_URL}) was last edited by alice, not "
        "by Greptile, so what Greptile found cannot be told from it; Greptile writes it anew "
        "on its next review of this PR",
    )


def test_a_description_never_edited_was_not_written_by_greptile() -> None:
    body = greptile.description("Copied.", greptile.description_summary(HEAD[:7], 5))
    result, _ = run("min-confidence: 4", described=description(body, editor=None, edited_at=None))
    assert result.summary == (
        "no Greptile summary on this PR, so the confidence score cannot be checked"
    )


@pytest.mark.parametrize(("described_later", "score"), [(True, 2), (False, 5)])
def test_the_latest_of_the_description_and_the_summary_comment_decides(
    described_later: bool, score: int
) -> None:
    comment = summary_comment(greptile.summary(HEAD, 5), at=SUMMARY_TIME)
    edited = SUMMARY_TIME + timedelta(minutes=10 if described_later else -10)
    body = greptile.description("Adds retries.", greptile.description_summary(HEAD[:7], 2))
    result, _ = run(
        "min-confidence: 1", conversation=(comment,), described=description(body, edited_at=edited)
    )
    assert result.summary.endswith(f"Greptile's confidence score is {score}/5")


# --- whose words a summary is -----------------------------------------------------------------


def test_a_user_named_like_the_bot_cannot_post_the_summary() -> None:
    impostor = summary_comment(greptile.summary(HEAD, 5), author=Author("greptile-apps", "User"))
    result, _ = run("min-confidence: 4", conversation=(impostor,))
    assert (result.status, result.summary) == (
        Status.FAIL,
        "no Greptile summary on this PR, so the confidence score cannot be checked",
    )


def test_a_summary_edited_by_a_person_is_an_error() -> None:
    edited = summary_comment(greptile.summary(HEAD, 5), edited_at=LATER, editor="mallory")
    result, _ = run("min-confidence: 4", conversation=(edited,))
    assert (result.status, result.summary) == (
        Status.ERROR,
        f"could not evaluate: Greptile's latest summary ({SUMMARY_URL}) was last edited by "
        "mallory, not by Greptile, so what Greptile found cannot be told from it; Greptile "
        "writes it anew on its next review of this PR",
    )


def test_a_summary_greptile_edited_itself_is_greptiles() -> None:
    edited = summary_comment(greptile.summary(HEAD, 5), edited_at=LATER, editor=GREPTILE)
    result, _ = run("min-confidence: 4", conversation=(edited,))
    assert result.status is Status.PASS


def test_a_users_summary_is_not_even_a_candidate_for_the_latest() -> None:
    real = summary_comment(greptile.summary(HEAD, 2), at=SUMMARY_TIME)
    later = datetime(2026, 11, 21, tzinfo=UTC)
    impostor = summary_comment(
        greptile.summary(HEAD, 5), author=Author("greptile-apps", "User"), at=later, number=2
    )
    result, _ = run("min-confidence: 4", conversation=(real, impostor))
    assert result.summary == "Greptile's confidence score is 2/5, below the required 4/5"


@pytest.mark.parametrize("marked", [True, False])
def test_entries_with_a_prompt_block_inside_are_read_whole(marked: bool) -> None:
    entries = [
        greptile.outside_diff_entry(1, "a.ts", "1-2", "First", "P1", prompt=True),
        greptile.outside_diff_entry(2, "b.ts", "3", "Second", "P0", prompt=True),
    ]
    section = greptile.outside_diff_section(*entries)
    if not marked:
        section = section.replace("<!-- greptile_failed_comments -->\n", "").replace(
            "<!-- /greptile_failed_comments -->\n", ""
        )
    prompt_all = (
        "<details><summary>Prompt To Fix All With AI</summary>\n\n1. `c.ts`, line 9\n</details>\n"
    )
    body = greptile.summary(HEAD, 4, section + "\n" + prompt_all)
    result, _ = run(conversation=(summary_comment(body),))
    assert [detail.split(" — ")[0] for detail in result.details] == [
        "a.ts:1-2 P1 First (outside the diff)",
        "b.ts:3 P0 Second (outside the diff)",
    ]
