"""The pieces a glob is cut into: what each consumes, as sets of bytes."""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple

SLASH, BACKSLASH, STAR, QUESTION = b"/", b"\\", b"*", b"?"
ALL_BYTES = (1 << 256) - 1
SLASH_BIT = 1 << ord("/")
NOT_SLASH = ALL_BYTES & ~SLASH_BIT
GLOB_SPECIAL = frozenset(b"*?[\\")
"What ends the literal start of a pattern, which dir.c compares without wildmatch."


class Kind(Enum):
    BYTES = "one byte of a set"  # a literal, `?` or a bracket
    STAR = "any run of bytes but '/'"
    STARSTAR = "any run of bytes, '/' included"


class Token(NamedTuple):
    kind: Kind
    members: int
    "Bit b is set when byte b is consumed (BYTES) or looped over (stars)."
    source: bytes
    "The pattern text it came from, for messages."
    skips_slash: bool = False
    "A `**/`: the `**` and the slash after it may also match nothing at all."

    @property
    def is_slash(self) -> bool:
        return self.kind is Kind.BYTES and self.members == SLASH_BIT


NEVER = Token(Kind.BYTES, 0, b"")


class Flaw(NamedTuple):
    """Something git reads without complaint but that is surely a mistake."""

    what: str  # "unclosed", "class", "range", "slash-only", "backslash"
    source: bytes
