"""README.md embeds the reliability matrix this very run generated.

The conftest collects this file last; its test waits until every fault-matrix test of the
run (on every xdist worker) is over, renders their cells and compares. Until README.md has the
markers, there is nothing to compare.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from reliability import matrix
from reliability.plugin import MatrixPlugin
from support.faults import MATRIX_ROWS

README = Path(__file__).resolve().parents[2] / "README.md"
WAIT = 900  # seconds: the other worker may still be running the matrix


def test_readme_embeds_the_matrix_this_run_generated(matrix_plugin: MatrixPlugin) -> None:
    embedded = matrix.embedded(README.read_text(encoding="utf-8"))
    if embedded is None:
        pytest.skip("README.md has no reliability-matrix markers yet")
    if matrix_plugin.expected == 0 or matrix_plugin.partial:
        pytest.skip("this run did not select the whole fault matrix")
    deadline = time.monotonic() + WAIT
    while len(matrix_plugin.finished()) < matrix_plugin.expected:
        assert time.monotonic() < deadline, "the fault-matrix tests did not finish in time"
        time.sleep(0.2)
    if not matrix_plugin.complete():
        pytest.skip("fault-matrix tests failed, or not every command's matrix was collected")

    generated = matrix.render(matrix_plugin.cells(), list(MATRIX_ROWS))

    assert embedded == generated, (
        "README.md's reliability table is out of date: run tools/reliability-matrix "
        "--update-readme (or paste build/reliability-matrix.md between the markers)"
    )
