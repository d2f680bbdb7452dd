"""Versions, version ranges, and whether one fits the other (the version-compat gate).

Versions are PEP 440 (``1.10.0``, ``2.4.0rc1``, ``1!2.0``, ``v1.2.3``) or SemVer 2
(``2.4.0-rc.1``, ``1.0.0+build.5``). Text that is valid SemVer 2 is read as SemVer, anything
else as PEP 440. Ranges are PEP 440 specifier sets when they contain a comma or one of
``~= == != ===`` (or are valid PEP 440 but not valid npm), npm ranges otherwise.

Each range is judged by its own ecosystem's rules, with prereleases allowed:

- PEP 440: ``SpecifierSet.contains(version, prereleases=True)``. So ``2.4.0rc1`` fits
  ``>=2.3,<3`` but ``3.0.0rc1`` does not fit ``<3`` (PEP 440 excludes prereleases of the
  upper bound) and ``2.3rc1`` does not fit ``~=2.3``.
- npm: node-semver 7's ``includePrerelease: true``. Bounds derived from ``^ ~ x`` and
  partial versions exclude prereleases of the upper bound (``^2.3.0`` is
  ``>=2.3.0 <3.0.0-0``) and, for partial versions, include those of the lower bound
  (``2.x`` is ``>=2.0.0-0 <3.0.0-0``). A bound written out in full is exact: ``<3.0.0``
  admits ``3.0.0-rc.1``, ``>=2.3.0`` does not admit ``2.3.0-rc.1``. The Python port
  ``nodesemver`` predates these ``-0`` bounds and its ``include_prerelease=True`` makes
  ``2.3.0-rc.1`` compare equal to ``2.3.0``, so we desugar with it, add the ``-0`` bounds
  ourselves and test comparators with ordinary SemVer precedence. Strict mode only: loose
  mode silently drops comparators it cannot read, which would fail open.

A version written in the other syntax is translated, or refused (fail closed):
SemVer to PEP 440 keeps ``alpha``/``a``, ``beta``/``b`` and ``rc`` prereleases
(``2.4.0-rc.1`` is ``2.4.0rc1``) and drops build metadata; PEP 440 to SemVer pads the release
to three numbers and maps ``a1``/``b1``/``rc1`` to ``-alpha.1``/``-beta.1``/``-rc.1`` and
``.dev1`` to ``-0.dev.1``. An epoch, a post-release, a prerelease with a dev part or a fourth
non-zero number has no SemVer form (``IncomparableVersionError``).

Refused as not a version or range: empty text, non-ASCII text, a range with an empty
alternative (``^1 ||``) or an empty PEP 440 clause (``>=1,``) — both would otherwise match
everything — and text longer than a version or range could sensibly be.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from releasegate.extract import excerpt

if TYPE_CHECKING:
    from packaging.specifiers import SpecifierSet
    from packaging.version import Version as PepVersion

VersionSyntax = Literal["semver", "pep440"]
RangeSyntax = Literal["pep440", "npm"]

MAX_VERSION_LENGTH = 256
MAX_RANGE_LENGTH = 512

_PEP440_FORM = re.compile(r",|~=|==|!=")
_SEMVER_PRERELEASE_AS_PEP440 = re.compile(r"(alpha|a|beta|b|rc)\.?(0|[1-9][0-9]*)?", re.I)
_PEP440_PRERELEASE_AS_SEMVER = {"a": "alpha", "b": "beta", "rc": "rc"}
_NPM_ALTERNATIVES = re.compile(r"\s*\|\|\s*")
_NPM_FLOORABLE = re.compile(r"(<|>=)v?[0-9]+\.[0-9]+\.[0-9]+")


class VersionSyntaxError(ValueError):
    """A version or range that cannot be read; the gate errors (fails closed)."""


class IncomparableVersionError(VersionSyntaxError):
    """A valid version that the range's syntax cannot express, e.g. ``1!2.0`` vs ``^2``."""


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
class _NpmComparator:
    """One desugared npm comparator (``>=2.3.0``, ``<3.0.0-0``), typed over nodesemver."""

    text: str
    impl: Any = field(repr=False, compare=False)

    def admits(self, version: Any) -> bool:
        return bool(self.impl.test(version))


@dataclass(frozen=True)
class VersionRange:
    """A range as given, its syntax, and ``bounds``: what it means as plain comparators."""

    text: str
    syntax: RangeSyntax
    bounds: str
    _specifiers: SpecifierSet | None = field(default=None, repr=False, compare=False)
    _alternatives: tuple[tuple[_NpmComparator, ...], ...] = field(
        default=(), repr=False, compare=False
    )

    def __str__(self) -> str:
        return self.text


