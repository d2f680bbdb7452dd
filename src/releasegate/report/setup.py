"""What one report counts: the ``report:`` settings, and what it borrows from the policy.

The policy file is optional (all defaults when the default file is absent; a ``--policy``
given must exist). The hotfix settings are the policy's ``hotfix:`` section (§5), and
incidents carry the label of its ``watch:`` section (§10, default ``incident``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from releasegate.context import Inputs, read_payload, repository_of
from releasegate.policy.models import HotfixSettings, ReportSettings, WatchSettings

DEFAULT_INCIDENT_LABEL = WatchSettings().label


@dataclass(frozen=True)
class ReportSetup:
    name: str  # the policy's name: it tells this report's issue from another policy's
    repository: str
    report: ReportSettings = field(default_factory=ReportSettings)
    hotfix: HotfixSettings = field(default_factory=HotfixSettings)
    incident_label: str = DEFAULT_INCIDENT_LABEL

    def stage_names(self) -> list[str]:
        return list(self.report.stages)

    def row_names(self) -> list[str]:
        return list(self.report.rows)


def load_setup(inputs: Inputs, path: Path, *, required: bool) -> ReportSetup:
    from releasegate.policy.load import load_settings_policy  # noqa: PLC0415 - ruamel, pydantic

    # The policy first, like the other chores: a policy that is not there is the
    # mistake to name, whatever else is missing.
    policy = load_settings_policy(path, required=required)
    payload = read_payload(inputs.event_path) if inputs.event_path else {}
    repository = repository_of(inputs, payload)
    if policy is None:
        return ReportSetup(path.stem, repository)
    return ReportSetup(
        name=policy.name or path.stem,
        repository=repository,
        report=policy.report or ReportSettings(),
        hotfix=policy.hotfix or HotfixSettings(),
        incident_label=(policy.watch or WatchSettings()).label,
    )
