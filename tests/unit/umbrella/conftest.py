"""A small GitHub of issues behind the real client, for the sync tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from support.umbrella import World


@pytest.fixture
def world() -> Iterator[World]:
    with World().serve() as served:
        yield served
