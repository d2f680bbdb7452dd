"""What `releasegate watch` was asked to do, beyond the context (SPEC §10)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Literal

Format = Literal["text", "json"]


@dataclass(frozen=True)
class WatchOptions:
    policy_path: Path
    format: Format = "text"
    window: timedelta | None = None
    "--for: run every `every` until this much time has passed (post-deploy verification)."
    every: timedelta = timedelta(minutes=1)
    status: bool = False
    dry_run: bool = False
