"""Run the real CLI as a subprocess, the way a workflow step does."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def releasegate(
    *args: str, env: Mapping[str, str], cwd: Path | None = None, timeout: float = 120
) -> Run:
    """``releasegate ARGS`` with only ``env`` (plus PATH/HOME) in its environment."""
    base = {key: os.environ[key] for key in ("PATH", "HOME", "SYSTEMROOT") if key in os.environ}
    base["RELEASEGATE_RETRY_SECONDS"] = "20"
    completed = subprocess.run(
        [sys.executable, "-m", "releasegate", *args],
        env={**base, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return Run(completed.returncode, completed.stdout, completed.stderr)
