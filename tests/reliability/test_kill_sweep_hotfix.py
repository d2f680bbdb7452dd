"""`hotfix backport` killed at every step of its multi-step writes, then run again.

Each step (the pull request or issue, its labels, assignees, review request, the comment on
the original) must be recognisable on the re-run as done or not done: the re-run finds what
the killed run made and does exactly what it left undone. For each request of an
uninterrupted run, in turn, the CLI is killed right after that request took effect on the
stand-in; the re-run, in the same checkout, must end in the uninterrupted run's state (pull
requests, issues, comments, labels, assignees, review requests, branches) with every write
made once over both runs. The clean pick and both conflict modes are swept, and each kill
point is a cell of the reliability matrix.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from e2e.hotfix.hotfix_harness import NUMBER, TOKEN, World, standin_for
from releasegate_standin import Fault, StandIn
from reliability import hotfix_kills as kills
from reliability.hotfix_kills import CLEAN_PICK, CONFLICT_DRAFT, CONFLICT_ISSUE, Scenario
from reliability.inprocess import Run
from reliability.ledger import SecretLedger
from reliability.matrix import FINISHED
from support.faults import KILLED, kind_name

pytestmark = pytest.mark.e2e

PULL_URL = "https://github.com/acme/app/pull/8"
ISSUE_URL = "https://github.com/acme/app/issues/8"
_REPO = "/repos/acme/app"
_DRESSED = [
    f"POST {_REPO}/issues/8/labels",
    f"POST {_REPO}/issues/8/assignees",
    f"POST {_REPO}/pulls/8/requested_reviewers",
]
_COMMENTED = [
    f"GET {_REPO}/issues/7/comments",
    f"POST {_REPO}/issues/7/comments",
    f"GET {_REPO}/issues/7/comments",  # a twin made by a run at the same time is looked for
]
_OPENED = [f"GET {_REPO}/pulls/7", f"GET {_REPO}/pulls", f"POST {_REPO}/pulls", *_DRESSED]
# The requests of an uninterrupted run, in order: each is a kill point.
REQUESTS: dict[str, list[str]] = {
    CLEAN_PICK.name: [*_OPENED, *_COMMENTED],
    CONFLICT_DRAFT.name: [*_OPENED, *_COMMENTED],
    CONFLICT_ISSUE.name: [
        f"GET {_REPO}/pulls/7",
        f"GET {_REPO}/pulls",
        f"GET {_REPO}/issues",
        f"POST {_REPO}/issues",
        f"POST {_REPO}/issues/8/assignees",
        *_COMMENTED,
    ],
}
CREATES = {f"POST {_REPO}/pulls", f"POST {_REPO}/issues"}


class Baseline:
    """Per scenario: a world to copy, and what an uninterrupted run of a copy did."""

    def __init__(self, factory: pytest.TempPathFactory, scenario: Scenario) -> None:
        folder = factory.mktemp(scenario.name.replace(",", "").replace(" ", "-"))
        with pytest.MonkeyPatch.context() as monkeypatch:
            self.template = scenario.make(folder / "template", monkeypatch)
            world = kills.copy_world(self.template, folder / "uninterrupted", monkeypatch)
            with standin_for(world) as standin:
                self.run = kills.run(standin, world, scenario)
                self.log = standin.requests
                self.state = kills.end_state(standin, world)
        self.writes = kills.writes(self.log)


class Baselines:
    """Each scenario's baseline, made the first time a test asks for it."""

    def __init__(self, factory: pytest.TempPathFactory) -> None:
        self._factory = factory
        self._made: dict[Scenario, Baseline] = {}

    def __getitem__(self, scenario: Scenario) -> Baseline:
        if scenario not in self._made:
            self._made[scenario] = Baseline(self._factory, scenario)
        return self._made[scenario]


@pytest.fixture(scope="module")
def baselines(tmp_path_factory: pytest.TempPathFactory) -> Baselines:
    return Baselines(tmp_path_factory)


@pytest.fixture
def no_token(no_leaks: SecretLedger) -> SecretLedger:
    no_leaks.plant(TOKEN, "the hotfix harness")
    return no_leaks


def observed(ledger: SecretLedger, standin: StandIn, *runs: Run) -> None:
    for number, run in enumerate(runs, 1):
        ledger.saw_all(f"hotfix backport, run {number}", {"stdout": run.stdout, "err": run.stderr})
    ledger.saw_standin("hotfix backport", standin)


