"""Globs that git would take but that cannot be what the policy's author meant (SPEC §2): a
glob that can never match a repository path, or that uses syntax git does not have. A group
that silently matches nothing is a gate that silently passes, so each is a policy error with
one sentence saying what is wrong and the fix."""

from __future__ import annotations

import itertools
from enum import Enum
from typing import NamedTuple

from releasegate.globs.brackets import CLASSES
from releasegate.globs.match import compile_glob
from releasegate.globs.syntax import Line, components, read_line, source_of
from releasegate.globs.tokens import Flaw, Kind, Token


class ProblemKind(Enum):
    NOT_A_GLOB = "not a glob"
    COMMENT = "a comment in a .gitignore"
    RELATIVE = "'.' or '..' in a path"
    BRACES = "brace expansion"
    BAD_BRACKET = "a bad bracket"
    FOLDERS_ONLY_NEGATION = "a '!' glob that names only folders"
    NEVER_MATCHES = "can never match a repository path"


class GlobProblem(NamedTuple):
    kind: ProblemKind
    message: str
    matches_nothing: bool
    "git matches no repository path with this glob either (a reversed range may match)."


def glob_problem(text: str) -> GlobProblem | None:
    """What is wrong with the glob ``text`` as a policy glob, or None."""
    shown = f"'{text}'"
    if not text.strip() or "\x00" in text:
        return _nothing(
            ProblemKind.NOT_A_GLOB,
            f"{shown} is not a glob; give a gitignore-style pattern like 'src/**'",
        )
    if text.startswith("#"):
        return _nothing(
            ProblemKind.COMMENT,
            f"{shown} is a comment in a .gitignore, not a pattern; write '\\{text}' to match a"
            " name that starts with '#'",
        )
    line = read_line(text)
    for check in (_empty, _flawed, _relative, _empty_folder, _braces, _folders_only_negation):
        problem = check(line, shown)
        if problem:
            return problem
    if not compile_glob(text).automaton.selects_some_path():
        return _nothing(
            ProblemKind.NEVER_MATCHES,
            f"{shown} can never match a file path in a repository; write the path from the"
            " repository root, like 'src/**'",
        )
    return None


def _nothing(kind: ProblemKind, message: str) -> GlobProblem:
    return GlobProblem(kind, message, matches_nothing=True)


def _empty(line: Line, shown: str) -> GlobProblem | None:
    if line.body:
        return None
    written = line.text.rstrip(" ").removeprefix("!")
    if written and not written.strip("/"):
        return _nothing(
            ProblemKind.NEVER_MATCHES,
            f"{shown} names the repository root, not a path in it; write '**' to match every file",
        )
    return _nothing(
        ProblemKind.NOT_A_GLOB,
        f"{shown} is not a glob; give a gitignore-style pattern like 'src/**'",
    )


def _flawed(line: Line, shown: str) -> GlobProblem | None:
    if not line.flaws:
        return None
    flaw = line.flaws[0]
    source = flaw.source.decode("utf-8", "surrogatepass")
    if flaw.what == "backslash":
        return _nothing(
            ProblemKind.NEVER_MATCHES,
            f"{shown} ends in a lone backslash, which escapes nothing, so it matches nothing;"
            " write '\\\\' to match a backslash",
        )
    if flaw.what == "range":
        low, high = source.split("-", 1)
        return GlobProblem(
            ProblemKind.BAD_BRACKET,
            f"{shown} has the range '{source}', which runs backwards, so git matches only"
            f" '{low}' there; write '{high}-{low}'",
            matches_nothing=False,
        )
    return _nothing(ProblemKind.BAD_BRACKET, f"{shown} {_bracket_flaw(flaw, source)}")


def _bracket_flaw(flaw: Flaw, source: str) -> str:
    if flaw.what == "class":
        import difflib  # noqa: PLC0415 - only for this message

        names = [name.decode() for name in CLASSES]
        close = difflib.get_close_matches(source, names, n=1)
        fix = f"did you mean '[:{close[0]}:]'?" if close else f"use one of {', '.join(names)}"
        return f"uses '[:{source}:]', which is not a character class, so it matches nothing; {fix}"
    if flaw.what == "slash-only":
        return (
            f"has the bracket '{source}', which can only match '/', and a bracket never does;"
            " write the '/' outside the bracket"
        )
    return (
        "has a '[' that is never closed, so it matches nothing; close it with ']', or write"
        " '\\[' to match a '['"
    )


