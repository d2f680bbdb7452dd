"""The history line format, the changes made to the file (append once, amend in place, keep
the newest), and the SLO line over it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from releasegate.policy.models import SloSettings
from releasegate.watch.history import amending, appending
from releasegate.watch.records import GateRecord, Notified, RunRecord, parse_history, parse_line
from releasegate.watch.slo import slo

MOMENT = datetime(2025, 6, 1, 12, 15, tzinfo=UTC)
RECORD = RunRecord(
    run="9876543210-1-3f2a",
    time=MOMENT,
    verdict="fail",
    gates=(("health", GateRecord("fail", 503)), ("flow", GateRecord("pass", 41210))),
    commit="a" * 40,
    ref="refs/heads/main",
    url="https://github.com/acme/app/actions/runs/9876543210",
    incident=12,
    event="opened",
    notify=Notified("opened", 12, (2,)),
)


def test_a_run_is_one_compact_json_line_and_reads_back_the_same() -> None:
    assert RECORD.to_line() == (
        '{"v":1,"run":"9876543210-1-3f2a","time":"2025-06-01T12:15:00Z","verdict":"fail",'
        f'"commit":"{"a" * 40}","ref":"refs/heads/main",'
        '"url":"https://github.com/acme/app/actions/runs/9876543210",'
        '"gates":{"health":{"status":"fail","ms":503},"flow":{"status":"pass","ms":41210}},'
        '"incident":12,"event":"opened","notify":{"event":"opened","incident":12,"failed":[2]}}'
    )
    assert parse_line(RECORD.to_line()) == RECORD


def test_keys_without_a_value_are_left_out() -> None:
    quiet = RunRecord("r1", MOMENT, "pass")
    assert quiet.to_line() == (
        '{"v":1,"run":"r1","time":"2025-06-01T12:15:00Z","verdict":"pass","gates":{}}'
    )


def test_a_line_that_is_not_a_run_is_skipped_with_a_notice() -> None:
    text = "\n".join([RECORD.to_line(), "{not json", '{"v":2,"run":"x"}', "", '"text"'])
    history = parse_history(text, "watch/prod.jsonl")
    assert history.runs == (RECORD,)
    assert [notice.split(" (")[0] for notice in history.skipped] == [
        "watch/prod.jsonl line 2 is not a run record",
        "watch/prod.jsonl line 3 is not a run record",
        "watch/prod.jsonl line 5 is not a run record",
    ]


def line(n: int) -> str:
    return RunRecord(f"r{n}", MOMENT + timedelta(minutes=n), "pass").to_line()


def test_appending_adds_the_line_once_and_keeps_the_newest() -> None:
    lines = tuple(line(n) for n in range(4))
    ours = RunRecord("r9", MOMENT, "fail")
    added = appending(ours, keep=3)(lines)
    assert added == (line(2), line(3), ours.to_line())
    assert appending(ours, keep=3)(added) is None  # sent again after a lost answer: no change


def test_amending_replaces_the_runs_line_where_it_is() -> None:
    lines = (line(1), RunRecord("r9", MOMENT, "fail").to_line(), line(2))
    amended = RunRecord("r9", MOMENT, "fail", incident=4, event="opened")
    assert amending(amended, keep=10)(lines) == (line(1), amended.to_line(), line(2))
    assert amending(amended, keep=10)((line(1), amended.to_line())) is None


def test_the_slo_counts_the_runs_in_the_window_and_the_budget_left() -> None:
    now = MOMENT + timedelta(days=30)
    history = [
        RunRecord(f"r{n}", now - timedelta(hours=n), "fail" if n in (3, 40) else "pass")
        for n in range(1000)
    ]
    level = slo(history, SloSettings(objective="99%", window=timedelta(days=28)), now)
    assert (level.runs, level.passed) == (673, 671)  # the last 28 days: hours 0 to 672
    assert level.line() == (
        "SLO: 99.70% of 673 runs passed over the last 28d, objective 99%; error budget left: 70%"
    )


def test_a_short_history_says_what_it_covers_and_an_overspent_budget_says_so() -> None:
    now = MOMENT
    history = [RunRecord(f"r{n}", now - timedelta(minutes=15 * n), "pass") for n in range(8)]
    history[0] = RunRecord("r0", now, "fail")
    level = slo(history, SloSettings(), now)
    assert level.line() == (
        "SLO: 87.50% of 8 runs passed over the last 1h 45m (all the history holds of 28d), "
        "objective 99.5%; error budget exhausted (spent 25×)"
    )
    assert (
        slo(history[:1], SloSettings(), now)
        .line()
        .startswith(
            "SLO: 0.00% of 1 runs passed over the one run recorded so far (the window is 28d)"
        )
    )
