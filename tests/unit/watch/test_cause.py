"""The likely cause: which deployment preceded the first failure, which one to roll back to,
what it shipped, and the words the incident uses for each case."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from releasegate.policy.models import WatchSettings
from releasegate.results import GateResult, Report, Status
from releasegate.watch.cause import Cause, Deployment, Shipped, pick, rollback_command, shipped
from releasegate.watch.messages import Situation, cause_section
from releasegate.watch.records import RunRecord
from releasegate.watch.slo import slo
from releasegate.watch.state import Decision

FAILED_AT = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def deployment(n: int, minutes_before: int, state: str = "INACTIVE", sha: str = "") -> Deployment:
    return Deployment(
        id=n,
        sha=sha or f"{n}" * 40,
        created_at=FAILED_AT - timedelta(minutes=minutes_before),
        state=state,
        creator="maya",
        ref="main",
        headline=f"Release {n}",
    )


def test_the_cause_is_the_last_deployment_before_the_first_failure_that_did_not_fail() -> None:
    made = [
        deployment(1, 300),
        deployment(2, 120),
        deployment(3, 30, "ACTIVE"),
        deployment(4, 20, "FAILURE"),  # never reached production
        deployment(5, -10, "ACTIVE"),  # after the first failure: a fix, not the cause
    ]
    culprit, previous = pick(made, FAILED_AT)
    assert (culprit, previous) == (made[2], made[1])


def test_the_rollback_target_is_another_commit_that_succeeded() -> None:
    same = deployment(2, 60, sha="3" * 40)  # a redeploy of the culprit's commit
    made = [deployment(1, 300), same, deployment(9, 50, "ERROR"), deployment(3, 30, "ACTIVE")]
    assert pick(made, FAILED_AT) == (made[3], made[0])


def test_no_deployment_before_the_failure_is_no_cause() -> None:
    assert pick([deployment(5, -10, "ACTIVE")], FAILED_AT) == (None, None)


def commit(oid: str, *pulls: tuple[int, str]) -> dict[str, object]:
    nodes = [
        {"number": n, "title": f"PR {n}", "url": f"https://x/{n}", "headRefName": head}
        for n, head in pulls
    ]
    return {"oid": oid, "associatedPullRequests": {"nodes": nodes}}


def test_what_shipped_stops_at_the_previous_deployment_each_pull_once() -> None:
    history = [
        commit("c3", (42, "hotfix/pay")),
        commit("c2", (41, "feature/sms"), (42, "hotfix/pay")),
        commit("c1", (40, "feature/old")),
        commit("c0"),
    ]
    pulls, cut = shipped(history, "c1", ("hotfix/*",))
    assert [(p.number, p.kind) for p in pulls] == [(42, "hotfix"), (41, "feature")]
    assert cut is False
    _, never = shipped(history, "elsewhere", ("hotfix/*",))
    assert never is True
    only_own, _ = shipped(history, None, ("hotfix/*",))
    assert [p.number for p in only_own] == [42]


def test_the_rollback_command_redeploys_the_previous_commit() -> None:
    target = deployment(2, 120, sha="9f8e7d6" + "0" * 33)
    assert rollback_command("acme/app", "prod env", target, "prod-smoke") == (
        "gh api --method POST repos/acme/app/deployments -f ref=9f8e7d6"
        + "0" * 33
        + " -f environment='prod env' -F auto_merge=false "
        "-f description='Roll back to 9f8e7d6 (releasegate watch prod-smoke)'"
    )


def situation() -> Situation:
    first = RunRecord("r1", FAILED_AT, "fail")
    report = Report(
        "p.yml",
        "prod-smoke",
        "acme/app",
        None,
        None,
        "schedule",
        (GateResult("health", "http-probe", "block", Status.FAIL, "down"),),
    )
    settings = WatchSettings()
    return Situation(
        "prod-smoke",
        "acme/app",
        "https://github.com",
        report,
        (first,),
        Decision("open", 3, 0, first),
        slo([first], settings.slo, FAILED_AT),
        settings,
    )


def test_the_cause_section_names_deployment_pulls_and_rollback() -> None:
    culprit, previous = deployment(3, 25, "ACTIVE"), deployment(2, 120)
    pulls = (
        Shipped(42, "Fix *pay*", "https://github.com/acme/app/pull/42", "maya", "hotfix"),
        Shipped(41, "SMS retry", "https://github.com/acme/app/pull/41", None, "feature"),
    )
    text = "\n".join(cause_section(situation(), Cause("production", culprit, previous, pulls)))
    sha3, sha2 = "3" * 40, "2" * 40
    assert text == (
        "#### Likely cause\n\n"
        f"The last deployment to `production` before the first failed run: [`3333333`]"
        f"(https://github.com/acme/app/commit/{sha3}) (`main`) by **maya** at 2025-06-01 11:35 "
        "UTC, 25m before the first failure: Release 3.\n\n"
        "It shipped, since the previous deployment:\n\n"
        "- hotfix [#42](https://github.com/acme/app/pull/42) Fix \\*pay\\* (maya)\n"
        "- feature [#41](https://github.com/acme/app/pull/41) SMS retry\n\n"
        "To roll back to the previous successful deployment ([`2222222`]"
        f"(https://github.com/acme/app/commit/{sha2}), 2025-06-01 10:00 UTC):\n\n"
        "```sh\n"
        f"gh api --method POST repos/acme/app/deployments -f ref={sha2} -f "
        "environment=production -F auto_merge=false -f description='Roll back to 2222222 "
        "(releasegate watch prod-smoke)'\n"
        "```"
    )


def test_the_cause_section_without_a_deployment_or_an_environment() -> None:
    none_before = "\n".join(cause_section(situation(), Cause("production")))
    assert none_before.endswith(
        "No deployment to `production` preceded the first failed run, so the cause is likely "
        "outside the code: configuration, a provider, or traffic."
    )
    unset = "\n".join(cause_section(situation(), None))
    assert "Set `watch.environment` (say, production)" in unset
    unread = "\n".join(cause_section(situation(), Cause("production", unread="HTTP 502")))
    assert unread.endswith(
        "The deployments to `production` could not be read (HTTP 502), so the likely cause is "
        "not named here."
    )
