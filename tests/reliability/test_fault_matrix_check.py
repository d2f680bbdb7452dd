"""`check` under every fault, on every kind of request a clean run makes (SPEC §8).

The kinds are read from the stand-in's log of clean runs (first run, re-run over a stale
report, commit status mode), never hand-listed: a new request the product learns to make
joins the matrix by itself.
"""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from releasegate_standin import StandIn
from reliability import verdicts
from reliability.check_world import (
    SITUATIONS,
    Result,
    Situation,
    duplicates,
    run_check,
    scenario,
)
from reliability.ledger import SecretLedger
from reliability.matrix import FAILED_CLOSED, NOT_MISLED
from support.faults import FaultCase, RequestKind, parametrize_matrix, request_kinds

pytestmark = pytest.mark.e2e
COMMAND = "check"


@functools.cache
def discovered() -> tuple[tuple[RequestKind, Situation], ...]:
    """Each kind of request the clean runs make, with the first situation that makes it."""
    found: dict[str, tuple[RequestKind, Situation]] = {}
    with StandIn(scenario()) as standin, tempfile.TemporaryDirectory() as folder:
        for situation in SITUATIONS:
            standin.reset()
            standin.reset_log()
            run_check(standin, situation, Path(folder, situation.name))
            for kind in request_kinds(standin.requests):
                found.setdefault(kind.name, (kind, situation))
    return tuple(sorted(found.values(), key=lambda pair: (pair[0].is_write, pair[0].name)))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    parametrize_matrix(metafunc, discovered)


@pytest.fixture(scope="module")
def server() -> Iterator[StandIn]:
    with StandIn(scenario()) as standin:
        yield standin


@pytest.fixture
def github(server: StandIn) -> StandIn:
    """The module's stand-in, as the scenario has it, with no faults and an empty log."""
    server.clear_faults()
    server.reset()
    server.reset_log()
    return server


@pytest.fixture(scope="module")
def clean(server: StandIn, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Result]:
    results = {}
    for situation in SITUATIONS:
        server.reset()
        results[situation.name] = run_check(server, situation, tmp_path_factory.mktemp("clean"))
    return results


def observed(ledger: SecretLedger, github: StandIn, *results: Result) -> None:
    for result in results:
        ledger.saw_all(COMMAND, result.named_outputs())
    ledger.saw_standin(COMMAND, github)


def test_clean_runs_pass_and_read_and_write_every_kind_of_request(
    clean: dict[str, Result],
) -> None:
    assert {name: result.run.code for name, result in clean.items()} == dict.fromkeys(
        (situation.name for situation in SITUATIONS), 0
    )
    kinds = [kind for kind, _ in discovered()]
    assert sum(kind.is_graphql for kind in kinds) >= 4
    assert {kind.name.split(" ")[0] for kind in kinds if kind.is_write} == {"POST", "PATCH"}


def test_a_fault_that_clears_is_retried_and_the_run_ends_as_a_clean_one(
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
    faulted = run_check(github, situation, tmp_path)
    observed(ledger, github, faulted)
    hits = github.faults.describe()[0]["hits"]
    outcome = verdicts.transient(
        kind, clean[situation.name], faulted, github.requests, hits, duplicates
    )
    record(COMMAND, kind.name, case.label, "once", outcome)
    assert outcome == verdicts.expected(kind, case, "once")


def test_a_fault_that_persists_fails_closed_and_a_re_run_converges(
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
    faulted = run_check(github, situation, tmp_path / "faulted")
    github.clear_faults()
    rerun = run_check(github, situation, tmp_path / "re-run")
    observed(ledger, github, faulted, rerun)
    outcome = verdicts.persistent(kind, case, clean[situation.name], faulted, rerun, duplicates)
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
    faulted = run_check(github, situation, tmp_path / "faulted")
    github.clear_faults()
    if not verdicts.told(github.requests, kind):
        pytest.skip(f"no answer of {kind.name} holds a list to lie about")
    rerun = run_check(github, situation, tmp_path / "re-run")
    observed(ledger, github, faulted, rerun)
    outcome = verdicts.lied(kind, lie, clean[situation.name], faulted, rerun, duplicates)
    record(COMMAND, kind.name, lie.label, "always", outcome)
    assert outcome in (FAILED_CLOSED, NOT_MISLED)
