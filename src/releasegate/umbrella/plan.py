"""Decide which checkboxes of an umbrella change, and whether it closes or reopens (pure).

The rules, for an item with references (SPEC §6):

- any reference MISSING (not found, no access): the box is left as the person set it;
- every reference COMPLETED: the box is checked;
- otherwise, with `untick_on_reopen`, the box is unchecked: an OPEN or NOT_PLANNED reference
  means the item is not done, so the box mirrors the references; without it, the box is only
  ever ticked, never unticked.

An item without references keeps the box a person set. Native sub-issues count only as a
reference of the item that names them, so they need no rule of their own; sub-issues that no
item names are reported in `UmbrellaPlan.unlisted_sub_issues`.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from releasegate.umbrella.parse import (
    DEFAULT_SERVER_URL,
    ChecklistItem,
    IssueRef,
    parse_umbrella,
    section_matches,
    set_checkboxes,
)

MAX_BODY_CHARS = 65_536  # GitHub rejects longer issue bodies


class RefState(enum.Enum):
    OPEN = "open"
    COMPLETED = "completed"  # issue closed as completed, or pull request merged
    NOT_PLANNED = "not_planned"  # issue closed as not planned, or pull request closed unmerged
    MISSING = "missing"  # not found, or the token cannot see it


@dataclass(frozen=True)
class SyncSettings:
    """Everything `plan_sync` was given besides the body, kept so `reapply` can plan again."""

    repository: str
    section_pattern: str
    states: Mapping[IssueRef, RefState]
    sub_issues: tuple[IssueRef, ...]
    untick_on_reopen: bool
    close_when: tuple[str, ...]
    is_open: bool
    server_url: str


@dataclass(frozen=True)
class ItemChange:
    item: ChecklistItem
    checked: bool
    reason: str


@dataclass(frozen=True)
class UmbrellaPlan:
    changes: tuple[ItemChange, ...]
    new_body: str
    close: bool
    reopen: bool
    items_after: tuple[ChecklistItem, ...]
    unlisted_sub_issues: tuple[IssueRef, ...]
    settings: SyncSettings = field(repr=False, compare=False)

    @property
    def body_too_long(self) -> bool:
        return len(self.new_body) > MAX_BODY_CHARS


def plan_sync(
    umbrella_body: str,
    *,
    repository: str,
    section_pattern: str,
    states: Mapping[IssueRef, RefState],
    sub_issues: Collection[IssueRef] = (),
    untick_on_reopen: bool,
    close_when: Sequence[str],
    is_open: bool,
    server_url: str = DEFAULT_SERVER_URL,
) -> UmbrellaPlan:
    """Plan the sync of one umbrella; a reference absent from `states` counts as MISSING."""
    settings = SyncSettings(
        repository=repository,
        section_pattern=section_pattern,
        states=MappingProxyType(dict(states)),
        sub_issues=tuple(sub_issues),
        untick_on_reopen=untick_on_reopen,
        close_when=tuple(close_when),
        is_open=is_open,
        server_url=server_url,
    )
    return _plan(umbrella_body, settings)


def reapply(fresh_body: str, plan: UmbrellaPlan, *, is_open: bool | None = None) -> UmbrellaPlan:
    """Plan again on a body someone edited meanwhile, with the same states and settings.

    Items are found afresh, so the person's words and boxes survive and ours are recomputed.
    Pass `is_open` when the issue's state was re-read too.
    """
    settings = plan.settings if is_open is None else replace(plan.settings, is_open=is_open)
    return _plan(fresh_body, settings)


def _plan(body: str, settings: SyncSettings) -> UmbrellaPlan:
    umbrella = parse_umbrella(
        body,
        repository=settings.repository,
        section_pattern=settings.section_pattern,
        server_url=settings.server_url,
    )
    changes = tuple(
        change for item in umbrella.items if (change := _change(item, settings)) is not None
    )
    changed = {change.item.checkbox_offset: change.checked for change in changes}
    new_body = set_checkboxes(body, changed)
    items_after = tuple(
        replace(item, checked=changed.get(item.checkbox_offset, item.checked))
        for item in umbrella.items
    )
    named = {ref for item in umbrella.items for ref in item.references}
    gating = [item for item in items_after if _gates_closing(item, settings.close_when)]
    all_done = bool(gating) and all(item.checked for item in gating)
    return UmbrellaPlan(
        changes=changes,
        new_body=new_body,
        close=settings.is_open and all_done,
        reopen=not settings.is_open and bool(gating) and not all_done,
        items_after=items_after,
        unlisted_sub_issues=tuple(ref for ref in settings.sub_issues if ref not in named),
        settings=settings,
    )


def why_unchecked(item: ChecklistItem, settings: SyncSettings) -> str:
    """Why an unchecked item is not done, as its references say (whichever run unticked it:
    a re-run after a stopped one says what an uninterrupted run would have)."""
    wanted, reason = _wanted(item, settings)
    return reason if wanted is False else "unchecked"


def _change(item: ChecklistItem, settings: SyncSettings) -> ItemChange | None:
    wanted, reason = _wanted(item, settings)
    if wanted is None or wanted == item.checked:
        return None
    return ItemChange(item=item, checked=wanted, reason=reason)


def _wanted(item: ChecklistItem, settings: SyncSettings) -> tuple[bool | None, str]:
    """The checkbox state the references call for (None: leave it) and why."""
    if not item.references:
        return None, "no references"
    states = [settings.states.get(ref, RefState.MISSING) for ref in item.references]
    if RefState.MISSING in states:
        return None, "a reference was not found"
    if all(state is RefState.COMPLETED for state in states):
        return True, f"{_names(item.references)} done"
    if not settings.untick_on_reopen:
        return None, "untick-on-reopen is off"
    by_state = list(zip(item.references, states, strict=True))
    open_refs = [ref for ref, state in by_state if state is RefState.OPEN]
    if open_refs:
        return False, f"{_names(open_refs)} open"
    dropped = [ref for ref, state in by_state if state is RefState.NOT_PLANNED]
    return False, f"{_names(dropped)} closed as not planned"


def _names(refs: Sequence[IssueRef]) -> str:
    verb = "is" if len(refs) == 1 else "are"
    return f"{', '.join(str(ref) for ref in refs)} {verb}"


def _gates_closing(item: ChecklistItem, close_when: Sequence[str]) -> bool:
    return any(section_matches(item.section, wanted) for wanted in close_when)
