"""Hypothesis strategies for version and range texts, built from each grammar's pieces.

Most texts are valid, so that answers and not only refusals get compared, and the numbers
are few and small, so that a version often lands on, just below or just above a range's
bound: that is where a false pass hides (the ``*_near`` strategies nudge the range's own
releases by one, and carry: ``^1.2.3`` meets ``2.0.0-0``, ``2.0.0`` and ``1.2.2``).
A share of the pieces is broken on purpose (leading zeros, stray operators, empty parts,
numbers past JavaScript's safe integers, non-ASCII spaces) so that refusals are compared
too. Every piece is one draw from a fixed list: thousands of examples stay fast.
"""

from __future__ import annotations

import re

from hypothesis import strategies as st

MAX_SAFE_INTEGER = 2**53 - 1
_SMALL = ["0", "1", "2", "3"] * 8 + ["4", "9", "10", "11", "12"] * 2
# Past JavaScript's safe integers npm refuses a number that PEP 440 still reads.
_HUGE = [str(n) for n in (MAX_SAFE_INTEGER - 1, MAX_SAFE_INTEGER, MAX_SAFE_INTEGER + 1, 10**21)]
NUMBER = st.sampled_from(_SMALL * 4 + _HUGE)


def _pieces(usual: list[str], odd: list[str]) -> st.SearchStrategy[str]:
    """Usually one of the ``usual`` pieces (which may repeat, to weigh them); about one time
    in forty an ``odd`` or broken one. One draw either way."""
    weight = -(-39 * len(odd) // len(usual)) if odd else 1
    return st.sampled_from(usual * weight + odd)


def _often_none(*pieces: str, empty: int = 1) -> st.SearchStrategy[str]:
    """One of ``pieces``, or (``empty`` times as likely as each piece) nothing."""
    return st.sampled_from(("",) * (len(pieces) * empty) + pieces)


# --- SemVer versions and npm ranges ---------------------------------------------------------

SEMVER_PARTS = st.sampled_from([3] * 12 + [2, 2, 1, 4])
_PRERELEASES = [
    "-0", "-rc.1", "-rc.2", "-rc.10", "-alpha", "-alpha.1", "-beta", "-beta.2", "-a.1", "-b",
    "-rc1", "-RC.1", "-1", "-2", "-pre.2", "-dev", "-x.7.z.92", "-0.dev.1", "-alpha.beta",
]  # fmt: skip
PRERELEASE = _pieces(
    [""] * len(_PRERELEASES) + _PRERELEASES,
    ["-9007199254740990", "-9007199254740991", "-9007199254740993", "-01", "-", "-rc..1", "-é"],
)
_BUILDS = ["+build.5", "+deadbeef", "+asdf", "+001", "+a-b", "+-x", "+exp.sha.5114f85", "+Build"]
BUILD = _pieces([""] * 4 * len(_BUILDS) + _BUILDS, ["+", "+a+b", "+a..b", "+é"])
PREFIX = _pieces([""] * 8 + ["v"], ["=", "v=", "=v", "V", " ", "vv", "01", "\t"])
NPM_OPERATOR = _pieces(
    ["", "", "=", "<", "<=", ">", ">=", "^", "~", "~>"],
    ["==", "===", "~=", "!=", "<>", "=>", "^^", "~^", "<<", "!"],
)
SPACE = _pieces(["", "", " "], ["  ", "\t", "\n", "\u00a0", "\x0b", "\x1c"])
COMPARATORS = st.sampled_from([1] * 4 + [2] * 3 + [3])
JOINER = _pieces([" "], ["  ", "\t", ", ", ","])
HYPHEN = _pieces([" - "], ["  -  ", " -", "-", " - - ", "\t-\t"])
OR = _pieces(["||", " || ", " || "], [" ||", "|| ", "  ||  ", " | ", " ||| ", " || || "])
ALTERNATIVES = st.sampled_from([1] * 6 + [2] * 3 + [3])
IS_HYPHEN_RANGE = st.sampled_from([True] + [False] * 5)
SPECIAL_NPM = st.sampled_from(
    [None] * 400 + ["", " ", "*", "x", "latest", "||", "^1 ||", "|| ^1", "**", "1.*.3", "x.1"]
)


@st.composite
def semver_versions(draw: st.DrawFn, numbers: st.SearchStrategy[str] = NUMBER) -> str:
    """A SemVer 2 version, or a near miss: partial, four parts, a stray prefix."""
    core = ".".join(draw(numbers) for _ in range(draw(SEMVER_PARTS)))
    return draw(PREFIX) + core + draw(PRERELEASE) + draw(BUILD)


PARTIAL_PARTS = st.sampled_from([1, 2, 2] + [3] * 9)
WILDCARD = st.sampled_from(["x", "X", "*"])
WILDCARD_FROM = st.sampled_from([None] * 12 + [0, 1, 1, 2, 2])
X_THEN_NUMBER = st.sampled_from([False] * 39 + [True])


@st.composite
def npm_partials(draw: st.DrawFn) -> str:
    """``1``, ``1.2``, ``1.x``, ``1.2.*``, ``*``, ``1.2.3-rc.1+build``, ``x.1`` (invalid)…"""
    parts = []
    wildcard_from = draw(WILDCARD_FROM)
    for position in range(draw(PARTIAL_PARTS)):
        wildcard = wildcard_from is not None and position >= wildcard_from
        if wildcard and position > wildcard_from and draw(X_THEN_NUMBER):
            wildcard = False  # 1.x.3: npm refuses a number after a wildcard
        parts.append(draw(WILDCARD) if wildcard else draw(NUMBER))
    pre = draw(PRERELEASE) if len(parts) >= 3 else ""
    return draw(PREFIX) + ".".join(parts) + pre + draw(BUILD)


@st.composite
def npm_alternatives(draw: st.DrawFn) -> str:
    """Comparators (``>=1.2 <2``, ``^1.x``, ``~> 1.2.3``) or a hyphen range (``1.2 - 3``)."""
    if draw(IS_HYPHEN_RANGE):
        return draw(npm_partials()) + draw(HYPHEN) + draw(npm_partials())
    comparators = []
    for _ in range(draw(COMPARATORS)):
        operator = draw(NPM_OPERATOR)
        space = draw(SPACE) if operator else ""
        comparators.append(operator + space + draw(npm_partials()))
    return draw(JOINER).join(comparators)


@st.composite
def npm_ranges(draw: st.DrawFn) -> str:
    """An npm range of one to three ``||`` alternatives, or a special text (empty, ``*``…)."""
    special = draw(SPECIAL_NPM)
    if special is not None:
        return special
    text = draw(npm_alternatives())
    for _ in range(draw(ALTERNATIVES) - 1):
        text += draw(OR) + draw(npm_alternatives())
    return draw(SPACE) + text + draw(SPACE)


# --- PEP 440 versions and specifiers --------------------------------------------------------

PEP440_PARTS = st.sampled_from([1, 2, 2, 3, 3, 3, 3, 4])
EPOCH = _often_none("0!", "1!", "2!", empty=8)
PEP440_PRE = _often_none(
    "a1", "b2", "rc1", "rc2", "c1", "a", "rc", ".a1", "-rc.1", "_b2", "alpha1", "beta.2",
    "pre1", "preview2", "RC1", "-alpha", "-beta.2",
    empty=3,
)  # fmt: skip
PEP440_POST = _often_none(".post1", "post2", "-1", ".post", "_post3", ".rev1", "r2", empty=4)
PEP440_DEV = _often_none(".dev0", ".dev1", "dev3", "-dev", ".dev", empty=5)
LOCAL = _pieces(
    [""] * 30 + ["+local.7", "+abc", "+ubuntu-1", "+1.2", "+Build", "+build.5"], ["+", "+a..b"]
)
PEP440_PREFIX = st.sampled_from([""] * 12 + ["v", "V", " "])
PEP440_OPERATOR = _pieces(
    ["==", "!=", "<=", ">=", "<", ">", "~=", "===", "==", ">=", "~=", "<"],  # some twice
    ["", "=", "=>", "<>", "~", "^", "=<"],
)
PEP440_WILDCARD = st.sampled_from([False] * 2 + [True])
ARBITRARY = st.sampled_from([None] * 3 + ["foobar", "1.0", "1.0.0-SNAPSHOT", "v1.0", "1.01"])
PEP440_SPACE = st.sampled_from([""] * 6 + [" ", "  "])
CLAUSES = st.sampled_from([1] * 4 + [2] * 4 + [3] * 2)
COMMA = _pieces([","] * 2 + [", ", " , "], [";", " ", ",,", "||"])
SPECIAL_PEP440 = st.sampled_from(
    [None] * 200 + ["", " ", ",", ">=1,", ",>=1", ">=1,,<2", "*", "==*", "==1.*.2", "~=1"]
)


@st.composite
def pep440_versions(draw: st.DrawFn, numbers: st.SearchStrategy[str] = NUMBER) -> str:
    """A PEP 440 version (epochs, pre, post, dev, local, a leading v), or a near miss."""
    release = ".".join(draw(numbers) for _ in range(draw(PEP440_PARTS)))
    suffixes = draw(PEP440_PRE) + draw(PEP440_POST) + draw(PEP440_DEV) + draw(LOCAL)
    return draw(PEP440_PREFIX) + draw(EPOCH) + release + suffixes


@st.composite
def pep440_clauses(draw: st.DrawFn) -> str:
    """``>=1.2``, ``~=2.3rc1``, ``==1.*``, ``!=1!2.0.*``, ``===foobar``, ``=>1`` (invalid)…"""
    operator = draw(PEP440_OPERATOR)
    arbitrary = draw(ARBITRARY) if operator == "===" else None
    if arbitrary is not None:
        version = arbitrary
    elif operator in ("==", "!=") and draw(PEP440_WILDCARD):
        version = draw(EPOCH) + ".".join(draw(NUMBER) for _ in range(draw(PEP440_PARTS))) + ".*"
    else:
        version = draw(pep440_versions()).strip()
    return draw(PEP440_SPACE) + operator + draw(PEP440_SPACE) + version + draw(PEP440_SPACE)


@st.composite
def pep440_ranges(draw: st.DrawFn) -> str:
    """A PEP 440 specifier set of one to three clauses, or a special text (empty, ``>=1,``…)."""
    special = draw(SPECIAL_PEP440)
    if special is not None:
        return special
    text = draw(pep440_clauses())
    for _ in range(draw(CLAUSES) - 1):
        text += draw(COMMA) + draw(pep440_clauses())
    return text


# --- versions on and around a range's bounds -----------------------------------------------

_WRITTEN_RELEASE = re.compile(r"[0-9]+(?:\.(?:[0-9]+|[xX*]))*")
RELEASE_INDEX = st.integers(min_value=0, max_value=2)
NUDGE = st.sampled_from([0] * 4 + [-1, 1, 1])
CARRY = st.booleans()
NEAR_PRERELEASE = st.sampled_from(["", "", "", "-0", "-rc.1", "-alpha", "-alpha.0", "-1", "-beta"])
NEAR_PEP440_SUFFIX = st.sampled_from(
    ["", "", "", "rc1", "a1", "a0", ".dev0", ".post1", "rc1.dev0", "written", "-1", ".0", ".1"]
)
NEAR_PREFIX = st.sampled_from([""] * 6 + ["v"])
NEAR_BUILD = st.sampled_from([""] * 5 + ["+build", "written"])
# Spellings packaging normalizes away, which `===` must not: 1.01 is 1.1, V1.0 is 1.0.
RESPELLING = st.sampled_from(["as written"] * 5 + ["v", "V", "leading zero", ".0", "upper"])
NEAR_OR_ANY = st.sampled_from([True] * 6 + [False])


def _written_releases(range_text: str) -> list[list[str]]:
    """The releases a range is written with, x-ranges as 0: ``^1.x || >=2.3`` → 1.0, 2.3."""
    return [
        [part if part.isdigit() else "0" for part in written.split(".")]
        for written in _WRITTEN_RELEASE.findall(range_text)
        if all(len(part) < 25 for part in written.split("."))
    ]


def _written_local(draw: st.DrawFn, range_text: str) -> str:
    """A build or local label the range is written with (``+build.5``), else ``+build``."""
    written = re.findall(r"\+[0-9A-Za-z.-]+", range_text) or ["+build"]
    return written[draw(st.integers(min_value=0, max_value=len(written) - 1))]


def _respelled(draw: st.DrawFn, version: str) -> str:
    respelling = draw(RESPELLING)
    if respelling in ("v", "V"):
        return respelling + version
    if respelling == "leading zero":
        return "0" + version
    if respelling == ".0":
        return re.sub(r"^([0-9!.]*[0-9])", r"\1.0", version)
    return version.upper() if respelling == "upper" else version


def _nudged(draw: st.DrawFn, range_text: str, parts: int | None) -> str:
    """One of the range's releases, padded or cut to ``parts`` numbers (None: as written),
    with one number moved by one (or not): the versions on and either side of a bound."""
    written = _written_releases(range_text) or [["0"]]
    release = list(written[draw(st.integers(min_value=0, max_value=len(written) - 1))])
    if parts is not None:
        release = (release + ["0"] * parts)[:parts]
    position = min(draw(RELEASE_INDEX), len(release) - 1)
    nudge = draw(NUDGE)
    release[position] = str(max(0, int(release[position]) + nudge))
    if nudge == 1 and draw(CARRY):  # the derived upper bounds: ^1.2.3 → 2.0.0, ~1.2.3 → 1.3.0
        release[position + 1 :] = ["0"] * len(release[position + 1 :])
    return ".".join(release)


@st.composite
def semver_versions_near(draw: st.DrawFn, range_text: str) -> str:
    """A SemVer version on or next to one of the range's bounds; sometimes any version."""
    if not draw(NEAR_OR_ANY):
        return draw(semver_versions())
    release = _nudged(draw, range_text, parts=3)
    build = draw(NEAR_BUILD)
    build = _written_local(draw, range_text) if build == "written" else build
    return draw(NEAR_PREFIX) + release + draw(NEAR_PRERELEASE) + build


@st.composite
def pep440_versions_near(draw: st.DrawFn, range_text: str) -> str:
    """A PEP 440 version on or next to one of the range's bounds; sometimes any version."""
    if not draw(NEAR_OR_ANY):
        return draw(pep440_versions())
    epoch = draw(EPOCH) if "!" in range_text else ""
    suffix = draw(NEAR_PEP440_SUFFIX)
    suffix = _written_local(draw, range_text) if suffix == "written" else suffix
    return _respelled(draw, epoch + _nudged(draw, range_text, parts=None) + suffix)


# --- texts both grammars may read ---------------------------------------------------------

CROSS_OPERATOR = st.sampled_from(["<", "<=", ">", ">=", "==", "===", "~=", "=", ">= ", "< "])
CROSS_PRERELEASE = st.sampled_from(["", "", "", "-rc.1", "rc1", "-alpha", "a1", "-0", ".dev0"])
CROSS_CLAUSES = st.sampled_from([1, 1, 1, 2])
CROSS_JOINER = st.sampled_from([" ", ","])


@st.composite
def ranges_both_may_read(draw: st.DrawFn) -> str:
    """``<=1.0``, ``>=2``, ``~=2.3``, ``==1.0``, ``>2.0.0-rc.1``, ``>=1.0 <2``: one or two
    comparators that are valid in npm and in PEP 440, meaning different things or not."""
    clauses = []
    for _ in range(draw(CROSS_CLAUSES)):
        release = ".".join(draw(NUMBER) for _ in range(draw(PARTIAL_PARTS)))
        clauses.append(draw(CROSS_OPERATOR) + release + draw(CROSS_PRERELEASE))
    return draw(CROSS_JOINER).join(clauses)


def any_ranges() -> st.SearchStrategy[str]:
    """npm ranges, PEP 440 sets, and texts valid in both."""
    return st.one_of(npm_ranges(), pep440_ranges(), ranges_both_may_read(), ranges_both_may_read())
