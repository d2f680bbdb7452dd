"""A production watch for `releasegate watch` to run in-process against the stand-in.

The policy (tests/e2e/watch's: one probe of a local service that answers 503) names the
production environment and a webhook. The history on the stand-in holds two failed runs, so
the run that fails third opens the incident: it reads the history and looks up the open
incident beside the probe, appends its line, reads the deployments and what they shipped,
creates the issue, lists the open ones again, tells the webhook and amends its line. A second
situation has the incident open already, with its status comment: the run edits the comment
and tells no one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from e2e.watch.watch_world import BRANCH, HISTORY, NAME, incident_issue, line, policy, scenario
from releasegate.watch.incident import status_marker
from releasegate.watch.records import RunRecord, parse_history
from releasegate_standin import StandIn
from reliability.inprocess import Run, invoke
from reliability.ledger import TOKEN
from reliability.outputs import normalized, read_all
from support.faults import CLIENT_TIMEOUT
from support.services import Service

HOOK = "/hook/T0RELIABILITY/B0WATCH/hookSecretDoNotLeak0123"
WATCH = '  environment: production\n  notify: ["${HOOK_URL}"]\n'
STATUS = f"{status_marker(NAME)}\nstale status\n"
_DURATION = re.compile(r"\b\d+(?:\.\d+)?(?: ms|ms|[smhd])\b")


@dataclass(frozen=True)
class Situation:
    name: str
    history: tuple[str, ...]  # the lines on the history branch before the run
    open_incident: bool

    def scenario(self) -> dict[str, Any]:
        issues = []
        if self.open_incident:
            issue = incident_issue(40, opened=20, first_failure=50)
            issues = [{**issue, "comments": [{"author": "github-actions[bot]", "body": STATUS}]}]
        deployed = {"commit": "release-1", "environment": "production", "created_at": "-2h"}
        return scenario(list(self.history), deployments=[deployed], issues=issues)


SITUATIONS = (
    Situation("opens the incident", (line(30), line(15)), open_incident=False),
    Situation("updates the incident", (line(50), line(35), line(20, incident=40)), True),
)


@dataclass(frozen=True)
class Result:
    """A run and what it left. ``comparable`` holds everything (the history's lines, the
    incidents with their comments, the webhook's texts; times taken out), for a run that must
    end as the clean one did. ``github`` is the end state a re-run must reach: a watch re-run
    is one more run, so after a run that recorded its line and could not open the incident the
    re-run is the fourth failure in a row; it converges on one open incident, its status
    comments, whom the webhook told, and what the history's last line says."""

    run: Run
    situation: Situation
    before: tuple[str, ...]  # the runs the history held before this one
    history: tuple[RunRecord, ...]
    incidents: tuple[tuple[Any, ...], ...]  # (number, title, state, reason, labels, ...)
    told: tuple[str, ...]  # the webhook's texts
    summary: str
    outputs: str

    @property
    def github(self) -> tuple[Any, ...]:
        last = self.history[-1] if self.history else None
        ending = (last.verdict, last.incident, last.event) if last else None
        opened = tuple(incident[1:6] for incident in self.incidents if incident[2] == "open")
        status_comments = tuple(
            sum(body.startswith(status_marker(NAME)) for body in incident[7])
            for incident in self.incidents
        )
        events = tuple(_event(text) for text in self.told)
        return opened, len(self.incidents), status_comments, events, ending

    @property
    def local_outputs(self) -> tuple[str, ...]:
        return (self.run.stdout, self.run.stderr, self.summary, self.outputs)

    def named_outputs(self) -> dict[str, str]:
        return {
            "stdout": self.run.stdout,
            "stderr": self.run.stderr,
            "job summary": self.summary,
            "step outputs": self.outputs,
        }

    def records(self) -> tuple[Any, ...]:
        lines = tuple(
            (run.verdict, run.gates[0][1].status, run.incident, run.event, run.notify)
            for run in self.history
        )
        return lines, self.incidents, tuple(untimed(text) for text in self.told)

    def comparable(self) -> tuple[Any, ...]:
        return (self.run.code, untimed(self.run.stdout), untimed(self.run.stderr), self.records())


def _event(text: str) -> str:
    found = re.search(r"incident #\d+ (opened|resolved)", text)
    return found.group(0) if found else text[:60]


def untimed(text: str) -> str:
    """``normalized``, and durations (ages, times to detect, latencies) taken out too: the
    seeded history stays where it was while the clock moves on through the module."""
    return _DURATION.sub("<duration>", normalized(text))


def environment(standin: StandIn, api: Service, folder: Path, **extra: str) -> dict[str, str]:
    return {
        **standin.env(TOKEN),
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": "schedule",
        "GITHUB_SHA": standin.state.main_repo.branches["main"],
        "GITHUB_REF": "refs/heads/main",
        "GITHUB_RUN_ID": "9876543210",
        "GITHUB_RUN_ATTEMPT": "1",
        "GITHUB_STEP_SUMMARY": str(folder / "summary.md"),
        "GITHUB_OUTPUT": str(folder / "outputs.txt"),
        "HOOK_URL": api.url + HOOK,
        "RELEASEGATE_RETRY_ATTEMPTS": "2",
        "RELEASEGATE_RETRY_SECONDS": "10",
        "RELEASEGATE_HTTP_TIMEOUT": str(CLIENT_TIMEOUT),
        **extra,
    }


def prepare(standin: StandIn, api: Service, situation: Situation) -> None:
    """The situation on GitHub, the service down, the webhook's log empty."""
    standin.load(situation.scenario())
    api.answer("/health", 503, "down")
    api.answer(HOOK, 200, "ok")
    with api.lock:
        api.log.clear()


def run_watch(standin: StandIn, api: Service, situation: Situation, folder: Path) -> Result:
    """One watch run (on GitHub as it is: ``prepare`` sets the situation up)."""
    folder.mkdir(parents=True, exist_ok=True)
    policy_file = folder / "watch.yml"
    policy_file.write_text(policy(api.url, watch=WATCH), encoding="utf-8")
    env = environment(standin, api, folder)
    before = tuple(record.run for record in history(standin))
    run = invoke("watch", "--policy", str(policy_file), env=env, cwd=folder)
    return Result(
        run,
        situation,
        before,
        history(standin),
        incidents(standin),
        tuple(received.json()["text"] for received in api.received(HOOK)),
        read_all([folder / "summary.md"]),
        read_all([folder / "outputs.txt"]),
    )


def history(standin: StandIn) -> tuple[RunRecord, ...]:
    with standin.state.lock:
        repo = standin.state.main_repo
        sha = repo.branches.get(BRANCH)
        text = repo.commits[sha].files.get(HISTORY, b"").decode() if sha else ""
    return tuple(parse_history(text, HISTORY).runs)


def incidents(standin: StandIn) -> tuple[tuple[Any, ...], ...]:
    """Every incident issue: number, title, state, reason, labels, assignees, body, comments."""
    with standin.state.lock:
        issues = [
            issue
            for issue in standin.state.main_repo.issues.values()
            if issue.pull is None and "incident" in issue.labels
        ]
        return tuple(
            (
                issue.number,
                issue.title,
                issue.state,
                issue.state_reason,
                tuple(issue.labels),
                tuple(issue.assignees),
                untimed(issue.body),
                tuple(untimed(comment.body) for comment in issue.comments),
            )
            for issue in sorted(issues, key=lambda issue: issue.number)
        )


def damage(result: Result) -> list[str]:
    """Duplicates and losses: a run recorded twice, a line gone, a run that says it was
    recorded and is not, a second incident or status comment, a webhook told of anything but
    an incident a run opened, or told twice."""
    ids = [run.run for run in result.history]
    found = [f"{ids.count(i)} lines of run {i}" for i in sorted(set(ids)) if ids.count(i) > 1]
    found += [f"the history line of {i} lost" for i in result.before if i not in ids]
    added = set(ids) - set(result.before)
    if len(added) > 1 or (not added and "history: recorded in" in result.run.stdout):
        found.append(f"{len(added)} history lines added by one run")
    opened, made, status_comments, events, _ending = result.github
    found += [f"{len(opened)} open incidents"] if len(opened) > 1 else []
    found += [f"{made} incident issues"] if made > 1 else []
    found += [f"{count} status comments" for count in status_comments if count > 1]
    openings = {f"incident #{incident[0]} opened" for incident in result.incidents}
    if result.situation.open_incident:
        openings = set()  # it was open before: nobody is told of it again
    if set(events) - openings or len(set(events)) < len(events):
        found.append(f"told {list(events)}")
    return found