def names(log: list[Any]) -> list[str]:
    return [f"{entry.method} {entry.path}" for entry in log]


# --- the stand-in's kill point ------------------------------------------------------------------


def test_the_unanswered_fault_applies_the_request_and_never_answers_it() -> None:
    scenario = {"repository": "acme/app", "issues": [{"number": 1, "title": "one"}]}
    with StandIn(scenario) as standin:
        standin.add_fault(Fault("unanswered", method="POST", path="*/comments", skip=1))
        url = f"{standin.url}/repos/acme/app/issues/1/comments"
        headers = {"Authorization": "token t"}
        with httpx.Client(headers=headers, timeout=0.5) as client:
            first = client.post(url, json={"body": "first"})
            with pytest.raises(httpx.ReadTimeout):
                client.post(url, json={"body": "second"})
        issue = standin.state.main_repo.issue(1)
        log = standin.requests

    assert first.status_code == 201
    assert issue is not None
    assert [comment.body for comment in issue.comments] == ["first", "second"]
    assert [(entry.status, entry.fault) for entry in log] == [(201, None), (201, "unanswered")]


# --- issue 14, items 6 and 7: a run killed after it opened the pull request or issue -------------


def kill_and_rerun(
    standin: StandIn, world: World, scenario: Scenario, fault: Fault, *, checkout: str
) -> tuple[Run, Run, list[Any], list[Any]]:
    """The killed run and the re-run (in ``checkout``), with the requests of each."""
    killed = kills.killed_after(standin, world, scenario, fault)
    killed_log = standin.requests
    standin.reset_log()
    again = kills.run(standin, world, scenario, checkout)
    return killed, again, killed_log, standin.requests


def test_a_pull_request_whose_run_was_killed_gets_its_assignees_and_review_request(
    baselines: Baselines,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_token: SecretLedger,
) -> None:
    opened = Fault("unanswered", method="POST", path=f"{_REPO}/pulls")
    world = kills.copy_world(baselines[CLEAN_PICK].template, tmp_path / "world", monkeypatch)
    with standin_for(world) as standin:
        killed, again, _, _ = kill_and_rerun(standin, world, CLEAN_PICK, opened, checkout="rerun")
        observed(no_token, standin, killed, again)
        state = kills.end_state(standin, world)

    assert killed.code == -9
    assert (again.code, again.stderr) == (0, "")
    assert state == baselines[CLEAN_PICK].state
    assert again.stdout == (
        f"the backport of #7 to 'main' exists: {PULL_URL} (open)\n"
        "an earlier run stopped before it was done; this run added the labels, the assignees, "
        "the review request and the comment on #7\n"
    )
    pull = next(item for item in state["github"] if item["number"] == 8)
    assert (pull["labels"], pull["assignees"]) == (["bug", "backport"], ["bob"])
    assert pull["pull"]["requested_reviewers"] == ["alice"]


def test_a_draft_whose_run_was_killed_is_dressed_and_commented_on_the_re_run(
    baselines: Baselines,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_token: SecretLedger,
) -> None:
    opened = Fault("unanswered", method="POST", path=f"{_REPO}/pulls")
    world = kills.copy_world(baselines[CONFLICT_DRAFT].template, tmp_path / "world", monkeypatch)
    with standin_for(world) as standin:
        killed, again, _, _ = kill_and_rerun(
            standin, world, CONFLICT_DRAFT, opened, checkout="rerun"
        )
        observed(no_token, standin, killed, again)
        state = kills.end_state(standin, world)

    assert (killed.code, again.code, again.stderr) == (-9, 0, "")
    assert state == baselines[CONFLICT_DRAFT].state
    assert again.stdout == (
        f"the backport of #7 to 'main' exists: {PULL_URL} (open)\n"
        "an earlier run stopped before it was done; this run added the labels, the assignees, "
        "the review request and the comment on #7\n"
    )
    draft, original = (next(i for i in state["github"] if i["number"] == n) for n in (8, NUMBER))
    assert draft["labels"] == ["bug", "backport", "backport-conflict"]
    assert draft["pull"]["draft"]
    ((_author, comment),) = original["comments"]
    assert comment == (
        "<!-- releasegate:backport-comment target=main -->\n"
        "The backport to `main` stopped on a conflict in `app.py`. The draft "
        f"{PULL_URL} carries the conflicted state and the commands to finish it by hand.\n"
    )


