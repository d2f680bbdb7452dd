"""Versions, ranges and ``fits``: tables of examples, then properties."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releasegate.versions import (
    AmbiguousRangeError,
    IncomparableVersionError,
    SyntaxChoice,
    VersionSyntaxError,
    fits,
    parse_range,
    parse_version,
)

# text, syntax it is read as, its PEP 440 reading, its SemVer reading (None: no such form)
VERSIONS = [
    ("1.10.0", "semver", "1.10.0", "1.10.0"),
    ("1.2.3\n", "semver", "1.2.3", "1.2.3"),
    ("v1.2.3", "semver", "1.2.3", "1.2.3"),
    ("2.4.0-rc.1", "semver", "2.4.0rc1", "2.4.0-rc.1"),
    ("2.4.0-rc1", "semver", "2.4.0rc1", "2.4.0-rc1"),
    ("2.4.0-beta.2", "semver", "2.4.0b2", "2.4.0-beta.2"),
    ("2.4.0-alpha", "semver", "2.4.0a0", "2.4.0-alpha"),
    ("1.0.0+build.5", "semver", "1.0.0+build.5", "1.0.0"),  # build metadata as local label
    ("2.4.0-rc.1+b.5", "semver", "2.4.0rc1+b.5", "2.4.0-rc.1"),
    ("1.0.0+-x", "semver", None, "1.0.0"),  # no PEP 440 local label
    ("2.4.0-dev", "semver", None, "2.4.0-dev"),  # PEP 440 would read a dev release
    ("2.4.0-SNAPSHOT", "semver", None, "2.4.0-SNAPSHOT"),
    ("2.4.0-1", "semver", None, "2.4.0-1"),  # a SemVer prerelease, not PEP 440's post1
    ("2.4.0rc1", "pep440", "2.4.0rc1", "2.4.0-rc.1"),
    ("2.4.0a1", "pep440", "2.4.0a1", "2.4.0-alpha.1"),
    ("2.4.0b1", "pep440", "2.4.0b1", "2.4.0-beta.1"),
    ("2.4.0.dev3", "pep440", "2.4.0.dev3", "2.4.0-0.dev.3"),
    ("  2.0  ", "pep440", "2.0", "2.0.0"),
    ("V1.2.3", "pep440", "1.2.3", "1.2.3"),
    ("1.2", "pep440", "1.2", "1.2.0"),
    ("3", "pep440", "3", "3.0.0"),
    ("1.2.3.0", "pep440", "1.2.3.0", "1.2.3"),
    ("1.0+local.7", "pep440", "1.0+local.7", "1.0.0"),
    ("1!2.0", "pep440", "1!2.0", None),
    ("1.2.3.4", "pep440", "1.2.3.4", None),
    ("1.0.post1", "pep440", "1.0.post1", None),
    ("2.4.0rc1.dev2", "pep440", "2.4.0rc1.dev2", None),
    ("9007199254740992.0.0", "pep440", "9007199254740992.0.0", None),  # npm: past 2^53-1
    ("9007199254740991.0.0", "semver", "9007199254740991.0.0", "9007199254740991.0.0"),
]


@pytest.mark.parametrize(("text", "syntax", "pep440", "semver"), VERSIONS)
def test_parse_version(text: str, syntax: str, pep440: str | None, semver: str | None) -> None:
    version = parse_version(text)
    assert (version.text, version.syntax) == (text.strip(), syntax)
    assert str(version) == text.strip()
    assert (str(version.pep440) if version.pep440 else None) == pep440
    assert version.semver == semver


HTML_PAGE = (
    "<!doctype html>\n<html><head><title>502 Bad Gateway</title></head>\n"
    "<body><h1>502 Bad Gateway</h1><hr>nginx</body></html>\n"
)
NOT_A_VERSION = " is not a version (PEP 440 or SemVer 2), e.g. 1.4.2 or 2.0.0-rc.1"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("banana", "'banana'"),
        ("", "''"),
        ("  \n", "''"),
        (HTML_PAGE, "'<!doctype html> <html><head><title>502 Bad Gateway</title></…'"),
        ("1.2.3 extra", "'1.2.3 extra'"),
        ("1..2", "'1..2'"),
        ("^1.2.3", "'^1.2.3'"),
        (">=1", "'>=1'"),
        ("1.2.3-", "'1.2.3-'"),
        ("1.2.3+", "'1.2.3+'"),
        ("\u0661.\u0662.\u0663", "'\u0661.\u0662.\u0663'"),  # Arabic-Indic digits
        ("1" * 300, "'" + "1" * 60 + "…'"),
        ("{'version': '1.2.3'}", "\"{'version': '1.2.3'}\""),
    ],
)
def test_parse_version_refuses(text: str, shown: str) -> None:
    with pytest.raises(VersionSyntaxError) as raised:
        parse_version(text)
    assert str(raised.value) == shown + NOT_A_VERSION


def test_version_error_is_a_value_error() -> None:
    assert issubclass(VersionSyntaxError, ValueError)
    assert issubclass(IncomparableVersionError, VersionSyntaxError)


# text, the syntax asked for, the grammars that read it, its bounds as plain comparators
RANGES = [
    (">=2.3,<3", "auto", ("pep440",), "<3,>=2.3"),
    (" >= 2.3 , < 3 ", "auto", ("pep440",), "<3,>=2.3"),
    ("~=2.3", "pep440", ("pep440",), "~=2.3"),
    ("==2.*", "pep440", ("pep440",), "==2.*"),
    (">=2,!=2.1.*", "auto", ("pep440",), "!=2.1.*,>=2"),
    (">=2.3rc1", "auto", ("pep440",), ">=2.3rc1"),  # not npm, so PEP 440
    ("==1.0.0", "auto", ("pep440",), "==1.0.0"),  # npm refuses `==` before a full version
    ("^2.3.0", "auto", ("npm",), ">=2.3.0 <3.0.0-0"),
    ("^1.9", "npm", ("npm",), ">=1.9.0-0 <2.0.0-0"),
    ("^0.0.3", "npm", ("npm",), ">=0.0.3 <0.0.4-0"),
    ("^2.3.0-rc.1", "npm", ("npm",), ">=2.3.0-rc.1 <3.0.0-0"),
    ("~2.3", "npm", ("npm",), ">=2.3.0-0 <2.4.0-0"),
    ("~2.3.1", "npm", ("npm",), ">=2.3.1 <2.4.0-0"),
    ("~> 1.2.3", "npm", ("npm",), ">=1.2.3 <1.3.0-0"),
    ("2.x", "npm", ("npm",), ">=2.0.0-0 <3.0.0-0"),
    ("2", "npm", ("npm",), ">=2.0.0-0 <3.0.0-0"),
    ("*", "auto", ("npm",), "*"),
    (">=0.0.0-0", "npm", ("npm",), "*"),
    (">=2.3.0 <3", "auto", ("npm",), ">=2.3.0 <3.0.0-0"),
    (">= 2.3.0 < 3.0.0", "npm", ("npm",), ">=2.3.0 <3.0.0"),
    (">=2.3", "npm", ("npm",), ">=2.3.0-0"),
    (">2.1", "npm", ("npm",), ">=2.2.0-0"),
    ("<=2", "npm", ("npm",), "<3.0.0-0"),
    ("1.2.3", "auto", ("npm",), "1.2.3"),
    ("=1.2.3", "npm", ("npm",), "1.2.3"),
    ("v1.2.3", "npm", ("npm",), "1.2.3"),
    ("1.2.3 - 2.3.4", "npm", ("npm",), ">=1.2.3-0 <2.3.5-0"),
    ("1.2 - 2.3", "npm", ("npm",), ">=1.2.0-0 <2.4.0-0"),
    ("^1.2 || ^2.0.0", "npm", ("npm",), ">=1.2.0-0 <2.0.0-0 || >=2.0.0 <3.0.0-0"),
    (
        "1.x || >=2.5.0 || 5.0.0 - 7.2.3",
        "npm",
        ("npm",),
        ">=1.0.0-0 <2.0.0-0 || >=2.5.0 || >=5.0.0-0 <7.2.4-0",
    ),
    ("^1.2 || *", "npm", ("npm",), "*"),  # npm: an alternative admitting all is the range
    # build metadata in a range is ignored, as npm does
    ("1.x+build", "auto", ("npm",), ">=1.0.0-0 <2.0.0-0"),
    (">=1.0+deadbeef", "npm", ("npm",), ">=1.0.0-0"),
    ("^1.2.3+build.5", "npm", ("npm",), ">=1.2.3 <2.0.0-0"),
    ("1.2.3+asdf - 2.4.3+asdf", "npm", ("npm",), ">=1.2.3-0 <2.4.4-0"),
    # valid in both grammars: auto keeps both readings
    ("<=1.0", "auto", ("npm", "pep440"), "npm <1.1.0-0; PEP 440 <=1.0"),
    ("<=1.0", "npm", ("npm",), "<1.1.0-0"),
    ("<=1.0", "pep440", ("pep440",), "<=1.0"),
    (">=2", "auto", ("npm", "pep440"), "npm >=2.0.0-0; PEP 440 >=2"),
    ("~=2.3", "auto", ("npm", "pep440"), "npm >=2.3.0-0 <2.4.0-0; PEP 440 ~=2.3"),
    ("==1.0", "auto", ("npm", "pep440"), "npm >=1.0.0-0 <1.1.0-0; PEP 440 ==1.0"),
    ("===1.0", "auto", ("npm", "pep440"), "npm >=1.0.0-0 <1.1.0-0; PEP 440 ===1.0"),
]


@pytest.mark.parametrize(("text", "syntax", "syntaxes", "bounds"), RANGES)
def test_parse_range(text: str, syntax: SyntaxChoice, syntaxes: tuple[str], bounds: str) -> None:
    version_range = parse_range(text, syntax)
    assert (version_range.text, version_range.syntaxes) == (text.strip(), syntaxes)
    assert version_range.bounds == bounds
    assert str(version_range) == text.strip()


NOT_A_RANGE = {
    "auto": " is not a version range (PEP 440 like '>=2.3,<3' or npm like '^2.3.0')",
    "npm": " is not an npm range, like '^2.3.0' or '>=2.3.0 <3'",
    "pep440": " is not a PEP 440 specifier set, like '>=2.3,<3' or '~=2.3'",
}


@pytest.mark.parametrize(
    ("text", "syntax"),
    [
        ("^^1", "auto"),
        ("", "auto"),
        ("   ", "auto"),
        ("banana", "auto"),
        ("^1 ||", "auto"),  # an empty alternative would match everything
        ("|| ^1", "npm"),
        ("^1 || || ^2", "npm"),
        (",", "auto"),  # an empty PEP 440 clause would match everything
        (">=1,", "pep440"),
        (">=2.3,<3 || >=4", "auto"),
        ("~=2", "pep440"),
        ("<==3", "pep440"),
        ("1.x.3", "auto"),
        ("**", "auto"),
        ("*<*", "auto"),
        ("^1.2.3 banana", "auto"),
        (">=1.0.0 <2.0.0 extra", "auto"),
        ("\u0661.x", "auto"),
        ("^1.2\u00a0", "npm"),  # JavaScript's \s takes U+00A0; non-ASCII text is refused
        (">=2.3,<3", "npm"),
        ("^2.3.0", "pep440"),
        (">=1 <2", "pep440"),
        (">=9007199254740992", "npm"),  # past JavaScript's safe integers
        ("^9007199254740991", "npm"),  # its upper bound would be
        ("1.0.0+", "npm"),
        ("x.1", "npm"),
    ],
)
def test_parse_range_refuses(text: str, syntax: SyntaxChoice) -> None:
    with pytest.raises(VersionSyntaxError) as raised:
        parse_range(text, syntax)
    assert str(raised.value).endswith(NOT_A_RANGE[syntax])


def test_parse_range_message() -> None:
    with pytest.raises(VersionSyntaxError) as raised:
        parse_range("^^1")
    assert str(raised.value) == "'^^1'" + NOT_A_RANGE["auto"]


def test_parse_range_message_shows_html_briefly() -> None:
    with pytest.raises(VersionSyntaxError) as raised:
        parse_range(HTML_PAGE)
    message = str(raised.value)
    assert message.startswith("'<!doctype html> <html><head><title>502 Bad Gateway</title></…'")
    assert "\n" not in message


FITS = [
    # numeric comparison
    ("1.10.0", "^1.9", "auto", True),
    ("1.10.0", "~1.9", "auto", False),
    ("1.10.0", ">=1.9,<2", "auto", True),
    ("1.9.0", ">=1.10", "auto", False),  # both grammars read it, and agree
    ("1.9.0", ">=1.10.0", "auto", False),
    # the spec's examples: a prerelease fits when it lies within the bounds
    ("2.4.0-rc.1", "^2.3.0", "auto", True),
    ("2.4.0-rc.1", ">=2.3,<3", "auto", True),
    ("2.4.0-rc.1", "~2.3", "auto", False),
    ("2.4.0-rc.1", "2.x", "auto", True),
    ("2.4.0-rc.1", ">=2.3.0 <3", "auto", True),
    ("2.4.0-rc.1", "^1.0.0 || ^2.0.0", "auto", True),
    ("2.4.0", "^1.0.0 || >=3", "auto", False),
    # prereleases of an upper bound: outside, unless the bound is written out in npm
    ("3.0.0-rc.1", "^2.3.0", "auto", False),
    ("3.0.0-rc.1", "<3", "auto", False),
    ("3.0.0-rc.1", ">=2.3,<3", "auto", False),
    ("3.0.0-rc.1", "2.x", "auto", False),
    ("3.0.0-rc.1", "<3.0.0", "npm", True),
    ("3.0.0-rc.1", "<3.0.0", "pep440", False),
    ("3.0.0rc1", "<3.0.0", "npm", True),
    # prereleases of a lower bound: outside when exact, inside when derived from a partial
    ("2.3.0-rc.1", "^2.3.0", "auto", False),
    ("2.3.0-rc.1", ">=2.3.0", "auto", False),
    ("2.3.0-rc.1", ">=2.3,<3", "auto", False),
    ("2.3.0-rc.1", "~=2.3", "pep440", False),
    ("2.3.0-rc.1", "~2.3", "auto", True),
    ("2.0.0-rc.1", "2.x", "auto", True),
    ("2.0.0-rc.1", "^2", "auto", True),
    ("2.0.0-rc.1", "^2.0.0", "auto", False),
    ("2.0.0rc1", "==2.*", "auto", True),  # both grammars read it, and agree
    ("2.0.0-rc.1", "~=2.0", "pep440", False),
    ("2.3.0-rc.2", "^2.3.0-rc.1", "auto", True),
    ("2.3.0-rc.1", "^2.3.0-rc.2", "auto", False),
    # hyphen ranges (node-semver 7 with prereleases included)
    ("1.2.3-rc.1", "1.2.3 - 2.3.4", "auto", True),
    ("2.3.4", "1.2.3 - 2.3.4", "auto", True),
    ("2.3.4-rc.1", "1.2.3 - 2.3.4", "auto", True),
    ("2.3.5-rc.1", "1.2.3 - 2.3.4", "auto", False),
    ("2.3.9", "1.2 - 2.3", "auto", True),
    ("2.4.0-0", "1.2 - 2.3", "auto", False),
    # build metadata in a range is ignored, as npm does; a hyphen range keeps its floor
    ("1.2.3-pre.2", "1.2.3+asdf - 2.4.3+asdf", "auto", True),
    ("2.4.3+other", "1.2.3+asdf - 2.4.3+asdf", "auto", True),
    ("2.4.4-0", "1.2.3+asdf - 2.4.3+asdf", "auto", False),
    ("1.5.0", "1.x+build", "auto", True),
    ("1.0.0-rc.1", "1.x+build", "auto", True),
    ("2.0.0-rc.1", "1.x+build", "auto", False),
    ("1.0.0", ">=1.0+deadbeef", "auto", True),
    ("1.0.0-rc.1", ">=1.0+deadbeef", "auto", True),
    ("0.9.9", ">=1.0+deadbeef", "auto", False),
    # PEP 440 specifiers
    ("2.9", "~=2.3", "pep440", True),
    ("3.0", "~=2.3", "pep440", False),
    ("2.3.1rc1", "~=2.3", "pep440", True),
    ("2.1.5", ">=2,!=2.1.*", "auto", False),
    ("2.2.0", ">=2,!=2.1.*", "auto", True),
    ("1.0.post1", ">1.0,<2", "auto", False),  # PEP 440: > excludes post-releases of its version
    ("1.0.post1", ">=1.0,<2", "auto", True),
    ("1.0+local", "==1.0", "pep440", True),
    ("1!2.0", ">=1,!=3", "auto", True),
    ("1!2.0", ">=1,<3", "auto", False),  # epoch 1 comes after every epoch-0 version
    # `===` compares the version's text as written (case aside), like packaging
    ("1.01", "===1.1", "pep440", False),
    ("v1.0", "===1.0", "pep440", False),
    ("1.01", "===1.01", "pep440", True),
    ("1.0RC1", "===1.0rc1", "pep440", True),
    ("1.0", "=== 1.0", "pep440", True),
    ("1.0\n", "===1.0", "pep440", True),  # whitespace around a version is not part of it
    ("2.4.0-SNAPSHOT", "===2.4.0-SNAPSHOT", "pep440", True),  # no PEP 440 form needed
    ("1.0.0+build.5", "===1.0.0", "pep440", False),
    ("1.0.0+build.5", "===1.0.0+build.5", "pep440", True),
    # 0.x carets
    ("0.0.3", "^0.0.3", "auto", True),
    ("0.0.4", "^0.0.3", "auto", False),
    ("0.2.5", "^0.2", "auto", True),
    ("0.3.0", "^0.2", "auto", False),
    # anything, exact, build metadata
    ("0.0.0-alpha", "*", "auto", True),
    ("1.2.3", "1.2.3", "auto", True),
    ("1.2.4", "1.2.3", "auto", False),
    ("1.0.0+build.5", "1.0.0", "auto", True),
    ("1.0.0+build.5", "==1.0.0", "auto", True),
    ("1.0.0+build.5", "==1.0.0+build.5", "auto", True),  # build metadata as a local label
    ("1.0.0+build.5", "==1.0.0+build.6", "auto", False),
    ("1.0.0+build.5", ">1.0.0", "auto", False),
    ("v1.2.3", "^1.2", "auto", True),
    ("V1.2.3", "^1.2", "auto", True),
    ("1.2.3\n", ">=1.2,<2", "auto", True),
    # one syntax against the other
    ("2.4.0rc1", "^2.3.0", "auto", True),
    ("2.4.0rc1", ">=2.4.0-rc.1", "auto", True),
    ("2.4.0rc1", ">=2.4.0-rc.2", "auto", False),
    ("2.4.0b3", ">=2.4.0-beta.2 <2.4.0-rc.0", "auto", True),
    ("2.4.0-rc.1", ">=2.4.0rc1,<3", "auto", True),
    ("2.4.0-rc.1", ">=2.4.0rc2,<3", "auto", False),
    ("2.4.0-beta.2", ">=2.4.0b1,<2.4.0rc1", "auto", True),
    ("2.4.0.dev3", "^2.3.0", "auto", True),
    ("2.4.0.dev3", ">=2.4.0", "auto", False),
    ("2.4.0.dev3", "<2.4.0-alpha", "npm", True),
    ("1.2", "1.2.0", "auto", True),
    ("1.0+local", "^1.0.0", "auto", True),
    ("1.2.3.0", "1.2.3", "auto", True),
]


@pytest.mark.parametrize(("version", "version_range", "syntax", "expected"), FITS)
def test_fits(version: str, version_range: str, syntax: SyntaxChoice, expected: bool) -> None:
    assert fits(parse_version(version), parse_range(version_range, syntax)) is expected


# the examples: valid in both grammars, with different meanings
BOTH_GRAMMARS = [
    # version, range, fits as npm, fits as PEP 440
    ("1.0.1", "<=1.0", True, False),  # npm reads <=1.0 as <1.1.0-0
    ("2.0rc1", ">=2", True, False),  # npm: >=2.0.0-0; PEP 440 leaves out 2's prereleases
    ("2.0.1", ">2", False, True),  # npm reads >2 as >=3.0.0-0
    ("2.9", "~=2.3", False, True),  # npm reads ~=2.3 as ~2.3
    ("1.0.5", "==1.0", True, False),  # npm reads ==1.0 as 1.0.x
]


@pytest.mark.parametrize(("version", "version_range", "as_npm", "as_pep440"), BOTH_GRAMMARS)
def test_a_range_both_grammars_read_fits_as_the_syntax_says(
    version: str, version_range: str, as_npm: bool, as_pep440: bool
) -> None:
    assert fits(parse_version(version), parse_range(version_range, "npm")) is as_npm
    assert fits(parse_version(version), parse_range(version_range, "pep440")) is as_pep440


@pytest.mark.parametrize(("version", "version_range", "as_npm", "as_pep440"), BOTH_GRAMMARS)
def test_where_both_grammars_disagree_auto_asks_for_syntax(
    version: str, version_range: str, as_npm: bool, as_pep440: bool
) -> None:
    with pytest.raises(AmbiguousRangeError) as raised:
        fits(parse_version(version), parse_range(version_range))
    npm, pep440 = parse_range(version_range).readings
    fitting = "npm" if as_npm else "PEP 440"
    assert str(raised.value) == (
        f"'{version_range}' is both an npm range ({npm.bounds}) and a PEP 440 specifier set "
        f"({pep440.bounds}), and '{version}' fits it only as {fitting}; set syntax: npm or "
        "syntax: pep440 on the range to say which it is"
    )


def test_where_one_grammar_cannot_judge_the_version_auto_asks_for_syntax() -> None:
    with pytest.raises(AmbiguousRangeError) as raised:
        fits(parse_version("2.4.0-SNAPSHOT"), parse_range(">=2"))
    assert str(raised.value) == (
        "'>=2' is both an npm range (>=2.0.0-0) and a PEP 440 specifier set (>=2), and "
        "'2.4.0-SNAPSHOT' has no PEP 440 form; set syntax: npm or syntax: pep440 on the range "
        "to say which it is"
    )
    assert fits(parse_version("2.4.0-SNAPSHOT"), parse_range(">=2", "npm"))


@pytest.mark.parametrize(
    ("version", "version_range", "message"),
    [
        (
            "1!2.0",
            "^2.0.0",
            "'1!2.0' is a PEP 440 version with no npm equivalent (an epoch, a post-release, "
            "a dev prerelease, a fourth number or a number past 2^53-1 do not translate), so "
            "it cannot be checked against the npm range '^2.0.0'",
        ),
        (
            "2.4.0-SNAPSHOT",
            ">=2.3,<3",
            "'2.4.0-SNAPSHOT' is a SemVer 2 version with no PEP 440 equivalent (only alpha, "
            "beta and rc prereleases translate, build metadata as a local label), so it "
            "cannot be checked against the PEP 440 range '>=2.3,<3'",
        ),
    ],
)
def test_fits_refuses_untranslatable_versions(
    version: str, version_range: str, message: str
) -> None:
    with pytest.raises(IncomparableVersionError) as raised:
        fits(parse_version(version), parse_range(version_range))
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("version", "version_range", "syntax"),
    [
        ("1.0.post1", "^1.0.0", "npm"),
        ("1.2.3.4", "^1.2", "npm"),
        ("2.4.0rc1.dev2", "*", "npm"),
        ("9007199254740992.0.0", "*", "npm"),  # past JavaScript's safe integers: no SemVer
        ("2.4.0-1", ">=2.3,<3", "pep440"),  # SemVer's prerelease 1, PEP 440's post-release 1
        ("2.4.0-dev", ">=2.3,<3", "pep440"),
        ("2.4.0-x.7.z.92", "==2.*", "pep440"),
        ("1.0.0+-x", "==1.*", "pep440"),  # build metadata that is no PEP 440 local label
        ("2.4.0-SNAPSHOT", "===2.4.0-SNAPSHOT,>=2", "pep440"),  # >=2 needs a PEP 440 form
    ],
)
def test_fits_refuses_more_untranslatable_versions(
    version: str, version_range: str, syntax: SyntaxChoice
) -> None:
    with pytest.raises(IncomparableVersionError, match="cannot be checked against"):
        fits(parse_version(version), parse_range(version_range, syntax))


# --- properties ---------------------------------------------------------------------------

VERSIONISH = st.text(alphabet="0123456789.vV-+!rcabdevpostx* \n", max_size=24)
RANGEISH = st.text(alphabet="0123456789.^~<>=!|-*xXv ,+rcab", max_size=30)


def refusal(action: Callable[[], object]) -> str | None:
    """The message of the ``VersionSyntaxError`` that ``action`` raised, None if it passed."""
    try:
        action()
    except VersionSyntaxError as error:
        return str(error)
    return None


@given(st.one_of(st.text(max_size=80), VERSIONISH))
def test_parse_version_raises_only_version_syntax_error(text: str) -> None:
    message = refusal(lambda: parse_version(text))
    assert message is None or "\n" not in message


@given(st.one_of(st.text(max_size=80), RANGEISH))
def test_parse_range_raises_only_version_syntax_error(text: str) -> None:
    message = refusal(lambda: parse_range(text))
    assert message is None or "\n" not in message


@given(RANGEISH, VERSIONISH)
def test_fits_raises_only_version_syntax_error(range_text: str, version_text: str) -> None:
    message = refusal(lambda: fits(parse_version(version_text), parse_range(range_text)))
    assert message is None or "\n" not in message


NUMBERS = st.integers(min_value=0, max_value=10**6)
PRERELEASES = st.sampled_from(["", "-rc.1", "-alpha", "-beta.2", "-rc.10", "-0"])


@given(NUMBERS, NUMBERS, NUMBERS, PRERELEASES)
def test_a_version_fits_at_least_itself(major: int, minor: int, patch: int, pre: str) -> None:
    version = parse_version(f"{major}.{minor}.{patch}{pre}")
    assert fits(version, parse_range(f">={version}", "npm"))
    assert fits(version, parse_range(f"<={version}", "npm"))
    assert fits(version, parse_range(f"^{version}", "npm"))
    assert fits(version, parse_range(f"~{version}", "npm"))
    assert not fits(version, parse_range(f"<{version}", "npm"))
    assert not fits(version, parse_range(f">{version}", "npm"))


@given(NUMBERS, NUMBERS, NUMBERS)
def test_a_version_fits_its_own_pep440_clauses(major: int, minor: int, patch: int) -> None:
    version = parse_version(f"{major}.{minor}.{patch}")
    assert fits(version, parse_range(f">={version},<={version}"))
    assert fits(version, parse_range(f"=={version}", "pep440"))
    assert fits(version, parse_range(f"=={major}.*", "pep440"))
    assert fits(version, parse_range(f"==={version}", "pep440"))
    assert not fits(version, parse_range(f"!={version}", "pep440"))


@given(NUMBERS, NUMBERS, NUMBERS)
def test_caret_is_the_same_major(major: int, minor: int, patch: int) -> None:
    version = parse_version(f"{major + 1}.{minor}.{patch}")
    assert fits(version, parse_range(f"^{major + 1}"))
    assert not fits(version, parse_range(f"^{major}"))
    assert not fits(version, parse_range(f"^{major + 2}"))


@given(NUMBERS, NUMBERS, NUMBERS, PRERELEASES)
def test_auto_answers_or_asks_for_syntax_never_otherwise(
    major: int, minor: int, patch: int, pre: str
) -> None:
    """Under auto, a range both grammars read answers as both do, or asks for syntax."""
    version = parse_version(f"{major}.{minor}.{patch}{pre}")
    for text in (f"<={major}.{minor}", f">={major}", f">{major}", f"~={major}.{minor}"):
        as_npm = fits(version, parse_range(text, "npm"))
        try:
            as_pep440: bool | None = fits(version, parse_range(text, "pep440"))
        except IncomparableVersionError:
            as_pep440 = None
        if as_npm == as_pep440:
            assert fits(version, parse_range(text)) is as_npm
        else:
            with pytest.raises(AmbiguousRangeError):
                fits(version, parse_range(text))
