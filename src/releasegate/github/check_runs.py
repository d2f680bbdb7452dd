"""The check run ``releasegate / <name>`` on a commit: one current result, however many runs.

GitHub has no "create unless it exists", and a check run cannot be deleted through the API,
so runs of ``check`` at the same time can each create one. GitHub shows the latest run of a
name (``filter=latest`` reads "the most recent by ``completed_at``"), and a branch protection
rule requires that one. The rule that leaves one current result:

- the newest check run of the name on the commit (the highest id) is the current one: a run
  writes its report there (``completed_at`` now), or creates it when there is none;
- every older one is *superseded*: its title says so and links the current one, its
  conclusion is the current one's and its ``completed_at`` a second before the current one's,
  so GitHub's latest is the current run, and whichever run it shows, in whichever check
  suite, it never shows another verdict;
- a run that created one lists again, to find the twins made at the same moment: when one is
  newer than its own, that one is current and its own is superseded. Every run also brings
  older ones in line, so a burst left half done (a run killed) is settled by the next run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from releasegate.github import endpoints
from releasegate.github.client import GitHub
from releasegate.render.escape import no_mentions
from releasegate.results import Annotation, Status
from releasegate.timestamps import parse_timestamp

ANNOTATIONS_PER_REQUEST = 50  # GitHub's limit per check run create/update
SUMMARY_LIMIT = 65_000  # GitHub refuses check run text over 65,535 characters
SUPERSEDED = "Superseded: a newer check run of this name holds the current result"

_CONCLUSION = {Status.PASS: "success", Status.FAIL: "failure", Status.ERROR: "failure"}


@dataclass(frozen=True)
class CommitRef:
    owner: str
    repo: str
    sha: str


def publish_check_run(
    github: GitHub,
    target: CommitRef,
    *,
    name: str,
    title: str,
    summary: str,
    verdict: Status,
    annotations: Sequence[Annotation],
) -> int:
    """Write the report to the current check run ``name`` on the commit; returns its id."""
    batches = [
        annotations[i : i + ANNOTATIONS_PER_REQUEST]
        for i in range(0, len(annotations), ANNOTATIONS_PER_REQUEST)
    ] or [[]]
    runs = _Runs(github, target, name)
    conclusion = _CONCLUSION[verdict]
    body: dict[str, Any] = {
        "name": name,
        "head_sha": target.sha,
        "status": "completed",
        "conclusion": conclusion,
        "completed_at": _now(),  # the same in every attempt: a retry sends the same body
        "output": _output(title, summary, batches[0]),
    }

    def create_or_update() -> tuple[int, bool]:
        listed = runs.listed()
        if not listed:
            return int(runs.create(body)["id"]), True
        newest = listed[0]
        runs.update(int(newest["id"]), body)
        runs.supersede({**newest, **body}, listed[1:])
        return int(newest["id"]), False

    # A lost answer to the create is looked for before anything is created again.
    run_id, created = github.create_once(f"the check run '{name}'", create_or_update)
    current = run_id
    if created:  # a twin made at the same moment is newer or older: one of them is current
        current = runs.settle(run_id, conclusion)
    if current == run_id:
        for batch in batches[1:]:  # further annotations are appended by updates
            runs.update(run_id, {"output": _output(title, summary, batch)})
    return current


@dataclass(frozen=True)
class _Runs:
    github: GitHub
    target: CommitRef
    name: str

    def listed(self) -> list[dict[str, Any]]:
        """Every check run of the name on the commit, newest first."""
        runs = self.github.rest_all_pages(
            endpoints.LIST_CHECK_RUNS_FOR_REF,
            query={"check_name": self.name, "filter": "all"},
            owner=self.target.owner,
            repo=self.target.repo,
            ref=self.target.sha,
        )
        ours = [run for run in runs if run.get("name") == self.name]
        return sorted(ours, key=lambda run: int(run["id"]), reverse=True)

    def create(self, body: dict[str, Any]) -> dict[str, Any]:
        created: dict[str, Any] = self.github.rest(
            endpoints.CREATE_CHECK_RUN, body=body, owner=self.target.owner, repo=self.target.repo
        )
        return created

    def update(self, run_id: int, body: dict[str, Any]) -> None:
        self.github.rest(
            endpoints.UPDATE_CHECK_RUN,
            body=body,
            owner=self.target.owner,
            repo=self.target.repo,
            check_run_id=run_id,
        )

    def settle(self, ours: int, conclusion: str) -> int:
        """After a create: the current run's id, every older run superseded."""
        listed = self.listed()
        if not listed:
            return ours
        newest = listed[0]
        if int(newest["id"]) == ours:
            newest = {**newest, "conclusion": conclusion}
        self.supersede(newest, listed[1:])
        return int(newest["id"])

    def supersede(self, current: dict[str, Any], older: list[dict[str, Any]]) -> None:
        """Older runs say they are superseded and carry the current one's conclusion."""
        conclusion = current.get("conclusion")
        for run in older:
            title = (run.get("output") or {}).get("title")
            if (run.get("conclusion"), title) == (conclusion, SUPERSEDED) or conclusion is None:
                continue
            link = current.get("html_url") or f"check run {current['id']}"
            self.update(
                int(run["id"]),
                {
                    "conclusion": conclusion,
                    "completed_at": _second_before(current.get("completed_at")),
                    "output": {"title": SUPERSEDED, "summary": _superseded_summary(link)},
                },
            )


def _output(title: str, summary: str, batch: Sequence[Annotation]) -> dict[str, Any]:
    return {
        "title": no_mentions(title)[:255],
        "summary": summary[:SUMMARY_LIMIT],
        "annotations": [_annotation(a) for a in batch],
    }


def _superseded_summary(link: str) -> str:
    return (
        "releasegate ran more than once at the same time on this commit, and GitHub cannot "
        f"delete a check run. The current result is {link}; this one carries its conclusion, "
        "so that no run of this name shows another verdict.\n"
    )


def _annotation(note: Annotation) -> dict[str, Any]:
    return {
        "path": note.path,
        "start_line": note.line,
        "end_line": note.line,
        "annotation_level": note.level,
        "message": no_mentions(note.message),
        **({"title": no_mentions(note.title)} if note.title else {}),
    }


def _now() -> str:
    return _iso(datetime.now(UTC))


def _second_before(moment: str | None) -> str:
    """A second before the current run's completion: GitHub's latest stays the current run."""
    completed = parse_timestamp(moment) or datetime.now(UTC)
    return _iso(completed - timedelta(seconds=1))


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
