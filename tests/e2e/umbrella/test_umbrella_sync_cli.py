"""`releasegate umbrella sync` as a subprocess against the GitHub stand-in."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from releasegate.github import endpoints
from releasegate.umbrella.progress import MARKER
from releasegate.umbrella.write import STATE_MARKERS
from releasegate_standin import Fault, StandIn
from releasegate_standin.rest import routes as standin_routes
from releasegate_standin.rest.api import Call, Response

pytestmark = pytest.mark.e2e

TOKEN = "ghs_umbrellaTOKENe2e0123456789abcdef"
# As a browser saves it: CRLF line endings.
UMBRELLA = """\
## Release readiness: v1

Everything between us and the first release. Boxes tick themselves as issues close.

**Tier 1 — must-have**
- [ ] Staging real-call gate #12
- [ ] Greptile gate (#13, #14)
- [x] File as Issue: rate-limit dashboards
- [ ] Hotfix backports https://github.com/acme/app/issues/15

### Tier 2 — high-value
- [ ] Version compat acme/web#3
  - [ ] nested: frontend range #16
- [ ] File as Issue: flaky e2e on Safari
* [ ] Umbrella bot #17

**Tier 3 — later**
- [ ] Dashboards #18

## Anti-patterns (never do these)
- Merging with an open P1 finding (#12 is the gate for it)
- Deploying a commit that never passed staging

```markdown
- [ ] an example in a code block #12
```

> - [ ] a quoted item #12

<!-- - [ ] a commented-out item #12 -->
""".replace("\n", "\r\n")
TICKED = (
    UMBRELLA.replace("- [ ] Staging", "- [x] Staging")
    .replace("- [ ] Greptile", "- [x] Greptile")
    .replace("- [ ] Version compat", "- [x] Version compat")
    .replace("* [ ] Umbrella bot", "* [x] Umbrella bot")
)
POLICY = "version: 1\numbrella:\n  label: tracking\n  close-when: [Tier 1]\n"


def scenario() -> dict[str, Any]:
    closed = {"state": "closed", "state_reason": "completed"}
    return {
        "repository": "acme/app",
        "issues": [
            {"number": 1, "title": "v1 umbrella", "body": UMBRELLA, "labels": ["tracking"],
             "sub_issues": [12, 19]},
            {"number": 12, "title": "staging gate", **closed},
            {"number": 14, "title": "greptile thresholds", **closed},
            {"number": 15, "title": "hotfix backports"},
            {"number": 16, "title": "frontend range", "state": "closed",
             "state_reason": "not_planned"},
            {"number": 17, "title": "umbrella bot", **closed},
            {"number": 18, "title": "dashboards"},
            {"number": 19, "title": "docs"},
            {"number": 30, "title": "unrelated", "labels": ["bug"]},
        ],
        "pull_requests": [{"number": 13, "title": "greptile gate", "state": "merged"}],
        "other_repositories": [
            {"repository": "acme/web",
             "pull_requests": [{"number": 3, "title": "compat", "state": "merged"}]},
        ],
    }  # fmt: skip


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def standin() -> Iterator[StandIn]:
    with StandIn(scenario()) as server:
        yield server


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "releasegate.yml").write_text(POLICY, encoding="utf-8")
    return tmp_path


def sync(
    standin: StandIn, cwd: Path, *args: str, event: str = "schedule", payload: Any = None
) -> Run:
    env = {**os.environ, **standin.env(TOKEN), "GITHUB_EVENT_NAME": event}
    env |= {"RELEASEGATE_RETRY_ATTEMPTS": "2", "RELEASEGATE_RETRY_SECONDS": "2"}
    for name in ("GITHUB_ACTIONS", "GITHUB_EVENT_PATH", "GITHUB_SERVER_URL"):
        env.pop(name, None)
    if payload is not None:
        path = cwd / f"event-{len(standin.requests)}.json"
        path.write_text(json.dumps(payload), encoding="utf-8")
        env["GITHUB_EVENT_PATH"] = str(path)
    command = [sys.executable, "-m", "releasegate", "umbrella", "sync", *args]
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert TOKEN not in done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    return Run(done.returncode, done.stdout, done.stderr)


def umbrella(standin: StandIn, number: int = 1) -> Any:
    return standin.state.main_repo.issue(number)


def progress_comments(standin: StandIn) -> list[str]:
    return [c.body for c in umbrella(standin).comments if c.body.startswith(MARKER)]


def writes(standin: StandIn) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in standin.requests if r.method in ("PATCH", "POST")
            and r.path != "/graphql"]  # fmt: skip


def test_three_runs_tick_once_and_leave_one_comment(standin: StandIn, workdir: Path) -> None:
    first = sync(standin, workdir)
    assert (first.code, first.out) == (0, "acme/app#1: checked 4 boxes; progress comment created\n")
    assert umbrella(standin).body == TICKED  # CRLF, the code block, quotes and comments intact
    for _ in range(2):
        standin.reset_log()
        again = sync(standin, workdir)
        assert (
            again.out == "acme/app#1: checkboxes already up to date; progress comment unchanged\n"
        )
        assert writes(standin) == []
    (comment,) = progress_comments(standin)
    assert "5 of 9 items done." in comment
    assert "| Tier 1 — must-have | 3/4 |" in comment
    assert "| Tier 3 — later | 0/1 |" in comment
    assert "- Hotfix backports https://github.com/acme/app/issues/15 (open: [#15]" in comment
    assert "#### Closed as not planned\n\n- nested: frontend range #16: [#16]" in comment
    assert "#### Sub-issues not in the checklist\n\n- [#19]" in comment
    assert umbrella(standin).state == "open"


def test_a_closed_issue_ticks_its_item_and_closes_the_umbrella(
    standin: StandIn, workdir: Path
) -> None:
    sync(standin, workdir)
    issue_15 = umbrella(standin, 15)
    issue_15.state, issue_15.state_reason = "closed", "completed"
    standin.reset_log()
    payload = {"action": "closed", "issue": {"number": 15, "labels": []},
               "repository": {"full_name": "acme/app"}}  # fmt: skip
    run = sync(standin, workdir, event="issues", payload=payload)
    assert run.out == ("acme/app#1: checked 1 box; progress comment updated; closed as completed\n")
    assert (umbrella(standin).state, umbrella(standin).state_reason) == ("closed", "completed")
    closing = umbrella(standin).comments[-1].body
    assert closing.startswith(
        f"{STATE_MARKERS['close']}\nEvery item in **Tier 1 — must-have** is checked"
    )
    assert len(progress_comments(standin)) == 1
    # Reopened later: the umbrella, closed as done, is reopened.
    issue_15.state, issue_15.state_reason = "open", "reopened"
    payload["action"] = "reopened"
    run = sync(standin, workdir, event="issues", payload=payload)
    assert run.out == "acme/app#1: unchecked 1 box; progress comment updated; reopened\n"
    assert umbrella(standin).state == "open"
    assert "Hotfix backports https://github.com/acme/app/issues/15 (acme/app#15 is open)" in (
        umbrella(standin).comments[-1].body
    )


def test_dry_run_prints_the_diff_and_writes_nothing(standin: StandIn, workdir: Path) -> None:
    run = sync(standin, workdir, "--issue", "1", "--dry-run", event="push")
    assert run.code == 0
    assert (
        "-- [ ] Staging real-call gate #12\n-- [ ] Greptile gate (#13, #14)\n"
        "+- [x] Staging real-call gate #12\n+- [x] Greptile gate (#13, #14)\n"
    ) in run.out
    assert "progress comment that would be created:" in run.out
    assert writes(standin) == []
    assert umbrella(standin).body == UMBRELLA


def test_an_edit_made_while_syncing_survives(
    monkeypatch: pytest.MonkeyPatch, workdir: Path
) -> None:
    get_issue = standin_routes.HANDLERS[endpoints.GET_ISSUE]
    edited: list[int] = []

    def edit_before_answering(call: Call) -> Response:
        issue = call.issue()
        if issue is not None and issue.number == 1 and not edited:
            edited.append(1)
            issue.body = issue.body.replace(
                "**Tier 3", "- [ ] Added while syncing #18\r\n\r\n**Tier 3"
            )
        return get_issue(call)

    monkeypatch.setitem(standin_routes.HANDLERS, endpoints.GET_ISSUE, edit_before_answering)
    with StandIn(scenario()) as standin:
        run = sync(standin, workdir)
        assert run.code == 0
        body = umbrella(standin).body
    assert body == TICKED.replace("**Tier 3", "- [ ] Added while syncing #18\r\n\r\n**Tier 3")


def test_a_failing_github_fails_closed(standin: StandIn, workdir: Path) -> None:
    standin.add_fault(Fault("graphql-errors", path="graphql", operation="UmbrellaRefs",
                            times="always"))  # fmt: skip
    run = sync(standin, workdir, "--issue", "1")
    assert run.code == 3
    assert run.err.startswith("error: could not sync acme/app#1; nothing more was written.")
    assert len(run.err.strip().splitlines()) == 1
    assert writes(standin) == []


def test_an_unrelated_event_is_a_one_line_no_op(standin: StandIn, workdir: Path) -> None:
    run = sync(standin, workdir, event="push", payload={})
    assert (run.code, run.out.count("\n")) == (0, 1)
    assert standin.requests == []


def test_a_missing_named_policy_is_exit_2(standin: StandIn, workdir: Path) -> None:
    run = sync(standin, workdir, "--policy", "nowhere.yml")
    assert run.code == 2
    assert run.err.startswith("nowhere.yml:1:1: no policy file here")
