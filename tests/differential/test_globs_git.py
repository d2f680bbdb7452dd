"""releasegate's globs against `git check-ignore` on real files in a real repository.

Hypothesis generates globs from pieces that cover what a .gitignore line can hold (literals,
escapes, `*`, `?`, `**` at the start, middle and end and inside names, brackets with ranges,
`!`/`^`, `]` first, escapes and POSIX classes, good and bad; leading and trailing slashes,
`!`, `#`, trailing spaces, escaped and not) and file trees that those globs often hit (each
glob also yields a path built to match it). Every glob is compared with git on every path of
its tree; one git call answers a whole tree (see ``git_oracle``).

A case is one (glob or glob list, path) comparison. Each test runs at least
RELEASEGATE_DIFFERENTIAL_CASES of them (default 5000) from a fixed seed, so CI is
repeatable; run more, or from fresh random seeds, with

    RELEASEGATE_DIFFERENTIAL_CASES=200000 pytest tests/differential
    RELEASEGATE_DIFFERENTIAL_CASES=50000 RELEASEGATE_DIFFERENTIAL_RANDOM=1 pytest tests/differential
"""

from __future__ import annotations

import math
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from differential.git_oracle import GitIgnoreOracle
from releasegate.globs import ProblemKind, glob_problem, selects

CASES = int(os.environ.get("RELEASEGATE_DIFFERENTIAL_CASES", "5000"))
RANDOM = os.environ.get("RELEASEGATE_DIFFERENTIAL_RANDOM") == "1"
GLOBS_PER_TREE = 12
LISTS_PER_TREE = 8
PATHS_PER_TREE = 12

# SPEC §2: what may be a policy error, and nothing else.
SPEC_KINDS = {
    ProblemKind.NOT_A_GLOB,  # empty, or `!` alone
    ProblemKind.RELATIVE,  # ./src/**, ../x
    ProblemKind.COMMENT,  # #infra/**
    ProblemKind.BRACES,  # src/**/*.{ts,tsx}
    ProblemKind.BAD_BRACKET,  # src/[, src/[z-a]
    ProblemKind.FOLDERS_ONLY_NEGATION,  # !*/, !data/**/
    ProblemKind.NEVER_MATCHES,  # /, a//b, ... : can never match a repository path
}


