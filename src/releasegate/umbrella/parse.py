"""Find the task-list items of an umbrella issue body, with their sections and references.

The body is parsed with markdown-it-py, set up to read blocks as GitHub's cmark-gfm does
(``gfm.py``), so list items inside fenced or indented code, HTML blocks (comments included) are
never items, and an item is a task exactly when GitHub shows it a checkbox; items inside block
quotes are skipped on purpose. Offsets always index the original string, whatever its line
endings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from releasegate.umbrella import gfm

DEFAULT_SERVER_URL = "https://github.com"

_NEWLINE = re.compile(r"\r\n|\r|\n")  # the line endings markdown-it itself recognises
_CHECKBOX = re.compile(r"\[([ xX])\]")
# `#N` or `owner/repo#N`, not glued to a word, path, URL or escaped character on its left.
_SHORT_REF = re.compile(
    r"(?<![\w/#&.\x00-])(?:(?P<owner>[A-Za-z0-9][\w-]*)/(?P<repo>[\w.-]+))?"
    r"#(?P<number>[1-9][0-9]*)(?!\w)"
)
_ESCAPED = "\x00"  # stands in for a backslash-escaped character: it joins no reference
_BOX_CHARS = frozenset(" xX")
# Numbers are ASCII: `\d` and str.isdigit also take "٣" or "³", and int() reads "١٣" as 13.
_ASCII_DIGITS = frozenset("0123456789")


@dataclass(frozen=True, order=True)
class IssueRef:
    """An issue or pull request; owner and repo are lower-cased (GitHub ignores their case)."""

    owner: str
    repo: str
    number: int

    def __str__(self) -> str:
        return f"{self.owner}/{self.repo}#{self.number}"


@dataclass(frozen=True)
class ChecklistItem:
    """One task-list item; `line` is 1-based, `body[checkbox_offset]` is ' ', 'x' or 'X'.

    `text` is what a reader sees after the checkbox, markup stripped, on one line.
    """

    section: str | None
    text: str
    checked: bool
    checkbox_offset: int
    line: int
    references: tuple[IssueRef, ...]


@dataclass(frozen=True)
class Umbrella:
    items: tuple[ChecklistItem, ...]
    sections: tuple[str | None, ...]


@dataclass(frozen=True)
class _RefContext:
    owner: str
    repo: str
    url: re.Pattern[str]


def parse_umbrella(
    body: str, *, repository: str, section_pattern: str, server_url: str = DEFAULT_SERVER_URL
) -> Umbrella:
    """Parse `body`; `repository` ("owner/repo") resolves bare `#N` references."""
    context = _ref_context(repository, server_url)
    opener = re.compile(section_pattern)
    line_starts = _line_starts(body)
    section: str | None = None
    sections: list[str | None] = []
    items: list[ChecklistItem] = []
    for kind, token in _outside_quotes(gfm.parse(body), body, line_starts):
        if kind == "heading":
            section = _title(token.children or [])
            _remember(sections, section)
        elif kind == "item":
            _remember(sections, section)
            items.append(_item(token, section, body, line_starts, context))
        else:
            for title in _section_lines(token.content, opener):
                section = title
                _remember(sections, section)
    return Umbrella(items=tuple(items), sections=tuple(sections))


def set_checkboxes(body: str, changes: Mapping[int, bool]) -> str:
    """Set the checkbox characters at the given offsets; every other character stays as it was.

    A box already in the wanted state is left alone (an `X` stays an `X`).
    """
    pieces: list[str] = []
    previous = 0
    for offset in sorted(changes):
        if not _is_checkbox(body, offset):
            raise ValueError(f"offset {offset} is not a task-list checkbox character")
        if (body[offset] != " ") == changes[offset]:
            continue
        pieces += [body[previous:offset], "x" if changes[offset] else " "]
        previous = offset + 1
    if not pieces:
        return body
    pieces.append(body[previous:])
    return "".join(pieces)


def section_matches(title: str | None, wanted: str) -> bool:
    """Whether a section title starts with `wanted`, case-insensitively, not followed by a digit.

    Runs of whitespace count as one space, so "Tier 1" matches "tier  1 — must-have" and
    "Tier 1:" but not "Tier 10". A blank `wanted` matches nothing.
    """
    wanted_words = " ".join(wanted.split()).casefold()
    if title is None or not wanted_words:
        return False
    title_words = " ".join(title.split()).casefold()
    if not title_words.startswith(wanted_words):
        return False
    rest = title_words[len(wanted_words) :]
    return rest[:1] not in _ASCII_DIGITS


def _ref_context(repository: str, server_url: str) -> _RefContext:
    owner, slash, repo = repository.partition("/")
    if not (owner and slash and repo) or "/" in repo:
        raise ValueError(f"repository must look like 'owner/repo', got {repository!r}")
    server = re.escape(server_url.rstrip("/"))
    url = re.compile(
        rf"(?<![\w/])(?i:{server})/(?P<owner>[\w.-]+)/(?P<repo>[\w.-]+)"
        r"/(?:issues|pull)/(?P<number>[1-9][0-9]*)(?!\w)"
    )
    return _RefContext(owner.lower(), repo.lower(), url)


def _line_starts(body: str) -> list[int]:
    return [0, *(match.end() for match in _NEWLINE.finditer(body))]


def _remember(sections: list[str | None], section: str | None) -> None:
    if section not in sections:
        sections.append(section)


def _outside_quotes(
    tokens: Sequence[Token], body: str, line_starts: list[int]
) -> Iterator[tuple[str, Token]]:
    """Yield ("heading" | "item" | "paragraph", inline token) for blocks outside block quotes."""
    quote_depth = 0
    for index, token in enumerate(tokens):
        if token.type in ("blockquote_open", "blockquote_close"):
            quote_depth += 1 if token.nesting == 1 else -1
        elif token.type == "inline" and quote_depth == 0:
            parent = tokens[index - 1].type
            if _is_task(tokens, index, body, line_starts):
                yield "item", token
            elif parent == "heading_open":
                yield "heading", token
            elif parent == "paragraph_open":
                yield "paragraph", token


def _is_task(tokens: Sequence[Token], index: int, body: str, line_starts: list[int]) -> bool:
    """The first block of a list item, on the item's own line, read by cmark-gfm's rule.

    That block is a paragraph, or a setext heading when the next line underlines it.
    """
    item, block = tokens[index - 2], tokens[index - 1]
    if item.type != "list_item_open" or block.type not in ("paragraph_open", "heading_open"):
        return False
    assert item.map is not None  # block tokens always carry their lines
    assert block.map is not None
    first_line = _line(body, line_starts, item.map[0])
    return block.map[0] == item.map[0] and bool(gfm.TASK_LINE.match(first_line))


def _line(body: str, line_starts: list[int], index: int) -> str:
    end = line_starts[index + 1] if index + 1 < len(line_starts) else len(body)
    return body[line_starts[index] : end]


def _section_lines(content: str, opener: re.Pattern[str]) -> Iterator[str]:
    """The titles of the lines of a paragraph that open a section, markup stripped."""
    for line in content.split("\n"):
        title = _title(gfm.parse_inline(line))
        if title and opener.search(title):
            yield title


def _title(children: Sequence[Token]) -> str:
    return _plain_text(children).removesuffix(":").rstrip()


def _plain_text(children: Sequence[Token]) -> str:
    """What a reader sees, on one line: markup, images and inline HTML dropped."""
    parts = [
        child.content
        for child in children
        if child.type in ("text", "text_special", "code_inline", "softbreak", "hardbreak")
    ]
    return " ".join("".join(part or " " for part in parts).split())


def _item(
    token: Token, section: str | None, body: str, line_starts: list[int], context: _RefContext
) -> ChecklistItem:
    assert token.map is not None  # block-level inline tokens always carry their lines
    line_index = token.map[0]
    line_start = line_starts[line_index]
    # Only indentation and the list marker precede the checkbox on its line, never a "[".
    offset = body.index("[", line_start) + 1
    if not _is_checkbox(body, offset):
        raise RuntimeError(f"could not locate the checkbox of line {line_index + 1}")
    return ChecklistItem(
        section=section,
        text=_CHECKBOX.sub("", _plain_text(token.children or []), count=1).lstrip(),
        checked=body[offset] != " ",
        checkbox_offset=offset,
        line=line_index + 1,
        references=_references(token.children or [], context),
    )


def _is_checkbox(body: str, offset: int) -> bool:
    return (
        0 < offset < len(body) - 1
        and body[offset] in _BOX_CHARS
        and body[offset - 1] == "["
        and body[offset + 1] == "]"
    )


def _references(children: Sequence[Token], context: _RefContext) -> tuple[IssueRef, ...]:
    """References in the item's whole first paragraph (its continuation lines included).

    Text inside links, code spans, images and inline HTML does not count; a link's target does.
    """
    found: list[IssueRef] = []
    for kind, value in _text_runs(children):
        if kind == "href":
            match = context.url.match(value)
            found += [_ref(match, context)] if match else []
        else:
            found += _refs_in_text(value, context)
    return tuple(dict.fromkeys(found))


def _text_runs(children: Sequence[Token]) -> Iterator[tuple[str, str]]:
    """Yield ("text", run of adjacent text) and ("href", link target) in document order."""
    run: list[str] = []
    link_depth = 0
    for child in children:
        if child.type == "text" and not link_depth:
            run.append(child.content)
        elif child.type == "text_special" and not link_depth:
            run.append(_ESCAPED if child.info == "escape" else child.content)
        else:
            if run:
                yield "text", "".join(run)
                run = []
            if child.type == "link_open":
                link_depth += 1
                yield "href", str(child.attrs.get("href", ""))
            elif child.type == "link_close":
                link_depth -= 1
    if run:
        yield "text", "".join(run)


def _refs_in_text(text: str, context: _RefContext) -> list[IssueRef]:
    positioned = [(match.start(), _ref(match, context)) for match in context.url.finditer(text)]
    masked = context.url.sub(lambda match: _ESCAPED * len(match.group()), text)
    positioned += [(match.start(), _ref(match, context)) for match in _SHORT_REF.finditer(masked)]
    return [ref for _, ref in sorted(positioned, key=lambda pair: pair[0])]


def _ref(match: re.Match[str], context: _RefContext) -> IssueRef:
    owner, repo = match.group("owner"), match.group("repo")
    if owner is None or repo is None:
        return IssueRef(context.owner, context.repo, int(match.group("number")))
    return IssueRef(owner.lower(), repo.lower(), int(match.group("number")))
