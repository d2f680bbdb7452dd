"""A glob list applied to a file path: each glob selects the files it matches and the files in
the folders it matches; the last glob that selects a file decides (SPEC §2)."""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from releasegate.globs.automaton import Automaton
from releasegate.globs.syntax import Line, read_line
from releasegate.globs.tokens import ALL_BYTES, SLASH_BIT, Kind, Token

# A basename glob (`*.tf`) matches a name in any folder: git reads it as `**/*.tf`.
_IN_ANY_FOLDER = (
    Token(Kind.STARSTAR, ALL_BYTES, b"**", skips_slash=True),
    Token(Kind.BYTES, SLASH_BIT, b"/"),
)
# A glob that matches a folder selects every file below it, as git ignores them all.
_BELOW = (Token(Kind.BYTES, SLASH_BIT, b"/"), Token(Kind.STARSTAR, ALL_BYTES, b"**"))


class CompiledGlob(NamedTuple):
    line: Line
    automaton: Automaton

    @property
    def negated(self) -> bool:
        return self.line.negated

    def selects(self, path: bytes) -> bool:
        """Whether the glob, `!` aside, matches the file ``path`` or a folder it is in."""
        return self.automaton.matches(path)


@cache
def compile_glob(text: str) -> CompiledGlob:
    """Any text compiles; one that git would never match (see ``glob_problem``) selects
    nothing, as in git."""
    line = read_line(text)
    before = _IN_ANY_FOLDER if line.basename else ()
    tokens = (*before, *line.tokens, *_BELOW)
    end_of_glob = len(before) + len(line.tokens)
    # Matching the file itself needs the glob to end there; a folder glob matches only the
    # folders the file is in, reached through the slash after them.
    accepting = [len(tokens)] if line.folders_only else [end_of_glob, len(tokens)]
    return CompiledGlob(line, Automaton(tokens, accepting, required=line.tokens))


@cache
def compile_globs(patterns: tuple[str, ...]) -> tuple[CompiledGlob, ...]:
    return tuple(compile_glob(pattern) for pattern in patterns)


def selects(patterns: tuple[str, ...], path: str) -> bool:
    """True when the last glob of ``patterns`` that selects ``path`` is not a `!` glob."""
    data = path.encode("utf-8", "surrogatepass")
    for glob in reversed(compile_globs(patterns)):
        if glob.selects(data):
            return not glob.negated
    return False
