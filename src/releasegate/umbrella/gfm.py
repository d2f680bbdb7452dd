"""markdown-it-py set up to find the blocks that GitHub's renderer, cmark-gfm, finds.

CommonMark leaves a few things to the implementation, and GitHub adds extensions; where
markdown-it reads a body differently from cmark-gfm, an item could be missed or, worse, text
that GitHub shows as words could be ticked as a box. The differences handled here, each
checked against cmark-gfm in tests/differential:

- a task item's line must read, from its start, a list marker, ASCII spaces, `[ ]`/`[x]`/`[X]`
  and an ASCII space (cmark-gfm's tasklist scan): `- [ ]` alone, `- [ ]\u00a0x`, a list opened
  on its parent's line (`- - [ ] a`) and a box on the line after its marker are not tasks;
- a line that only holds an HTML tag ends a paragraph when it is a lazy continuation line
  (cmark-gfm looks for a new block before it looks for laziness), and its HTML block then
  runs to the next blank line;
- tables (GitHub's extension) end a paragraph-like run of lines, so an item after one counts;
- nesting is allowed far deeper than markdown-it's default of 20 levels; a body nested deeper
  still is refused rather than read in part.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.html_block import HTML_SEQUENCES
from markdown_it.token import Token

from releasegate.errors import GitHubError

# Token levels (a list is two: the list and its item); the parser recurses once or twice per
# level, so this keeps well inside Python's recursion limit. cmark-gfm itself stops at 100
# lists opened on one line.
MAX_NESTING = 200

# cmark-gfm's tasklist scan, on the whole line of the item: spaces are ASCII only.
_SPACE = "[ \t\v\f]"
TASK_LINE = re.compile(rf"{_SPACE}*(?:[-+*]|[0-9]+[.)]){_SPACE}+\[[ xX]\]{_SPACE}")
# CommonMark's HTML block type 7 (a line holding only a tag) cannot interrupt a paragraph.
_LONE_TAG = next(start for start, _, interrupts in HTML_SEQUENCES if not interrupts)


class TooDeeplyNested(GitHubError):
    """A body nested deeper than the parser reads safely; nothing of it is used (exit 3)."""


def parse(body: str) -> list[Token]:
    tokens = _MARKDOWN.parse(body)
    if any(token.level >= MAX_NESTING - 1 for token in tokens):
        raise TooDeeplyNested(
            f"the issue body nests lists or quotes more than {MAX_NESTING // 2} levels deep, "
            "so releasegate cannot read its checklist safely; flatten the nesting and run again"
        )
    return tokens


def parse_inline(text: str) -> Sequence[Token]:
    return _MARKDOWN.parseInline(text)[0].children or []


def _lazy_lone_tag(state: StateBlock, line: int, end_line: int, silent: bool) -> bool:
    """As a terminator only: a lone tag on a lazy line ends the paragraph (or quote) above."""
    if not silent or state.is_code_block(line):
        return False
    lazy = state.parentType == "blockquote" or state.sCount[line] < state.blkIndent
    start = state.bMarks[line] + state.tShift[line]
    text = state.src[start : state.eMarks[line]]
    return lazy and bool(_LONE_TAG.search(text))


def _markdown() -> MarkdownIt:
    # text_join would merge backslash escapes into plain text; `\#12` must not be a reference.
    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).disable("text_join")
    md.enable("table")
    md.block.ruler.before(
        "paragraph", "lazy_lone_tag", _lazy_lone_tag, {"alt": ["paragraph", "blockquote"]}
    )
    return md


_MARKDOWN = _markdown()
