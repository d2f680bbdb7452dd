"""Each gate through the real CLI against the stand-in: the cases users hit."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from e2e.conftest import pull, pull_request_event, scenario
from releasegate_standin import StandIn
from support import greptile
from support.cli import releasegate
from support.http_endpoint import Answer, http_endpoint

P1 = (
    '<img alt="P1" src="https://greptile.com/badges/p1.svg?v=3"> '
    "**Escalation can overwrite settlement**"
)
P2 = '<img alt="P2" src="https://greptile.com/badges/p2.svg"> **Prefer a constant**'
GREPTILE = "version: 1\nname: pr\ngates:\n  - id: greptile-p1\n    type: greptile\n"


def gate(policy: str, tmp_path: Path, *pulls: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """Run check on the first PR; the single gate's JSON result and the exit code."""
    with StandIn(scenario(*pulls, policy=policy, **extra)) as github:
        run = releasegate(
            "check",
            "--format",
            "json",
            "--comment",
            "never",
            env=pull_request_event(tmp_path, github, pulls[0]["number"]),
        )
    assert run.stderr == "", run.stderr
    (result,) = json.loads(run.stdout)["gates"]
    return {"code": run.code, **result}


def thread(body: str = P1, **extra: Any) -> dict[str, Any]:
    return {"path": "src/pay.ts", "line": 88, "author": "greptile-apps[bot]", "body": body, **extra}


def test_greptile_a_resolved_p1_passes(tmp_path: Path) -> None:
    result = gate(
        GREPTILE, tmp_path, pull(1, ["src/pay.ts"], review_threads=[thread(resolved=True)])
    )
    assert (result["code"], result["status"]) == (0, "pass")


def test_greptile_an_open_p1_blocks_with_file_line_title_and_an_annotation(tmp_path: Path) -> None:
    result = gate(GREPTILE, tmp_path, pull(1, ["src/pay.ts"], review_threads=[thread()]))
    assert (result["code"], result["summary"]) == (1, "1 unaddressed P1 finding")
    assert result["details"][0].startswith(
        "src/pay.ts:88 P1 Escalation can overwrite settlement — http"
    )
    assert result["annotations"][0]["path"] == "src/pay.ts"
    assert result["annotations"][0]["line"] == 88


def test_greptile_accept_risk_from_a_read_only_user_still_blocks(tmp_path: Path) -> None:
    reply = [{"author": "lee", "body": "We accept the risk."}]
    result = gate(
        GREPTILE,
        tmp_path,
        pull(1, ["src/pay.ts"], review_threads=[thread(comments=reply)]),
        collaborators={"maya": "maintain", "lee": "read"},
    )
    assert (result["code"], result["status"]) == (1, "fail")
    assert "lee has read permission; needs write" in " ".join(result["details"])


def test_greptile_accept_risk_from_a_maintainer_passes_and_names_who(tmp_path: Path) -> None:
    reply = [{"author": "maya", "body": "Accepting the risk: settlement is idempotent."}]
    result = gate(
        GREPTILE, tmp_path, pull(1, ["src/pay.ts"], review_threads=[thread(comments=reply)])
    )
    assert (result["code"], result["status"]) == (0, "pass")
    assert "accepted by maya (maintain)" in " ".join(result["details"])


def test_greptile_p2_only_passes(tmp_path: Path) -> None:
    result = gate(GREPTILE, tmp_path, pull(1, ["src/pay.ts"], review_threads=[thread(P2)]))
    assert (result["code"], result["status"]) == (0, "pass")


def test_greptile_an_outdated_p1_blocks_by_default(tmp_path: Path) -> None:
    result = gate(
        GREPTILE, tmp_path, pull(1, ["src/pay.ts"], review_threads=[thread(outdated=True)])
    )
    assert (result["code"], result["summary"]) == (1, "1 unaddressed P1 finding")


def test_greptile_reads_threads_past_the_first_page(tmp_path: Path) -> None:
    chatter = {"generate": 120, "path": "src/x{n}.ts", "line": 1, "author": "sam", "body": "q {n}"}
    threads = [chatter, thread()]
    result = gate(GREPTILE, tmp_path, pull(1, ["src/pay.ts"], review_threads=threads))
    assert (result["code"], result["summary"]) == (1, "1 unaddressed P1 finding")


