"""hotfix-branch on hand-built facts: every branch of the gate."""

from __future__ import annotations

from releasegate.engine import evaluate_policy
from releasegate.facts import Unavailable
from releasegate.facts.git import GitCommit, MainCommitsInHead
from releasegate.results import GateResult, Status
from support.builders import HEAD, StaticGather, context, policy, pull_request

POLICY = """\
    version: 1
    gates:
      - id: hotfix-from-prod
        type: hotfix-branch
        production: prod
        allow-heads: ["hotfix/*", "main"]
"""
FROM_MAIN = MainCommitsInHead(head_sha=HEAD, production="prod", main="main")
FEATURE = GitCommit("3" * 40, "Unreleased feature")


def run(
    head: str = "hotfix/rounding",
    base: str = "prod",
    known: dict | None = None,  # type: ignore[type-arg]
    text: str = POLICY,
    **ctx: object,
) -> tuple[GateResult, StaticGather]:
    gather = StaticGather(known or {})
    pr = pull_request(head_ref=head, base_ref=base)
    (result,) = evaluate_policy(policy(text), context(pr=pr, **ctx), gather)  # type: ignore[arg-type]
    return result, gather


def test_a_hotfix_branch_cut_from_production_passes() -> None:
    result, gather = run(known={FROM_MAIN: ()})
    assert (result.status, result.summary) == (
        Status.PASS,
        "'hotfix/rounding' was cut from 'prod': it carries nothing of 'main'",
    )
    assert gather.rounds == [[FROM_MAIN]]


def test_a_hotfix_branch_cut_from_main_fails_and_lists_main_commits() -> None:
    other = GitCommit("4" * 40, "Another feature")
    result, _ = run(known={FROM_MAIN: (FEATURE, other)})
    assert result.status is Status.FAIL
    assert result.summary == (
        "'hotfix/rounding' carries 2 commits of 'main' that are not on 'prod': "
        "cut hotfix branches from 'prod'"
    )
    assert result.details == ("3333333 Unreleased feature", "4444444 Another feature")


def test_one_commit_from_main_is_singular() -> None:
    result, _ = run(known={FROM_MAIN: (FEATURE,)})
    assert result.summary == (
        "'hotfix/rounding' carries 1 commit of 'main' that is not on 'prod': "
        "cut hotfix branches from 'prod'"
    )


def test_a_head_outside_allow_heads_fails_without_reading_git() -> None:
    result, gather = run(head="feature/pay")
    assert (result.status, result.summary) == (
        Status.FAIL,
        "'feature/pay' may not be merged into 'prod'; allowed heads: hotfix/*, main",
    )
    assert gather.rounds == [[]]


def test_main_is_an_allowed_head_and_carries_main_by_design() -> None:
    result, gather = run(head="main")
    assert (result.status, result.summary) == (Status.PASS, "'main' is an allowed head for 'prod'")
    assert gather.rounds == [[]]


def test_a_pull_request_into_another_branch_passes_saying_the_gate_does_not_apply() -> None:
    result, gather = run(head="feature/pay", base="main")
    assert (result.status, result.summary) == (
        Status.PASS,
        "applies to PRs into 'prod'; this one is into 'main'",
    )
    assert gather.rounds == [[]]


def test_a_run_without_a_pull_request_passes_saying_the_gate_does_not_apply() -> None:
    gather = StaticGather({})
    (result,) = evaluate_policy(policy(POLICY), context("push", pr=None), gather)
    assert (result.status, result.summary) == (
        Status.PASS,
        "applies to PRs into 'prod'; this run has none",
    )


def test_a_head_that_cannot_be_read_is_an_error() -> None:
    result, _ = run(known={FROM_MAIN: Unavailable("the head commit is not in the checkout")})
    assert (result.status, result.summary) == (
        Status.ERROR,
        "could not evaluate: the head commit is not in the checkout",
    )


def test_the_default_allow_heads_are_hotfix_and_the_main_branch() -> None:
    text = "version: 1\ngates:\n  - {id: hb, type: hotfix-branch, main: trunk}\n"
    allowed, _ = run(head="trunk", text=text)
    refused, _ = run(head="main", text=text)
    assert allowed.status is Status.PASS
    assert refused.summary == "'main' may not be merged into 'prod'; allowed heads: hotfix/*, trunk"


def test_hotfix_heads_choose_which_heads_are_checked_against_main() -> None:
    text = POLICY + '        hotfix-heads: ["hotfix/*", "fix/*"]\n'
    text = text.replace('"hotfix/*", "main"]', '"hotfix/*", "fix/*", "main"]')
    result, _ = run(head="fix/x", text=text, known={FROM_MAIN: (FEATURE,)})
    assert result.status is Status.FAIL


def test_allow_heads_are_anchored_globs() -> None:
    result, _ = run(head="users/hotfix/x")
    assert result.status is Status.FAIL
