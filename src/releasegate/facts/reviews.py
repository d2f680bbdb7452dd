"""Facts about a pull request's reviews: review threads, the PR's comments and review bodies,
and its description, each with who wrote it (and who last edited it) as GitHub says.

These are plain facts; how a reviewer bot writes its findings and summaries into them is the
business of the gate that reads them (``gates/greptile_comments.py`` for Greptile).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from releasegate.facts import FactRequest


@dataclass(frozen=True)
class Author:
    """An account as GraphQL names it: ``login`` (a bot's without ``[bot]``) and its type."""

    login: str
    kind: str = "User"
    "GraphQL's ``__typename``: ``User``, ``Bot``, ``Organization``, ``Mannequin``..."

    @property
    def is_bot(self) -> bool:
        return self.kind == "Bot"


@dataclass(frozen=True)
class ThreadComment:
    author: Author | None
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
    """A PR comment, a review's body or the PR description: what a reviewer bot may write its
    summary in. ``editor`` and ``edited_at`` say who last edited the body and when (None: never
    edited)."""

    author: Author | None
    body: str
    url: str
    created_at: datetime | None = None
    edited_at: datetime | None = None
    editor: Author | None = None

    @property
    def written_by(self) -> Author | None:
        """Whose words the body is as it stands: its last editor's, else its author's."""
        return self.editor or self.author

    @property
    def written_at(self) -> datetime | None:
        return self.edited_at or self.created_at


@dataclass(frozen=True)
class Reviews:
    threads: tuple[ReviewThread, ...]
    "Every review thread, every comment of each, oldest comment first."
    conversation: tuple[ConversationComment, ...] = ()
    "Every PR comment and review body, oldest first (only when asked for with ``summaries``)."
    description: ConversationComment | None = None
    "The PR description (only when asked for with ``summaries``)."


@dataclass(frozen=True)
class PullRequestReviews(FactRequest[Reviews]):
    """The pull request's review threads; with ``summaries`` also its comments, review bodies
    and description.

    The fetcher reads all of it in one GraphQL request when it fits on one page.
    """

    summaries: bool = False


__all__ = [
    "Author",
    "ConversationComment",
    "PullRequestReviews",
    "ReviewThread",
    "Reviews",
    "ThreadComment",
]
