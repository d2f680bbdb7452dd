"""The writes of one sync, each made only when something changes, each checked.

The body: re-read just before writing; if it changed since the plan, the plan is made again
on the fresh body (``reapply``), so the edit survives and only our boxes are recomputed; then
the body alone is written, and read back with the edits saved around then. GitHub has no
compare-and-swap, so two orders can lose a person's words, and both are caught: a save that
lands after ours (someone whose editor was open) shows on the read-back; a save that landed
between our re-read and our write, which ours overwrote, shows in the edit history (``lost``).
Either way the plan is applied again on that person's body and written, at most
``MAX_WRITES`` times; then the run fails (exit 3) with every edit still there.

The progress comment is compared with ours ignoring its "Last synced" line and written only
when something else in it changed, so that line tells when progress last changed and an
unchanged umbrella costs no write. The umbrella is closed or reopened only when its body is
as the plan has it (never after a body too long to write), and never reopened when a person
closed it as not planned. The comment that says why comes first, marked, and the state change
after it: a run stopped in between is finished by the next one, which finds the comment
posted since the state last changed and only changes the state.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from releasegate.errors import GitHubError
from releasegate.github.client import GitHub
from releasegate.policy.models import UmbrellaSettings
from releasegate.umbrella import github as rest
from releasegate.umbrella import messages
from releasegate.umbrella.github import Edit, Fresh, UmbrellaIssue
from releasegate.umbrella.parse import IssueRef
from releasegate.umbrella.plan import MAX_BODY_CHARS, ItemChange, RefState, UmbrellaPlan, reapply
from releasegate.umbrella.progress import render_progress

MAX_WRITES = 3
REOPENABLE = (None, "COMPLETED")  # how an umbrella was closed for a sync to reopen it
STATE_MARKERS = {
    "close": "<!-- releasegate:umbrella-closing -->",
    "reopen": "<!-- releasegate:umbrella-reopening -->",
}
_SYNCED_LINE = re.compile(r"^Last synced: .*$", re.MULTILINE)


@dataclass(frozen=True)
class UmbrellaRun:
    """One `umbrella sync`: where it writes, with which settings, and when it synced."""

    github: GitHub
    repository: str
    settings: UmbrellaSettings
    server_url: str
    dry_run: bool
    synced_at: datetime


@dataclass(frozen=True)
class Checkboxes:
    """The plan as the body on GitHub now has it, and the boxes the last write changed."""

    plan: UmbrellaPlan
    written: tuple[ItemChange, ...] = ()
    too_long: bool = False


def apply(
    run: UmbrellaRun,
    issue: UmbrellaIssue,
    plan: UmbrellaPlan,
    states: Mapping[IssueRef, RefState],
) -> str:
    boxes = write_checkboxes(run, issue, plan)
    comment, text = progress_comment(run, issue, boxes, states)
    if comment == "created":
        rest.post_marked_comment(run.github, run.repository, issue.number, text)
    elif comment == "updated" and issue.sticky is not None:
        rest.edit_comment(run.github, run.repository, issue.sticky.comment_id, text)
    change = state_change(issue, boxes)
    if change in ("close", "reopen"):
        _announce(run, issue, change, boxes)
        rest.set_open(run.github, run.repository, issue.number, is_open=change == "reopen")
    unlabelled = _unlabelled(issue, run.settings.label)
    return messages.done(
        issue.name, boxes.written, boxes.too_long, comment, change, unlabelled=unlabelled
    )


def _announce(run: UmbrellaRun, issue: UmbrellaIssue, change: str, boxes: Checkboxes) -> None:
    """The closing or reopening comment, unless an earlier run posted it and stopped before
    it changed the state."""
    marker = STATE_MARKERS[change]
    if issue.posted_since_state_changed(marker):
        return
    text = f"{marker}\n{state_comment(change, boxes)}"
    rest.post_marked_comment(
        run.github, run.repository, issue.number, text, since=issue.state_changed_at
    )


def preview(
    run: UmbrellaRun, issue: UmbrellaIssue, plan: UmbrellaPlan, states: Mapping[IssueRef, RefState]
) -> str:
    """What ``apply`` would do, with the body's diff and the comments' text; writes nothing."""
    boxes = _unwritten(plan) if plan.body_too_long and plan.changes else Checkboxes(plan)
    comment, text = progress_comment(run, issue, boxes, states)
    change = state_change(issue, boxes)
    closing = state_comment(change, boxes) if change in ("close", "reopen") else ""
    unlabelled = _unlabelled(issue, run.settings.label)
    return messages.preview(
        issue.name, issue.body, plan, (comment, text), (change, closing), unlabelled=unlabelled
    )


def _unlabelled(issue: UmbrellaIssue, label: str) -> str | None:
    """The umbrella label when the issue lacks it (only ``--issue`` reaches it then)."""
    return None if any(each.casefold() == label.casefold() for each in issue.labels) else label


def write_checkboxes(run: UmbrellaRun, issue: UmbrellaIssue, plan: UmbrellaPlan) -> Checkboxes:
    if not plan.changes:
        return Checkboxes(plan)
    if plan.body_too_long:
        return _unwritten(plan)
    planned_on, written = issue.body, tuple[ItemChange, ...]()
    seen = rest.read_body(run.github, run.repository, issue.number)
    on_github = seen.body
    for _ in range(MAX_WRITES):
        if seen.body != planned_on:
            plan, planned_on = reapply(seen.body, plan, is_open=seen.is_open), seen.body
        if plan.new_body == on_github:
            return Checkboxes(plan, written)
        if plan.body_too_long:
            return replace(_unwritten(plan), written=written)
        rest.write_body(run.github, run.repository, issue.number, plan.new_body)
        written = plan.changes or written
        after = rest.read_back(run.github, run.repository, issue.number)
        on_github = after.body
        person = lost(after.edits, read=seen, wrote=plan.new_body)
        if after.body == plan.new_body and person is None:
            return Checkboxes(plan, written)
        seen = after if after.body != plan.new_body else replace(after, body=person or "")
    raise GitHubError(messages.kept_changing(issue.name, MAX_WRITES))


def lost(edits: tuple[Edit, ...], *, read: Fresh, wrote: str) -> str | None:
    """The body a person saved between our re-read (``read``) and our write, which ours then
    overwrote, as the edit history has it; None when no save landed there.

    Only saves strictly later than the body we read count (its own save, and any in the same
    second, are not ours to bring back): a save in that second is not caught, nor one the
    history does not show (it holds the newest edits; GitHub may merge quick saves)."""
    if read.updated_at is None or wrote not in {edit.body for edit in edits}:
        # Only a history that holds our own save word for word is read as whole bodies: if it
        # does not (GitHub documents ``diff`` only as "a summary of the changes"), nothing is
        # brought back, rather than a summary written over a person's words.
        return None
    saved_read = [edit.edited_at for edit in edits if edit.body == read.body]
    since = max([read.updated_at, *saved_read])
    later = [
        edit
        for edit in edits
        if edit.edited_at > since and edit.body is not None and edit.body not in (read.body, wrote)
    ]
    if not later:
        return None
    newest = max(edit.edited_at for edit in later)
    bodies = {edit.body for edit in later if edit.edited_at == newest}
    return bodies.pop() if len(bodies) == 1 else None


def _unwritten(plan: UmbrellaPlan) -> Checkboxes:
    """The plan as the body still has it: its changes are not made."""
    before = {change.item.checkbox_offset: change.item.checked for change in plan.changes}
    items = tuple(
        replace(item, checked=before.get(item.checkbox_offset, item.checked))
        for item in plan.items_after
    )
    kept = replace(plan, changes=(), items_after=items, close=False, reopen=False)
    return Checkboxes(kept, too_long=True)


def progress_comment(
    run: UmbrellaRun, issue: UmbrellaIssue, boxes: Checkboxes, states: Mapping[IssueRef, RefState]
) -> tuple[str, str]:
    """("off" | "created" | "updated" | "unchanged", the comment's text)."""
    if not run.settings.comment:
        return "off", ""
    text = render_progress(
        boxes.plan,
        states=states,
        repository=run.repository,
        synced_at=run.synced_at,
        server_url=run.server_url,
        body_too_long=boxes.too_long,
    )
    text = _fitting(text)
    if issue.sticky is None:
        return "created", text
    if _SYNCED_LINE.sub("", issue.sticky.body) == _SYNCED_LINE.sub("", text):
        return "unchanged", text
    return "updated", text


def _fitting(text: str) -> str:
    """The comment cut at a line before GitHub's limit, keeping its "Last synced" line: an item
    naming hundreds of open references could otherwise make it longer than GitHub accepts."""
    if len(text) <= MAX_BODY_CHARS:
        return text
    synced = text.rstrip("\n").rsplit("\n", 1)[-1]
    note = f"\n\n…and more: the full list would exceed GitHub's comment limit.\n\n{synced}\n"
    return text[: text.rfind("\n", 0, MAX_BODY_CHARS - len(note))] + note


def state_change(issue: UmbrellaIssue, boxes: Checkboxes) -> str | None:
    """What happens to the umbrella's state: close, reopen, keep closed (closed as not planned
    by a person), or nothing (None)."""
    if boxes.plan.close:
        return "close"
    if boxes.plan.reopen:
        return "reopen" if issue.state_reason in REOPENABLE else "keep closed"
    return None


def state_comment(change: str | None, boxes: Checkboxes) -> str:
    if change == "close":
        return messages.closing_comment(boxes.plan)
    return messages.reopening_comment(boxes.plan)
