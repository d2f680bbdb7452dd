"""The policy file as pydantic models.

``gates`` holds each gate's own config model; the loader (``policy.load``) picks the model of
each entry from the gate registry by its ``type``, so this module knows no gate type.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SerializeAsAny

from releasegate.policy.base import GateConfig, StrictModel
from releasegate.policy.types import Glob, PermissionLevel, Regex


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

    @property
    def gate_configs(self) -> tuple[GateConfig, ...]:
        return tuple(self.gates)
