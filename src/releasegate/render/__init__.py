"""Renderers: a report in, text out; they never decide. Chosen by ``--format``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from releasegate.render.json import render_json
from releasegate.render.markdown import render_markdown
from releasegate.render.text import render_text
from releasegate.results import Report

RENDERERS: Final[dict[str, Callable[[Report], str]]] = {
    "json": render_json,
    "markdown": render_markdown,
    "text": render_text,
}
