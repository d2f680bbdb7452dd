"""How Greptile writes: the severity badge and title of a finding, and its summary (the last
reviewed commit, the confidence score, and the comments it could not place on the diff).

Greptile's markup, as it appears in its comments (see tests/support/greptile.py):

- an inline finding opens with a badge, ``<a href="#"><img alt="P1"
  src=".../badges/p1.svg?v=9" align="top"></a>``, then its title in bold;
- its summary is a PR comment (edited in place on each review) or a section of the PR
  description between ``<!-- greptile_comment -->`` and ``<!-- /greptile_comment -->``;
- findings it could not anchor to the diff are a numbered list between
  ``<!-- greptile_failed_comments -->`` markers, headed "Comments Outside Diff (N)", each entry
  ``1. `path`, line 40-47 ([link](...))`` followed by a badge and a bold title.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Literal, cast

from releasegate.facts import Undecided
from releasegate.facts.reviews import ConversationComment

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

Severity = Literal["P0", "P1", "P2", "P3"]
TITLE_LENGTH = 120

# The badge: <img alt="P1" src=".../badges/p1.svg?v=7">. The alt text wins; the file name is
# the fallback (some renderings drop or rewrite alt).
_BADGE_ALT = re.compile(r"""\balt\s*=\s*["']?\s*(P[0-3])\b""", re.IGNORECASE)
_BADGE_FILE = re.compile(r"/badges/p([0-3])\.svg\b", re.IGNORECASE)
_HTML_TAG = re.compile(r"<[^>]*>")
_BACKTICKS = re.compile(r"`+")
_BREAK = r"(?:\r\n|\r(?!\n)|\n)"  # one line ending: \r\n is one, never \r then \n
_BLANK_LINE = re.compile(f"{_BREAK}[ \t]*{_BREAK}")
_LINK_DEFINITION = re.compile(r"^ {0,3}\[(?:[^\]\\\n]|\\.)+\]:", re.MULTILINE)

_REVIEWED = re.compile(r"last reviewed commit", re.IGNORECASE)
_COMMIT_LINK = re.compile(r"/commits?/([0-9a-f]{7,40})\b", re.IGNORECASE)
_BARE_SHA = re.compile(r"^\W{0,4}([0-9a-f]{7,40})\b", re.IGNORECASE)
_CONFIDENCE = re.compile(r"confidence score\W{0,20}?(\d)\s*/\s*5\b", re.IGNORECASE)

_DESCRIPTION = re.compile(
    r"<!--\s*greptile_comment\s*-->(.*?)(?:<!--\s*/greptile_comment\s*-->|\Z)", re.DOTALL
)
_OUTSIDE_MARKED = re.compile(
    r"<!--\s*greptile_failed_comments\s*-->(.*?)(?:<!--\s*/greptile_failed_comments\s*-->|\Z)",
    re.DOTALL,
)
_OUTSIDE_HEADING = re.compile(r"comments\s+outside\s+diff(?:\s*\((\d+)\))?", re.IGNORECASE)
_LINE_BREAK = re.compile(r"\r\n?|\n")
# The section's own </details> is at the start of a line; an entry's nested ones are indented.
_DETAILS_END = re.compile(r"^</details>", re.IGNORECASE | re.MULTILINE)
# An entry's first line: "1. `app/pay.ts`, line 40-47 ([link](https://...))".
_ENTRY = re.compile(
    r"(?P<marker> {0,3}\d{1,9}[.)][ \t]+)`(?P<path>[^`\n]+)`"
    r"(?:,?[ \t]*lines?[ \t]+(?P<first>\d+)(?:[ \t]*[-–][ \t]*(?P<last>\d+))?)?"
    r"(?:[ \t]*\(\[[^\]\n]*\]\([^)\s]*\)\))?(?P<rest>.*)"
)


# --- findings ------------------------------------------------------------------------------


