"""The backport's git traffic with ``origin``: fetch the branches, look for one, push one.

With a token and an https remote, git authenticates with an ``http.<origin>/.extraheader``
set through ``GIT_CONFIG_*`` environment variables: the token is never in a URL, a command
line or a message. The same key as actions/checkout's, reset first, so the header replaces
the checkout's persisted one instead of being sent beside it. Other remotes (ssh, a local
path) use git's own credentials.

The only ref ever pushed is ``refs/heads/<backport branch>``, by an explicit refspec, never
forced, and never a protected branch (main, production).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from releasegate.errors import GitError
from releasegate.git.checkout import REMOTE
from releasegate.git.command import Git, failure

_WORKFLOW_REFUSAL = re.compile(
    r"refusing to allow .*workflow|without .?workflows?.? (permission|scope)", re.IGNORECASE
)


class ConfiguredGit(Git):
    """Git with extra configuration passed through the environment, not the command line."""

    def __init__(self, checkout: Path, config: Sequence[tuple[str, str]]) -> None:
        super().__init__(checkout)
        self._env = {**self._env, **config_environment(self._env, config)}


def config_environment(env: Mapping[str, str], config: Sequence[tuple[str, str]]) -> dict[str, str]:
    """``GIT_CONFIG_COUNT``/``KEY_n``/``VALUE_n`` adding ``config`` after any already set."""
    start = int(env.get("GIT_CONFIG_COUNT") or 0)
    added = {"GIT_CONFIG_COUNT": str(start + len(config))}
    for index, (key, value) in enumerate(config, start=start):
        added[f"GIT_CONFIG_KEY_{index}"] = key
        added[f"GIT_CONFIG_VALUE_{index}"] = value
    return added


def auth_header(token: str) -> str:
    credentials = base64.b64encode(f"x-access-token:{token}".encode()).decode("ascii")
    return f"AUTHORIZATION: basic {credentials}"


class Remote:
    """``origin`` of one checkout, reached with ``token`` when it is an https remote."""

    def __init__(self, checkout: Path, token: str | None, protected: Collection[str]) -> None:
        self.git = Git(checkout)
        self.protected = frozenset(protected)
        self._secrets = (token, auth_header(token).split()[-1]) if token else ()
        self._git = self.git
        if token:
            self._git = ConfiguredGit(checkout, self._header_config(auth_header(token)))

    def _header_config(self, header: str) -> list[tuple[str, str]]:
        urls = [
            self.git.run("remote", "get-url", *flag, REMOTE).strip() for flag in ((), ("--push",))
        ]
        keys = dict.fromkeys(key for key in map(_header_key, urls) if key)
        # An empty value first: it clears the header the checkout may have persisted.
        return [entry for key in keys for entry in ((key, ""), (key, header))]

    def fetch_branches(self, *branches: str) -> None:
        self.git.require_full_history()
        refspecs = [f"+refs/heads/{b}:refs/remotes/{REMOTE}/{b}" for b in branches]
        self._run("fetch", "--quiet", "--no-tags", REMOTE, *refspecs)

    def fetch_pull_head(self, number: int) -> bool:
        """Fetch the PR's head (``refs/pull/N/head``); False when the remote has no such ref."""
        refspec = f"+refs/pull/{number}/head:refs/releasegate/pr-{number}-head"
        return self._git.attempt("fetch", "--quiet", "--no-tags", REMOTE, refspec).ok

    def has_branch(self, branch: str) -> bool:
        return bool(self._run("ls-remote", "--heads", REMOTE, f"refs/heads/{branch}").strip())

    def has_tree_of(self, branch: str, work: Git) -> bool:
        """Whether origin's ``branch`` holds exactly the files of ``work``'s HEAD."""
        self.fetch_branches(branch)
        theirs = self.git.run("rev-parse", f"refs/remotes/{REMOTE}/{branch}^{{tree}}").strip()
        return theirs == work.run("rev-parse", "HEAD^{tree}").strip()

    def push_branch(self, branch: str) -> None:
        """Push the local ``branch`` to the same name on origin: that ref only, never forced."""
        self._refuse_protected(branch)
        refspec = f"refs/heads/{branch}:refs/heads/{branch}"
        output = self._git.attempt("push", "--quiet", REMOTE, refspec)
        if output.ok:
            return
        if _WORKFLOW_REFUSAL.search(output.stderr):
            raise GitError(
                f"The push of '{branch}' was refused because the backport touches "
                ".github/workflows/ and the token lacks the `workflows` permission; give the "
                "backport a token that has it through `backport-token` (--backport-token or "
                "RELEASEGATE_BACKPORT_TOKEN)."
            )
        raise self._scrubbed(failure(output))

    def _refuse_protected(self, branch: str) -> None:
        valid = self.git.attempt("check-ref-format", f"refs/heads/{branch}").ok
        if not valid or branch in self.protected or branch.startswith("-"):
            raise GitError(
                f"Refusing to push '{branch}': the backport only ever pushes a branch of its "
                f"own, never {', '.join(sorted(self.protected))}. Check hotfix.branch-template."
            )

    def _run(self, *args: str) -> str:
        output = self._git.attempt(*args)
        if not output.ok:
            raise self._scrubbed(failure(output))
        return output.stdout

    def _scrubbed(self, error: GitError) -> GitError:
        message = error.message
        for secret in self._secrets:
            message = message.replace(secret, "***")
        return GitError(message)


def _header_key(url: str) -> str | None:
    """actions/checkout's key for an https remote (``http.https://github.com/.extraheader``)."""
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        return None
    host = parts.hostname + (f":{parts.port}" if parts.port else "")
    return f"http.https://{host}/.extraheader"
