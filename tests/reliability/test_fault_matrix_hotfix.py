"""`hotfix backport` under every fault, on its representative read and write.

Every kind is read from a clean run; the matrix runs every fault on the read of the original
pull request and on the write that opens the backport pull request (after the branch is
pushed: a re-run must open it from that branch, not stop at it). Never two backport pull
requests, never two comments on the original.
"""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from e2e.hotfix.hotfix_harness import standin_for
from releasegate_standin import StandIn
from reliability import verdicts
from reliability.hotfix_world import Result, duplicates, make_world, run_backport
from reliability.ledger import SecretLedger
from reliability.matrix import FAILED_CLOSED, NOT_MISLED
from support.faults import FAULTS, LIES, FaultCase, RequestKind, request_kinds

pytestmark = pytest.mark.e2e
COMMAND = "hotfix backport"
SAMPLED = ("GET /repos/{owner}/{repo}/pulls/{pull_number}", "POST /repos/{owner}/{repo}/pulls")


def clean_run(folder: Path) -> tuple[Result, tuple[RequestKind, ...]]:
    with pytest.MonkeyPatch.context() as monkeypatch:
        world = make_world(folder, monkeypatch)
        with standin_for(world) as standin:
            return run_backport(standin, world), request_kinds(standin.requests)


@functools.cache
def discovered() -> tuple[RequestKind, ...]:
    with tempfile.TemporaryDirectory() as folder:
        return clean_run(Path(folder))[1]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "lie" in metafunc.fixturenames:  # every read is lied to: the lists a backport reads
        lies = [
            pytest.param(kind, lie, id=f"{lie.label}-{kind.name}")
            for kind in discovered()
            for lie in LIES
            if lie.applies_to(kind)
        ]
        metafunc.parametrize(("kind", "lie"), lies)
    if "case" not in metafunc.fixturenames:
        return
    cells = [
        pytest.param(kind, case, id=f"{case.label}-{kind.name}")
        for kind in discovered()
        if kind.name in SAMPLED
        for case in FAULTS
        if case.applies_to(kind)
    ]
    metafunc.parametrize(("kind", "case"), cells)


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Result:
    return clean_run(tmp_path_factory.mktemp("clean"))[0]


def observed(ledger: SecretLedger, github: StandIn, *results: Result) -> None:
    for result in results:
        ledger.saw_all(COMMAND, result.named_outputs())
    ledger.saw_standin(COMMAND, github)


def test_a_clean_backport_reads_the_pull_request_and_opens_one(clean: Result) -> None:
    assert clean.run.code == 0, clean.run
    names = [kind.name for kind in discovered()]
    assert set(SAMPLED) <= set(names)
    assert any(kind.is_write and kind.creates for kind in discovered())


def test_a_fault_that_clears_is_retried_and_the_backport_ends_as_a_clean_one(
    clean: Result,
    kind: RequestKind,
    case: FaultCase,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    record: Callable[..., None],
    ledger: SecretLedger,
) -> None:
    world = make_world(tmp_path, monkeypatch)
    with standin_for(world) as github:
        github.add_fault(case.aimed_at(kind, times=1))
        faulted = run_backport(github, world)
        observed(ledger, github, faulted)
        hits = github.faults.describe()[0]["hits"]
        outcome = verdicts.transient(kind, clean, faulted, github.requests, hits, duplicates)
    record(COMMAND, kind.name, case.label, "once", outcome)
    assert outcome == verdicts.expected(kind, case, "once")


def test_a_fault_that_persists_fails_closed_and_a_re_run_converges(
    clean: Result,
    kind: RequestKind,
    case: FaultCase,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    record: Callable[..., None],
    ledger: SecretLedger,
) -> None:
    world = make_world(tmp_path, monkeypatch)
    with standin_for(world) as github:
        github.add_fault(case.aimed_at(kind, times="always"))
        faulted = run_backport(github, world)
        github.clear_faults()
        rerun = run_backport(github, world)
        observed(ledger, github, faulted, rerun)
    outcome = verdicts.persistent(kind, case, clean, faulted, rerun, duplicates)
    record(COMMAND, kind.name, case.label, "always", outcome)
    assert outcome == verdicts.expected(kind, case, "always")


def test_a_list_that_lies_fails_closed_or_misleads_nothing(
    clean: Result,
    kind: RequestKind,
    lie: FaultCase,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    record: Callable[..., None],
    ledger: SecretLedger,
) -> None:
    world = make_world(tmp_path, monkeypatch)
    with standin_for(world) as github:
        github.add_fault(lie.aimed_at(kind, times="always"))
        faulted = run_backport(github, world)
        github.clear_faults()
        if not verdicts.told(github.requests, kind):
            pytest.skip(f"no answer of {kind.name} holds a list to lie about")
        rerun = run_backport(github, world)
        observed(ledger, github, faulted, rerun)
    outcome = verdicts.lied(kind, lie, clean, faulted, rerun, duplicates)
    record(COMMAND, kind.name, lie.label, "always", outcome)
    assert outcome in (FAILED_CLOSED, NOT_MISLED)
