"""`releasegate check`: read the subject and its policy, evaluate, publish, print, exit.

Each step is a module of this package: ``policy_source`` (which policy judges the run),
``evaluate`` (facts, gates, the redacted report), ``publish`` (check run, status, sticky
comment) and ``output`` (standard output, workflow commands, job summary, step outputs).
"""

from __future__ import annotations

from releasegate.check.evaluate import evaluate
from releasegate.check.options import CheckOptions
from releasegate.check.output import emit
from releasegate.check.policy_source import local_policy, read_pull_and_policy
from releasegate.check.publish import publish
from releasegate.context import Inputs, resolve_subject
from releasegate.errors import EXIT_PASSED
from releasegate.github.connect import connect
from releasegate.results import exit_code

__all__ = ["CheckOptions", "run_check"]


def run_check(inputs: Inputs, options: CheckOptions) -> int:
    subject = resolve_subject(inputs)
    if isinstance(subject, str):
        print(subject)
        return EXIT_PASSED
    policy = None if subject.policy_from_base else local_policy(options.policy_path)
    github = connect(inputs)
    try:
        judged = read_pull_and_policy(github, subject, options.policy_path, policy)
        report = evaluate(github, inputs, subject, judged)
        # GitHub first: when a write fails for good the run ends in error (exit 3) before any
        # output (stdout, job summary, step outputs) could say that the gates passed.
        if not options.dry_run:
            publish(github, report, inputs, options)
        emit(report, inputs, options)
    finally:
        github.close()
    return exit_code(report.verdict)
