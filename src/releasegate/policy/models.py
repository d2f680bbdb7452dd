"""The policy file as pydantic models.

``gates`` holds each gate's own config model; the loader (``policy.load``) picks the model of
each entry from the gate registry by its ``type``, so this module knows no gate type.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Literal, Self

from pydantic import Field, SerializeAsAny, ValidationInfo, field_validator, model_validator

from releasegate.policy.base import GateConfig, StrictModel
from releasegate.policy.types import (
    Duration,
    Glob,
    Percent,
    PermissionLevel,
    Regex,
    SearchQualifiers,
    Template,
)


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


DEFAULT_STAGES = {
    "QA": "label:found:qa",
    "Staging": "label:found:staging",
    "Release candidate": "label:found:rc",
    "Alpha": "label:found:alpha",
    "Production": "label:found:production",
}
_SCOPE = ("repo:", "org:", "user:")


class ReportPublish(StrictModel):
    issue_title: str = Field(min_length=1)
    "Title of the one issue that holds the latest report; a comment per week keeps the history."
    label: str = Field(default="qa-report", min_length=1)
    "Label of that issue: with a hidden marker it is found again, never opened twice."


class ReportSettings(StrictModel):
    weeks: int = Field(default=8, ge=1, le=52)
    "The last N complete ISO weeks (Monday to Sunday, UTC); the week in progress is not a row."
    bugs: SearchQualifiers = "label:bug"
    "Search qualifiers of bug issues; of this repository unless they name a repo:, org: or user:."
    stages: dict[str, SearchQualifiers] = Field(default=DEFAULT_STAGES, validate_default=True)
    "Where a bug was found, in pipeline order: a name and the qualifiers that select its bugs."
    escapes: str = "Production"
    "The stage whose bugs escaped every gate: its share of all bugs is the escape rate."
    regression: SearchQualifiers = "label:regression"
    "Qualifiers that make an escape-stage bug a regression."
    rows: dict[str, SearchQualifiers] = Field(default={}, validate_default=True)
    "Extra rows: a name and the qualifiers of what is counted, by the week it was opened."
    publish: ReportPublish | None = None
    "Optional: keep the report in one issue, updated in place each week."

    @field_validator("stages")
    @classmethod
    def _stage_names(cls, stages: dict[str, str]) -> dict[str, str]:
        if not stages:
            raise ValueError("should name at least one stage, like {Production: label:found:prod}")
        for name, qualifiers in stages.items():
            if not name.strip() or name.strip().lower() == "unstaged":
                raise ValueError(f"cannot have a stage named {name!r}: 'unstaged' counts the rest")
            words = qualifiers.lower().split()
            if any(word.lstrip("-").startswith(_SCOPE) for word in words):
                raise ValueError(f"stage {name!r} names a repository; 'bugs' says where bugs are")
        return stages

    @field_validator("escapes")
    @classmethod
    def _escape_stage(cls, escapes: str, info: ValidationInfo) -> str:
        stages = info.data.get("stages")
        if stages is not None and escapes not in stages:
            raise ValueError(f"names no stage ({escapes!r}); use one of {', '.join(stages)}")
        return escapes


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
    report: ReportSettings | None = None
    "Settings of `releasegate report`, the weekly QA report."
    watch: WatchSettings | None = None
    "Settings of `releasegate watch`."

    @property
    def gate_configs(self) -> tuple[GateConfig, ...]:
        return tuple(self.gates)
