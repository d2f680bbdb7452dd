"""The scenario file: what the stand-in's repositories hold when it starts.

Keys are named as in GitHub's REST API (``head_sha``, ``details_url``, ``role_name``...), in
snake_case. Anything left out gets a sensible default: commits named but not given a sha get
``sha1(name)``, timestamps default to the moment the scenario is loaded and may be relative
(``-2h``), and every list accepts ``generate:`` entries (see ``generate.py``).
``scenarios/example.yml`` is the annotated tour.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from datetime import datetime
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from releasegate_standin.state.generate import check_time, expand_generated

T = TypeVar("T")
Many = Annotated[list[T], BeforeValidator(expand_generated)]
When = Annotated[datetime | str, AfterValidator(check_time)]
Role = Literal["read", "triage", "write", "maintain", "admin"]
BOT_LOGIN = "github-actions[bot]"


class ScenarioError(ValueError):
    """A scenario file that cannot be loaded, with every problem listed."""


class Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FileContent(Spec):
    """A binary file, given as base64."""

    base64: str

    def content(self) -> bytes:
        return base64.b64decode(self.base64)


class CommitSpec(Spec):
    """A commit. ``parent``'s files are inherited, then ``files`` applied (null deletes)."""

    name: str | None = None
    sha: str | None = Field(default=None, pattern=r"^[0-9a-f]{40}$")
    parent: str | None = None
    message: str | None = None
    author: str = "octocat"
    committed_at: When | None = None
    files: dict[str, str | FileContent | None] = {}
    tree: str | None = Field(default=None, pattern=r"^[0-9a-f]{40}$")

    @model_validator(mode="after")
    def _named(self) -> CommitSpec:
        if self.name is None and self.sha is None:
            raise ValueError("a commit needs a `name` or a `sha`")
        return self


class ChangedFileSpec(Spec):
    """One file of a pull request's file list; a plain string is its ``filename``."""

    filename: str
    status: Literal["added", "removed", "modified", "renamed", "copied", "changed", "unchanged"] = (
        "modified"
    )
    additions: int | None = None  # default: 1 (0 for a removed file)
    deletions: int | None = None  # default: 1 (0 for an added file)
    previous_filename: str | None = None
    patch: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data: Any) -> Any:
        return {"filename": data} if isinstance(data, str) else data

    @model_validator(mode="after")
    def _rename_has_previous(self) -> ChangedFileSpec:
        if self.status == "renamed" and not self.previous_filename:
            raise ValueError("a renamed file needs `previous_filename`")
        return self


class CommentSpec(Spec):
    author: str = "octocat"
    body: str
    created_at: When | None = None
    edited_by: str | None = None  # GraphQL's `editor`: who last edited the body
    edited_at: When | None = None  # default: when it was created


class ThreadSpec(Spec):
    """A review thread. ``author``/``body`` give its first comment; ``comments`` follow."""

    path: str
    line: int | None = 1
    original_line: int | None = None
    start_line: int | None = None
    resolved: bool = False
    outdated: bool = False
    resolved_by: str | None = None
    author: str | None = None
    body: str | None = None
    created_at: When | None = None
    comments: Many[CommentSpec] = []

    @model_validator(mode="after")
    def _has_comment(self) -> ThreadSpec:
        if self.body is None and not self.comments:
            raise ValueError("a review thread needs a `body` or at least one of `comments`")
        return self

    def all_comments(self) -> list[CommentSpec]:
        if self.body is None:
            return list(self.comments)
        first = CommentSpec(
            author=self.author or "octocat", body=self.body, created_at=self.created_at
        )
        return [first, *self.comments]


class ReviewSpec(Spec):
    author: str
    body: str = ""
    state: Literal["APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED", "PENDING"] = (
        "COMMENTED"
    )
    submitted_at: When | None = None
    commit: str | None = None  # a commit name or sha; default: the PR head


