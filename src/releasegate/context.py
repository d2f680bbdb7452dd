"""Where a run is and what it judges: the Actions environment, the event payload, options.

Every event of SPEC §1 maps to a commit under evaluation (for a merge group or a deploy, the
commit being shipped) and, where there is one, a pull request. Any other event is a no-op.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from releasegate.errors import UsageError
from releasegate.facts import PULL_REQUEST_EVENTS

SUPPORTED_EVENTS = PULL_REQUEST_EVENTS | {
    "merge_group",
    "push",
    "workflow_dispatch",
    "deployment",
    "deployment_status",
    "workflow_run",
    "schedule",
}
# The events that name a commit being shipped, other than pull requests and merge queues.
SHIPPING_EVENTS = frozenset({"push", "deployment", "deployment_status", "workflow_run"})
_MERGE_QUEUE_HEAD = re.compile(r"^(?:refs/heads/)?gh-readonly-queue/.+/pr-(\d+)-[0-9a-f]+$")


@dataclass(frozen=True)
class Inputs:
    """What the command line and the environment say, before anything is read from GitHub."""

    token: str | None = None
    api_url: str = "https://api.github.com"
    graphql_url: str | None = None
    server_url: str = "https://github.com"
    repository: str | None = None
    event_name: str | None = None
    event_path: Path | None = None
    sha: str | None = None
    ref: str | None = None
    pr: int | None = None
    in_actions: bool = False

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None, **options: Any) -> Inputs:
        env = os.environ if environ is None else environ
        given = {key: value for key, value in options.items() if value is not None}
        event_path = given.pop("event_path", None) or env.get("GITHUB_EVENT_PATH") or None
        return cls(
            token=given.pop("token", None) or env.get("GITHUB_TOKEN") or env.get("GH_TOKEN"),
            api_url=given.pop("api_url", None) or env.get("GITHUB_API_URL") or cls.api_url,
            graphql_url=env.get("GITHUB_GRAPHQL_URL") or None,
            server_url=env.get("GITHUB_SERVER_URL") or cls.server_url,
            repository=given.pop("repository", None) or env.get("GITHUB_REPOSITORY") or None,
            event_name=env.get("GITHUB_EVENT_NAME") or None,
            event_path=Path(event_path) if event_path else None,
            sha=given.pop("sha", None) or env.get("GITHUB_SHA") or None,
            ref=given.pop("ref", None) or env.get("GITHUB_REF") or None,
            pr=given.pop("pr", None),
            in_actions=env.get("GITHUB_ACTIONS") == "true",
        )


@dataclass(frozen=True)
class Subject:
    """What a run judges: the event and the commit it points at; ``pr_number`` when a pull
    request is judged."""

    event: str
    repository: str
    sha: str | None
    ref: str | None
    pr_number: int | None = None
    base_ref: str | None = None
    head_sha: str | None = None
    payload: Mapping[str, Any] = field(default_factory=dict)

    @property
    def policy_from_base(self) -> bool:
        """On pull request events the PR must not be able to weaken its own gates."""
        return self.event in PULL_REQUEST_EVENTS and self.base_ref is not None


def resolve_subject(inputs: Inputs) -> Subject | str:
    """What the run judges, or a one-line note why there is nothing to judge."""
    payload = read_payload(inputs.event_path) if inputs.event_path else {}
    event = inputs.event_name or ("workflow_dispatch" if inputs.pr is None else "pull_request")
    if inputs.pr is None and event not in SUPPORTED_EVENTS:
        return f"releasegate does not judge '{event}' events; nothing to do"
    repository = repository_of(inputs, payload)
    if inputs.pr is not None:
        return Subject("pull_request", repository, None, inputs.ref, pr_number=inputs.pr)
    return _from_event(event, repository, payload, inputs)


def _from_event(event: str, repository: str, payload: Mapping[str, Any], inputs: Inputs) -> Subject:
    sha, ref = inputs.sha, inputs.ref
    if event in PULL_REQUEST_EVENTS:
        number = _integer(payload, "pull_request", "number")
        head_sha = _pull_request_text(payload, "head", "sha")
        return Subject(
            event,
            repository,
            head_sha,
            ref,
            pr_number=number,
            base_ref=_pull_request_text(payload, "base", "ref"),
            head_sha=head_sha,
            payload=payload,
        )
    if event == "merge_group":
        head_ref = _text(payload, "merge_group", "head_ref") or ""
        match = _MERGE_QUEUE_HEAD.match(head_ref)
        return Subject(
            event,
            repository,
            _text(payload, "merge_group", "head_sha") or sha,
            _text(payload, "merge_group", "base_ref") or ref,
            pr_number=int(match.group(1)) if match else None,
            payload=payload,
        )
    if event == "push":
        return Subject(event, repository, _text(payload, "after") or sha, ref, payload=payload)
    if event in ("deployment", "deployment_status"):
        deployed = _text(payload, "deployment", "ref")
        deployed_ref = f"refs/heads/{deployed}" if deployed and "/" not in deployed else deployed
        return Subject(
            event,
            repository,
            _text(payload, "deployment", "sha") or sha,
            deployed_ref or ref,
            payload=payload,
        )
    if event == "workflow_run":
        branch = _text(payload, "workflow_run", "head_branch")
        return Subject(
            event,
            repository,
            _text(payload, "workflow_run", "head_sha") or sha,
            f"refs/heads/{branch}" if branch else ref,
            payload=payload,
        )
    return Subject(event, repository, sha, ref, payload=payload)


def shipped_commit(inputs: Inputs) -> tuple[str | None, str | None]:
    """The commit and ref an event ships, where it names them (a push's ``after``, a
    deployment's sha and ref, a finished workflow's head), else the ones the workflow runs on.

    ``watch`` judges no pull request, so its runs are recorded against this: for a run after a
    deploy it is the deployed commit, read as ``check`` reads it (SPEC §1).
    """
    if inputs.event_name not in SHIPPING_EVENTS or inputs.event_path is None:
        return inputs.sha, inputs.ref
    payload = read_payload(inputs.event_path)
    subject = _from_event(inputs.event_name, repository_of(inputs, payload), payload, inputs)
    return subject.sha, subject.ref


def repository_of(inputs: Inputs, payload: Mapping[str, Any]) -> str:
    """OWNER/NAME of the run's repository: the option or GITHUB_REPOSITORY, else the payload's."""
    repository = inputs.repository or _text(payload, "repository", "full_name")
    if not repository or repository.count("/") != 1:
        raise UsageError(
            "no repository: set GITHUB_REPOSITORY or pass --repo OWNER/NAME (like acme/app)"
        )
    return repository


def read_payload(path: Path) -> Mapping[str, Any]:
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(
            f"the event payload {path} does not exist (GITHUB_EVENT_PATH/--event)"
        ) from None
    # ValueError: not JSON, or a number of 5,000 digits; RecursionError: nested too deeply.
    except (OSError, ValueError, RecursionError) as error:
        raise UsageError(f"the event payload {path} is not readable JSON: {error}") from None
    if not isinstance(payload, dict):
        raise UsageError(f"the event payload {path} is not a JSON object")
    return payload


def _dig(payload: Mapping[str, Any], *keys: str) -> Any:
    node: Any = payload
    for key in keys:
        node = node.get(key) if isinstance(node, Mapping) else None
    return node


def _text(payload: Mapping[str, Any], *keys: str) -> str | None:
    value = _dig(payload, *keys)
    return value if isinstance(value, str) and value else None


def _pull_request_text(payload: Mapping[str, Any], *keys: str) -> str:
    """The base branch and the head commit: the policy is read from the one and compared
    with the other's, so a payload without them judges nothing (GitHub always sends both)."""
    value = _text(payload, "pull_request", *keys)
    if value is None:
        raise UsageError(
            f"the event payload has no text at 'pull_request.{'.'.join(keys)}'; GitHub sends it "
            "with every pull request event, so is GITHUB_EVENT_PATH this run's payload? Pass "
            "--pr N to judge a pull request directly"
        )
    return value


def _integer(payload: Mapping[str, Any], *keys: str) -> int:
    value = _dig(payload, *keys)
    if isinstance(value, bool) or not isinstance(value, int):
        raise UsageError(
            f"the event payload has no number at '{'.'.join(keys)}'; is GITHUB_EVENT_NAME right "
            "for this payload? Pass --pr N to judge a pull request directly"
        )
    return value
