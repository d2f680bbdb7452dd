"""Event payloads with fields missing or of the wrong type, for every event of SPEC §1 (and
the issues event umbrella sync acts on): what the commands make of them is a target, a one-line
note, or a ``UsageError`` — nothing else."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from releasegate.context import SUPPORTED_EVENTS, Inputs, Subject, resolve_subject
from releasegate.errors import UsageError
from releasegate.hotfix.backport import pull_request_number
from releasegate.umbrella.triggers import Trigger, umbrella_trigger

FUZZ = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
SHA = "a" * 40
QUEUE = f"refs/heads/gh-readonly-queue/main/pr-7-{SHA}"
PULL = {
    "number": 7,
    "merged": True,
    "head": {"sha": SHA, "ref": "hotfix/x"},
    "base": {"ref": "prod"},
}
SKELETONS: dict[str, dict[str, Any]] = {
    "pull_request": {"action": "closed", "number": 7, "pull_request": PULL},
    "pull_request_target": {"action": "opened", "pull_request": PULL},
    "merge_group": {"merge_group": {"head_sha": SHA, "head_ref": QUEUE, "base_ref": "main"}},
    "push": {"after": SHA, "ref": "refs/heads/main"},
    "workflow_dispatch": {"inputs": {"x": "1"}, "ref": "refs/heads/main"},
    "deployment": {"deployment": {"sha": SHA, "ref": "main", "environment": "prod"}},
    "deployment_status": {"deployment": {"sha": SHA, "ref": "v1.2"}, "deployment_status": {}},
    "workflow_run": {"workflow_run": {"head_sha": SHA, "head_branch": "main"}},
    "schedule": {"schedule": "0 * * * *"},
    "issues": {"action": "closed", "issue": {"number": 12, "labels": [{"name": "tracking"}]}},
}  # fmt: skip
assert set(SKELETONS) >= SUPPORTED_EVENTS
JUNK = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=4), children, max_size=3)
    ),
    max_leaves=6,
)


def _paths(node: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    if not isinstance(node, dict):
        return []
    found = []
    for key, value in node.items():
        found += [(*prefix, key), *_paths(value, (*prefix, key))]
    return found


def mutated(event: str, draw: Callable[..., Any]) -> dict[str, Any]:
    payload = copy.deepcopy(SKELETONS[event])
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(payload)
        if not paths:
            break
        *parents, key = draw(st.sampled_from(paths))
        node = payload
        for parent in parents:
            node = node[parent]
        if draw(st.booleans()):
            del node[key]
        else:
            node[key] = draw(JUNK)
    return payload


def inputs(tmp_path: Path, event: str, payload: Any, **options: Any) -> Inputs:
    path = tmp_path / "event.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    return Inputs(token="t", repository="acme/app", event_name=event, event_path=path, **options)


EVENTS = st.sampled_from(sorted(SKELETONS))


@FUZZ
@given(EVENTS, st.data())
def test_check_makes_a_target_a_note_or_a_usage_error_of_any_payload(
    tmp_path: Path, event: str, data: st.DataObject
) -> None:
    payload = mutated(event, data.draw)
    try:
        target = resolve_subject(inputs(tmp_path, event, payload))
    except UsageError as error:
        message = error.message
        target = None
    else:
        message = ""
    assert "\n" not in message
    if target is None:
        return
    assert isinstance(target, Subject | str)
    if isinstance(target, Subject):
        assert all(isinstance(v, str | None) for v in (target.sha, target.ref, target.base_ref))
        assert isinstance(target.pr_number, int | None)


@FUZZ
@given(EVENTS, st.data())
def test_hotfix_backport_makes_a_number_a_note_or_a_usage_error_of_any_payload(
    tmp_path: Path, event: str, data: st.DataObject
) -> None:
    try:
        found = pull_request_number(inputs(tmp_path, event, mutated(event, data.draw)))
    except UsageError:
        return
    assert isinstance(found, str) or (
        isinstance(found, tuple) and isinstance(found[1], int) and not isinstance(found[1], bool)
    )


@FUZZ
@given(EVENTS, st.data())
def test_umbrella_sync_makes_a_trigger_or_a_note_of_any_payload(
    event: str, data: st.DataObject
) -> None:
    trigger = umbrella_trigger(
        event, mutated(event, data.draw), repository="acme/app", label="tracking"
    )
    assert isinstance(trigger, str | Trigger)


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"pull_request": {"number": ' + "9" * 5000 + "}}",
        "\ufeff{}",
        "",
        "null",
        "[]",
        '"x"',
        '{"a": NaN}',
        "\xe9",
    ],
    ids=["deep", "5000 digits", "BOM", "empty", "null", "list", "string", "NaN", "latin-1"],
)
def test_an_unreadable_payload_file_is_a_usage_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "event.json"
    path.write_bytes(text.encode("latin-1" if text == "\xe9" else "utf-8"))
    event = Inputs(token="t", repository="acme/app", event_name="pull_request", event_path=path)
    with pytest.raises(UsageError, match=r"^the event payload (.* is not|has no)"):
        resolve_subject(event)