def _relative(line: Line, shown: str) -> GlobProblem | None:
    parts = components(line.tokens)
    if not any(_literal(part) in (b".", b"..") for part in parts):
        return None
    kept: list[tuple[Token, ...]] = []
    for part in parts:
        if _literal(part) == b"..":
            kept = kept[:-1]
        elif _literal(part) != b".":
            kept.append(part)
    return _nothing(
        ProblemKind.RELATIVE,
        f"{shown} can never match: paths are relative to the repository root and have no '.'"
        f" or '..' folders; write '{_respelled(line, kept)}'",
    )


def _literal(part: tuple[Token, ...]) -> bytes | None:
    if not all(t.kind is Kind.BYTES and t.members.bit_count() == 1 for t in part):
        return None
    return bytes(t.members.bit_length() - 1 for t in part)


def _empty_folder(line: Line, shown: str) -> GlobProblem | None:
    parts = components(line.tokens)
    if line.basename or all(parts):
        return None
    return _nothing(
        ProblemKind.NEVER_MATCHES,
        f"{shown} can never match: no path has an empty folder name; write"
        f" '{_respelled(line, [part for part in parts if part])}'",
    )


def _respelled(line: Line, parts: list[tuple[Token, ...]]) -> str:
    """``line`` with only ``parts`` between its slashes; still matched against the whole path
    when it was (a glob without a slash would match a name at any depth)."""
    if not parts:
        return "**"
    body = "/".join(source_of(part) for part in parts)
    anchor = line.anchored_by_slash or (not line.basename and len(parts) == 1)
    return _rebuild(line, body, "/" if anchor else "")


def _braces(line: Line, shown: str) -> GlobProblem | None:
    tokens = line.tokens
    cuts = _brace_group(tokens)
    if cuts is None:
        return None  # a lone '{' or '{x}' is a name git matches as written
    before, after = source_of(tokens[: cuts[0]]), source_of(tokens[cuts[-1] + 1 :])
    alternatives = [source_of(tokens[a + 1 : b]) for a, b in itertools.pairwise(cuts)]
    written = [_rebuild(line, before + alt + after) for alt in alternatives]
    nested = any("{" in alt for alt in alternatives)
    fix = "list one pattern per alternative" + (
        "" if nested else ": " + ", ".join(f"'{w}'" for w in written)
    )
    return GlobProblem(
        ProblemKind.BRACES,
        f"{shown} uses brace expansion, which gitignore globs do not have (the braces would"
        f" match themselves); {fix}",
        matches_nothing=False,
    )


def _brace_group(tokens: tuple[Token, ...]) -> list[int] | None:
    """Where the first `{...,...}` has its '{', its top-level commas and its '}' (unescaped,
    outside brackets: a token's source is then the character alone)."""
    depth, group = 0, list[int]()
    for index, token in enumerate(tokens):
        if token.source == b"{":
            depth += 1
            group = [index] if depth == 1 else group
        elif token.source == b"," and depth == 1:
            group.append(index)
        elif token.source == b"}" and depth:
            depth -= 1
            if depth == 0 and len(group) > 1:
                return [*group, index]
    return None


def _folders_only_negation(line: Line, shown: str) -> GlobProblem | None:
    if not (line.negated and line.folders_only):
        return None
    body = line.body.decode("utf-8", "surrogatepass")
    files = f"!**/{body}/**" if line.basename else _rebuild(line, body + "/**", folders=False)
    return GlobProblem(
        ProblemKind.FOLDERS_ONLY_NEGATION,
        f"{shown} names only folders: in a .gitignore it only lets git look inside them, but"
        f" in a list of files it would drop every file below them; remove it, or write"
        f" '{files}' if that is what you mean",
        matches_nothing=False,
    )


def _rebuild(line: Line, body: str, anchor: str | None = None, *, folders: bool = True) -> str:
    """A glob like ``line`` around another body: its `!`, leading and trailing slashes."""
    if anchor is None:
        anchor = "/" if line.anchored_by_slash else ""
    trailing = "/" if line.folders_only and folders else ""
    return ("!" if line.negated else "") + anchor + body + trailing
