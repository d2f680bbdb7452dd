"""`releasegate check` as a workflow runs it: a subprocess against the stand-in over HTTP."""

from __future__ import annotations

import json
from pathlib import Path

from e2e.conftest import POLICY, pull, pull_request_event, scenario
from releasegate_standin import StandIn
from support.cli import releasegate


def test_a_feature_only_pr_passes_and_a_mixed_one_is_blocked(
    github: StandIn, tmp_path: Path
) -> None:
    passing = releasegate(
        "check", "--comment", "never", env=pull_request_event(tmp_path, github, 7)
    )
    blocked = releasegate(
        "check", "--comment", "never", env=pull_request_event(tmp_path, github, 8)
    )
    assert (passing.code, blocked.code) == (0, 1)
    assert passing.stdout.splitlines()[-1] == "verdict: pass"
    assert blocked.stdout.splitlines()[-1] == "verdict: fail — blocked by separation"
    assert blocked.stderr == ""


def test_json_report_follows_the_spec(github: StandIn, tmp_path: Path) -> None:
    run = releasegate(
        "check",
        "--format",
        "json",
        "--comment",
        "never",
        env=pull_request_event(tmp_path, github, 8),
    )
    report = json.loads(run.stdout)
    head = github.state.main_repo.pull(8).pull.head_sha  # type: ignore[union-attr]
    assert report == {
        "schema": "releasegate/report/v1",
        "policy": ".github/releasegate.yml",
        "repository": "acme/app",
        "sha": head,
        "pull_request": 8,
        "event": "pull_request",
        "verdict": "fail",
        "gates": [
            {
                "id": "separation",
                "type": "change-separation",
                "mode": "block",
                "status": "fail",
                "summary": "mixes 'infra' and 'feature': split them into separate PRs",
                "details": ["infra (1 file):", "  infra/b.tf", "feature (1 file):", "  src/a.py"],
                "annotations": [],
            }
        ],
        "notices": [],
    }


def test_the_sticky_comment_is_created_once_then_edited_in_place(
    github: StandIn, tmp_path: Path
) -> None:
    env = pull_request_event(tmp_path, github, 8)
    for _ in range(3):
        assert releasegate("check", "--report", "none", env=env).code == 1
    comments = github.state.main_repo.pull(8).comments  # type: ignore[union-attr]
    assert len(comments) == 1
    assert comments[0].body.startswith(
        "<!-- releasegate:report:pr -->\n### ❌ releasegate / pr: blocked"
    )
    writes = [r for r in github.requests if r.method in ("POST", "PATCH") and "comments" in r.path]
    assert [r.method for r in writes] == ["POST"]  # unchanged afterwards: not re-written


def test_a_passing_pr_gets_no_comment_on_failure_mode(github: StandIn, tmp_path: Path) -> None:
    assert (
        releasegate("check", "--report", "none", env=pull_request_event(tmp_path, github, 7)).code
        == 0
    )
    assert github.state.main_repo.pull(7).comments == []  # type: ignore[union-attr]


def test_one_check_run_per_commit_however_often_it_runs(github: StandIn, tmp_path: Path) -> None:
    env = {**pull_request_event(tmp_path, github, 8), "GITHUB_ACTIONS": "true"}
    for _ in range(2):
        assert releasegate("check", "--comment", "never", env=env).code == 1
    head = github.state.main_repo.pull(8).pull.head_sha  # type: ignore[union-attr]
    runs = [r for r in github.state.main_repo.check_runs if r.head_sha == head]
    assert [(r.name, r.conclusion) for r in runs] == [("releasegate / pr", "failure")]


def test_report_status_writes_a_commit_status(github: StandIn, tmp_path: Path) -> None:
    env = pull_request_event(tmp_path, github, 7)
    assert releasegate("check", "--report", "status", "--comment", "never", env=env).code == 0
    head = github.state.main_repo.pull(7).pull.head_sha  # type: ignore[union-attr]
    statuses = [s for s in github.state.main_repo.statuses if s.sha == head]
    assert [(s.context, s.state, s.description) for s in statuses] == [
        ("releasegate / pr", "success", "All gates passed")
    ]