# --- Greptile's summary: outside the diff, in the description, and who wrote it -------------


def test_greptile_a_p1_outside_the_diff_blocks_with_file_line_title_and_the_summary_link(
    tmp_path: Path,
) -> None:
    entry = greptile.outside_diff_entry(1, "app/settle.ts", "40-47", "Settles twice on retry")
    body = greptile.summary(None, 3, greptile.outside_diff_section(entry))
    summary = {"author": "greptile-apps[bot]", "body": body}
    result = gate(GREPTILE, tmp_path, pull(1, ["src/pay.ts"], comments=[summary]))
    assert (result["code"], result["summary"]) == (1, "1 unaddressed P1 finding")
    (detail,) = result["details"]
    assert detail.startswith(
        "app/settle.ts:40-47 P1 Settles twice on retry (outside the diff) — http"
    )
    assert "/pull/1#issuecomment-" in detail
    assert (result["annotations"][0]["path"], result["annotations"][0]["line"]) == (
        "app/settle.ts",
        40,
    )


def test_greptile_reads_the_summary_greptile_wrote_into_the_pr_description(
    tmp_path: Path,
) -> None:
    body = greptile.description("Adds retries.", greptile.description_summary(None, 5))
    policy = GREPTILE + "    min-confidence: 4\n"
    described = pull(1, ["src/pay.ts"], body=body, body_edited_by="greptile-apps[bot]")
    result = gate(policy, tmp_path, described)
    assert (result["code"], result["summary"]) == (
        0,
        "no unaddressed P0 or P1 findings; Greptile's confidence score is 5/5",
    )


def test_greptile_a_user_named_like_the_bot_is_not_greptile(tmp_path: Path) -> None:
    policy = GREPTILE + "    min-confidence: 4\n"
    impostor = {"author": "greptile-apps", "body": greptile.summary(None, 5)}  # a User
    threads = [thread(author="greptile-apps")]
    result = gate(
        policy, tmp_path, pull(1, ["src/pay.ts"], review_threads=threads, comments=[impostor])
    )
    assert (result["code"], result["summary"]) == (
        1,
        "no Greptile summary on this PR, so the confidence score cannot be checked",
    )


def test_greptile_titles_keep_a_literal_star_inside_code(tmp_path: Path) -> None:
    body = greptile.inline_finding("P1", "`/help*` prefix matches every command")
    result = gate(GREPTILE, tmp_path, pull(1, ["src/pay.ts"], review_threads=[thread(body)]))
    assert result["details"][0].startswith(
        "src/pay.ts:88 P1 `/help*` prefix matches every command — http"
    )


CHECK = """\
version: 1
name: pr
gates:
  - id: staging-real-call
    type: check-passed
    name: "staging / real-call"
    max-age: 12h
"""


def checks(*runs: dict[str, Any], statuses: tuple[dict[str, Any], ...] = ()) -> dict[str, Any]:
    return {
        "check_runs": list(runs),
        "statuses": list(statuses),
        "commits": [
            {"name": "base", "files": {".github/releasegate.yml": CHECK}},
            {"name": "head", "parent": "base", "files": {"src/a.py": "x"}},
        ],
        "branches": {"main": "base", "feature/1": "head"},
    }


def test_check_passed_a_failed_re_run_after_an_earlier_success_blocks(tmp_path: Path) -> None:
    extra = checks(
        {"commit": "head", "name": "staging / real-call", "completed_at": "-3h"},
        {
            "commit": "head",
            "name": "staging / real-call",
            "conclusion": "failure",
            "completed_at": "-1h",
        },
    )
    result = gate(CHECK, tmp_path, pull(1, ["src/a.py"]), **extra)
    assert result["code"] == 1
    assert result["summary"].startswith("latest 'staging / real-call' on ")
    assert ": failure, 1h ago" in result["summary"]


def test_check_passed_a_success_older_than_max_age_blocks(tmp_path: Path) -> None:
    extra = checks({"commit": "head", "name": "staging / real-call", "completed_at": "-13h"})
    result = gate(CHECK, tmp_path, pull(1, ["src/a.py"]), **extra)
    assert result["code"] == 1
    assert "13h ago" in result["summary"]


