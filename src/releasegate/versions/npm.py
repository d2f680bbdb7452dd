"""SemVer 2 versions and npm ranges: node-semver 7's grammar, strict, with prereleases
included (``satisfies(version, range, {includePrerelease: true})``), ported from its
``internal/re.js`` and ``classes/range.js``."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from releasegate.versions.model import PEP440_ONLY, RangeSyntax, Version, incomparable

#
# The same regexes as node-semver's internal/re.js, bounded the same way (its safeRe), with
# `\Z` for JavaScript's `$` and re.ASCII for its `\d` and `\s` (all input is ASCII here).

_JS_SPACE = " \t\n\v\f\r"  # JavaScript's trim() on ASCII: str.strip() also takes \x1c-\x1f
_MAX_SAFE_INTEGER = 2**53 - 1
_SEMVER_MAX_LENGTH = 256


def _bounded(source: str) -> re.Pattern[str]:
    """node-semver's makeSafeRegex: greedy tokens bounded so that no input makes them crawl."""
    for token, most in ((r"\s", 1), (r"\d", 256), ("[a-zA-Z0-9-]", 250)):
        source = source.replace(f"{token}*", f"{token}{{0,{most}}}")
        source = source.replace(f"{token}+", f"{token}{{1,{most}}}")
    return re.compile(source, re.ASCII)


_LETTER_DASH_NUMBER = "[a-zA-Z0-9-]"
_NUMERIC = r"0|[1-9]\d*"
_NUMERIC_LOOSE = r"\d+"
_NON_NUMERIC = rf"\d*[a-zA-Z-]{_LETTER_DASH_NUMBER}*"
_MAIN = rf"({_NUMERIC})\.({_NUMERIC})\.({_NUMERIC})"
_MAIN_LOOSE = rf"({_NUMERIC_LOOSE})\.({_NUMERIC_LOOSE})\.({_NUMERIC_LOOSE})"
_PRE_ID = rf"(?:{_NON_NUMERIC}|{_NUMERIC})"
_PRE_ID_LOOSE = rf"(?:{_NON_NUMERIC}|{_NUMERIC_LOOSE})"
_PRE = rf"(?:-({_PRE_ID}(?:\.{_PRE_ID})*))"
_PRE_LOOSE = rf"(?:-?({_PRE_ID_LOOSE}(?:\.{_PRE_ID_LOOSE})*))"
_BUILD = rf"(?:\+({_LETTER_DASH_NUMBER}+(?:\.{_LETTER_DASH_NUMBER}+)*))"
_FULL_PLAIN = rf"v?{_MAIN}{_PRE}?{_BUILD}?"
_LOOSE_PLAIN = rf"[v=\s]*{_MAIN_LOOSE}{_PRE_LOOSE}?{_BUILD}?"
_GTLT = r"((?:<|>)?=?)"
_X_ID = rf"{_NUMERIC}|x|X|\*"
_X_PLAIN = rf"[v=\s]*({_X_ID})(?:\.({_X_ID})(?:\.({_X_ID})(?:{_PRE})?{_BUILD}?)?)?"

_FULL = _bounded(rf"^{_FULL_PLAIN}\Z")
_COMPARATOR = _bounded(rf"^{_GTLT}\s*({_FULL_PLAIN})\Z|^\Z")
_COMPARATOR_TRIM = _bounded(rf"(\s*){_GTLT}\s*({_LOOSE_PLAIN}|{_X_PLAIN})")
_TILDE_TRIM = _bounded(r"(\s*)(?:~>?)\s+")
_CARET_TRIM = _bounded(r"(\s*)(?:\^)\s+")
_HYPHEN = _bounded(rf"^\s*({_X_PLAIN})\s+-\s+({_X_PLAIN})\s*\Z")
_TILDE = _bounded(rf"^(?:~>?){_X_PLAIN}\Z")
_CARET = _bounded(rf"^(?:\^){_X_PLAIN}\Z")
_X_RANGE = _bounded(rf"^{_GTLT}\s*{_X_PLAIN}\Z")
_STAR = _bounded(r"(<|>)?=?\s*\*")
_GTE0_PRE = _bounded(r"^\s*>=\s*0\.0\.0-0\s*\Z")
_BUILD_ONCE = _bounded(_BUILD)
_BUILD_ALL = re.compile(_BUILD, re.ASCII)  # node-semver strips builds with the unbounded one
_SPACES = re.compile(r"\s+", re.ASCII)


