"""`git check-ignore` as the oracle for glob matching: real files in a real repository.

Each glob list gets its own folder with the list as that folder's .gitignore (a .gitignore's
globs are relative to its folder, so folder ``c3/`` with ``c3/.gitignore`` behaves as a
repository root would), and one ``git check-ignore --no-index --stdin`` call answers for
every (list, path) pair at once.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

_calls = itertools.count()


class GitIgnoreOracle:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        empty = root.parent / f"{root.name}-empty-gitconfig"
        empty.write_text("")
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
            "GIT_CONFIG_GLOBAL": str(empty),
            "GIT_CONFIG_NOSYSTEM": "1",
        }
        self._git("init", "--quiet")

    def ignored(self, lists: Sequence[Sequence[str]], paths: Sequence[str]) -> list[list[bool]]:
        """For each glob list, whether git ignores each path. The paths are created as files,
        except those that are a folder of another path."""
        batch = f"batch{next(_calls)}"
        folders = {
            "/".join(p.split("/")[:depth]) for p in paths for depth in range(1, p.count("/") + 1)
        }
        queries = [f"{batch}/c{i}/{path}".encode() for i in range(len(lists)) for path in paths]
        os.mkdir(self.root / batch)
        for index, globs in enumerate(lists):
            top = os.path.join(self.root, batch, f"c{index}")
            os.mkdir(top)
            with open(os.path.join(top, ".gitignore"), "wb") as gitignore:
                gitignore.write(_gitignore(globs))
            for folder in sorted(folders):  # parents sort first
                os.mkdir(os.path.join(top, folder))
            for path in paths:
                if path not in folders:
                    os.close(os.open(os.path.join(top, path), os.O_CREAT | os.O_WRONLY, 0o644))
        answers = self._check_ignore(queries)
        shutil.rmtree(self.root / batch)
        return [answers[i * len(paths) : (i + 1) * len(paths)] for i in range(len(lists))]

    def _check_ignore(self, queries: list[bytes]) -> list[bool]:
        completed = subprocess.run(
            [
                "git",
                "-c",
                "core.excludesFile=",
                "check-ignore",
                "--no-index",
                "--stdin",
                "-z",
                "-v",
                "-n",
            ],
            cwd=self.root,
            env=self.env,
            input=b"".join(q + b"\0" for q in queries),
            capture_output=True,
            check=False,
        )
        if completed.returncode not in (0, 1):
            raise AssertionError(f"git check-ignore failed: {completed.stderr.decode()}")
        fields = completed.stdout.split(b"\0")[:-1]
        records = [fields[i : i + 4] for i in range(0, len(fields), 4)]
        assert [r[3] for r in records] == queries, "git answered for other paths"
        # A record names the deciding pattern; a `!` pattern decides "not ignored".
        return [bool(r[0]) and not r[2].startswith(b"!") for r in records]

    def _git(self, *args: str) -> None:
        subprocess.run(["git", *args], cwd=self.root, env=self.env, check=True)


def _gitignore(globs: Sequence[str]) -> bytes:
    return b"".join(glob.encode("utf-8", "surrogateescape") + b"\n" for glob in globs)