def test_dry_run_writes_nothing_to_github(github: StandIn, tmp_path: Path) -> None:
    env = {**pull_request_event(tmp_path, github, 8), "GITHUB_ACTIONS": "true"}
    assert releasegate("check", "--dry-run", "--comment", "always", env=env).code == 1
    assert {r.method for r in github.requests} <= {"GET", "POST"}
    assert all(r.method == "GET" or r.path == "/graphql" for r in github.requests)


def test_the_policy_is_read_from_the_base_branch_when_the_pr_edits_it(tmp_path: Path) -> None:
    weakened = "version: 1\nname: pr\ngates: []\n"
    edit = pull(9, ["src/a.py", "infra/b.tf", ".github/releasegate.yml"])
    server_scenario = scenario(edit)
    server_scenario["commits"].append(
        {"name": "weakening", "parent": "base", "files": {".github/releasegate.yml": weakened}}
    )
    server_scenario["branches"]["feature/9"] = "weakening"
    with StandIn(server_scenario) as github:
        env = pull_request_event(tmp_path, github, 9)
        run = releasegate("check", "--comment", "never", env=env)
        as_json = releasegate("check", "--comment", "never", "--format", "json", env=env)
    notice = (
        "this PR changes .github/releasegate.yml; it was judged by the policy on 'main', "
        "and the change takes effect once merged"
    )
    assert run.code == 1
    assert run.stdout.splitlines()[1] == f"note: {notice}"
    assert as_json.code == 1
    assert json.loads(as_json.stdout)["notices"] == [notice]


def test_change_separation_reads_every_page_of_files(tmp_path: Path) -> None:
    files = [{"generate": 250, "filename": "src/f{n:03d}.py"}, "infra/late.tf"]
    with StandIn(scenario(pull(5, files))) as github:
        run = releasegate(
            "check",
            "--format",
            "json",
            "--comment",
            "never",
            env=pull_request_event(tmp_path, github, 5),
        )
        pages = sorted(
            r.query.get("page", "1") for r in github.requests if r.path.endswith("/files")
        )
    gate = json.loads(run.stdout)["gates"][0]
    assert (run.code, gate["status"]) == (1, "fail")
    assert gate["details"][:2] == ["infra (1 file):", "  infra/late.tf"]
    assert pages == ["1", "2", "3"]


def test_step_outputs_and_job_summary(github: StandIn, tmp_path: Path) -> None:
    outputs, summary = tmp_path / "outputs", tmp_path / "summary.md"
    env = {
        **pull_request_event(tmp_path, github, 8),
        "GITHUB_OUTPUT": str(outputs),
        "GITHUB_STEP_SUMMARY": str(summary),
        "RUNNER_TEMP": str(tmp_path),
    }
    assert releasegate("check", "--comment", "never", env=env).code == 1
    text = outputs.read_text()
    assert "verdict<<ghadelimiter_" in text and "\nfail\n" in text
    assert '\n["separation"]\n' in text
    report = tmp_path / "releasegate" / "report-pr.json"
    assert f"\n{report}\n" in text
    assert json.loads(report.read_text())["verdict"] == "fail"
    assert summary.read_text().startswith("### ❌ releasegate / pr: blocked\n")


def test_an_unknown_event_is_a_clean_no_op(tmp_path: Path) -> None:
    event = tmp_path / "event.json"
    event.write_text("{}")
    env = {
        "GITHUB_EVENT_NAME": "star",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_REPOSITORY": "acme/app",
        "GITHUB_TOKEN": "ghs_unknown-event-token",
    }
    run = releasegate("check", env=env)
    assert (run.code, run.stdout, run.stderr) == (
        0,
        "releasegate does not judge 'star' events; nothing to do\n",
        "",
    )


def test_a_policy_error_exits_2_with_annotations_and_no_traceback(tmp_path: Path) -> None:
    bad = scenario(
        pull(7, ["src/a.py"]), policy=POLICY.replace("change-separation", "change-seperation")
    )
    with StandIn(bad) as github:
        env = {**pull_request_event(tmp_path, github, 7), "GITHUB_ACTIONS": "true"}
        run = releasegate("check", env=env)
    assert run.code == 2
    # The annotation names the repository path, so GitHub attaches it to the file; the
    # message says which branch the policy was read from. Commands go to standard error.
    problem = (
        "unknown gate type 'change-seperation'; did you mean 'change-separation'? "
        "(in the policy on 'main')"
    )
    assert run.stderr == (
        f".github/releasegate.yml:5:11: {problem}\n"
        f"::error file=.github/releasegate.yml,line=5,col=11,title=releasegate policy::{problem}\n"
    )
    assert run.stdout == ""


