"""A glob as a nondeterministic automaton run over a path's bytes, all states at once.

State i means "the first i tokens have matched". The states alive after each byte are the bits
of one integer, so a path is read once, byte by byte, whatever the pattern: the work is
O(len(path) x len(pattern)) and nothing ever backtracks (wildmatch's recursion is exponential
on `*a*a*a*a*a*a` against a long name; this is not). The tables are built on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from functools import cached_property
from typing import NamedTuple

from releasegate.globs.tokens import ALL_BYTES, SLASH_BIT, Kind, Token

_DOT_BIT = 1 << ord(".")
_NAME_BITS = ALL_BYTES & ~(1 | SLASH_BIT | _DOT_BIT)  # what else a file name may hold


class Automaton:
    def __init__(
        self, tokens: Sequence[Token], accepting: Sequence[int], required: Sequence[Token] = ()
    ) -> None:
        """``required``: tokens every match must read, in a row (for a quick substring test)."""
        self.tokens = tuple(tokens)
        self.accept = sum(1 << state for state in set(accepting))
        self.required = tuple(required)

    def matches(self, data: bytes) -> bool:
        tables = self._tables
        if tables.literal not in data:
            return False
        consume, loop, skip_one, skip_two = tables.consume, tables.loop, tables.one, tables.two
        rounds, settled = tables.rounds, tables.settled
        alive = tables.start
        for byte in data:
            alive = ((alive << 1) & consume[byte]) | (alive & loop[byte])
            if not alive:
                return False
            for _ in rounds:
                alive |= ((alive & skip_one) << 1) | ((alive & skip_two) << 2)
            if alive & settled:
                return True
        return bool(alive & self.accept)

    @cached_property
    def _tables(self) -> _Tables:
        return _Tables.build(self.tokens, self.accept, self.required)

    def selects_some_path(self) -> bool:
        """Whether any path a repository can hold reaches an accepting state: components of
        one or more bytes joined by single slashes, none of them '.' or '..'."""
        start = [(state, _PathShape.START) for state in self._closure(0)]
        seen, todo = set(start), list(start)
        while todo:
            state, shape = todo.pop()
            if shape is _PathShape.NAME and self.accept >> state & 1:
                return True
            for following in self._steps(state, shape):
                if following not in seen:
                    seen.add(following)
                    todo.append(following)
        return False

    def _steps(self, state: int, shape: _PathShape) -> list[tuple[int, _PathShape]]:
        steps = []
        for kind_of_byte, bits in _PATH_BYTES.items():
            after = shape.after(kind_of_byte)
            if after is None:
                continue
            targets = []
            if self._reads(state, Kind.BYTES, bits):
                targets.append(state + 1)  # the token after the state consumes the byte
            if state and self._reads(state - 1, None, bits):
                targets.append(state)  # the star before the state loops over it
            steps += [(reached, after) for target in targets for reached in self._closure(target)]
        return steps

    def _reads(self, index: int, kind: Kind | None, bits: int) -> bool:
        """Whether token ``index`` (a BYTES one, or a star for None) reads any of ``bits``."""
        if index >= len(self.tokens):
            return False
        token = self.tokens[index]
        is_kind = token.kind is Kind.BYTES if kind is Kind.BYTES else token.kind is not Kind.BYTES
        return is_kind and bool(token.members & bits)

    def _closure(self, state: int) -> list[int]:
        reached, todo = [state], [state]
        while todo:
            current = todo.pop()
            for following in _skips(self.tokens, current):
                if following not in reached:
                    reached.append(following)
                    todo.append(following)
        return reached


def _skips(tokens: tuple[Token, ...], state: int) -> list[int]:
    """The states reached from ``state`` without reading a byte: past a star (it may match
    nothing), and past a `**/` and its slash."""
    if state >= len(tokens) or tokens[state].kind is Kind.BYTES:
        return []
    return [state + 1, state + 2] if tokens[state].skips_slash else [state + 1]


class _Tables(NamedTuple):
    consume: list[int]
    "Per byte: the states entered by reading it as the BYTES token before them."
    loop: list[int]
    "Per byte: the states after a star that stay alive reading it."
    one: int
    two: int
    "States that also stand for the next state (one) or the one after (two)."
    rounds: range
    "How often to follow those: the longest chain of them."
    start: int
    settled: int
    "States from which every continuation is accepted (after a trailing `**`)."
    literal: bytes
    "Bytes every match contains, checked first (a substring test runs in C)."

    @classmethod
    def build(cls, tokens: tuple[Token, ...], accept: int, required: tuple[Token, ...]) -> _Tables:
        consume, loop = [0] * 256, [0] * 256
        one = two = forever = 0
        for index, token in enumerate(tokens):
            table = consume if token.kind is Kind.BYTES else loop
            _mark(table, token.members, 1 << (index + 1))
            if token.kind is not Kind.BYTES:
                one |= 1 << index
                two |= (1 << index) if token.skips_slash else 0
                forever |= (1 << (index + 1)) if token.members == ALL_BYTES else 0
        rounds = range(_longest_chain(tokens))
        start = _close(1, one, two, rounds)
        settled = sum(
            1 << s for s in _bits_of(forever) if _close(1 << s, one, two, rounds) & accept
        )
        return cls(consume, loop, one, two, rounds, start, settled, _longest_literal(required))


def _mark(table: list[int], members: int, state: int) -> None:
    for byte in _bits_of(members):
        table[byte] |= state


def _bits_of(mask: int) -> list[int]:
    return [bit for bit in range(mask.bit_length()) if mask >> bit & 1]


def _close(alive: int, one: int, two: int, rounds: range) -> int:
    for _ in rounds:
        alive |= ((alive & one) << 1) | ((alive & two) << 2)
    return alive


def _longest_chain(tokens: tuple[Token, ...]) -> int:
    longest = [0] * (len(tokens) + 3)
    for state in reversed(range(len(tokens))):
        longest[state] = max((1 + longest[s] for s in _skips(tokens, state)), default=0)
    return max(longest)


def _longest_literal(tokens: tuple[Token, ...]) -> bytes:
    best, run = b"", bytearray()
    optional = False  # the slash of a `**/` may be skipped with it
    for token in tokens:
        if token.kind is Kind.BYTES and token.members.bit_count() == 1 and not optional:
            run.append(token.members.bit_length() - 1)
        else:
            run.clear()
        optional = token.skips_slash
        best = bytes(run) if len(run) > len(best) else best
    return best


class _PathShape(Enum):
    """Where a path stands in its current component, to tell which bytes may come next."""

    START = "at the start of a component"
    DOT = "after '.'"
    DOTDOT = "after '..'"
    NAME = "in a name"

    def after(self, kind_of_byte: str) -> _PathShape | None:
        if kind_of_byte == "slash":
            # A component may not be empty, '.' or '..'.
            return _PathShape.START if self is _PathShape.NAME else None
        if kind_of_byte == "dot" and self is _PathShape.START:
            return _PathShape.DOT
        if kind_of_byte == "dot" and self is _PathShape.DOT:
            return _PathShape.DOTDOT
        return _PathShape.NAME


_PATH_BYTES = {"slash": SLASH_BIT, "dot": _DOT_BIT, "name": _NAME_BITS}
