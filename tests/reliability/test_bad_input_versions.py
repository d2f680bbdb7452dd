"""Versions and ranges built from their own grammar's pieces, shuffled: parsed, or refused
with ``VersionSyntaxError`` alone, quickly (tests/unit/test_versions.py fuzzes plain text)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from releasegate.versions import (
    SyntaxChoice,
    VersionSyntaxError,
    fits,
    parse_range,
    parse_version,
)

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PIECES = st.sampled_from([
    "0", "1", "2", "10", "999999999999999999999", "01", ".", "-", "+", "x", "X", "*", "^", "~",
    "~=", "==", "!=", "===", ">", ">=", "<", "<=", "=", "v", "||", ",", " ", " - ", "rc", "rc.1",
    "alpha", "a1", "b2", ".dev1", ".post1", "!", "1!", "٣", "１", "é", "\t", "\n", "\u00a0",
    "+build", "+", "\x1c", "\x0b", "9007199254740992",
])  # fmt: skip
GRAMMARISH = st.lists(PIECES, max_size=40).map("".join)


def refused_cleanly(parse: Callable[[], object]) -> bool:
    """True when refused with VersionSyntaxError; any other exception fails the test."""
    # A guard against catastrophic backtracking (seconds to hours), not a speed test: CPU time
    # of this process only, so a busy machine cannot fail it; a linear parse takes microseconds.
    started = time.process_time()
    message = None
    try:
        parse()
    except VersionSyntaxError as error:
        message = str(error)
    assert time.process_time() - started < 5.0, "a version or range must never take seconds"
    assert message is None or "\n" not in message
    return message is not None


@FUZZ
@given(GRAMMARISH)
def test_shuffled_version_pieces_parse_or_raise_version_syntax_error(text: str) -> None:
    refused_cleanly(lambda: parse_version(text))


@pytest.mark.parametrize("syntax", ["auto", "npm", "pep440"])
@FUZZ
@given(GRAMMARISH)
def test_shuffled_range_pieces_parse_or_raise_version_syntax_error(
    syntax: SyntaxChoice, text: str
) -> None:
    refused_cleanly(lambda: parse_range(text, syntax))


@FUZZ
@given(GRAMMARISH, GRAMMARISH)
def test_fitting_any_parsed_pair_answers_or_raises_version_syntax_error(
    version: str, version_range: str
) -> None:
    refused_cleanly(lambda: fits(parse_version(version), parse_range(version_range)))


@FUZZ
@given(st.integers(200, 600), st.sampled_from(["1 ", "^1.2.3 ", "1||", ">=1 <2 ", "1.", "x"]))
def test_long_repetitive_input_is_answered_without_backtracking(times: int, piece: str) -> None:
    refused_cleanly(lambda: parse_range(piece * times))
    refused_cleanly(lambda: parse_version(piece * times))
