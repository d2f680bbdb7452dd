"""releasegate's reading of Greptile's markup against what was generated and what GitHub's
renderer, cmark-gfm, shows (SPEC §2.2); the shapes are in greptile_shapes.py.

1. an inline finding: the severity its badge was generated with (alt first, else the file;
   before, after or above the title; quoted either way; any `?v=`), and the title GitHub
   shows (a `*` inside code or quotes stays, emphasis goes);
2. a summary, as a comment or as the section of a PR description, LF or CRLF: exactly the
   generated comments outside the diff (file, lines, severity, title), the confidence score
   and the last reviewed commit.

Deliberate differences, set aside (the pieces never hold them):

- GitHub also strikes through text between single tildes (`~x~`); markdown-it needs two, so
  a title keeps single tildes (no word is lost);
- GitHub makes a bare URL a link before it reads emphasis, so a `*` inside one stays; markdown-it
  reads it as text, where such a `*` may pair with another (`*a http://x/b*c*`).

The examples are derandomized; their number comes from RELEASEGATE_DIFFERENTIAL_EXAMPLES
(default 5000) as in test_tasklists_cmark.py, a fifth of it for whole summaries (each holds up
to four entries and takes five times as long to make); about 20 s per test on one core.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings

from differential.greptile_shapes import Comment, GeneratedSummary, inline_comments, summaries
from releasegate.facts.reviews import Author, ConversationComment
from releasegate.gates.greptile_comments import (
    description_section,
    read_summary,
    severity_of,
    title_of,
)

EXAMPLES = int(os.environ.get("RELEASEGATE_DIFFERENTIAL_EXAMPLES", "5000"))
DIFFERENTIAL = settings(
    max_examples=EXAMPLES,
    derandomize=not os.environ.get("RELEASEGATE_DIFFERENTIAL_RANDOM"),
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
GREPTILE = Author("greptile-apps", "Bot")


@DIFFERENTIAL
@given(inline_comments())
def test_an_inline_finding_reads_as_generated_and_as_github_shows_it(comment: Comment) -> None:
    assert severity_of(comment.body) == comment.severity, comment.body
    assert title_of(comment.body) == comment.title, comment.body


@settings(DIFFERENTIAL, max_examples=max(1, EXAMPLES // 5))
@given(summaries())
def test_a_summary_reads_as_generated(generated: GeneratedSummary) -> None:
    body = generated.body
    if generated.in_description:
        section = description_section(body)
        assert section is not None
        body = section
    summary = read_summary(ConversationComment(GREPTILE, body, "https://x.test/s"))

    assert summary.confidence == generated.confidence
    assert summary.reviewed_commit == generated.reviewed
    read = [(c.path, c.lines, c.severity, c.title) for c in summary.outside_diff]
    assert read == [(e.path, e.lines, e.severity, e.title) for e in generated.entries], body
