"""A glob read as git reads one line of a .gitignore (dir.c), its pattern cut into tokens as
git's wildmatch.c walks it.

Everything works on the UTF-8 bytes, as git does: ``?`` and a bracket match one byte. A token
that git would abort on (an unclosed bracket, an unknown ``[:class:]``, a lone trailing
backslash) matches nothing, as in git, and is noted in ``Line.flaws`` for the policy check.
"""

from __future__ import annotations

from typing import NamedTuple

from releasegate.globs.brackets import read_bracket
from releasegate.globs.tokens import (
    ALL_BYTES,
    BACKSLASH,
    GLOB_SPECIAL,
    NEVER,
    NOT_SLASH,
    QUESTION,
    SLASH,
    STAR,
    Flaw,
    Kind,
    Token,
)


class Line(NamedTuple):
    text: str
    "The glob as written."
    comment: bool
    negated: bool
    folders_only: bool
    "It ended with '/': it matches folders only, so it selects the files below them."
    basename: bool
    "No '/' but a trailing one: it matches the name of a file or folder at any depth."
    anchored_by_slash: bool
    "It started with '/' (only meaningful for a glob that is not a basename glob)."
    body: bytes
    "What wildmatch is given: without `!`, the leading and the trailing '/'."
    tokens: tuple[Token, ...]
    flaws: tuple[Flaw, ...]


def read_line(text: str) -> Line:
    """``text`` as git reads a .gitignore line: comment, trailing spaces, `!`, trailing `/`,
    basename or path, leading `/`."""
    raw = text.encode("utf-8", "surrogatepass")
    comment = raw.startswith(b"#")
    body = _trim_trailing_spaces(raw)
    negated = body.startswith(b"!")
    body = body.removeprefix(b"!")
    folders_only = body.endswith(SLASH)
    body = body.removesuffix(SLASH)
    basename = SLASH not in body
    anchored_by_slash = not basename and body.startswith(SLASH)
    body = body.removeprefix(SLASH) if anchored_by_slash else body
    if comment or not body:
        tokens: tuple[Token, ...] = (NEVER,)
        flaws: tuple[Flaw, ...] = ()
    else:
        tokens, flaws = tokenize(body, pathname=not basename)
    return Line(
        text, comment, negated, folders_only, basename, anchored_by_slash, body, tokens, flaws
    )


def _trim_trailing_spaces(raw: bytes) -> bytes:
    """dir.c's trim_trailing_spaces: unescaped trailing spaces go (`a\\ ` keeps its space,
    `a\\\\ ` does not), and nothing goes from a line that ends in a lone backslash."""
    last_space: int | None = None
    index = 0
    while index < len(raw):
        byte = raw[index : index + 1]
        if byte == b" ":
            last_space = index if last_space is None else last_space
        elif byte == BACKSLASH:
            index += 1
            if index == len(raw):
                return raw
            last_space = None
        else:
            last_space = None
        index += 1
    return raw if last_space is None else raw[:last_space]


def tokenize(pattern: bytes, *, pathname: bool) -> tuple[tuple[Token, ...], tuple[Flaw, ...]]:
    """wildmatch's reading of ``pattern``; ``pathname`` is WM_PATHNAME (a glob with a slash)."""
    # dir.c compares the literal part before the first wildcard itself and hands wildmatch the
    # rest, so a `**` that starts the wildcards counts as the start of a pattern ("a**/b").
    first_wildcard = next((i for i, byte in enumerate(pattern) if byte in GLOB_SPECIAL), -1)
    tokens: list[Token] = []
    flaws: list[Flaw] = []
    index = 0
    while index < len(pattern):
        token, index, flaw = _next_token(pattern, index, pathname, first_wildcard)
        tokens.append(token)
        if flaw:
            flaws.append(flaw)
    return tuple(tokens), tuple(flaws)


def _next_token(
    pattern: bytes, index: int, pathname: bool, first_wildcard: int
) -> tuple[Token, int, Flaw | None]:
    byte = pattern[index : index + 1]
    if byte == BACKSLASH:
        if index + 1 == len(pattern):
            return NEVER, index + 1, Flaw("backslash", byte)
        return _literal(pattern[index + 1], pattern[index : index + 2]), index + 2, None
    if byte == QUESTION:
        return Token(Kind.BYTES, NOT_SLASH, byte), index + 1, None
    if byte == STAR:
        end = index
        while pattern[end : end + 1] == STAR:
            end += 1
        return _star(pattern, index, end, pathname, first_wildcard), end, None
    if byte == b"[":
        return read_bracket(pattern, index)
    return _literal(pattern[index], byte), index + 1, None


def _literal(value: int, source: bytes) -> Token:
    return Token(Kind.BYTES, 1 << value, source)


def _star(pattern: bytes, start: int, end: int, pathname: bool, first_wildcard: int) -> Token:
    """wildmatch: a run of two or more stars crosses slashes only as a whole path segment
    (after a slash or at the start, and before a slash or at the end); else it is `*`."""
    source = pattern[start:end]
    after = pattern[end : end + 2]
    whole_segment = (
        pathname
        and end - start >= 2
        and (start in (0, first_wildcard) or pattern[start - 1 : start] == SLASH)
        and (end == len(pattern) or after.startswith(SLASH) or after == b"\\/")
    )
    if whole_segment:
        # wildmatch tries "matches nothing" only before a plain slash, not before `\/`.
        return Token(Kind.STARSTAR, ALL_BYTES, source, skips_slash=after.startswith(SLASH))
    return Token(Kind.STAR, NOT_SLASH, source)


def components(tokens: tuple[Token, ...]) -> list[tuple[Token, ...]]:
    """The tokens between slashes (escaped or not: both match '/')."""
    parts: list[list[Token]] = [[]]
    for token in tokens:
        if token.is_slash:
            parts.append([])
        else:
            parts[-1].append(token)
    return [tuple(part) for part in parts]


def source_of(tokens: tuple[Token, ...]) -> str:
    return b"".join(token.source for token in tokens).decode("utf-8", "surrogatepass")