def test_check_passed_a_status_context_counts_like_a_check_run(tmp_path: Path) -> None:
    status = {
        "commit": "head",
        "context": "staging / real-call",
        "state": "success",
        "created_at": "-1h",
    }
    result = gate(CHECK, tmp_path, pull(1, ["src/a.py"]), **checks(statuses=(status,)))
    assert (result["code"], result["status"]) == (0, "pass")


def test_check_passed_nothing_named_so_blocks_and_says_so(tmp_path: Path) -> None:
    result = gate(CHECK, tmp_path, pull(1, ["src/a.py"]), **checks())
    assert result["code"] == 1
    assert result["summary"].startswith("no check run or status named 'staging / real-call' on ")


def test_check_passed_a_name_with_brackets_that_finds_nothing_says_it_is_a_glob(
    tmp_path: Path,
) -> None:
    # '[prod]' is one character of p, r, o, d: the job named literally 'deploy [prod]' is missed.
    policy = CHECK.replace('"staging / real-call"', '"deploy [prod]"')
    extra = checks({"commit": "head", "name": "deploy [prod]", "completed_at": "-1h"})
    extra["commits"][0]["files"][".github/releasegate.yml"] = policy
    result = gate(policy, tmp_path, pull(1, ["src/a.py"]), **extra)
    assert result["code"] == 1
    assert result["summary"].startswith("no check run or status named 'deploy [prod]' on ")
    assert result["summary"].endswith(
        "('deploy [prod]' is a glob, where [...] matches one character of a set; for a name "
        "with a literal '[', write '[[]': 'deploy [[]prod]')"
    )
    # ... and the spelling it suggests finds the job.
    fixed = CHECK.replace('"staging / real-call"', '"deploy [[]prod]"')
    extra["commits"][0]["files"][".github/releasegate.yml"] = fixed
    assert gate(fixed, tmp_path, pull(1, ["src/a.py"]), **extra)["code"] == 0


def compat(url: str) -> str:
    return f"""\
version: 1
name: pr
gates:
  - id: compat
    type: version-compat
    version: {{url: "{url}/version", field: version}}
    range: {{value: "^1.9"}}
"""


@pytest.mark.parametrize(
    ("answer", "code", "status", "summary"),
    [
        (
            Answer(body='{"version": "1.10.0"}'),
            0,
            "pass",
            "1.10.0 fits ^1.9 (version from {url}/version field version; range from the policy)",
        ),
        (Answer(status=503, body="down"), 3, "error", None),
        (
            Answer(body="<!doctype html><title>502 Bad Gateway</title>", content_type="text/html"),
            3,
            "error",
            None,
        ),
        (Answer(body='{"version": "2.0.0"}'), 1, "fail", None),
    ],
    ids=["fits", "endpoint-down", "html", "too-new"],
)
def test_version_compat_against_a_live_endpoint(
    tmp_path: Path, answer: Answer, code: int, status: str, summary: str | None
) -> None:
    with http_endpoint(answer) as url:
        result = gate(compat(url), tmp_path, pull(1, ["src/a.py"]))
    assert (result["code"], result["status"]) == (code, status)
    if summary:
        assert result["summary"] == summary.format(url=url)
    if status == "error":
        assert result["summary"].startswith("could not evaluate: ")


OVERRIDE = """\
version: 1
name: pr
overrides: {permission: maintain}
gates:
  - id: separation
    type: change-separation
    groups: {infra: ["infra/**"], feature: ["src/**"]}
"""
LABEL = "releasegate:override:separation"


@pytest.mark.parametrize(
    ("actor", "code", "status"), [("sam", 1, "fail"), ("maya", 0, "overridden")]
)
def test_an_override_label_counts_only_from_someone_with_permission(
    tmp_path: Path, actor: str, code: int, status: str
) -> None:
    mixed = pull(
        1,
        ["src/a.py", "infra/b.tf"],
        labels=[LABEL],
        label_events=[{"label": LABEL, "actor": actor, "event": "labeled"}],
    )
    result = gate(OVERRIDE, tmp_path, mixed)
    assert (result["code"], result["status"]) == (code, status)
    if status == "fail":
        assert result["details"][-1] == (
            f"the label '{LABEL}' was added by sam, who has write permission; "
            "an override needs maintain or higher"
        )