@dataclass(frozen=True)
class SemVer:
    """A SemVer 2 version as node-semver holds it: prerelease numbers below 2^53-1 as int."""

    major: int
    minor: int
    patch: int
    prerelease: tuple[int | str, ...]

    @property
    def text(self) -> str:
        core = f"{self.major}.{self.minor}.{self.patch}"
        pre = ".".join(str(identifier) for identifier in self.prerelease)
        return f"{core}-{pre}" if pre else core

    def compare(self, other: SemVer) -> int:
        """node-semver's compareMain, then comparePre: -1, 0 or 1."""
        main = _sign((self.major, self.minor, self.patch), (other.major, other.minor, other.patch))
        return main or _compare_prereleases(self.prerelease, other.prerelease)


def _sign(left: Any, right: Any) -> int:
    return int(left > right) - int(left < right)


def _compare_prereleases(left: tuple[int | str, ...], right: tuple[int | str, ...]) -> int:
    if not left or not right:
        return _sign(not left, not right)  # a release sorts after its prereleases
    for mine, theirs in zip(left, right, strict=False):  # then the longer one is greater
        if type(mine) is not type(theirs) or mine != theirs:
            return _compare_identifiers(mine, theirs)
    return _sign(len(left), len(right))


def _compare_identifiers(left: int | str, right: int | str) -> int:
    """node-semver's compareIdentifiers, JavaScript's number coercion included."""
    if isinstance(left, int) and isinstance(right, int):
        return _sign(left, right)
    left_numeric, right_numeric = str(left).isdigit(), str(right).isdigit()
    if left_numeric and right_numeric:
        return _sign(float(left), float(right))  # `+a` in JavaScript: a double
    if left_numeric != right_numeric:
        return -1 if left_numeric else 1
    return _sign(left, right)


def read_semver(text: str) -> SemVer | None:
    """node-semver's ``new SemVer(text)`` in strict mode, or None where it throws."""
    if len(text) > _SEMVER_MAX_LENGTH:
        return None
    match = _FULL.match(text.strip(_JS_SPACE))
    if match is None:
        return None
    major, minor, patch = (int(number) for number in match.group(1, 2, 3))
    if max(major, minor, patch) > _MAX_SAFE_INTEGER:
        return None
    prerelease = tuple(_prerelease_identifier(i) for i in (match[4] or "").split(".") if i)
    return SemVer(major, minor, patch, prerelease)


def _prerelease_identifier(identifier: str) -> int | str:
    if identifier.isdigit() and int(identifier) < _MAX_SAFE_INTEGER:
        return int(identifier)
    return identifier


_ORDER_ADMITS: dict[str, Callable[[int], bool]] = {
    "": lambda order: order == 0,
    "<": lambda order: order < 0,
    "<=": lambda order: order <= 0,
    ">": lambda order: order > 0,
    ">=": lambda order: order >= 0,
}


@dataclass(frozen=True)
class NpmComparator:
    """``>=2.3.0``, ``<3.0.0-0``, ``1.2.3`` (operator ""), or any version (version None)."""

    operator: str
    version: SemVer | None

    @property
    def text(self) -> str:
        return "" if self.version is None else f"{self.operator}{self.version.text}"

    def admits(self, version: SemVer) -> bool:
        if self.version is None:
            return True
        return _ORDER_ADMITS[self.operator](version.compare(self.version))


_NULL_SET = "<0.0.0-0"


@dataclass(frozen=True)
class NpmRange:
    """An npm range: ``||`` alternatives of comparators that must all admit a version."""

    syntax: ClassVar[RangeSyntax] = "npm"
    text: str
    alternatives: tuple[tuple[NpmComparator, ...], ...] = field(repr=False)

    @property
    def bounds(self) -> str:
        """node-semver's ``validRange`` (``||`` spaced out): ``>=2.3.0 <3.0.0-0``, ``*``."""
        alternatives = (" ".join(c.text for c in alternative) for alternative in self.alternatives)
        return " || ".join(alternatives) or "*"

    def admits(self, version: Version) -> bool:
        semver = read_semver(version.semver) if version.semver is not None else None
        if semver is None:
            raise incomparable(version, self.text, "PEP 440", "npm", PEP440_ONLY)
        return any(all(c.admits(semver) for c in alt) for alt in self.alternatives)


