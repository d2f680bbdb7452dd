"""GitHub's tables as cmark-gfm's table extension reads them, for gfm.py.

markdown-it's table rule differs from it where a checkbox depends on it: a table's rows end
at any line that opens a block, a lone `<span>` too (markdown-it read that line as a row, so
the task below it counted, where GitHub's HTML block swallows it); a header row needs no pipe
(`text` over `|---|` is a table); and a paragraph that failed to be a table once never becomes
one (after `text` over `|---|---|`, a second `|---|---|` is words, not a table's delimiter row
ending the paragraph). A header row is a paragraph's last line, so never a line that opens
another block (`- a | b` over `  |---|---|` is an item holding a table).

Only what releasegate reads is kept: a table's tokens are one inline token per row (its cells
unsplit, where footnote references are found), never a paragraph.
"""

from __future__ import annotations

import re

from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.html_block import HTML_SEQUENCES

# cmark-gfm's delimiter row (scan_table_start): cells of dashes, colons at their ends.
_SPACES = "[ \t\v\f]*"
_DELIMITER_CELL = f"{_SPACES}:?-+:?{_SPACES}"
_DELIMITER_ROW = re.compile(rf"\|?{_DELIMITER_CELL}(?:\|{_DELIMITER_CELL})*\|?{_SPACES}")
# The blocks a line can open that are no paragraph, so neither a header row nor a row.
_NOT_PARAGRAPHS = (
    "fence",
    "blockquote",
    "hr",
    "list",
    "html_block",
    "heading",
    "footnote_definition",
)
# CommonMark's HTML block type 7 (a line holding only a tag): it cannot interrupt a paragraph,
# so markdown-it does not report it as a block that can start on a row; it can.
_LONE_TAG = next(start for start, _, interrupts in HTML_SEQUENCES if not interrupts)
_UNDERLINE = re.compile(r"-+[ \t\v\f]*")
_PIPE = re.compile(r"(?<!\\)\|")
# The paragraphs (by first line) whose last line failed to head a table: cmark-gfm's
# CMARK_NODE__TABLE_VISITED, after which no delimiter row below makes them one.
_TRIED = "releasegate.paragraphs_tried_as_tables"


def table(state: StateBlock, line: int, end_line: int, silent: bool) -> bool:
    """A table with its header row at `line`, the delimiter row on the next."""
    if state.is_code_block(line) or _opens_block(state, line, end_line):
        return False
    lazy = state.parentType == "blockquote" or state.sCount[line] < state.blkIndent
    if (line == state.line or lazy) and _LONE_TAG.search(_text(state, line)):
        return False  # where a block starts, or on a lazy line, a lone tag opens an HTML block
    if not heads_table(state, line, end_line):
        return False
    if not silent:
        push_table(state, line, end_line)
    return True


def heads_table(state: StateBlock, line: int, end_line: int) -> bool:
    """Whether `line`, read as a paragraph's text, heads a table (whatever it looks like: after
    a task's box or in a definitions' paragraph, no other block starts there)."""
    delimiter = line + 1
    if not _is_delimiter_row(state, delimiter, end_line):
        return False
    tried: set[int] = state.env.setdefault(_TRIED, set())
    if state.line in tried:  # state.line is where the paragraph being read began
        return False
    if not _heads(state, line, delimiter):
        tried.add(state.line)
        return False
    return True


def push_table(state: StateBlock, line: int, end_line: int) -> None:
    rows = [line]
    row = line + 2
    while row < end_line and _is_row(state, row, end_line):
        rows.append(row)
        row += 1
    opening = state.push("table_open", "table", 1)
    opening.map = [line, row]
    for each in rows:
        state.push("tr_open", "tr", 1).map = [each, each + 1]
        cells = state.push("inline", "", 0)
        cells.content, cells.map, cells.children = _text(state, each), [each, each + 1], []
        state.push("tr_close", "tr", -1)
    state.push("table_close", "table", -1)
    state.line = row


def table_after_definitions(state: StateBlock, line: int, end_line: int) -> bool:
    """After link reference definitions ending above `line`, which cmark-gfm reads as part of
    the paragraph going on at `line`: a delimiter row there makes the last definition line a
    table's header row, or, if that line cannot head it, a paragraph that never becomes one."""
    header = line - 1
    if not _is_delimiter_row(state, line, end_line):
        return False
    if _heads(state, header, line):
        push_table(state, header, end_line)
        return True
    state.env.setdefault(_TRIED, set()).add(line)
    return False


def _is_delimiter_row(state: StateBlock, line: int, end_line: int) -> bool:
    """A delimiter row in the container being read, and no setext underline (that wins)."""
    if line >= end_line or state.is_code_block(line) or state.sCount[line] < state.blkIndent:
        return False
    text = _text(state, line)
    return bool(_DELIMITER_ROW.fullmatch(text)) and not _UNDERLINE.fullmatch(text)


def _heads(state: StateBlock, header: int, delimiter: int) -> bool:
    return _cell_count(_text(state, header)) == _cell_count(_text(state, delimiter))


def _is_row(state: StateBlock, line: int, end_line: int) -> bool:
    text = _text(state, line)
    if not text or state.sCount[line] < state.blkIndent or state.is_code_block(line):
        return False
    if _LONE_TAG.search(text):
        return False
    # A table is no paragraph: any block ends it, `2)` and `-` alone too.
    parent_type, state.parentType = state.parentType, "table"
    opens = _opens_block(state, line, end_line)
    state.parentType = parent_type
    return not opens and _cell_count(text) > 0


def _opens_block(state: StateBlock, line: int, end_line: int) -> bool:
    rules = state.md.block.ruler.__rules__
    opens = [rule.fn for rule in rules if rule.name in _NOT_PARAGRAPHS and rule.enabled]
    return any(opens_block(state, line, end_line, True) for opens_block in opens)


def _cell_count(text: str) -> int:
    """The cells of a row as cmark-gfm counts them: split at each `|` not right after a
    backslash, a pipe at either end optional, cells possibly empty."""
    row = text.rstrip(" \t\v\f")
    if row.startswith("|"):
        row = row[1:]
    pipes = len(_PIPE.findall(row))
    if row.endswith("|") and not row.endswith("\\|"):
        return pipes  # the last pipe closes the row
    return pipes + 1 if row or pipes else 0


def _text(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]
