"""Versions, version ranges, and whether one fits the other (the version-compat gate).

Versions are PEP 440 (``1.10.0``, ``2.4.0rc1``, ``1!2.0``, ``v1.2.3``) or SemVer 2
(``2.4.0-rc.1``, ``1.0.0+build.5``). Text that is valid SemVer 2 is read as SemVer, anything
else as PEP 440.

A range is read in the grammar its ``syntax`` names: ``npm`` (node-semver 7) or ``pep440``
(a PEP 440 specifier set, through packaging). With ``auto`` it is read in every grammar that
can read it. Some texts are valid in both with different meanings (``<=1.0`` is ``<1.1.0-0``
to npm and ``<=1.0`` to PEP 440; ``>=2`` admits ``2.0rc1`` in npm, not in PEP 440), so when
both read a range and disagree on the version at hand, or one of them cannot judge it,
``fits`` raises ``AmbiguousRangeError``: the policy must set ``syntax``. Never a guess.

Each reading follows its own ecosystem's rules, with prereleases allowed:

- PEP 440: ``SpecifierSet(text, prereleases=True).contains(version)``. So ``2.4.0rc1`` fits
  ``>=2.3,<3`` but ``3.0.0rc1`` does not fit ``<3`` (PEP 440 excludes prereleases of the
  upper bound), and ``===`` compares the version's text as written, case-insensitively
  (``===1.1`` does not admit ``1.01``), like packaging.
- npm: ``satisfies(version, range, {includePrerelease: true})`` of node-semver 7, whose range
  grammar is ported below (strict mode, regexes as in its ``internal/re.js``). Bounds derived
  from ``^ ~ x``, partial versions and hyphen ranges include the prereleases of their lower
  bound and exclude those of their upper bound (``2.x`` is ``>=2.0.0-0 <3.0.0-0``); a bound
  written out in full is exact (``<3.0.0`` admits ``3.0.0-rc.1``). Build metadata in a range
  is ignored, as npm does (``1.x+build`` is ``1.x``). The Python port ``nodesemver`` was
  replaced by this: it predates the ``-0`` bounds, treats prereleases wrongly with
  ``include_prerelease`` and drops comparators it cannot read in loose mode (fail open).

A version written in the other syntax is translated, or refused (fail closed):
SemVer to PEP 440 keeps ``alpha``/``a``, ``beta``/``b`` and ``rc`` prereleases
(``2.4.0-rc.1`` is ``2.4.0rc1``) and reads build metadata as a local label; PEP 440 to SemVer
pads the release to three numbers, maps ``a1``/``b1``/``rc1`` to ``-alpha.1``/``-beta.1``/
``-rc.1`` and ``.dev1`` to ``-0.dev.1`` and drops a local label. An epoch, a post-release, a
prerelease with a dev part, a fourth non-zero number or a number past JavaScript's safe
integers has no SemVer form (``IncomparableVersionError``).

Refused as not a version or range, though npm or packaging read some of these as "any
version": empty text, non-ASCII text, a range with an empty alternative (``^1 ||``) or an
empty PEP 440 clause (``>=1,``), and text longer than a version or range could sensibly be.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from releasegate.extract import excerpt

if TYPE_CHECKING:
    from packaging.specifiers import SpecifierSet
    from packaging.version import Version as PepVersion

VersionSyntax = Literal["semver", "pep440"]
RangeSyntax = Literal["npm", "pep440"]
SyntaxChoice = Literal["npm", "pep440", "auto"]
SYNTAX_NAMES: dict[RangeSyntax, str] = {"npm": "npm", "pep440": "PEP 440"}

MAX_VERSION_LENGTH = 256
MAX_RANGE_LENGTH = 512

_SEMVER_PRERELEASE_AS_PEP440 = re.compile(r"(alpha|a|beta|b|rc)\.?(0|[1-9][0-9]*)?", re.I)
_PEP440_PRERELEASE_AS_SEMVER = {"a": "alpha", "b": "beta", "rc": "rc"}


class VersionSyntaxError(ValueError):
    """A version or range that cannot be read; the gate errors (fails closed)."""


class IncomparableVersionError(VersionSyntaxError):
    """A valid version that the range's syntax cannot express, e.g. ``1!2.0`` vs ``^2``."""


class AmbiguousRangeError(VersionSyntaxError):
    """A range both grammars read, that they do not judge alike for the version at hand."""


