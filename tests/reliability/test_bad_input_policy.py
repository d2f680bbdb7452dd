"""The policy loader on random YAML and on random mutations of valid policies: a ``Policy`` or
a ``PolicyError`` whose every problem is one line at a real ``file:line:col``, never another
exception (SPEC §2, §8)."""

from __future__ import annotations

import copy
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from releasegate.errors import PolicyError
from releasegate.policy.load import load_policy_text
from releasegate.policy.models import Policy
from reliability.check_world import POLICY as CHECK_POLICY

SOURCE = ".github/releasegate.yml"
POLICIES = Path(__file__).resolve().parents[2] / "policies"
EXTRA = """\
version: 1
hotfix: {production: prod, main: main, head-pattern: "hotfix/*", labels: [backport]}
umbrella: {label: tracking, close-when: [Tier 1], untick-on-reopen: true, comment: true}
gates:
  - id: hotfix-from-prod
    type: hotfix-branch
    production: prod
    allow-heads: ["hotfix/*"]
"""
VALID = [CHECK_POLICY, EXTRA, *(path.read_text("utf-8") for path in sorted(POLICIES.glob("*.yml")))]
UNICODE = ["é", "ß", "İ", "ǅ", "日", "🚀", "\u200b", "\u202e", "\u0301", "\ufeff", "Ω", "𝔤"]
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcome(text: str) -> Policy | PolicyError:
    """What loading ``text`` gives; any exception but PolicyError fails the test."""
    try:
        return load_policy_text(text, SOURCE)
    except PolicyError as error:
        return error


def assert_clean(text: str) -> None:
    result = outcome(text)
    if isinstance(result, Policy):
        return
    assert result.problems, "a PolicyError names at least one problem"
    lines = text.count("\n") + text.count("\r") + 2
    for problem in result.problems:
        assert problem.path == SOURCE
        assert 1 <= problem.line <= lines and problem.col >= 1, problem
        assert problem.message.strip() and "\n" not in str(problem), problem
        assert "Traceback" not in problem.message


def test_the_valid_policies_used_as_seeds_load() -> None:
    assert len(VALID) >= 4
    assert all(isinstance(outcome(text), Policy) for text in VALID)


# --- random YAML ---------------------------------------------------------------------------

YAML_ALPHABET = st.sampled_from([*":-[]{},#&*!|>'\"%@`?~ \n\t\r", *"abcxyz019", *UNICODE])
YAML_LINES = st.lists(
    st.sampled_from(
        [
            "version: 1",
            "gates:",
            "  - id: a",
            "    type: greptile",
            "    type: nope",
            "- [",
            "  block-on: [P0, P1]",
            "name: &x y",
            "other: *x",
            "<<: {a: 1}",
            "? [1, 2]",
            ": 3",
            "!!omap [a: 1]",
            "--- !!set",
            "...",
            "%TAG ! tag:x,2000:",
            "key: !!binary AAAA",
            "\t- x",
            "version: 99999999999999999999999999",
            "max-age: 9999999999999999999999d",
            "'",
        ]
    ),
    max_size=12,
)


@FUZZ
@given(st.text(YAML_ALPHABET, max_size=200))
def test_random_text_is_a_policy_or_a_clean_policy_error(text: str) -> None:
    assert_clean(text)


@FUZZ
@given(YAML_LINES, st.sampled_from(["\n", "\r\n", "\r"]))
def test_random_yaml_lines_are_a_policy_or_a_clean_policy_error(lines: list[str], end: str) -> None:
    assert_clean(end.join(lines) + end)


@pytest.mark.parametrize(
    "text",
    [
        "version: 1\ngates: " + "[" * 600 + "]" * 600,
        "version: 1\nname: " + "{a: " * 2000 + "1" + "}" * 2000,
        "version: " + "9" * 5000 + "\n",
        "--- !!set\n",
        "version: 1\ngates:\n- {id: a, type: check-passed, name: x, max-age: " + "9" * 30 + "d}\n",
        "version: 1\nname: \ud800\n",
        "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nversion: 1\ngates: *c\n",
        "version: 1\n<<: {a: 1}\n",
        "version: 1\ngates:\n  - <<: {id: a, type: greptile, bogus: 1}\n",
    ],
    ids=[
        "deep list",
        "deep mapping",
        "huge integer",
        "set",
        "huge duration",
        "surrogate",
        "aliases",
        "merged key",
        "merged gate key",
    ],
)
def test_pathological_yaml_is_a_clean_policy_error(text: str) -> None:
    result = outcome(text)
    assert isinstance(result, PolicyError)
    assert_clean(text)


