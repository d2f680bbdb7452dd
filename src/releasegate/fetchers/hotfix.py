"""Fetchers of the hotfix gates' facts: commits from the job's checkout, backport PRs from GitHub.

The checkout is the working directory when it is a git work tree, else ``GITHUB_WORKSPACE``.
Branches are read as ``origin``'s remote-tracking refs: the checkout is never fetched into or
changed here, so a missing ref is an error that says how to check out the full history.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from releasegate.errors import GitError
from releasegate.facts import FactRequest, RunContext, Unavailable
from releasegate.facts.git import (
    BackportPull,
    GitCommit,
    MainCommitsInHead,
    MissingFromMain,
    OpenBackportPulls,
)
from releasegate.github.client import GitHub
from releasegate.hotfix import github as rest
from releasegate.hotfix.divergence import CommitInfo, commits_from_main_in_head, missing_from_main
from releasegate.hotfix.fetch import checkout_path, remote_ref, template_pattern
from releasegate.hotfix.git import Git

R = TypeVar("R")

Results = Mapping[FactRequest[Any], object]


def fetch_missing_from_main(
    github: GitHub, context: RunContext, requests: Sequence[MissingFromMain]
) -> Results:
    git = Git(checkout_path())

    def missing(request: MissingFromMain) -> list[CommitInfo]:
        return missing_from_main(
            git, production_ref=remote_ref(request.production), main_ref=remote_ref(request.main)
        )

    return {request: _commits_or_unavailable(missing, request) for request in requests}


def fetch_main_commits_in_head(
    github: GitHub, context: RunContext, requests: Sequence[MainCommitsInHead]
) -> Results:
    git = Git(checkout_path())

    def from_main(request: MainCommitsInHead) -> list[CommitInfo]:
        return commits_from_main_in_head(
            git,
            head_ref=request.head_sha,
            production_ref=remote_ref(request.production),
            main_ref=remote_ref(request.main),
        )

    return {request: _commits_or_unavailable(from_main, request) for request in requests}


def fetch_open_backport_pulls(
    github: GitHub, context: RunContext, requests: Sequence[OpenBackportPulls]
) -> Results:
    repo = rest.Repository(context.owner, context.name)
    return {request: _open_backports(github, repo, request) for request in requests}


def _open_backports(
    github: GitHub, repo: rest.Repository, request: OpenBackportPulls
) -> tuple[BackportPull, ...]:
    pulls = rest.open_pulls_into(github, repo, request.main)
    backport_branch = template_pattern(request.branch_template, request.main)
    return tuple(
        BackportPull(
            number=pull["number"],
            url=pull["html_url"],
            head_ref=pull["head"]["ref"],
            linked_shas=tuple(rest.shas_in(pull.get("body") or "")),
            original=_original_number(backport_branch.fullmatch(pull["head"]["ref"])),
        )
        for pull in pulls
    )


def _original_number(match: re.Match[str] | None) -> int | None:
    number = match.groupdict().get("number") if match else None
    return int(number) if number else None


def _commits_or_unavailable(read: Callable[[R], list[CommitInfo]], request: R) -> object:
    try:
        return tuple(GitCommit(commit.sha, commit.subject) for commit in read(request))
    except GitError as error:
        return Unavailable(error.message)
