"""A repository where `check` makes every kind of request it can make against the stand-in.

Five gates that all pass (one through a maintainer's override label, one through an accepted
risk), so that any request that fails for good turns the verdict to `error`: the pull request
and its base-branch policy (GraphQL), changed files (REST pages), review threads, commit
checks with a deployment, repository files (GraphQL), label events and collaborator
permissions (REST); then the check run (created, or updated), the commit status, and the
sticky comment (created, or updated).

The stand-in has no ``node(id:)`` and no force-push timeline events yet, so the follow-up
page reads (review thread comments, check suite runs beyond 100) and ``match: tree`` stay out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from releasegate_standin import StandIn
from reliability.inprocess import Run, invoke
from reliability.ledger import TOKEN
from reliability.outputs import normalized
from support.faults import CLIENT_TIMEOUT

POLICY = """\
version: 1
name: pr
overrides:
  permission: maintain
gates:
  - id: separation
    type: change-separation
    groups: {infra: ["infra/**"], feature: ["src/**"]}
  - id: greptile
    type: greptile
    block-on: [P0, P1]
  - id: staging
    type: check-passed
    name: "staging / real-call"
    max-age: 12h
    environment: staging
  - id: compat
    type: version-compat
    version: {file: backend/VERSION}
    range: {file: app/package.json, field: releasegate.backend}
  - id: docs-apart
    type: change-separation
    groups: {docs: ["docs/**"], code: ["src/**"]}