class LabelEventSpec(Spec):
    label: str
    actor: str = "octocat"
    event: Literal["labeled", "unlabeled"] = "labeled"
    created_at: When | None = None


class IssueSpec(Spec):
    number: int | None = Field(default=None, ge=1)
    title: str | None = None
    body: str = ""
    author: str = "octocat"
    state: Literal["open", "closed"] = "open"
    state_reason: Literal["completed", "not_planned", "reopened", "duplicate"] | None = None
    labels: Many[str] = []
    label_events: Many[LabelEventSpec] | None = None  # default: each label added by the author
    assignees: list[str] = []
    comments: Many[CommentSpec] = []
    sub_issues: Many[int | str] = []  # numbers here, or "owner/repo#N"
    created_at: When | None = None
    closed_at: When | None = None
    body_edited_by: str | None = None  # GraphQL's `editor` of the body (a bot writing in it)
    body_edited_at: When | None = None  # default: when it was created


class PullRequestSpec(IssueSpec):
    """A pull request: an issue with branches, files, reviews and review threads."""

    state: Literal["open", "closed", "merged"] = "open"  # type: ignore[assignment]
    base: str | None = None  # branch; default: the default branch
    head: str | None = None  # branch; default: pr-<number>, made from the base if missing
    base_sha: str | None = None  # a commit name or sha, when the branch does not say it
    head_sha: str | None = None
    draft: bool = False
    merge_commit: str | None = None
    merged_at: When | None = None
    merged_by: str | None = None
    files: Many[ChangedFileSpec] = []
    changed_files: int | None = None  # default: len(files)
    commits: Many[str] | int | None = None  # commit names/shas, or a count; default: the head
    review_threads: Many[ThreadSpec] = []
    reviews: Many[ReviewSpec] = []
    requested_reviewers: list[str] = []


class CheckRunSpec(Spec):
    commit: str  # a commit name, branch or sha
    name: str
    status: Literal["queued", "in_progress", "completed", "waiting", "requested", "pending"] = (
        "completed"
    )
    conclusion: (
        Literal[
            "action_required",
            "cancelled",
            "failure",
            "neutral",
            "success",
            "skipped",
            "stale",
            "timed_out",
        ]
        | None
    ) = None  # default: success when completed
    app: str = "github-actions"
    started_at: When | None = None
    completed_at: When | None = None
    details_url: str | None = None
    external_id: str | None = None
    title: str | None = None
    summary: str | None = None


class StatusSpec(Spec):
    commit: str
    context: str = "default"
    state: Literal["error", "failure", "pending", "success"] = "success"
    description: str | None = None
    target_url: str | None = None
    creator: str = "octocat"
    created_at: When | None = None


class DeploymentStatusSpec(Spec):
    state: Literal[
        "error", "failure", "inactive", "in_progress", "queued", "pending", "success"
    ] = "success"
    description: str = ""
    environment_url: str = ""
    log_url: str = ""
    creator: str = BOT_LOGIN
    created_at: When | None = None


class DeploymentSpec(Spec):
    commit: str
    ref: str | None = None  # default: the branch given as `commit`, else the sha
    environment: str = "production"
    task: str = "deploy"
    description: str = ""
    creator: str = BOT_LOGIN
    created_at: When | None = None
    statuses: Many[DeploymentStatusSpec] = []  # oldest first


class LabelSpec(Spec):
    name: str
    color: str = "ededed"
    description: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data: Any) -> Any:
        return {"name": data} if isinstance(data, str) else data


