"""Fetch files of the repository at a commit (``RepoFile``): version-compat's ``{file}`` sides.

One GraphQL request reads up to ``SLOTS`` files, each as ``object(expression: "<sha>:<path>")``
under its own alias. GraphQL has no variable aliases, so ``graphql/repo_files.graphql`` is a
fixed document with ``SLOTS`` aliases ``f0``… each behind ``@include(if: $withN)``: the
conformance test validates it like any other document, and the stand-in runs it unchanged.
More files than slots: one request per ``SLOTS`` files, side by side.

GitHub's GraphQL API gives a blob's text up to 512 KB (``isTruncated`` beyond); a version
file is far smaller, so a larger file is reported rather than read another way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

from releasegate.errors import GitHubError
from releasegate.facts import FactRequest, RepoFile, RunContext, Unavailable
from releasegate.github.client import GitHub

SLOTS = 10  # aliases f0..f9 in graphql/repo_files.graphql
DOCUMENT = "repo_files"

Results = Mapping[FactRequest[Any], object]


def fetch_repo_files(github: GitHub, context: RunContext, requests: Sequence[RepoFile]) -> Results:
    batches = [requests[start : start + SLOTS] for start in range(0, len(requests), SLOTS)]
    answers = github.parallel([partial(_read_batch, github, context, b) for b in batches])
    return {request: value for answer in answers for request, value in answer.items()}


def slot_variables(context: RunContext, batch: Sequence[RepoFile]) -> dict[str, Any]:
    variables: dict[str, Any] = {"owner": context.owner, "name": context.name}
    for slot, request in enumerate(batch):
        variables[f"e{slot}"] = f"{request.ref}:{request.path}"
        variables[f"with{slot}"] = True
    return variables


def _read_batch(github: GitHub, context: RunContext, batch: Sequence[RepoFile]) -> Results:
    try:
        data = github.graphql(DOCUMENT, slot_variables(context, batch))
    except GitHubError as error:
        return {r: Unavailable(f"cannot read {r.label}: {error.message}") for r in batch}
    repository = data.get("repository")
    if not isinstance(repository, dict):
        reason = f"the repository {context.repository} was not found (or the token cannot read it)"
        return dict.fromkeys(batch, Unavailable(reason))
    return {r: _text(r, repository.get(f"f{slot}")) for slot, r in enumerate(batch)}


def _text(request: RepoFile, node: Any) -> str | Unavailable:
    if not isinstance(node, dict):
        return Unavailable(f"{request.label} does not exist (no such file or commit)")
    if node.get("__typename") != "Blob":
        return Unavailable(f"{request.label} is a directory, not a file")
    if node.get("isBinary"):
        return Unavailable(f"{request.label} is a binary file, not text")
    text = node.get("text")
    if node.get("isTruncated") or not isinstance(text, str):
        return Unavailable(
            f"{request.label} is larger than the 512 KB GitHub returns, too large to read"
        )
    return text
