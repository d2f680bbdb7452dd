"""Hand-built facts for unit tests: a context, a pull request, a gatherer over a dict."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from typing import Any

from releasegate.facts import FactRequest, PullRequest, RunContext, Unavailable
from releasegate.policy.load import load_policy_text
from releasegate.policy.models import Policy

HEAD = "a" * 40


def pull_request(**changes: Any) -> PullRequest:
    fields: dict[str, Any] = {
        "number": 42,
        "title": "Add payments",
        "author": "alice",
        "base_ref": "main",
        "base_sha": "b" * 40,
        "head_ref": "feature/pay",
        "head_sha": HEAD,
        "labels": (),
        "changed_files": 2,
    }
    return PullRequest(**{**fields, **changes})


def context(
    event: str = "pull_request", *, pr: PullRequest | None = None, **changes: Any
) -> RunContext:
    pull = pr if pr is not None else (pull_request() if event == "pull_request" else None)
    fields: dict[str, Any] = {
        "event": event,
        "repository": "acme/app",
        "sha": HEAD,
        "ref": "refs/heads/main",
        "pull_request": pull,
    }
    return RunContext(**{**fields, **changes})


def policy(text: str) -> Policy:
    return load_policy_text(textwrap.dedent(text), "policy.yml")


class StaticGather:
    """A gatherer answering from a dict; records what was asked, in rounds."""

    def __init__(self, known: Mapping[FactRequest[Any], object]) -> None:
        self.known = dict(known)
        self.rounds: list[list[FactRequest[Any]]] = []

    def __call__(self, requests: Iterable[FactRequest[Any]]) -> Mapping[FactRequest[Any], object]:
        asked = list(dict.fromkeys(requests))
        self.rounds.append(asked)
        return {
            r: self.known.get(r, Unavailable(f"{type(r).__name__} is not in this test"))
            for r in asked
        }
