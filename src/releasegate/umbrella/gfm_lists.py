"""List items as cmark-gfm opens and ends them, for gfm.py.

markdown-it-py's list rule (markdown_it/rules_block/list.py, MIT), changed for an item whose
own line holds nothing to continue: nothing after its marker, or only a task box (cmark-gfm's
tasklist extension takes the box before it reads the line's text). For cmark-gfm such an
item has no content yet: its next line starts a block of its own, and a blank line ends the
item unless that line is indented to the item's content. markdown-it ended an empty item at
every blank line (`*`, two spaces, then `    1. [ ] a` lost the nested task) and a box-only
item at none (after `- [ ] ` and an empty line, `    - [ ] b` is code on GitHub, not a task).
"""

from __future__ import annotations

import re

from markdown_it.parser_block import RuleFuncBlockType
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.list import (
    markTightParagraphs,
    skipBulletListMarker,
    skipOrderedListMarker,
)

from releasegate.umbrella.gfm_blocks import definitions_then_text, lheading, paragraph
from releasegate.umbrella.gfm_tables import heads_table, push_table, table

# cmark-gfm's tasklist scan, on the whole line of the item: spaces are ASCII only.
_SPACE = "[ \t\v\f]"
TASK_LINE = re.compile(rf"{_SPACE}*(?:[-+*]|[0-9]+[.)]){_SPACE}+\[[ xX]\]{_SPACE}")
_BOX = re.compile(r"\[[ xX]\][ \t]*")  # after it, \v and \f are text for cmark-gfm
_MAX_INDENT_AFTER_MARKER = 4  # more, and the item's text is indented code
# The content columns of the containers (items, footnotes) around the one being read.
_OUTER_COLUMNS = "releasegate.outer_columns"


def list_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """markdown-it's list rule, each item's content read by `_item_content`."""
    if state.is_code_block(start_line):
        return False
    # "- a", then "     - b" indented four past the list: a lazy line of "a", not a list.
    if state.listIndent >= 0 and lazy_line_is_indented_code(state, start_line):
        return False
    interrupts_paragraph = (
        silent and state.parentType == "paragraph" and state.sCount[start_line] >= state.blkIndent
    )
    ordered, after_marker = _marker_end(state, start_line)
    if after_marker < 0:
        return False
    marker_start = state.bMarks[start_line] + state.tShift[start_line]
    if interrupts_paragraph and (
        (ordered and int(state.src[marker_start : after_marker - 1]) != 1)
        or state.skipSpaces(after_marker) >= state.eMarks[start_line]
    ):
        return False  # a paragraph is interrupted only by "1." or a bullet with text
    if silent:
        return True
    _list(state, start_line, end_line, ordered, after_marker)
    return True


def lazy_line_is_indented_code(state: StateBlock, line: int) -> bool:
    """Whether a line outdented from the current container is indented four columns past
    the content of the innermost container it still belongs to: cmark-gfm measures from
    there, so such a lazy line can open no block (`1. - a`, then `    ## b`, is words)."""
    indent = state.sCount[line]
    if indent >= state.blkIndent:
        return False
    columns: list[int] = state.env.get(_OUTER_COLUMNS, [])
    return indent - max((column for column in columns if column <= indent), default=0) >= 4


def enter_container(state: StateBlock) -> None:
    """Remember the content column of the container around the one about to be read."""
    state.env.setdefault(_OUTER_COLUMNS, []).append(state.listIndent)


def leave_container(state: StateBlock) -> None:
    state.env[_OUTER_COLUMNS].pop()


def _marker_end(state: StateBlock, line: int) -> tuple[bool, int]:
    after_marker = skipOrderedListMarker(state, line)
    if after_marker >= 0:
        return True, after_marker
    return False, skipBulletListMarker(state, line)


def _list(
    state: StateBlock, start_line: int, end_line: int, ordered: bool, after_marker: int
) -> None:
    marker_start = state.bMarks[start_line] + state.tShift[start_line]
    marker_char = state.src[after_marker - 1]
    list_index = len(state.tokens)
    if ordered:
        opening = state.push("ordered_list_open", "ol", 1)
        if (number := int(state.src[marker_start : after_marker - 1])) != 1:
            opening.attrs = {"start": number}
    else:
        opening = state.push("bullet_list_open", "ul", 1)
    opening.map = list_lines = [start_line, 0]
    opening.markup = marker_char

    line = start_line
    tight, previous_ended_empty = True, False
    terminators = state.md.block.ruler.getRules("list")
    old_parent_type, state.parentType = state.parentType, "list"
    while line < end_line:
        _item(state, line, end_line, after_marker, ordered)
        if not state.tight or previous_ended_empty:
            tight = False
        # An item is loose when it ends with a blank line, unless it is the last one.
        previous_ended_empty = state.line - line > 1 and state.isEmpty(state.line - 1)
        line = state.line
        if not _next_item_continues(state, line, end_line, terminators):
            break
        next_ordered, after_marker = _marker_end(state, line)
        if next_ordered != ordered or after_marker < 0:
            break
        if marker_char != state.src[after_marker - 1]:
            break

    if ordered:
        closing = state.push("ordered_list_close", "ol", -1)
    else:
        closing = state.push("bullet_list_close", "ul", -1)
    closing.markup = marker_char
    list_lines[1] = line
    state.line = line
    state.parentType = old_parent_type
    if tight:
        markTightParagraphs(state, list_index)


