"""What versions are: the errors, a version with its PEP 440 and SemVer readings, and the
words shared by the two range grammars (``npm``, ``pep440``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from releasegate.extract import excerpt

if TYPE_CHECKING:
    from packaging.version import Version as PepVersion

VersionSyntax = Literal["semver", "pep440"]
RangeSyntax = Literal["npm", "pep440"]
SyntaxChoice = Literal["npm", "pep440", "auto"]
SYNTAX_NAMES: dict[RangeSyntax, str] = {"npm": "npm", "pep440": "PEP 440"}

MAX_VERSION_LENGTH = 256
MAX_RANGE_LENGTH = 512

SEMVER_PRERELEASE_AS_PEP440 = re.compile(r"(alpha|a|beta|b|rc)\.?(0|[1-9][0-9]*)?", re.I)
PEP440_PRERELEASE_AS_SEMVER = {"a": "alpha", "b": "beta", "rc": "rc"}


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


def incomparable(
    version: Version, version_range: str, own: str, other: str, why: str
) -> IncomparableVersionError:
    return IncomparableVersionError(
        f"{excerpt(version.text)} is a {own} version with no {other} equivalent ({why}), so it "
        f"cannot be checked against the {other} range {excerpt(version_range)}"
    )


SEMVER_ONLY = "only alpha, beta and rc prereleases translate, build metadata as a local label"
PEP440_ONLY = (
    "an epoch, a post-release, a dev prerelease, a fourth number or a number past 2^53-1 "
    "do not translate"
)
