"""The check-passed gate on hand-built check runs, statuses and deployments (SPEC §2.3)."""

from __future__ import annotations

import pytest

from releasegate.engine import evaluate_policy
from releasegate.errors import PolicyError
from releasegate.facts import Unavailable
from releasegate.facts.checks import CheckedCommit, CommitChecks, Now
from releasegate.results import GateResult, Status
from support.builders import HEAD, StaticGather, context, policy, pull_request
from support.checks import NAME, NOW, check_run, commit, commit_status, deployment

RUN_1 = "https://github.com/acme/app/runs/1"
RUN_2 = "https://github.com/acme/app/runs/2"
LOG = "https://deploy.example.com/log/7"
CI = "https://ci.example.com/builds/9"


def gate_policy(*lines: str) -> str:
    keys = "".join(f"\n    {line}" for line in lines)
    return (
        "version: 1\ngates:\n  - id: staging-real-call\n    type: check-passed\n"
        f"    name: {NAME!r}{keys}\n"
    )


def run(
    *commits: CheckedCommit, config: tuple[str, ...] = (), request: CommitChecks | None = None
) -> tuple[GateResult, StaticGather]:
    asked = request or CommitChecks(HEAD)
    gather = StaticGather({asked: commits, Now(): NOW})
    (result,) = evaluate_policy(policy(gate_policy(*config)), context(), gather)
    return result, gather


def outcome(*commits: CheckedCommit, config: tuple[str, ...] = ()) -> tuple[Status, str]:
    result, _ = run(*commits, config=config)
    return result.status, result.summary


# --- the latest run decides ----------------------------------------------------------------


def test_a_recent_success_passes_and_says_when() -> None:
    result, gather = run(commit(check_run("success")))
    assert (result.status, result.summary) == (
        Status.PASS,
        "'staging / real-call' passed on aaaaaaa 35m ago",
    )
    assert gather.rounds == [[CommitChecks(HEAD), Now()]]


def test_a_failed_rerun_after_an_earlier_success_blocks() -> None:
    first = check_run("success", started=120, completed=110, number=1)
    rerun = check_run("failure", started=30, completed=10, number=2)
    assert outcome(commit(rerun, first)) == (
        Status.FAIL,
        f"latest 'staging / real-call' on aaaaaaa: failure, 10m ago ({RUN_2})",
    )


def test_a_successful_rerun_after_a_failure_passes() -> None:
    failed = check_run("failure", started=120, completed=110, number=1)
    rerun = check_run("success", started=30, completed=10, number=2)
    assert outcome(commit(failed, rerun)) == (
        Status.PASS,
        "'staging / real-call' passed on aaaaaaa 10m ago",
    )


def test_a_success_older_than_max_age_blocks() -> None:
    old = check_run("success", started=13 * 60 + 10, completed=13 * 60)
    assert outcome(commit(old), config=("max-age: 12h",)) == (
        Status.FAIL,
        f"latest 'staging / real-call' on aaaaaaa: success, 13h ago, older than 12h ({RUN_1})",
    )
    assert outcome(commit(old), config=("max-age: 14h",))[0] is Status.PASS


def test_a_success_dated_in_the_future_is_not_recent_and_the_failure_says_why() -> None:
    """Issue 14, item 3: whoever posts a check run sets its times; one completed a day ahead
    satisfied max-age (and, being the latest, hid every run after it)."""
    ahead = check_run("success", started=-24 * 60, completed=-24 * 60)
    expected = (
        Status.FAIL,
        "latest 'staging / real-call' on aaaaaaa: success, but dated 1d in the future; a "
        "completion later than now is not a recent one (whoever posts a check run sets its "
        f"times) ({RUN_1})",
    )
    assert outcome(commit(ahead), config=("max-age: 12h",)) == expected
    assert outcome(commit(ahead)) == expected  # without max-age too: it is no success now


def test_a_clock_up_to_five_minutes_ahead_of_ours_is_allowed() -> None:
    skewed = check_run("success", started=1, completed=-5)
    assert outcome(commit(skewed), config=("max-age: 12h",))[0] is Status.PASS
    ahead = check_run("success", started=1, completed=-6)
    assert outcome(commit(ahead), config=("max-age: 12h",))[0] is Status.FAIL


