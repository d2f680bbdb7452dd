"""`umbrella sync` under every fault, on a sample of the kinds of request it makes.

Every kind is read from clean runs; the matrix runs every fault on the reads that decide
the boxes (the references' states), the body write (which also closes the umbrella) and the
comment it creates. Never a half-written body, never a second progress comment.
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
from reliability.umbrella_world import (
    BODY,
    SITUATIONS,
    TICKED,
    Result,
    Situation,
    duplicates,
    run_sync,
    scenario,
)
from support.faults import FaultCase, RequestKind, parametrize_matrix, request_kinds

pytestmark = pytest.mark.e2e
COMMAND = "umbrella sync"
SAMPLED = (
    "GraphQL UmbrellaRefs",
    "PATCH /repos/{owner}/{repo}/issues/{issue_number}",
    "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
)


@functools.cache
def discovered() -> tuple[tuple[RequestKind, Situation], ...]:
    found: dict[str, tuple[RequestKind, Situation]] = {}
    with StandIn(scenario()) as standin, tempfile.TemporaryDirectory() as folder:
        for situation in SITUATIONS:
            standin.reset()
            standin.reset_log()
            run_sync(standin, situation, Path(folder, situation.name))
            for kind in request_kinds(standin.requests):
                found.setdefault(kind.name, (kind, situation))
    return tuple(found[name] for name in sorted(found))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    parametrize_matrix(metafunc, discovered, SAMPLED)


# Each umbrella's body before and after a sync (#2's says "Release v2").
WHOLE = {body.replace("v1", f"v{n}") for body in (BODY, TICKED) for n in (1, 2)}


def damage(result: Result) -> list[str]:
    half = [] if result.github[0] in WHOLE else ["a half-written body"]
    return duplicates(result) + half


@pytest.fixture(scope="module")
def server() -> Iterator[StandIn]:
    with StandIn(scenario()) as standin:
        yield standin


@pytest.fixture
def github(server: StandIn) -> StandIn:
    server.clear_faults()
    server.reset()
    server.reset_log()
    return server


@pytest.fixture(scope="module")
def clean(server: StandIn, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Result]:
    results = {}
    for situation in SITUATIONS:
        server.reset()
        results[situation.name] = run_sync(server, situation, tmp_path_factory.mktemp("clean"))
    return results


def observed(ledger: SecretLedger, github: StandIn, *results: Result) -> None:
    for result in results:
        ledger.saw_all(COMMAND, result.named_outputs())
    ledger.saw_standin(COMMAND, github)


def test_clean_syncs_tick_close_and_comment_with_the_sampled_requests(
    clean: dict[str, Result],
) -> None:
    assert {name: result.run.code for name, result in clean.items()} == {
        "first sync": 0,
        "re-sync": 0,
    }
    assert clean["first sync"].github[:3] == (TICKED, "closed", "completed")
    names = [kind.name for kind, _ in discovered()]
    assert set(SAMPLED) <= set(names)
    assert "GraphQL UmbrellaIssue" in names


def test_a_fault_that_clears_is_retried_and_the_sync_ends_as_a_clean_one(
    github: StandIn,
    clean: dict[str, Result],
    kind: RequestKind,
    situation: Situation,
    case: FaultCase,
    tmp_path: Path,
    record: Callable[..., None],
    ledger: SecretLedger,
) -> None:
    github.add_fault(case.aimed_at(kind, times=1))
    faulted = run_sync(github, situation, tmp_path)
    observed(ledger, github, faulted)
    hits = github.faults.describe()[0]["hits"]
    outcome = verdicts.transient(
        kind, clean[situation.name], faulted, github.requests, hits, damage
    )
    record(COMMAND, kind.name, case.label, "once", outcome)
    assert outcome == verdicts.expected(kind, case, "once")


def test_a_fault_that_persists_fails_closed_and_a_re_sync_converges(
    github: StandIn,
    clean: dict[str, Result],
    kind: RequestKind,
    situation: Situation,
    case: FaultCase,
    tmp_path: Path,
    record: Callable[..., None],
    ledger: SecretLedger,
) -> None:
    github.add_fault(case.aimed_at(kind, times="always"))
    faulted = run_sync(github, situation, tmp_path / "faulted")
    github.clear_faults()
    rerun = run_sync(github, situation, tmp_path / "re-run")
    observed(ledger, github, faulted, rerun)
    outcome = verdicts.persistent(kind, case, clean[situation.name], faulted, rerun, damage)
    record(COMMAND, kind.name, case.label, "always", outcome)
    assert outcome == verdicts.expected(kind, case, "always")


def test_a_list_that_lies_fails_closed_or_misleads_nothing(
    github: StandIn,
    clean: dict[str, Result],
    kind: RequestKind,
    situation: Situation,
    lie: FaultCase,
    tmp_path: Path,
    record: Callable[..., None],
    ledger: SecretLedger,
) -> None:
    github.add_fault(lie.aimed_at(kind, times="always"))
    faulted = run_sync(github, situation, tmp_path / "faulted")
    github.clear_faults()
    if not verdicts.told(github.requests, kind):
        pytest.skip(f"no answer of {kind.name} holds a list to lie about")
    rerun = run_sync(github, situation, tmp_path / "re-run")
    observed(ledger, github, faulted, rerun)
    outcome = verdicts.lied(kind, lie, clean[situation.name], faulted, rerun, damage)
    record(COMMAND, kind.name, lie.label, "always", outcome)
    assert outcome in (FAILED_CLOSED, NOT_MISLED)
