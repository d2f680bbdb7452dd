"""Facts about a pull request's reviews: review threads, the comments a reviewer bot writes
its summary in, and how to read Greptile's markup in them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal, cast

from releasegate.facts import FactRequest

Severity = Literal["P0", "P1", "P2", "P3"]


@dataclass(frozen=True)
class ThreadComment:
    author: str | None
    body: str
    url: str
    created_at: datetime | None = None


@dataclass(frozen=True)
class ReviewThread:
    path: str | None
    line: int | None
    is_resolved: bool
    is_outdated: bool
    comments: tuple[ThreadComment, ...]


@dataclass(frozen=True)
class ConversationComment:
    """A pull request comment or a review's body: where a reviewer bot posts its summary."""

    author: str | None
    body: str
    url: str
    updated_at: datetime | None = None


@dataclass(frozen=True)
class Reviews:
    threads: tuple[ReviewThread, ...]
    "Every review thread, every comment of each, oldest comment first."
    conversation: tuple[ConversationComment, ...] = ()
    "Every PR comment and review body (only when asked for with ``summaries``)."


@dataclass(frozen=True)
class PullRequestReviews(FactRequest[Reviews]):
    """The pull request's review threads; with ``summaries`` also its comments and review bodies.

    The fetcher reads all of it in one GraphQL request when it fits on one page.
    """

    summaries: bool = False


# --- Greptile's markup ---------------------------------------------------------------------

# The badge: <img alt="P1" src=".../badges/p1.svg?v=7">. The alt text wins; the file name is
# the fallback (some renderings drop or rewrite alt).
_BADGE_ALT = re.compile(r"""\balt\s*=\s*["']?\s*(P[0-3])\b""", re.IGNORECASE)
_BADGE_FILE = re.compile(r"/badges/p([0-3])\.svg\b", re.IGNORECASE)
_HTML_TAG = re.compile(r"<[^>]*>")
_MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"\*\*|(?<!\w)\*|\*(?!\w)")
TITLE_LENGTH = 120

_REVIEWED = re.compile(r"last reviewed commit", re.IGNORECASE)
_COMMIT_LINK = re.compile(r"/commits?/([0-9a-f]{7,40})\b", re.IGNORECASE)
_BARE_SHA = re.compile(r"^\W{0,4}([0-9a-f]{7,40})\b", re.IGNORECASE)
_CONFIDENCE = re.compile(r"confidence score\W{0,20}?(\d)\s*/\s*5\b", re.IGNORECASE)
_OLDEST = datetime.min.replace(tzinfo=UTC)


def severity_of(body: str) -> Severity | None:
    """The severity badge of a finding: ``alt="P1"`` first, else a ``badges/p1.svg`` path."""
    if match := _BADGE_ALT.search(body):
        return cast(Severity, match.group(1).upper())
    if match := _BADGE_FILE.search(body):
        return cast(Severity, f"P{match.group(1)}")
    return None


def title_of(body: str) -> str:
    """The first line with words in it, without badge, HTML, links' targets or emphasis."""
    for line in body.splitlines():
        text = _MARKDOWN_LINK.sub(r"\1", _MARKDOWN_IMAGE.sub("", line))
        text = html.unescape(_EMPHASIS.sub("", _HTML_TAG.sub("", text)))
        text = " ".join(text.split()).strip(" #>-")
        if any(character.isalnum() for character in text):
            return text if len(text) <= TITLE_LENGTH else text[: TITLE_LENGTH - 1] + "…"
    return "(no title)"


@dataclass(frozen=True)
class Summary:
    """What a reviewer's summary comment says about the review itself."""

    url: str
    reviewed_commit: str | None
    confidence: int | None


def read_summary(comment: ConversationComment) -> Summary:
    reviewed = None
    if mention := _REVIEWED.search(comment.body):
        after = comment.body[mention.end() :].split("\n\n", 1)[0][:400]  # its paragraph
        found = _COMMIT_LINK.search(after) or _BARE_SHA.search(after)
        reviewed = found.group(1).lower() if found else None
    confidence = _CONFIDENCE.search(comment.body)
    return Summary(comment.url, reviewed, int(confidence.group(1)) if confidence else None)


def latest_summary(
    comments: Iterable[ConversationComment], is_reviewer: Callable[[str | None], bool]
) -> Summary | None:
    """The reviewer's most recently written summary (Greptile edits its summary in place)."""
    summaries = [
        comment
        for comment in comments
        if is_reviewer(comment.author)
        and (_REVIEWED.search(comment.body) or _CONFIDENCE.search(comment.body))
    ]
    if not summaries:
        return None
    latest = max(enumerate(summaries), key=lambda pair: (pair[1].updated_at or _OLDEST, pair[0]))
    return read_summary(latest[1])


__all__ = [
    "ConversationComment",
    "PullRequestReviews",
    "ReviewThread",
    "Reviews",
    "Severity",
    "Summary",
    "ThreadComment",
    "latest_summary",
    "severity_of",
    "title_of",
]
