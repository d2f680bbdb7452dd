"""Greptile's comments and summaries in the shapes it writes them, from real public PRs
(anonymised: paths, prose and shas are ours; markup, order and spacing are Greptile's)."""

from __future__ import annotations

BADGES = "https://greptile-static-assets.s3.amazonaws.com/badges"


def badge(severity: str, version: int = 9) -> str:
    """The badge Greptile puts before a finding's bold title."""
    src = f"{BADGES}/{severity.lower()}.svg?v={version}"
    return f'<a href="#"><img alt="{severity}" src="{src}" align="top"></a>'


def inline_finding(severity: str, title: str, explanation: str = "") -> str:
    """An inline review comment: badge, bold title, the explanation (2025-2026 shape)."""
    text = explanation or "The retry path writes `settled_at` twice when the lock times out."
    return f"{badge(severity)} **{title}**\n\n{text}\n"


def outside_diff_entry(
    number: int,
    path: str,
    lines: str | None,
    title: str,
    severity: str | None = "P1",
    *,
    sha: str = "0" * 40,
    prompt: bool = False,
) -> str:
    """One numbered entry of "Comments Outside Diff": where, a blob link, badge and title;
    with ``prompt``, the "Prompt To Fix With AI" block some summaries add to each entry."""
    where = f"`{path}`"
    if lines:
        first, _, last = lines.partition("-")
        anchor = f"#L{first}-L{last}" if last else f"#L{first}"
        where += f", line {lines} ([link](https://github.com/acme/app/blob/{sha}/{path}{anchor}))"
    head = f"{badge(severity, 7)} " if severity else ""
    return (
        f"{number}. {where} \n\n"
        f"   {head}**{title}**\n\n"
        "   When the lock times out the handler retries without checking `settled_at`, so a\n"
        "   second settlement is written.\n\n"
        "   ```ts\n"
        "   if (row.settledAt) return row;\n"
        "   ```\n" + (_PROMPT.format(path=path, lines=lines or "", title=title) if prompt else "")
    )


_PROMPT = """
   <details><summary>Prompt To Fix With AI</summary>

   `````markdown
   This is a comment left during a code review.
   Path: {path}
   Line: {lines}

   Comment:
   **{title}**

   How can I resolve this? If you propose a fix, please make it concise.
   `````
   </details>
"""


def outside_diff_section(*entries: str, count: int | None = None, opened: bool = True) -> str:
    """The section as Greptile writes it, between its markers."""
    n = len(entries) if count is None else count
    details = "<details open>" if opened else "<details>"
    return (
        "<!-- greptile_failed_comments -->\n"
        f"{details}<summary><h3>Comments Outside Diff ({n})</h3></summary>\n\n"
        + "\n".join(entries)
        + "\n</details>\n\n<!-- /greptile_failed_comments -->\n"
    )


def summary(
    sha: str | None,
    confidence: int | None = 4,
    outside_diff: str = "",
    *,
    reviews: int = 1,
) -> str:
    """Greptile's summary comment: overview, confidence, files, outside-diff, footer."""
    parts = [
        "<h3>Greptile Summary</h3>",
        "",
        "This PR makes settlement retries idempotent.",
        "",
        "- **P1 – escalation still double-charges**: the escalation path skips the lock.",
        "",
    ]
    if confidence is not None:
        parts += [
            f"<h3>Confidence Score: {confidence}/5</h3>",
            "",
            "One P1 remains: the escalation path still settles twice.",
            "",
        ]
    parts += [
        "<h3>Important Files Changed</h3>",
        "",
        "| Filename | Overview |",
        "|----------|----------|",
        "| app/pay.ts | Adds the idempotency key. |",
        "",
        "</details>",
        "",
    ]
    if outside_diff:
        parts += [outside_diff]
    if sha is not None:
        link = f"https://github.com/acme/app/commit/{sha}"
        parts += [
            f'<sub>Reviews ({reviews}): Last reviewed commit: ["fix(pay): make retries '
            f'idempotent"]({link}) | [Re-trigger Greptile](https://app.greptile.com/api/'
            "retrigger?id=1)</sub>"
        ]
    return "\n".join(parts)


def description(words: str, section: str) -> str:
    """A PR description into which Greptile wrote its summary, between its markers."""
    return f"{words}\n\n<!-- greptile_comment -->\n\n{section}\n\n<!-- /greptile_comment -->\n"


def description_summary(sha7: str | None, confidence: int | None = 5) -> str:
    """The summary as Greptile writes it into a PR description (the 'Overview' shape)."""
    parts = [
        "<h2>Greptile Overview</h2>",
        "",
        "<h3>Greptile Summary</h3>",
        "",
        "- Adds the payments retry.",
        "",
    ]
    if confidence is not None:
        parts += [
            f"<h3>Confidence Score: {confidence}/5</h3>",
            "",
            "- This PR is safe to merge with minimal risk.",
            "",
        ]
    parts += ["<!-- greptile_other_comments_section -->", ""]
    if sha7 is not None:
        parts += [f"<sub>Last reviewed commit: {sha7}</sub>"]
    return "\n".join(parts)
