"""What `releasegate hotfix backport` was asked to do, beyond the context (SPEC §5)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

ConflictMode = Literal["issue", "draft-pr"]
BACKPORT_TOKEN_VARIABLE = "RELEASEGATE_BACKPORT_TOKEN"  # noqa: S105 - a variable's name


@dataclass(frozen=True)
class BackportOptions:
    policy_path: Path
    policy_required: bool = False  # False: a missing policy file means all defaults
    target: str | None = None
    on_conflict: ConflictMode = "issue"
    backport_token: str | None = None
    dry_run: bool = False
