"""releasegate's umbrella parser against cmark-gfm, GitHub's own renderer (SPEC §6).

On hypothesis-generated bodies (tests/differential/bodies.py: task items with every marker,
nested and glued lists, boxes, references, headings incl. setext, code, HTML comments and tags,
quotes, tables, footnotes, tabs, non-ASCII spaces, lazy lines, CR/CRLF endings):

1. the items releasegate finds are exactly the checkboxes GitHub shows (same line, same box);
2. after releasegate ticks and unticks them, GitHub shows exactly the intended boxes changed
   and nothing else in the rendered page differs.

Deliberate differences, each checked as such:

- items inside block quotes are never items (SPEC §6). cmark-gfm agrees, as it happens: its
  tasklist scan reads the line from its start, and a quoted line starts with `>`;
- releasegate reads a box's state from its own character. cmark-gfm draws a box ticked when
  `[x]` or `[X]` appears anywhere on the item's line (`- [ ] see [x]` is drawn ticked: a C
  `strstr` on the line), and reads it again from a later line of the item that looks like a
  task line where it is a lazy line of a quote inside the item (`- [ ] a\n  > q\n      * [x] b`
  is drawn ticked, and `- a\n  > q\n      * [x] b` even gets a box, on a line without one).
  An item with no box on its own line is never an item (nothing there can be ticked without
  editing words); where such a later line exists, the drawn state is cmark-gfm's business,
  and an edit must leave it either as it was or as intended, never anything else;
- a body whose lists or quotes nest more than 100 levels deep is refused (exit 3, never read
  in part), where cmark-gfm shows every box: the generated bodies stay below that depth, and
  tests/unit/umbrella/test_parse.py checks the refusal.

Both are checked on each generated body, which is rendered and parsed once, in one test:
generating a body is most of the cost (hypothesis draws dozens of choices for each), so one
test checks each of them on as many bodies as two tests did, in half the time. Both
are also checked on every body of three lines drawn from EDGE_LINES (27,000 bodies, about 8 s),
which found differences the generated bodies had not. The generated examples are derandomized
(the same every run); their number comes from RELEASEGATE_DIFFERENTIAL_EXAMPLES (default
5000, about 27 s on one core); to look harder, run e.g.

    RELEASEGATE_DIFFERENTIAL_EXAMPLES=200000 .venv/bin/python -m pytest -p no:cacheprovider \
        tests/differential/test_tasklists_cmark.py

and, for other examples than CI's, add `--hypothesis-seed=N`, which derandomize ignores, so
set RELEASEGATE_DIFFERENTIAL_RANDOM=1 too.
"""

from __future__ import annotations

import itertools
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from differential import gfm
from differential.bodies import BODIES
from releasegate.umbrella.parse import ChecklistItem, parse_umbrella, set_checkboxes

EXAMPLES = int(os.environ.get("RELEASEGATE_DIFFERENTIAL_EXAMPLES", "5000"))
DIFFERENTIAL = settings(
    max_examples=EXAMPLES,
    derandomize=not os.environ.get("RELEASEGATE_DIFFERENTIAL_RANDOM"),
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def items_of(body: str) -> tuple[ChecklistItem, ...]:
    return parse_umbrella(body, repository="acme/app", section_pattern=r"(?i)^tier").items


def drawn_ticked(line: str) -> bool:
    """How cmark-gfm draws the box of a task item on `line` (the strstr quirk above)."""
    return "[x]" in line or "[X]" in line


def restated_lines(shown: gfm.Rendering, task: gfm.RenderedTask) -> list[str]:
    """Lines of the task's item, after its first, where cmark-gfm may read its state again:
    they look like a task line but open no list item of their own."""
    span = range(task.line + 1, task.last_line + 1)
    later = [shown.lines[n - 1] for n in span if n not in shown.item_lines]
    return [line for line in later if gfm.TASK_SCAN.match(line)]


@DIFFERENTIAL
@given(BODIES, st.data())
def test_items_are_github_checkboxes_and_edits_change_only_the_intended_ones(
    body: str, data: st.DataObject
) -> None:
    # One body, rendered and parsed once, for both properties of the module's docstring.
    shown = gfm.rendering(body)
    items = items_of(body)
    assert_items_are_exactly_the_checkboxes_github_shows(body, shown, items)
    wanted = data.draw(st.lists(st.booleans(), min_size=len(items), max_size=len(items)))
    changes = {item.checkbox_offset: ticked for item, ticked in zip(items, wanted, strict=True)}
    assert_a_surgical_edit_changes_exactly_the_intended_checkboxes(body, shown, changes)


# Lines near the shapes where markdown-it and cmark-gfm were found to differ: empty items and
# boxes alone, blank and space-only lines, definitions, lone tags, quote markers, tables,
# footnotes, underlines. Every body of three of them is tried, each neighbour of each line
# with each other, where generated bodies only sample (it found five differences they missed).
EDGE_LINES = [
    "- [ ] ", "- [ ] a", "*", "  ", " ", "", "    - [ ] c", "  - [ ] n", "[x]: u", "2) [ ] a",
    "<span>", ">", "> a", "    > q", "a | b", "|---|---|", "  |---|---|", "- [ ] a | b",
    "text", "1. [ ] b", "   ", "\t", "---", "===", "[^1]: n", "see[^1]", "```", "  [ ] x",
    "- [x]: u", "|---|",
]  # fmt: skip


def test_every_body_of_three_edge_lines_is_read_as_github_reads_it() -> None:
    for lines in itertools.product(EDGE_LINES, repeat=3):
        body = "\n".join(lines) + "\n"
        shown = gfm.rendering(body)
        items = items_of(body)
        assert_items_are_exactly_the_checkboxes_github_shows(body, shown, items)
        if items:  # every box flipped: each one changes
            flipped = {item.checkbox_offset: not item.checked for item in items}
            assert_a_surgical_edit_changes_exactly_the_intended_checkboxes(body, shown, flipped)


def assert_items_are_exactly_the_checkboxes_github_shows(
    body: str, shown: gfm.Rendering, items: tuple[ChecklistItem, ...]
) -> None:
    boxes = shown.boxes()
    for task in shown.tasks:
        line = shown.lines[task.line - 1]
        if task.checked != drawn_ticked(line) or not gfm.TASK_SCAN.match(line):
            assert restated_lines(shown, task), f"cmark-gfm's box unexplained on {line!r}"
    # Items outside block quotes only (SPEC §6).
    unquoted = {offset: task for offset, task in boxes.items() if not task.quoted}

    found = {item.checkbox_offset: item for item in items}

    assert sorted(found) == sorted(unquoted), f"items differ from GitHub's on {body!r}"
    for offset, item in found.items():
        assert item.line == unquoted[offset].line
        assert item.checked == (body[offset] != " ")


def assert_a_surgical_edit_changes_exactly_the_intended_checkboxes(
    body: str, shown: gfm.Rendering, changes: dict[int, bool]
) -> None:
    edited = set_checkboxes(body, changes)

    after = gfm.rendering(edited)
    assert gfm.without_checkbox_states(after.html) == gfm.without_checkbox_states(shown.html)
    before_boxes, after_boxes = shown.boxes(), after.boxes()
    assert after_boxes.keys() == before_boxes.keys()
    for offset, task in before_boxes.items():
        intended = task.checked
        if offset in changes:
            intended = changes[offset] or drawn_ticked(after.lines[task.line - 1])
        allowed = {intended, task.checked} if restated_lines(shown, task) else {intended}
        assert after_boxes[offset].checked in allowed, f"box of line {task.line} in {edited!r}"
