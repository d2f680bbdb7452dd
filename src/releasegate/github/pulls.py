"""Read a pull request's facts (and the policy on its base branch) in one GraphQL request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from releasegate.errors import FactsError, GitHubError
from releasegate.facts import PullRequest
from releasegate.github.client import GitHub
from releasegate.github.pages import PER_PAGE, short_list


@dataclass(frozen=True)
class BasePolicy:
    """The policy file as the base branch has it, and whether the PR changes it."""

    text: str | None
    changed_by_pr: bool


def read_pull_request(
    github: GitHub,
    repository: str,
    number: int,
    *,
    policy_path: str | None = None,
    base_ref: str | None = None,
    head_sha: str | None = None,
) -> tuple[PullRequest, BasePolicy | None]:
    """The PR, and with ``policy_path`` the policy from ``base_ref`` compared with ``head_sha``."""
    owner, name = repository.split("/", 1)
    read_policy = None not in (policy_path, base_ref, head_sha)
    variables: dict[str, Any] = {
        "owner": owner,
        "name": name,
        "number": number,
        "readPolicy": read_policy,
    }
    if read_policy:
        variables["basePolicy"] = f"{base_ref}:{policy_path}"
        variables["headPolicy"] = f"{head_sha}:{policy_path}"
    try:
        data = github.graphql("pull_request", variables)
    except GitHubError as error:
        if error.status == 404:
            raise _not_found(repository, number) from None
        raise GitHubError(f"cannot read pull request #{number} of {repository}: {error}") from None
    repo = data.get("repository") or {}
    node = repo.get("pullRequest")
    if not node:
        raise _not_found(repository, number)
    pull = _pull_request(node)
    return pull, (_base_policy(repo, number) if read_policy else None)


def _not_found(repository: str, number: int) -> FactsError:
    return FactsError(
        f"pull request #{number} was not found in {repository}; check --pr and --repo, "
        "and that the token can read the repository"
    )


def _pull_request(node: dict[str, Any]) -> PullRequest:
    labels = node["labels"]
    if labels["totalCount"] > PER_PAGE:
        raise FactsError(
            f"pull request #{node['number']} has {labels['totalCount']} labels; releasegate reads "
            "at most 100 and will not decide on a partial list"
        )
    if labels["totalCount"] > len(labels["nodes"]):
        what = f"labels on pull request #{node['number']}"
        raise FactsError(short_list(what, labels["totalCount"], len(labels["nodes"])))
    return PullRequest(
        number=node["number"],
        title=node["title"],
        url=node["url"],
        author=(node.get("author") or {}).get("login"),
        base_ref=node["baseRefName"],
        base_sha=node["baseRefOid"],
        head_ref=node["headRefName"],
        head_sha=node["headRefOid"],
        labels=tuple(label["name"] for label in labels["nodes"]),
        changed_files=node["changedFiles"],
        commits=node["commits"]["totalCount"],
        state=node["state"],
        merged=node["merged"],
        merge_commit_sha=(node.get("mergeCommit") or {}).get("oid"),
    )


def _base_policy(repo: dict[str, Any], number: int) -> BasePolicy:
    base = repo.get("basePolicy") or {}
    head = repo.get("headPolicy") or {}
    if base.get("isTruncated") or base.get("isBinary"):
        raise FactsError("the policy file on the base branch is too large or not text")
    return BasePolicy(text=base.get("text"), changed_by_pr=base.get("oid") != head.get("oid"))