def examples(cases_per_example: int) -> settings:
    return settings(
        max_examples=math.ceil(CASES / cases_per_example),
        derandomize=not RANDOM,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# --- globs -----------------------------------------------------------------------------------
# Mostly clean globs, which can tell a wrong matcher from git's; one in five is noisy, with
# what releasegate refuses (bad brackets, `./`, `#`, `//`, a lone `\\`), to check that.

LITERALS = st.sampled_from(
    ["a", "b", "ab", "src", "x", ".md", ".", "-", "_", "A", "1", "é", " ", "#", "!", "{", "}",
     ",", ":", "^", "]", "{a,b}", "f", "\t"]
)  # fmt: skip
ESCAPES = st.sampled_from(["\\" + char for char in "*?[]\\ !#a-/{."])
WILDCARDS = st.sampled_from(["*", "**", "***", "?", "*a*", "*.md", "a**", "**a", "a**b"])
GOOD_ITEMS = ["a", "b", "z", "A", "1", "]", "-", "^", "!", ".", " ", "é", "\\]", "\\-",
              "\\\\", "\\[", "a-c", "0-9", "\\1-\\3", "a-\\]", "-a", "a-", "[:digit:]",
              "[:upper:]", "[:xdigit:]", "[:alpha:]", "[:space:]", "[:punct:]", "[:lower:]",
              "[:alnum:]", "[:blank:]", "[:", ":", "["]  # fmt: skip
BAD_ITEMS = ["/", "z-a", "[:foo:]", "[::]", "[:digit:"]


def brackets(items: list[str], closed: st.SearchStrategy[bool]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda negation, members, close: "[" + negation + "".join(members) + ("]" * close),
        st.sampled_from(["", "", "!", "^"]),
        st.lists(st.sampled_from(items), min_size=1, max_size=3),
        closed,
    )


def segments(pieces: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.lists(pieces, min_size=1, max_size=3).map("".join),
        st.just("**"),
        st.sampled_from(["src", "a", "x", "generated", "data"]),
    )


CLEAN = segments(st.one_of(LITERALS, ESCAPES, WILDCARDS, brackets(GOOD_ITEMS, st.just(True))))
NOISY = segments(
    st.one_of(
        LITERALS,
        ESCAPES,
        WILDCARDS,
        brackets(GOOD_ITEMS + BAD_ITEMS, st.sampled_from([True, False])),
    )
)
STARTS = ["", "", "", "/", "**/"]
ENDS = ["", "", "", "/", "/**", " ", "\\ ", "\\\\ ", "  "]


@st.composite
def globs(draw: st.DrawFn, *, plain_start: bool = False) -> str:
    noisy = draw(st.sampled_from([False] * 4 + [True]))
    parts = draw(st.lists(NOISY if noisy else CLEAN, min_size=1, max_size=4))
    glob = parts[0]
    for part in parts[1:]:
        glob += draw(st.sampled_from(["/"] * 6 + ["\\/"] + ["//"] * noisy)) + part
    starts = STARTS + ([] if plain_start else ["!", "!/"]) + ["./", "../", "#"] * noisy
    glob = draw(st.sampled_from(starts)) + glob + draw(st.sampled_from(ENDS + ["\\"] * noisy))
    if plain_start and glob.startswith(("#", "!")):
        glob = "x" + glob
    return glob


# --- paths -----------------------------------------------------------------------------------

NAMES = st.sampled_from(
    ["a", "b", "ab", "src", "x", "a.md", ".x", "A1", "foo", "é", "b ", "-", "_", ":", "#x",
     "!a", "{a,b}", "]", "[", "\\", "a b", "1", "F", "\t", "\x0b", "\x0c", "generated",
     "data", "main.tf"]
)  # fmt: skip
FORBIDDEN_NAMES = {"", ".", "..", ".git", ".gitignore"}


def _instance(glob: str, draw: st.DrawFn) -> str:
    """A path the glob probably matches: wildcards filled in, brackets given a member."""
    text, out, index = glob.lstrip("!").rstrip(" "), [], 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            out.append(text[index + 1])
            index += 2
            continue
        if char == "*":
            end = index
            while end < len(text) and text[end] == "*":
                end += 1
            # Fills with slashes make the near misses that tell `*` from `**`.
            fill = (
                ["", "a", "x/y", "a/b/c", "x.md"] if end - index > 1 else ["", "a", "b.md", "x/y"]
            )
            out.append(draw(st.sampled_from(fill)))
            # `**/` may match nothing, its slash included, where it is a whole segment.
            skip = end - index > 1 and text[end : end + 1] == "/" and draw(st.booleans())
            index = end + skip
            continue
        if char == "[":
            end = text.find("]", index + 2)
            inside = text[index + 1 : end if end > 0 else len(text)].lstrip("!^")
            out.append(draw(st.sampled_from(_members(inside))))
            index = end + 1 if end > 0 else len(text)
            continue
        out.append(draw(NAMES) if char == "?" and draw(st.booleans()) else char)
        index += 1
    path = "".join(out)
    if draw(st.booleans()):
        path = draw(st.sampled_from(["a/", "src/", "x/y/"])) + path
    if draw(st.booleans()):
        path += "/" + draw(NAMES)
    return _valid(path)


# Members and near misses of each class, where git's ctype differs from C's (\v, \f, é).
CLASS_SAMPLES = {
    "space": " \t\x0b\x0c",
    "blank": " \t\x0b",
    "punct": "!_é",
    "alpha": "aZé",
    "digit": "09a",
}


def _members(inside: str) -> list[str]:
    samples = [CLASS_SAMPLES.get(name, "a") for name in re.findall(r"\[:(\w*):\]", inside)]
    return [*inside.replace("\\", ""), *"".join(samples)] or ["a"]


def _valid(path: str) -> str:
    parts = [part if part not in FORBIDDEN_NAMES - {""} else "d" for part in path.split("/")]
    return "/".join(part for part in parts if part) or "d"


def tree(globs_drawn: list[str], draw: st.DrawFn, size: int = PATHS_PER_TREE) -> list[str]:
    """``size`` file paths: paths built to match the globs first, then random ones."""
    wanted = [_instance(glob, draw) for glob in globs_drawn]
    wanted += [_valid("/".join(draw(st.lists(NAMES, min_size=1, max_size=4)))) for _ in range(6)]
    paths: list[str] = []
    for path in wanted:
        # A file cannot also be a folder.
        if not any(
            path == p or p.startswith(path + "/") or path.startswith(p + "/") for p in paths
        ):
            paths.append(path)
    fillers = [f"t{n}/{name}" for n, name in enumerate(["a", "x.md", "src", "é"] * 3)]
    return (paths + fillers)[:size]


# --- the tests -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def git(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GitIgnoreOracle]:
    # Thousands of small files: on a tmpfs when there is one, as creating and deleting them on
    # a disk mounted with `discard` takes a millisecond each.
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        folder = Path(tempfile.mkdtemp(prefix="releasegate-globs-", dir=shm))
    else:
        folder = tmp_path_factory.mktemp("globs")
    yield GitIgnoreOracle(folder / "repo")
    shutil.rmtree(folder)


@dataclass
class Tally:
    cases: int = 0
    taken_back: int = 0
    "Files below a folder git ignores that a later '!' glob takes back (SPEC §2's example)."
    dropped_with_folder: int = 0
    "Files git ignores that releasegate drops because a '!' glob matches their folder."


def test_every_glob_selects_what_git_ignores(git: GitIgnoreOracle) -> None:
    tally = Tally()

    @examples(GLOBS_PER_TREE * PATHS_PER_TREE)
    @given(
        st.lists(globs(), min_size=GLOBS_PER_TREE, max_size=GLOBS_PER_TREE, unique=True), st.data()
    )
    def check(drawn: list[str], data: st.DataObject) -> None:
        paths = tree(drawn, data.draw)
        answers = git.ignored([[glob] for glob in drawn], paths)
        for glob, ignored in zip(drawn, answers, strict=True):
            ours = [selects((glob,), path) for path in paths]
            assert _differences(paths, ours, ignored) == [], f"glob {glob!r}"
            _assert_problem_is_from_the_spec(glob, ignored)
        tally.cases += len(drawn) * len(paths)

    check()
    assert tally.cases >= CASES


def _assert_problem_is_from_the_spec(glob: str, ignored: list[bool]) -> None:
    problem = glob_problem(glob)
    if problem is None:
        return
    assert problem.kind in SPEC_KINDS, (glob, problem)
    assert problem.message.startswith(f"'{glob}' "), problem.message
    if problem.matches_nothing:
        assert not any(ignored), f"{glob!r} is refused as matching nothing, but git matches"


def test_glob_lists_decide_by_the_last_glob_that_selects_the_file(git: GitIgnoreOracle) -> None:
    """SPEC §2: each glob of a list selects a file as it would alone (its path or a folder
    matches, as git says for that glob alone), and the last one that selects it decides.
    That is git's answer, except that git never takes back a file below a folder it ignores,
    and a '!' line only lets git look inside a folder, not drop the files below it."""
    tally = Tally()

    @examples(LISTS_PER_TREE * PATHS_PER_TREE)
    @given(
        st.lists(
            st.lists(globs(plain_start=True), min_size=2, max_size=4, unique=True).flatmap(
                _negate_some
            ),
            min_size=LISTS_PER_TREE,
            max_size=LISTS_PER_TREE,
        ),
        st.data(),
    )
    def check(lists: list[list[str]], data: st.DataObject) -> None:
        paths = tree([glob for globs_ in lists for glob in globs_], data.draw)
        everything = paths + sorted(_parents(paths))
        alone = sorted({glob.removeprefix("!") for globs_ in lists for glob in globs_})
        alone_answers = dict(zip(alone, git.ignored([[g] for g in alone], everything), strict=True))
        list_answers = git.ignored(lists, everything)
        for globs_, git_answer in zip(lists, list_answers, strict=True):
            for index, path in enumerate(paths):
                ours = selects(tuple(globs_), path)
                documented = _last_selecting(
                    globs_, [alone_answers[g.removeprefix("!")][index] for g in globs_]
                )
                assert ours == documented, (globs_, path)
                if ours != git_answer[index]:
                    taken_back = _documented_difference(
                        globs_, path, everything, git_answer, alone_answers
                    )
                    tally.taken_back += taken_back
                    tally.dropped_with_folder += not taken_back
        tally.cases += len(lists) * len(paths)

    check()
    assert tally.cases >= CASES
    assert tally.taken_back > 0, "the generator never reached a file git cannot take back"
    assert tally.dropped_with_folder > 0, "the generator never dropped a file with its folder"


def _negate_some(globs_: list[str]) -> st.SearchStrategy[list[str]]:
    flags = st.lists(st.booleans(), min_size=len(globs_), max_size=len(globs_))
    return flags.map(
        lambda negate: [("!" if n else "") + g for g, n in zip(globs_, negate, strict=True)]
    )


def _parents(paths: list[str]) -> set[str]:
    return {"/".join(p.split("/")[:depth]) for p in paths for depth in range(1, p.count("/") + 1)}


def _last_selecting(globs_: list[str], alone: list[bool]) -> bool:
    """The documented rule, from what git says of each glob alone (``alone``, in order)."""
    for glob, selected in zip(reversed(globs_), reversed(alone), strict=True):
        if selected:
            return not glob.startswith("!")
    return False


def _documented_difference(
    globs_: list[str],
    path: str,
    everything: list[str],
    git_answer: list[bool],
    alone: dict[str, list[bool]],
) -> bool:
    """git ignores the file and releasegate does not select it, because git ignores a folder
    of the file, where a later '!' glob cannot take it back (True), or because a '!' glob
    matches a folder of the file, which in git only lets it look inside (False)."""
    assert git_answer[everything.index(path)], (globs_, path, "releasegate selects more")
    folders = [everything.index(path.rsplit("/", up)[0]) for up in range(1, path.count("/") + 1)]
    folder_ignored = any(git_answer[folder] for folder in folders)
    negated_folder = any(
        alone[glob.removeprefix("!")][folder]
        for glob in globs_
        if glob.startswith("!")
        for folder in folders
    )
    assert folder_ignored or negated_folder, (globs_, path)
    return folder_ignored


def _differences(paths: list[str], ours: list[bool], git_says: list[bool]) -> list[str]:
    return [
        f"{p!r}: git {g}, releasegate {o}"
        for p, o, g in zip(paths, ours, git_says, strict=True)
        if o != g
    ]


# Where git's rules are subtle: each glob here pins one, and a matcher that gets it wrong
# disagrees with git on a path built from the glob or on one of NEAR_MISSES.
SUBTLE = [
    "a**/b", "src/a**/b", "a**",  # dir.c compares "a" itself; wildmatch then sees `**` first
    "**\\/b", "x/**\\/b",  # before an escaped slash, `**` cannot match nothing
    "foo[^a-z]bar", "src/**/", "*/", "a/*/b", "a/**/b", "**/x", "x/**", "a**b", "/infra", "infra",
    "[\\]]", "[\\1-\\3]", "[::]", "[[::]]", "[]a]", "[!]a]", "[a-]]", "[[:digit:]-z]", "[z-a]",
    "[[:digit:]]", "[[:upper:]]x", "[[:xdigit:]]", "[[:space:]]", "[[:blank:]]", "[[:punct:]]",
    "[[:cntrl:]]", "[[:graph:]]", "[[:print:]]", "a[\\-_]", "[!a]", "[é]", "é?", "?", "??",
    "a\\\\ ", "a\\ ", "a ", "a\\", "\\#x", "\\!x", "*.md", "!x", "!x/",
]  # fmt: skip
NEAR_MISSES = [
    "ab", "a/b", "ax/y/b", "ax/b", "b", "x/b", "x/y/b", "foo/bar", "foo-bar", "fooAbar",
    "src/app.py", "src/a/b.py", "src/ab", "src/ax/y/b", "\x0b", "\x0c", " ", "\t", "\x01", "~",
    "a\\", "a ", "a\\ ", "]", "-", "1", "2", ":", "z", "é", "éa", "#x", "!x", "x", "a-", "a_",
    "infra/main.tf", "d/infra/y", "a.md", "d/a.md",
]  # fmt: skip


def test_subtle_rules_of_git_hold(git: GitIgnoreOracle) -> None:
    tally = Tally()

    @examples(len(SUBTLE) * 60)
    @given(st.data())
    def check(data: st.DataObject) -> None:
        instances = tree(SUBTLE * 2, data.draw, size=80)
        paths = [p for p in dict.fromkeys(NEAR_MISSES + instances) if p not in _parents(instances)]
        paths = [p for p in paths if not any(q.startswith(p + "/") for q in paths)]
        answers = git.ignored([[glob] for glob in SUBTLE], paths)
        for glob, ignored in zip(SUBTLE, answers, strict=True):
            ours = [selects((glob,), path) for path in paths]
            assert _differences(paths, ours, ignored) == [], f"glob {glob!r}"
        tally.cases += len(SUBTLE) * len(paths)

    check()
    assert tally.cases >= CASES


def test_the_oracle_sees_what_a_repository_would(git: GitIgnoreOracle) -> None:
    answers = git.ignored([["infra"], ["!infra"], ["src/**", "!src/generated/**"]], [
        "infra/main.tf", "src/generated/x.ts", "src/a.ts", "README.md"
    ])  # fmt: skip
    assert answers == [
        [True, False, False, False],
        [False, False, False, False],
        [False, True, True, False],
    ]