def parse_version(text: str) -> Version:
    """Read a PEP 440 or SemVer 2 version; raise ``VersionSyntaxError`` if it is neither."""
    stripped = text.strip()
    if stripped and stripped.isascii() and len(stripped) <= MAX_VERSION_LENGTH:
        semver = _parse_semver(stripped)
        if semver is not None:
            return Version(stripped, "semver", _semver_as_pep440(semver), semver.text)
        pep440 = _parse_pep440(stripped)
        if pep440 is not None:
            return Version(stripped, "pep440", pep440, _pep440_as_semver(pep440))
    raise VersionSyntaxError(
        f"{excerpt(text)} is not a version (PEP 440 or SemVer 2), e.g. 1.4.2 or 2.0.0-rc.1"
    )


def parse_range(text: str) -> VersionRange:
    """Read a PEP 440 specifier set or an npm range; raise ``VersionSyntaxError`` if neither."""
    stripped = text.strip()
    if stripped and stripped.isascii() and len(stripped) <= MAX_RANGE_LENGTH:
        if _PEP440_FORM.search(stripped):
            parsed = _parse_pep440_range(stripped)
        else:
            parsed = _parse_npm_range(stripped) or _parse_pep440_range(stripped)
        if parsed is not None:
            return parsed
    raise VersionSyntaxError(
        f"{excerpt(text)} is not a version range (PEP 440 like '>=2.3,<3' or npm like '^2.3.0')"
    )


def fits(version: Version, version_range: VersionRange) -> bool:
    """Whether ``version`` lies within ``version_range``, prereleases allowed (see module doc).

    Raises ``IncomparableVersionError`` when the version has no form in the range's syntax.
    """
    if version_range.syntax == "pep440":
        return _fits_pep440(version, version_range)
    return _fits_npm(version, version_range)


def _fits_pep440(version: Version, version_range: VersionRange) -> bool:
    if version.pep440 is None:
        raise _incomparable(version, version_range, "SemVer 2", "PEP 440", _SEMVER_ONLY)
    assert version_range._specifiers is not None
    return version_range._specifiers.contains(version.pep440, prereleases=True)


def _fits_npm(version: Version, version_range: VersionRange) -> bool:
    if version.semver is None:
        raise _incomparable(version, version_range, "PEP 440", "npm", _PEP440_ONLY)
    semver = _npm_semver(version.semver)
    return any(
        all(comparator.admits(semver) for comparator in alternative)
        for alternative in version_range._alternatives
    )


_SEMVER_ONLY = "only alpha, beta and rc prereleases translate"
_PEP440_ONLY = "an epoch, a post-release, a dev prerelease or a fourth number do not translate"


def _incomparable(
    version: Version, version_range: VersionRange, own: str, other: str, why: str
) -> IncomparableVersionError:
    return IncomparableVersionError(
        f"{excerpt(version.text)} is a {own} version with no {other} equivalent ({why}), so it "
        f"cannot be checked against the {other} range {excerpt(version_range.text)}"
    )


# --- PEP 440, through packaging --------------------------------------------------------


def _parse_pep440(text: str) -> PepVersion | None:
    from packaging.version import InvalidVersion, Version  # noqa: PLC0415 - keeps --help fast

    try:
        return Version(text)
    except InvalidVersion:
        return None


def _parse_pep440_range(text: str) -> VersionRange | None:
    from packaging.specifiers import InvalidSpecifier, SpecifierSet  # noqa: PLC0415

    if not all(clause.strip() for clause in text.split(",")):
        return None
    try:
        specifiers = SpecifierSet(text)
    except InvalidSpecifier:
        return None
    bounds = ",".join(sorted(str(specifier) for specifier in specifiers))
    return VersionRange(text, "pep440", bounds, _specifiers=specifiers)


def _pep440_as_semver(version: PepVersion) -> str | None:
    release = version.release
    has_dev_prerelease = version.pre is not None and version.dev is not None
    if version.epoch or version.post is not None or has_dev_prerelease or any(release[3:]):
        return None
    major, minor, patch = (*release, 0, 0)[:3]
    core = f"{major}.{minor}.{patch}"
    if version.pre is not None:
        tag, number = version.pre
        return f"{core}-{_PEP440_PRERELEASE_AS_SEMVER[tag]}.{number}"
    if version.dev is not None:
        return f"{core}-0.dev.{version.dev}"  # numeric 0 sorts below alpha, as dev does
    return core


# --- SemVer 2 and npm ranges, through a typed wrapper over nodesemver ------------------


@dataclass(frozen=True)
class _SemVer:
    major: int
    minor: int
    patch: int
    prerelease: str

    @property
    def text(self) -> str:
        core = f"{self.major}.{self.minor}.{self.patch}"
        return f"{core}-{self.prerelease}" if self.prerelease else core


def _nodesemver() -> Any:
    """The untyped nodesemver module; everything it returns is wrapped in typed values here."""
    import nodesemver  # noqa: PLC0415 - keeps --help fast

    return nodesemver


