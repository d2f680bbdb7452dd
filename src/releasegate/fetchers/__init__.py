"""The fact registry: every kind of fact a gate can ask for, and the function that fetches it.

A fetcher gets every distinct request of its kind at once (so it can batch them into one
GraphQL query, or run them side by side) and returns a value or an ``Unavailable`` for each.

To add a kind of fact: declare its request in ``facts/`` (a frozen dataclass subclassing
``FactRequest[ValueType]``), write its fetcher here in ``fetchers/`` (GitHub calls go through
``GitHub``, with every REST endpoint declared in ``github/endpoints.py`` and every GraphQL
document a file in ``github/graphql/``), and add one line to ``FETCHERS``. A request kind
without a line here is an ``Unavailable`` fact, so the gate that asked errors (fail closed).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from releasegate.facts import (
    ChangedFiles,
    CollaboratorPermission,
    FactRequest,
    LabelEvents,
    RepoFile,
    RunContext,
)
from releasegate.facts.checks import CommitChecks, Now
from releasegate.facts.flows import HttpFlow
from releasegate.facts.git import MainCommitsInHead, MissingFromMain, OpenBackportPulls
from releasegate.facts.http import HttpCall
from releasegate.facts.reviews import PullRequestReviews
from releasegate.fetchers import (
    checks,
    hotfix,
    http_calls,
    http_flows,
    pull_request,
    repo_files,
    reviews,
)
from releasegate.github.client import GitHub

Fetcher = Callable[[GitHub, RunContext, Sequence[Any]], Mapping[FactRequest[Any], object]]

FETCHERS: Final[dict[type[FactRequest[Any]], Fetcher]] = {
    ChangedFiles: pull_request.fetch_changed_files,
    CollaboratorPermission: pull_request.fetch_permissions,
    CommitChecks: checks.fetch_commit_checks,
    HttpCall: http_calls.LiveCalls(),
    HttpFlow: http_flows.LiveFlows(),
    LabelEvents: pull_request.fetch_label_events,
    MainCommitsInHead: hotfix.fetch_main_commits_in_head,
    MissingFromMain: hotfix.fetch_missing_from_main,
    Now: checks.fetch_now,
    OpenBackportPulls: hotfix.fetch_open_backport_pulls,
    PullRequestReviews: reviews.fetch_reviews,
    RepoFile: repo_files.fetch_repo_files,
}
