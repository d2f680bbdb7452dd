"""``python -m releasegate_standin serve SCENARIO.yml [--port N] [--latency S]``."""

from __future__ import annotations

import argparse
import shlex
import sys
import threading
from pathlib import Path

from releasegate_standin.server import StandIn
from releasegate_standin.state.scenario import (
    Scenario,
    ScenarioError,
    bundled_scenario,
    load_scenario,
)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        scenario = _scenario(args.scenario)
    except ScenarioError as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    with StandIn(scenario, host=args.host, port=args.port, latency=args.latency) as standin:
        repositories = ", ".join(repo.full_name for repo in standin.state.repos.values())
        print(f"GitHub stand-in serving {repositories} at {standin.url}")
        print("Point releasegate (or any GitHub client) at it:")
        for name, value in standin.env().items():
            print(f"  export {name}={shlex.quote(value)}")
        print(f"Request log, faults, latency, state: {standin.url}/_standin/  (Ctrl-C stops)")
        sys.stdout.flush()
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("stopped")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m releasegate_standin",
        description="A local GitHub (REST and GraphQL) for testing releasegate policies.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve a scenario until Ctrl-C")
    serve.add_argument("scenario", help="a scenario YAML file, or a bundled one's name (example)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=0, help="default: any free port")
    serve.add_argument("--latency", type=float, default=0.0, help="seconds added to each request")
    return parser


def _scenario(name: str) -> Scenario:
    if Path(name).exists():
        return load_scenario(Path(name))
    bundled = bundled_scenario(name)
    if bundled.is_file():
        return load_scenario(bundled)
    raise ScenarioError(f"no scenario file {name} (and no bundled scenario of that name)")


if __name__ == "__main__":
    sys.exit(main())
