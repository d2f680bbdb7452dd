"""markdown-it's rules for paragraphs, block quotes and link reference definitions, changed
where cmark-gfm reads a body otherwise (gfm.py lists the differences; each is checked
against cmark-gfm in tests/differential)."""

from __future__ import annotations

import re

from markdown_it.common.utils import mdTrim
from markdown_it.rules_block import StateBlock, reference
from markdown_it.rules_block import blockquote as markdown_it_blockquote
from markdown_it.rules_block import lheading as markdown_it_lheading

from releasegate.umbrella.gfm_tables import (
    heads_table,
    push_table,
    table,
    table_after_definitions,
)

_UNDERLINE = re.compile(r"(?:=+|-+)[ \t]*")


def paragraph(state: StateBlock, line: int, end_line: int, silent: bool) -> bool:
    """markdown-it's paragraph, and the table whose header row ended it: cmark-gfm turns the
    paragraph's last line into the header row where it stands, so the line is read as the
    paragraph's (`a`, `2) b` over `|---|` is a table, not a list), a lazy one stays in the
    paragraph's container (`- a`, `b | c`, `  |---|---|` is an item holding a table), and one
    indented as code heads a table too (markdown-it asked no rule about such a line)."""
    end, header = _paragraph_end(state, line)
    state.line = end
    opening = state.push("paragraph_open", "p", 1)
    opening.map = [line, end]
    inline = state.push("inline", "", 0)
    inline.content = mdTrim(state.getLines(line, end, state.blkIndent, False))
    inline.map, inline.children = [line, end], []
    state.push("paragraph_close", "p", -1)
    if end < end_line and (header or _table_ended(state, line, end, end_line)):
        push_table(state, end, end_line)
    return True


def _paragraph_end(state: StateBlock, line: int) -> tuple[int, bool]:
    """The line after the paragraph read from `line` (markdown-it's loop), and whether a
    table's header row indented as code is there."""
    terminators = state.md.block.ruler.getRules("paragraph")
    end_line = state.lineMax
    parent_type, state.parentType = state.parentType, "paragraph"
    end, header = line + 1, False
    while end < end_line and not state.isEmpty(end):
        if state.sCount[end] - state.blkIndent > 3 or state.sCount[end] < 0:
            # A lazy line whatever it looks like, an outer quote's too; but a header row.
            header = state.sCount[end] >= 0 and heads_table(state, end, end_line)
            if header:
                break
        elif any(rule(state, end, end_line, True) for rule in terminators):
            break
        end += 1
    state.parentType = parent_type
    return end, header


def _table_ended(state: StateBlock, start: int, header: int, end_line: int) -> bool:
    """Whether the paragraph read from `start` ended at `header` for a table, asked as the
    paragraph asked it."""
    saved = state.line, state.parentType
    state.line, state.parentType = start, "paragraph"
    ended = table(state, header, end_line, True)
    state.line, state.parentType = saved
    return ended


def lheading(state: StateBlock, line: int, end_line: int, silent: bool) -> bool:
    """markdown-it's setext heading, which left `state.parentType` at "paragraph" when it found
    no underline: a later probe took a block's start for a paragraph's continuation line."""
    parent_type = state.parentType
    found = markdown_it_lheading(state, line, end_line, silent)
    state.parentType = parent_type
    return found


def definitions_then_text(state: StateBlock, line: int, end_line: int, silent: bool) -> bool:
    """Link reference definitions, then the rest of their paragraph (cmark-gfm's reading).

    cmark-gfm reads definitions out of the start of a paragraph once the paragraph has
    ended, so a line after a definition continues that paragraph unless it could interrupt
    one: after `[x]: /url`, `2) [ ] a`, `    text` or a lone `<span>` are words, not a list,
    code or an HTML block. A setext underline (`---`) there underlines nothing, so it is the
    first line of words too, not a thematic break.
    """
    if not reference(state, line, end_line, silent):
        return False
    while not silent:
        rest = state.line
        if table_after_definitions(state, rest, end_line):
            break
        if not (_continues_paragraph(state, rest, end_line) or _is_underline(state, rest)):
            break
        if reference(state, rest, end_line, False):
            continue
        _rest_of_paragraph(state, rest, end_line)
        break
    return True


