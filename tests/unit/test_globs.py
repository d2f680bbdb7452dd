"""Globs as git matches them (SPEC §2): the cases pathspec got wrong, the list rule, anchored
branch globs, and work that stays linear in the path whatever the glob.

tests/differential/ compares all of this with `git check-ignore` on generated globs."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from releasegate.policy.types import branch_matches, paths_match

# (glob, path, selected): each was wrong with pathspec and is git's answer here.
AS_GIT_DOES = [
    pytest.param("foo[^a-z]bar", "foo/bar", False, id="a bracket never matches a slash"),
    pytest.param("foo[^a-z]bar", "foo-bar", True, id="negated bracket"),
    pytest.param("src/**/", "src/app.py", False, id="src/**/ is the folders below src"),
    pytest.param("src/**/", "src/a/b.py", True, id="src/**/ selects files in them"),
    pytest.param("[\\]]", "]", True, id="escaped ] in a bracket"),
    pytest.param("[\\]]", "\\", False, id="escaped ] is not a backslash"),
    pytest.param("[\\1-\\3]", "2", True, id="range with escaped ends"),
    pytest.param("[\\1-\\3]", "\\", False, id="escaped range ends are not backslashes"),
    pytest.param("[[::]]", ":]", False, id="malformed class matches nothing"),
    pytest.param("[[:digit:]]", "7", True, id="POSIX digit"),
    pytest.param("[[:upper:]]", "Q", True, id="POSIX upper"),
    pytest.param("[[:xdigit:]]", "f", True, id="POSIX xdigit"),
    pytest.param("a[\\-_]", "a-", True, id="escaped dash in a bracket"),
    pytest.param("a\\\\ ", "a\\", True, id="escaped backslash, then a trailing space"),
    pytest.param("infra", "infra/main.tf", True, id="a folder name selects the files below"),
    pytest.param("a**/b", "ax/y/b", True, id="git's dir.c: a leading ** after a literal start"),
]


@pytest.mark.parametrize(("glob", "path", "selected"), AS_GIT_DOES)
def test_globs_match_as_git_does(glob: str, path: str, selected: bool) -> None:
    assert paths_match((glob,), path) is selected


@pytest.mark.parametrize(
    ("globs", "path", "selected"),
    [
        (("src/**", "!src/generated/**"), "src/generated/x.ts", False),
        (("src/**", "!src/generated/**"), "src/app.ts", True),
        (("src/generated", "!src/generated/keep.ts"), "src/generated/keep.ts", False),
        (("src/generated", "!src/generated/keep.ts"), "src/generated/other.ts", True),
        (("**/*.md", "!docs"), "docs/guide.md", False),
        (("!docs", "**/*.md"), "docs/guide.md", True),
        (("!src/**",), "src/app.ts", False),
    ],
)
def test_the_last_glob_that_selects_a_file_decides(
    globs: tuple[str, ...], path: str, selected: bool
) -> None:
    """Unlike a .gitignore, a `!` glob takes back a file below a folder an earlier glob
    selected, and a `!` glob that matches a folder drops the files below it."""
    assert paths_match(globs, path) is selected


@pytest.mark.parametrize(
    ("globs", "branch", "matched"),
    [
        (("main",), "main", True),
        (("main",), "users/main", False),
        (("release/*",), "release/1.2", True),
        (("release/*",), "hotfix/release/1.2", False),
        (("**/main",), "users/main", True),
        (("*", "!main"), "main", False),
        (("[[:digit:]]*",), "2024-freeze", True),
    ],
)
def test_branch_globs_are_anchored(globs: tuple[str, ...], branch: str, matched: bool) -> None:
    assert branch_matches(globs, branch) is matched


# --- work done -------------------------------------------------------------------------------


def lines_run(call: Callable[[], object]) -> int:
    """Lines of releasegate.globs executed by ``call``: the matcher's work, whatever it does."""
    import releasegate.globs

    package, count = str(Path(releasegate.globs.__file__).parent), 0

    def trace(frame, event, arg):  # type: ignore[no-untyped-def]
        nonlocal count
        if not frame.f_code.co_filename.startswith(package):
            return None
        count += event == "line"
        return trace

    sys.settrace(trace)
    try:
        call()
    finally:
        sys.settrace(None)
    return count


@pytest.mark.parametrize(
    ("glob", "path_of_length"),
    [
        ("*a*a*a*a*a*a*a*a*a*a", lambda n: "a" * (n - 1) + "b"),
        ("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a", lambda n: "a" * (n - 1) + "b"),
        ("**/a/**/a/**/a/**/a/**/a/**/b", lambda n: "a/" * (n // 2 - 1) + "bb"),
        ("**/**/**/**/**/**/**/**/**/**/**/x", lambda n: "a/" * (n // 2 - 1) + "xa"),
        ("a*" * 30 + "b", lambda n: "a" * n),
    ],
)
def test_work_grows_linearly_with_the_path_whatever_the_glob(
    glob: str, path_of_length: Callable[[int], str]
) -> None:
    """wildmatch backtracks: `*a*a*a*a*a*a` against 60 characters took pathspec 5 s and one
    `*a` more 38 s. Here doubling the path at most doubles the work, and no path is read
    more than a few lines of code per byte per token."""
    paths_match((glob,), "warm up: build the tables")
    work = {
        n: lines_run(lambda n=n: paths_match((glob,), path_of_length(n))) for n in (200, 400, 800)
    }
    assert not paths_match((glob,), path_of_length(800))
    assert work[400] <= 2.2 * work[200] and work[800] <= 2.2 * work[400], work
    assert work[800] <= 8 * 800 * (glob.count("*") + 2), work
