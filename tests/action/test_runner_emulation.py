"""The runner emulation itself: it reads exactly the expressions action.yml uses, no more."""

from __future__ import annotations

import pytest

from support.runner import (
    Contexts,
    UnsupportedExpression,
    condition,
    interpolate,
    parse_file_command,
)

CONTEXTS = Contexts(
    inputs={"command": "check", "cache": "true", "args": ""},
    token="ghs_token",
    steps={"install": {"installed": "true"}, "locate": {"dir": "/cache/venv"}},
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("${{ inputs.command }}", "check"),
        ("${{ github.token }}", "ghs_token"),
        ("${{ steps.locate.outputs.dir }}/bin", "/cache/venv/bin"),
        ("${{ steps.locate.outputs.missing }}", ""),
        ("${{ steps.never-ran.outputs.verdict }}", ""),
        ("plain text", "plain text"),
        ("a ${{ inputs.command }} and ${{ inputs.cache }}", "a check and true"),
    ],
)
def test_templates(text: str, expected: str) -> None:
    assert interpolate(text, CONTEXTS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("inputs.cache == 'true'", True),
        ("inputs.cache == 'TRUE'", True),  # GitHub compares strings case-insensitively
        ("inputs.cache != 'true'", False),
        ("inputs.cache == 'true' && steps.install.outputs.installed == 'true'", True),
        ("inputs.cache == 'true' && steps.locate.outputs.installed == 'true'", False),
        ("${{ inputs.cache == 'false' }}", False),
        ("inputs.args", False),
        ("inputs.command", True),
        ("'it''s' == 'it''s'", True),
    ],
)
def test_conditions(text: str, expected: bool) -> None:
    assert condition(text, CONTEXTS) is expected


@pytest.mark.parametrize(
    "text",
    [
        "${{ github.event.pull_request.number }}",
        "${{ runner.os }}",
        "${{ env.HOME }}",
        "${{ secrets.TOKEN }}",
        "${{ inputs.nope }}",
        "${{ inputs.cache || 'false' }}",
        "${{ !inputs.cache }}",
        "${{ hashFiles('x') }}",
        "${{ format('{0}', inputs.command) }}",
        "${{ inputs.cache == 'true' == 'true' }}",
        "${{ }}",
    ],
)
def test_anything_else_fails_loudly(text: str) -> None:
    with pytest.raises(UnsupportedExpression):
        interpolate(text, CONTEXTS)


def test_file_commands_in_both_forms() -> None:
    text = "verdict=fail\nreport<<ghadelimiter_1\nline one\nline=two\nghadelimiter_1\n\nempty=\n"
    assert parse_file_command(text) == {
        "verdict": "fail",
        "report": "line one\nline=two",
        "empty": "",
    }
