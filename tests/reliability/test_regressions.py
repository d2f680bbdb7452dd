"""One test per product bug the reliability suite found, pinned at the smallest scale that
shows it (the fault matrix shows each again in context)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from e2e.hotfix import hotfix_harness as harness
from releasegate.errors import UsageError
from releasegate.github import endpoints
from releasegate.github.client import Connection, GitHub, timeout_from_environment
from releasegate.github.publish import upsert_sticky_comment
from releasegate.github.retry import RetryPolicy, graphql_failure
from releasegate.umbrella.triggers import umbrella_trigger
from releasegate_standin import Fault, StandIn
from reliability import check_world, hotfix_world
from reliability.outputs import pass_claims

STICKY = "<!-- releasegate:report:pr -->"


@pytest.fixture
def standin() -> Iterator[StandIn]:
    scenario = {"repository": "acme/app", "issues": [{"number": 1, "title": "one"}]}
    with StandIn(scenario) as server:
        yield server


@pytest.fixture
def github(standin: StandIn) -> Iterator[GitHub]:
    connection = Connection(standin.url, standin.graphql_url, "t", timeout=5)
    client = GitHub(connection, RetryPolicy(attempts=3, base_delay=0.01))
    yield client
    client.close()


def comments(standin: StandIn) -> list[str]:
    issue = standin.state.main_repo.issue(1)
    assert issue is not None
    return [comment.body for comment in issue.comments]


# --- github/client.py, github/retry.py ---------------------------------------------------------


def test_a_graphql_answer_of_only_typeless_errors_is_retried_and_others_are_not() -> None:
    went_wrong = [{"message": "Something went wrong while executing your query."}]
    assert graphql_failure(went_wrong, None) is not None
    assert graphql_failure([{"type": "RATE_LIMITED", "message": "x"}], None) is not None
    assert graphql_failure([{"type": "NOT_FOUND", "message": "x", "path": ["a"]}], None) is None
    assert (
        graphql_failure([{"message": "Field 'x' doesn't exist", "locations": [{}]}], None) is None
    )
    assert graphql_failure(went_wrong, {"repository": None}) is None  # partial data: an answer


@pytest.mark.parametrize("fault", ["truncated", "status"])
def test_a_create_whose_answer_is_lost_is_looked_for_before_it_is_made_again(
    standin: StandIn, github: GitHub, fault: str
) -> None:
    standin.add_fault(Fault(fault, method="POST", path="*/issues/1/comments", times=1))  # type: ignore[arg-type]

    done = upsert_sticky_comment(github, "acme", "app", 1, marker=STICKY, body="hi", create=True)

    assert comments(standin) == [f"{STICKY}\nhi"]
    posts = [r for r in standin.requests if r.method == "POST"]
    # Cut off after GitHub made it: found, not sent again. A 502: not found, made once more.
    assert (done, len(posts)) == (("unchanged", 1) if fault == "truncated" else ("created", 2))


def test_the_http_timeout_comes_from_the_environment() -> None:
    assert timeout_from_environment({}) == 30.0
    assert timeout_from_environment({"RELEASEGATE_HTTP_TIMEOUT": "0.5"}) == 0.5
    for nonsense in ("0", "-1", "soon", "inf", "nan"):
        with pytest.raises(UsageError, match="RELEASEGATE_HTTP_TIMEOUT"):
            timeout_from_environment({"RELEASEGATE_HTTP_TIMEOUT": nonsense})


# --- github/publish.py -------------------------------------------------------------------------


def test_sticky_comments_left_by_two_runs_at_once_converge_to_the_oldest(
    standin: StandIn, github: GitHub
) -> None:
    for text in ("first run", "second run"):  # both found none, both created one
        github.rest(endpoints.CREATE_ISSUE_COMMENT, body={"body": f"{STICKY}\n{text}"},
                    owner="acme", repo="app", issue_number=1)  # fmt: skip

    done = upsert_sticky_comment(github, "acme", "app", 1, marker=STICKY, body="now", create=True)

    assert (done, comments(standin)) == ("updated", [f"{STICKY}\nnow"])


def test_a_run_that_creates_the_sticky_comment_removes_a_twin_made_at_the_same_time(
    standin: StandIn, github: GitHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    send = github.rest
    twins: list[object] = []

    def rest(endpoint: endpoints.Endpoint, **kwargs: object) -> object:
        answer = send(endpoint, **kwargs)  # type: ignore[arg-type]
        if endpoint == endpoints.CREATE_ISSUE_COMMENT and not twins:  # the other run's lands
            other = {"body": f"{STICKY}\nother run"}
            twins.append(send(endpoint, body=other, owner="acme", repo="app", issue_number=1))
        return answer

    monkeypatch.setattr(github, "rest", rest)
    upsert_sticky_comment(github, "acme", "app", 1, marker=STICKY, body="ours", create=True)

    assert comments(standin) == [f"{STICKY}\nours"]


# --- check.py ----------------------------------------------------------------------------------


def test_check_writes_github_first_so_a_failed_write_leaves_no_pass_anywhere(
    tmp_path: Path,
) -> None:
    with StandIn(check_world.scenario()) as github:
        github.add_fault(Fault("status", method="POST", path="*/check-runs", times="always"))
        result = check_world.run_check(github, check_world.SITUATIONS[0], tmp_path)

    assert result.run.code == 3
    assert result.run.stderr.startswith("error: the check run 'releasegate / pr' failed: HTTP 502")
    assert pass_claims(*result.local_outputs) == []
    assert (result.summary, result.outputs, result.report) == ("", "", "")


# --- engine.py ---------------------------------------------------------------------------------


def test_a_failing_gate_whose_override_label_cannot_be_checked_is_undecided(
    tmp_path: Path,
) -> None:
    with StandIn(check_world.scenario()) as github:
        github.add_fault(Fault("status", path="*/issues/7/events", times="always"))
        result = check_world.run_check(github, check_world.SITUATIONS[0], tmp_path)

    assert result.run.code == 3  # not 1: the label may well hold; re-run, do not change the PR
    assert "verdict: error — could not evaluate docs-apart (treated as failed)" in result.run.stdout
    assert "an override label is present but could not be checked" in result.run.stdout


# --- hotfix/outcomes.py, hotfix/github.py, hotfix/remote.py ------------------------------------


def test_a_re_run_opens_the_pull_request_from_the_branch_an_earlier_run_pushed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = hotfix_world.make_world(tmp_path, monkeypatch)
    with harness.standin_for(world) as standin:
        standin.add_fault(Fault("status", method="POST", path="*/pulls", times="always"))
        failed = hotfix_world.run_backport(standin, world)
        pushed = harness.origin_refs(world.origin)[f"refs/heads/{harness.BRANCH}"]
        standin.clear_faults()
        again = hotfix_world.run_backport(standin, world)
        (pull,) = harness.pulls_from(standin, harness.BRANCH)

    assert (failed.run.code, again.run.code) == (3, 0)
    assert again.run.stdout.startswith("opened https://github.com/acme/app/pull/8")
    assert harness.origin_refs(world.origin)[f"refs/heads/{harness.BRANCH}"] == pushed
    assert pull.labels == ["bug", "backport"]


def test_a_re_run_adds_the_labels_and_the_comment_an_earlier_run_could_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = hotfix_world.make_world(tmp_path, monkeypatch)
    with harness.standin_for(world) as standin:
        standin.add_fault(Fault("status", method="POST", path="*/issues/8/labels", times="always"))
        failed = hotfix_world.run_backport(standin, world)
        standin.clear_faults()
        again = hotfix_world.run_backport(standin, world)
        standin.reset_log()
        settled = hotfix_world.run_backport(standin, world)
        (pull,) = harness.pulls_from(standin, harness.BRANCH)
        (comment,) = harness.original(standin).comments
        writes = harness.writes(standin)

    assert (failed.run.code, again.run.code, settled.run.code) == (3, 0, 0)
    assert pull.labels == ["bug", "backport"]
    assert "https://github.com/acme/app/pull/8 (2 commits cherry-picked)" in comment.body
    assert writes == []  # once caught up, a re-run writes nothing


def test_a_branch_of_that_name_with_other_changes_is_left_to_a_person(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = hotfix_world.make_world(tmp_path, monkeypatch)
    world.repos.checkout(harness.BRANCH, "main")
    world.repos.commit("other.txt", "someone else's work\n", "Not the backport")
    world.repos.push(harness.BRANCH)
    with harness.standin_for(world) as standin:
        result = hotfix_world.run_backport(standin, world)
        assert harness.pulls_from(standin, harness.BRANCH) == []

    assert result.run.code == 0
    assert "already exists on origin with other changes" in result.run.stdout


# --- umbrella ----------------------------------------------------------------------------------


@pytest.mark.parametrize("action", [[], {}, 3, None])
def test_an_issues_event_whose_action_is_not_text_is_a_note(action: object) -> None:
    payload = {"action": action, "issue": {"number": 1, "labels": [{"name": "tracking"}]}}
    trigger = umbrella_trigger("issues", payload, repository="acme/app", label="tracking")
    assert trigger == "umbrella sync does not act on issues 'None' events; nothing to do"
