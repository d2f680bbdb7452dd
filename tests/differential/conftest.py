"""The npm reference for the differential tests, started once per session.

CI must run these tests, so a missing reference (node, or the semver package that
tools/fetch-github-descriptions installs) fails them with what to run. Only with
RELEASEGATE_ALLOW_MISSING_REFERENCES=1 (a machine without node) are they skipped instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from differential.reference import ALLOW_MISSING_ENV, NpmSemver, ReferenceMissing


@pytest.fixture(scope="session")
def npm_semver() -> Iterator[NpmSemver]:
    try:
        reference = NpmSemver()
    except ReferenceMissing as missing:
        message = f"the npm reference cannot run: {missing}"
        if os.environ.get(ALLOW_MISSING_ENV) == "1":
            pytest.skip(f"{message}; skipped because {ALLOW_MISSING_ENV}=1")
        pytest.fail(f"{message}; set {ALLOW_MISSING_ENV}=1 to skip instead of failing")
    yield reference
    reference.close()
