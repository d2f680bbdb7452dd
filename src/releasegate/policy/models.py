"""The policy file as pydantic models. The gate union is derived from the gate registry."""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any, Literal, Union

from pydantic import Discriminator, Field, TypeAdapter

from releasegate.gates import GATES
from releasegate.gates.base import GateConfig, StrictModel
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


def _gate_union() -> Any:
    configs = tuple(gate.config_model for gate in GATES.values())
    return Annotated[Union[configs], Discriminator("type")]  # noqa: UP007 - built at runtime


class Policy(StrictModel):
    version: Literal[1]
    "Policy format version; always 1."
    name: str | None = None
    "The check run becomes 'releasegate / <name>'; default: the file's stem."
    overrides: Overrides | None = None
    "Optional: let an authorized label override one gate on one PR."
    gates: tuple[_gate_union(), ...] = Field(default=())  # type: ignore[valid-type]
    "The gates, evaluated in this order."
    hotfix: HotfixSettings | None = None
    "Settings of `releasegate hotfix backport`."
    umbrella: UmbrellaSettings | None = None
    "Settings of `releasegate umbrella sync`."

    @property
    def gate_configs(self) -> tuple[GateConfig, ...]:
        return tuple(self.gates)


@cache
def policy_adapter() -> TypeAdapter[Policy]:
    return TypeAdapter(Policy)


def json_schema() -> dict[str, Any]:
    schema = Policy.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "releasegate policy"
    return schema