def severity_of(body: str) -> Severity | None:
    """The severity badge of a finding: ``alt="P1"`` first, else a ``badges/p1.svg`` path."""
    if match := _BADGE_ALT.search(body):
        return cast(Severity, match.group(1).upper())
    if match := _BADGE_FILE.search(body):
        return cast(Severity, f"P{match.group(1)}")
    return None


def title_of(body: str) -> str:
    """The first line of words GitHub shows for ``body``: emphasis, links' targets, images and
    HTML tags are markup, not words; code keeps its backticks and every character inside."""
    for prefix in _prefixes(body):
        for line in _shown_lines(prefix):
            text = " ".join(line.split())
            if any(character.isalnum() for character in text):
                return text if len(text) <= TITLE_LENGTH else text[: TITLE_LENGTH - 1] + "…"
    return "(no title)"


def _prefixes(body: str) -> list[str]:
    """The body up to its first, second and third blank line, then whole.

    Greptile's title is in its first paragraph, and its comments go on for kilobytes (code,
    prompt links); what is shown before a blank line does not depend on what follows it
    (a paragraph ends there, and a block still open shows the same lines so far), except for
    a link reference defined further down, so a body with one is read whole.
    """
    if _LINK_DEFINITION.search(body):
        return [body]
    cuts = [match.end() for _, match in zip(range(3), _BLANK_LINE.finditer(body), strict=False)]
    return [body[:cut] for cut in cuts] + [body]


@cache
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt  # noqa: PLC0415  (only a run that reads Greptile needs it)

    return MarkdownIt("commonmark").enable("strikethrough")  # GitHub's ~~struck~~ too


def _shown_lines(body: str) -> Iterator[str]:
    """The lines of text GitHub shows for ``body``, block by block (a paragraph is read whole:
    its emphasis may span its lines)."""
    for token in _markdown().parse(body):
        if token.type == "inline":
            yield from "".join(_inline_text(child) for child in token.children or ()).split("\n")
        elif token.type == "html_block":  # shown as the browser shows HTML: its text
            yield from html.unescape(_HTML_TAG.sub("", token.content)).split("\n")
        elif token.type in ("code_block", "fence"):
            yield from token.content.split("\n")


def _inline_text(token: Token) -> str:
    if token.type in ("text", "text_special"):
        return token.content
    if token.type == "code_inline":
        return _code_span(token.content)
    if token.type in ("softbreak", "hardbreak"):
        return "\n"
    return ""  # emphasis, links, images, inline HTML: markup around or instead of words


def _code_span(code: str) -> str:
    """``code`` written back as a code span that shows exactly it (CommonMark's rules)."""
    fence = "`" * (max(map(len, _BACKTICKS.findall(code)), default=0) + 1)
    padded = code[:1] == "`" or code[-1:] == "`" or (code[:1] == code[-1:] == " " and code.strip())
    return f"{fence} {code} {fence}" if padded else f"{fence}{code}{fence}"


# --- the summary ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OutsideDiffComment:
    """A finding Greptile could not place on the diff, as its summary lists it.

    Its identity is what Greptile writes of it: file, lines and title. A later summary lists
    the same finding when it has an entry with the same three; moved to other lines, it is
    another finding (accepted anew).
    """

    path: str
    lines: tuple[int, int] | None
    title: str
    severity: Severity | None

    @property
    def identity(self) -> tuple[str, tuple[int, int] | None, str]:
        return self.path, self.lines, same_title(self.title)

    @property
    def where(self) -> str:
        if self.lines is None:
            return self.path
        first, last = self.lines
        return f"{self.path}:{first}" if first == last else f"{self.path}:{first}-{last}"


@dataclass(frozen=True)
class Summary:
    """What a Greptile summary says about the review and the comments outside the diff."""

    url: str
    written_at: datetime | None
    reviewed_commit: str | None
    confidence: int | None
    outside_diff: tuple[OutsideDiffComment, ...] = ()


def is_summary(body: str) -> bool:
    """Whether a reviewer's comment is a summary rather than a conversational reply."""
    return bool(
        _REVIEWED.search(body)
        or _CONFIDENCE.search(body)
        or _OUTSIDE_MARKED.search(body)
        or _OUTSIDE_HEADING.search(body)
    )


