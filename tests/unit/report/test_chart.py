"""The SVG chart: valid SVG, the same bytes for the same numbers, a clear word when it cannot."""

from __future__ import annotations

import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from releasegate.errors import UsageError
from releasegate.report.chart import check_svg_output, svg_chart, write_svg
from unit.report.test_render import sample

SVG = "{http://www.w3.org/2000/svg}"


def test_the_chart_is_svg_with_a_bar_segment_per_stage_and_week(tmp_path: Path) -> None:
    path = tmp_path / "report.svg"
    write_svg(sample(), path)
    root = ElementTree.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    # matplotlib names each bar segment patch_N and each legend entry; 3 weeks x 3 segments.
    bars = [group for group in root.iter(f"{SVG}g") if group.get("id", "").startswith("patch_")]
    assert len(bars) >= 9
    assert "<text" not in path.read_text(), "text is drawn as paths: no font needed to view it"


def test_the_same_numbers_give_the_same_bytes() -> None:
    assert svg_chart(sample()) == svg_chart(sample())


def test_output_must_name_an_svg_file() -> None:
    with pytest.raises(UsageError, match=r"--output report\.png: the chart is an SVG file"):
        check_svg_output(Path("report.png"))


def test_without_matplotlib_output_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # what an import of a missing one does
    with pytest.raises(UsageError, match=r"pip install 'releasegate\[report\]'"):
        check_svg_output(Path("report.svg"))
