"""Every class of policy error, with its exact message and position."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from releasegate.errors import PolicyError
from releasegate.gates import GATES
from releasegate.permissions import Permission
from releasegate.policy.load import load_policy_file, load_policy_text


def problems(text: str) -> list[str]:
    with pytest.raises(PolicyError) as caught:
        load_policy_text(textwrap.dedent(text), "policy.yml")
    return [str(problem) for problem in caught.value.problems]


VALID = """\
    version: 1
    name: pr
    overrides: {permission: admin}
    gates:
      - id: separation
        type: change-separation
        groups:
          infra: [".github/workflows/**", "infra/**", "**/*.tf"]
          feature: ["src/**", "!src/**/*.md"]
        allow-label: mixed-change-approved
        when: {events: [pull_request], branches: [main, "release/*"]}
"""


def test_a_valid_policy_loads_with_kebab_case_keys() -> None:
    policy = load_policy_text(textwrap.dedent(VALID), "policy.yml")
    gate = policy.gates[0]
    assert policy.name == "pr"
    assert policy.overrides is not None
    assert policy.overrides.permission is Permission.ADMIN
    assert gate.allow_label == "mixed-change-approved"  # type: ignore[union-attr]
    assert gate.when is not None and gate.when.branches == ("main", "release/*")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "version: 1\ngates:\n  - id: a\n    type: change-seperation\n",
            "policy.yml:4:11: unknown gate type 'change-seperation'; "
            "did you mean 'change-separation'?",
            id="misspelt gate type",
        ),
        pytest.param(
            "version: 1\ngates:\n  - id: a\n    type: nothing-like-it\n",
            "policy.yml:4:11: unknown gate type 'nothing-like-it'; use one of "
            + ", ".join(sorted(GATES)),
            id="unknown gate type without a close match",
        ),
        pytest.param(
            "version: 1\ngates:\n  - id: a\n"
            "    type: change-separation\n    groups: {a: [x], b: [y]}\n    alow-label: z\n",
            "policy.yml:6:5: unknown key 'alow-label' in gate 'a'; did you mean 'allow-label'?",
            id="misspelt gate key",
        ),
        pytest.param(
            "version: 1\nhotfx: {}\n",
            "policy.yml:2:1: unknown key 'hotfx'; did you mean 'hotfix'?",
            id="misspelt top-level key",
        ),
        pytest.param(
            "version: 1\ngates:\n  - id: a\n    type: change-separation\n"
            "    groups: {a: [x], b: [y]}\n    when: {branchs: [main]}\n",
            "policy.yml:6:12: unknown key 'branchs' in gate 'a' 'when'; did you mean 'branches'?",
            id="misspelt when key",
        ),
        pytest.param(
            "version: 1\ngates:\n  - type: change-separation\n    groups: {a: [x], b: [y]}\n",
            "policy.yml:3:5: missing required key 'id' in gates[0]",
            id="missing id",
        ),
        pytest.param(
            "version: 1\ngates:\n  - id: a\n    groups: {a: [x], b: [y]}\n",
            "policy.yml:3:5: a gate needs a 'type'; one of " + ", ".join(sorted(GATES)),
            id="missing type",
        ),
        pytest.param(
            "version: 1\ngates:\n  - id: Bad_Id\n    type: change-separation\n"
            "    groups: {a: [x], b: [y]}\n",
            "policy.yml:3:9: gate 'Bad_Id' 'id' 'Bad_Id' should match pattern "
            "'^[a-z0-9][a-z0-9-]*$'",
            id="bad id",
        ),
        pytest.param(
            "version: 1\ngates:\n  - id: a\n    type: change-separation\n"
            "    groups: {a: [x], b: [y]}\n    mode: blok\n",
            "policy.yml:6:11: gate 'a' 'mode' should be 'block' or 'warn', got 'blok'; "
            "did you mean 'block'?",
            id="bad mode",
        ),
        pytest.param(
            "version: 1\ngates:\n  - id: a\n    type: change-separation\n"
            "    groups: {a: [x], b: 3}\n",
            "policy.yml:5:25: gate 'a' 'groups.b' should be a list, got 3",
            id="wrong type",
        ),
        pytest.param(
            "version: 1\ngates:\n  - id: a\n    type: change-separation\n"
            "    groups: {a: [x], b: ['']}\n",
            "policy.yml:5:26: gate 'a' 'groups.b[0]' '' is not a glob; give a gitignore-style "
            "pattern like 'src/**'",
            id="bad glob",
        ),
        pytest.param(
            "version: 2\n",
            "policy.yml:1:10: 'version' should be 1, got 2",
            id="wrong version",
        ),
        pytest.param(
            "version: 1\noverrides: {permission: owner}\n",
            "policy.yml:2:25: 'overrides.permission' 'owner' is not a permission; use one of "
            "read, triage, write, maintain, admin",
            id="bad permission",
        ),
        pytest.param(
            "version: 1\numbrella: {section-pattern: '(unclosed'}\n",
            "policy.yml:2:29: 'umbrella.section-pattern' '(unclosed' is not a valid regular "
            "expression: missing ), unterminated subpattern at position 0",
            id="bad regex",
        ),
    ],
)
def test_policy_errors_name_position_and_fix(text: str, expected: str) -> None:
    assert problems(text) == [expected]


GLOB_POLICY = """\
version: 1
gates:
  - id: sep
    type: change-separation
    groups:
      infra: ["infra/**"]
      feature: ["src/**", '{glob}']
