"""`releasegate watch`: a policy's live gates as a production monitor (SPEC §10).

One run, or ``--for``/``--every`` runs through a post-deploy window; each run is recorded on
the history branch and the incident follows from the history's tail (``run``). ``--status``
prints the status page. The package's parts: ``session`` (what runs share), ``history``
(the file on its branch), ``records`` (its lines), ``state`` (the pure incident logic),
``incident`` (the issue), ``cause`` (deployments and pull requests), ``notify`` (webhooks),
``slo``, ``messages`` (what an incident says) and the renderers ``render`` and ``status``.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from releasegate.context import Inputs
from releasegate.errors import EXIT_BLOCKED, EXIT_PASSED, EXIT_UNDECIDED
from releasegate.github.connect import connect
from releasegate.policy.load import load_policy_file
from releasegate.policy.types import format_duration
from releasegate.watch import output, render
from releasegate.watch.options import WatchOptions
from releasegate.watch.run import RunResult, one_run
from releasegate.watch.session import Session, utc_now
from releasegate.watch.slo import slo
from releasegate.watch.status import status_page

__all__ = ["WatchOptions", "run_watch"]


def run_watch(
    inputs: Inputs,
    options: WatchOptions,
    *,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> int:
    policy = load_policy_file(options.policy_path)
    github = connect(inputs)
    try:
        session = Session.start(github, inputs, policy, options.policy_path)
        if options.status:
            return _status(session)
        if options.window is None:
            return _single(session, options)
        return _window(session, options, sleep, clock)
    finally:
        github.close()


def _single(session: Session, options: WatchOptions) -> int:
    result = one_run(session, utc_now, dry_run=options.dry_run)
    output.emit_run(session, result, options)
    output.summary(render.run_summary(session, result))
    output.step_outputs(session, result)
    return _exit(result)


def _exit(result: RunResult) -> int:
    if result.problem is not None:
        output.problem(result.problem)
        return EXIT_UNDECIDED
    return EXIT_BLOCKED if result.failed else EXIT_PASSED


def _window(
    session: Session,
    options: WatchOptions,
    sleep: Callable[[float], None],
    clock: Callable[[], float],
) -> int:
    assert options.window is not None
    every, deadline = options.every.total_seconds(), clock() + options.window.total_seconds()
    output.summary(
        render.window_heading(
            session, format_duration(options.window), format_duration(options.every)
        )
    )
    results: list[RunResult] = []
    code = EXIT_PASSED
    while True:
        begun = clock()
        results.append(one_run(session, utc_now, dry_run=options.dry_run))
        if options.format == "text":
            output.emit_run(session, results[-1], options)
        output.summary(render.window_row(len(results), results[-1]))
        code = _window_code(session, results)
        if code != EXIT_PASSED or begun + every >= deadline:
            break
        sleep(max(0.0, begun + every - clock()))
    if options.format == "json":
        output.write(render.render_window_json(session, results, code), "json")
    output.summary(render.window_end(session, results, code))
    output.step_outputs(session, results[-1])
    if results[-1].problem is not None:
        output.problem(results[-1].problem)
    return code


def _window_code(session: Session, results: list[RunResult]) -> int:
    """3 when a run could not be recorded; 1 once `incident-after` runs in a row of this
    window failed (roll back); else 0, so far."""
    if results[-1].problem is not None:
        return EXIT_UNDECIDED
    in_a_row = 0
    for result in reversed(results):
        if not result.failed:
            break
        in_a_row += 1
    return EXIT_BLOCKED if in_a_row >= session.settings.incident_after else EXIT_PASSED


def _status(session: Session) -> int:
    snapshot = session.history.read()
    history = snapshot.history(str(session.history.place))
    now = utc_now()
    page = status_page(
        session.name,
        history.runs,
        session.settings,
        slo(history.runs, session.settings.slo, now),
        now,
    )
    output.write(page, "markdown")
    for notice in history.skipped:
        print(f"note: {notice}", file=sys.stderr)
    return EXIT_PASSED
