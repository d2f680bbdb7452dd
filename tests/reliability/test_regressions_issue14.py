"""Regressions of issue 14 through the CLI against the stand-in, one per defect (the lying
lists, the kill sweeps, the runs at once and the mentions have files of their own)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from releasegate_standin import StandIn
from reliability import check_world
from reliability.ledger import SecretLedger
from reliability.outputs import pass_claims

pytestmark = pytest.mark.e2e

FIRST_RUN = check_world.SITUATIONS[0]


# --- item 3: a check run dated in the future ---------------------------------------------------


def test_a_check_run_completed_a_day_ahead_does_not_satisfy_max_age(
    tmp_path: Path, ledger: SecretLedger
) -> None:
    scenario = check_world.scenario()
    (staging,) = [
        run
        for run in scenario["check_runs"]
        if run.get("commit") == "head7" and run["name"] == "staging / real-call"
    ]
    staging["completed_at"] = "+1d"  # anyone who can post a check run can date it so
    with StandIn(scenario) as standin:
        result = check_world.run_check(standin, FIRST_RUN, tmp_path)
        ledger.saw_all("a check run from the future", result.named_outputs())

    assert result.run.code == 1, result.run.output
    assert re.search(
        r"^✗ staging     fail       latest 'staging / real-call' on [0-9a-f]{7}: success, but "
        r"dated (23h|1d) in the future; a completion later than now is not a recent one \(whoever "
        r"posts a check run sets its times\) \(https://github.com/acme/app/runs/\d+\)$",
        result.run.stdout,
        re.MULTILINE,
    ), result.run.stdout
    assert pass_claims(*result.local_outputs) == []
