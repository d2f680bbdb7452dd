"""The backport command's decisions before any git or GitHub work."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from releasegate.context import Inputs
from releasegate.errors import PolicyError, UsageError
from releasegate.hotfix.backport import (
    BackportOptions,
    backport_branch,
    hotfix_settings,
    not_a_hotfix,
    pull_request_number,
    run_backport,
)
from releasegate.hotfix.github import HotfixPull
from releasegate.policy.models import HotfixSettings

PULL = HotfixPull(
    number=7,
    title="Fix",
    url="u",
    author="alice",
    author_is_bot=False,
    merged=True,
    merge_commit_sha="c" * 40,
    base_ref="prod",
    head_ref="hotfix/rounding",
    head_sha="d" * 40,
    commits=1,
)


def inputs(tmp_path: Path, event: str, payload: dict | None = None, **more: object) -> Inputs:  # type: ignore[type-arg]
    path = tmp_path / "event.json"
    path.write_text(json.dumps(payload or {}))
    return Inputs(repository="acme/app", event_name=event, event_path=path, **more)  # type: ignore[arg-type]


def closed(number: int = 7, action: str = "closed") -> dict:  # type: ignore[type-arg]
    return {
        "action": action,
        "pull_request": {"number": number, "base": {"ref": "prod"}, "head": {"sha": "d" * 40}},
    }


def test_a_closed_pull_request_event_names_the_pull_request(tmp_path: Path) -> None:
    assert pull_request_number(inputs(tmp_path, "pull_request", closed())) == ("acme/app", 7)
    assert pull_request_number(inputs(tmp_path, "pull_request_target", closed(8))) == (
        "acme/app",
        8,
    )


def test_pr_option_wins_over_any_event(tmp_path: Path) -> None:
    assert pull_request_number(inputs(tmp_path, "push", pr=9)) == ("acme/app", 9)
    assert pull_request_number(inputs(tmp_path, "pull_request", closed(7, "opened"), pr=9)) == (
        "acme/app",
        9,
    )


@pytest.mark.parametrize(
    ("event", "payload", "note"),
    [
        ("push", {}, "nothing to do for the event 'push'"),
        (
            "merge_group",
            {"merge_group": {"head_ref": "gh-readonly-queue/main/pr-7-abc"}},
            "nothing to do for the event 'merge_group'",
        ),
        ("issues", {}, "nothing to do for the event 'issues'"),
        (
            "pull_request",
            closed(7, "synchronize"),
            "pull request #7 was synchronize, not closed; nothing to backport",
        ),
    ],
)
def test_other_events_are_a_note(tmp_path: Path, event: str, payload: dict, note: str) -> None:  # type: ignore[type-arg]
    found = pull_request_number(inputs(tmp_path, event, payload))
    assert isinstance(found, str)
    assert found.endswith(note)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({}, None),
        ({"merged": False}, "pull request #7 was not merged; nothing to backport"),
        (
            {"base_ref": "main"},
            "pull request #7 was merged into 'main', not the production "
            "branch 'prod'; nothing to backport",
        ),
        (
            {"head_ref": "hotfix"},
            "pull request #7 comes from 'hotfix', which does not match "
            "the hotfix head pattern 'hotfix/*'; nothing to backport",
        ),
        (
            {"head_ref": "fix/hotfix/x"},
            "pull request #7 comes from 'fix/hotfix/x', which does "
            "not match the hotfix head pattern 'hotfix/*'; nothing to backport",
        ),
    ],
)
def test_not_a_hotfix(changes: dict, reason: str | None) -> None:  # type: ignore[type-arg]
    assert not_a_hotfix(HotfixPull(**{**PULL.__dict__, **changes}), HotfixSettings()) == reason


def test_backport_branch_from_the_template() -> None:
    assert backport_branch(HotfixSettings(), 7, "main") == "backport/7-to-main"
    custom = HotfixSettings(branch_template="bp/{target}/{number}")
    assert backport_branch(custom, 7, "develop") == "bp/develop/7"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("backport/{target}", "must contain {number}"),
        ("backport/{number}-{owner}", "may only use the placeholders {number} and {target}"),
        ("backport/{number}-{0}", "may only use the placeholders"),
        ("backport/{number}-{", "may only use the placeholders"),
    ],
)
def test_a_bad_template_is_a_usage_error(template: str, message: str) -> None:
    with pytest.raises(UsageError, match=re.escape(message)):
        backport_branch(HotfixSettings(branch_template=template), 7, "main")


def test_settings_default_when_the_default_policy_is_absent(tmp_path: Path) -> None:
    assert hotfix_settings(tmp_path / "none.yml", required=False) == HotfixSettings()


def test_a_policy_given_must_exist(tmp_path: Path) -> None:
    with pytest.raises(PolicyError):
        hotfix_settings(tmp_path / "none.yml", required=True)


def test_settings_come_from_the_policys_hotfix_section(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yml"
    policy.write_text("version: 1\nhotfix:\n  production: live\n  labels: [hotfix]\n")
    assert hotfix_settings(policy, required=False) == HotfixSettings(
        production="live", labels=("hotfix",)
    )
    policy.write_text("version: 1\n")
    assert hotfix_settings(policy, required=True) == HotfixSettings()


def test_a_broken_policy_is_a_policy_error_even_when_optional(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yml"
    policy.write_text("version: 1\nhotfix:\n  prodution: live\n")
    with pytest.raises(PolicyError, match="did you mean 'production'"):
        hotfix_settings(policy, required=False)


def test_the_target_cannot_be_the_production_branch(tmp_path: Path) -> None:
    options = BackportOptions(policy_path=tmp_path / "none.yml", target="prod")
    with pytest.raises(UsageError, match="the backport target 'prod' is the production branch"):
        run_backport(inputs(tmp_path, "pull_request", closed()), options)
