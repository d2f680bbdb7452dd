"""Render the sticky progress comment of an umbrella issue (pure, deterministic Markdown).

Item text and section titles come from people, so they are escaped: they render as the text
they are and cannot open links, images, HTML, tables cells or @-mentions in our comment.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime

from releasegate.umbrella.parse import DEFAULT_SERVER_URL, ChecklistItem, IssueRef
from releasegate.umbrella.plan import MAX_BODY_CHARS, RefState, UmbrellaPlan

MARKER = "<!-- releasegate:umbrella -->"
BAR_WIDTH = 20
MAX_LISTED_ITEMS = 100  # keeps the comment itself well under GitHub's size limit
NO_SECTION = "(no section)"

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]~|])")
_BLOCK_START = re.compile(r"^([#+=-])|^([0-9]+)([.)])")  # list numbers are ASCII digits
# Every @name, whatever comes before it: what GitHub counts as a word before a mention is its
# renderer's to decide (é@x and @@x are mentions there), so no @ is left to that.
_MENTION = re.compile(r"@(?=[A-Za-z0-9])")


def render_progress(
    plan_or_items: UmbrellaPlan | Sequence[ChecklistItem],
    *,
    states: Mapping[IssueRef, RefState],
    repository: str,
    synced_at: datetime,
    server_url: str = DEFAULT_SERVER_URL,
    body_too_long: bool = False,
) -> str:
    """The comment's Markdown; `synced_at` must be timezone-aware. References absent from
    `states` are reported as not found."""
    if synced_at.tzinfo is None:
        raise ValueError("synced_at must be timezone-aware")
    if isinstance(plan_or_items, UmbrellaPlan):
        items, unlisted = plan_or_items.items_after, plan_or_items.unlisted_sub_issues
    else:
        items, unlisted = tuple(plan_or_items), ()
    links = _Links(repository.lower(), server_url.rstrip("/"))
    blocks = [
        [MARKER, "### Checklist progress"],
        _too_long_note() if body_too_long else [],
        _summary(items),
        _open_items(items, states, links),
        _with_state(items, states, RefState.NOT_PLANNED, "Closed as not planned", links),
        _with_state(items, states, RefState.MISSING, "Not found", links),
        _unlisted(unlisted, links),
        [f"Last synced: {synced_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC"],
    ]
    return "\n\n".join("\n".join(block) for block in blocks if block) + "\n"


class _Links:
    def __init__(self, repository: str, server_url: str) -> None:
        self.repository = repository
        self.server_url = server_url

    def name(self, ref: IssueRef) -> str:
        own = f"{ref.owner}/{ref.repo}" == self.repository
        return f"#{ref.number}" if own else str(ref)

    def link(self, ref: IssueRef) -> str:
        # /issues/N redirects to /pull/N for a pull request.
        return f"[{self.name(ref)}]({self.server_url}/{ref.owner}/{ref.repo}/issues/{ref.number})"


def escape(text: str) -> str:
    """Markdown that renders as `text` on one line, inert inside a list item or table cell."""
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = _BLOCK_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)
    return _MENTION.sub("@&#8203;", text)


def _section_name(section: str | None) -> str:
    return NO_SECTION if section is None else escape(section)


def _by_section(items: Sequence[ChecklistItem]) -> dict[str | None, list[ChecklistItem]]:
    grouped: dict[str | None, list[ChecklistItem]] = {}
    for item in items:
        grouped.setdefault(item.section, []).append(item)
    return grouped


def _summary(items: Sequence[ChecklistItem]) -> list[str]:
    if not items:
        return ["No task-list items were found in this issue."]
    done = sum(item.checked for item in items)
    rows = [
        f"| {_section_name(section)} | {sum(i.checked for i in group)}/{len(group)} "
        f"| {_bar(sum(i.checked for i in group), len(group))} |"
        for section, group in _by_section(items).items()
    ]
    header = ["| Section | Done | Progress |", "| :-- | --: | :-- |"]
    return [f"{done} of {len(items)} items done.", "", *header, *rows]


def _bar(done: int, total: int) -> str:
    filled = done * BAR_WIDTH // total
    return f"{'█' * filled}{'░' * (BAR_WIDTH - filled)} {done * 100 // total}%"


def _open_items(
    items: Sequence[ChecklistItem], states: Mapping[IssueRef, RefState], links: _Links
) -> list[str]:
    unchecked = [item for item in items if not item.checked]
    if not unchecked:
        return []
    lines = ["#### Open items"]
    for section, group in _by_section(unchecked[:MAX_LISTED_ITEMS]).items():
        lines += ["", f"**{_section_name(section)}**"]
        lines += [_open_line(item, states, links) for item in group]
    if len(unchecked) > MAX_LISTED_ITEMS:
        lines += ["", f"…and {len(unchecked) - MAX_LISTED_ITEMS} more."]
    return lines


def _open_line(item: ChecklistItem, states: Mapping[IssueRef, RefState], links: _Links) -> str:
    open_refs = [ref for ref in item.references if states.get(ref) is RefState.OPEN]
    suffix = f" (open: {', '.join(links.link(ref) for ref in open_refs)})" if open_refs else ""
    return f"- {escape(item.text)}{suffix}"


def _with_state(
    items: Sequence[ChecklistItem],
    states: Mapping[IssueRef, RefState],
    wanted: RefState,
    title: str,
    links: _Links,
) -> list[str]:
    lines = [
        f"- {escape(item.text)}: {', '.join(_show(ref, wanted, links) for ref in refs)}"
        for item, refs in _refs_in_state(items, states, wanted)
    ]
    return [f"#### {title}", "", *lines] if lines else []


def _refs_in_state(
    items: Sequence[ChecklistItem], states: Mapping[IssueRef, RefState], wanted: RefState
) -> Iterator[tuple[ChecklistItem, list[IssueRef]]]:
    for item in items:
        refs = [ref for ref in item.references if states.get(ref, RefState.MISSING) is wanted]
        if refs:
            yield item, refs


def _show(ref: IssueRef, state: RefState, links: _Links) -> str:
    # A link to something we could not find would only lead to a 404.
    return f"`{links.name(ref)}`" if state is RefState.MISSING else links.link(ref)


def _unlisted(unlisted: Sequence[IssueRef], links: _Links) -> list[str]:
    if not unlisted:
        return []
    lines = [f"- {links.link(ref)}" for ref in unlisted]
    return ["#### Sub-issues not in the checklist", "", *lines]


def _too_long_note() -> list[str]:
    return [
        "> [!WARNING]",
        "> The checkboxes were not updated: the issue body would be longer than GitHub's limit "
        f"of {MAX_BODY_CHARS:,} characters. Shorten the description and the next sync will "
        "update it.",
    ]
