"""Reading a value out of a file or an HTTP body, and matching JSON against an expectation.

Used by the version-compat gate (``{file, field}`` and ``{url, field}`` sides) and the
http-probe gate (``expect.json``). Pure: text in, Python data or messages out. Every error
names its source and shows at most 60 characters of what was received, on one line.

Fields are dotted paths: ``releasegate.backend``, ``items.0.name``. A segment is a key of an
object (a YAML integer key also matches its digits), or a non-negative index into a list.
A key that itself contains a dot cannot be addressed.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import PurePath
from typing import Literal

DocumentKind = Literal["json", "yaml", "toml", "text"]

EXCERPT_LENGTH = 60

_KIND_BY_SUFFIX: dict[str, DocumentKind] = {
    ".json": "json",
    ".yml": "yaml",
    ".yaml": "yaml",
    ".toml": "toml",
}
_KIND_NAMES: dict[DocumentKind, str] = {"json": "JSON", "yaml": "YAML", "toml": "TOML"}
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_INDEX = re.compile(r"0|[1-9][0-9]*")


class FieldMissingError(ValueError):
    """The document has no value at the requested dotted path."""


class FieldTypeError(ValueError):
    """The value at the path is not text-like (an object, a list, a boolean, a float…)."""


class DocumentError(ValueError):
    """A file or HTTP body that cannot be parsed as the kind it should be."""


class _Unparseable(Exception):
    """Internal: why a parser refused a text (becomes a ``DocumentError`` with the source)."""


def excerpt(text: str, limit: int = EXCERPT_LENGTH) -> str:
    """``text`` quoted, whitespace runs folded to one space, cut after ``limit`` characters."""
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= limit else f"{flat[:limit]}…")


def kind_for_path(path: str | PurePath) -> DocumentKind:
    """JSON, YAML or TOML by extension (case-insensitive); any other file is plain text."""
    return _KIND_BY_SUFFIX.get(PurePath(path).suffix.lower(), "text")


def parse_document(text: str, *, kind: DocumentKind, source: str) -> object:
    """Parse a file's text; plain text is returned unchanged. Raises ``DocumentError``."""
    if kind == "text":
        return text
    try:
        return _PARSERS[kind](text)
    except _Unparseable as problem:
        raise DocumentError(f"{source} is not valid {_KIND_NAMES[kind]} ({problem})") from None


def parse_body(
    text: str, content_type: str | None, *, source: str, want_field: bool = False
) -> object:
    """Parse an HTTP body: JSON when the content type says JSON or a field is wanted (a field
    cannot be read from plain text), else the text itself. Raises ``DocumentError``."""
    if not (want_field or is_json_media_type(content_type)):
        return text
    if not text.strip():
        raise DocumentError(f"{source} returned an empty body, not JSON")
    if _looks_like_html(text, content_type):
        raise DocumentError(f"{source} returned HTML, not JSON: {excerpt(text)}")
    try:
        return _load_json(text)
    except _Unparseable as problem:
        raise DocumentError(
            f"{source} returned a body that is not valid JSON ({problem}): {excerpt(text)}"
        ) from None


def is_json_media_type(content_type: str | None) -> bool:
    """``application/json``, ``text/json`` or any ``+json`` type, parameters ignored."""
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    return media_type in {"application/json", "text/json"} or media_type.endswith("+json")


def _looks_like_html(text: str, content_type: str | None) -> bool:
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    start = text.lstrip()[:15].lower()
    return media_type == "text/html" or start.startswith(("<!doctype html", "<html"))


