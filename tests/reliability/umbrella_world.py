"""An umbrella where `umbrella sync` makes every kind of request it can make.

Umbrella #1 has every Tier 1 item done (an issue closed as completed, a merged pull request)
and a Tier 2 item still open: a sync ticks two boxes, posts the progress comment, closes the
umbrella and says why. Umbrella #2 was synced before: its progress comment (the stale one,
after a hundred others, so it is found on the second page of comments) gets edited.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from releasegate.umbrella.progress import MARKER
from releasegate_standin import StandIn
from reliability.inprocess import Run, invoke
from reliability.ledger import TOKEN
from reliability.outputs import normalized
from support.faults import CLIENT_TIMEOUT

POLICY = "version: 1\numbrella:\n  label: tracking\n  close-when: [Tier 1]\n"
BODY = (
    "## Release v1\r\n\r\n"
    "**Tier 1 — must-have**\r\n"
    "- [ ] Staging gate #12\r\n"
    "- [ ] Greptile gate #13\r\n\r\n"
    "### Tier 2\r\n"
    "- [ ] Dashboards #15\r\n"
)
TICKED = BODY.replace("- [ ] Staging", "- [x] Staging").replace("- [ ] Greptile", "- [x] Greptile")


def scenario() -> dict[str, Any]:
    closed = {"state": "closed", "state_reason": "completed"}
    stale = {"author": "github-actions[bot]", "body": f"{MARKER}\nstale\n"}
    return {
        "repository": "acme/app",
        "issues": [
            {"number": 1, "title": "v1", "body": BODY, "labels": ["tracking"]},
            {"number": 2, "title": "v2", "body": BODY.replace("Release v1", "Release v2"),
             "labels": ["tracking"],
             "comments": [{"generate": 100, "author": "sam", "body": "note {n}"}, stale]},
            {"number": 12, "title": "staging gate", **closed},
            {"number": 15, "title": "dashboards"},
        ],
        "pull_requests": [{"number": 13, "title": "greptile gate", "state": "merged"}],
    }  # fmt: skip


@dataclass(frozen=True)
class Situation:
    name: str
    number: int


SITUATIONS = (Situation("first sync", 1), Situation("re-sync", 2))


@dataclass(frozen=True)
class Result:
    run: Run
    github: tuple[Any, ...]

    @property
    def local_outputs(self) -> tuple[str, ...]:
        return (self.run.stdout, self.run.stderr)

    def named_outputs(self) -> dict[str, str]:
        return {"stdout": self.run.stdout, "stderr": self.run.stderr}

    def comparable(self) -> tuple[Any, ...]:
        return (self.run.code, normalized(self.run.stdout), self.run.stderr, self.github)


def workdir(folder: Path) -> Path:
    (folder / ".github").mkdir(parents=True, exist_ok=True)
    (folder / ".github" / "releasegate.yml").write_text(POLICY, encoding="utf-8")
    return folder


def environment(standin: StandIn, **extra: str) -> dict[str, str]:
    return {
        **standin.env(TOKEN),
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": "workflow_dispatch",
        "RELEASEGATE_RETRY_ATTEMPTS": "2",
        "RELEASEGATE_RETRY_SECONDS": "10",
        "RELEASEGATE_HTTP_TIMEOUT": str(CLIENT_TIMEOUT),
        **extra,
    }


def run_sync(standin: StandIn, situation: Situation, folder: Path, **env: str) -> Result:
    args = ("umbrella", "sync", "--issue", str(situation.number))
    run = invoke(*args, env=environment(standin, **env), cwd=workdir(folder))
    return Result(run, umbrella_state(standin, situation.number))


def umbrella_state(standin: StandIn, number: int) -> tuple[Any, ...]:
    """The umbrella's body, state and comments (the progress one normalized)."""
    with standin.state.lock:
        issue = standin.state.main_repo.issue(number)
        assert issue is not None
        comments = tuple(normalized(comment.body) for comment in issue.comments)
        return issue.body, issue.state, issue.state_reason, comments


def duplicates(result: Result) -> list[str]:
    _body, _state, _reason, comments = result.github
    progress = [body for body in comments if body.startswith(MARKER)]
    found = [f"{len(progress)} progress comments"] if len(progress) > 1 else []
    repeated = {body for body in comments if comments.count(body) > 1 and "note" not in body}
    return found + [f"repeated comment: {body[:40]!r}" for body in sorted(repeated)]


def half_written(result: Result, before: str, after: str) -> bool:
    """Whether the body is neither as it was nor as the sync makes it."""
    body = result.github[0]
    return body not in (before, after)
