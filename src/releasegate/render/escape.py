"""Escaping for the places untrusted text (PR titles, paths, comment bodies) ends up in."""

from __future__ import annotations

import re

_URL = re.compile(r"(https?://[^\s<>|`]+)")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def markdown_text(text: str) -> str:
    """Text that renders literally in GitHub Markdown: no links, HTML, mentions or tables.

    URLs are kept as they are so they stay clickable (autolinks); everything else has its
    Markdown punctuation backslash-escaped and ``<``/``>``/``&`` turned into entities.
    """
    parts = _URL.split(" ".join(text.splitlines()))
    return "".join(part if index % 2 else _escape_plain(part) for index, part in enumerate(parts))


def _escape_plain(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return text.replace("@", "@\u200b")  # no @mentions from untrusted text


def workflow_data(text: str) -> str:
    """The message part of a ``::command::message`` line, as the runner expects it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def workflow_property(text: str) -> str:
    return workflow_data(text).replace(":", "%3A").replace(",", "%2C")
