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
from releasegate.git.checkout import checkout_path, remote_ref
from releasegate.git.command import Git
from releasegate.git.divergence import CommitInfo, commits_from_main_in_head, missing_from_main
from releasegate.github import endpoints
from releasegate.github.client import GitHub

R = TypeVar("R")
_SHA_WORD = re.compile(r"\b[0-9a-f]{7,40}\b")  # the commit SHAs a backport PR's body names

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
    return {request: _open_backports(github, context, request) for request in requests}


def _open_backports(
    github: GitHub, context: RunContext, request: OpenBackportPulls
) -> tuple[BackportPull, ...]:
    pulls = github.rest_all_pages(
        endpoints.LIST_PULLS,
        query={"state": "open", "base": request.main},
        owner=context.owner,
        repo=context.name,
    )
    backport_branch = template_pattern(request.branch_template, request.main)
    return tuple(
        BackportPull(
            number=pull["number"],
            url=pull["html_url"],
            head_ref=pull["head"]["ref"],
            linked_shas=tuple(_SHA_WORD.findall(pull.get("body") or "")),
            original=_original_number(backport_branch.fullmatch(pull["head"]["ref"])),
        )
        for pull in pulls
        if pull["base"]["ref"] == request.main
    )


def _original_number(match: re.Match[str] | None) -> int | None:
    number = match.groupdict().get("number") if match else None
    return int(number) if number else None


def _commits_or_unavailable(read: Callable[[R], list[CommitInfo]], request: R) -> object:
    try:
        return tuple(GitCommit(commit.sha, commit.subject) for commit in read(request))
    except GitError as error:
        return Unavailable(error.message)


def template_pattern(template: str, target: str) -> re.Pattern[str]:
    """The backport branches a template names for ``target``; group ``number`` is the PR's."""
    pattern: list[str] = []
    for part in re.split(r"(\{number\}|\{target\})", template):
        if part == "{number}":
            pattern.append(r"\d+" if "(?P<number>" in "".join(pattern) else r"(?P<number>\d+)")
        else:
            pattern.append(re.escape(target) if part == "{target}" else re.escape(part))
    return re.compile("".join(pattern))
