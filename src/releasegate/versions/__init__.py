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

from dataclasses import dataclass

from releasegate.extract import excerpt
from releasegate.versions.model import (
    MAX_RANGE_LENGTH,
    MAX_VERSION_LENGTH,
    SYNTAX_NAMES,
    AmbiguousRangeError,
    IncomparableVersionError,
    RangeSyntax,
    SyntaxChoice,
    Version,
    VersionSyntax,
    VersionSyntaxError,
)
from releasegate.versions.npm import NpmRange, read_npm_range, read_semver
from releasegate.versions.pep440 import (
    Pep440Range,
    parse_pep440,
    pep440_as_semver,
    read_pep440_range,
    semver_as_pep440,
)

__all__ = [
    "SYNTAX_NAMES",
    "AmbiguousRangeError",
    "IncomparableVersionError",
    "RangeSyntax",
    "SyntaxChoice",
    "Version",
    "VersionRange",
    "VersionSyntax",
    "VersionSyntaxError",
    "fits",
    "parse_range",
    "parse_version",
]


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
        semver = read_semver(text)
        if semver is not None:
            return Version(stripped, "semver", semver_as_pep440(semver, stripped), semver.text)
        pep440 = parse_pep440(stripped)
        if pep440 is not None:
            return Version(stripped, "pep440", pep440, pep440_as_semver(pep440))
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


_READERS = {
    "npm": (read_npm_range,),
    "pep440": (read_pep440_range,),
    "auto": (read_npm_range, read_pep440_range),
}
