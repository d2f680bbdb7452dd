"""Bracket expressions as wildmatch.c reads them: `]` first is a member, `!` or `^` negates,
`\\x` is x, `a-z` a range, `[:digit:]` a POSIX class; a bracket never matches '/'."""

from __future__ import annotations

from releasegate.globs.tokens import NEVER, NOT_SLASH, SLASH_BIT, Flaw, Kind, Token

_OPEN, _CLOSE, _COLON, _DASH, _ESCAPE = (ord(c) for c in "[]:-\\")


def _bits(values: bytes | range) -> int:
    mask = 0
    for value in values:
        mask |= 1 << value
    return mask


_DIGIT = _bits(b"0123456789")
_UPPER = _bits(range(ord("A"), ord("Z") + 1))
_LOWER = _bits(range(ord("a"), ord("z") + 1))
_GRAPH = _bits(range(0x21, 0x7F))
# git's own ctype (git-compat-util.h): ASCII only, and `space` is \t \n \r and ' ' (no \v \f).
CLASSES: dict[bytes, int] = {
    b"alnum": _DIGIT | _UPPER | _LOWER,
    b"alpha": _UPPER | _LOWER,
    b"blank": _bits(b"\t "),
    b"cntrl": _bits(range(0x20)) | 1 << 0x7F,
    b"digit": _DIGIT,
    b"graph": _GRAPH,
    b"lower": _LOWER,
    b"print": _GRAPH | 1 << 0x20,
    b"punct": _GRAPH & ~(_DIGIT | _UPPER | _LOWER),
    b"space": _bits(b"\t\n\r "),
    b"upper": _UPPER,
    b"xdigit": _DIGIT | _bits(b"abcdefABCDEF"),
}


def read_bracket(pattern: bytes, start: int) -> tuple[Token, int, Flaw | None]:
    """The bracket at ``pattern[start]`` (a '['): its token, where it ends, and its flaw."""
    reader = _BracketReader(pattern, start)
    return reader.read()


class _BracketReader:
    def __init__(self, pattern: bytes, start: int) -> None:
        self.pattern, self.start = pattern, start
        self.members = 0
        self.backwards: bytes | None = None  # the first range that runs backwards

    def read(self) -> tuple[Token, int, Flaw | None]:
        at = self.start + 1
        negated = self._byte(at) in (ord("!"), ord("^"))
        at += negated
        previous = 0  # the byte a '-' would start a range from; 0 after a range or a class
        while True:
            byte = self._byte(at)
            if byte == _ESCAPE:
                at += 1
                byte = self._byte(at)
                if byte is not None:
                    self.members |= 1 << byte
            elif byte == _DASH and previous and self._byte(at + 1) not in (None, _CLOSE):
                at, byte = self._range(previous, at + 1)
            elif byte == _OPEN and self._byte(at + 1) == _COLON:
                at, byte, unknown = self._class(at)
                if unknown is not None:
                    return self._broken(Flaw("class", unknown))
            elif byte is not None:
                self.members |= 1 << byte
            if byte is None:
                return self._broken(Flaw("unclosed", self.pattern[self.start :]))
            previous = byte
            at += 1
            if self._byte(at) == _CLOSE:
                return self._token(negated, at + 1)

    def _byte(self, at: int) -> int | None:
        return self.pattern[at] if at < len(self.pattern) else None

    def _range(self, low: int, at: int) -> tuple[int, int | None]:
        """The range from ``low`` to the byte at ``at``; 0 after it (no range starts there)."""
        high = self._byte(at)
        if high == _ESCAPE:
            at += 1
            high = self._byte(at)
        if high is None:
            return at, None
        if low > high and self.backwards is None:
            self.backwards = bytes([low, _DASH, high])
        self.members |= _bits(range(low, high + 1))
        return at, 0

    def _class(self, at: int) -> tuple[int, int | None, bytes | None]:
        """The `[:name:]` at ``at``: where it ends, the byte after which a range may start
        (none), and the name if git knows no such class. wildmatch reads a '[' without a
        ':]' before the next ']' as a plain '['."""
        name_start = at + 2
        end = self.pattern.find(b"]", name_start)
        if end < 0:
            return at, None, None
        if end - name_start < 1 or self.pattern[end - 1] != _COLON:
            self.members |= 1 << _OPEN
            return at, _OPEN, None
        name = self.pattern[name_start : end - 1]
        if name not in CLASSES:
            return at, 0, name
        self.members |= CLASSES[name]
        return end, 0, None

    def _broken(self, flaw: Flaw) -> tuple[Token, int, Flaw]:
        """wildmatch aborts on this bracket, so the whole glob matches nothing."""
        return NEVER, len(self.pattern), flaw

    def _token(self, negated: bool, end: int) -> tuple[Token, int, Flaw | None]:
        members = (~self.members if negated else self.members) & NOT_SLASH
        source = self.pattern[self.start : end]
        if self.backwards is not None:
            return Token(Kind.BYTES, members, source), end, Flaw("range", self.backwards)
        if not members and self.members & SLASH_BIT:
            return Token(Kind.BYTES, 0, source), end, Flaw("slash-only", source)
        return Token(Kind.BYTES, members, source), end, None
