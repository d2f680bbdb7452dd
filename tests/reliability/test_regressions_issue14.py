"""Regressions of issue 14 through the CLI against the stand-in, one per defect (the lying
lists, the kill sweeps, the runs at once and the mentions have files of their own)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from releasegate.github import endpoints
from releasegate.github.check_runs import SUPERSEDED, CommitRef, publish_check_run
from releasegate.github.client import Connection, GitHub
from releasegate.github.retry import RetryPolicy
from releasegate.results import Status
from releasegate_standin import Fault, StandIn
from reliability import check_world
from reliability.ledger import SecretLedger
from reliability.outputs import pass_claims
from support.cli import releasegate

pytestmark = pytest.mark.e2e

FIRST_RUN = check_world.SITUATIONS[0]
CHECK_RUN = check_world.CHECK_RUN


# --- item 3: a check run dated in the future ---------------------------------------------------


def test_a_check_run_completed_a_day_ahead_does_not_satisfy_max_age(
    tmp_path: Path, ledger: SecretLedger
) -> None:
    scenario = check_world.scenario()
    (staging,) = [
        run
        for run in scenario["check_runs"]
        if run.get("commit") == "head7" and run["name"] == "staging / real-call"
    ]
    staging["completed_at"] = "+1d"  # anyone who can post a check run can date it so
    with StandIn(scenario) as standin:
        result = check_world.run_check(standin, FIRST_RUN, tmp_path)
        ledger.saw_all("a check run from the future", result.named_outputs())

    assert result.run.code == 1, result.run.output
    assert re.search(
        r"^✗ staging     fail       latest 'staging / real-call' on [0-9a-f]{7}: success, but "
        r"dated (23h|1d) in the future; a completion later than now is not a recent one \(whoever "
        r"posts a check run sets its times\) \(https://github.com/acme/app/runs/\d+\)$",
        result.run.stdout,
        re.MULTILINE,
    ), result.run.stdout
    assert pass_claims(*result.local_outputs) == []


# --- item 8: one current check run per name and commit ------------------------------------------


@pytest.fixture
def checks() -> Iterator[tuple[StandIn, GitHub, CommitRef]]:
    with StandIn(check_world.scenario()) as standin:
        connection = Connection(standin.url, standin.graphql_url, "t", timeout=5)
        client = GitHub(connection, RetryPolicy(attempts=2, base_delay=0.01))
        head = standin.state.main_repo.pull(7).pull.head_sha  # type: ignore[union-attr]
        yield standin, client, CommitRef("acme", "app", head)
        client.close()


def runs_of(standin: StandIn, target: CommitRef) -> list[tuple[str | None, str | None]]:
    found = standin.state.main_repo.check_runs_for(target.sha)
    return [(run.conclusion, run.title) for run in sorted(found, key=lambda run: run.id)
            if run.name == CHECK_RUN]  # fmt: skip


def publish(client: GitHub, target: CommitRef, verdict: Status, title: str) -> int:
    return publish_check_run(
        client, target, name=CHECK_RUN, title=title, summary="s", verdict=verdict, annotations=()
    )


def test_a_twin_made_at_the_same_moment_is_the_current_run_when_it_is_newer(
    checks: tuple[StandIn, GitHub, CommitRef], monkeypatch: pytest.MonkeyPatch
) -> None:
    standin, client, target = checks
    send = client.rest

    def twin_lands(endpoint: endpoints.Endpoint, **kwargs: object) -> object:
        answer = send(endpoint, **kwargs)  # type: ignore[arg-type]
        if endpoint == endpoints.CREATE_CHECK_RUN and len(runs_of(standin, target)) == 1:
            other = {**kwargs["body"], "output": {"title": "twin", "summary": "t"}}  # type: ignore[dict-item]
            send(endpoint, body=other, owner="acme", repo="app")
        return answer

    monkeypatch.setattr(client, "rest", twin_lands)
    current = publish(client, target, Status.PASS, "ours")

    assert runs_of(standin, target) == [("success", SUPERSEDED), ("success", "twin")]
    assert current == max(run.id for run in standin.state.main_repo.check_runs_for(target.sha))


def test_a_later_run_writes_the_newest_and_brings_every_older_one_to_its_verdict(
    checks: tuple[StandIn, GitHub, CommitRef],
) -> None:
    standin, client, target = checks
    for title in ("first", "second"):  # a burst whose runs were killed before they settled
        client.rest(endpoints.CREATE_CHECK_RUN, owner="acme", repo="app", body={
            "name": CHECK_RUN, "head_sha": target.sha, "conclusion": "failure",
            "output": {"title": title, "summary": "s"}})  # fmt: skip

    publish(client, target, Status.PASS, "All gates passed")

    assert runs_of(standin, target) == [("success", SUPERSEDED), ("success", "All gates passed")]
    standin.reset_log()
    publish(client, target, Status.PASS, "All gates passed")
    writes = [(r.method, r.path) for r in standin.requests if r.method != "GET"]
    assert writes == [("PATCH", f"/repos/acme/app/check-runs/{max_id(standin, target)}")]


def max_id(standin: StandIn, target: CommitRef) -> int:
    return max(run.id for run in standin.state.main_repo.check_runs_for(target.sha))


# --- item 11: a token GitHub echoes back is hidden from every stream ----------------------------


ECHOED = "ghp_echoedBackByGitHub0123456789abcdef"


@pytest.mark.parametrize("given", ["GITHUB_TOKEN", "GH_TOKEN", "--token"])
@pytest.mark.parametrize("command", ["check", "umbrella sync"])
def test_a_token_an_error_from_github_quotes_is_hidden_in_every_stream(
    tmp_path: Path, no_leaks: SecretLedger, given: str, command: str
) -> None:
    no_leaks.plant(ECHOED, "a token GitHub quotes in an error")
    quoted = {"type": "UNPROCESSABLE", "path": ["repository"], "message": f"token {ECHOED} denied"}
    with StandIn(check_world.scenario()) as standin:
        standin.add_fault(Fault("graphql-errors", path="graphql", times="always",
                                errors=(quoted,)))  # fmt: skip
        env = check_world.environment(standin, 7, tmp_path)
        env.pop("GITHUB_TOKEN")
        args = ["umbrella", "sync", "--issue", "1"] if command == "umbrella sync" else ["check"]
        if given == "--token":
            args.append(f"--token={ECHOED}")
        else:
            env[given] = ECHOED
        run = releasegate(*args, env=env, cwd=tmp_path)
        no_leaks.saw_all("a quoted token", {"stdout": run.stdout, "stderr": run.stderr})
        files = {name: _text(tmp_path / name) for name in ("summary.md", "outputs")}
        no_leaks.saw_all("a quoted token", files)

    assert run.code == 3, run.output
    assert "token *** denied" in run.output
    assert ECHOED not in run.output


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""


# --- item 13: a huge local policy ---------------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "validate"])
def test_a_5_mb_local_policy_is_refused_before_it_is_parsed(tmp_path: Path, command: str) -> None:
    policy = tmp_path / "huge.yml"
    with policy.open("w", encoding="utf-8") as out:
        out.write("version: 1\ngates:\n")
        while out.tell() < 5 * 1024 * 1024:
            out.write(f"  - {{id: g{out.tell()}, type: check-passed, name: ci}}\n")
    size = policy.stat().st_size
    args = ["check", "--policy", str(policy)] if command == "check" else ["validate", str(policy)]
    env = {"GITHUB_REPOSITORY": "acme/app", "GITHUB_SHA": "a" * 40, "GITHUB_EVENT_NAME": "push"}

    run = releasegate(*args, env=env, cwd=tmp_path, timeout=60)

    assert run.code == 2, run.output
    assert (
        f"{policy}:1:1: the policy is {size:,} bytes, over the 512 KB a policy may be; a policy "
        "is a few dozen lines: split it into one file per check"
    ) in run.output
    assert "Traceback" not in run.output
