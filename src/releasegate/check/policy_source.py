"""Which policy judges the run, read in one place.

On pull request events the policy comes from the base branch (read in the same GraphQL
request as the pull request's facts), so a PR cannot weaken its own gates; a PR that changes
the policy gets a notice. Otherwise it is the local file. Problems name the file as the
repository path (so GitHub can attach annotations to it) and say which branch it came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from releasegate.context import Subject
from releasegate.errors import PolicyError, Problem
from releasegate.facts import PullRequest
from releasegate.github.client import GitHub
from releasegate.github.pulls import read_pull_request
from releasegate.policy.load import load_policy_file, load_policy_text
from releasegate.policy.models import Policy


@dataclass(frozen=True)
class Judged:
    """The pull request under evaluation (if any), the policy that judges it, and notices."""

    policy_path: str
    pull: PullRequest | None
    policy: Policy
    notices: tuple[str, ...] = ()


def local_policy(path: Path) -> Policy:
    return load_policy_file(path)


def read_pull_and_policy(
    github: GitHub, subject: Subject, path: Path, local: Policy | None
) -> Judged:
    name = path.as_posix()
    if subject.pr_number is None:
        assert local is not None, "a run without a pull request reads the local policy"
        return Judged(name, None, local)
    pull, base = read_pull_request(
        github,
        subject.repository,
        subject.pr_number,
        policy_path=name if subject.policy_from_base else None,
        base_ref=subject.base_ref,
        head_sha=subject.head_sha,
    )
    if base is None:
        assert local is not None, "a pull request judged by the local policy"
        return Judged(name, pull, local)
    branch = subject.base_ref or pull.base_ref
    if base.text is None:
        raise PolicyError([Problem(name, 1, 1, _no_base_policy(name, branch))])
    notices: tuple[str, ...] = ()
    if base.changed_by_pr:
        notices = (
            f"this PR changes {name}; it was judged by the policy on '{branch}', "
            "and the change takes effect once merged",
        )
    return Judged(name, pull, _base_branch_policy(base.text, name, branch), notices)


def _base_branch_policy(text: str, path: str, branch: str) -> Policy:
    try:
        return load_policy_text(text, path)
    except PolicyError as error:
        raise PolicyError(
            [
                Problem(p.path, p.line, p.col, f"{p.message} (in the policy on '{branch}')")
                for p in error.problems
            ]
        ) from None


def _no_base_policy(path: str, branch: str) -> str:
    return (
        f"no policy at {path} on the base branch '{branch}'; on pull requests the policy is "
        "read from the base branch, so a new policy takes effect once merged"
    )