"""
MARKER = "<!-- releasegate:report:pr -->"
CHECK_RUN = "releasegate / pr"
FINDING = '<img alt="P1" src="https://greptile.com/badges/p1.svg"> **Retries can double-charge**'


def scenario() -> dict[str, Any]:
    """PR 7 was never checked; PR 8 carries a stale check run and a stale sticky comment."""
    files = {
        ".github/releasegate.yml": POLICY,
        "backend/VERSION": "2.4.1\n",
        "app/package.json": '{"releasegate": {"backend": "^2.3.0"}}',
    }
    return {
        "repository": "acme/app",
        "collaborators": {"maya": "maintain", "sam": "write"},
        "commits": [
            {"name": "base", "files": files},
            *({"name": f"head{n}", "parent": "base",
               "files": {"src/a.py": f"x = {n}\n", "docs/a.md": "d\n"}} for n in (7, 8)),
        ],
        "branches": {"main": "base", "feature/7": "head7", "feature/8": "head8"},
        "pull_requests": [_pull(7), _pull(8, comments=[
            {"author": "github-actions[bot]", "body": f"{MARKER}\nstale"}])],
        "check_runs": [
            *_checks("head7"), *_checks("head8"),
            {"commit": "head8", "name": CHECK_RUN, "conclusion": "failure", "title": "stale"},
        ],
        "deployments": [
            {"commit": f"head{n}", "environment": "staging", "created_at": "-70m",
             "statuses": [{"state": "success", "created_at": "-70m"}]} for n in (7, 8)
        ],
    }  # fmt: skip


def _pull(number: int, **extra: Any) -> dict[str, Any]:
    label = "releasegate:override:docs-apart"
    return {
        "number": number, "title": f"PR {number}", "author": "sam", "base": "main",
        "head": f"feature/{number}", "files": ["src/a.py", "docs/a.md"], "labels": [label],
        "label_events": [{"label": label, "actor": "maya", "created_at": "2025-01-06T09:00:00Z"}],
        "review_threads": [{
            "path": "src/a.py", "line": 1, "author": "greptile-apps[bot]", "body": FINDING,
            "comments": [{"author": "sam", "body": "We accept the risk."}],
        }],
        **extra,
    }  # fmt: skip


def _checks(commit: str) -> list[dict[str, Any]]:
    return [
        {"commit": commit, "name": "staging / real-call", "completed_at": "-70m"},
        {"generate": 3, "commit": commit, "name": "ci / job {n}", "completed_at": "-70m"},
    ]


@dataclass(frozen=True)
class Situation:
    """A run of `check`: its name in the matrix, the pull request, the options."""

    name: str
    number: int
    args: tuple[str, ...]


SITUATIONS = (
    Situation("first run", 7, ("check", "--comment", "always")),
    Situation("re-run", 8, ("check", "--comment", "always")),
    Situation("commit status", 7, ("check", "--report", "status", "--comment", "never")),
)


@dataclass(frozen=True)
class Result:
    """A run and everything it left: files, and what GitHub holds for the pull request."""

    run: Run
    summary: str
    outputs: str
    report: str
    github: tuple[Any, ...]

    @property
    def local_outputs(self) -> tuple[str, ...]:
        return (self.run.stdout, self.run.stderr, self.summary, self.outputs, self.report)

    def named_outputs(self) -> dict[str, str]:
        return {
            "stdout": self.run.stdout,
            "stderr": self.run.stderr,
            "job summary": self.summary,
            "step outputs": self.outputs,
            "report": self.report,
        }

    def comparable(self) -> tuple[Any, ...]:
        """What must be the same in two runs with the same outcome."""
        texts = (self.run.stdout, self.run.stderr, self.summary, self.report)
        return (self.run.code, *map(normalized, texts), self.github)


def environment(standin: StandIn, number: int, folder: Path, **extra: str) -> dict[str, str]:
    """A `pull_request` workflow run for PR ``number`` inside Actions, impatient retries."""
    record = standin.state.main_repo.pull(number)
    assert record is not None and record.pull is not None
    folder.mkdir(parents=True, exist_ok=True)
    event = folder / "event.json"
    event.write_text(
        json.dumps(
            {
                "action": "synchronize",
                "pull_request": {
                    "number": number,
                    "base": {"ref": record.pull.base_ref},
                    "head": {"sha": record.pull.head_sha},
                },
            }
        )
    )
    return {
        **standin.env(TOKEN),
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_OUTPUT": str(folder / "outputs"),
        "GITHUB_STEP_SUMMARY": str(folder / "summary.md"),
        "RUNNER_TEMP": str(folder),
        "RELEASEGATE_RETRY_ATTEMPTS": "2",
        "RELEASEGATE_RETRY_SECONDS": "10",
        "RELEASEGATE_HTTP_TIMEOUT": str(CLIENT_TIMEOUT),
        **extra,
    }


def run_check(standin: StandIn, situation: Situation, folder: Path, **env: str) -> Result:
    run = invoke(*situation.args, env=environment(standin, situation.number, folder, **env))
    return Result(
        run,
        _text(folder / "summary.md"),
        _text(folder / "outputs"),
        _text(folder / "releasegate" / "report-pr.json"),
        github_state(standin, situation.number),
    )


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def github_state(standin: StandIn, number: int) -> tuple[Any, ...]:
    """Our check runs, commit statuses and comments on the PR, normalized for comparison."""
    repo = standin.state.main_repo
    with standin.state.lock:
        pull = repo.pull(number)
        assert pull is not None and pull.pull is not None
        head = pull.pull.head_sha
        runs = tuple(
            (run.name, run.conclusion, run.title, normalized(run.summary or ""))
            for run in repo.check_runs_for(head)
            if run.name == CHECK_RUN
        )
        # The latest status of each context is what GitHub shows and requires: one status sent
        # twice (its answer lost) is the same to everyone.
        latest = {
            s.context: (s.context, s.state, s.description) for s in repo.statuses_for(head)[::-1]
        }
        statuses = tuple(latest.values())
        comments = tuple((c.author, normalized(c.body)) for c in pull.comments)
    return runs, statuses, comments


def duplicates(result: Result) -> list[str]:
    runs, _statuses, comments = result.github
    found = [f"{len(runs)} check runs"] if len(runs) > 1 else []
    stickies = [body for _author, body in comments if body.startswith(MARKER + "\n")]
    return found + ([f"{len(stickies)} sticky comments"] if len(stickies) > 1 else [])
