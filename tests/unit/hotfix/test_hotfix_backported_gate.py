"""hotfix-backported on hand-built facts: every branch of the gate."""

from __future__ import annotations

import pytest

from releasegate.engine import evaluate_policy
from releasegate.facts import Unavailable
from releasegate.facts.git import BackportPull, GitCommit, MissingFromMain, OpenBackportPulls
from releasegate.gates.hotfix_backported import missing_lines
from releasegate.results import GateResult, Status
from support.builders import StaticGather, context, policy

POLICY = """\
    version: 1
    gates:
      - id: hotfixes-in-main
        type: hotfix-backported
        production: prod
        main: main
"""
MISSING = MissingFromMain(production="prod", main="main")
BACKPORTS = OpenBackportPulls(main="main", branch_template="backport/{number}-to-{target}")
FIX = GitCommit("1" * 40, "Fix the rounding")
OTHER = GitCommit("2" * 40, "Fix the timeout")
PULL_URL = "https://github.com/acme/app/pull/12"


def run(known: dict, text: str = POLICY) -> tuple[GateResult, StaticGather]:  # type: ignore[type-arg]
    gather = StaticGather(known)
    (result,) = evaluate_policy(policy(text), context("push", pr=None), gather)
    return result, gather


def test_nothing_missing_passes_without_listing_pull_requests() -> None:
    result, gather = run({MISSING: ()})
    assert (result.status, result.summary) == (Status.PASS, "every commit on 'prod' is on 'main'")
    assert gather.rounds == [[MISSING]]


def test_missing_commits_fail_and_name_their_open_backport() -> None:
    carrying = BackportPull(12, PULL_URL, "backport/7-to-main", linked_shas=(FIX.sha[:7],))
    unrelated = BackportPull(13, "https://github.com/acme/app/pull/13", "feature/x")
    result, gather = run({MISSING: (FIX, OTHER), BACKPORTS: (carrying, unrelated)})

    assert result.status is Status.FAIL
    assert result.summary == (
        "2 commits on 'prod' missing from 'main': backport them, or the next release from "
        "'main' reverts them"
    )
    assert result.details == (
        f"1111111 Fix the rounding (open backport: {PULL_URL})",
        "2222222 Fix the timeout",
    )
    assert gather.rounds == [[MISSING], [BACKPORTS]]


def test_one_missing_commit_is_singular() -> None:
    result, _ = run({MISSING: (FIX,), BACKPORTS: ()})
    assert result.summary.startswith("1 commit on 'prod' missing from 'main'")
    assert result.details == ("1111111 Fix the rounding",)


def test_pull_requests_that_cannot_be_listed_still_fail_with_the_commits() -> None:
    result, _ = run({MISSING: (FIX,), BACKPORTS: Unavailable("HTTP 502")})
    assert result.status is Status.FAIL
    assert result.details == (
        "1111111 Fix the rounding",
        "(open backport PRs could not be listed: HTTP 502)",
    )


def test_missing_refs_are_an_error_that_says_how_to_check_out() -> None:
    reason = "'refs/remotes/origin/prod' does not name a commit in /w. Check out ... fetch-depth: 0"
    result, _ = run({MISSING: Unavailable(reason)})
    assert (result.status, result.summary) == (Status.ERROR, f"could not evaluate: {reason}")


def test_the_branches_and_the_template_come_from_the_config() -> None:
    text = POLICY.replace("production: prod", "production: live").replace(
        "main: main", "main: trunk\n        branch-template: 'bp/{number}'"
    )
    missing = MissingFromMain(production="live", main="trunk")
    backports = OpenBackportPulls(main="trunk", branch_template="bp/{number}")
    result, gather = run({missing: (FIX,), backports: ()}, text)
    assert result.summary.startswith("1 commit on 'live' missing from 'trunk'")
    assert gather.rounds == [[missing], [backports]]


def test_the_defaults_are_prod_and_main() -> None:
    text = "version: 1\ngates:\n  - {id: hotfixes, type: hotfix-backported}\n"
    result, _ = run({MISSING: ()}, text)
    assert result.status is Status.PASS


def test_a_long_list_is_cut_with_a_count() -> None:
    commits = [GitCommit(f"{i:040x}", f"Fix {i}") for i in range(23)]
    lines = missing_lines(commits, ())
    assert len(lines) == 21
    assert lines[-1] == "… and 3 more"


@pytest.mark.parametrize(
    ("linked", "carries"),
    [
        (("1" * 40,), True),
        (("1" * 7,), True),
        (("1" * 6,), False),  # too short to name a commit
        (("1111112",), False),
        ((), False),
    ],
)
def test_a_pull_request_carries_a_commit_its_body_names(
    linked: tuple[str, ...], carries: bool
) -> None:
    pull = BackportPull(12, PULL_URL, "backport/7-to-main", linked_shas=linked)
    assert pull.carries(FIX) is carries


@pytest.mark.parametrize(
    ("subject", "carries"),
    [("Fix the rounding (#7)", True), ("Fix the rounding (#70)", False), ("Fix it", False)],
)
def test_a_template_branch_carries_the_squashed_hotfix_it_is_named_after(
    subject: str, carries: bool
) -> None:
    pull = BackportPull(12, PULL_URL, "backport/7-to-main", original=7)
    assert pull.carries(GitCommit(FIX.sha, subject)) is carries
