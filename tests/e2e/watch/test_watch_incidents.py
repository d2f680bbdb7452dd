"""`releasegate watch` against the stand-in: incidents open after `incident-after` failed
runs in a row and never for fewer, are updated through one status comment without notifying
anyone, resolve after `resolve-after` passing runs with the times to detect and to resolve,
and name the deployment that likely caused them."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from e2e.watch.watch_world import NAME, World, incident_issue, line, scenario
from releasegate.watch.slo import format_span
from releasegate_standin.git.ids import sha_of_name

pytestmark = pytest.mark.e2e

MARKER = f"<!-- releasegate:incident:{NAME} -->"
STATUS_MARKER = f"<!-- releasegate:incident-status:{NAME} -->"
WEBHOOK = 'notify: ["${HOOK_URL}"]\n'


def hooked(world: World, status: int = 200) -> None:
    world.api.answer("/hook", status, "ok")
    world.environment["HOOK_URL"] = f"{world.api.url}/hook"


def test_two_failures_open_nothing_and_the_third_opens_exactly_one_incident(
    make_world: Callable[..., World],
) -> None:
    world = make_world(scenario(), watch=f"  {WEBHOOK}")
    hooked(world)
    world.api.answer("/health", 503, "down")
    for expected in (1, 2):
        run = world.watch()
        assert run.code == 1, run.output  # the run failed
        assert f"{expected} failed in a row (an incident opens after 3)" in run.stdout
        assert "incident: none open" in run.stdout
    assert world.incidents() == []
    assert world.api.received("/hook") == []

    third = world.watch()
    assert third.code == 1, third.output
    (incident,) = world.incidents()
    assert (
        f"incident: opened #{incident.number} https://github.com/acme/app/issues/" in third.stdout
    )
    assert incident.title == f"{NAME} is failing: health"
    assert incident.body.startswith(MARKER + "\n")
    assert incident.assignees == ["maya"]
    assert "**3 runs in a row failed**" in incident.body
    assert "expected status 200, got 503 after 1 attempt" in incident.body
    assert "[20" in incident.body and "/actions/runs/9876543210" in incident.body  # run links
    (told,) = world.api.received("/hook")
    assert told.json()["text"].startswith(
        f"🔴 acme/app · {NAME}: incident #{incident.number} opened after 3 failed runs in a row"
    )
    history = world.history()
    assert [run.verdict for run in history] == ["fail", "fail", "fail"]
    assert (history[-1].incident, history[-1].event) == (incident.number, "opened")
    # The SLO line (SPEC §10) in the incident, the job summary and the run's own report: over
    # what the three runs span (0s when they start within one second, more on a busy machine).
    span = format_span(history[-1].time - history[0].time)
    slo = f"0.00% of 3 runs passed over the last {span}"
    assert f"#### Service level\n\nSLO: {slo} \\(all the history holds of 28d\\)" in incident.body
    assert f"- SLO: {slo} \\(all the history holds of 28d\\), objective 99.5%" in world.summary()
    assert third.stdout.endswith(
        f"SLO: {slo} (all the history holds of 28d), objective 99.5%; "
        "error budget exhausted (spent 200×)\n"
    )


def test_two_runs_that_both_open_the_incident_leave_one_open_and_one_notification(
    make_world: Callable[..., World],
) -> None:
    # Both runs see the same two failures and no incident before either writes, so both open
    # one; the later issue is closed as a duplicate of the earlier.
    world = make_world(scenario([line(30), line(15)]), watch=f"  {WEBHOOK}")
    hooked(world)
    world.api.answer("/health", 503, "down")
    both = world.watch_together(meet=("*/contents/*", "*/issues"))
    assert [code for code, _ in both] == [1, 1], both
    made = world.incidents()
    assert len(made) == 2  # both opened one (the race this test is about)
    kept = [issue for issue in made if issue.state == "open"]
    assert len(kept) == 1, [(i.number, i.state) for i in made]
    for duplicate in (issue for issue in made if issue.state != "open"):
        assert duplicate.comments[-1].body == (
            f"Duplicate of #{kept[0].number}: two watch runs opened one at once."
        )
    assert len(world.api.received("/hook")) == 1
    assert len(world.history()) == 4


def test_a_fourth_failure_updates_the_status_comment_and_notifies_no_one(
    make_world: Callable[..., World],
) -> None:
    seeded = [line(45), line(30), line(15, incident=40, event="opened")]
    world = make_world(scenario(seeded, issues=[incident_issue()]), watch=f"  {WEBHOOK}")
    hooked(world)
    world.api.answer("/health", 503, "down")
    for failures in (4, 5):
        run = world.watch()
        assert run.code == 1, run.output
        assert f"{failures} failed in a row" in run.stdout
        assert "incident: updated the status comment on #40" in run.stdout
    (incident,) = world.incidents()
    (status,) = incident.comments  # one sticky comment, edited in place
    assert status.body.startswith(STATUS_MARKER + "\n**Latest run:** ")
    assert "❌ failed (5 in a row)" in status.body
    assert world.api.received("/hook") == []
    assert incident.state == "open"


def test_two_passes_resolve_it_with_the_times_to_detect_and_to_resolve(
    make_world: Callable[..., World],
) -> None:
    seeded = [line(45), line(30), line(15, incident=40, event="opened")]
    world = make_world(scenario(seeded, issues=[incident_issue()]), watch=f"  {WEBHOOK}")
    hooked(world)
    first = world.watch()
    assert first.code == 0, first.output
    assert "1 passed in a row (1 of 2 to resolve)" in first.stdout
    assert world.incidents()[0].state == "open"

    second = world.watch()
    assert second.code == 0, second.output
    assert "incident: resolved #40" in second.stdout
    (incident,) = world.incidents()
    assert (incident.state, incident.state_reason) == ("closed", "completed")
    resolution = incident.comments[-1].body
    assert resolution.startswith("✅ **Resolved:** 2 runs in a row passed")
    assert "- Time to detect: 30m (first failed run " in resolution
    assert re.search(r"- Time to resolve: 15m( \d+s)? \(incident opened ", resolution)
    (told,) = world.api.received("/hook")
    assert re.match(
        rf"✅ acme/app · {NAME}: incident #40 resolved — time to detect 30m, time to resolve "
        r"15m( \d+s)? https://github.com/acme/app/issues/40$",
        told.json()["text"],
    )
    assert world.history()[-1].event == "resolved"

    after = world.watch()
    assert "incident: none open" in after.stdout
    assert len(world.api.received("/hook")) == 1


def test_a_webhook_that_answers_500_does_not_stop_the_incident_and_is_told_on_the_next_run(
    make_world: Callable[..., World],
) -> None:
    world = make_world(scenario([line(30), line(15)]), watch=f"  {WEBHOOK}")
    hooked(world, status=500)
    world.api.answer("/health", 503, "down")
    opened = world.watch()
    assert opened.code == 1, opened.output  # the run's verdict, not the webhook's
    (incident,) = world.incidents()
    assert (
        "notify: webhook 1 (${HOOK_URL}) not told: answered HTTP 500; it is tried again on "
        "the next run"
    ) in opened.stdout
    assert world.history()[-1].notify is not None
    assert world.history()[-1].notify.failed == (1,)  # type: ignore[union-attr]

    world.api.answer("/hook", 200, "ok")
    again = world.watch()
    assert "notify: webhook 1 (${HOOK_URL}) told" in again.stdout
    attempts = world.api.received("/hook")
    assert len(attempts) == 2
    assert attempts[1].json()["text"].endswith("(sent late: this webhook did not take it before)")
    assert f"incident #{incident.number} opened" in attempts[1].json()["text"]

    world.watch()
    assert len(world.api.received("/hook")) == 2  # told once: never again after success


RELEASE = {
    "commits": [
        {
            "name": "release-2",
            "parent": "release-1",
            "message": "Merge pull request #41 from acme/feature/sms-retry",
            "files": {"app.py": "retry = True\n"},
        },
        {
            "name": "release-3",
            "parent": "release-2",
            "message": "Merge pull request #42 from acme/hotfix/payment-callback",
            "files": {"pay.py": "callback = 2\n"},
        },
    ],
    "branches": {"main": "release-3"},
    "pull_requests": [
        {
            "number": 41,
            "title": "Retry SMS sends",
            "author": "sam",
            "head": "feature/sms-retry",
            "state": "merged",
            "merge_commit": "release-2",
        },
        {
            "number": 42,
            "title": "Fix the payment callback",
            "author": "maya",
            "head": "hotfix/payment-callback",
            "state": "merged",
            "merge_commit": "release-3",
        },
    ],
    "deployments": [
        {"commit": "release-1", "created_at": "-3h", "statuses": [{"state": "success"}]},
        {
            "commit": "release-3",
            "created_at": "-50m",
            "creator": "maya",
            "statuses": [{"state": "success"}],
        },
        {
            "commit": "release-1",
            "environment": "staging",
            "created_at": "-40m",
            "statuses": [{"state": "success"}],
        },
    ],
}


def test_an_incident_after_a_deployment_names_its_commit_its_pulls_and_the_rollback(
    make_world: Callable[..., World],
) -> None:
    world = make_world(
        scenario([line(30), line(15)], **RELEASE), watch="  environment: production\n"
    )
    world.api.answer("/health", 503, "down")
    run = world.watch()
    assert run.code == 1, run.output
    shipped, rollback = sha_of_name("release-3"), sha_of_name("release-1")
    (incident,) = world.incidents()
    body = incident.body
    assert (
        f"The last deployment to `production` before the first failed run: [`{shipped[:7]}`]"
        f"(https://github.com/acme/app/commit/{shipped}) by **maya** at "
    ) in body
    assert (
        "before the first failure: Merge pull request \\#42 from acme/hotfix/payment\\-callback."
        in body
    )
    assert "It shipped, since the previous deployment:" in body
    assert (
        "- hotfix [#42](https://github.com/acme/app/pull/42) Fix the payment callback (maya)"
        in body
    )
    assert "- feature [#41](https://github.com/acme/app/pull/41) Retry SMS sends (sam)" in body
    assert (
        f"gh api --method POST repos/acme/app/deployments -f ref={rollback} -f "
        "environment=production -F auto_merge=false -f description='Roll back to "
        f"{rollback[:7]} (releasegate watch {NAME})'"
    ) in body


def test_with_no_deployment_before_the_failure_the_cause_is_outside_the_code(
    make_world: Callable[..., World],
) -> None:
    later = {"deployments": [{"commit": "release-1", "created_at": "-1m"}]}
    world = make_world(scenario([line(30), line(15)], **later), watch="  environment: production\n")
    world.api.answer("/health", 503, "down")
    assert world.watch().code == 1
    (incident,) = world.incidents()
    assert (
        "No deployment to `production` preceded the first failed run, so the cause is likely "
        "outside the code: configuration, a provider, or traffic."
    ) in incident.body
