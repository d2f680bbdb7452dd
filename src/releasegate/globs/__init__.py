"""Gitignore-style globs (SPEC §2), matched as git matches them, in time linear in the path.

A glob is read as git reads one line of a .gitignore (dir.c: comments, trailing spaces, `!`,
a trailing `/` for folders only, a glob without a slash matching a name at any depth, a
leading `/` anchoring) and matched as git's wildmatch.c matches it with WM_PATHNAME, on the
path's UTF-8 bytes: `*`, `?` and brackets (ranges, `!`/`^`, POSIX classes, escapes) never
match '/', and `**` crosses folders only as a whole path segment (`**/x`, `x/**`, `a/**/b`).

A glob selects a file when it matches the file's path or a folder the file is in (`infra`
selects `infra/main.tf`; `src/**/` selects `src/a/b.py` but not `src/app.py`). Where a list
differs from a .gitignore: it is applied to each file's own path and the last glob that
selects the file decides, so a `!` glob can take back a file below a folder that an earlier
glob selected (`["src/**", "!src/generated/**"]`), and a `!` glob that matches a folder drops
every file below it.

Matching is a bit-parallel automaton (``automaton.py``), never backtracking; ``glob_problem``
says which globs are policy errors.
"""

from releasegate.globs.match import CompiledGlob, compile_glob, selects
from releasegate.globs.problems import GlobProblem, ProblemKind, glob_problem

__all__ = ["CompiledGlob", "GlobProblem", "ProblemKind", "compile_glob", "glob_problem", "selects"]