@pytest.mark.parametrize("conclusion", ["neutral", "skipped", "cancelled", "timed_out"])
def test_only_success_is_success(conclusion: str) -> None:
    shown = conclusion.replace("_", " ")
    assert outcome(commit(check_run(conclusion))) == (
        Status.FAIL,
        f"latest 'staging / real-call' on aaaaaaa: {shown}, 35m ago ({RUN_1})",
    )


def test_a_run_in_progress_blocks() -> None:
    running = check_run(status="in_progress", started=5)
    assert outcome(commit(running)) == (
        Status.FAIL,
        f"latest 'staging / real-call' on aaaaaaa: in progress, started 5m ago ({RUN_1})",
    )


def test_a_queued_rerun_without_a_start_time_is_the_latest() -> None:
    done = check_run("success", number=1)
    queued = check_run(status="queued", started=None, number=2)
    assert outcome(commit(queued, done)) == (
        Status.FAIL,
        f"latest 'staging / real-call' on aaaaaaa: queued ({RUN_2})",
    )


def test_nothing_by_that_name_blocks_and_says_so() -> None:
    other = check_run("success", name="staging / smoke")
    assert outcome(commit(other)) == (
        Status.FAIL,
        "no check run or status named 'staging / real-call' on aaaaaaa",
    )


def test_a_name_with_brackets_is_a_glob_and_the_failure_says_how_to_mean_them() -> None:
    gather = StaticGather({CommitChecks(HEAD): (commit(check_run(name="deploy [prod]")),),
                           Now(): NOW})  # fmt: skip
    text = gate_policy().replace(repr(NAME), "'deploy [prod]'")
    (result,) = evaluate_policy(policy(text), context(), gather)
    assert (result.status, result.summary) == (
        Status.FAIL,
        "no check run or status named 'deploy [prod]' on aaaaaaa ('deploy [prod]' is a glob, "
        "where [...] matches one character of a set; for a name with a literal '[', write "
        "'[[]': 'deploy [[]prod]')",
    )
    literal = gate_policy().replace(repr(NAME), "'deploy [[]prod]'")
    (result,) = evaluate_policy(policy(literal), context(), gather)
    assert result.status is Status.PASS


def test_names_match_case_sensitively() -> None:
    assert outcome(commit(check_run("success", name="Staging / Real-Call")))[0] is Status.FAIL


# --- commit statuses -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("success", (Status.PASS, "'staging / real-call' passed on aaaaaaa 20m ago")),
        (
            "failure",
            (
                Status.FAIL,
                f"latest 'staging / real-call' on aaaaaaa: failure, 20m ago ({CI})",
            ),
        ),
        (
            "error",
            (
                Status.FAIL,
                f"latest 'staging / real-call' on aaaaaaa: error, 20m ago ({CI})",
            ),
        ),
        (
            "pending",
            (
                Status.FAIL,
                f"latest 'staging / real-call' on aaaaaaa: pending, started 20m ago ({CI})",
            ),
        ),
    ],
)
def test_a_commit_status_counts_like_a_check_run(state: str, expected: tuple[Status, str]) -> None:
    assert outcome(commit(commit_status(state))) == expected


def test_the_newer_of_a_check_run_and_a_status_decides() -> None:
    older_run = check_run("success", started=60, completed=50)
    newer_status = commit_status("failure", created=20)
    assert outcome(commit(older_run, newer_status))[0] is Status.FAIL
    assert (
        outcome(commit(check_run("success", started=10, completed=5), newer_status))[0]
        is Status.PASS
    )


# --- app -----------------------------------------------------------------------------------


def test_app_counts_only_that_apps_check_runs() -> None:
    ours = check_run("failure", started=60, completed=50, number=1)
    theirs = check_run("success", app="imposter", started=10, completed=5, number=2)
    assert outcome(commit(ours, theirs), config=("app: github-actions",)) == (
        Status.FAIL,
        f"latest 'staging / real-call' on aaaaaaa: failure, 50m ago ({RUN_1})",
    )


