"""`when`, mode, on-error, overrides, and the verdict table of SPEC §3."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from releasegate.engine import evaluate_policy
from releasegate.errors import EXIT_BLOCKED, EXIT_PASSED, EXIT_UNDECIDED
from releasegate.facts import (
    ChangedFile,
    ChangedFiles,
    CollaboratorPermission,
    LabelEvent,
    LabelEvents,
    Unavailable,
)
from releasegate.permissions import Permission
from releasegate.results import GateResult, Report, Status
from support.builders import StaticGather, context, policy, pull_request

MIXED = (ChangedFile("src/a.ts", "modified"), ChangedFile("infra/b.tf", "modified"))
FEATURE = (ChangedFile("src/a.ts", "modified"),)


def gate_policy(extra: str = "", overrides: str = "") -> str:
    return f"""\
version: 1
{overrides}
gates:
  - id: sep
    type: change-separation
    groups: {{infra: ["infra/**"], feature: ["src/**"]}}
{extra}
"""


def evaluate(text: str, files=MIXED, **ctx_changes):  # type: ignore[no-untyped-def]
    ctx = context(**ctx_changes)
    gather = StaticGather({ChangedFiles(): files})
    (result,) = evaluate_policy(policy(text), ctx, gather)
    return result


@pytest.mark.parametrize(
    ("when", "changes", "expected"),
    [
        ("{events: [pull_request]}", {}, Status.FAIL),
        ("{events: [push]}", {}, Status.SKIP),
        ("{branches: [main]}", {}, Status.FAIL),
        ("{branches: ['release/*']}", {}, Status.SKIP),
        ("{branches: ['!main']}", {}, Status.SKIP),
        ("{labels: [needs-separation]}", {}, Status.SKIP),
        (
            "{labels: [needs-separation]}",
            {"pr": pull_request(labels=("needs-separation",))},
            Status.FAIL,
        ),
        ("{paths: ['infra/**']}", {}, Status.FAIL),
        ("{paths: ['docs/**']}", {}, Status.SKIP),
        ("{events: [pull_request], branches: [main], paths: ['src/**']}", {}, Status.FAIL),
        ("{events: [pull_request], branches: [develop], paths: ['src/**']}", {}, Status.SKIP),
    ],
)
def test_when_all_given_keys_must_hold(when: str, changes: dict, expected: Status) -> None:  # type: ignore[type-arg]
    result = evaluate(gate_policy(f"    when: {when}"), **changes)
    assert result.status is expected


def test_a_branch_glob_is_anchored() -> None:
    pr = pull_request(base_ref="users/main")
    result = evaluate(gate_policy("    when: {branches: [main]}"), pr=pr)
    assert (result.status, result.summary) == (
        Status.SKIP,
        "skipped: branch 'users/main' does not match main",
    )


def test_paths_that_cannot_be_listed_make_the_gate_apply() -> None:
    ctx = context()
    gather = StaticGather({ChangedFiles(): Unavailable("GitHub is down")})
    text = gate_policy("    when: {paths: ['docs/**']}")
    (result,) = evaluate_policy(policy(text), ctx, gather)
    assert result.status is Status.ERROR


def test_warn_mode_turns_a_failure_into_a_warning() -> None:
    assert evaluate(gate_policy("    mode: warn")).status is Status.WARN


def test_on_error_warn_turns_an_error_into_a_warning_and_block_keeps_it() -> None:
    ctx, gather = context(), StaticGather({ChangedFiles(): Unavailable("GitHub is down")})
    (warned,) = evaluate_policy(policy(gate_policy("    on-error: warn")), ctx, gather)
    (blocked,) = evaluate_policy(policy(gate_policy()), ctx, gather)
    assert (warned.status, warned.summary) == (Status.WARN, "could not evaluate: GitHub is down")
    assert blocked.status is Status.ERROR


def test_warn_mode_does_not_soften_an_error() -> None:
    ctx, gather = context(), StaticGather({ChangedFiles(): Unavailable("GitHub is down")})
    (result,) = evaluate_policy(policy(gate_policy("    mode: warn")), ctx, gather)
    assert result.status is Status.ERROR


OVERRIDES = "overrides: {label-prefix: 'releasegate:override:', permission: maintain}"
LABEL = "releasegate:override:sep"
WHEN = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def override_run(role: Permission, actor: str = "carol"):  # type: ignore[no-untyped-def]
    ctx = context(pr=pull_request(labels=(LABEL,)))
    gather = StaticGather(
        {
            ChangedFiles(): MIXED,
            LabelEvents(): (LabelEvent("other", "dave", WHEN), LabelEvent(LABEL, actor, WHEN)),
            CollaboratorPermission(actor): role,
        }
    )
    (result,) = evaluate_policy(policy(gate_policy(overrides=OVERRIDES)), ctx, gather)
    return result, gather


def test_an_override_by_a_maintainer_is_overridden_and_names_who_and_when() -> None:
    result, gather = override_run(Permission.ADMIN)
    assert result.status is Status.OVERRIDDEN
    assert result.summary == f"overridden by carol (label '{LABEL}', 2026-11-20 09:30 UTC)"
    assert result.details[-1] == "was: mixes 'infra' and 'feature': split them into separate PRs"
    assert gather.rounds == [[ChangedFiles(), LabelEvents()], [CollaboratorPermission("carol")]]


def test_an_override_by_someone_without_permission_still_blocks() -> None:
    result, _ = override_run(Permission.WRITE, actor="mallory")
    assert result.status is Status.FAIL
    assert result.details[-1] == (
        f"the label '{LABEL}' was added by mallory, who has write permission; "
        "an override needs maintain or higher"
    )


def test_an_override_label_without_an_overrides_section_does_nothing() -> None:
    result = evaluate(gate_policy(), pr=pull_request(labels=(LABEL,)))
    assert result.status is Status.FAIL


def test_a_passing_gate_never_asks_who_labelled() -> None:
    result, gather = None, StaticGather({ChangedFiles(): FEATURE, LabelEvents(): ()})
    ctx = context(pr=pull_request(labels=(LABEL,)))
    (result,) = evaluate_policy(policy(gate_policy(overrides=OVERRIDES)), ctx, gather)
    assert result.status is Status.PASS


def result(status: Status) -> GateResult:
    return GateResult(id=status.value, type="t", mode="block", status=status, summary="")


@pytest.mark.parametrize(
    ("statuses", "verdict"),
    [
        ([], Status.PASS),
        ([Status.PASS, Status.SKIP, Status.WARN, Status.OVERRIDDEN], Status.PASS),
        ([Status.PASS, Status.ERROR], Status.ERROR),
        ([Status.ERROR, Status.FAIL], Status.FAIL),
        ([Status.FAIL, Status.WARN], Status.FAIL),
    ],
)
def test_the_verdict_table(statuses: list[Status], verdict: Status) -> None:
    from releasegate.results import exit_code

    report = Report("p.yml", "pr", "acme/app", None, None, "push", tuple(map(result, statuses)))
    assert report.verdict is verdict
    assert (
        exit_code(verdict)
        == {
            Status.PASS: EXIT_PASSED,
            Status.FAIL: EXIT_BLOCKED,
            Status.ERROR: EXIT_UNDECIDED,
        }[verdict]
    )