class _NotNpm(ValueError):
    """Raised inside the npm port where node-semver throws: the text is no npm range."""


def read_npm_range(text: str) -> NpmRange | None:
    """node-semver's ``new Range(text, {includePrerelease: true})``, or None where it throws."""
    raw = _SPACES.sub(" ", text.strip(_JS_SPACE))
    alternatives = [alternative.strip(_JS_SPACE) for alternative in raw.split("||")]
    if not all(alternatives):
        return None  # npm reads "" and an empty alternative as "any": refuse, fail closed
    try:
        comparator_sets = [_npm_alternative(alternative) for alternative in alternatives]
    except _NotNpm:
        return None
    return NpmRange(text.strip(), _without_redundant_sets(comparator_sets))


def _without_redundant_sets(
    comparator_sets: list[tuple[NpmComparator, ...]],
) -> tuple[tuple[NpmComparator, ...], ...]:
    """As the Range constructor: drop sets that admit nothing, keep only a set that admits
    everything. The meaning is unchanged; ``bounds`` then reads as npm's ``validRange``."""
    if len(comparator_sets) > 1:
        kept = [s for s in comparator_sets if s[0].text != _NULL_SET] or comparator_sets[:1]
        comparator_sets = next(([s] for s in kept if len(s) == 1 and s[0].version is None), kept)
    return tuple(comparator_sets)


def _npm_alternative(alternative: str) -> tuple[NpmComparator, ...]:
    """node-semver's ``Range.parseRange``: desugar one alternative into comparators."""
    alternative = _BUILD_ALL.sub("", alternative)  # build metadata never bleeds into bounds
    alternative = _HYPHEN.sub(_hyphen_bounds, alternative, count=1)
    alternative = _COMPARATOR_TRIM.sub(r"\1\2\3", alternative)
    alternative = _TILDE_TRIM.sub(r"\1~", alternative)
    alternative = _CARET_TRIM.sub(r"\1^", alternative)
    desugared = " ".join(_desugar(token) for token in alternative.split(" "))
    texts = [_GTE0_PRE.sub("", token.strip(_JS_SPACE)) for token in _SPACES.split(desugared)]
    comparators = [_npm_comparator(text) for text in texts]
    nothing = [comparator for comparator in comparators if comparator.text == _NULL_SET]
    if nothing:
        return (nothing[0],)
    unique = list(dict.fromkeys(comparators))
    return tuple(c for c in unique if c.version is not None) or (unique[0],)


def _desugar(token: str) -> str:
    """node-semver's ``parseComparator``: carets, tildes, x-ranges and stars to comparators."""
    token = _BUILD_ONCE.sub("", token, count=1)
    token = " ".join(_caret(part) for part in _SPACES.split(token.strip(_JS_SPACE)))
    token = " ".join(_tilde(part) for part in _SPACES.split(token.strip(_JS_SPACE)))
    token = " ".join(_x_range(part.strip(_JS_SPACE)) for part in _SPACES.split(token))
    return _STAR.sub("", token.strip(_JS_SPACE), count=1)


def _is_x(part: str | None) -> bool:
    return not part or part in ("x", "X", "*")


def _caret(token: str) -> str:
    """``^1.2.3`` is ``>=1.2.3 <2.0.0-0``; ``^0.2`` is ``>=0.2.0-0 <0.3.0-0``."""
    match = _CARET.match(token)
    if match is None:
        return token
    major, minor, patch, pre = match.group(1, 2, 3, 4)
    if _is_x(major):
        return ""
    if _is_x(minor):
        return f">={major}.0.0-0 <{int(major) + 1}.0.0-0"
    lower = f">={major}.{minor}.0-0" if _is_x(patch) else f">={major}.{minor}.{patch}"
    lower += f"-{pre}" if pre and not _is_x(patch) else ""
    if major != "0":
        return f"{lower} <{int(major) + 1}.0.0-0"
    if minor != "0" or _is_x(patch):
        return f"{lower} <{major}.{int(minor) + 1}.0-0"
    return f"{lower} <{major}.{minor}.{int(patch or 0) + 1}-0"


