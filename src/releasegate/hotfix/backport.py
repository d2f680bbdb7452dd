"""`releasegate hotfix backport`: put a merged hotfix back on main as a pull request (SPEC §5).

Settings come from the policy's ``hotfix:`` section; the policy file is optional here (all
defaults when the default file is absent; a ``--policy`` given must exist). A PR that was not
merged, not into production, or not from a hotfix head is a one-line no-op. Otherwise: fetch,
check that the merge commit is on production, find what the PR put on production, and unless
a finished backport exists (a merged PR from the backport branch, or an open one whose last
step, the comment on the original, is there), cherry-pick it in a scratch work tree
onto ``origin/<target>`` and push that one branch (``prepare``); then open the PR, or report
the conflict (an issue, or a draft PR with the conflicted state), and take the steps that
follow (``outcomes``, ``steps``). Every write is found again on a re-run, and a PR or issue
an earlier run opened but did not finish is finished.
The run ends in a ``BackportResult``, shown once by ``report``; its exit code is the result's.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from releasegate.context import Inputs, resolve_subject
from releasegate.errors import FactsError, UsageError
from releasegate.facts import PULL_REQUEST_EVENTS
from releasegate.facts.git import ABBREVIATED_SHA
from releasegate.git.checkout import REMOTE, checkout_path, remote_ref
from releasegate.github.client import GitHub
from releasegate.hotfix import github as rest
from releasegate.hotfix import outcomes
from releasegate.hotfix.commits import commits_put_on_production, is_on_branch
from releasegate.hotfix.messages import Backport
from releasegate.hotfix.options import BACKPORT_TOKEN_VARIABLE, BackportOptions
from releasegate.hotfix.prepare import prepare_branch
from releasegate.hotfix.remote import Remote
from releasegate.hotfix.report import emit
from releasegate.hotfix.result import BackportResult, nothing_to_do
from releasegate.hotfix.run import BackportRun
from releasegate.policy.models import HotfixSettings
from releasegate.policy.types import branch_matches


def run_backport(inputs: Inputs, options: BackportOptions) -> int:
    result = backport_hotfix(inputs, options)
    outputs = os.environ.get("GITHUB_OUTPUT")  # a dry run sets no step outputs
    outputs_file = Path(outputs) if outputs and not options.dry_run else None
    emit(result, outputs=outputs_file, in_actions=inputs.in_actions)
    return result.exit_code


def backport_hotfix(inputs: Inputs, options: BackportOptions) -> BackportResult:
    settings = hotfix_settings(options.policy_path, required=options.policy_required)
    target = options.target or settings.main
    if target == settings.production:
        raise UsageError(
            f"the backport target '{target}' is the production branch; pass --target with the "
            "branch hotfixes go back to (hotfix.main in the policy)"
        )
    found = pull_request_number(inputs)
    if isinstance(found, str):
        return nothing_to_do(found)
    repository, number = found
    branch = backport_branch(settings, number, target)
    token = options.backport_token or os.environ.get(BACKPORT_TOKEN_VARIABLE) or None
    reader = connect_with(inputs, inputs.token or token)
    writer = connect_with(inputs, token) if token else reader
    try:
        repo = rest.Repository.parse(repository)
        pull = rest.read_pull(reader, repo, number)
        if reason := not_a_hotfix(pull, settings):
            return nothing_to_do(reason)
        protected = {target, settings.main, settings.production}
        remote = Remote(checkout_path(), token or inputs.token, protected)
        run = BackportRun(reader, writer, repo, pull, settings, remote, options)
        return _backport(run, target, branch)
    finally:
        reader.close()
        if writer is not reader:
            writer.close()


def hotfix_settings(path: Path, *, required: bool) -> HotfixSettings:
    from releasegate.policy.load import load_settings_policy  # noqa: PLC0415 - ruamel, pydantic

    policy = load_settings_policy(path, required=required)
    return (policy.hotfix if policy else None) or HotfixSettings()


def pull_request_number(inputs: Inputs) -> tuple[str, int] | str:
    """The repository and PR number to backport, or a one-line note why there is none."""
    target = resolve_subject(inputs)
    if (
        isinstance(target, str)
        or target.pr_number is None
        or (inputs.pr is None and target.event not in PULL_REQUEST_EVENTS)
    ):
        event = inputs.event_name or "(none)"
        return (
            f"hotfix backport acts on closed pull requests (pull_request 'closed' events, or "
            f"--pr N); nothing to do for the event '{event}'"
        )
    action = target.payload.get("action")
    if inputs.pr is None and action not in (None, "closed"):
        return f"pull request #{target.pr_number} was {action}, not closed; nothing to backport"
    return target.repository, target.pr_number


def not_a_hotfix(pull: rest.HotfixPull, settings: HotfixSettings) -> str | None:
    if not pull.merged:
        return f"pull request #{pull.number} was not merged; nothing to backport"
    if pull.base_ref != settings.production:
        return (
            f"pull request #{pull.number} was merged into '{pull.base_ref}', not the production "
            f"branch '{settings.production}'; nothing to backport"
        )
    if not branch_matches((settings.head_pattern,), pull.head_ref):
        return (
            f"pull request #{pull.number} comes from '{pull.head_ref}', which does not match the "
            f"hotfix head pattern '{settings.head_pattern}'; nothing to backport"
        )
    return None


def backport_branch(settings: HotfixSettings, number: int, target: str) -> str:
    template = settings.branch_template
    if "{number}" not in template:
        raise UsageError(
            f"hotfix.branch-template '{template}' must contain {{number}}, so that each pull "
            "request gets a backport branch of its own"
        )
    try:
        return template.format(number=number, target=target)
    except (KeyError, IndexError, ValueError):
        raise UsageError(
            f"hotfix.branch-template '{template}' may only use the placeholders {{number}} and "
            "{target}"
        ) from None


def connect_with(inputs: Inputs, token: str | None) -> GitHub:
    from releasegate.github.connect import connect  # noqa: PLC0415 - the one place clients are made

    return connect(replace(inputs, token=token))


def require_on_production(run: BackportRun, merge_commit: str) -> None:
    """Before anything else: a merge commit that production does not have would be picked
    as if it were the hotfix (and, being on main, reported as already backported)."""
    production = run.settings.production
    if is_on_branch(run.remote.git, merge_commit, remote_ref(production)):
        return
    raise FactsError(
        f"The merge commit {merge_commit[:ABBREVIATED_SHA]} of pull request #{run.pull.number} "
        f"is not on the production branch '{production}' (as fetched from {REMOTE} just now), "
        "so what the pull request put on production cannot be told and nothing was "
        "backported. The branch was probably reset or force-pushed after the merge; check "
        f"that the fix is still on '{production}', then run again."
    )


def _backport(run: BackportRun, target: str, branch: str) -> BackportResult:
    pull, production = run.pull, run.settings.production
    if pull.merge_commit_sha is None:
        raise FactsError(f"GitHub reports no merge commit for pull request #{pull.number}")
    run.remote.fetch_branches(target, production)
    require_on_production(run, pull.merge_commit_sha)
    run.remote.fetch_pull_head(pull.number)  # absent for some PRs; only multi-commit ones need it
    picks = commits_put_on_production(
        run.remote.git,
        merge_commit_sha=pull.merge_commit_sha,
        pr_head_sha=pull.head_sha,
        pr_commit_count=pull.commits,
    )
    backport = Backport(
        pull.number, pull.title, pull.url, production, target, branch, picks.method.value
    )
    found = outcomes.find_earlier(run, backport)
    if found is not None and outcomes.finished(run, backport, found):
        return outcomes.exists(backport, found)
    # With an unfinished pull request there is nothing to push: only its steps to finish.
    push = found is None and not run.options.dry_run
    prepared = prepare_branch(run, backport, picks.commits, push=push)
    return outcomes.finish(run, backport, prepared, found)