def _parse_semver(text: str) -> _SemVer | None:
    try:
        parsed = _npm_semver(text)
    except ValueError:
        return None
    prerelease = ".".join(str(identifier) for identifier in parsed.prerelease)
    return _SemVer(int(parsed.major), int(parsed.minor), int(parsed.patch), prerelease)


def _npm_semver(text: str) -> Any:
    nodesemver = _nodesemver()
    return nodesemver.make_semver(text, False)  # strict; include_prerelease stays False


def _semver_as_pep440(semver: _SemVer) -> PepVersion | None:
    from packaging.version import Version  # noqa: PLC0415

    core = f"{semver.major}.{semver.minor}.{semver.patch}"
    if not semver.prerelease:
        return Version(core)
    prerelease = _SEMVER_PRERELEASE_AS_PEP440.fullmatch(semver.prerelease)
    if prerelease is None:
        return None
    return Version(f"{core}{prerelease[1]}{prerelease[2] or 0}")


def _parse_npm_range(text: str) -> VersionRange | None:
    try:
        alternatives = tuple(
            _npm_comparators(alternative) for alternative in _NPM_ALTERNATIVES.split(text)
        )
    except ValueError:
        return None
    bounds = " || ".join(
        " ".join(comparator.text for comparator in alternative) or "*"
        for alternative in alternatives
    )
    return VersionRange(text, "npm", bounds, _alternatives=alternatives)


def _npm_comparators(alternative: str) -> tuple[_NpmComparator, ...]:
    if not alternative:
        raise ValueError("empty alternative")  # npm reads it as "any": refuse, fail closed
    nodesemver = _nodesemver()
    desugared = _desugar_npm(alternative).split()
    return tuple(_NpmComparator(text, nodesemver.Comparator(text, False)) for text in desugared)


def _desugar_npm(alternative: str) -> str:
    """Plain comparators for one ``||`` alternative, following nodesemver's ``parse_range``."""
    nodesemver = _nodesemver()
    regexp = nodesemver.regexp
    alternative = " ".join(alternative.split())  # runs of spaces make these regexes crawl
    hyphen = regexp[nodesemver.HYPHENRANGE].fullmatch(alternative)
    if hyphen is not None:
        return _floor_prereleases(str(nodesemver.hyphen_replace(hyphen)), lower=True)
    trimmed = regexp[nodesemver.COMPARATORTRIM].sub(nodesemver.comparatorTrimReplace, alternative)
    trimmed = regexp[nodesemver.TILDETRIM].sub(nodesemver.tildeTrimReplace, trimmed)
    trimmed = regexp[nodesemver.CARETTRIM].sub(nodesemver.caretTrimReplace, trimmed)
    return " ".join(_desugar_npm_token(token) for token in trimmed.split())


def _desugar_npm_token(token: str) -> str:
    nodesemver = _nodesemver()
    if nodesemver.regexp[nodesemver.COMPARATOR].fullmatch(token):
        return token  # written out in full: exact
    if not _is_npm_shorthand(token) or _has_number_after_x(token):
        # nodesemver would drop stray `*`s and read `**` as "any"; node-semver 7 rejects it
        raise ValueError(f"not an npm comparator: {token}")
    desugared = str(nodesemver.parse_comparator(token, False))
    return _floor_prereleases(desugared, lower=not _is_full_caret_or_tilde(token))


def _is_full_caret_or_tilde(token: str) -> bool:
    nodesemver = _nodesemver()
    regexp = nodesemver.regexp
    match = regexp[nodesemver.CARET].match(token) or regexp[nodesemver.TILDE].match(token)
    return match is not None and not any(nodesemver.is_x(part) for part in match.groups()[:3])


def _is_npm_shorthand(token: str) -> bool:
    nodesemver = _nodesemver()
    shorthands = (nodesemver.XRANGE, nodesemver.CARET, nodesemver.TILDE)
    return any(nodesemver.regexp[form].fullmatch(token) for form in shorthands)


def _has_number_after_x(token: str) -> bool:
    nodesemver = _nodesemver()
    xrange = nodesemver.regexp[nodesemver.XRANGE].fullmatch(token)
    if xrange is None:
        return False
    major, minor, patch = (xrange[2], xrange[3], xrange[4])
    is_x = nodesemver.is_x
    return bool((is_x(major) and not is_x(minor)) or (is_x(minor) and patch and not is_x(patch)))


def _floor_prereleases(comparators: str, *, lower: bool) -> str:
    """Add node-semver 7's ``-0`` to derived bounds: ``<3.0.0`` → ``<3.0.0-0``, and
    ``>=2.0.0`` → ``>=2.0.0-0`` when ``lower`` (the bound came from a partial version)."""
    return " ".join(
        f"{comparator}-0"
        if (bound := _NPM_FLOORABLE.fullmatch(comparator)) and (bound[1] == "<" or lower)
        else comparator
        for comparator in comparators.split()
    )
