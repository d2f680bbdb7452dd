"""`releasegate validate`: check policy files offline."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import click

from releasegate.errors import EXIT_PASSED, EXIT_USAGE, PolicyError, Problem
from releasegate.policy.load import load_policy_file


def run_validate(paths: Sequence[Path], output_format: str, *, in_actions: bool) -> int:
    problems: list[Problem] = []
    summaries = []
    for path in paths:
        try:
            policy = load_policy_file(path)
        except PolicyError as error:
            problems += error.problems
        else:
            summaries.append(f"{path}: ok ({len(policy.gates)} gates)")
    if output_format == "json":
        click.echo(
            json.dumps(
                {
                    "valid": not problems,
                    "problems": [
                        {"path": p.path, "line": p.line, "col": p.col, "message": p.message}
                        for p in problems
                    ],
                },
                indent=2,
            )
        )
    else:
        for line in summaries:
            click.echo(line)
        for problem in problems:
            click.echo(str(problem))
    if in_actions and problems:
        from releasegate.render.actions import problem_commands  # noqa: PLC0415

        for line in problem_commands(problems):
            click.echo(line, err=True)
    return EXIT_USAGE if problems else EXIT_PASSED
