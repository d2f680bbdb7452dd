"""What a sync says: its one line per umbrella, the dry run's preview, and the comments that
close or reopen an umbrella. Text from people is escaped wherever it goes into Markdown."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from releasegate.umbrella.parse import ChecklistItem, section_matches
from releasegate.umbrella.plan import MAX_BODY_CHARS, ItemChange, UmbrellaPlan, why_unchecked
from releasegate.umbrella.progress import escape
from releasegate.umbrella.triggers import AllOpen, Naming, Trigger

MAX_LISTED = 20
_COMMENT_ACTIONS = {"created": "created", "updated": "updated", "unchanged": "unchanged"}
_STATE_ACTIONS = {
    "close": "closed as completed",
    "reopen": "reopened",
    "keep closed": "left closed: it was closed as not planned",
}


def nothing_found(trigger: Trigger, label: str) -> str:
    if isinstance(trigger, Naming):
        return f"no umbrella (an issue labelled '{label}') names {trigger.ref}; nothing to sync"
    assert isinstance(trigger, AllOpen)
    return f"no open issue has the '{label}' label; nothing to sync"


def failed(repository: str, number: int, message: str) -> str:
    return f"error: could not sync {repository}#{number}; nothing more was written. {message}"


def kept_changing(name: str, attempts: int) -> str:
    return (
        f"{name} kept changing while releasegate wrote its checkboxes: after {attempts} writes, "
        "each followed by a newer edit, it stopped. Every edit is in the body as its author "
        "saved it; the next sync sets the checkboxes again."
    )


def done(
    name: str,
    written: Sequence[ItemChange],
    too_long: bool,
    comment: str,
    change: str | None,
    *,
    unlabelled: str | None = None,
) -> str:
    parts = [_boxes(written, too_long)]
    if comment in _COMMENT_ACTIONS:
        parts.append(f"progress comment {_COMMENT_ACTIONS[comment]}")
    if change is not None:
        parts.append(_STATE_ACTIONS[change])
    if unlabelled is not None:
        parts.append(_unlabelled(unlabelled))
    return f"{name}: {'; '.join(parts)}"


def _unlabelled(label: str) -> str:
    return f"it has no '{label}' label, so only --issue N syncs it"


def _boxes(changes: Sequence[ItemChange], too_long: bool, *, dry_run: bool = False) -> str:
    if too_long:
        return (
            f"checkboxes not written: the body would exceed GitHub's limit of "
            f"{MAX_BODY_CHARS:,} characters"
        )
    if not changes:
        return "checkboxes already up to date"
    checked = sum(change.checked for change in changes)
    unchecked = len(changes) - checked
    verbs = ("check", "uncheck") if dry_run else ("checked", "unchecked")
    counts = [f"{verbs[0]} {checked}"] if checked else []
    counts += [f"{verbs[1]} {unchecked}"] if unchecked else []
    noun = "box" if len(changes) == 1 else "boxes"
    return f"{'would ' if dry_run else ''}{' and '.join(counts)} {noun}"


def preview(
    name: str,
    body: str,
    plan: UmbrellaPlan,
    comment: tuple[str, str],
    change: tuple[str | None, str],
    *,
    unlabelled: str | None = None,
) -> str:
    """The dry run's report: the body's unified diff, the comment, the state change."""
    too_long = plan.body_too_long and bool(plan.changes)
    lines = [f"{name} (dry run): {_boxes(plan.changes, too_long, dry_run=True)}"]
    if plan.changes and not too_long:
        lines += _diff(name, body, plan.new_body)
    action, text = comment
    if action in ("created", "updated"):
        lines += [f"progress comment that would be {action}:", text.rstrip("\n")]
    elif action == "unchanged":
        lines.append("progress comment: unchanged")
    state, state_text = change
    if state in ("close", "reopen"):
        lines += [f"would be {_STATE_ACTIONS[state]}, with this comment:", state_text]
    elif state is not None:
        lines.append(f"would be {_STATE_ACTIONS[state]}")
    if unlabelled is not None:
        lines.append(f"note: {_unlabelled(unlabelled)}")
    lines.append("nothing was written (--dry-run)")
    return "\n".join(lines) + "\n"


def _diff(name: str, before: str, after: str) -> list[str]:
    return list(
        difflib.unified_diff(
            before.splitlines(),
            after.splitlines(),
            f"{name} (on GitHub)",
            f"{name} (after sync)",
            lineterm="",
        )
    )


def closing_comment(plan: UmbrellaPlan) -> str:
    sections = _and([f"**{escape(title)}**" for title in _gating_sections(plan)])
    return (
        f"Every item in {sections} is checked, so releasegate closes this issue as completed. "
        "If one of them is unchecked later, releasegate reopens it.\n"
    )


def reopening_comment(plan: UmbrellaPlan) -> str:
    reasons = {change.item.checkbox_offset: change.reason for change in plan.changes}
    unchecked = [item for item in _gating(plan) if not item.checked]
    lines = [
        f"- {escape(item.text)} "
        f"({escape(reasons.get(item.checkbox_offset) or why_unchecked(item, plan.settings))})"
        for item in unchecked[:MAX_LISTED]
    ]
    if len(unchecked) > MAX_LISTED:
        lines.append(f"- …and {len(unchecked) - MAX_LISTED} more")
    return (
        "Reopening: these items, which must all be checked for this issue to be done, are not "
        "checked any more:\n\n" + "\n".join(lines) + "\n"
    )


def _gating(plan: UmbrellaPlan) -> list[ChecklistItem]:
    wanted = plan.settings.close_when
    return [
        item
        for item in plan.items_after
        if any(section_matches(item.section, each) for each in wanted)
    ]


def _gating_sections(plan: UmbrellaPlan) -> list[str]:
    return list(dict.fromkeys(item.section for item in _gating(plan) if item.section))


def _and(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"
