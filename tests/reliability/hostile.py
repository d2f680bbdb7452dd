"""Text written to do harm, and the checks that it did none.

``hostile(marker)`` is a line that tries everything at once: shell substitution and chaining
(each would create ``marker``), workflow commands on a line of their own and percent-encoded,
HTML and Markdown that would render an image, a script, a link or a mention, and table pipes.
``markdown_problems`` renders Markdown the way GitHub's CommonMark would, with links of every
scheme allowed, and lists what the hostile text managed to create. ``surviving_mentions`` is
stricter about one thing: any ``@name`` that GitHub would read as a mention (outside code and
links, which GitHub leaves alone), whatever comes before it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from reliability.outputs import workflow_commands

_HEADER_CELL = re.compile(r"<th[ >]")
_CELL = re.compile(r"<td[ >]")


def shell(marker: Path) -> list[str]:
    return [f"$(touch {marker})", f"`touch {marker}`", f";touch {marker};", f"|touch {marker}"]


def hostile(marker: Path) -> str:
    return " ".join([
        *shell(marker),
        "\n::set-output name=verdict::pass", "\r\n::add-mask::forged", "%0A::error::forged",
        "\nsee ##[set-env name=X]forged", "\n::stop-commands::forged",
        "<img src=x onerror=alert(1)>", "<script>alert(1)</script>",
        "[click](javascript:alert(1))", "![i](https://evil.example/p.png)", "@everyone",
        "| x | y |", "</details>", "<!-- releasegate:report:pr -->", "```",
    ])  # fmt: skip


def path_safe(marker: Path) -> str:
    """The hostile parts that a branch or file name can carry (no spaces, no line breaks)."""
    return f"$(touch${{IFS}}{marker})`id`;id|id::error::x%0A<img>@everyone"


def markdown_problems(markdown: str) -> list[str]:
    """What untrusted text managed to create in ``markdown`` once rendered."""
    renderer = MarkdownIt("commonmark").enable("table")
    renderer.validateLink = lambda url: True  # see every link, not only the ones GitHub keeps
    tokens = renderer.parse(markdown)
    problems = []
    for token in _flat(tokens):
        if token.type in ("html_inline", "html_block") and _foreign_html(token.content):
            problems.append(f"raw HTML: {token.content.strip()[:60]!r}")
        if token.type in ("link_open", "image") and "evil" in str(token.attrs) + token.content:
            problems.append(f"a {token.type}: {token.attrs}")
        if token.type == "link_open" and str(token.attrs.get("href", "")).startswith("javascript"):
            problems.append(f"a javascript link: {token.attrs}")
        if token.type == "text" and "@everyone" in token.content:
            problems.append("an @everyone mention")
    return problems + _table_problems(renderer.render(markdown))


HOSTILE_NAMES = ("@everyone", "@acme/admins", "x_@everyone", "é@everyone", "@@everyone")
_MENTION = re.compile(r"(?<![A-Za-z0-9_])@[A-Za-z0-9]")  # GitHub: \W before, ASCII-only


def surviving_mentions(markdown: str) -> list[str]:
    """Each ``@name`` in ``markdown`` that would notify someone once GitHub renders it."""
    renderer = MarkdownIt("commonmark").enable("table")
    found = []
    for token in renderer.parse(markdown):
        if token.type in ("html_block", "html_inline"):
            found += [f"in HTML: {m.group(0)}" for m in _MENTION.finditer(token.content)]
        shown = _shown_text(token.children or [])
        found += [f"{m.group(0)} in {shown[max(0, m.start() - 20) : m.end() + 20]!r}"
                  for m in _MENTION.finditer(shown)]  # fmt: skip
    return found


def _shown_text(children: list[Any]) -> str:
    """The text an inline token shows outside code and links, entities decoded."""
    shown, depth = [], 0
    for child in children:
        if child.type == "link_open":
            depth += 1
        elif child.type == "link_close":
            depth -= 1
        elif (depth == 0 and child.type in ("text", "text_special")) or (
            depth == 0 and child.type == "html_inline"
        ):
            shown.append(child.content)
        else:
            shown.append(" ")  # code spans, breaks, images: a boundary, never a mention
    return "".join(shown)


def _flat(tokens: list[object]) -> list[object]:
    found = []
    for token in tokens:
        found.append(token)
        found += _flat(getattr(token, "children", None) or [])
    return found


_OURS = (
    "<details>",
    "</details>",
    "<summary>",
    "</summary>",
    "<code>",
    "</code>",
    "<!-- releasegate:",
)


def _foreign_html(content: str) -> bool:
    stripped = content.strip()
    return not any(stripped.startswith(tag) for tag in _OURS) or "<img" in stripped


def _table_problems(html: str) -> list[str]:
    """Every row of a table has as many cells as its header."""
    problems = []
    for table in html.split("<table>")[1:]:
        header = len(_HEADER_CELL.findall(table.split("</thead>")[0]))
        rows = table.split("</thead>")[-1].split("</table>")[0].split("<tr>")[1:]
        cells = [len(_CELL.findall(row)) for row in rows]
        problems += [
            f"a row with {count} cells, not {header}" for count in cells if count != header
        ]
    return problems


def forged_commands(stdout: str, token: str) -> list[str]:
    """Workflow commands in ``stdout`` that releasegate did not write.

    Ours: annotations whose properties are file, line, col and title only. releasegate
    writes no ``add-mask`` (it never prints a secret) and no ``stop-commands`` fence (what it
    prints is made inert instead); ``token`` is kept for the callers' symmetry.
    """
    forged = []
    for command in workflow_commands(stdout):
        if command.name in ("error", "warning", "notice") and _our_annotation(command.line):
            continue
        forged.append(command.line)
    return forged


def _our_annotation(line: str) -> bool:
    head = line[2:].split("::", 1)[0]
    _name, _, properties = head.partition(" ")
    keys = [item.split("=", 1)[0] for item in properties.split(",") if item]
    return bool(keys) and set(keys) <= {"file", "line", "col", "title"}