def _rest_of_paragraph(state: StateBlock, rest: int, end_line: int) -> None:
    """What follows definitions in their paragraph: its text, any indentation stripped (so a
    table's header row or a setext heading's text however indented)."""
    indent = state.sCount[rest]
    state.sCount[rest] = min(indent, state.blkIndent)
    if heads_table(state, rest, end_line):
        push_table(state, rest, end_line)
    elif not lheading(state, rest, end_line, False):
        paragraph(state, rest, end_line, False)
    state.sCount[rest] = indent


def _continues_paragraph(state: StateBlock, line: int, end_line: int) -> bool:
    """Whether `line` would continue a paragraph standing above it (as markdown-it's own),
    tables aside: a table it heads is that paragraph's last line turned into a header row."""
    if line >= end_line or state.isEmpty(line):
        return False
    if state.sCount[line] - state.blkIndent > 3 or state.sCount[line] < 0:
        return True  # indented past code or already taken by an outer quote: a lazy line
    parent_type, state.parentType = state.parentType, "paragraph"
    rules = state.md.block.ruler.__rules__
    terminators = [
        rule.fn
        for rule in rules
        if rule.enabled and "paragraph" in rule.alt and rule.name != "table"
    ]
    interrupted = any(rule(state, line, end_line, True) for rule in terminators)
    state.parentType = parent_type
    return not interrupted


def _is_underline(state: StateBlock, line: int) -> bool:
    """Whether `line` is a setext heading's underline in the paragraph's own container."""
    if line >= state.lineMax or not 0 <= state.sCount[line] - state.blkIndent < 4:
        return False
    start = state.bMarks[line] + state.tShift[line]
    return bool(_UNDERLINE.fullmatch(state.src, start, state.eMarks[line]))


def blockquote(state: StateBlock, line: int, end_line: int, silent: bool) -> bool:
    """markdown-it's block quote, where a `>` indented four columns is no quote marker.

    markdown-it took `    > b` as a line of the quote above it; for cmark-gfm (and
    CommonMark) it continues the quote only as a lazy line of a paragraph, and after an empty
    quote it is code. Such a `>` is hidden from the rule by starting its line one space early.
    """
    if silent:
        return markdown_it_blockquote(state, line, end_line, silent)
    hidden = _code_indented_markers(state, line, end_line)
    for later in hidden:
        state.tShift[later] -= 1
    found = markdown_it_blockquote(state, line, end_line, silent)
    for later in hidden:
        state.tShift[later] += 1
    return found


def _code_indented_markers(state: StateBlock, line: int, end_line: int) -> list[int]:
    """The lines with a code-indented `>` that the quote opened at `line` reads: it reads on
    as markdown-it's blockquote rule does, over quote lines and lazy lines, and stops where it
    stops (at a blank line, after an empty quote line, or where another block starts)."""
    hidden: list[int] = []
    after_empty = _empty_after_marker(state, line)
    parent_type, state.parentType = state.parentType, "blockquote"
    terminators = state.md.block.ruler.getRules("blockquote")
    for later in range(line + 1, end_line):
        start = state.bMarks[later] + state.tShift[later]
        if start >= state.eMarks[later]:
            break
        if state.src[start] == ">" and state.sCount[later] >= state.blkIndent:
            if not state.is_code_block(later):
                after_empty = _empty_after_marker(state, later)
                continue
            hidden.append(later)
        if after_empty or any(rule(state, later, end_line, True) for rule in terminators):
            break
    state.parentType = parent_type
    return hidden


def _empty_after_marker(state: StateBlock, line: int) -> bool:
    start = state.bMarks[line] + state.tShift[line]
    return state.skipSpaces(start + 1) >= state.eMarks[line]
