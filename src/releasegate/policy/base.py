"""The base models of the policy file: strict, kebab-case, immutable; the keys every gate has.

Gate configs are built lazily (``defer_build``): a model's validator is made the first time a
policy uses it, so ``validate`` pays only for the gate types a file names. The docstring under
each field is its description; ``policy.descriptions`` reads them for the schema and the
README reference only (pydantic's ``use_attribute_docstrings`` would parse every class's
source at import).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from releasegate.policy.types import GateId, Glob


def kebab(name: str) -> str:
    return name.replace("_", "-")


class StrictModel(BaseModel):
    """Policy models: kebab-case keys, unknown keys rejected, immutable."""

    model_config = ConfigDict(
        extra="forbid",
        alias_generator=kebab,
        populate_by_name=True,
        frozen=True,
        defer_build=True,
    )


class When(StrictModel):
    events: tuple[str, ...] | None = None
    "Events the gate applies to, e.g. [pull_request, merge_group]."
    branches: tuple[Glob, ...] | None = None
    "Base branch of a PR, or the branch pushed or deployed (anchored globs)."
    paths: tuple[Glob, ...] | None = None
    "The gate applies only if a changed file matches (gitignore-style globs)."
    labels: tuple[str, ...] | None = None
    "The gate applies only if any of these labels is on the PR."


class GateConfig(StrictModel):
    """Keys every gate has. A gate type's config subclasses this with its own keys; its
    ``type`` is the gate's name, written once on the ``Gate`` class (the loader picks the
    config model by it, and the JSON Schema makes it a constant)."""

    id: GateId
    "Unique in the file: [a-z0-9][a-z0-9-]*."
    type: str
    "The gate type."
    description: str | None = None
    "Shown in reports."
    mode: Literal["block", "warn"] = "block"
    "block: a failure blocks; warn: a failure is reported as a warning."
    on_error: Literal["block", "warn"] = Field(default="block", alias="on-error")
    "What an evaluation error does: block (fail closed) or warn."
    when: When | None = None
    "Conditions under which the gate applies; otherwise it is skipped."