class RepositorySpec(Spec):
    repository: str = Field(pattern=r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
    git: str | None = None  # a git repository (relative to the scenario file) also served
    default_branch: str = "main"
    private: bool = True
    collaborators: dict[str, Role] = {}
    labels: Many[LabelSpec] = []
    commits: Many[CommitSpec] = []
    branches: dict[str, str] = {}  # branch -> commit name or sha
    pull_requests: Many[PullRequestSpec] = []
    issues: Many[IssueSpec] = []
    check_runs: Many[CheckRunSpec] = []
    statuses: Many[StatusSpec] = []
    deployments: Many[DeploymentSpec] = []

    @model_validator(mode="after")
    def _numbers_unique(self) -> RepositorySpec:
        numbers = [item.number for item in [*self.pull_requests, *self.issues] if item.number]
        repeated = sorted({n for n in numbers if numbers.count(n) > 1})
        if repeated:
            raise ValueError(f"issues and pull requests share numbers; repeated: {repeated}")
        return self


class Scenario(RepositorySpec):
    """The main repository (top-level keys) and optionally more (``other_repositories``)."""

    name: str | None = None
    description: str | None = None
    tokens: dict[str, str] = {}  # token -> login its writes are made as (default: the bot)
    other_repositories: list[RepositorySpec] = []

    def all_repositories(self) -> list[RepositorySpec]:
        return [self, *self.other_repositories]


# --- loading ---------------------------------------------------------------------------------


def load_scenario(source: str | Path | Traversable | Mapping[str, Any]) -> Scenario:
    """A scenario from a YAML file (a path) or from an already-parsed mapping."""
    if isinstance(source, Mapping):
        return _validate(dict(source), "scenario")
    path = Path(source) if isinstance(source, str) else source
    try:
        text = path.read_text("utf-8")
    except OSError as error:
        raise ScenarioError(f"cannot read scenario {source}: {error.strerror}") from None
    scenario = _validate(_parse_yaml(text, str(source)), str(source))
    return _anchor_git(scenario, Path(str(path)).parent) if isinstance(path, Path) else scenario


def _anchor_git(scenario: Scenario, folder: Path) -> Scenario:
    """``git:`` paths relative to the scenario file's folder, made absolute."""

    def anchored(spec: RepositorySpec) -> RepositorySpec:
        if spec.git is None or Path(spec.git).is_absolute():
            return spec
        return spec.model_copy(update={"git": str((folder / spec.git).resolve())})

    others = [anchored(spec) for spec in scenario.other_repositories]
    main = anchored(scenario)
    assert isinstance(main, Scenario)
    return main.model_copy(update={"other_repositories": others})


def scenario_from_yaml(text: str, where: str = "scenario") -> Scenario:
    """A scenario from YAML text."""
    return _validate(_parse_yaml(text, where), where)


def bundled_scenario(name: str) -> Traversable:
    """A scenario shipped in ``releasegate_standin/state/scenarios/`` (``example`` is one)."""
    return resources.files(__package__).joinpath("scenarios", f"{name}.yml")


def _parse_yaml(text: str, where: str) -> Any:
    from ruamel.yaml import YAML  # noqa: PLC0415 - only the stand-in needs it, and only here
    from ruamel.yaml.error import YAMLError  # noqa: PLC0415

    try:
        return YAML(typ="safe", pure=True).load(text)
    except YAMLError as error:
        raise ScenarioError(f"{where}: not valid YAML: {error}") from None


def _validate(data: Any, where: str) -> Scenario:
    if not isinstance(data, dict):
        raise ScenarioError(f"{where}: a scenario is a mapping with at least `repository:`")
    try:
        return Scenario.model_validate(data)
    except ValidationError as error:
        problems = "\n".join(
            f"  {'.'.join(str(part) for part in e['loc']) or '(top)'}: {e['msg']}"
            for e in error.errors()
        )
        raise ScenarioError(f"{where}: invalid scenario:\n{problems}") from None


def parse_issue_reference(reference: int | str, repository: str) -> tuple[str, int]:
    """``12`` or ``"12"`` or ``"#12"`` (this repository) or ``"owner/repo#12"``."""
    if isinstance(reference, int):
        return repository, reference
    match = re.fullmatch(r"(?:([\w.-]+/[\w.-]+))?#?(\d+)", reference.strip())
    if not match:
        raise ScenarioError(f"{reference!r} is not an issue reference (12, #12, owner/repo#12)")
    return match.group(1) or repository, int(match.group(2))
