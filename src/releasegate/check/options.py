"""What `releasegate check` was asked to do, beyond the context (SPEC §1)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Format = Literal["text", "json", "markdown"]
ReportMode = Literal["check-run", "status", "none"]
CommentMode = Literal["on-failure", "always", "never"]


@dataclass(frozen=True)
class CheckOptions:
    policy_path: Path
    format: Format = "text"
    report: ReportMode | None = None  # None: check-run inside Actions, none elsewhere
    comment: CommentMode = "on-failure"
    dry_run: bool = False

    def report_mode(self, *, in_actions: bool) -> ReportMode:
        return self.report or ("check-run" if in_actions else "none")
