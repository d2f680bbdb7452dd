"""Versions, ranges and ``fits``: tables of examples, then properties."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releasegate.versions import (
    IncomparableVersionError,
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
    ("1.0.0+build.5", "semver", "1.0.0", "1.0.0"),
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


# text, syntax it is read as, its bounds as plain comparators
RANGES = [
    (">=2.3,<3", "pep440", "<3,>=2.3"),
    (" >= 2.3 , < 3 ", "pep440", "<3,>=2.3"),
    ("~=2.3", "pep440", "~=2.3"),
    ("==2.*", "pep440", "==2.*"),
    (">=2,!=2.1.*", "pep440", "!=2.1.*,>=2"),
    (">=2.3rc1", "pep440", ">=2.3rc1"),  # not npm, so PEP 440
    ("^2.3.0", "npm", ">=2.3.0 <3.0.0-0"),
    ("^1.9", "npm", ">=1.9.0-0 <2.0.0-0"),
    ("^0.0.3", "npm", ">=0.0.3 <0.0.4-0"),
    ("^2.3.0-rc.1", "npm", ">=2.3.0-rc.1 <3.0.0-0"),
    ("~2.3", "npm", ">=2.3.0-0 <2.4.0-0"),
    ("~2.3.1", "npm", ">=2.3.1 <2.4.0-0"),
    ("~> 1.2.3", "npm", ">=1.2.3 <1.3.0-0"),
    ("2.x", "npm", ">=2.0.0-0 <3.0.0-0"),
    ("2", "npm", ">=2.0.0-0 <3.0.0-0"),
    ("*", "npm", "*"),
    (">=2.3.0 <3", "npm", ">=2.3.0 <3.0.0-0"),
    (">= 2.3.0 < 3.0.0", "npm", ">=2.3.0 <3.0.0"),
    (">=2.3", "npm", ">=2.3.0-0"),
    (">2.1", "npm", ">=2.2.0-0"),
    ("<=2", "npm", "<3.0.0-0"),
    ("1.2.3", "npm", "1.2.3"),
    ("=1.2.3", "npm", "=1.2.3"),
    ("1.2.3 - 2.3.4", "npm", ">=1.2.3-0 <=2.3.4"),
    ("1.2 - 2.3", "npm", ">=1.2.0-0 <2.4.0-0"),
    ("^1.2 || ^2.0.0", "npm", ">=1.2.0-0 <2.0.0-0 || >=2.0.0 <3.0.0-0"),
    (
        "1.x || >=2.5.0 || 5.0.0 - 7.2.3",
        "npm",
        ">=1.0.0-0 <2.0.0-0 || >=2.5.0 || >=5.0.0-0 <=7.2.3",
    ),
]


@pytest.mark.parametrize(("text", "syntax", "bounds"), RANGES)
def test_parse_range(text: str, syntax: str, bounds: str) -> None:
    version_range = parse_range(text)
    assert (version_range.text, version_range.syntax) == (text.strip(), syntax)
    assert version_range.bounds == bounds
    assert str(version_range) == text.strip()


NOT_A_RANGE = " is not a version range (PEP 440 like '>=2.3,<3' or npm like '^2.3.0')"


@pytest.mark.parametrize(
    "text",
    [
        "^^1",
        "",
        "   ",
        "banana",
        "^1 ||",  # an empty alternative would match everything
        "|| ^1",
        ",",  # an empty PEP 440 clause would match everything
        ">=1,",
        ">=2.3,<3 || >=4",
        "~=2",
        "<==3",
        "1.x.3",
        "**",
        "*<*",
        "^1.2.3 banana",
        ">=1.0.0 <2.0.0 extra",
        "\u0661.x",
    ],
)
def test_parse_range_refuses(text: str) -> None:
    with pytest.raises(VersionSyntaxError) as raised:
        parse_range(text)
    assert str(raised.value).endswith(NOT_A_RANGE)


def test_parse_range_message() -> None:
    with pytest.raises(VersionSyntaxError) as raised:
        parse_range("^^1")
    assert str(raised.value) == "'^^1'" + NOT_A_RANGE


def test_parse_range_message_shows_html_briefly() -> None:
    with pytest.raises(VersionSyntaxError) as raised:
        parse_range(HTML_PAGE)
    message = str(raised.value)
    assert message.startswith("'<!doctype html> <html><head><title>502 Bad Gateway</title></…'")
    assert "\n" not in message


FITS = [
    # numeric comparison
    ("1.10.0", "^1.9", True),
    ("1.10.0", "~1.9", False),
    ("1.10.0", ">=1.9,<2", True),
    ("1.9.0", ">=1.10", False),
    ("1.9.0", ">=1.10.0", False),
    # the spec's examples: a prerelease fits when it lies within the bounds
    ("2.4.0-rc.1", "^2.3.0", True),
    ("2.4.0-rc.1", ">=2.3,<3", True),
    ("2.4.0-rc.1", "~2.3", False),
    ("2.4.0-rc.1", "2.x", True),
    ("2.4.0-rc.1", ">=2.3.0 <3", True),
    ("2.4.0-rc.1", "^1.0.0 || ^2.0.0", True),
    ("2.4.0", "^1.0.0 || >=3", False),
    # prereleases of an upper bound: outside, unless the bound is written out in npm
    ("3.0.0-rc.1", "^2.3.0", False),
    ("3.0.0-rc.1", "<3", False),
    ("3.0.0-rc.1", ">=2.3,<3", False),
    ("3.0.0-rc.1", "2.x", False),
    ("3.0.0-rc.1", "<3.0.0", True),
    ("3.0.0rc1", "<3.0.0", True),
    # prereleases of a lower bound: outside when exact, inside when derived from a partial
    ("2.3.0-rc.1", "^2.3.0", False),
    ("2.3.0-rc.1", ">=2.3.0", False),
    ("2.3.0-rc.1", ">=2.3,<3", False),
    ("2.3.0-rc.1", "~=2.3", False),
    ("2.3.0-rc.1", "~2.3", True),
    ("2.0.0-rc.1", "2.x", True),
    ("2.0.0-rc.1", "^2", True),
    ("2.0.0-rc.1", "^2.0.0", False),
    ("2.0.0rc1", "==2.*", True),
    ("2.0.0-rc.1", "~=2.0", False),
    ("2.3.0-rc.2", "^2.3.0-rc.1", True),
    ("2.3.0-rc.1", "^2.3.0-rc.2", False),
    # hyphen ranges (node-semver 7 with prereleases included)
    ("1.2.3-rc.1", "1.2.3 - 2.3.4", True),
    ("2.3.4", "1.2.3 - 2.3.4", True),
    ("2.3.4-rc.1", "1.2.3 - 2.3.4", True),
    ("2.3.5-rc.1", "1.2.3 - 2.3.4", False),
    ("2.3.9", "1.2 - 2.3", True),
    ("2.4.0-0", "1.2 - 2.3", False),
    # PEP 440 specifiers
    ("2.9", "~=2.3", True),
    ("3.0", "~=2.3", False),
    ("2.3.1rc1", "~=2.3", True),
    ("2.1.5", ">=2,!=2.1.*", False),
    ("2.2.0", ">=2,!=2.1.*", True),
    ("1.0.post1", ">1.0,<2", False),  # PEP 440: > excludes post-releases of its version
    ("1.0.post1", ">=1.0,<2", True),
    ("1.0+local", "==1.0", True),
    ("1!2.0", ">=1,!=3", True),
    ("1!2.0", ">=1,<3", False),  # epoch 1 comes after every epoch-0 version
    # 0.x carets
    ("0.0.3", "^0.0.3", True),
    ("0.0.4", "^0.0.3", False),
    ("0.2.5", "^0.2", True),
    ("0.3.0", "^0.2", False),
    # anything, exact, build metadata
    ("0.0.0-alpha", "*", True),
    ("1.2.3", "1.2.3", True),
    ("1.2.4", "1.2.3", False),
    ("1.0.0+build.5", "1.0.0", True),
    ("1.0.0+build.5", "==1.0.0", True),
    ("1.0.0+build.5", ">1.0.0", False),
    ("v1.2.3", "^1.2", True),
    ("V1.2.3", "^1.2", True),
    ("1.2.3\n", ">=1.2,<2", True),
    # one syntax against the other
    ("2.4.0rc1", "^2.3.0", True),
    ("2.4.0rc1", ">=2.4.0-rc.1", True),
    ("2.4.0rc1", ">=2.4.0-rc.2", False),
    ("2.4.0b3", ">=2.4.0-beta.2 <2.4.0-rc.0", True),
    ("2.4.0-rc.1", ">=2.4.0rc1,<3", True),
    ("2.4.0-rc.1", ">=2.4.0rc2,<3", False),
    ("2.4.0-beta.2", ">=2.4.0b1,<2.4.0rc1", True),
    ("2.4.0.dev3", "^2.3.0", True),
    ("2.4.0.dev3", ">=2.4.0", False),
    ("2.4.0.dev3", "<2.4.0-alpha", True),
    ("1.2", "1.2.0", True),
    ("1.0+local", "^1.0.0", True),
    ("1.2.3.0", "1.2.3", True),
]


@pytest.mark.parametrize(("version", "version_range", "expected"), FITS)
def test_fits(version: str, version_range: str, expected: bool) -> None:
    assert fits(parse_version(version), parse_range(version_range)) is expected


@pytest.mark.parametrize(
    ("version", "version_range", "message"),
    [
        (
            "1!2.0",
            "^2.0.0",
            "'1!2.0' is a PEP 440 version with no npm equivalent (an epoch, a post-release, "
            "a dev prerelease or a fourth number do not translate), so it cannot be checked "
            "against the npm range '^2.0.0'",
        ),
        (
            "2.4.0-SNAPSHOT",
            ">=2.3,<3",
            "'2.4.0-SNAPSHOT' is a SemVer 2 version with no PEP 440 equivalent (only alpha, "
            "beta and rc prereleases translate), so it cannot be checked against the PEP 440 "
            "range '>=2.3,<3'",
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
    ("version", "version_range"),
    [
        ("1.0.post1", "^1.0.0"),
        ("1.2.3.4", "^1.2"),
        ("2.4.0rc1.dev2", "*"),
        ("2.4.0-1", ">=2.3,<3"),
        ("2.4.0-x.7.z.92", "==2.*"),
    ],
)
def test_fits_refuses_more_untranslatable_versions(version: str, version_range: str) -> None:
    with pytest.raises(IncomparableVersionError, match="cannot be checked against"):
        fits(parse_version(version), parse_range(version_range))


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
    assert fits(version, parse_range(f">={version}"))
    assert fits(version, parse_range(f"<={version}"))
    assert fits(version, parse_range(f"^{version}"))
    assert fits(version, parse_range(f"~{version}"))
    assert not fits(version, parse_range(f"<{version}"))
    assert not fits(version, parse_range(f">{version}"))


@given(NUMBERS, NUMBERS, NUMBERS)
def test_a_version_fits_its_own_pep440_clauses(major: int, minor: int, patch: int) -> None:
    version = parse_version(f"{major}.{minor}.{patch}")
    assert fits(version, parse_range(f">={version},<={version}"))
    assert fits(version, parse_range(f"=={version}"))
    assert fits(version, parse_range(f"=={major}.*"))
    assert not fits(version, parse_range(f"!={version}"))


@given(NUMBERS, NUMBERS, NUMBERS)
def test_caret_is_the_same_major(major: int, minor: int, patch: int) -> None:
    version = parse_version(f"{major + 1}.{minor}.{patch}")
    assert fits(version, parse_range(f"^{major + 1}"))
    assert not fits(version, parse_range(f"^{major}"))
    assert not fits(version, parse_range(f"^{major + 2}"))
