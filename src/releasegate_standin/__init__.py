"""The GitHub stand-in: a local GitHub, REST and GraphQL over real HTTP, for testing policies.

It ships beside ``releasegate``, not inside it: the demo and the tests import it, the product
never does (``releasegate demo`` imports it inside the function that runs it).
"""

from releasegate_standin.faults import Fault
from releasegate_standin.served import LoggedRequest
from releasegate_standin.server import StandIn
from releasegate_standin.state.scenario import (
    Scenario,
    ScenarioError,
    bundled_scenario,
    load_scenario,
)

__all__ = [
    "Fault",
    "LoggedRequest",
    "Scenario",
    "ScenarioError",
    "StandIn",
    "bundled_scenario",
    "load_scenario",
]
