"""PEP 440 versions and specifier sets, through packaging, and the translation of versions
between PEP 440 and SemVer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from releasegate.versions.model import (
    PEP440_PRERELEASE_AS_SEMVER,
    SEMVER_ONLY,
    SEMVER_PRERELEASE_AS_PEP440,
    RangeSyntax,
    Version,
    incomparable,
)
from releasegate.versions.npm import SemVer, read_semver

if TYPE_CHECKING:
    from packaging.specifiers import SpecifierSet
    from packaging.version import Version as PepVersion


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
                raise incomparable(version, self.text, "SemVer 2", "PEP 440", SEMVER_ONLY)
            return same_text
        return same_text and all(s.contains(pep440, prereleases=True) for s in ordered)


def parse_pep440(text: str) -> PepVersion | None:
    from packaging.version import InvalidVersion, Version  # noqa: PLC0415 - keeps --help fast

    try:
        return Version(text)
    except InvalidVersion:
        return None


def read_pep440_range(text: str) -> Pep440Range | None:
    from packaging.specifiers import InvalidSpecifier, SpecifierSet  # noqa: PLC0415

    if not all(clause.strip() for clause in text.split(",")):
        return None  # packaging reads "" and an empty clause as "any": refuse, fail closed
    try:
        return Pep440Range(text.strip(), SpecifierSet(text))
    except InvalidSpecifier:
        return None


def pep440_as_semver(version: PepVersion) -> str | None:
    release = version.release
    has_dev_prerelease = version.pre is not None and version.dev is not None
    if version.epoch or version.post is not None or has_dev_prerelease or any(release[3:]):
        return None
    major, minor, patch = (*release, 0, 0)[:3]
    core = f"{major}.{minor}.{patch}"
    if version.pre is not None:
        tag, number = version.pre
        semver = f"{core}-{PEP440_PRERELEASE_AS_SEMVER[tag]}.{number}"
    elif version.dev is not None:
        semver = f"{core}-0.dev.{version.dev}"  # numeric 0 sorts below alpha, as dev does
    else:
        semver = core
    return semver if read_semver(semver) is not None else None  # past 2^53-1: no SemVer


def semver_as_pep440(semver: SemVer, text: str) -> PepVersion | None:
    """packaging's reading of the text, when it means what the SemVer version means."""
    prerelease = ".".join(str(identifier) for identifier in semver.prerelease)
    if prerelease and not SEMVER_PRERELEASE_AS_PEP440.fullmatch(prerelease):
        return None  # `-1`, `-dev`, `-post1` mean other things in PEP 440, or nothing
    return parse_pep440(text)  # None when the build metadata is no PEP 440 local label
