"""markdown-it-py set up to find the blocks that GitHub's renderer, cmark-gfm, finds.

CommonMark leaves a few things to the implementation, and GitHub adds extensions; where
markdown-it reads a body differently from cmark-gfm, an item could be missed or, worse, text
that GitHub shows as words could be ticked as a box. The differences handled here, each
checked against cmark-gfm in tests/differential:

- a task item's line must read, from its start, a list marker, ASCII spaces, `[ ]`/`[x]`/`[X]`
  and an ASCII space (cmark-gfm's tasklist scan): `- [ ]` alone, `- [ ]\u00a0x`, a list opened
  on its parent's line (`- - [ ] a`) and a box on the line after its marker are not tasks;
- an item with nothing on its line, or only a task box, has no content yet (cmark-gfm takes
  the box before it reads the line's text): the next line starts a block of its own, and a
  blank line ends the item unless it is indented to the item's content (gfm_lists.py);
- link reference definitions are read out of the start of a paragraph, so a line after one
  that cannot interrupt a paragraph (`2) [ ] a`, `    text`, a lone tag, `---`) is words,
  and an item holding only definitions is empty again after them;
- a `>` indented four columns is no quote marker: it continues a quote only as a lazy line;
- a line that only holds an HTML tag ends a paragraph when it is a lazy continuation line
  (cmark-gfm looks for a new block before it looks for laziness), and its HTML block then
  runs to the next blank line;
- tables (GitHub's extension) are read as cmark-gfm's table extension reads them
  (gfm_tables.py): their rows end at any block, a lone tag too, and a task's box is never a
  cell (`- [ ] a | b` over a delimiter row is a task item holding a table);
- footnote definitions (`[^label]:`, content indented four spaces) interrupt a paragraph or a
  list, and end at a line of spaces indented less than their content (an empty line does not
  end them); GitHub shows one only when `[^label]` appears somewhere in the body (in any
  footnote too), and of several with one label only the first to end (a nested one ends
  before the one around it), so the others are dropped, with what they hold but shown ones;
- a lazy line stays lazy when it is indented four columns past the list's own column: cmark-gfm
  measures that indentation from the container the line still belongs to, however far out, so
  it cannot start a block (markdown-it measured it from the item, so `  - a` then `\t---`
  ended the list); and inside nested block quotes, where markdown-it let the inner quote test
  it for a new block again without its indentation (`>>p` then `    1.` ended both quotes);
- nesting is allowed far deeper than markdown-it's default of 20 levels; a body nested deeper
  still is refused rather than read in part.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.html_block import HTML_SEQUENCES
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from releasegate.errors import GitHubError
from releasegate.umbrella import gfm_blocks, gfm_lists, gfm_tables

TASK_LINE = gfm_lists.TASK_LINE

# Token levels (a list is two: the list and its item); the parser recurses once or twice per
# level, so this keeps well inside Python's recursion limit. cmark-gfm itself stops at 100
# lists opened on one line.
MAX_NESTING = 200
# Inline markup (links in links, emphasis) keeps markdown-it's own limit: deeper, a line of
# 20,000 "[" takes seconds instead of one.
MAX_INLINE_NESTING = 20

# cmark-gfm's footnote definition start; its content is indented four columns past the label.
_FOOTNOTE_DEF = re.compile(r"\[\^([^\] \t\r\n\x00]+)\]:[ \t]*")
_FOOTNOTE_REF = re.compile(r"\[\^([^\] \t\r\n\x00]+)\]")
_FOOTNOTE_INDENT = 4
_ESCAPED = "\x00"  # stands in for a backslash-escaped character: it opens no reference
_LONE_TAG = next(start for start, _, interrupts in HTML_SEQUENCES if not interrupts)


BlockRule = Callable[[StateBlock, int, int, bool], bool]


class TooDeeplyNested(GitHubError):
    """A body nested deeper than the parser reads safely; nothing of it is used (exit 3)."""


def parse(body: str) -> list[Token]:
    """The blocks of `body` that GitHub shows (footnotes it drops are left out)."""
    tokens = _MARKDOWN.parse(body)
    if any(token.level >= MAX_NESTING - 1 for token in tokens):
        raise TooDeeplyNested(
            f"the issue body nests lists or quotes more than {MAX_NESTING // 2} levels deep, "
            "so releasegate cannot read its checklist safely; flatten the nesting and run again"
        )
    return _without_hidden_footnotes(tokens)


def parse_inline(text: str) -> Sequence[Token]:
    return _INLINE.parseInline(text)[0].children or []


def _lazy_lone_tag(state: StateBlock, line: int, end_line: int, silent: bool) -> bool:
    """As a terminator only: a lone tag on a lazy line ends the paragraph (or quote) above."""
    if not silent or state.is_code_block(line):
        return False
    lazy = state.parentType == "blockquote" or state.sCount[line] < state.blkIndent
    start = state.bMarks[line] + state.tShift[line]
    text = state.src[start : state.eMarks[line]]
    return lazy and bool(_LONE_TAG.search(text))


def _footnote_definition(state: StateBlock, line: int, end_line: int, silent: bool) -> bool:
    """`[^label]: content`, the content parsed as blocks four columns in (cmark-gfm's rule)."""
    if state.is_code_block(line):
        return False
    start = state.bMarks[line] + state.tShift[line]
    match = _FOOTNOTE_DEF.match(state.src, start, state.eMarks[line])
    if match is None or silent:
        return match is not None
    opening = state.push("footnote_open", "", 1)
    opening.meta = {"label": match.group(1).casefold()}
    saved = state.bMarks[line], state.tShift[line], state.sCount[line], state.listIndent
    # The rest of the label's line is the content's first line, whatever spaces led to it.
    state.bMarks[line], state.tShift[line] = match.end(), 0
    # Like a list item's: a lazy line is measured from the column the definition stands in.
    state.listIndent = state.blkIndent
    state.blkIndent += _FOOTNOTE_INDENT
    state.sCount[line] = state.blkIndent
    gfm_lists.enter_container(state)
    tokens = len(state.tokens)
    state.md.block.tokenize(state, line, end_line)
    if (cut := _footnote_cut(state, line, state.line)) is not None:
        del state.tokens[tokens:]  # read again, up to where cmark-gfm ends the footnote
        state.line = line
        state.md.block.tokenize(state, line, cut)
    gfm_lists.leave_container(state)
    state.blkIndent -= _FOOTNOTE_INDENT
    state.bMarks[line], state.tShift[line], state.sCount[line], state.listIndent = saved
    opening.map = [line, state.line]
    state.push("footnote_close", "", -1)
    return True


def _footnote_cut(state: StateBlock, line: int, end: int) -> int | None:
    """The first line of the footnote read from `line` to `end` that cmark-gfm does not let it
    continue over: a blank line holding spaces (or a quote marker), indented less than its
    content. Only a line with nothing at all on it continues a footnote whatever follows."""
    for later in range(line + 1, end):
        raw_start = state.src.rfind("\n", 0, state.eMarks[later]) + 1
        holds_something = raw_start < state.eMarks[later]
        if state.isEmpty(later) and holds_something and state.sCount[later] < state.blkIndent:
            return later
    return None


def _without_hidden_footnotes(tokens: list[Token]) -> list[Token]:
    """Drop the footnote definitions GitHub does not show: those never referenced, and every
    one but the first to end with the same label (cmark-gfm keeps the first it finishes, so
    one nested in another with its label wins). One shown inside a hidden one stays."""
    shown = _shown_footnotes(tokens, _footnote_references(tokens))
    kept: list[Token] = []
    visible = [True]
    for index, token in enumerate(tokens):
        if token.type == "footnote_open":
            visible.append(index in shown)
        if visible[-1]:
            kept.append(token)
        if token.type == "footnote_close":
            visible.pop()
    return kept


def _shown_footnotes(tokens: Sequence[Token], referenced: set[str]) -> set[int]:
    """The indexes of the footnote_open tokens of the definitions GitHub shows."""
    opened: list[int] = []
    first_ended: dict[str, int] = {}
    for index, token in enumerate(tokens):
        if token.type == "footnote_open":
            opened.append(index)
        elif token.type == "footnote_close":
            start = opened.pop()
            if (label := tokens[start].meta["label"]) in referenced:
                first_ended.setdefault(label, start)
    return set(first_ended.values())


def _footnote_references(tokens: Sequence[Token]) -> set[str]:
    """The labels `[^label]` names anywhere (footnotes included), outside code and HTML."""
    labels: set[str] = set()
    for token in tokens:
        for run in _text_runs(token.children or []):
            labels.update(match.group(1).casefold() for match in _FOOTNOTE_REF.finditer(run))
    return labels


def _text_runs(children: Sequence[Token]) -> list[str]:
    runs = [""]
    for child in children:
        if child.type == "text":
            runs[-1] += child.content
        elif child.type == "text_special":
            runs[-1] += _ESCAPED if child.info == "escape" else child.content
        else:
            runs.append("")
    return runs


def _unless_lazy(rule: BlockRule) -> BlockRule:
    """`rule`, except that as a terminator it never ends a block on a lazy line (see above)."""

    def guarded(state: StateBlock, line: int, end_line: int, silent: bool) -> bool:
        return not (silent and _stays_lazy(state, line)) and rule(state, line, end_line, silent)

    return guarded


def _stays_lazy(state: StateBlock, line: int) -> bool:
    indent = state.sCount[line]
    if indent < 0:  # an outer block quote took it as a lazy line already
        return True
    return state.listIndent >= 0 and gfm_lists.lazy_line_is_indented_code(state, line)


def _inline_with(inline_md: MarkdownIt) -> Callable[[StateCore], None]:
    """The core rule that parses each block's text, with `inline_md`'s own nesting limit."""

    def inline(state: StateCore) -> None:
        for token in state.tokens:
            if token.type == "inline":
                token.children = []
                inline_md.inline.parse(token.content, inline_md, state.env, token.children)

    return inline


def _markdown() -> MarkdownIt:
    # text_join would merge backslash escapes into plain text; `\#12` must not be a reference.
    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).disable("text_join")
    md.enable("table")
    md.block.ruler.at("table", gfm_tables.table, {"alt": ["paragraph", "reference"]})
    md.core.ruler.at("inline", _inline_with(_INLINE))
    md.block.ruler.at("reference", gfm_blocks.definitions_then_text)
    md.block.ruler.at("paragraph", gfm_blocks.paragraph)
    md.block.ruler.at("lheading", gfm_blocks.lheading)
    md.block.ruler.at(
        "blockquote",
        gfm_blocks.blockquote,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    md.block.ruler.at(
        "list", gfm_lists.list_block, {"alt": ["paragraph", "reference", "blockquote"]}
    )
    md.block.ruler.before(
        "paragraph", "lazy_lone_tag", _lazy_lone_tag, {"alt": ["paragraph", "blockquote"]}
    )
    md.block.ruler.before(
        "list",
        "footnote_definition",
        _footnote_definition,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    for rule in md.block.ruler.__rules__:  # every rule that may end a block on a lazy line
        if rule.alt:
            md.block.ruler.at(rule.name, _unless_lazy(rule.fn), {"alt": rule.alt})
    return md


_INLINE = MarkdownIt("commonmark", {"maxNesting": MAX_INLINE_NESTING}).disable("text_join")
_MARKDOWN = _markdown()
