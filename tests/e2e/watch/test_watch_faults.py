"""Faults in each kind of request a watch run makes when it opens an incident: a fault that
clears is retried and the run ends as if nothing happened; a create whose answer was lost is
looked for before it is made again; one that persists is exit 3, and the next run converges
on one incident and a whole history."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from e2e.watch.watch_world import HISTORY, World, line, scenario
from releasegate_standin import Fault

pytestmark = pytest.mark.e2e

DEPLOYED = {
    "deployments": [
        {"commit": "release-1", "created_at": "-1h", "statuses": [{"state": "success"}]}
    ]
}
FAST = {"RELEASEGATE_RETRY_ATTEMPTS": "3", "RELEASEGATE_RETRY_SECONDS": "6"}


def opening_world(make_world: Callable[..., World]) -> World:
    world = make_world(
        scenario([line(30), line(15)], **DEPLOYED), watch="  environment: production\n"
    )
    world.api.answer("/health", 503, "down")
    return world


def assert_one_incident_and_a_whole_history(world: World, runs: int = 3) -> None:
    (incident,) = world.incidents()
    assert incident.state == "open"
    assert "The last deployment to `production` before the first failed run" in incident.body
    history = world.history()
    assert len(history) == runs
    assert [r.event for r in history].count("opened") == 1


@pytest.mark.parametrize(
    ("method", "path", "operation", "skip"),
    [
        ("GET", f"*/contents/{HISTORY}", None, 0),
        ("GET", "*/issues", None, 0),
        ("PUT", f"*/contents/{HISTORY}", None, 0),
        ("POST", "graphql", "WatchDeployments", 0),
        ("POST", "graphql", "ShippedPulls", 0),
        ("POST", "*/issues", None, 0),
        ("GET", "*/issues", None, 1),  # the list after the create
        ("PUT", f"*/contents/{HISTORY}", None, 1),  # the line amended with the incident
    ],
    ids=str,
)
def test_a_502_once_is_retried_and_the_run_ends_as_without_it(
    make_world: Callable[..., World], method: str, path: str, operation: str | None, skip: int
) -> None:
    world = opening_world(make_world)
    world.github.add_fault(
        Fault("status", method=method, path=path, operation=operation, skip=skip, status=502)
    )
    run = world.watch(**FAST)
    assert run.code == 1, run.output
    assert [hit["hits"] for hit in world.github.faults.describe()] == [1]
    assert_one_incident_and_a_whole_history(world)


def test_a_lost_answer_to_the_create_is_looked_for_and_nothing_is_made_twice(
    make_world: Callable[..., World],
) -> None:
    world = opening_world(make_world)
    world.github.add_fault(Fault("truncated", method="POST", path="*/issues"))
    run = world.watch(**FAST)
    assert run.code == 1, run.output
    assert_one_incident_and_a_whole_history(world)
    creates = [r for r in world.requests() if r.startswith("POST /repos/acme/app/issues ")]
    assert len(creates) == 1


def test_an_incident_that_cannot_be_recorded_is_exit_3_and_the_next_run_converges(
    make_world: Callable[..., World],
) -> None:
    world = opening_world(make_world)
    amend = Fault("status", method="PUT", path=f"*/contents/{HISTORY}", skip=1, times="always")
    world.github.add_fault(amend)
    first = world.watch(**FAST)
    assert first.code == 3, first.output
    assert "incident: opened #1 https://github.com/acme/app/issues/1" in first.stdout
    assert first.stderr.startswith("error: PUT /repos/acme/app/contents/")
    assert len(world.incidents()) == 1  # opened; its line could not say so

    world.github.clear_faults()
    second = world.watch(**FAST)
    assert second.code == 1, second.output
    assert "incident: updated the status comment on #" in second.stdout
    assert len(world.incidents()) == 1
    assert len(world.history()) == 4