def description_section(body: str) -> str | None:
    """The section Greptile wrote into a PR description, if there is one."""
    found = _DESCRIPTION.search(body)
    return found.group(1) if found else None


def read_summary(comment: ConversationComment) -> Summary:
    """The summary in ``comment`` (a comment, review body or the description's section)."""
    section, rest = _outside_diff_section(comment.body)
    outside = _outside_diff(section, comment.url) if section is not None else ()
    reviewed = None
    if mention := _REVIEWED.search(rest):
        after = rest[mention.end() :].split("\n\n", 1)[0][:400]  # its paragraph
        found = _COMMIT_LINK.search(after) or _BARE_SHA.search(after)
        reviewed = found.group(1).lower() if found else None
    confidence = _CONFIDENCE.search(rest)
    score = int(confidence.group(1)) if confidence else None
    return Summary(comment.url, comment.written_at, reviewed, score, outside)


def same_title(title: str) -> str:
    return " ".join(title.split()).casefold()


def _outside_diff_section(body: str) -> tuple[str | None, str]:
    """(the "Comments Outside Diff" section or None, the rest of the body)."""
    if marked := _OUTSIDE_MARKED.search(body):
        return marked.group(1), body[: marked.start()] + body[marked.end() :]
    if heading := _OUTSIDE_HEADING.search(body):
        start = body.rfind("\n", 0, heading.start()) + 1
        end = _DETAILS_END.search(body, heading.end())
        stop = end.end() if end else len(body)
        return body[start:stop], body[:start] + body[stop:]
    return None, body


def _outside_diff(section: str, url: str) -> tuple[OutsideDiffComment, ...]:
    heading = _OUTSIDE_HEADING.search(section)
    lines = _LINE_BREAK.split(section)  # numbered as markdown-it numbers them
    entries = [_entry(lines, item, url) for item in _top_level_items(section)]
    listed = int(heading.group(1)) if heading and heading.group(1) else None
    # A heading that says how many, or says there are some, must match what was read.
    readable = listed == len(entries) if listed is not None else bool(entries) or not heading
    if not readable:
        says = f"lists {listed}" if listed is not None else "has a section of"
        raise Undecided(
            f"Greptile's summary ({url}) {says} comments outside the diff, but "
            f"{len(entries)} could be read as numbered entries naming a file, so which "
            "findings are open cannot be told; if Greptile has changed how it writes that "
            "section, please report it (where the policy has overrides, a maintainer's "
            "override label lets this PR through meanwhile)"
        )
    return tuple(entries)


def _top_level_items(section: str) -> list[tuple[int, int]]:
    """(first line, end line) of each item of a list at the top of ``section``."""
    tokens = _markdown().parse(section)
    return [
        (token.map[0], token.map[1])
        for token in tokens
        if token.type == "list_item_open" and token.level == 1 and token.map
    ]


def _entry(lines: list[str], item: tuple[int, int], url: str) -> OutsideDiffComment:
    first_line, end = item
    header = _ENTRY.fullmatch(lines[first_line])
    if header is None:
        raise Undecided(
            f"an entry of the comments outside the diff in Greptile's summary ({url}) does not "
            f'name its file as Greptile does (`path`, line N): "{lines[first_line].strip()[:80]}"'
        )
    indent = len(header.group("marker"))
    body = [header.group("rest"), *(_dedent(line, indent) for line in lines[first_line + 1 : end])]
    text = "\n".join(body)
    first, last = header.group("first"), header.group("last")
    span = (int(first), int(last or first)) if first else None
    return OutsideDiffComment(header.group("path"), span, title_of(text), severity_of(text))


def _dedent(line: str, indent: int) -> str:
    """A line of a list item without the item's own indentation (code inside stays code)."""
    spaces = len(line) - len(line.lstrip(" "))
    return line[min(spaces, indent) :]
