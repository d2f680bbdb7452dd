"""The references the differential tests compare releasegate with, and how many cases.

npm's is node-semver itself, run by node: one long-lived process per test session
(``npm_semver.mjs``) that answers a JSON line per question, since starting node per case
would take minutes. PEP 440's is packaging, imported directly.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from hypothesis import HealthCheck, settings
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from differential.grammar import MAX_SAFE_INTEGER
from releasegate.versions import VersionSyntaxError, parse_version

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "npm_semver.mjs"
EXAMPLES_ENV = "RELEASEGATE_DIFFERENTIAL_EXAMPLES"
ALLOW_MISSING_ENV = "RELEASEGATE_ALLOW_MISSING_REFERENCES"

# A fixed seed (derandomize) and no example database: every run, in CI or not, tries the
# same cases, so a failure seen once is seen again. RELEASEGATE_DIFFERENTIAL_RANDOM=1 draws
# fresh ones, as in the other differential tests.
DIFFERENTIAL = settings(
    max_examples=int(os.environ.get(EXAMPLES_ENV, "5000")),
    derandomize=not os.environ.get("RELEASEGATE_DIFFERENTIAL_RANDOM"),
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class ReferenceMissing(Exception):
    """node or the semver package is not there; the message says what to run."""


@dataclass(frozen=True)
class NpmVersionAnswer:
    valid: str | None
    "semver.valid(version): the version as npm reads it, None if it does not."
    satisfies: bool
    "semver.satisfies(version, range, {includePrerelease: true})"


@dataclass(frozen=True)
class NpmAnswer:
    range: str | None
    "semver.validRange(range, {includePrerelease: true}): its comparators, None if invalid."
    versions: tuple[NpmVersionAnswer, ...]


class NpmSemver:
    """A node process running npm_semver.mjs; ask it about one range and some versions."""

    def __init__(self) -> None:
        node = shutil.which("node")
        if node is None:
            raise ReferenceMissing("node is not on PATH; install Node 20 (Debian: nodejs)")
        self._process = subprocess.Popen(
            [node, str(SCRIPT)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        first = self._stdout.readline()
        if not first:
            why = self._stderr_text() or f"node {SCRIPT.name} exited before answering"
            self.close()
            raise ReferenceMissing(why)
        self.version: str = json.loads(first)["semver"]

    @property
    def _stdin(self) -> IO[str]:
        assert self._process.stdin is not None
        return self._process.stdin

    @property
    def _stdout(self) -> IO[str]:
        assert self._process.stdout is not None
        return self._process.stdout

    def _stderr_text(self) -> str:
        assert self._process.stderr is not None
        return self._process.stderr.read().strip()

    def ask(self, range_text: str, versions: list[str]) -> NpmAnswer:
        self._stdin.write(json.dumps({"range": range_text, "versions": versions}) + "\n")
        self._stdin.flush()
        line = self._stdout.readline()
        assert line, f"the npm reference stopped answering: {self._stderr_text()}"
        answer: dict[str, Any] = json.loads(line)
        answers = tuple(NpmVersionAnswer(**version) for version in answer["versions"])
        return NpmAnswer(answer["range"], answers)

    def close(self) -> None:
        for stream in (self._process.stdin, self._process.stdout, self._process.stderr):
            if stream is not None:
                stream.close()
        self._process.wait(timeout=10)


# --- what releasegate must answer, from the references' answers -------------------------
#
# An expectation is True (fits), False (does not fit) or None: releasegate must refuse with
# a VersionSyntaxError, as it must wherever the reference cannot read the text, and where
# the module docstrings list a deliberate difference.

Expectation = bool | None
JS_SPACE = " \t\n\v\f\r"  # what JavaScript's trim() and \s take from ASCII text
MAX_RANGE_LENGTH = 512
# semver.org's regex, with npm's optional leading v: what npm reads as a version, and, with
# numbers up to 2^53-1 (JavaScript's safe integers), what releasegate reads as SemVer.
SEMVER = re.compile(
    r"v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?",
    re.ASCII,
)
# The SemVer prereleases that mean in PEP 440 what they mean in SemVer (2.4.0-rc.1, -beta2).
SEMVER_PRERELEASE_IN_PEP440 = re.compile(r"(alpha|a|beta|b|rc)\.?(0|[1-9][0-9]*)?", re.I)


def is_semver(text: str) -> bool:
    match = SEMVER.fullmatch(text)
    return match is not None and max(map(int, match.group(1, 2, 3))) <= MAX_SAFE_INTEGER


def refused_as_any_range(text: str) -> bool:
    """Deliberate: text npm or packaging reads as "any version" (empty, ``^1 ||``, ``>=1,``),
    non-ASCII text and text too long for a range are refused (fail closed)."""
    stripped = text.strip()
    if not stripped or not stripped.isascii() or len(stripped) > MAX_RANGE_LENGTH:
        return True
    collapsed = re.sub(r"\s+", " ", text.strip(JS_SPACE), flags=re.ASCII)
    return not all(alternative.strip(JS_SPACE) for alternative in collapsed.split("||"))


def npm_reads(range_text: str, answer: NpmAnswer) -> bool:
    return (
        answer.range is not None and range_text.isascii() and not refused_as_any_range(range_text)
    )


def semver_translation(version_text: str) -> str | None:
    """releasegate's SemVer form of a version it reads as PEP 440, which is what it checks
    against an npm range (deliberate difference 2 of test_versions_npm.py)."""
    try:
        version = parse_version(version_text)
    except VersionSyntaxError:
        return None
    return version.semver if version.syntax == "pep440" else None


def ask_with_translations(
    npm_semver: NpmSemver, range_text: str, versions: list[str]
) -> tuple[NpmAnswer, list[NpmVersionAnswer | None]]:
    """npm's answer for the range and the versions, and for releasegate's SemVer form of each
    version that npm does not read (None where releasegate gives it none): one question."""
    translations = [semver_translation(version) for version in versions]
    asked = [t for t in translations if t is not None]
    answer = npm_semver.ask(range_text, versions + asked)
    own = iter(answer.versions[len(versions) :])
    translated = [next(own) if t is not None else None for t in translations]
    return NpmAnswer(answer.range, answer.versions[: len(versions)]), translated


def npm_expectation(answer: NpmVersionAnswer, translated: NpmVersionAnswer | None) -> Expectation:
    """satisfies() for a version npm reads; for one it does not, the answer for releasegate's
    SemVer form of it (deliberate: PEP 440 versions are translated), if it has one."""
    if answer.valid is not None:
        return answer.satisfies
    return translated.satisfies if translated is not None else None


def pep440_specifiers(range_text: str) -> SpecifierSet | None:
    """packaging's reading (prereleases allowed), None where releasegate must refuse."""
    if refused_as_any_range(range_text) or not all(c.strip() for c in range_text.split(",")):
        return None
    try:
        return SpecifierSet(range_text, prereleases=True)
    except InvalidSpecifier:
        return None


def pep440_expectation(specifiers: SpecifierSet, version_text: str) -> Expectation:
    """``contains``, for a version that packaging reads, except (deliberate) for a SemVer
    text whose prerelease means something else in PEP 440 (``1.0.0-1``, ``-dev``,
    ``-post1``): refused. A set of ``===`` clauses only compares text, so there it is
    ``contains`` for any text releasegate reads as a version (PEP 440 or SemVer)."""
    text = version_text.strip()  # deliberate: whitespace around a version is not part of it
    if all(specifier.operator == "===" for specifier in specifiers):
        return specifiers.contains(text) if is_pep440(text) or is_semver(text) else None
    if not is_pep440(text):
        return None
    semver = SEMVER.fullmatch(text) if is_semver(text) else None
    prerelease = semver[4] if semver is not None else None
    if prerelease is not None and not SEMVER_PRERELEASE_IN_PEP440.fullmatch(prerelease):
        return None
    return specifiers.contains(text)


def is_pep440(text: str) -> bool:
    try:
        Version(text)
    except InvalidVersion:
        return False
    return True
