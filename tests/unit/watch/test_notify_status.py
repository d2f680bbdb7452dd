"""Webhooks over httpx.MockTransport (what is sent, how failures are named, that no URL is
shown) and the status page's exact Markdown."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import httpx

from releasegate.policy.models import WatchSettings
from releasegate.redaction import redact_known
from releasegate.watch.notify import Webhooks
from releasegate.watch.records import GateRecord, RunRecord
from releasegate.watch.slo import slo
from releasegate.watch.status import status_page

HOOK = "https://hooks.slack.example/services/T0/B0/SeCrEtPaTh42"


def test_each_webhook_gets_the_text_as_json_and_failures_name_it_without_its_url() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(500 if "bad" in request.url.path else 200, text="ok")

    hooks = Webhooks(
        ["${SLACK_URL}", "https://chat.example/bad/${ROOM}", "${MISSING}"],
        environ={"SLACK_URL": HOOK, "ROOM": "r00m-token"},
        transport=httpx.MockTransport(answer),
    )
    sent = hooks.send([1, 2, 3], "🔴 incident #4 opened")
    assert [(s.name, s.error) for s in sent] == [
        ("webhook 1 (${SLACK_URL})", None),
        ("webhook 2 (${ROOM})", "answered HTTP 500"),
        ("webhook 3 (${MISSING})", "the environment variable MISSING is not set"),
    ]
    assert [json.loads(r.content) for r in seen] == [{"text": "🔴 incident #4 opened"}] * 2
    assert str(seen[0].url) == HOOK
    assert redact_known(f"posted to {HOOK}") == "posted to ***"  # the URL is a secret of the run


def test_only_the_positions_asked_for_are_sent() -> None:
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200)

    hooks = Webhooks(
        ["https://a.example/1", "https://b.example/2"], transport=httpx.MockTransport(answer)
    )
    assert [s.position for s in hooks.send([2, 5], "late")] == [2]
    assert seen == ["https://b.example/2"]


def test_the_status_page() -> None:
    now = datetime(2025, 6, 1, 13, 0, tzinfo=UTC)
    runs = [
        RunRecord(
            f"r{n}",
            now - timedelta(minutes=15 * (3 - n)),
            verdict,
            (("health", GateRecord(status, ms)), ("flow", GateRecord("pass", 40_000))),
            url=f"https://github.com/acme/app/actions/runs/{n}",
            incident=incident,
        )
        for n, (verdict, status, ms, incident) in enumerate(
            [
                ("pass", "pass", 80, None),
                ("fail", "fail", None, None),
                ("error", "error", 10_000, 7),
            ]
        )
    ]
    settings = WatchSettings()
    page = status_page("prod-smoke", runs, settings, slo(runs, settings.slo, now), now)
    assert page == "\n".join(
        [
            "## releasegate watch: prod\\-smoke",
            "",
            "**Now:** ❌ failing (2 in a row, the last at 2025-06-01 12:45 UTC) — incident #7 is "
            "open",
            "",
            "SLO: 33.33% of 3 runs passed over the last 45m \\(all the history holds of 28d\\), "
            "objective 99.5%; error budget exhausted \\(spent 133×\\)",
            "",
            "### Up and down, the last 3 runs (oldest first)",
            "",
            "| Gate | Runs | Passed |",
            "|---|---|---|",
            "| **every gate** | 🟩🟥🟥 | 33.3% |",
            "| `health` | 🟩🟥🟧 | 33.3% |",
            "| `flow` | 🟩🟩🟩 | 100.0% |",
            "",
            "#### `health` latency (ms; 0 = no answer)",
            "",
            "```mermaid",
            "xychart-beta",
            '  x-axis "run" 1 --> 3',
            '  y-axis "ms" 0 --> 11000',
            "  line [80, 0, 10000]",
            "```",
            "",
            "#### `flow` latency (ms; 0 = no answer)",
            "",
            "```mermaid",
            "xychart-beta",
            '  x-axis "run" 1 --> 3',
            '  y-axis "ms" 0 --> 44000',
            "  line [40000, 40000, 40000]",
            "```",
            "",
            "### The last 3 runs",
            "",
            "| Time | Verdict | Failing gates | Incident |",
            "|---|---|---|---|",
            "| [2025-06-01 12:45 UTC](https://github.com/acme/app/actions/runs/2) | ❌ error | "
            "`health` | #7 |",
            "| [2025-06-01 12:30 UTC](https://github.com/acme/app/actions/runs/1) | ❌ fail | "
            "`health` | — |",
            "| [2025-06-01 12:15 UTC](https://github.com/acme/app/actions/runs/0) | ✅ pass | — "
            "| — |",
            "",
            "_As of 2025-06-01 13:00 UTC. 🟩 pass  🟥 fail  🟧 error  🟨 warn  ⬜ skip  🟦 "
            "overridden_",
            "",
        ]
    )
