"""Gather facts once: every distinct request fetched once, independent kinds in parallel."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

from releasegate.errors import FactsError, GitError, GitHubError
from releasegate.facts import FactRequest, Gather, RunContext, Unavailable
from releasegate.fetchers import FETCHERS, Fetcher
from releasegate.github.client import GitHub


def make_gatherer(
    github: GitHub,
    context: RunContext,
    fetchers: Mapping[type[FactRequest[Any]], Fetcher] = FETCHERS,
) -> Gather:
    def gather(requests: Iterable[FactRequest[Any]]) -> Mapping[FactRequest[Any], object]:
        by_kind: dict[type[Any], list[FactRequest[Any]]] = defaultdict(list)
        for request in dict.fromkeys(requests):  # distinct, in order
            by_kind[type(request)].append(request)
        batches = list(by_kind.items())
        results = github.parallel(
            [partial(_fetch, fetchers, github, context, kind, batch) for kind, batch in batches]
        )
        return {request: value for result in results for request, value in result.items()}

    return gather


def _fetch(
    fetchers: Mapping[type[FactRequest[Any]], Fetcher],
    github: GitHub,
    context: RunContext,
    kind: type[Any],
    batch: list[FactRequest[Any]],
) -> Mapping[FactRequest[Any], object]:
    fetcher = fetchers.get(kind)
    if fetcher is None:
        return dict.fromkeys(batch, Unavailable(f"releasegate cannot fetch {kind.__name__} facts"))
    try:
        return fetcher(github, context, batch)
    except (GitHubError, FactsError, GitError) as error:
        return dict.fromkeys(batch, Unavailable(error.message))
