"""The policy file as pydantic models.

``gates`` holds each gate's own config model; the loader (``policy.load``) picks the model of
each entry from the gate registry by its ``type``, so this module knows no gate type.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Literal, Self

from pydantic import Field, SerializeAsAny, model_validator

from releasegate.policy.base import GateConfig, StrictModel
from releasegate.policy.types import Duration, Glob, Percent, PermissionLevel, Regex, Template


class Overrides(StrictModel):
    label_prefix: str = "releasegate:override:"
    "A label '<prefix><gate id>' overrides that gate's failure on one PR."
    # The default is written as the policy spells it, so the JSON Schema shows "maintain".
    permission: PermissionLevel = Field(default="maintain", validate_default=True)
    "Whoever applied the label must have this permission or higher."


class HotfixSettings(StrictModel):
    production: str = "prod"
    "The production branch hotfixes are merged into."
    main: str = "main"
    "The main branch that hotfixes are cherry-picked back to."
    head_pattern: Glob = "hotfix/*"
    "Head branches of hotfix PRs."
    branch_template: str = "backport/{number}-to-{target}"
    "Name of the backport branch; {number} and {target} are filled in."
    labels: tuple[str, ...] = ("backport",)
    "Labels added to the backport PR, besides the original's."


class UmbrellaSettings(StrictModel):
    label: str = "tracking"
    "Open issues with this label are umbrellas."
    section_pattern: Regex = r"(?i)^tier\s*\d+"
    "Headings or bold/plain lines matching this open a section."
    close_when: tuple[str, ...] = ()
    "Sections whose items must all be checked to close the umbrella; [] never closes."
    untick_on_reopen: bool = True
    "Uncheck an item when one of its references is open again."
    comment: bool = True
    "Keep one sticky progress comment on the umbrella."


class HistorySettings(StrictModel):
    branch: str = Field(default="releasegate-data", min_length=1)
    "The branch `watch/<name>.jsonl` is kept on (created the first time)."
    keep: int = Field(default=2000, ge=1, le=20_000)
    "Only the newest this many runs stay in the file."


class SloSettings(StrictModel):
    # Written as the policy spells it, so the reference and the JSON Schema show "99.5%".
    objective: Percent = Field(default="99.5%", validate_default=True)
    "The share of runs that must pass, like 99.5%."
    window: Duration = timedelta(days=28)
    "The success ratio and the error budget are over this time."


class WatchSettings(StrictModel):
    incident_after: int = Field(default=3, ge=1, le=100)
    "Consecutive failed runs before an incident opens."
    resolve_after: int = Field(default=2, ge=1, le=100)
    "Consecutive passing runs before the incident is resolved."
    label: str = Field(default="incident", min_length=1)
    "The label of incident issues."
    assignees: tuple[str, ...] = ()
    "Who the incident issue is assigned to."
    notify: tuple[Template, ...] = ()
    (
        'Incoming-webhook URLs (Slack-compatible JSON {"text": ...}) told when an incident '
        "opens and when it resolves; ${NAME} from the environment, never shown."
    )
    history: HistorySettings = Field(default_factory=HistorySettings)
    "Where the runs are recorded: {branch, keep}."
    slo: SloSettings = Field(default_factory=SloSettings)
    "The service level objective: {objective, window}."
    environment: str | None = None
    "The deployment environment watched (production): an incident names its last deployment."

    @model_validator(mode="after")
    def _history_holds_a_streak(self) -> Self:
        needed = max(self.incident_after, self.resolve_after)
        if self.history.keep < needed:
            raise ValueError(
                f"history.keep ({self.history.keep}) must hold at least incident-after and "
                f"resolve-after runs ({needed}), or no streak could ever be seen"
            )
        return self


class Policy(StrictModel):
    version: Literal[1]
    "Policy format version; always 1."
    name: str | None = None
    "The check run becomes 'releasegate / <name>'; default: the file's stem."
    overrides: Overrides | None = None
    "Optional: let an authorized label override one gate on one PR."
    gates: tuple[SerializeAsAny[GateConfig], ...] = Field(default=())
    "The gates, evaluated in this order."
    hotfix: HotfixSettings | None = None
    "Settings of `releasegate hotfix backport`."
    umbrella: UmbrellaSettings | None = None
    "Settings of `releasegate umbrella sync`."
    watch: WatchSettings | None = None
    "Settings of `releasegate watch`."

    @property
    def gate_configs(self) -> tuple[GateConfig, ...]:
        return tuple(self.gates)
