"""The CLI run in this process: the console script's own ``main``, with exactly the environment
given, stdout and stderr captured, the exit code returned.

A subprocess costs half a second of interpreter start and imports; the fault matrix makes
hundreds of runs, so it runs them here. The environment, ``argv`` and the working directory
are swapped for the run and restored after, so runs must not overlap: concurrency tests use
``support.cli.releasegate`` (a real subprocess) instead.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from releasegate.cli import main

_ONE_AT_A_TIME = threading.Lock()
_KEPT = ("PATH", "HOME", "SYSTEMROOT", "TMPDIR")


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def invoke(*args: str, env: Mapping[str, str], cwd: Path | None = None) -> Run:
    """``releasegate ARGS`` with only ``env`` (plus PATH, HOME) in its environment."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with (
        _ONE_AT_A_TIME,
        _swapped(env, ["releasegate", *args], cwd),
        contextlib.redirect_stdout(stdout),
        contextlib.redirect_stderr(stderr),
    ):
        code = _exit_code_of(main)
    return Run(code, stdout.getvalue(), stderr.getvalue())


def _exit_code_of(entry_point: object) -> int:
    try:
        entry_point()  # type: ignore[operator]
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    return 0


@contextlib.contextmanager
def _swapped(env: Mapping[str, str], argv: list[str], cwd: Path | None) -> Iterator[None]:
    saved_env, saved_argv, saved_cwd = dict(os.environ), sys.argv, Path.cwd()
    kept = {key: saved_env[key] for key in _KEPT if key in saved_env}
    os.environ.clear()
    os.environ.update({**kept, **env})
    sys.argv = argv
    if cwd is not None:
        os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(saved_cwd)
        sys.argv = saved_argv
        os.environ.clear()
        os.environ.update(saved_env)