def _next_item_continues(
    state: StateBlock, line: int, end_line: int, terminators: list[RuleFuncBlockType]
) -> bool:
    if line >= end_line or state.sCount[line] < state.blkIndent or state.is_code_block(line):
        return False
    return not any(rule(state, line, end_line, True) for rule in terminators)


def _item(state: StateBlock, line: int, end_line: int, after_marker: int, ordered: bool) -> None:
    line_end = state.eMarks[line]
    marker_start = state.bMarks[line] + state.tShift[line]
    marker_char = state.src[after_marker - 1]
    initial = offset = state.sCount[line] + after_marker - marker_start
    content_start = after_marker
    while content_start < line_end and state.src[content_start] in " \t":
        if state.src[content_start] == "\t":
            offset += 4 - (offset + state.bsCount[line]) % 4
        else:
            offset += 1
        content_start += 1
    indent_after_marker = offset - initial if content_start < line_end else 1
    if indent_after_marker > _MAX_INDENT_AFTER_MARKER:
        indent_after_marker = 1

    opening = state.push("list_item_open", "li", 1)
    opening.markup = marker_char
    if ordered:
        opening.info = state.src[marker_start : after_marker - 1]
    opening.map = item_lines = [line, 0]

    saved = state.tight, state.tShift[line], state.sCount[line], state.listIndent
    state.listIndent = state.blkIndent
    state.blkIndent = initial + indent_after_marker
    state.tight = True
    state.tShift[line] = content_start - state.bMarks[line]
    state.sCount[line] = offset
    enter_container(state)
    _item_content(state, line, end_line, content_start)
    leave_container(state)
    state.blkIndent = state.listIndent
    state.tight, state.tShift[line], state.sCount[line], state.listIndent = saved

    closing = state.push("list_item_close", "li", -1)
    closing.markup = marker_char
    item_lines[1] = state.line


def _item_content(state: StateBlock, line: int, end_line: int, content_start: int) -> None:
    """The item's blocks, from its own line on; an empty one ends as the docstring says."""
    box = _task_box(state, line, content_start)
    if box and box.end() < state.eMarks[line]:
        _task_content(state, line, end_line, box.end())
    elif content_start < state.eMarks[line] and not box:
        if not _definitions_alone(state, line, end_line, content_start):
            state.md.block.tokenize(state, line, end_line)
    else:
        if box:
            _push_box(state, line, content_start)
        _after_empty_line(state, line, end_line)


def _definitions_alone(state: StateBlock, line: int, end_line: int, content_start: int) -> bool:
    """Whether the item opens with link reference definitions, read here: where nothing else
    follows them before a blank line, cmark-gfm drops their paragraph there and the item has
    no content again, so a further blank line ends it unless it is indented to its content."""
    if state.src[content_start] != "[" or state.src.startswith("[^", content_start):
        return False  # no definition, or a footnote's (its own rule reads it)
    if state.is_code_block(line) or table(state, line, end_line, True):
        return False
    tokens = len(state.tokens)
    if not definitions_then_text(state, line, end_line, False):
        return False
    if len(state.tokens) == tokens and state.line < end_line and state.isEmpty(state.line):
        _after_empty_line(state, state.line, end_line)
    elif state.line < end_line:
        state.md.block.tokenize(state, state.line, end_line)
    return True


def _after_empty_line(state: StateBlock, line: int, end_line: int) -> None:
    next_line = line + 1
    while next_line < end_line and state.isEmpty(next_line):
        if state.sCount[next_line] < state.blkIndent:
            state.line = min(state.skipEmptyLines(next_line), end_line)
            return
        next_line += 1
    state.line = line + 1
    state.md.block.tokenize(state, line + 1, end_line)


def _task_content(state: StateBlock, line: int, end_line: int, text_start: int) -> None:
    """A task item's blocks: cmark-gfm takes the box, then reads the rest of its line as a
    paragraph's (no other block starts there), which a delimiter row below makes a table's
    header row: the box is never one of its cells (`- [ ] | a` above `|---|---|` is words)."""
    box_shift, state.tShift[line] = state.tShift[line], text_start - state.bMarks[line]
    if heads_table(state, line, end_line):
        _push_box(state, line, state.bMarks[line] + box_shift)
        push_table(state, line, end_line)
        state.tShift[line] = box_shift
    else:
        state.tShift[line] = box_shift
        _ = lheading(state, line, end_line, False) or paragraph(state, line, end_line, False)
    if state.line < end_line:
        state.md.block.tokenize(state, state.line, end_line)


def _task_box(state: StateBlock, line: int, content_start: int) -> re.Match[str] | None:
    """The box and the spaces after it, where the item's line is a task line."""
    if state.is_code_block(line):
        return None
    whole_line = state.src[state.src.rfind("\n", 0, content_start) + 1 : state.eMarks[line]]
    if not TASK_LINE.match(whole_line):  # endings are "\n" here
        return None
    return _BOX.match(state.src, content_start, state.eMarks[line])


def _push_box(state: StateBlock, line: int, content_start: int) -> None:
    """The box as a paragraph of its own, where parse.py finds a task item's text."""
    opening = state.push("paragraph_open", "p", 1)
    opening.map = [line, line + 1]
    inline = state.push("inline", "", 0)
    inline.content = state.src[content_start : content_start + 3]
    inline.map, inline.children = [line, line + 1], []
    state.push("paragraph_close", "p", -1)