def test_with_app_a_status_does_not_count() -> None:
    assert outcome(commit(commit_status("success")), config=("app: github-actions",)) == (
        Status.FAIL,
        "no check run named 'staging / real-call' by the app 'github-actions' on aaaaaaa",
    )


# --- globs ---------------------------------------------------------------------------------


def test_a_glob_judges_the_latest_of_every_matching_name() -> None:
    runs = [
        check_run("success", name="e2e / chrome", number=1),
        check_run("failure", name="e2e / firefox", number=2),
        check_run("success", name="e2e / safari", number=3),
    ]
    gather = StaticGather({CommitChecks(HEAD): (commit(*runs),), Now(): NOW})
    text = gate_policy().replace(repr(NAME), "'e2e / *'")
    (result,) = evaluate_policy(policy(text), context(), gather)
    assert (result.status, result.summary) == (
        Status.FAIL,
        f"latest 'e2e / firefox' on aaaaaaa: failure, 35m ago ({RUN_2})",
    )
    assert result.details == (  # what did not pass first, then what did
        f"latest 'e2e / firefox' on aaaaaaa: failure, 35m ago ({RUN_2})",
        "'e2e / chrome' passed on aaaaaaa 35m ago",
        "'e2e / safari' passed on aaaaaaa 35m ago",
    )


def test_many_passing_names_are_counted_in_the_summary() -> None:
    runs = [check_run("success", name=f"e2e / {n}", number=n) for n in range(3)]
    gather = StaticGather({CommitChecks(HEAD): (commit(*runs),), Now(): NOW})
    text = gate_policy().replace(repr(NAME), "'e2e / *'")
    (result,) = evaluate_policy(policy(text), context(), gather)
    assert (result.status, result.summary) == (Status.PASS, "all 3 checks passed on aaaaaaa")
    assert len(result.details) == 3


def test_at_most_twenty_passes_are_listed_but_every_failure_is() -> None:
    runs = [check_run("success", name=f"e2e / {n}", number=n) for n in range(30)]
    runs.append(check_run("failure", name="e2e / 99", number=99))
    gather = StaticGather({CommitChecks(HEAD): (commit(*runs),), Now(): NOW})
    text = gate_policy().replace(repr(NAME), "'e2e / *'")
    (result,) = evaluate_policy(policy(text), context(), gather)
    assert result.details[0].startswith("latest 'e2e / 99' on aaaaaaa: failure")
    assert result.details[1:3] == (
        "'e2e / 0' passed on aaaaaaa 35m ago",
        "'e2e / 1' passed on aaaaaaa 35m ago",
    )
    assert result.details[-2:] == ("'e2e / 19' passed on aaaaaaa 35m ago", "… and 10 more passed")
    assert len(result.details) == 22


# --- environment ---------------------------------------------------------------------------

STAGING = ("environment: staging",)


def env_outcome(*commits: CheckedCommit) -> GateResult:
    result, _ = run(*commits, config=STAGING, request=CommitChecks(HEAD, "staging"))
    return result


def test_a_successful_deployment_passes_with_the_check() -> None:
    result = env_outcome(commit(check_run("success"), deployed=deployment("success")))
    assert (result.status, result.summary) == (
        Status.PASS,
        "'staging / real-call' passed on aaaaaaa 35m ago; "
        "latest deployment of aaaaaaa to 'staging' succeeded, 1h ago",
    )


@pytest.mark.parametrize(
    ("state", "shown"),
    [("failure", "failure"), ("in_progress", "in progress"), (None, "no status")],
)
def test_a_deployment_that_did_not_succeed_blocks(state: str | None, shown: str) -> None:
    result = env_outcome(commit(check_run("success"), deployed=deployment(state)))
    assert (result.status, result.summary) == (
        Status.FAIL,
        f"latest deployment of aaaaaaa to 'staging': {shown}, 1h ago ({LOG})",
    )
    assert result.details == (
        f"latest deployment of aaaaaaa to 'staging': {shown}, 1h ago ({LOG})",
        "'staging / real-call' passed on aaaaaaa 35m ago",
    )


def test_no_deployment_blocks() -> None:
    result = env_outcome(commit(check_run("success")))
    assert (result.status, result.summary) == (Status.FAIL, "no deployment of aaaaaaa to 'staging'")


