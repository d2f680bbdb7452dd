"""The searches a report runs, built from the ``report:`` settings: one text per thing counted.

Every search is scoped to the repository (``repo:OWNER/NAME``) unless its qualifiers name a
``repo:``, ``org:`` or ``user:`` of their own (bugs kept in a tracker repository), and is
dated by the report (``created:``, ``closed:`` or ``merged:``), so the settings never hold a
date. A stage's search is the bugs' search narrowed by the stage's qualifiers, and the
regressions' the escape stage's narrowed by ``regression``: a regression is an escape-stage
bug that also matches ``regression``. The unstaged bugs are one search when every stage is
a single qualifier a minus can negate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from releasegate.github.search import Span
from releasegate.report.setup import ReportSetup

_SCOPES = ("repo:", "org:", "user:")
# One qualifier whose negation is its opposite: label:found:qa, label:"found on qa"; not a
# list (label:a,b), not already negated, not several qualifiers.
_ONE_QUALIFIER = re.compile(r'^[A-Za-z][A-Za-z-]*:(?:"[^"]*"|[^\s,"]+)$')


def dated(query: str, field: str, span: Span) -> str:
    """``query`` limited to ``span`` by ``field`` (created, closed, merged), oldest first."""
    return f"{query} {span.qualifier(field)} sort:created-asc"


def search_value(text: str) -> str:
    """A qualifier's value, quoted when it holds a space or a comma (a label "needs qa")."""
    return f'"{text}"' if any(char.isspace() or char == "," for char in text) else text


@dataclass(frozen=True)
class Queries:
    setup: ReportSetup

    def scoped(self, qualifiers: str) -> str:
        words = qualifiers.lower().split()
        if any(word.lstrip("-").startswith(_SCOPES) for word in words):
            return qualifiers
        return f"repo:{self.setup.repository} {qualifiers}"

    def bugs(self) -> str:
        return self.scoped(f"is:issue {self.setup.report.bugs}")

    def stage(self, name: str) -> str:
        return f"{self.bugs()} {self.setup.report.stages[name]}"

    def unstaged(self) -> str | None:
        """The bugs that no stage's search finds, as one search: the bugs' search with each
        stage negated, when each stage is one qualifier; else None (they are then read)."""
        stages = self.setup.report.stages.values()
        if not all(_ONE_QUALIFIER.match(qualifier) for qualifier in stages):
            return None
        return " ".join([self.bugs(), *(f"-{qualifier}" for qualifier in stages)])

    def escapes(self) -> str:
        return self.stage(self.setup.report.escapes)

    def regressions(self) -> str:
        return f"{self.escapes()} {self.setup.report.regression}"

    def row(self, name: str) -> str:
        return self.scoped(self.setup.report.rows[name])

    def hotfixes(self) -> str:
        """Pull requests merged into production; their head branch is matched afterwards
        (``head:`` only matches a branch name's beginning, the head pattern is a glob)."""
        production = search_value(self.setup.hotfix.production)
        return f"repo:{self.setup.repository} is:pr is:merged base:{production}"

    def incidents(self) -> str:
        label = search_value(self.setup.incident_label)
        return f"repo:{self.setup.repository} is:issue label:{label}"
