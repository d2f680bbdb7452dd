"""Escaping for the places untrusted text (PR titles, paths, comment bodies) ends up in."""

from __future__ import annotations

import re

_URL = re.compile(r"(https?://[^\s<>|`]+)")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def markdown_text(text: str) -> str:
    """Text that renders literally in GitHub Markdown: no links, HTML, mentions or tables.

    URLs are kept as they are so they stay clickable (autolinks), but for an ``@``, written
    ``%40`` (the same URL); everything else has its Markdown punctuation backslash-escaped,
    ``<``/``>``/``&`` turned into entities and a zero-width space after every ``@``.
    """
    parts = _URL.split(" ".join(text.splitlines()))
    return "".join(
        part.replace("@", "%40") if index % 2 else _escape_plain(part)
        for index, part in enumerate(parts)
    )


def _escape_plain(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return no_mentions(text)


def no_mentions(text: str) -> str:
    """Plain text (a check run's title, an annotation) in which no ``@name`` mentions anyone:
    a zero-width space follows every ``@``, which people do not see and GitHub does not read
    as part of a name."""
    return text.replace("@", "@\u200b")


def workflow_data(text: str) -> str:
    """The message part of a ``::command::message`` line, as the runner expects it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def workflow_property(text: str) -> str:
    return workflow_data(text).replace(":", "%3A").replace(",", "%2C")


# The runner reads a line as a workflow command when it starts with `::` after .NET's
# TrimStart (which trims Unicode white space), or, in the legacy form, when it holds `##[`
# anywhere (actions/runner, ActionCommand.TryParseV2 and TryParse). A zero-width space is
# not white space to .NET, so one before the `::` or inside `##[` leaves the text as people
# read it and gives the runner nothing to obey.
_DOTNET_SPACE = (  # char.IsWhiteSpace, plus the separators Python also counts as space
    " \t\n\v\f\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u180e"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
_ZERO_WIDTH_SPACE = "\u200b"


def runner_inert(text: str) -> str:
    """Text printed inside Actions that no line of can act as a workflow command."""
    lines = text.split("\n")
    return "\n".join(_inert_line(line) for line in lines)


def _inert_line(line: str) -> str:
    line = line.replace("##[", f"##{_ZERO_WIDTH_SPACE}[")
    body = line.lstrip(_DOTNET_SPACE)
    if body.startswith("::"):
        indent = line[: len(line) - len(body)]
        return f"{indent}{_ZERO_WIDTH_SPACE}{body}"
    return line


def runner_inert_json(text: str) -> str:
    """JSON text whose lines cannot act as workflow commands, decoding to the same value.

    JSON lines never start with `::` (strings are quoted); `#` occurs only inside strings, so
    writing the second `#` of `##[` as its escape changes no value."""
    return text.replace("##[", "#\\u0023[")
