"""Turn a scenario into the stand-in's state, filling in every default the scenario leaves out."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from releasegate_standin.git.backing import GitBacking
from releasegate_standin.git.ids import is_sha, sha_of_name, tree_oid
from releasegate_standin.state.generate import resolve_time
from releasegate_standin.state.records import (
    ChangedFile,
    CheckRun,
    Comment,
    Commit,
    CommitStatus,
    Deployment,
    DeploymentStatus,
    Issue,
    IssueEvent,
    Label,
    PullDetails,
    Review,
    ReviewThread,
)
from releasegate_standin.state.scenario import (
    ChangedFileSpec,
    CheckRunSpec,
    CommentSpec,
    CommitSpec,
    DeploymentSpec,
    IssueSpec,
    PullRequestSpec,
    RepositorySpec,
    Scenario,
    ScenarioError,
    ThreadSpec,
    parse_issue_reference,
)
from releasegate_standin.state.store import Repo, State


def build_state(scenario: Scenario, now: datetime | None = None) -> State:
    """A fresh state holding what the scenario describes, times resolved against ``now``."""
    state = State()
    moment = now or state.now()
    builders = []
    for spec in scenario.all_repositories():
        if state.repo_named(spec.repository):
            raise ScenarioError(f"repository {spec.repository} is described twice")
        builders.append(_RepoBuilder(state, spec, moment))
        state.add_repo(builders[-1].build())
    for builder in builders:  # once every repository exists: sub-issues may cross them
        builder.link_sub_issues()
    return state


class _RepoBuilder:
    def __init__(self, state: State, spec: RepositorySpec, now: datetime) -> None:
        owner, name = spec.repository.split("/")
        self.state, self.spec, self.now = state, spec, now
        self.repo = Repo(state.new_id(), owner, name, spec.default_branch, spec.private)
        if spec.git is not None:
            if not Path(spec.git).is_dir():
                raise ScenarioError(f"{spec.repository}: git repository {spec.git} not found")
            self.repo.git = GitBacking(Path(spec.git))
        self.names: dict[str, str] = {}  # commit name -> sha
        self.numbered_specs: list[tuple[int, IssueSpec]] = []

    def when(self, value: datetime | str | None, default: datetime | None = None) -> datetime:
        return resolve_time(value, self.now) if value is not None else (default or self.now)

    def build(self) -> Repo:
        spec, repo = self.spec, self.repo
        repo.collaborators = {login.lower(): role for login, role in spec.collaborators.items()}
        for label in spec.labels:
            repo.labels[label.name] = Label(
                self.state.new_id(), label.name, label.color, label.description
            )
        for commit in spec.commits:
            self.add_commit(commit)
        for branch, target in spec.branches.items():
            repo.branches[branch] = self.sha(target)
        if spec.default_branch not in repo.branches and spec.default_branch not in self.names:
            # Without a word about it, the default branch is on the first commit listed.
            first = spec.commits[0] if spec.commits else None
            if first is not None:
                repo.branches[spec.default_branch] = self.sha(first.name or first.sha or "")
        self.ensure_branch(spec.default_branch, base=None)
        self.numbered_specs = self.numbered([*spec.pull_requests, *spec.issues])
        for number, item in self.numbered_specs:
            if isinstance(item, PullRequestSpec):
                repo.issues[number] = self.pull_request(number, item)
            else:
                repo.issues[number] = self.issue(number, item)
        self.checks()
        return repo

    # --- commits and branches ------------------------------------------------------------------

    def add_commit(self, spec: CommitSpec) -> str:
        sha = spec.sha or sha_of_name(spec.name or "")
        parent = self.commit(spec.parent) if spec.parent else None
        files = dict(parent.files) if parent else {}
        for path, content in spec.files.items():
            if content is None:
                files.pop(path, None)
            else:
                files[path] = content.encode() if isinstance(content, str) else content.content()
        self.repo.commits[sha] = Commit(
            sha=sha,
            files=files,
            message=spec.message or f"Commit {spec.name or sha[:7]}",
            author=spec.author,
            committed_at=self.when(spec.committed_at),
            parents=[parent.sha] if parent else [],
            tree=spec.tree or tree_oid(files),
        )
        if spec.name:
            self.names[spec.name] = sha
        return sha

    def sha(self, reference: str) -> str:
        """A commit name, branch or sha; an unknown 40-hex sha becomes an empty commit."""
        if reference in self.names:
            return self.names[reference]
        commit = self.repo.resolve(reference)
        if commit is not None:
            return commit.sha
        if is_sha(reference):
            return self.add_commit(CommitSpec(sha=reference, name=None, message="Commit"))
        known = sorted({*self.names, *self.repo.branches})
        raise ScenarioError(
            f"{self.spec.repository}: {reference!r} is not a commit name, branch or 40-hex sha "
            f"(known: {', '.join(known) or 'none'})"
        )

    def commit(self, reference: str) -> Commit:
        return self.repo.commits[self.sha(reference)]

    def ensure_branch(self, branch: str, base: str | None) -> str:
        """The branch's sha, creating it (on the commit of its name, or new) when missing."""
        known = self.repo.branch_sha(branch)  # the scenario's, or the git repository's
        if known is not None:
            return known
        if branch in self.names:
            sha = self.names[branch]
        else:
            sha = self.add_commit(CommitSpec(name=branch, parent=base, message=f"Work on {branch}"))
        self.repo.branches[branch] = sha
        return sha

    # --- issues and pull requests -----------------------------------------------------------------

    def numbered(self, specs: list[IssueSpec]) -> list[tuple[int, IssueSpec]]:
        """Each spec with its number: the one given, else the lowest free one, in order."""
        taken = {spec.number for spec in specs if spec.number is not None}
        numbered: list[tuple[int, IssueSpec]] = []
        next_free = 1
        for spec in specs:
            if spec.number is not None:
                numbered.append((spec.number, spec))
                continue
            while next_free in taken:
                next_free += 1
            taken.add(next_free)
            numbered.append((next_free, spec))
        return numbered

    def issue(self, number: int, spec: IssueSpec, kind: str = "Issue") -> Issue:
        created = self.when(spec.created_at)
        issue = Issue(
            id=self.state.new_id(),
            number=number,
            title=spec.title or f"{kind} {number}",
            body=spec.body,
            author=spec.author,
            state="closed" if spec.state != "open" else "open",
            created_at=created,
            updated_at=created,
            assignees=list(spec.assignees),
            comments=[self.comment(c.author, c.body, c.created_at, created) for c in spec.comments],
        )
        for comment, comment_spec in zip(issue.comments, spec.comments, strict=True):
            self.edit(comment, comment_spec)
        if spec.body_edited_by:
            issue.body_editor = spec.body_edited_by
            issue.body_edited_at = self.when(spec.body_edited_at, created)
        if issue.state == "closed":
            issue.closed_at = self.when(spec.closed_at)
            if kind == "Issue":
                issue.state_reason = spec.state_reason or "completed"
        for name in spec.labels:
            issue.labels.append(self.repo.label(name, self.state.new_id).name)
        self.label_events(issue, spec, created)
        return issue

    def label_events(self, issue: Issue, spec: IssueSpec, created: datetime) -> None:
        if spec.label_events is None:
            issue.events = [
                IssueEvent(self.state.new_id(), "labeled", spec.author, created, name)
                for name in issue.labels
            ]
            return
        issue.events = [
            IssueEvent(
                self.state.new_id(),
                event.event,
                event.actor,
                self.when(event.created_at, created),
                self.repo.label(event.label, self.state.new_id).name,
            )
            for event in spec.label_events
        ]

    def comment(
        self, author: str, body: str, at: datetime | str | None, default: datetime
    ) -> Comment:
        moment = self.when(at, default)
        return Comment(self.state.new_id(), author, body, moment, moment)

    def edit(self, comment: Comment, spec: CommentSpec) -> None:
        if spec.edited_by:
            comment.editor = spec.edited_by
            comment.updated_at = self.when(spec.edited_at, comment.created_at)

    def pull_request(self, number: int, spec: PullRequestSpec) -> Issue:
        issue = self.issue(number, spec, kind="Pull request")
        base = spec.base or self.repo.default_branch
        base_sha = self.sha(spec.base_sha) if spec.base_sha else self.ensure_branch(base, None)
        head = spec.head or f"pr-{number}"
        if spec.head_sha and head not in self.repo.branches:
            self.repo.branches[head] = self.sha(spec.head_sha)
        head_sha = self.sha(spec.head_sha) if spec.head_sha else self.ensure_branch(head, base_sha)
        pull = PullDetails(base, head, base_sha, head_sha, draft=spec.draft)
        pull.files = [self.changed_file(file) for file in spec.files]
        given = spec.changed_files
        pull.changed_files = given if given is not None else len(pull.files)
        pull.commit_shas = self.pull_commits(spec, number, head_sha)
        pull.threads = [self.thread(thread, issue.created_at) for thread in spec.review_threads]
        pull.reviews = [
            Review(
                self.state.new_id(),
                review.author,
                review.body,
                review.state,
                self.when(review.submitted_at, issue.created_at),
                self.sha(review.commit) if review.commit else head_sha,
            )
            for review in spec.reviews
        ]
        pull.requested_reviewers = list(spec.requested_reviewers)
        if spec.state == "merged":
            pull.merged_at = self.when(spec.merged_at)
            pull.merged_by = spec.merged_by or spec.author
            pull.merge_commit_sha = self.merge_commit(spec, number, base_sha, head_sha)
        issue.pull = pull
        return issue

    def pull_commits(self, spec: PullRequestSpec, number: int, head_sha: str) -> list[str]:
        if isinstance(spec.commits, list):
            return [self.sha(reference) for reference in spec.commits]
        count = spec.commits if isinstance(spec.commits, int) else 1
        earlier = [
            self.add_commit(
                CommitSpec(
                    sha=sha_of_name(f"{self.spec.repository}#{number}:{index}"),
                    message=f"Commit {index + 1} of #{number}",
                )
            )
            for index in range(count - 1)
        ]
        return [*earlier, head_sha]

    def merge_commit(self, spec: PullRequestSpec, number: int, base: str, head: str) -> str:
        if spec.merge_commit:
            return self.sha(spec.merge_commit)
        sha = sha_of_name(f"{self.spec.repository}#{number}:merge")
        files = dict(self.repo.commits[head].files)
        self.repo.commits[sha] = Commit(
            sha=sha,
            files=files,
            message=f"Merge pull request #{number}",
            author=spec.merged_by or spec.author,
            committed_at=self.when(spec.merged_at),
            parents=[base, head],
            tree=tree_oid(files),
        )
        return sha

    def changed_file(self, spec: ChangedFileSpec) -> ChangedFile:
        additions = spec.additions if spec.additions is not None else int(spec.status != "removed")
        deletions = spec.deletions if spec.deletions is not None else int(spec.status != "added")
        return ChangedFile(
            spec.filename, spec.status, additions, deletions, spec.previous_filename, spec.patch
        )

    def thread(self, spec: ThreadSpec, default: datetime) -> ReviewThread:
        opened = self.when(spec.created_at, default)
        return ReviewThread(
            id=self.state.new_id(),
            path=spec.path,
            line=None if spec.outdated else spec.line,
            original_line=spec.original_line if spec.original_line is not None else spec.line,
            start_line=spec.start_line,
            is_resolved=spec.resolved,
            is_outdated=spec.outdated,
            resolved_by=(spec.resolved_by or "octocat") if spec.resolved else None,
            comments=[
                self.comment(c.author, c.body, c.created_at, opened) for c in spec.all_comments()
            ],
        )

    # --- checks, statuses, deployments ---------------------------------------------------------

    def checks(self) -> None:
        self.repo.check_runs = [self.check_run(run) for run in self.spec.check_runs]
        self.repo.statuses = [
            CommitStatus(
                id=self.state.new_id(),
                sha=self.sha(status.commit),
                state=status.state,
                context=status.context,
                creator=status.creator,
                created_at=self.when(status.created_at),
                description=status.description,
                target_url=status.target_url,
            )
            for status in self.spec.statuses
        ]
        self.repo.deployments = [self.deployment(spec) for spec in self.spec.deployments]

    def check_run(self, spec: CheckRunSpec) -> CheckRun:
        sha = self.sha(spec.commit)
        done = spec.status == "completed"
        completed = self.when(spec.completed_at) if done else None
        return CheckRun(
            id=self.state.new_id(),
            name=spec.name,
            head_sha=sha,
            status=spec.status,
            conclusion=(spec.conclusion or "success") if done else None,
            app=spec.app,
            suite_id=self.repo.suite_id(sha, spec.app, self.state.new_id),
            started_at=self.when(spec.started_at, completed),
            completed_at=completed,
            details_url=spec.details_url,
            external_id=spec.external_id,
            title=spec.title,
            summary=spec.summary,
        )

    def deployment(self, spec: DeploymentSpec) -> Deployment:
        created = self.when(spec.created_at)
        sha = self.sha(spec.commit)
        branch = spec.commit if spec.commit in self.repo.branches else None
        statuses = [
            DeploymentStatus(
                id=self.state.new_id(),
                state=status.state,
                environment=spec.environment,
                creator=status.creator,
                created_at=self.when(status.created_at, created),
                description=status.description,
                environment_url=status.environment_url,
                log_url=status.log_url,
            )
            for status in spec.statuses
        ]
        return Deployment(
            id=self.state.new_id(),
            sha=sha,
            ref=spec.ref or branch or sha,
            task=spec.task,
            environment=spec.environment,
            creator=spec.creator,
            created_at=created,
            description=spec.description,
            statuses=statuses,
        )

    def link_sub_issues(self) -> None:
        for number, spec in self.numbered_specs:
            umbrella = self.repo.issues[number]
            for reference in spec.sub_issues:
                target = parse_issue_reference(reference, self.repo.full_name)
                found = self.state.issue_at(target)
                if found is None:
                    raise ScenarioError(
                        f"{self.repo.full_name}#{number}: sub-issue {target[0]}#{target[1]} is "
                        "not in the scenario"
                    )
                umbrella.sub_issues.append((found[0].full_name, found[1].number))
                found[1].parent = (self.repo.full_name, number)
