"""The GitHub stand-in server and helpers for testing policies."""

from releasegate.testing.faults import Fault
from releasegate.testing.scenario import Scenario, ScenarioError, bundled_scenario, load_scenario
from releasegate.testing.server import StandIn
from releasegate.testing.wire import LoggedRequest

__all__ = [
    "Fault",
    "LoggedRequest",
    "Scenario",
    "ScenarioError",
    "StandIn",
    "bundled_scenario",
    "load_scenario",
]
