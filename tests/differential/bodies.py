"""Hypothesis strategies for umbrella bodies built from the pieces real tracking issues use.

Each line is an indentation, then either a list-item-like line (marker, gap, box, gap, text)
or a structural line (headings, setext underlines, fences, HTML, quotes, tables, footnotes,
thematic breaks, plain text that may be a lazy continuation), then a line ending. The pieces
include the edges where Markdown readers differ: boxes glued to their text, non-ASCII spaces,
lists opened on their parent's line, tabs, CR and CRLF endings.
"""

from __future__ import annotations

from hypothesis import strategies as st

INDENTS = ["", "", "", "", " ", "  ", "  ", "   ", "    ", "\t", "  \t", "      ", "        "]
MARKERS = [
    "-", "-", "*", "+", "1.", "2)", "10.", "- -", "1. -", "- 1.", ">", "> -", "[^1]:", "",
]  # fmt: skip
GAPS = [" ", " ", " ", "  ", "\t", "", "\u00a0", "     "]
BOXES = ["[ ]", "[ ]", "[x]", "[X]", "[  ]", "[]", "[ x]", "[\t]", ""]
AFTER_BOX = [" ", " ", " ", "\t", "", "\u00a0", "\u3000", "  ", "\x0b", "\x0c"]
WORDS = [
    "a", "task", "Tier 1", "#12", "acme/app#3", "https://github.com/acme/app/issues/14",
    "`#4`", "\\#5", "[x]", "[ ]", "**bold**", "<b>tag</b>", "[^1]", "|", "| cell |",
    "see[^1]", "~~gone~~", "[link](https://github.com/acme/app/pull/8)", "タスク", "x\u00a0y",
    "*", "_e_", "<!-- c -->", "#1٣", "<br>", "---", "===", "#", ">", "[x]:", "\t", "  ",
]  # fmt: skip
STRUCTURE = [
    "", "", "", "## Tier 1", "# Release", "### Tier 2 —", "**Tier 3:**", "Tier 4", "plain text",
    "lazy #7", "---", "===", "***", "- - -", "```", "```md", "~~~", "<!--", "-->", "<!-- c -->",
    "<br>", "<details>", "</details>", "<summary>s</summary>", "<div>", "</div>", "<span>",
    "</span>", "<img src=x>", "> quote", ">", "> > deep", "| a | b |", "|---|---|", "| - |",
    "a | b", "[^1]:", "[^1]: note", "see[^1]", "[^2]: other", "[x]: https://example.com",
    "<pre>", "</pre>", "1. one", "2. two", "-", "*", "+", "\\- [ ] escaped",
]  # fmt: skip
ENDINGS = ["\n", "\n", "\n", "\r\n", "\r"]

TEXT = st.lists(st.sampled_from(WORDS), max_size=4).map(" ".join)
ITEM_LINE = st.tuples(
    st.sampled_from(MARKERS),
    st.sampled_from(GAPS),
    st.sampled_from(BOXES),
    st.sampled_from(AFTER_BOX),
    TEXT,
).map("".join)
LINE = st.tuples(
    st.sampled_from(INDENTS),
    st.one_of(ITEM_LINE, ITEM_LINE, st.sampled_from(STRUCTURE)),
    st.sampled_from(ENDINGS),
).map("".join)
BODIES = st.lists(LINE, min_size=1, max_size=25).map("".join)