def test_a_conflict_issue_whose_run_was_killed_gets_its_assignees_and_the_comment(
    baselines: Baselines,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_token: SecretLedger,
) -> None:
    opened = Fault("unanswered", method="POST", path=f"{_REPO}/issues")
    world = kills.copy_world(baselines[CONFLICT_ISSUE].template, tmp_path / "world", monkeypatch)
    with standin_for(world) as standin:
        killed, again, _, _ = kill_and_rerun(
            standin, world, CONFLICT_ISSUE, opened, checkout="rerun"
        )
        observed(no_token, standin, killed, again)
        state = kills.end_state(standin, world)

    assert (killed.code, again.code, again.stderr) == (-9, 1, "")
    assert state == baselines[CONFLICT_ISSUE].state
    assert again.stdout == (
        "the backport of #7 to 'main' conflicts in app.py; nothing was pushed; finish it by "
        f"hand as {ISSUE_URL} says\n"
        "an earlier run stopped before it was done; this run added the assignees and the "
        "comment on #7\n"
    )


def test_a_run_killed_during_its_github_writes_leaves_the_checkout_as_it_was(
    baselines: Baselines,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened = Fault("unanswered", method="POST", path=f"{_REPO}/pulls")
    world = kills.copy_world(baselines[CLEAN_PICK].template, tmp_path / "world", monkeypatch)
    with standin_for(world) as standin:
        _killed, again, _, _ = kill_and_rerun(standin, world, CLEAN_PICK, opened, checkout="job")
        state = kills.end_state(standin, world)

    assert (again.code, again.stderr) == (0, "")
    assert kills.leftovers(world) == ("", "")
    assert state == baselines[CLEAN_PICK].state


# --- the sweep ------------------------------------------------------------------------------------


def kill_points() -> list[Any]:
    return [
        pytest.param(scenario, k, id=f"{scenario.name}-{k}-{request}")
        for scenario in kills.SCENARIOS
        for k, request in enumerate(REQUESTS[scenario.name], 1)
    ]


def test_an_uninterrupted_run_makes_the_requests_the_sweep_kills_at(
    baselines: Baselines,
) -> None:
    for scenario in kills.SCENARIOS:
        baseline = baselines[scenario]
        assert baseline.run.code == (1 if scenario.conflict else 0), baseline.run.output
        assert names(baseline.log) == REQUESTS[scenario.name], scenario.name


@pytest.mark.parametrize(("scenario", "k"), kill_points())
def test_a_run_killed_after_any_request_is_finished_by_the_re_run_and_nothing_is_doubled(
    baselines: Baselines,
    scenario: Scenario,
    k: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_token: SecretLedger,
    record: Callable[..., None],
) -> None:
    baseline = baselines[scenario]
    world = kills.copy_world(baseline.template, tmp_path / "world", monkeypatch)
    with standin_for(world) as standin:
        killed, again, killed_log, rerun_log = kill_and_rerun(
            standin, world, scenario, kills.after_request(k), checkout="job"
        )
        observed(no_token, standin, killed, again)
        state = kills.end_state(standin, world)

    assert killed.code == -9
    assert names(killed_log) == REQUESTS[scenario.name][:k]
    assert state == baseline.state
    assert kills.writes(killed_log) + kills.writes(rerun_log) == baseline.writes
    assert kills.leftovers(world) == ("", "")
    assert_rerun_says_what_it_found(scenario, k, baseline.run, again)
    record("hotfix backport", kind_name(baseline.log[k - 1]), KILLED, "once", FINISHED)


def assert_rerun_says_what_it_found(scenario: Scenario, k: int, clean: Run, again: Run) -> None:
    assert again.stderr == ""
    created = bool(CREATES & set(REQUESTS[scenario.name][:k]))
    if not created:  # the killed run made nothing on GitHub: the re-run is a first run
        assert (again.code, again.stdout) == (clean.code, clean.stdout)
    elif scenario is CONFLICT_ISSUE:  # every run reports the conflict, and exits 1
        assert again.code == 1
        assert again.stdout.splitlines()[0] == clean.stdout.splitlines()[0]
    else:
        assert again.code == 0
        assert again.stdout.startswith(f"the backport of #7 to 'main' exists: {PULL_URL} (open)")
