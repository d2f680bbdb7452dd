"""GitHub's renderer as the oracle: cmark-gfm (the `cmarkgfm` package bundles GitHub's fork).

GitHub renders issue bodies with cmark-gfm and its extensions table, strikethrough, autolink,
tagfilter and tasklist, footnotes on. With source positions on, every list item in the HTML
carries its first line, and a task item is rendered as that `<li>` opening with cmark-gfm's
own `<input type="checkbox" ... disabled="" />`: that is what a reader sees as a checkbox.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cmarkgfm
from cmarkgfm.cmark import Options

EXTENSIONS = ("table", "strikethrough", "autolink", "tagfilter", "tasklist")
OPTIONS = Options.CMARK_OPT_FOOTNOTES | Options.CMARK_OPT_GITHUB_PRE_LANG | Options.CMARK_OPT_UNSAFE

# cmark-gfm's own markup: its blockquotes and items carry data-sourcepos, raw HTML never does.
_MARKUP = re.compile(
    r'<blockquote data-sourcepos="[^"]*">|</blockquote>'
    r'|<li data-sourcepos="(?P<line>[0-9]+):[0-9]+-(?P<last>[0-9]+):[0-9]+">'
    r'(?P<box><input type="checkbox" (?P<checked>checked="" )?disabled="" />)?'
)
_CHECKBOX = re.compile(r'<input type="checkbox" (?:checked="" )?disabled="" />')
_NEWLINE = re.compile(r"\r\n|\r|\n")  # cmark-gfm's line endings, as it numbers lines


@dataclass(frozen=True, order=True)
class RenderedTask:
    """A checkbox GitHub shows: the 1-based first and last lines of its item, whether it is
    drawn ticked, and whether it sits inside a block quote."""

    line: int
    last_line: int
    checked: bool
    quoted: bool


def render(body: str, *, sourcepos: bool = False) -> str:
    options = OPTIONS | (Options.CMARK_OPT_SOURCEPOS if sourcepos else 0)
    return cmarkgfm.markdown_to_html_with_extensions(
        body, options=options, extensions=list(EXTENSIONS)
    )


@dataclass(frozen=True)
class Rendering:
    """A body as GitHub renders it, rendered once: its HTML with source positions, the
    checkboxes it shows in document order, and the first line of every list item."""

    html: str
    tasks: tuple[RenderedTask, ...]
    item_lines: frozenset[int]
    lines: tuple[str, ...]  # as cmark-gfm numbers them (index 0 is line 1), endings removed
    line_starts: tuple[int, ...]

    def boxes(self) -> dict[int, RenderedTask]:
        """Every checkbox shown on a line that holds its box (quoted ones too), by the offset
        of that box character: cmark-gfm's tasklist scan reads the item's line from its start,
        so the box is the line's first `[`."""
        return {
            self.line_starts[task.line - 1] + self.lines[task.line - 1].index("[") + 1: task
            for task in self.tasks
            if TASK_SCAN.match(self.lines[task.line - 1])
        }


def rendering(body: str) -> Rendering:
    html = render(body, sourcepos=True)
    item_lines = frozenset(int(line) for line in _ITEM_START.findall(html))
    lines = tuple(_NEWLINE.split(body))
    starts = (0, *(match.end() for match in _NEWLINE.finditer(body)))
    return Rendering(html, tuple(_rendered_tasks(html)), item_lines, lines, starts)


def _rendered_tasks(html: str) -> list[RenderedTask]:
    tasks: list[RenderedTask] = []
    quote_depth = 0
    for match in _MARKUP.finditer(html):
        text = match.group()
        if text.startswith("<blockquote"):
            quote_depth += 1
        elif text == "</blockquote>":
            quote_depth -= 1
        elif match.group("box"):
            checked = match.group("checked") is not None
            lines = int(match.group("line")), int(match.group("last"))
            tasks.append(RenderedTask(*lines, checked, quote_depth > 0))
    return tasks


_ITEM_START = re.compile(r'<li data-sourcepos="([0-9]+):')
# cmark-gfm's tasklist scan (extensions/ext_scanners.re), applied to a whole line.
TASK_SCAN = re.compile(r"[ \t\v\f]*(?:[-+*]|[0-9]+[.)])[ \t\v\f]+\[[ xX]\][ \t\v\f]")


def without_checkbox_states(html: str) -> str:
    """`html` with every checkbox drawn the same way: what stays when only boxes change."""
    return _CHECKBOX.sub('<input type="checkbox" disabled="" />', html)
