from __future__ import annotations

import pytest

from releasegate.engine import evaluate_policy
from releasegate.facts import ChangedFile, ChangedFiles, Unavailable
from releasegate.results import Status
from support.builders import StaticGather, context, policy, pull_request

POLICY = """\
    version: 1
    gates:
      - id: separation
        type: change-separation
        groups:
          infra: [".github/workflows/**", "infra/**", "**/*.tf", "supabase/config.toml"]
          feature: ["src/**", "app/**"]
        allow-label: mixed-change-approved
"""


def run(files: list[ChangedFile], labels: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    ctx = context(pr=pull_request(labels=labels, changed_files=len(files)))
    (result,) = evaluate_policy(policy(POLICY), ctx, StaticGather({ChangedFiles(): tuple(files)}))
    return result


def modified(*paths: str) -> list[ChangedFile]:
    return [ChangedFile(path, "modified") for path in paths]


def test_feature_only_passes_and_says_which_group() -> None:
    result = run(modified("src/pay.ts", "app/page.tsx", "README.md"))
    assert (result.status, result.summary) == (
        Status.PASS,
        "changes stay in one group (all in 'feature')",
    )


def test_files_in_no_group_are_ignored() -> None:
    result = run(modified("README.md", "docs/x.md"))
    assert (result.status, result.summary) == (Status.PASS, "changes stay in one group")


def test_mixing_infra_and_feature_fails_and_lists_files_per_group() -> None:
    result = run(modified("src/pay.ts", "infra/main.tf", "supabase/config.toml"))
    assert result.status is Status.FAIL
    assert result.summary == "mixes 'infra' and 'feature': split them into separate PRs"
    assert result.details == (
        "infra (2 files):",
        "  infra/main.tf",
        "  supabase/config.toml",
        "feature (1 file):",
        "  src/pay.ts",
    )


def test_a_rename_counts_with_both_paths() -> None:
    moved = [ChangedFile("src/deploy.yml", "renamed", previous_path=".github/workflows/deploy.yml")]
    result = run(moved)
    assert result.status is Status.FAIL
    assert result.details == (
        "infra (1 file):",
        "  .github/workflows/deploy.yml",
        "feature (1 file):",
        "  src/deploy.yml",
    )


def test_the_allow_label_lets_a_pr_mix() -> None:
    result = run(modified("src/a.ts", "infra/b.tf"), labels=("mixed-change-approved",))
    assert (result.status, result.summary) == (
        Status.PASS,
        "mixes 'infra' and 'feature', allowed by the label 'mixed-change-approved'",
    )


def test_at_most_twenty_files_are_listed_per_group_then_a_count() -> None:
    result = run(modified(*(f"src/f{n}.ts" for n in range(250)), "infra/x.tf"))
    feature = result.details[result.details.index("feature (250 files):") + 1 :]
    assert len(feature) == 21
    assert feature[-1] == "  … and 230 more"


def test_unlisted_files_make_the_gate_an_error_not_a_pass() -> None:
    ctx = context(pr=pull_request(changed_files=3001))
    gather = StaticGather({ChangedFiles(): Unavailable("pull request #42 changes 3001 files")})
    (result,) = evaluate_policy(policy(POLICY), ctx, gather)
    assert (result.status, result.summary) == (
        Status.ERROR,
        "could not evaluate: pull request #42 changes 3001 files",
    )


@pytest.mark.parametrize("event", ["push", "workflow_dispatch"])
def test_without_a_pull_request_the_gate_cannot_decide(event: str) -> None:
    (result,) = evaluate_policy(policy(POLICY), context(event), StaticGather({}))
    assert result.status is Status.ERROR