def _load_json(text: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise _Unparseable(f"{error.msg} at line {error.lineno}, column {error.colno}") from None
    except RecursionError:
        raise _Unparseable("nested too deeply") from None
    except ValueError as error:  # e.g. an integer past Python's digit limit
        raise _Unparseable(str(error).splitlines()[0]) from None


def _load_yaml(text: str) -> object:
    from ruamel.yaml import YAML  # noqa: PLC0415 - keeps --help fast
    from ruamel.yaml.error import MarkedYAMLError, YAMLError  # noqa: PLC0415

    try:
        return YAML(typ="safe").load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise _Unparseable(f"{error.problem or error.context}{where}") from None
    except YAMLError as error:
        raise _Unparseable(str(error).splitlines()[0]) from None
    except RecursionError:
        raise _Unparseable("nested too deeply") from None


def _load_toml(text: str) -> object:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _Unparseable(str(error)) from None


_PARSERS = {"json": _load_json, "yaml": _load_yaml, "toml": _load_toml}


def extract_field(document: object, field: str | None, *, source: str) -> object:
    """The value at dotted path ``field`` (the whole document when None).

    Raises ``FieldMissingError`` naming the source and how far the path got.
    """
    if field is None:
        return document
    value = document
    segments = field.split(".")
    try:
        for depth, segment in enumerate(segments):
            value = _step(value, segment, found=".".join(segments[:depth]))
    except _NotFound as why:
        raise FieldMissingError(f"{source} has no field {field!r} ({why})") from None
    return value


class _NotFound(Exception):
    """Internal: why a path segment could not be followed."""


def _step(value: object, segment: str, *, found: str) -> object:
    where = f"found {found!r} but it is" if found else "the top level is"
    if isinstance(value, dict):
        for key in _keys_for(segment):
            if key in value:
                return value[key]
        if found:
            raise _NotFound(f"found {found!r} but no {segment!r} inside it")
        raise _NotFound(f"no {segment!r} at the top level")
    if isinstance(value, list):
        if not _INDEX.fullmatch(segment):
            raise _NotFound(f"{where} a list, and {segment!r} is not an index")
        if int(segment) >= len(value):
            raise _NotFound(f"{where} {describe(value)}, so no item {segment}")
        return value[int(segment)]
    raise _NotFound(f"{where} {describe(value)}, not an object or a list")


def _keys_for(segment: str) -> tuple[str | int, ...]:
    return (segment, int(segment)) if _INDEX.fullmatch(segment) else (segment,)


def scalar_text(value: object, *, source: str, field: str | None) -> str:
    """A field's value as text for a version or range: strings as they are, integers in
    digits. Floats are refused, since ``1.10`` read as a number is ``1.1``."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    at = f"field {field!r} of {source}" if field else source
    advice = "; quote it in the file" if isinstance(value, float) else ""
    raise FieldTypeError(f"{at} is {describe(value)}, not a version or range text{advice}")


def describe(value: object) -> str:
    """What kind of JSON-ish value this is, in words: 'an object', 'a list of 3', 'null'…"""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the string {excerpt(value)}"
    return f"a {type(value).__name__}"


def json_subset_matches(expected: object, actual: object) -> list[str]:
    """Mismatches between ``expected`` and ``actual`` (empty when it matches), as
    ``"$.status: expected 'ok', got 'degraded'"``.

    Objects match when every expected key is present and matches (extra keys are fine);
    lists element by element with equal length; other values by equality, where ``1`` equals
    ``1.0`` but ``true`` is not ``1``.
    """
    return list(_mismatches(expected, actual, "$"))


def _mismatches(expected: object, actual: object, path: str) -> list[str]:
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected an object, got {_shown(actual)}"]
        return _object_mismatches(expected, actual, path)
    if isinstance(expected, list):
        if not (isinstance(actual, list) and len(actual) == len(expected)):
            return [f"{path}: expected {describe(expected)}, got {_shown(actual)}"]
        return [
            problem
            for index, (want, got) in enumerate(zip(expected, actual, strict=True))
            for problem in _mismatches(want, got, f"{path}[{index}]")
        ]
    if _same_scalar(expected, actual):
        return []
    return [f"{path}: expected {_shown(expected)}, got {_shown(actual)}"]


def _object_mismatches(
    expected: dict[object, object], actual: dict[object, object], path: str
) -> list[str]:
    problems: list[str] = []
    for key, want in expected.items():
        key_path = _key_path(path, key)
        if key not in actual:
            problems.append(f"{key_path}: expected {_shown(want)}, but the key is missing")
        else:
            problems.extend(_mismatches(want, actual[key], key_path))
    return problems


def _key_path(path: str, key: object) -> str:
    text = str(key)
    return f"{path}.{text}" if _PLAIN_KEY.fullmatch(text) else f"{path}[{json.dumps(text)}]"


def _same_scalar(expected: object, actual: object) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    if isinstance(expected, dict | list) or isinstance(actual, dict | list):
        return False
    return expected == actual


def _shown(value: object) -> str:
    if isinstance(value, str):
        return excerpt(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return repr(value)
    return describe(value)
