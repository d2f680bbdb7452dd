"""Evaluate the policy on the subject: the run's context, facts gathered once, the gates, and
the report with every secret redacted before any renderer sees it."""

from __future__ import annotations

import os
from pathlib import PurePosixPath

from releasegate.check.policy_source import Judged
from releasegate.context import Inputs, Subject
from releasegate.engine import evaluate_policy
from releasegate.facts import RunContext
from releasegate.fetchers.gather import make_gatherer
from releasegate.github.client import GitHub
from releasegate.redaction import hide, redacted_report, secret_values
from releasegate.results import Report


def evaluate(github: GitHub, inputs: Inputs, subject: Subject, judged: Judged) -> Report:
    pull, policy = judged.pull, judged.policy
    secrets = secret_values(policy.gate_configs, os.environ, inputs.token)
    hide(*secrets)
    sha = subject.sha or (pull.head_sha if pull else None)
    context = RunContext(
        event=subject.event,
        repository=subject.repository,
        sha=sha,
        ref=subject.ref,
        pull_request=pull,
        payload=subject.payload,
        server_url=inputs.server_url,
    )
    results = evaluate_policy(policy, context, make_gatherer(github, context))
    report = Report(
        policy=judged.policy_path,
        name=policy.name or PurePosixPath(judged.policy_path).stem,
        repository=subject.repository,
        sha=sha,
        pull_request=pull.number if pull else None,
        event=subject.event,
        gates=results,
        notices=judged.notices,
    )
    return redacted_report(report, secrets)