@dataclass(frozen=True)
class Version:
    """A version as given (whitespace stripped), with its PEP 440 and SemVer readings.

    ``pep440`` or ``semver`` is None when the version has no form in that syntax.
    """

    text: str
    syntax: VersionSyntax
    pep440: PepVersion | None = field(repr=False)
    semver: str | None = field(repr=False)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class VersionRange:
    """A range as given and its readings: one per grammar that reads it (npm first)."""

    text: str
    readings: tuple[NpmRange | Pep440Range, ...]

    def __str__(self) -> str:
        return self.text

    @property
    def syntaxes(self) -> tuple[RangeSyntax, ...]:
        return tuple(reading.syntax for reading in self.readings)

    @property
    def bounds(self) -> str:
        """What the range means as plain comparators, per grammar when there are two."""
        if len(self.readings) == 1:
            return self.readings[0].bounds
        return "; ".join(f"{SYNTAX_NAMES[r.syntax]} {r.bounds}" for r in self.readings)


def parse_version(text: str) -> Version:
    """Read a PEP 440 or SemVer 2 version; raise ``VersionSyntaxError`` if it is neither."""
    stripped = text.strip()
    if _readable(stripped, MAX_VERSION_LENGTH):
        semver = _read_semver(text)
        if semver is not None:
            return Version(stripped, "semver", _semver_as_pep440(semver, stripped), semver.text)
        pep440 = _parse_pep440(stripped)
        if pep440 is not None:
            return Version(stripped, "pep440", pep440, _pep440_as_semver(pep440))
    raise VersionSyntaxError(
        f"{excerpt(text)} is not a version (PEP 440 or SemVer 2), e.g. 1.4.2 or 2.0.0-rc.1"
    )


def parse_range(text: str, syntax: SyntaxChoice = "auto") -> VersionRange:
    """Read a range in ``syntax`` (``auto``: every grammar that can); raise
    ``VersionSyntaxError`` if none can."""
    stripped = text.strip()
    if _readable(stripped, MAX_RANGE_LENGTH):
        readers = _READERS[syntax]
        readings = tuple(reading for read in readers if (reading := read(text)) is not None)
        if readings:
            return VersionRange(stripped, readings)
    raise VersionSyntaxError(f"{excerpt(text)} is not {_RANGE_EXAMPLES[syntax]}")


def fits(version: Version, version_range: VersionRange) -> bool:
    """Whether ``version`` lies within ``version_range``, prereleases allowed (see module doc).

    Raises ``IncomparableVersionError`` when the version has no form in the range's syntax,
    ``AmbiguousRangeError`` when the range has two readings that do not agree on it.
    """
    if len(version_range.readings) == 1:
        return version_range.readings[0].admits(version)
    answers: dict[RangeSyntax, bool] = {}
    for reading in version_range.readings:
        try:
            answers[reading.syntax] = reading.admits(version)
        except IncomparableVersionError:
            why = f"{excerpt(version.text)} has no {SYNTAX_NAMES[reading.syntax]} form"
            raise _ambiguous(version_range, why) from None
    if len(set(answers.values())) == 1:
        return answers["npm"]
    fitting = next(SYNTAX_NAMES[syntax] for syntax, fit in answers.items() if fit)
    raise _ambiguous(version_range, f"{excerpt(version.text)} fits it only as {fitting}")


_RANGE_EXAMPLES: dict[SyntaxChoice, str] = {
    "auto": "a version range (PEP 440 like '>=2.3,<3' or npm like '^2.3.0')",
    "npm": "an npm range, like '^2.3.0' or '>=2.3.0 <3'",
    "pep440": "a PEP 440 specifier set, like '>=2.3,<3' or '~=2.3'",
}


def _readable(stripped: str, limit: int) -> bool:
    return bool(stripped) and stripped.isascii() and len(stripped) <= limit


def _ambiguous(version_range: VersionRange, why: str) -> AmbiguousRangeError:
    npm, pep440 = version_range.readings
    return AmbiguousRangeError(
        f"{excerpt(version_range.text)} is both an npm range ({npm.bounds}) and a PEP 440 "
        f"specifier set ({pep440.bounds}), and {why}; set syntax: npm or syntax: pep440 on "
        "the range to say which it is"
    )