def test_an_ordered_mapping_is_a_mapping_like_any_other() -> None:
    assert isinstance(outcome("!!omap [version: 1, gates: []]\n"), Policy)
    assert_clean("!!omap [version: 1, gates: [!!omap [id: a, typo: x]]]\n")


def test_a_key_with_a_line_break_or_terminal_escape_is_shown_escaped() -> None:
    result = outcome('version: 1\n"bad\\nkey\\e[31m": 1\n')
    assert isinstance(result, PolicyError)
    assert [str(p) for p in result.problems] == [
        f"{SOURCE}:2:1: unknown key 'bad\\nkey\\x1b[31m'; valid keys are version, name, "
        "overrides, gates, hotfix, umbrella, report, watch"
    ]


# --- mutations of valid policies -------------------------------------------------------------

VALUES: list[Any] = [None, True, 0, -1, 2**40, 1.5, "", "x", [], {}, [[]], {"a": {"b": 1}}, "P9"]


def _load(text: str) -> Any:
    return YAML(typ="safe", pure=True).load(text)


def _dump(data: Any) -> str:
    out = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.dump(data, out)
    return out.getvalue()


def _containers(node: Any) -> list[Any]:
    """Every mapping and list in ``node``, itself included."""
    found = [node] if isinstance(node, dict | list) else []
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
    for child in children:
        found += _containers(child)
    return found


def _typo(key: str, draw: Callable[..., Any]) -> str:
    where = draw(st.integers(0, len(key)))
    how = draw(st.sampled_from(["drop", "double", "case", "snake", "unicode", "random"]))
    if how == "drop":
        return key[:where] + key[where + 1 :]
    if how == "double":
        return key[:where] + key[where : where + 1] * 2 + key[where + 1 :]
    if how == "case":
        return key.upper()
    if how == "snake":
        return key.replace("-", "_")
    if how == "unicode":
        return key[:where] + draw(st.sampled_from(UNICODE)) + key[where:]
    return draw(st.text(min_size=1, max_size=12))


def _mutate(data: Any, draw: Callable[..., Any]) -> None:
    mappings = [c for c in _containers(data) if isinstance(c, dict) and c]
    node = draw(st.sampled_from(mappings))
    key = draw(st.sampled_from(sorted(node, key=str)))
    how = draw(st.sampled_from(["rename", "retype", "drop", "unicode", "add", "list"]))
    if how == "rename":
        node[_typo(str(key), draw)] = node.pop(key)
    elif how == "retype":
        node[key] = copy.deepcopy(draw(st.sampled_from(VALUES)))
    elif how == "drop":
        del node[key]
    elif how == "unicode":
        node[key] = f"{node[key]}{draw(st.sampled_from(UNICODE))}"
    elif how == "add":
        node[draw(st.text(min_size=1, max_size=10))] = copy.deepcopy(draw(st.sampled_from(VALUES)))
    else:
        node[key] = [node[key], node[key]]


@FUZZ
@given(st.sampled_from(VALID), st.integers(1, 4), st.data())
def test_mutated_policies_are_a_policy_or_a_clean_policy_error(
    text: str, mutations: int, data: st.DataObject
) -> None:
    policy = _load(text)
    for _ in range(mutations):
        if _containers(policy):
            _mutate(policy, data.draw)
    assert_clean(_dump(policy))


@FUZZ
@given(st.sampled_from(VALID), st.data())
def test_policies_mangled_as_text_are_a_policy_or_a_clean_policy_error(
    text: str, data: st.DataObject
) -> None:
    lines = text.splitlines()
    index = data.draw(st.integers(0, len(lines) - 1))
    how = data.draw(st.sampled_from(["delete", "duplicate", "indent", "dedent", "insert"]))
    line = lines[index]
    if how == "delete":
        del lines[index]
    elif how == "duplicate":
        lines.insert(index, line)
    elif how == "indent":
        lines[index] = "  " + line
    elif how == "dedent":
        lines[index] = line.lstrip()
    else:
        at = data.draw(st.integers(0, len(line)))
        lines[index] = line[:at] + data.draw(st.text(YAML_ALPHABET, max_size=3)) + line[at:]
    assert_clean("\n".join(lines) + "\n")
