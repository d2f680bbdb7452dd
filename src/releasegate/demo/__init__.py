"""`releasegate demo`: the product working with no GitHub account.

Starts the bundled GitHub stand-in with a sample repository and two pull requests (one that
passes, one that mixes infra and feature changes and has more wrong with it), then runs
`check` on each as a `pull_request` event would: the policy is read from the base branch.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from releasegate.check import CheckOptions, run_check
from releasegate.context import Inputs

EXPECTED_EXIT = {1: 0, 2: 1}  # PR number -> the exit code the demo shows


@dataclass(frozen=True)
class DemoPull:
    number: int
    title: str
    base_ref: str
    head_sha: str


def run_demo(latency: float = 0.0) -> int:
    from releasegate_standin import StandIn  # noqa: PLC0415 - pulls in graphql-core

    scenario = resources.files(__package__).joinpath("scenario.yml")
    with StandIn(scenario, latency=latency) as github, tempfile.TemporaryDirectory() as tmp:
        pulls = [_pull(github, number) for number in EXPECTED_EXIT]
        results = {pull.number: _check(github, pull, Path(tmp)) for pull in pulls}
    print(_closing(results))
    return 0 if results == EXPECTED_EXIT else 1


def _pull(github: object, number: int) -> DemoPull:
    record = github.state.main_repo.pull(number)  # type: ignore[attr-defined]
    return DemoPull(number, record.title, record.pull.base_ref, record.pull.head_sha)


def _check(github: object, pull: DemoPull, folder: Path) -> int:
    print(f"\n$ releasegate check   # pull_request event for #{pull.number} “{pull.title}”\n")
    event = folder / f"event-{pull.number}.json"
    event.write_text(
        json.dumps(
            {
                "pull_request": {
                    "number": pull.number,
                    "base": {"ref": pull.base_ref},
                    "head": {"sha": pull.head_sha},
                }
            }
        )
    )
    env = github.env()  # type: ignore[attr-defined]
    inputs = Inputs(
        token=env["GITHUB_TOKEN"],
        api_url=env["GITHUB_API_URL"],
        graphql_url=env["GITHUB_GRAPHQL_URL"],
        repository=env["GITHUB_REPOSITORY"],
        event_name="pull_request",
        event_path=event,
    )
    code = run_check(
        inputs, CheckOptions(Path(".github/releasegate.yml"), report="none", comment="never")
    )
    print(f"(exit code {code})")
    return code


def _closing(results: dict[int, int]) -> str:
    return (
        "\nThat was releasegate against a local GitHub stand-in: #1 passes, #2 is blocked "
        f"(exit codes {results[1]} and {results[2]}). Point it at your repository with a "
        "policy in .github/releasegate.yml: see the README's quick start."
    )
