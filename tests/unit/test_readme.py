"""The README's generated parts equal what the code generates."""

from __future__ import annotations

from pathlib import Path

from releasegate.policy.reference import BEGIN, END, policy_reference

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_policy_reference_in_the_readme_is_generated_from_the_models() -> None:
    text = README.read_text(encoding="utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    assert text[start:end] == policy_reference(), "run: python -m releasegate.policy.reference"
