"""change-separation: infrastructure and feature changes go in separate pull requests."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import Field

from releasegate.facts import ChangedFile, ChangedFiles, FactRequest, Facts, RunContext, Undecided
from releasegate.gates.base import Gate
from releasegate.policy.base import GateConfig
from releasegate.policy.types import Glob, paths_match
from releasegate.results import Outcome

FILES_LISTED_PER_GROUP = 20


class ChangeSeparationConfig(GateConfig):
    groups: dict[str, tuple[Glob, ...]] = Field(min_length=2)
    "Named groups of gitignore-style globs; a PR may touch files of one group only."
    allow_label: str | None = None
    "A label that lets a PR mix groups (an explicit, visible escape hatch)."


class ChangeSeparation(Gate[ChangeSeparationConfig]):
    type = "change-separation"
    summary = "infra and feature changes in separate PRs"
    config_model = ChangeSeparationConfig
    example = """\
- id: infra-feature-separation
  type: change-separation
  groups:
    infra: [".github/workflows/**", "infra/**", "**/*.tf"]
    feature: ["src/**", "app/**"]
  allow-label: mixed-change-approved
"""

    def requests(self, context: RunContext) -> Iterable[FactRequest[Any]]:
        return (ChangedFiles(),) if context.pull_request else ()

    def evaluate(self, context: RunContext, facts: Facts) -> Outcome:
        if context.pull_request is None:
            raise Undecided("change-separation judges pull requests; this run has none")
        files = facts.get(ChangedFiles())
        touched = files_by_group(self.config.groups, files)
        if len(touched) < 2:
            only = f" (all in '{next(iter(touched))}')" if touched else ""
            return Outcome(passed=True, summary=f"changes stay in one group{only}")
        label = self.config.allow_label
        if label and label in context.labels:
            return Outcome(
                passed=True,
                summary=f"mixes {_names(touched)}, allowed by the label '{label}'",
            )
        return Outcome(
            passed=False,
            summary=f"mixes {_names(touched)}: split them into separate PRs",
            details=tuple(_group_details(touched)),
        )


def files_by_group(
    groups: dict[str, tuple[str, ...]], files: Iterable[ChangedFile]
) -> dict[str, list[str]]:
    """Each group with the changed paths that fall in it; a rename counts with both paths."""
    touched: dict[str, list[str]] = {}
    for changed in files:
        for path in changed.paths:
            for group, patterns in groups.items():
                if paths_match(patterns, path) and path not in touched.get(group, []):
                    touched.setdefault(group, []).append(path)
    return {group: touched[group] for group in groups if group in touched}


def _names(touched: dict[str, list[str]]) -> str:
    names = [f"'{group}'" for group in touched]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _group_details(touched: dict[str, list[str]]) -> Iterable[str]:
    for group, paths in touched.items():
        yield f"{group} ({len(paths)} file{'s' if len(paths) != 1 else ''}):"
        for path in paths[:FILES_LISTED_PER_GROUP]:
            yield f"  {path}"
        if len(paths) > FILES_LISTED_PER_GROUP:
            yield f"  … and {len(paths) - FILES_LISTED_PER_GROUP} more"