"""
AT = "policy.yml:7:27: gate 'sep' 'groups.feature[1]' "


@pytest.mark.parametrize(
    ("glob", "message"),
    [
        (
            "./src/**",
            "'./src/**' can never match: paths are relative to the repository root and have no"
            " '.' or '..' folders; write 'src/**'",
        ),
        (
            "../shared/**",
            "'../shared/**' can never match: paths are relative to the repository root and have"
            " no '.' or '..' folders; write 'shared/**'",
        ),
        ("/", "'/' names the repository root, not a path in it; write '**' to match every file"),
        (
            "#infra/**",
            "'#infra/**' is a comment in a .gitignore, not a pattern; write '\\#infra/**' to"
            " match a name that starts with '#'",
        ),
        (
            "src/[",
            "'src/[' has a '[' that is never closed, so it matches nothing; close it with ']',"
            " or write '\\[' to match a '['",
        ),
        (
            "src/[z-a]",
            "'src/[z-a]' has the range 'z-a', which runs backwards, so git matches only 'z'"
            " there; write 'a-z'",
        ),
        (
            "[[:digits:]]",
            "'[[:digits:]]' uses '[:digits:]', which is not a character class, so it matches"
            " nothing; did you mean '[:digit:]'?",
        ),
        (
            "src/**/*.{ts,tsx}",
            "'src/**/*.{ts,tsx}' uses brace expansion, which gitignore globs do not have (the"
            " braces would match themselves); list one pattern per alternative:"
            " 'src/**/*.ts', 'src/**/*.tsx'",
        ),
        (
            "!*/",
            "'!*/' names only folders: in a .gitignore it only lets git look inside them, but"
            " in a list of files it would drop every file below them; remove it, or write"
            " '!**/*/**' if that is what you mean",
        ),
        (
            "!data/**/",
            "'!data/**/' names only folders: in a .gitignore it only lets git look inside them,"
            " but in a list of files it would drop every file below them; remove it, or write"
            " '!data/**/**' if that is what you mean",
        ),
        (
            "src//app",
            "'src//app' can never match: no path has an empty folder name; write 'src/app'",
        ),
        (
            "a[/]b",
            "'a[/]b' has the bracket '[/]', which can only match '/', and a bracket never"
            " does; write the '/' outside the bracket",
        ),
    ],
)
def test_a_glob_that_cannot_mean_what_it_says_is_an_error_with_a_fix(
    glob: str, message: str
) -> None:
    """SPEC §2: a group that silently matches nothing is a gate that silently passes."""
    assert problems(GLOB_POLICY.format(glob=glob)) == [AT + message]


@pytest.mark.parametrize(
    "glob",
    ["src/**", "**/*.tf", "[[:digit:]]*", "src/**/", "!src/generated/**", "\\#notes", "{a}"],
)
def test_globs_that_git_can_match_load(glob: str) -> None:
    load_policy_text(GLOB_POLICY.format(glob=glob), "policy.yml")


@pytest.mark.parametrize("command", ["validate", "check"])
def test_a_bad_bracket_is_a_policy_error_not_an_internal_one(command: str, tmp_path: Path) -> None:
    """It was exit 3, "internal error": the glob reached Python's regex compiler."""
    from support.cli import releasegate

    policy = tmp_path / "policy.yml"
    policy.write_text(GLOB_POLICY.format(glob="src/[z-a]"))
    args = (
        ["validate", str(policy)] if command == "validate" else ["check", "--policy", str(policy)]
    )
    env = {
        "GITHUB_EVENT_NAME": "push",
        "GITHUB_REPOSITORY": "o/r",
        "GITHUB_SHA": "0" * 40,
        "GITHUB_REF": "refs/heads/main",
        "GITHUB_TOKEN": "ghs_policyLoadTestToken",
        "GITHUB_API_URL": "http://127.0.0.1:9",
    }
    result = releasegate(*args, env=env)
    assert result.code == 2, result.output
    assert (
        f"{policy}:7:27: gate 'sep' 'groups.feature[1]' 'src/[z-a]' has the range" in result.output
    )


