"""The history file on its own branch, read and written through the contents API.

Every write names the blob sha of the file it replaces. When another run wrote first, GitHub
refuses (409 for a stale sha; 422 when the file appeared since it was read as missing): the
file is read again and the change made again on what is there now, so concurrent runs lose
nothing. A run's line carries its run id, so a write whose answer was lost and that is sent
again finds the line already there and adds nothing. The branch is created, from the commit
the run is on, the first time; nothing but history files is ever written to it.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass

from releasegate.errors import GitHubError, HistoryError
from releasegate.github import endpoints
from releasegate.github.client import GitHub
from releasegate.watch.records import History, RunRecord, parse_history, parse_line

MAX_WRITES = 8  # a conflict is another run writing at the same moment; a few retries suffice
Change = Callable[[tuple[str, ...]], tuple[str, ...] | None]


@dataclass(frozen=True)
class Place:
    owner: str
    repo: str
    branch: str
    path: str
    keep: int

    def __str__(self) -> str:
        return f"{self.path} on {self.branch}"


@dataclass(frozen=True)
class Snapshot:
    """The file's lines as read or written, with its blob sha (None: there is no file yet)."""

    lines: tuple[str, ...] = ()
    sha: str | None = None
    branch_exists: bool = True

    def history(self, source: str) -> History:
        return parse_history("\n".join(self.lines), source)


class HistoryFile:
    def __init__(self, github: GitHub, place: Place, base_sha: str | None) -> None:
        self.github, self.place, self.base_sha = github, place, base_sha

    def read(self) -> Snapshot:
        place = self.place
        try:
            answer = self.github.rest(
                endpoints.GET_CONTENT,
                query={"ref": place.branch},
                owner=place.owner,
                repo=place.repo,
                path=place.path,
            )
        except GitHubError as error:
            if error.status != 404:
                raise
            return Snapshot(branch_exists=self._branch_exists())
        if not isinstance(answer, dict) or answer.get("type", "file") != "file":
            raise HistoryError(
                f"{place} is not a file (a folder?); move it away or set watch.history.branch"
            )
        content = answer.get("content") or ""
        if answer.get("encoding") == "none":  # over 1 MB: the contents API leaves it out
            content = self._blob(str(answer["sha"]))
        text = base64.b64decode(content).decode("utf-8", errors="replace")
        return Snapshot(tuple(text.splitlines()), str(answer["sha"]))

    def write(self, change: Change, snapshot: Snapshot, message: str) -> Snapshot:
        """``change`` applied to the file and written; re-read and re-applied on a conflict."""
        for _ in range(MAX_WRITES):
            lines = change(snapshot.lines)
            if lines is None:
                return snapshot
            if not snapshot.branch_exists:
                self._create_branch()
            try:
                return Snapshot(lines, self._put(lines, snapshot.sha, message))
            except GitHubError as error:
                if error.status not in (404, 409, 422):
                    raise
                again = self.read()
                # 409: a stale sha, or the branch moved under the write (another file of it
                # was written at the same moment): worth another try even if this file is as
                # it was. A 422 or 404 on an unchanged file is not a conflict.
                unchanged = (again.sha, again.branch_exists) == (
                    snapshot.sha,
                    snapshot.branch_exists,
                )
                if unchanged and error.status != 409:
                    raise
                snapshot = again
        raise HistoryError(
            f"{self.place} changed under this run {MAX_WRITES} times in a row (other runs "
            "writing at the same moment); nothing was lost, and the next run records again"
        )

    def _put(self, lines: tuple[str, ...], sha: str | None, message: str) -> str:
        place = self.place
        text = "".join(line + "\n" for line in lines)
        body = {
            "message": message,
            "content": base64.b64encode(text.encode("utf-8")).decode("ascii"),
            "branch": place.branch,
            **({"sha": sha} if sha else {}),
        }
        try:
            answer = self.github.rest(
                endpoints.PUT_CONTENT,
                body=body,
                owner=place.owner,
                repo=place.repo,
                path=place.path,
            )
        except GitHubError as error:
            if error.status == 403:
                raise HistoryError(
                    f"{error.message}. The token cannot write {place}; give the job "
                    "`permissions: contents: write` (workflows/watch.yml does), and let the "
                    "branch's rules allow the bot to push to it"
                ) from None
            raise
        return str(answer["content"]["sha"])

    def _blob(self, sha: str) -> str:
        place = self.place
        blob = self.github.rest(
            endpoints.GET_BLOB, owner=place.owner, repo=place.repo, file_sha=sha
        )
        return str(blob.get("content") or "")

    def _branch_exists(self) -> bool:
        place = self.place
        try:
            self.github.rest(
                endpoints.GET_REF, owner=place.owner, repo=place.repo, ref=f"heads/{place.branch}"
            )
        except GitHubError as error:
            if error.status == 404:
                return False
            raise
        return True

    def _create_branch(self) -> None:
        place = self.place
        if not self.base_sha:
            raise HistoryError(
                f"the history branch '{place.branch}' does not exist yet, and this run names no "
                "commit to start it from; set GITHUB_SHA or pass --sha (any commit of the "
                "repository)"
            )
        body = {"ref": f"refs/heads/{place.branch}", "sha": self.base_sha}
        try:
            self.github.rest(endpoints.CREATE_REF, body=body, owner=place.owner, repo=place.repo)
        except GitHubError as error:
            if error.status != 422 or "already exists" not in error.message:
                raise


def appending(record: RunRecord, keep: int) -> Change:
    """Add the run's line (unless it is there: a write sent twice), keep the newest lines."""
    line = record.to_line()

    def change(lines: tuple[str, ...]) -> tuple[str, ...] | None:
        if any(_run_of(existing) == record.run for existing in lines):
            return None
        return (*lines, line)[-keep:]

    return change


def amending(record: RunRecord, keep: int) -> Change:
    """Replace the run's line with ``record`` (what it did to the incident, whom it told)."""
    line = record.to_line()

    def change(lines: tuple[str, ...]) -> tuple[str, ...] | None:
        if line in lines:
            return None
        for position, existing in enumerate(lines):
            if _run_of(existing) == record.run:
                return (*lines[:position], line, *lines[position + 1 :])
        return (*lines, line)[-keep:]

    return change


def _run_of(line: str) -> str | None:
    try:
        return parse_line(line).run
    except (ValueError, TypeError, KeyError):
        return None