def test_a_failed_check_and_a_failed_deployment_are_both_named() -> None:
    result = env_outcome(commit(check_run("failure"), deployed=deployment("error")))
    assert result.summary == (
        f"latest 'staging / real-call' on aaaaaaa: failure, 35m ago ({RUN_1}); "
        f"latest deployment of aaaaaaa to 'staging': error, 1h ago ({LOG})"
    )


# --- ref and match -------------------------------------------------------------------------


def test_ref_names_another_commit_or_branch() -> None:
    found = commit(check_run("success"), sha="b" * 40)
    result, gather = run(found, config=("ref: main",), request=CommitChecks("main"))
    assert result.summary == "'staging / real-call' passed on bbbbbbb 35m ago"
    assert gather.rounds[0] == [CommitChecks("main"), Now()]


def test_head_on_a_pull_request_is_its_head_not_the_test_merge_commit() -> None:
    merge = "m" * 40
    gather = StaticGather({CommitChecks(HEAD): (commit(check_run("success")),), Now(): NOW})
    (result,) = evaluate_policy(policy(gate_policy()), context(sha=merge), gather)
    assert gather.rounds[0] == [CommitChecks(HEAD), Now()]
    assert result.status is Status.PASS


def test_head_in_a_merge_queue_is_the_commit_being_shipped() -> None:
    queued = "9" * 40
    gather = StaticGather({CommitChecks(queued): (commit(sha=queued),), Now(): NOW})
    evaluate_policy(
        policy(gate_policy()), context("merge_group", pr=pull_request(), sha=queued), gather
    )
    assert gather.rounds[0] == [CommitChecks(queued), Now()]


def test_head_on_a_push_is_the_pushed_commit() -> None:
    sha = "d" * 40
    gather = StaticGather({CommitChecks(sha): (commit(check_run("success"), sha=sha),), Now(): NOW})
    (result,) = evaluate_policy(policy(gate_policy()), context("push", sha=sha), gather)
    assert result.summary == "'staging / real-call' passed on ddddddd 35m ago"


def test_match_tree_accepts_a_run_on_a_commit_with_the_same_tree() -> None:
    target = commit()
    twin = commit(check_run("success"), sha="c" * 40)
    request = CommitChecks(HEAD, same_tree=True)
    result, _ = run(target, twin, config=("match: tree",), request=request)
    assert (result.status, result.summary) == (
        Status.PASS,
        "'staging / real-call' passed on ccccccc (same tree as aaaaaaa) 35m ago",
    )


def test_match_tree_still_lets_the_latest_run_decide() -> None:
    target = commit(check_run("failure", started=10, completed=5))
    twin = commit(check_run("success"), sha="c" * 40)
    result, _ = run(
        target, twin, config=("match: tree",), request=CommitChecks(HEAD, same_tree=True)
    )
    assert result.summary == f"latest 'staging / real-call' on aaaaaaa: failure, 5m ago ({RUN_1})"


def test_match_tree_with_nothing_found_says_where_it_looked() -> None:
    result, _ = run(commit(), config=("match: tree",), request=CommitChecks(HEAD, same_tree=True))
    assert result.summary == (
        "no check run or status named 'staging / real-call' on aaaaaaa "
        "or a commit with the same tree"
    )


# --- what cannot be decided ----------------------------------------------------------------


def test_checks_that_cannot_be_read_are_an_error() -> None:
    gather = StaticGather({CommitChecks(HEAD): Unavailable("there is no commit 'x'"), Now(): NOW})
    (result,) = evaluate_policy(policy(gate_policy()), context(), gather)
    assert (result.status, result.summary) == (
        Status.ERROR,
        "could not evaluate: there is no commit 'x'",
    )


@pytest.mark.parametrize(
    "line", ["max-age: soon", "match: branch", "unknown-key: 1", "environment: [a, b]"]
)
def test_bad_config_is_a_policy_error(line: str) -> None:
    with pytest.raises(PolicyError):
        policy(gate_policy(line))


def test_name_is_required() -> None:
    text = "version: 1\ngates:\n  - id: x\n    type: check-passed\n"
    with pytest.raises(PolicyError):
        policy(text)