def test_duplicate_ids_point_at_the_second_one() -> None:
    text = """\
        version: 1
        gates:
          - id: same
            type: change-separation
            groups: {a: [x], b: [y]}
          - id: same
            type: change-separation
            groups: {a: [x], b: [y]}
    """
    assert problems(text) == [
        "policy.yml:6:9: duplicate gate id 'same' (first at line 3); ids are unique"
    ]


def test_bad_yaml_is_reported_at_its_line() -> None:
    assert problems("version: 1\ngates: [\n") == [
        "policy.yml:3:1: invalid YAML: expected the node content, but found '<stream end>'"
    ]


def test_duplicate_yaml_keys_are_an_error() -> None:
    assert problems("version: 1\nname: a\nname: b\n") == [
        'policy.yml:3:1: duplicate key: found duplicate key "name" with value "b" '
        '(original value: "a") (first at line 1)'
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "policy.yml:1:1: the policy is empty; start with 'version: 1'"),
        ("- a\n- b\n", "policy.yml:1:1: the policy must be a mapping of keys"),
        (
            "version: 1\n---\nversion: 1\n",
            "policy.yml:1:1: a policy file is one YAML document, not several",
        ),
    ],
)
def test_the_shape_of_the_file(text: str, expected: str) -> None:
    assert problems(text) == [expected]


def test_a_duration_error_names_the_format() -> None:
    from releasegate.policy.types import parse_duration

    with pytest.raises(ValueError, match="'12 hours' is not a duration; write a number and a unit"):
        parse_duration("12 hours")
    assert parse_duration("90s").total_seconds() == 90
    assert parse_duration("7d").total_seconds() == 7 * 86400


def test_several_problems_come_sorted_by_position() -> None:
    text = "version: 1\nhotfx: {}\ngates:\n  - id: a\n    type: change-seperation\n"
    assert problems(text) == [
        "policy.yml:2:1: unknown key 'hotfx'; did you mean 'hotfix'?",
        "policy.yml:5:11: unknown gate type 'change-seperation'; did you mean 'change-separation'?",
    ]


def test_a_missing_file_says_how_to_fix_it(tmp_path: Path) -> None:
    with pytest.raises(PolicyError) as caught:
        load_policy_file(tmp_path / "releasegate.yml")
    assert str(caught.value).startswith(f"{tmp_path}/releasegate.yml:1:1: no policy file here;")
