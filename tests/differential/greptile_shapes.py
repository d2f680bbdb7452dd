"""Greptile's comments and summaries generated in the shapes Greptile writes them, each with
what a reader must find in it, derived without releasegate's reader.

- A finding's severity is known from how its badge was generated (which alt, which file).
- A title's words are what GitHub shows: cmark-gfm (the `cmarkgfm` package, GitHub's own
  renderer) renders `**title**`, and the text of that HTML is read with Python's html.parser,
  code spans written back between backticks.
- An outside-diff entry's file, lines and severity are the generated ones.

Titles are built from the pieces that have been misread (a `*` inside code or quotes, lone
stars, escapes, underscores, entities, inline HTML, links, a line break inside the bold);
code spans hold no backtick and do not start or end with a space, so the one way to write
each back is the same for both.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from html.parser import HTMLParser

from hypothesis import strategies as st

from differential import gfm

BADGE_HOSTS = [
    "https://greptile-static-assets.s3.amazonaws.com/badges",
    "https://greptile.com/badges",
]
TITLE_WORDS = [
    "Race", "on", "retry", "settle()", "twice", "P1", "P0:", "a", "b", "x", "5", "—", "é", "タスク",
    "*", "**", "_", "__", "*x*", "_y_", "a*b", "a_b_c", "2*3", "*/", "\\*", "\\_", "\\`", "&amp;",
    "&#42;", "&lt;b&gt;", '"src/*"', "'*.ts'", '"', "'", "(", ")", "[", "]", "#", ">", "|", "-",
    "<b>bold</b>", "<em>x</em>", "[doc](https://x.test/d)", "![i](https://x.test/i.png)",
    "~~old~~", "https://x.test/a_b", "<https://x.test>", "\n", "\n",
]  # fmt: skip
CODE_CHARS = "abc*_/-.#<>&\"' ()[]~|\\"


def _code_span(code: str) -> str:
    return f"`{code}`"


CODE = (
    st.text(alphabet=CODE_CHARS, min_size=1, max_size=8)
    .filter(lambda code: code.strip() == code and code.strip())
    .map(_code_span)
)
TITLES = (
    st.lists(st.one_of(st.sampled_from(TITLE_WORDS), CODE), min_size=1, max_size=7)
    .map(" ".join)
    .filter(lambda title: any(character.isalnum() for character in title))
)


# --- what GitHub shows ----------------------------------------------------------------------


class _Text(HTMLParser):
    """The text a browser shows for cmark-gfm's HTML, a code element between backticks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "code":
            self.parts.append("`")
        elif tag in ("br", "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "code":
            self.parts.append("`")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def shown_title(markdown: str) -> str:
    """The first line of words GitHub shows for `markdown`, spaces collapsed, cut to 120."""
    reader = _Text()
    reader.feed(gfm.render(markdown))
    for line in html.unescape("".join(reader.parts)).split("\n"):
        text = " ".join(line.split())
        if any(character.isalnum() for character in text):
            return text if len(text) <= 120 else text[:119] + "…"
    return "(no title)"


# --- badges ---------------------------------------------------------------------------------

# Strategies made once: building them inside each draw costs more than the drawing.
_BOOL = st.booleans()
_SEVERITY = st.sampled_from(["P0", "P1", "P2", "P3"])
_FILE = st.sampled_from(["same", "same", "other", "none"])  # the file's severity vs the alt's
_ALT = st.sampled_from(["same", "same", "lower", "none", "other"])
_QUOTE = st.sampled_from(['"', "'"])
_SPACE = st.sampled_from(["", " "])
_VERSION = st.sampled_from(["", "?v=7", "?v=9", "?v=12&x=1"])
_HOST = st.sampled_from(BADGE_HOSTS)
_PLACE = st.sampled_from(["before", "before", "after", "above"])
_ENDING = st.sampled_from(["\n", "\r\n"])
_LINE = st.integers(1, 4000)
_LENGTH = st.integers(1, 60)
_SPAN = st.sampled_from(["none", "one", "range"])
_ENTRIES = st.integers(0, 4)
_CONFIDENCE = st.one_of(st.none(), st.integers(0, 5))
_WORDS = st.sampled_from(["Adds retries.", "Confidence Score: 5/5 (my own words)", ""])


@dataclass(frozen=True)
class Badge:
    html: str
    severity: str | None
    "What the badge says: its alt when that is a severity, else its file's."


@st.composite
def badges(draw: st.DrawFn) -> Badge:
    severity = draw(_SEVERITY)
    file_severity = {"same": severity, "none": None}.get(draw(_FILE), draw(_SEVERITY))
    alt = draw(_ALT)
    quote, space = draw(_QUOTE), draw(_SPACE)
    alt_attr = {
        "same": f"alt{space}={space}{quote}{severity}{quote}",
        "lower": f"ALT={quote}{severity.lower()}{quote}",
        "none": "",
        "other": f"alt={quote}badge{quote}",
    }[alt]
    src = ""
    if file_severity is not None:
        version, host = draw(_VERSION), draw(_HOST)
        name = file_severity.lower() if draw(_BOOL) else file_severity
        src = f"src={quote}{host}/{name}.svg{version}{quote}"
    attributes = [a for a in (alt_attr, src) if a]
    if draw(_BOOL):
        attributes.reverse()
    image = f'<img {" ".join(attributes)} align="top">'
    wrapped = f'<a href="#">{image}</a>' if draw(_BOOL) else image
    said = severity if alt in ("same", "lower") else file_severity
    return Badge(wrapped, said)


_MAYBE_BADGE = st.one_of(st.none(), badges())


@dataclass(frozen=True)
class Comment:
    body: str
    severity: str | None
    title: str


@st.composite
def inline_comments(draw: st.DrawFn) -> Comment:
    """An inline finding: the badge before, after or above the bold title, or none."""
    title = draw(TITLES)
    badge = draw(_MAYBE_BADGE)
    bold = f"**{title}**"
    place = draw(_PLACE)
    first = bold
    if badge is not None:
        first = {
            "before": f"{badge.html} {bold}",
            "after": f"{bold} {badge.html}",
            "above": f"{badge.html}\n\n{bold}",
        }[place]
    ending = draw(_ENDING)
    body = f"{first}\n\nThe retry path writes `settled_at` twice.\n".replace("\n", ending)
    return Comment(body, badge.severity if badge else None, shown_title(body))


# --- summaries --------------------------------------------------------------------------------

SEGMENTS = ["app", "src", "a", "pay_v2", "lib.core", "x-y", "_private", "9"]
PATH = st.tuples(
    st.lists(st.sampled_from(SEGMENTS), min_size=1, max_size=4).map("/".join),
    st.sampled_from([".ts", ".py", ".go", ".test.ts", ""]),
).map("".join)
SHA = st.binary(min_size=20, max_size=20).map(bytes.hex)
_MAYBE_SHA = st.one_of(st.none(), SHA)


@dataclass(frozen=True)
class Entry:
    path: str
    lines: tuple[int, int] | None
    severity: str | None
    title: str
    markdown: str


@st.composite
def entries(draw: st.DrawFn, number: int) -> Entry:
    path = draw(PATH)
    first, length, kind = draw(_LINE), draw(_LENGTH), draw(_SPAN)
    lines = None if kind == "none" else (first, first if kind == "one" else first + length)
    where = f"`{path}`"
    if lines is not None:
        span = f"{lines[0]}" if lines[0] == lines[1] else f"{lines[0]}-{lines[1]}"
        link = f"https://github.com/acme/app/blob/{'0' * 40}/{path}#L{lines[0]}"
        where += f", line {span} ([link]({link}))"
    badge = draw(_MAYBE_BADGE)
    title = draw(TITLES)
    head = f"{badge.html} " if badge else ""
    prompt = ""
    if draw(_BOOL):
        comment = "\n".join(f"   {line}" for line in f"**{title}**".split("\n"))
        prompt = (
            "\n   <details><summary>Prompt To Fix With AI</summary>\n\n   `````markdown\n"
            f"   Path: {path}\n   Comment:\n{comment}\n   `````\n   </details>\n"
        )
    finding = f"{head}**{title}**\n\nWhen the lock times out the handler retries.\n"
    code = "\n```ts\nif (row.settledAt) return row;\n```\n"
    indented = "".join(
        f"   {line}" if line.strip() else line for line in (finding + code).splitlines(True)
    )
    markdown = f"{number}. {where} \n\n{indented}{prompt}"
    severity = badge.severity if badge else None
    return Entry(path, lines, severity, shown_title(finding), markdown)


@dataclass(frozen=True)
class GeneratedSummary:
    body: str
    entries: tuple[Entry, ...]
    confidence: int | None
    reviewed: str | None
    in_description: bool


@st.composite
def summaries(draw: st.DrawFn) -> GeneratedSummary:
    listed = tuple(draw(entries(n)) for n in range(1, draw(_ENTRIES) + 1))
    confidence = draw(_CONFIDENCE)
    sha = draw(_MAYBE_SHA)
    parts = ["<h3>Greptile Summary</h3>", "", "- **P1 – the escalation still double-charges**", ""]
    if confidence is not None:
        parts += [f"<h3>Confidence Score: {confidence}/5</h3>", "", "One P1 remains.", ""]
    parts += ["<h3>Important Files Changed</h3>", "", "| Filename | Overview |", "|---|---|", ""]
    if listed:
        opened = "<details open>" if draw(_BOOL) else "<details>"
        parts += [
            "<!-- greptile_failed_comments -->",
            f"{opened}<summary><h3>Comments Outside Diff ({len(listed)})</h3></summary>",
            "",
            "\n".join(entry.markdown for entry in listed),
            "</details>",
            "",
            "<!-- /greptile_failed_comments -->",
            "",
        ]
    reviewed = None
    if sha is not None:
        short = draw(_BOOL)
        reviewed = sha[:7] if short else sha
        link = f"https://github.com/acme/app/commit/{sha}"
        footer = f'Reviews (2): Last reviewed commit: ["fix"]({link}) | [Re-trigger](x)'
        short_footer = f"Last reviewed commit: {sha[:7]}"
        parts.append(f"<sub>{short_footer if short else footer}</sub>")
    body = "\n".join(parts)
    in_description = draw(_BOOL)
    if in_description:
        words = draw(_WORDS)
        body = f"{words}\n\n<!-- greptile_comment -->\n\n{body}\n\n<!-- /greptile_comment -->\n"
    if draw(_BOOL):
        body = body.replace("\n", "\r\n")
    return GeneratedSummary(body, listed, confidence, reviewed, in_description)
