"""One run of ``hotfix backport``: what every step of it needs."""

from __future__ import annotations

from dataclasses import dataclass

from releasegate.github.client import GitHub
from releasegate.hotfix import github as rest
from releasegate.hotfix.options import BackportOptions
from releasegate.hotfix.remote import Remote
from releasegate.policy.models import HotfixSettings


@dataclass(frozen=True)
class BackportRun:
    """The clients, the original pull request, the settings, origin, and the options."""

    reader: GitHub
    writer: GitHub  # with the backport token when one is given
    repo: rest.Repository
    pull: rest.HotfixPull
    settings: HotfixSettings
    remote: Remote
    options: BackportOptions

    @property
    def reviewer(self) -> str | None:
        """Whose review the backport asks for: the original's author, unless a bot."""
        return None if self.pull.author_is_bot else self.pull.author
