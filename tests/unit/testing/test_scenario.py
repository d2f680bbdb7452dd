"""Scenario files: the shorthands, the defaults, and the errors for what is wrong."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest

from releasegate_standin import ScenarioError, bundled_scenario, load_scenario
from releasegate_standin.state.build import build_state
from releasegate_standin.state.generate import expand_generated, resolve_time
from releasegate_standin.state.scenario import scenario_from_yaml

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def test_generate_numbers_every_string_inside_an_entry() -> None:
    entries = expand_generated(
        [
            {"filename": "README.md"},
            {"generate": 3, "start": 8, "filename": "src/m_{n:02d}.py", "meta": {"line": "{n}"}},
        ]
    )
    assert entries == [
        {"filename": "README.md"},
        {"filename": "src/m_08.py", "meta": {"line": "8"}},
        {"filename": "src/m_09.py", "meta": {"line": "9"}},
        {"filename": "src/m_10.py", "meta": {"line": "10"}},
    ]


def test_generate_with_a_pattern_makes_strings_and_a_lone_entry_is_a_list() -> None:
    assert expand_generated({"generate": 2, "pattern": "docs/{n}.md"}) == ["docs/1.md", "docs/2.md"]
    with pytest.raises(ValueError, match="cannot go with: status"):
        expand_generated([{"generate": 2, "pattern": "x{n}", "status": "added"}])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-90s", NOW - timedelta(seconds=90)),
        ("-30m", NOW - timedelta(minutes=30)),
        ("12h ago", NOW - timedelta(hours=12)),
        ("-7d", NOW - timedelta(days=7)),
        ("+1d", NOW + timedelta(days=1)),  # a time a client claims: a check run's completion
        ("in 2h", NOW + timedelta(hours=2)),
        ("now", NOW),
        ("2025-01-31T08:00:00Z", datetime(2025, 1, 31, 8, tzinfo=UTC)),
        ("2025-01-31T08:00:00", datetime(2025, 1, 31, 8, tzinfo=UTC)),
    ],
)
def test_times_may_be_relative_to_loading(text: str, expected: datetime) -> None:
    assert resolve_time(text, NOW) == expected


def test_defaults_fill_in_commits_branches_numbers_and_events() -> None:
    state = build_state(
        scenario_from_yaml("""
        repository: acme/app
        commits: [{name: root, files: {a.txt: "a"}}]
        pull_requests: [{labels: [bug]}, {number: 1, head: topic}]
        issues: [{title: auto}]
        """),
        now=NOW,
    )
    repo = state.main_repo
    root = hashlib.sha1(b"root").hexdigest()
    assert repo.branches["main"] == root
    assert repo.commits[repo.branches["topic"]].files == {"a.txt": b"a"}
    assert sorted(repo.issues) == [1, 2, 3]
    second = repo.issues[2].pull
    assert second is not None
    assert second.head_ref == "pr-2"
    assert repo.issues[3].pull is None
    assert repo.issues[3].title == "auto"
    events = [(e.event, e.label, e.actor, e.created_at) for e in repo.issues[2].events]
    assert events == [("labeled", "bug", "octocat", NOW)]


def test_a_merged_pull_request_gets_a_merge_commit() -> None:
    state = build_state(scenario_from_yaml("repository: a/b\npull_requests: [{state: merged}]"))
    pull = state.main_repo.issues[1].pull
    assert pull is not None
    assert pull.merge_commit_sha is not None
    merge = state.main_repo.commits[pull.merge_commit_sha]
    assert merge.parents == [pull.base_sha, pull.head_sha]
    assert state.main_repo.issues[1].state == "closed"


def test_the_bundled_example_loads_and_builds() -> None:
    scenario = load_scenario(bundled_scenario("example"))
    state = build_state(scenario)
    assert sorted(state.repos) == ["acme/api", "acme/app"]
    pull = state.main_repo.issues[42].pull
    assert pull is not None
    assert (len(pull.files), len(pull.threads), len(pull.commit_shas)) == (23, 5, 3)
    assert [n for _, n in state.main_repo.issues[10].sub_issues] == [11, 12]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("repository: nope", "repository: String should match pattern"),
        ("repository: a/b\nbogus: 1", "bogus: Extra inputs are not permitted"),
        ("repository: a/b\nissues: [{number: 1}]\npull_requests: [{number: 1}]", "share numbers"),
        ("repository: a/b\ncheck_runs: [{commit: nowhere, name: x}]", "'nowhere' is not a commit"),
        ("repository: a/b\nissues: [{sub_issues: [9]}]", "sub-issue a/b#9 is not in the scenario"),
        ("repository: a/b\nissues: [{created_at: yesterday}]", "'yesterday' is not a time"),
        (
            "repository: a/b\npull_requests: [{files: [{filename: x, status: renamed}]}]",
            "previous_filename",
        ),
        ("repository: [", "not valid YAML"),
        ("- a list", "a scenario is a mapping"),
    ],
)
def test_a_bad_scenario_says_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        build_state(scenario_from_yaml(text))
