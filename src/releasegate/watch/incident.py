"""The incident issue on GitHub: found by its label and hidden marker, opened at most once,
kept current through one sticky status comment, closed with a comment.

The marker ``<!-- releasegate:incident:<policy name> -->`` starts the issue body (another
command counts incidents by it and by the label). GitHub has no "create unless it exists",
so a run that opens an incident lists the open ones again afterwards; when two runs opened
one at the same moment, the newer is closed as a duplicate of the older, and only the run
whose issue stays open tells anyone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from releasegate.errors import GitHubError, HistoryError
from releasegate.github import endpoints
from releasegate.github.client import GitHub
from releasegate.github.publish import upsert_sticky_comment
from releasegate.watch.state import OpenIncident

_FIRST_FAILURE = re.compile(r"<!-- releasegate:first-failure:(\S+) -->")


def incident_marker(name: str) -> str:
    return f"<!-- releasegate:incident:{name} -->"


def status_marker(name: str) -> str:
    return f"<!-- releasegate:incident-status:{name} -->"


def first_failure_marker(moment: datetime) -> str:
    return f"<!-- releasegate:first-failure:{moment.astimezone(UTC).isoformat()} -->"


@dataclass(frozen=True)
class Incidents:
    github: GitHub
    owner: str
    repo: str
    name: str
    label: str

    def open_ones(self) -> list[OpenIncident]:
        """The policy's open incidents, oldest first (one, unless two runs raced)."""
        issues = self.github.rest_all_pages(
            endpoints.LIST_ISSUES,
            query={"labels": self.label, "state": "open"},
            owner=self.owner,
            repo=self.repo,
        )
        marker = incident_marker(self.name)
        ours = [
            issue
            for issue in issues
            if "pull_request" not in issue and (issue.get("body") or "").startswith(marker)
        ]
        return sorted((_incident(issue) for issue in ours), key=lambda found: found.number)

    def open(self, title: str, body: str, assignees: tuple[str, ...]) -> tuple[OpenIncident, bool]:
        """Open the incident; returns it and whether it is this run's (not a racing run's)."""
        payload = {
            "title": title,
            "body": body,
            "labels": [self.label],
            "assignees": list(assignees),
        }

        def create() -> int:
            try:
                answer = self.github.rest(
                    endpoints.CREATE_ISSUE, body=payload, owner=self.owner, repo=self.repo
                )
            except GitHubError as error:
                if error.status in (403, 410):
                    raise HistoryError(
                        f"{error.message}. The incident issue could not be opened: give the "
                        "job `permissions: issues: write`, and keep issues enabled in the "
                        "repository's settings"
                    ) from None
                raise
            return int(answer["number"])

        def find() -> int | None:
            # The answer to the create was lost. None was open before it, so one open now
            # is the one it made (or a racing run's, which the convergence below sorts out).
            standing = self.open_ones()
            return standing[-1].number if standing else None

        number = self.github.create_once("the incident issue", create, find)
        standing = self.open_ones()
        if not standing:  # closed by someone already: it is still the one this run opened
            return self._read(number), True
        kept = standing[0]
        for duplicate in standing[1:]:
            self._close_duplicate(duplicate, kept)
        return kept, kept.number == number

    def update_status(self, number: int, text: str) -> str:
        return upsert_sticky_comment(
            self.github,
            self.owner,
            self.repo,
            number,
            marker=status_marker(self.name),
            body=text,
            create=True,
        )

    def resolve(self, number: int, text: str) -> None:
        """Comment (once, however a lost answer repeats it), then close as completed."""

        def create() -> bool:
            self.github.rest(
                endpoints.CREATE_ISSUE_COMMENT,
                body={"body": text},
                owner=self.owner,
                repo=self.repo,
                issue_number=number,
            )
            return True

        def find() -> bool | None:
            comments = self.github.rest_all_pages(
                endpoints.LIST_ISSUE_COMMENTS, owner=self.owner, repo=self.repo, issue_number=number
            )
            return True if any(c.get("body") == text for c in comments) else None

        self.github.create_once(f"the resolution comment on #{number}", create, find)
        self._close(number, "completed")

    def _close_duplicate(self, duplicate: OpenIncident, kept: OpenIncident) -> None:
        self.github.rest(
            endpoints.CREATE_ISSUE_COMMENT,
            body={"body": f"Duplicate of #{kept.number}: two watch runs opened one at once."},
            owner=self.owner,
            repo=self.repo,
            issue_number=duplicate.number,
        )
        self._close(duplicate.number, "duplicate")

    def _close(self, number: int, reason: str) -> None:
        self.github.rest(
            endpoints.UPDATE_ISSUE,
            body={"state": "closed", "state_reason": reason},
            owner=self.owner,
            repo=self.repo,
            issue_number=number,
        )

    def _read(self, number: int) -> OpenIncident:
        issue = self.github.rest(
            endpoints.GET_ISSUE, owner=self.owner, repo=self.repo, issue_number=number
        )
        return _incident(issue)


def _incident(issue: dict[str, Any]) -> OpenIncident:
    body = issue.get("body") or ""
    match = _FIRST_FAILURE.search(body)
    return OpenIncident(
        number=int(issue["number"]),
        url=str(issue.get("html_url") or ""),
        opened_at=_time(issue.get("created_at")) or datetime.now(UTC),
        first_failure=_time(match.group(1)) if match else None,
    )


def _time(text: Any) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