def _tilde(token: str) -> str:
    """``~1.2.3`` is ``>=1.2.3 <1.3.0-0``; ``~1`` is ``>=1.0.0-0 <2.0.0-0``."""
    match = _TILDE.match(token)
    if match is None:
        return token
    major, minor, patch, pre = match.group(1, 2, 3, 4)
    if _is_x(major):
        return ""
    if _is_x(minor):
        return f">={major}.0.0-0 <{int(major) + 1}.0.0-0"
    if _is_x(patch):
        return f">={major}.{minor}.0-0 <{major}.{int(minor) + 1}.0-0"
    lower = f">={major}.{minor}.{patch}" + (f"-{pre}" if pre else "")
    return f"{lower} <{major}.{int(minor) + 1}.0-0"


def _x_range(token: str) -> str:
    """``1.x`` is ``>=1.0.0-0 <2.0.0-0``, ``>1.2`` is ``>=1.3.0-0``, ``<=1`` is ``<2.0.0-0``."""
    match = _X_RANGE.match(token)
    if match is None:
        return token
    operator, major, minor, patch = match.group(1, 2, 3, 4)
    if (_is_x(major) and not _is_x(minor)) or (_is_x(minor) and patch and not _is_x(patch)):
        return token  # `x.1`, `1.x.3`: left for the comparator parser to refuse
    if not (_is_x(major) or _is_x(minor) or _is_x(patch)):
        return token
    if _is_x(major):
        return _NULL_SET if operator in (">", "<") else "*"
    if operator in ("", "="):
        if _is_x(minor):
            return f">={major}.0.0-0 <{int(major) + 1}.0.0-0"
        return f">={major}.{minor}.0-0 <{major}.{int(minor) + 1}.0-0"
    return _x_range_bound(operator, int(major), None if _is_x(minor) else int(minor))


def _x_range_bound(operator: str, major: int, minor: int | None) -> str:
    """One bound from an operator and a partial version: ``<1.2`` → ``<1.2.0-0``."""
    if operator in (">", "<="):  # past all of 1.2.x: >1.2 is >=1.3.0-0, <=1.2 is <1.3.0-0
        operator = ">=" if operator == ">" else "<"
        major, minor = (major + 1, 0) if minor is None else (major, minor + 1)
    return f"{operator}{major}.{minor or 0}.0-0"


def _hyphen_bounds(match: re.Match[str]) -> str:
    """``1.2.3 - 2.3.4`` is ``>=1.2.3-0 <2.3.5-0``; ``1.2 - 2`` is ``>=1.2.0-0 <3.0.0-0``.
    Build metadata was stripped before, so ``1.2.3+b - 2`` keeps its prerelease floor."""
    lower = _hyphen_lower(match[1], *match.group(2, 3, 4, 5))
    upper = _hyphen_upper(*match.group(8, 9, 10, 11))
    return f"{lower} {upper}".strip()


def _hyphen_lower(
    start: str, major: str, minor: str | None, patch: str | None, pre: str | None
) -> str:
    if _is_x(major):
        return ""
    if _is_x(minor):
        return f">={major}.0.0-0"
    if _is_x(patch):
        return f">={major}.{minor}.0-0"
    return f">={start}" if pre else f">={start}-0"  # as written, `v` and all


def _hyphen_upper(major: str, minor: str | None, patch: str | None, pre: str | None) -> str:
    if _is_x(major):
        return ""
    if minor is None or _is_x(minor):
        return f"<{int(major) + 1}.0.0-0"
    if patch is None or _is_x(patch):
        return f"<{major}.{int(minor) + 1}.0-0"
    if pre:
        return f"<={major}.{minor}.{patch}-{pre}"
    return f"<{major}.{minor}.{int(patch) + 1}-0"


def _npm_comparator(text: str) -> NpmComparator:
    """node-semver's ``new Comparator(text)``: an operator and a full version, or nothing."""
    match = _COMPARATOR.match(" ".join(_SPACES.split(text.strip(_JS_SPACE))))
    if match is None:
        raise _NotNpm(text)
    if not match[2]:
        return NpmComparator("", None)
    version = read_semver(match[2])
    if version is None:
        raise _NotNpm(text)
    return NpmComparator("" if match[1] == "=" else match[1], version)