def test_a_persistent_outage_exits_3_and_never_passes(github: StandIn, tmp_path: Path) -> None:
    from releasegate_standin import Fault

    github.add_fault(Fault("status", path="*/pulls/*/files", status=502, times="always"))
    env = {**pull_request_event(tmp_path, github, 7), "RELEASEGATE_RETRY_ATTEMPTS": "2"}
    run = releasegate("check", "--comment", "never", env=env)
    assert run.code == 3
    assert "pass" not in run.stdout.splitlines()[-1]
    assert "✗ separation" in run.stdout
    assert "HTTP 502 from GitHub (still failing after 2 attempts)" in run.stdout


def test_a_check_run_that_could_not_decide_says_so_not_blocked(
    github: StandIn, tmp_path: Path
) -> None:
    from releasegate_standin import Fault

    github.add_fault(Fault("status", path="*/pulls/*/files", status=502, times="always"))
    env = {
        **pull_request_event(tmp_path, github, 7),
        "RELEASEGATE_RETRY_ATTEMPTS": "2",
        "GITHUB_ACTIONS": "true",
    }
    assert releasegate("check", "--comment", "never", env=env).code == 3
    (check_run,) = github.state.main_repo.check_runs
    cause = (
        "could not evaluate: GET /repos/acme/app/pulls/7/files failed: HTTP 502 from GitHub "
        "\\(still failing after 2 attempts\\). GitHub may be having an outage or "
        "rate\\-limiting this token; re\\-run the job later. Nothing was judged as passed."
    )
    assert (check_run.conclusion, check_run.title) == (
        "failure",
        "Could not evaluate separation (treated as failed; re-run)",
    )
    assert check_run.summary == (
        "### ⛔ releasegate / pr: could not decide\n\n"
        "| | Gate | Status | Summary |\n|---|---|---|---|\n"
        f"| ⛔ | `separation` | error | {cause} |\n\n"
        "verdict: error — could not evaluate separation \\(treated as failed\\)\n"
    )


def test_the_token_never_appears_in_any_output(tmp_path: Path) -> None:
    secret = "ghp_plantedSecret0123456789"
    with StandIn(scenario(pull(8, ["src/a.py", "infra/b.tf"]))) as github:
        env = {
            **pull_request_event(tmp_path, github, 8),
            "GITHUB_TOKEN": secret,
            "GITHUB_ACTIONS": "true",
        }
        run = releasegate("check", "--comment", "always", "--format", "markdown", env=env)
        written = json.dumps([r.body for r in github.requests if r.body], default=str)
    assert run.code == 1
    assert secret not in run.stdout
    assert secret not in run.stderr and secret not in written


def test_an_unknown_pull_request_is_named(github: StandIn, tmp_path: Path) -> None:
    policy = tmp_path / "policy.yml"
    policy.write_text(POLICY)
    run = releasegate(
        "check", "--pr", "99", "--repo", "acme/app", "--policy", str(policy), env=github.env()
    )
    assert (run.code, run.stderr) == (
        3,
        "error: pull request #99 was not found in acme/app; check --pr and --repo, and that "
        "the token can read the repository\n",
    )


def test_a_pull_request_payload_without_its_head_or_base_is_a_usage_error(
    github: StandIn, tmp_path: Path
) -> None:
    # GitHub always sends both; a hand-written payload may not. Without the head the policy
    # cannot be compared with the base branch's, so nothing is judged (never an internal error).
    for missing, kept in (
        ("head", {"base": {"ref": "main"}}),
        ("base", {"head": {"sha": "a" * 40}}),
    ):
        event = tmp_path / f"event-without-{missing}.json"
        event.write_text(json.dumps({"pull_request": {"number": 7, **kept}}))
        env = {**github.env(), "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(event)}
        run = releasegate("check", "--format", "json", env=env)
        field = "pull_request.head.sha" if missing == "head" else "pull_request.base.ref"
        assert (run.code, run.stdout) == (2, ""), run.stderr
        assert run.stderr == (
            f"error: the event payload has no text at '{field}'; GitHub sends it with every "
            "pull request event, so is GITHUB_EVENT_PATH this run's payload? Pass --pr N to "
            "judge a pull request directly\n"
        )