def _incomparable(
    version: Version, version_range: str, own: str, other: str, why: str
) -> IncomparableVersionError:
    return IncomparableVersionError(
        f"{excerpt(version.text)} is a {own} version with no {other} equivalent ({why}), so it "
        f"cannot be checked against the {other} range {excerpt(version_range)}"
    )


_SEMVER_ONLY = "only alpha, beta and rc prereleases translate, build metadata as a local label"
_PEP440_ONLY = (
    "an epoch, a post-release, a dev prerelease, a fourth number or a number past 2^53-1 "
    "do not translate"
)


# --- PEP 440, through packaging --------------------------------------------------------


@dataclass(frozen=True)
class Pep440Range:
    """A PEP 440 specifier set, judged by packaging with prereleases allowed."""

    syntax: ClassVar[RangeSyntax] = "pep440"
    text: str
    specifiers: SpecifierSet = field(repr=False, compare=False)

    @property
    def bounds(self) -> str:
        return ",".join(sorted(str(specifier) for specifier in self.specifiers))

    def admits(self, version: Version) -> bool:
        identities = [s.version for s in self.specifiers if s.operator == "==="]
        ordered = [s for s in self.specifiers if s.operator != "==="]
        # `===` is text equality, case aside (packaging 26 too; older ones compare normalized)
        same_text = all(version.text.lower() == identity.lower() for identity in identities)
        pep440 = version.pep440
        if pep440 is None:
            if ordered:
                raise _incomparable(version, self.text, "SemVer 2", "PEP 440", _SEMVER_ONLY)
            return same_text
        return same_text and all(s.contains(pep440, prereleases=True) for s in ordered)


def _parse_pep440(text: str) -> PepVersion | None:
    from packaging.version import InvalidVersion, Version  # noqa: PLC0415 - keeps --help fast

    try:
        return Version(text)
    except InvalidVersion:
        return None


def _read_pep440_range(text: str) -> Pep440Range | None:
    from packaging.specifiers import InvalidSpecifier, SpecifierSet  # noqa: PLC0415

    if not all(clause.strip() for clause in text.split(",")):
        return None  # packaging reads "" and an empty clause as "any": refuse, fail closed
    try:
        return Pep440Range(text.strip(), SpecifierSet(text))
    except InvalidSpecifier:
        return None


def _pep440_as_semver(version: PepVersion) -> str | None:
    release = version.release
    has_dev_prerelease = version.pre is not None and version.dev is not None
    if version.epoch or version.post is not None or has_dev_prerelease or any(release[3:]):
        return None
    major, minor, patch = (*release, 0, 0)[:3]
    core = f"{major}.{minor}.{patch}"
    if version.pre is not None:
        tag, number = version.pre
        semver = f"{core}-{_PEP440_PRERELEASE_AS_SEMVER[tag]}.{number}"
    elif version.dev is not None:
        semver = f"{core}-0.dev.{version.dev}"  # numeric 0 sorts below alpha, as dev does
    else:
        semver = core
    return semver if _read_semver(semver) is not None else None  # past 2^53-1: no SemVer


def _semver_as_pep440(semver: SemVer, text: str) -> PepVersion | None:
    """packaging's reading of the text, when it means what the SemVer version means."""
    prerelease = ".".join(str(identifier) for identifier in semver.prerelease)
    if prerelease and not _SEMVER_PRERELEASE_AS_PEP440.fullmatch(prerelease):
        return None  # `-1`, `-dev`, `-post1` mean other things in PEP 440, or nothing
    return _parse_pep440(text)  # None when the build metadata is no PEP 440 local label


# --- SemVer 2 and npm ranges: node-semver 7's grammar, strict, includePrerelease --------
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


def _read_semver(text: str) -> SemVer | None:
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
        semver = _read_semver(version.semver) if version.semver is not None else None
        if semver is None:
            raise _incomparable(version, self.text, "PEP 440", "npm", _PEP440_ONLY)
        return any(all(c.admits(semver) for c in alt) for alt in self.alternatives)


class _NotNpm(ValueError):
    """Raised inside the npm port where node-semver throws: the text is no npm range."""


def _read_npm_range(text: str) -> NpmRange | None:
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
    version = _read_semver(match[2])
    if version is None:
        raise _NotNpm(text)
    return NpmComparator("" if match[1] == "=" else match[1], version)


_READERS = {
    "npm": (_read_npm_range,),
    "pep440": (_read_pep440_range,),
    "auto": (_read_npm_range, _read_pep440_range),
}
