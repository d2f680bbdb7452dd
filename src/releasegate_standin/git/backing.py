"""A real git repository behind a stand-in repository (the scenario's ``git:`` key).

Tests of the hotfix automation push branches to a local git remote and then open pull
requests for them; with ``git:`` naming that remote, the stand-in sees those branches (read
live, so pushes during a run count) and the commits and files on them. Branches and commits
the scenario describes itself come first.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from releasegate_standin.state.records import Commit


@dataclass(frozen=True)
class GitBacking:
    path: Path

    def _git(self, *args: str) -> bytes | None:
        done = subprocess.run(
            ["git", "-C", str(self.path), *args], capture_output=True, check=False
        )
        return done.stdout if done.returncode == 0 else None

    def branch_sha(self, name: str) -> str | None:
        out = self._git("rev-parse", "--verify", "--quiet", f"refs/heads/{name}^{{commit}}")
        return out.decode().strip() if out else None

    def commit(self, rev: str) -> Commit | None:
        """The commit ``rev`` names, with every file of its tree."""
        out = self._git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
        if not out:
            return None
        sha = out.decode().strip()
        meta = self._git("show", "-s", "--format=%an%x00%ct%x00%P%x00%T%x00%B", sha)
        if meta is None:
            return None
        author, stamp, parents, tree, message = meta.decode().split("\0", 4)
        return Commit(
            sha=sha,
            files=self._files(sha),
            message=message.strip(),
            author=author,
            committed_at=datetime.fromtimestamp(int(stamp), UTC),
            parents=parents.split(),
            tree=tree,
        )

    def _files(self, sha: str) -> dict[str, bytes]:
        listing = self._git("ls-tree", "-r", "-z", "--full-tree", sha) or b""
        files = {}
        for entry in listing.split(b"\0"):
            if not entry:
                continue
            meta, _, path = entry.partition(b"\t")
            _mode, kind, blob = meta.split()
            if kind == b"blob":
                files[path.decode()] = self._git("cat-file", "blob", blob.decode()) or b""
        return files
