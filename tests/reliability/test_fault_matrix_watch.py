"""`releasegate watch` under every fault, on a sample of the kinds of request it makes.

Every kind is read from clean runs (the run that opens the incident, and one that updates an
open incident's status comment); the matrix runs every fault on the history's read and write,
the incident lookup and the issue's create, and lies on every read. Correct is: the history
holds each run once, one incident open after the third failed run in a row, never two, one
status comment, and the webhook told only of an opening, once.
"""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from releasegate_standin import StandIn
from reliability import verdicts
from reliability.ledger import SecretLedger
from reliability.matrix import FAILED_CLOSED, NOT_MISLED
from reliability.watch_world import (
    HOOK,
    SITUATIONS,
    Result,
    Situation,
    damage,
    prepare,
    run_watch,
)
from support.faults import FaultCase, RequestKind, parametrize_matrix, request_kinds
from support.services import Service, service

pytestmark = pytest.mark.e2e
COMMAND = "watch"
SAMPLED = (
    "GET /repos/{owner}/{repo}/contents/{path}",
    "GET /repos/{owner}/{repo}/issues",
    "PUT /repos/{owner}/{repo}/contents/{path}",
    "POST /repos/{owner}/{repo}/issues",
)


@functools.cache
def discovered() -> tuple[tuple[RequestKind, Situation], ...]:
    found: dict[str, tuple[RequestKind, Situation]] = {}
    with service() as api, StandIn() as standin, tempfile.TemporaryDirectory() as folder:
        for situation in SITUATIONS:
            prepare(standin, api, situation)
            standin.reset_log()
            run_watch(standin, api, situation, Path(folder, situation.name))
            for kind in request_kinds(standin.requests):
                found.setdefault(kind.name, (kind, situation))
    return tuple(found[name] for name in sorted(found))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    parametrize_matrix(metafunc, discovered, SAMPLED)


@pytest.fixture(scope="module")
def api(ledger: SecretLedger) -> Iterator[Service]:
    """The service the probe calls and the webhook posts to; the webhook's URL is a secret."""
    with service() as endpoint:
        ledger.plant(endpoint.url + HOOK, "the watch policy's webhook")
        yield endpoint


@pytest.fixture(scope="module")
def server() -> Iterator[StandIn]:
    with StandIn() as standin:
        yield standin


@pytest.fixture
def github(server: StandIn) -> StandIn:
    server.clear_faults()
    server.reset_log()
    return server


@pytest.fixture(scope="module")
def clean(
    server: StandIn, api: Service, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Result]:
    results = {}
    for situation in SITUATIONS:
        prepare(server, api, situation)
        results[situation.name] = run_watch(server, api, situation, tmp_path_factory.mktemp("w"))
    return results


def observed(ledger: SecretLedger, github: StandIn, *results: Result) -> None:
    for result in results:
        ledger.saw_all(COMMAND, result.named_outputs())
        ledger.saw(f"{COMMAND}: the webhook's texts", "\n".join(result.told))
    ledger.saw_standin(COMMAND, github)


def test_clean_runs_open_the_incident_once_and_update_it_telling_no_one(
    clean: dict[str, Result],
) -> None:
    opening, update = clean["opens the incident"], clean["updates the incident"]
    assert (opening.run.code, update.run.code) == (1, 1)
    title = ("prod-smoke is failing: health", "open", None, ("incident",), ("maya",))
    assert opening.github == ((title,), 1, (0,), ("incident #1 opened",), ("fail", 1, "opened"))
    assert update.github == ((title,), 1, (1,), (), ("fail", 40, None))
    assert [len(result.history) for result in (opening, update)] == [3, 4]
    assert damage(opening) == damage(update) == []
    names = [kind.name for kind, _ in discovered()]
    assert set(SAMPLED) <= set(names)
    assert {"GraphQL WatchDeployments", "GraphQL ShippedPulls"} <= set(names)


def test_a_fault_that_clears_is_retried_and_the_run_ends_as_a_clean_one(
    github: StandIn,
    api: Service,
    clean: dict[str, Result],
    kind: RequestKind,
    situation: Situation,
    case: FaultCase,
    tmp_path: Path,
    record: Callable[..., None],
    ledger: SecretLedger,
) -> None:
    prepare(github, api, situation)
    github.add_fault(case.aimed_at(kind, times=1))
    faulted = run_watch(github, api, situation, tmp_path)
    observed(ledger, github, faulted)
    hits = github.faults.describe()[0]["hits"]
    outcome = verdicts.transient(
        kind, clean[situation.name], faulted, github.requests, hits, damage
    )
    record(COMMAND, kind.name, case.label, "once", outcome)
    assert outcome == verdicts.expected(kind, case, "once")


def test_a_fault_that_persists_fails_closed_and_a_re_run_converges(
    github: StandIn,
    api: Service,
    clean: dict[str, Result],
    kind: RequestKind,
    situation: Situation,
    case: FaultCase,
    tmp_path: Path,
    record: Callable[..., None],
    ledger: SecretLedger,
) -> None:
    prepare(github, api, situation)
    github.add_fault(case.aimed_at(kind, times="always"))
    faulted = run_watch(github, api, situation, tmp_path / "faulted")
    github.clear_faults()
    rerun = run_watch(github, api, situation, tmp_path / "re-run")
    observed(ledger, github, faulted, rerun)
    outcome = verdicts.persistent(kind, case, clean[situation.name], faulted, rerun, damage)
    record(COMMAND, kind.name, case.label, "always", outcome)
    assert outcome == verdicts.expected(kind, case, "always")


def test_a_list_that_lies_fails_closed_or_misleads_nothing(
    github: StandIn,
    api: Service,
    clean: dict[str, Result],
    kind: RequestKind,
    situation: Situation,
    lie: FaultCase,
    tmp_path: Path,
    record: Callable[..., None],
    ledger: SecretLedger,
) -> None:
    prepare(github, api, situation)
    github.add_fault(lie.aimed_at(kind, times="always"))
    faulted = run_watch(github, api, situation, tmp_path / "faulted")
    github.clear_faults()
    if not verdicts.told(github.requests, kind):
        pytest.skip(f"no answer of {kind.name} holds a list to lie about")
    rerun = run_watch(github, api, situation, tmp_path / "re-run")
    observed(ledger, github, faulted, rerun)
    outcome = verdicts.lied(kind, lie, clean[situation.name], faulted, rerun, damage)
    record(COMMAND, kind.name, lie.label, "always", outcome)
    assert outcome in (FAILED_CLOSED, NOT_MISLED)
