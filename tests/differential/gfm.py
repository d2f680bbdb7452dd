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


def rendered_tasks(body: str) -> list[RenderedTask]:
    tasks: list[RenderedTask] = []
    quote_depth = 0
    for match in _MARKUP.finditer(render(body, sourcepos=True)):
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


def item_lines(body: str) -> set[int]:
    """The first line of every list item, task or not."""
    return {int(line) for line in _ITEM_START.findall(render(body, sourcepos=True))}


def checkbox_states(html: str) -> list[bool]:
    """Each rendered checkbox of `html`, in document order: ticked or not."""
    return ["checked" in box for box in _CHECKBOX.findall(html)]


def without_checkbox_states(html: str) -> str:
    """`html` with every checkbox drawn the same way: what stays when only boxes change."""
    return _CHECKBOX.sub('<input type="checkbox" disabled="" />', html)


def source_lines(body: str) -> list[str]:
    """The lines of `body` as cmark-gfm numbers them (index 0 is line 1), endings removed."""
    return _NEWLINE.split(body)


def line_starts(body: str) -> list[int]:
    return [0, *(match.end() for match in _NEWLINE.finditer(body))]
