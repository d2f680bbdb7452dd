"""The base every gate type implements.

To add a gate: write ``gates/<name>.py`` with a config model (subclass ``GateConfig`` with
``type: Literal["<name>"]``) and a ``Gate`` subclass, then add one line to ``GATES`` in
``gates/__init__.py``. The policy schema and the CLI help follow from the registry.
"""

from __future__ import annotations

import builtins
from abc import ABC, abstractmethod
from collections.abc import Iterable
from typing import Any, ClassVar, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from releasegate.facts import FactRequest, Facts, RunContext
from releasegate.policy.types import GateId, Glob
from releasegate.results import Outcome


def kebab(name: str) -> str:
    return name.replace("_", "-")


class StrictModel(BaseModel):
    """Policy models: kebab-case keys, unknown keys rejected, immutable."""

    model_config = ConfigDict(
        extra="forbid",
        alias_generator=kebab,
        populate_by_name=True,
        frozen=True,
        use_attribute_docstrings=True,
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
    """Keys every gate has. Subclasses add ``type: Literal[...]`` and their own keys."""

    id: GateId
    "Unique in the file: [a-z0-9][a-z0-9-]*."
    type: str
    description: str | None = None
    "Shown in reports."
    mode: Literal["block", "warn"] = "block"
    "block: a failure blocks; warn: a failure is reported as a warning."
    on_error: Literal["block", "warn"] = Field(default="block", alias="on-error")
    "What an evaluation error does: block (fail closed) or warn."
    when: When | None = None
    "Conditions under which the gate applies; otherwise it is skipped."


ConfigT = TypeVar("ConfigT", bound=GateConfig)


class Gate(ABC, Generic[ConfigT]):
    """One gate type. Pure: facts in, outcome out; never calls GitHub, never prints.

    Implement ``requests`` (the facts to gather before evaluating), optionally
    ``followup_requests`` (facts that depend on the first ones, like the permission of a
    replier), and ``evaluate``. Raise ``Undecided`` when the facts do not allow a verdict.
    """

    type: ClassVar[str]
    summary: ClassVar[str]
    config_model: ClassVar[builtins.type[GateConfig]]  # `type` is the gate's name here

    def __init__(self, config: ConfigT) -> None:
        self.config = config

    def requests(self, context: RunContext) -> Iterable[FactRequest[Any]]:
        return ()

    def followup_requests(self, context: RunContext, facts: Facts) -> Iterable[FactRequest[Any]]:
        return ()

    @abstractmethod
    def evaluate(self, context: RunContext, facts: Facts) -> Outcome: ...
