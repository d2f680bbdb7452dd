"""releasegate's own composite action, ready to run through ``support.runner``.

``copy_action`` lays out the action as the runner downloads it (its files; no caches, no
.git). ``wheelhouse`` holds every wheel of the action's lock for this machine's ``python3``,
downloaded from PyPI once per lock with its hashes checked, so that installs need no network
afterwards (``PIP_NO_INDEX`` + ``PIP_FIND_LINKS`` in the job's environment). ``ActionJobs``
runs jobs that share one tool cache, like jobs on one runner, or with the cache restored.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from support.runner import ActionRun, Job, run_action

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements" / "action.txt"
ACTION_FILES = ("action.yml", "pyproject.toml", "README.md", "requirements", "src")
TOKEN = "ghs_actionTOKENtest0123456789abcdef"  # planted, to look for in every output
PASSTHROUGH = ("PATH", "HOME", "LANG", "LC_ALL", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM")


@dataclass(frozen=True)
class ActionJobs:
    """The action's folder, the shared tool cache, the wheelhouse and the first run's log."""

    path: Path
    tool_cache: Path
    wheelhouse: Path
    first_run_log: str = ""

    def run(
        self,
        folder: Path,
        inputs: Mapping[str, str] | None = None,
        *,
        env: Mapping[str, str] | None = None,
        workspace: Path | None = None,
    ) -> ActionRun:
        """One job in ``folder``: its own workspace and RUNNER_TEMP, the shared tool cache."""
        temp = folder / "runner-temp"
        temp.mkdir(parents=True, exist_ok=True)
        if workspace is None:
            workspace = folder / "workspace"
            workspace.mkdir(exist_ok=True)
        job_env = {
            **{key: os.environ[key] for key in PASSTHROUGH if key in os.environ},
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "RUNNER_OS": "Linux",
            "GITHUB_WORKSPACE": str(workspace),
            "RUNNER_TEMP": str(temp),
            "RUNNER_TOOL_CACHE": str(self.tool_cache),
            "GITHUB_SERVER_URL": "https://github.com",
            "PIP_NO_INDEX": "1",
            "PIP_FIND_LINKS": str(self.wheelhouse),
            "PIP_CONFIG_FILE": os.devnull,
            "RELEASEGATE_RETRY_SECONDS": "20",
            **(env or {}),
        }
        job = Job(workspace, temp, self.tool_cache, job_env, token=TOKEN)
        return run_action(self.path, job, inputs)


def copy_action(into: Path) -> None:
    """The action's files as the runner downloads them (into a new folder, then renamed)."""
    partial = into.with_name(f"{into.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    for name in ACTION_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, partial / name, ignore=ignore)
        else:
            shutil.copy2(source, partial / name)
    partial.rename(into)


def python3() -> str:
    """The interpreter that the action's default `python: python3` finds on PATH."""
    return shutil.which("python3") or sys.executable


def wheelhouse() -> Path:
    """Every wheel of the lock for ``python3``, downloaded (hashes checked) once per lock."""
    digest = hashlib.sha256(LOCK.read_bytes() + python3().encode()).hexdigest()[:16]
    folder = ROOT / ".cache" / "wheels" / f"action-{digest}"
    if (folder / ".complete").is_file():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    download = [python3(), "-m", "pip", "download", "--disable-pip-version-check", "--quiet"]
    download += ["--require-hashes", "--only-binary", ":all:", "--no-deps"]
    completed = subprocess.run(
        [*download, "-r", str(LOCK), "-d", str(folder)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"could not fill the wheelhouse from PyPI:\n{completed.stderr}")
    (folder / ".complete").write_text("")
    return folder
