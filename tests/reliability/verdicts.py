"""How a run with a fault ended, in the words of the matrix (``matrix.RETRIED``...).

The words are worked out from what the run did, never assumed: a test asserts the words it
expects, so the table the suite renders is what the runs showed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from releasegate_standin import LoggedRequest
from reliability.inprocess import Run
from reliability.matrix import FAILED_CLOSED, FOUND, NOT_MISLED, RETRIED
from reliability.outputs import pass_claims
from support.faults import FaultCase, RequestKind


class Result(Protocol):
    run: Run
    github: tuple[Any, ...]

    @property
    def local_outputs(self) -> tuple[str, ...]: ...

    def comparable(self) -> tuple[Any, ...]: ...


Damage = Callable[[Any], list[str]]  # duplicates, half-written bodies... of a result


def expected(kind: RequestKind, case: FaultCase, lasts: str) -> str:
    """What SPEC §8 promises: retried when the fault clears, failed closed when it does not;
    and a create whose answer is cut off after GitHub made it is found, never made twice."""
    if case.kind == "truncated" and kind.creates:
        return FOUND
    return RETRIED if lasts == "once" else FAILED_CLOSED


def transient(
    kind: RequestKind,
    clean: Result,
    faulted: Result,
    log: Sequence[LoggedRequest],
    hits: int,
    damage: Damage,
) -> str:
    """``RETRIED``/``FOUND`` when the run ended as the clean run did, else what went wrong.

    ``hits`` comes from the stand-in's fault book: a request that timed out is logged only
    when the stand-in gives up on it, long after the client has moved on.
    """
    if not hits:
        return "the fault was never hit"
    problems = damage(faulted)
    if faulted.comparable() != clean.comparable():
        problems.append(f"exit {faulted.run.code}, unlike the clean run (exit {clean.run.code})")
    if problems:
        return "; ".join(problems)
    return RETRIED if sent_again(kind, log) else FOUND


def sent_again(kind: RequestKind, log: Sequence[LoggedRequest]) -> bool:
    """Whether the request the fault hit went out again (the same body, answered)."""
    hit = [entry.body for entry in log if kind.matches(entry) and entry.fault]
    answered = [entry.body for entry in log if kind.matches(entry) and not entry.fault]
    if not hit:  # a timed-out request is logged only later: the answered one is its retry
        return bool(answered)
    return any(body in hit for body in answered)


def persistent(
    kind: RequestKind,
    case: FaultCase,
    clean: Result,
    faulted: Result,
    rerun: Result,
    damage: Damage,
) -> str:
    """``FAILED_CLOSED`` when the run failed closed and a re-run without the fault ended as
    the clean run did; ``FOUND`` when the first answer was lost after the write was made."""
    if faulted.comparable() == clean.comparable() and not damage(faulted):
        return FOUND
    problems = [] if faulted.run.code == 3 else [f"exit {faulted.run.code}"]
    problems += unclear(faulted.run, case)
    problems += [f"says it passed: {claim!r}" for claim in pass_claims(*faulted.local_outputs)]
    problems += damage(faulted) + damage(rerun)
    if (rerun.run.code, rerun.github) != (clean.run.code, clean.github):
        problems.append("the re-run did not end as the clean run did")
    return "; ".join(problems) if problems else FAILED_CLOSED


def unclear(run: Run, case: FaultCase) -> list[str]:
    """What is wrong with the message of a run that failed (empty when it is clean)."""
    problems = []
    if "Traceback" in run.output or "internal error" in run.output:
        problems.append("a traceback or an internal error")
    if not any(case.cause in line for line in run.output.splitlines()):
        problems.append(f"no line names the cause ({case.cause!r})")
    error = run.stderr.strip()
    if error and (not error.startswith("error: ") or "\n\n" in error):
        problems.append("stderr is not one paragraph starting with 'error: '")
    return problems


def lied(
    kind: RequestKind,
    case: FaultCase,
    clean: Result,
    faulted: Result,
    rerun: Result,
    damage: Damage,
) -> str:
    """``NOT_MISLED`` when a run that was lied to ended as the clean run did (the read does not
    follow what the lie is about, e.g. file pages by number, bounded by the count), else
    what ``persistent`` says: a lie followed must end in exit 3 and a re-run that converges."""
    if faulted.comparable() == clean.comparable() and not damage(faulted):
        return NOT_MISLED
    return persistent(kind, case, clean, faulted, rerun, damage)


def told(log: Sequence[LoggedRequest], kind: RequestKind) -> bool:
    """Whether the lie found a list to lie about in an answer of ``kind`` (the stand-in logs
    a lie as a fault only then)."""
    return any(kind.matches(entry) and entry.fault for entry in log)
