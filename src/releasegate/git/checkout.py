"""The job's checkout and ``origin``'s remote-tracking refs.

The checkout is the working directory when it is a git work tree, else ``GITHUB_WORKSPACE``.
Branches are read as ``origin``'s remote-tracking refs: the checkout is never fetched into or
changed here, so a missing ref is an error that says how to check out the full history.
"""

from __future__ import annotations

import os
from pathlib import Path

from releasegate.git.command import Git

REMOTE = "origin"


def remote_ref(branch: str) -> str:
    return f"refs/remotes/{REMOTE}/{branch}"


def checkout_path() -> Path:
    """The job's checkout: the working directory if git knows it, else GITHUB_WORKSPACE."""
    here = Path.cwd()
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if workspace and not Git(here).attempt("rev-parse", "--is-inside-work-tree").ok:
        return Path(workspace)
    return here
