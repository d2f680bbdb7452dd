"""The greptile gate on hand-built review threads (SPEC §2.2)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from releasegate.engine import evaluate_policy
from releasegate.errors import PolicyError
from releasegate.facts import CollaboratorPermission, Unavailable
from releasegate.facts.reviews import (
    Author,
    ConversationComment,
    PullRequestReviews,
    Reviews,
    ReviewThread,
)
from releasegate.gates.greptile_comments import severity_of, title_of
from releasegate.permissions import Permission
from releasegate.results import Annotation, GateResult, Status
from support.builders import HEAD, StaticGather, context, policy
from support.reviews import (
    BADGES,
    GREPTILE,
    PR_URL,
    finding,
    greptile_summary,
    reply,
    summary_comment,
    thread,
)

LINK = f"{PR_URL}#discussion_r1"
TITLE = "Escalation can overwrite settlement"


def gate_policy(*lines: str) -> str:
    keys = "".join(f"\n    {line}" for line in lines)
    return f"version: 1\ngates:\n  - id: greptile-p1\n    type: greptile{keys}\n"


def run(
    threads: list[ReviewThread],
    *config: str,
    conversation: tuple[ConversationComment, ...] = (),
    description: ConversationComment | None = None,
    known: dict[Any, object] | None = None,
) -> tuple[GateResult, StaticGather]:
    reviews = Reviews(tuple(threads), conversation, description)
    facts = {PullRequestReviews(summaries=True): reviews, **(known or {})}
    gather = StaticGather(facts)
    (result,) = evaluate_policy(policy(gate_policy(*config)), context(), gather)
    return result, gather


# --- findings ------------------------------------------------------------------------------


def test_no_threads_passes() -> None:
    result, gather = run([])
    assert (result.status, result.summary) == (Status.PASS, "no unaddressed P0 or P1 findings")
    assert gather.rounds == [[PullRequestReviews(summaries=True)]]


def test_an_unresolved_p1_blocks_with_file_line_title_and_link() -> None:
    result, _ = run([thread(finding("P1"))])
    assert result.status is Status.FAIL
    assert result.summary == "1 unaddressed P1 finding"
    assert result.details == (f"app/pay.ts:88 P1 {TITLE} — {LINK}",)
    assert result.annotations == (
        Annotation("app/pay.ts", 88, TITLE, level="failure", title="Greptile P1"),
    )


def test_a_resolved_p1_passes() -> None:
    result, _ = run([thread(finding("P1"), resolved=True)])
    assert (result.status, result.summary) == (Status.PASS, "no unaddressed P0 or P1 findings")


def test_counts_are_per_severity_most_severe_first() -> None:
    threads = [
        thread(finding("P1", "Race on retry", number=1), path="a.ts", line=1),
        thread(finding("P0", "Secret in log", number=2), path="b.ts", line=2),
        thread(finding("P1", "Missing await", number=3), path="c.ts", line=3),
    ]
    result, _ = run(threads)
    assert result.summary == "1 unaddressed P0 finding, 2 unaddressed P1 findings"
    assert result.details == (
        f"a.ts:1 P1 Race on retry — {PR_URL}#discussion_r1",
        f"b.ts:2 P0 Secret in log — {PR_URL}#discussion_r2",
        f"c.ts:3 P1 Missing await — {PR_URL}#discussion_r3",
    )


def test_p2_and_p3_findings_do_not_block() -> None:
    result, _ = run([thread(finding("P2")), thread(finding("P3"))])
    assert (result.status, result.summary) == (Status.PASS, "no unaddressed P0 or P1 findings")


def test_block_on_decides_which_severities_block() -> None:
    result, _ = run([thread(finding("P2"))], "block-on: [P0, P1, P2]")
    assert result.summary == "1 unaddressed P2 finding"
    passed, _ = run([], "block-on: [P0, P1, P2]")
    assert passed.summary == "no unaddressed P0, P1 or P2 findings"


def test_a_human_thread_with_a_badge_is_not_a_finding() -> None:
    result, _ = run([thread(finding("P1", author="mallory"))])
    assert result.status is Status.PASS


@pytest.mark.parametrize(
    ("reviewers", "author"),
    [
        ('["greptile-apps[bot]"]', Author("greptile-apps", "Bot")),  # GraphQL: no suffix
        ('["greptile-apps[bot]"]', Author("greptile-apps[bot]", "Bot")),
        ('["greptile-apps"]', Author("greptile-apps[bot]", "Bot")),
        ('["greptile-apps"]', Author("greptile-apps", "Bot")),
        ('["greptile-apps"]', Author("greptile-apps", "User")),  # a bare name: any account
        ('["Greptile-Apps[bot]"]', Author("greptile-apps", "Bot")),  # case-insensitive
    ],
)
def test_reviewers_match_with_and_without_the_bot_suffix(reviewers: str, author: Author) -> None:
    result, _ = run([thread(finding("P1", author=author))], f"reviewers: {reviewers}")
    assert result.status is Status.FAIL


@pytest.mark.parametrize(
    "author", [Author("greptile-apps", "User"), Author("greptile-apps", "Organization")]
)
def test_a_reviewer_named_with_bot_matches_only_a_bot_account(author: Author) -> None:
    result, _ = run([thread(finding("P1", author=author))], 'reviewers: ["greptile-apps[bot]"]')
    assert (result.status, result.summary) == (Status.PASS, "no unaddressed P0 or P1 findings")


def test_an_outdated_p1_blocks_by_default_and_says_it_is_outdated() -> None:
    result, _ = run([thread(finding("P1"), outdated=True)])
    assert result.status is Status.FAIL
    assert result.details == (f"app/pay.ts:88 P1 {TITLE} (outdated) — {LINK}",)


def test_ignore_outdated_drops_outdated_threads() -> None:
    result, _ = run([thread(finding("P1"), outdated=True)], "ignore-outdated: true")
    assert result.status is Status.PASS


def test_a_thread_without_a_line_names_the_file_and_annotates_line_one() -> None:
    result, _ = run([thread(finding("P1"), line=None)])
    assert result.details == (f"app/pay.ts P1 {TITLE} — {LINK}",)
    assert result.annotations[0].line == 1


# --- badges and titles ---------------------------------------------------------------------


def test_the_badge_file_counts_when_alt_is_not_a_severity() -> None:
    result, _ = run([thread(finding("P0", alt=False))])
    assert result.summary == "1 unaddressed P0 finding"


@pytest.mark.parametrize(
    ("body", "severity"),
    [
        ('<img alt="P1" src="x.png">', "P1"),
        ("<img alt='p0' src='x.png'>", "P0"),
        (f'<img src="{BADGES}/p1.svg?v=7">', "P1"),
        (f'<img src="{BADGES}/P2.SVG?v=12&x=1">', "P2"),
        (f'<img src="{BADGES}/p3.svg">', "P3"),
        (f'<img alt="P2" src="{BADGES}/p1.svg?v=7">', "P2"),  # alt first
        ("**logic:** this overwrites the row", None),
        (f'<img src="{BADGES}/p4.svg">', None),
    ],
)
def test_severity_from_alt_first_then_the_badge_path(body: str, severity: str | None) -> None:
    assert severity_of(body) == severity


@pytest.mark.parametrize(
    ("body", "title"),
    [
        (
            f'<a href="#"><img alt="P1" src="{BADGES}/p1.svg?v=7"></a> **Race on retry**\n\nx',
            "Race on retry",
        ),
        (f'<img alt="P1" src="{BADGES}/p1.svg">\n\n**Race on retry**', "Race on retry"),
        (
            "**logic:** `settle()` runs twice &amp; double-charges",
            "logic: `settle()` runs twice & double-charges",
        ),
        ("\n\n### [Missing lock](https://x.test/doc) on *retry*", "Missing lock on retry"),
        ("<!-- greptile -->\n\n", "(no title)"),
        # a literal * inside code or quotes, or without a partner, is a character, not emphasis
        ("**`/help*` prefix matches every command**", "`/help*` prefix matches every command"),
        ('**Glob "src/*" skips nested files**', 'Glob "src/*" skips nested files'),
        ("**a * b is not emphasis**", "a * b is not emphasis"),
        ("**Escaped \\*star\\***", "Escaped *star*"),
        ("**Uses `a*b` and *c***", "Uses `a*b` and c"),
        ("**`` `tick` `` in code**", "`` `tick` `` in code"),
        ("**Bold that\nspans lines**\n\nbody", "Bold that"),
        ("**Bold over\r\na CRLF**\r\n\r\nbody", "Bold over"),  # \r\n is one line ending
        (
            "**See [the doc]**\n\nmore\n\n[the doc]: https://x.test/d",
            "See the doc",
        ),  # defined later
        ("<!-- a -->\n\n<!-- b -->\n\n<img src=x>\n\n<br>\n\n**Fifth block**\n", "Fifth block"),
        ("word " * 40, ("word " * 24)[:119] + "…"),
    ],
)
def test_the_title_is_the_first_meaningful_line(body: str, title: str) -> None:
    assert title_of(body) == title


@pytest.mark.parametrize(("unrated_as", "status"), [(None, Status.PASS), ("P1", Status.FAIL)])
def test_a_comment_without_a_badge_counts_as_unrated_as(
    unrated_as: str | None, status: Status
) -> None:
    comment = reply(GREPTILE, "**logic:** This overwrites the settlement row", number=1)
    config = [f"unrated-as: {unrated_as}"] if unrated_as else []
    result, _ = run([thread(comment)], *config)
    assert result.status is status
    if unrated_as:
        assert result.details == (
            f"app/pay.ts:88 P1 logic: This overwrites the settlement row — {LINK}",
        )


# --- accepting the risk --------------------------------------------------------------------

ACCEPT = "We accept the risk: settlement is idempotent downstream."


def test_an_accept_risk_reply_by_a_maintainer_passes_and_says_who_accepted() -> None:
    threads = [thread(finding("P1"), reply("bob", ACCEPT))]
    result, gather = run(threads, known={CollaboratorPermission("bob"): Permission.MAINTAIN})
    assert result.status is Status.PASS
    assert result.summary == "no unaddressed P0 or P1 findings (1 accepted)"
    assert result.details == (f"app/pay.ts:88 P1 {TITLE} — accepted by bob (maintain) — {LINK}",)
    assert gather.rounds[1] == [CollaboratorPermission("bob")]


def test_an_accept_risk_reply_by_a_read_only_user_still_blocks_and_says_why() -> None:
    threads = [thread(finding("P1"), reply("eve", "accepting risk"))]
    result, _ = run(threads, known={CollaboratorPermission("eve"): Permission.READ})
    assert result.status is Status.FAIL
    assert result.summary == "1 unaddressed P1 finding"
    assert result.details == (
        f"app/pay.ts:88 P1 {TITLE} — {LINK}",
        "  reply by eve accepts the risk but eve has read permission; needs write",
    )


def test_a_reply_by_someone_outside_the_repository_cannot_accept() -> None:
    threads = [thread(finding("P1"), reply("drive-by", "Accepted the risk"))]
    result, _ = run(threads, known={CollaboratorPermission("drive-by"): Permission.NONE})
    assert result.details[1] == (
        "  reply by drive-by accepts the risk but drive-by is not a collaborator; needs write"
    )


def test_the_permission_needed_is_configurable() -> None:
    threads = [thread(finding("P1"), reply("bob", ACCEPT))]
    known = {CollaboratorPermission("bob"): Permission.WRITE}
    result, _ = run(threads, "accept-risk: {permission: admin}", known=known)
    assert (
        result.details[1]
        == "  reply by bob accepts the risk but bob has write permission; needs admin"
    )


def test_one_authorized_reply_is_enough_and_each_login_is_asked_once() -> None:
    threads = [
        thread(finding("P1", number=1), reply("eve", ACCEPT), reply("bob", ACCEPT)),
        thread(finding("P1", number=2), reply("bob", ACCEPT)),
    ]
    known = {
        CollaboratorPermission("eve"): Permission.READ,
        CollaboratorPermission("bob"): Permission.ADMIN,
    }
    result, gather = run(threads, known=known)
    assert result.status is Status.PASS
    assert gather.rounds[1] == [CollaboratorPermission("eve"), CollaboratorPermission("bob")]


def test_replies_that_do_not_accept_and_the_reviewers_own_replies_ask_nothing() -> None:
    threads = [
        thread(
            finding("P1"),
            reply("bob", "I don't think this is a risk"),
            reply(GREPTILE, "If you accept the risk, resolve this thread"),
        ),
    ]
    result, gather = run(threads)
    assert result.status is Status.FAIL
    assert len(gather.rounds) == 1


def test_a_resolved_or_non_blocking_finding_asks_no_permissions() -> None:
    threads = [
        thread(finding("P1"), reply("bob", ACCEPT), resolved=True),
        thread(finding("P2"), reply("bob", ACCEPT)),
    ]
    _, gather = run(threads)
    assert len(gather.rounds) == 1


def test_without_accept_risk_only_resolving_addresses_a_finding() -> None:
    threads = [thread(finding("P1"), reply("bob", ACCEPT))]
    result, gather = run(threads, "accept-risk: null")
    assert result.status is Status.FAIL
    assert len(gather.rounds) == 1


def test_a_permission_that_cannot_be_read_is_an_error() -> None:
    threads = [thread(finding("P1"), reply("bob", ACCEPT))]
    known = {CollaboratorPermission("bob"): Unavailable("GitHub is down")}
    result, _ = run(threads, known=known)
    assert (result.status, result.summary) == (Status.ERROR, "could not evaluate: GitHub is down")


# --- the summary comment -------------------------------------------------------------------


def test_findings_are_never_counted_from_the_summary() -> None:
    body = greptile_summary(HEAD) + f'\n\n<img alt="P1" src="{BADGES}/p1.svg"> **Race**'
    result, _ = run([], "require-reviewed-head: true", conversation=(summary_comment(body),))
    assert result.status is Status.PASS


@pytest.mark.parametrize("reviewed", [HEAD, HEAD[:7], HEAD.upper(), HEAD[:12].upper()])
def test_require_reviewed_head_passes_when_the_summary_names_the_head(reviewed: str) -> None:
    conversation = (summary_comment(greptile_summary(reviewed)),)
    result, _ = run([], "require-reviewed-head: true", conversation=conversation)
    assert (result.status, result.summary) == (
        Status.PASS,
        "no unaddressed P0 or P1 findings; Greptile reviewed the head aaaaaaa",
    )


def test_require_reviewed_head_fails_when_greptile_reviewed_another_commit() -> None:
    conversation = (summary_comment(greptile_summary("b" * 40)),)
    result, _ = run([], "require-reviewed-head: true", conversation=conversation)
    assert (result.status, result.summary) == (
        Status.FAIL,
        "Greptile last reviewed bbbbbbb, not the head aaaaaaa",
    )


def test_require_reviewed_head_fails_without_a_summary() -> None:
    not_summary = summary_comment("Last reviewed commit: " + HEAD, author="mallory")
    result, _ = run([], "require-reviewed-head: true", conversation=(not_summary,))
    assert (result.status, result.summary) == (
        Status.FAIL,
        "no Greptile summary on this PR, so the reviewed commit cannot be checked",
    )


def test_without_a_summary_both_requirements_fail_in_one_sentence() -> None:
    result, _ = run([], "require-reviewed-head: true", "min-confidence: 3")
    assert result.summary == (
        "no Greptile summary on this PR, "
        "so the reviewed commit and the confidence score cannot be checked"
    )


def test_a_summary_without_a_reviewed_commit_fails_and_links_it() -> None:
    conversation = (summary_comment(greptile_summary(None, confidence=5)),)
    result, _ = run([], "require-reviewed-head: true", conversation=conversation)
    assert result.summary == (
        f"Greptile's summary names no 'Last reviewed commit' ({PR_URL}#issuecomment-1)"
    )


def test_the_latest_summary_decides_even_when_an_older_one_reviewed_the_head() -> None:
    older = summary_comment(greptile_summary(HEAD), at=datetime(2026, 11, 20, 9, tzinfo=UTC))
    newer = summary_comment(greptile_summary("c" * 40), at=datetime(2026, 11, 20, 10, tzinfo=UTC))
    result, _ = run([], "require-reviewed-head: true", conversation=(newer, older))
    assert result.summary == "Greptile last reviewed ccccccc, not the head aaaaaaa"


def test_a_summary_in_a_review_body_with_a_markdown_link_counts() -> None:
    body = f"3 files reviewed\n\nLast reviewed commit: [fix](https://github.com/acme/app/commit/{HEAD[:9]})"
    result, _ = run([], "require-reviewed-head: true", conversation=(summary_comment(body),))
    assert result.status is Status.PASS


def test_findings_and_a_stale_review_are_both_reported() -> None:
    conversation = (summary_comment(greptile_summary("b" * 40)),)
    result, _ = run(
        [thread(finding("P1"))], "require-reviewed-head: true", conversation=conversation
    )
    assert (
        result.summary
        == "1 unaddressed P1 finding; Greptile last reviewed bbbbbbb, not the head aaaaaaa"
    )


@pytest.mark.parametrize(
    ("score", "status", "summary"),
    [
        (4, Status.PASS, "no unaddressed P0 or P1 findings; Greptile's confidence score is 4/5"),
        (5, Status.PASS, "no unaddressed P0 or P1 findings; Greptile's confidence score is 5/5"),
        (2, Status.FAIL, "Greptile's confidence score is 2/5, below the required 4/5"),
        (
            None,
            Status.FAIL,
            f"Greptile's summary gives no 'Confidence Score' ({PR_URL}#issuecomment-1)",
        ),
    ],
)
def test_min_confidence(score: int | None, status: Status, summary: str) -> None:
    conversation = (summary_comment(greptile_summary(HEAD, confidence=score)),)
    result, _ = run([], "min-confidence: 4", conversation=conversation)
    assert (result.status, result.summary) == (status, summary)


def test_min_confidence_reads_the_latest_summary() -> None:
    older = summary_comment(greptile_summary(HEAD, 5), at=datetime(2026, 11, 20, 9, tzinfo=UTC))
    newer = summary_comment(greptile_summary(HEAD, 3), at=datetime(2026, 11, 20, 11, tzinfo=UTC))
    result, _ = run([], "min-confidence: 4", conversation=(older, newer))
    assert result.summary == "Greptile's confidence score is 3/5, below the required 4/5"


@pytest.mark.parametrize(
    "text", ["**Confidence Score: 4/5**", "Confidence score: **4/5**", "Confidence Score 4 / 5"]
)
def test_confidence_score_spellings(text: str) -> None:
    result, _ = run([], "min-confidence: 4", conversation=(summary_comment(text),))
    assert result.status is Status.PASS


def test_the_summary_is_always_read_with_the_threads_in_one_fact() -> None:
    # findings outside the diff are only in the summary, so every configuration needs it
    _, plain = run([])
    _, with_head = run([], "require-reviewed-head: true")
    assert plain.rounds == [[PullRequestReviews(summaries=True)]]
    assert with_head.rounds == [[PullRequestReviews(summaries=True)]]


# --- what cannot be decided ----------------------------------------------------------------


def test_threads_that_cannot_be_read_are_an_error() -> None:
    gather = StaticGather({PullRequestReviews(summaries=True): Unavailable("GitHub is down")})
    (result,) = evaluate_policy(policy(gate_policy()), context(), gather)
    assert (result.status, result.summary) == (Status.ERROR, "could not evaluate: GitHub is down")


def test_without_a_pull_request_the_gate_cannot_decide() -> None:
    (result,) = evaluate_policy(policy(gate_policy()), context("push"), StaticGather({}))
    assert (result.status, result.summary) == (
        Status.ERROR,
        "could not evaluate: greptile judges pull requests; this run has none",
    )


@pytest.mark.parametrize(
    "line",
    [
        "block-on: [P5]",
        "unrated-as: high",
        "min-confidence: 6",
        "accept-risk: {pattern: '('}",
        "ignore-outdated: maybe",
    ],
)
def test_bad_config_is_a_policy_error(line: str) -> None:
    with pytest.raises(PolicyError):
        policy(gate_policy(line))
