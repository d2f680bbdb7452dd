"""The base every gate type implements.

A gate is pure: facts in, outcome out; it never calls GitHub and never prints. How to add one
is written in ``gates/__init__.py``.
"""

from __future__ import annotations

import builtins
from abc import ABC, abstractmethod
from collections.abc import Iterable
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from releasegate.facts import FactRequest, Facts, RunContext
from releasegate.policy.base import GateConfig
from releasegate.results import Outcome

ConfigT = TypeVar("ConfigT", bound=GateConfig)


class Participant(Protocol):
    """Anything that takes part in gathering: it names the facts it needs, in two rounds."""

    def requests(self, context: RunContext) -> Iterable[FactRequest[Any]]: ...

    def followup_requests(
        self, context: RunContext, facts: Facts
    ) -> Iterable[FactRequest[Any]]: ...


class Gate(ABC, Generic[ConfigT]):
    """One gate type.

    Class attributes: ``type`` (its name in policies, written only here), ``summary`` (one
    line for the reference), ``config_model`` (its pydantic config, a ``GateConfig``
    subclass with ``extra="forbid"``) and ``example`` (one policy entry in YAML, shown in the
    README and checked by the tests).

    Implement ``requests`` (the facts to gather before evaluating), optionally
    ``followup_requests`` (facts that depend on the first ones, like the permission of a
    replier), and ``evaluate``. Raise ``Undecided`` when the facts do not allow a verdict.
    """

    type: ClassVar[str]
    summary: ClassVar[str]
    config_model: ClassVar[builtins.type[GateConfig]]  # `type` is the gate's name here
    example: ClassVar[str]

    def __init__(self, config: ConfigT) -> None:
        self.config = config

    def requests(self, context: RunContext) -> Iterable[FactRequest[Any]]:
        return ()

    def followup_requests(self, context: RunContext, facts: Facts) -> Iterable[FactRequest[Any]]:
        return ()

    @abstractmethod
    def evaluate(self, context: RunContext, facts: Facts) -> Outcome: ...
