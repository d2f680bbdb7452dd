"""What one report counts: the ``report:`` settings, and what it borrows from the policy.

The policy file is optional (all defaults when the default file is absent; a ``--policy``
given must exist). The hotfix settings are the policy's ``hotfix:`` section (§5), and
incidents carry the label of its ``watch:`` section (§10, default ``incident``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from releasegate.context import Inputs, read_payload
from releasegate.errors import UsageError
from releasegate.policy.models import HotfixSettings, Policy, ReportSettings

DEFAULT_INCIDENT_LABEL = "incident"


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
    from releasegate.policy.load import load_policy_file  # noqa: PLC0415 - ruamel, pydantic

    if not required and not path.is_file():
        return ReportSetup(path.stem, _repository(inputs))
    policy = load_policy_file(path)
    repository = _repository(inputs)
    return ReportSetup(
        name=policy.name or path.stem,
        repository=repository,
        report=policy.report or ReportSettings(),
        hotfix=policy.hotfix or HotfixSettings(),
        incident_label=incident_label(policy),
    )


def incident_label(policy: Policy) -> str:
    """The label of the policy's ``watch:`` section. That section comes with `releasegate
    watch`; a policy without one (or a build without watch yet) has watch's default."""
    settings: Any = getattr(policy, "watch", None)
    label = getattr(settings, "label", None)
    return label if isinstance(label, str) and label else DEFAULT_INCIDENT_LABEL


def _repository(inputs: Inputs) -> str:
    payload: Mapping[str, Any] = read_payload(inputs.event_path) if inputs.event_path else {}
    about = payload.get("repository")
    named = about.get("full_name") if isinstance(about, Mapping) else None
    repository = inputs.repository or (named if isinstance(named, str) else None)
    if not repository or repository.count("/") != 1:
        raise UsageError(
            "no repository: set GITHUB_REPOSITORY or pass --repo OWNER/NAME (like acme/app)"
        )
    return repository
