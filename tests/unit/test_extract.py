"""Reading fields out of files and HTTP bodies, and the JSON subset match."""

from __future__ import annotations

import json
from pathlib import PurePath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from releasegate.extract import (
    DocumentError,
    FieldMissingError,
    FieldTypeError,
    excerpt,
    extract_field,
    json_subset_matches,
    kind_for_path,
    parse_body,
    parse_document,
    scalar_text,
)

HTML_PAGE = (
    "<!doctype html><title>502 Bad Gateway</title>\n"
    "<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body>\n"
)
HTML_SHOWN = "'<!doctype html><title>502 Bad Gateway</title> <body><center>…'"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("1.2.3", "'1.2.3'"),
        ("", "''"),
        ("  a\n\tb  ", "'a b'"),
        ("x" * 61, "'" + "x" * 60 + "…'"),
        ("x" * 60, "'" + "x" * 60 + "'"),
        ("it's", '"it\'s"'),
        ("bell\x07", "'bell\\x07'"),
        (HTML_PAGE, HTML_SHOWN),
    ],
)
def test_excerpt(text: str, shown: str) -> None:
    assert excerpt(text) == shown


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("app/package.json", "json"),
        ("deploy/values.yml", "yaml"),
        ("deploy/values.YAML", "yaml"),
        ("pyproject.toml", "toml"),
        ("VERSION", "text"),
        ("notes.txt", "text"),
        ("tsconfig.jsonc", "text"),
        (".json", "text"),  # a dotfile named ".json" has no extension
        (PurePath("a/b/Cargo.toml"), "toml"),
    ],
)
def test_kind_for_path(path: str | PurePath, kind: str) -> None:
    assert kind_for_path(path) == kind


@pytest.mark.parametrize(
    ("text", "kind", "document"),
    [
        ('{"releasegate": {"backend": "^2.3.0"}}', "json", {"releasegate": {"backend": "^2.3.0"}}),
        ("releasegate:\n  backend: '>=2.3,<3'\n", "yaml", {"releasegate": {"backend": ">=2.3,<3"}}),
        ("version: 1.10\n", "yaml", {"version": 1.1}),  # why scalar_text refuses floats
        ("on: push\n", "yaml", {"on": "push"}),  # YAML 1.2: "on" is a string
        ("", "yaml", None),
        ('[tool.app]\nversion = "1.2.3"\n', "toml", {"tool": {"app": {"version": "1.2.3"}}}),
        ("1.2.3\n", "text", "1.2.3\n"),
    ],
)
def test_parse_document(text: str, kind: str, document: object) -> None:
    assert parse_document(text, kind=kind, source="f") == document  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "kind", "message"),
    [
        (
            '{"version": }',
            "json",
            "app/f is not valid JSON (Expecting value at line 1, column 13)",
        ),
        ("", "json", "app/f is not valid JSON (Expecting value at line 1, column 1)"),
        ("[" * 100_000, "json", "app/f is not valid JSON (nested too deeply)"),
        (
            "a: 1\na: 2\n",
            "yaml",
            'app/f is not valid YAML (found duplicate key "a" with value "2" (original value: '
            '"1") at line 2, column 1)',
        ),
        (
            "a: [1, 2\n",
            "yaml",
            "app/f is not valid YAML (expected ',' or ']', but got '<stream end>' at line 2, "
            "column 1)",
        ),
        (
            "a: 1\n---\nb: 2\n",
            "yaml",
            "app/f is not valid YAML (but found another document at line 2, column 1)",
        ),
        (
            "version = \n",
            "toml",
            "app/f is not valid TOML (Invalid value (at line 1, column 11))",
        ),
    ],
)
def test_parse_document_refuses(text: str, kind: str, message: str) -> None:
    with pytest.raises(DocumentError) as raised:
        parse_document(text, kind=kind, source="app/f")  # type: ignore[arg-type]
    assert str(raised.value) == message


@pytest.mark.parametrize("kind", ["json", "yaml", "toml", "text"])
@given(text=st.text(max_size=200))
def test_parse_document_raises_only_document_error(kind: str, text: str) -> None:
    message = None
    try:
        parse_document(text, kind=kind, source="f")  # type: ignore[arg-type]
    except DocumentError as error:
        message = str(error)
    assert message is None or "\n" not in message


URL = "https://x/version"


@pytest.mark.parametrize(
    ("text", "content_type", "want_field", "document"),
    [
        ('{"version": "1.2.3"}', "application/json", False, {"version": "1.2.3"}),
        ('{"version": "1.2.3"}', "application/json", True, {"version": "1.2.3"}),
        ('{"version": "1.2.3"}', "text/plain", True, {"version": "1.2.3"}),
        ('{"version": "1.2.3"}', None, True, {"version": "1.2.3"}),
        ('{"version": "1.2.3"}', "text/plain", False, '{"version": "1.2.3"}'),
        ('"1.2.3"', "application/json; charset=utf-8", False, "1.2.3"),
        ('{"a": 1}', "application/problem+json", False, {"a": 1}),
        ('{"a": 1}', "Application/JSON", False, {"a": 1}),
        ("1.2.3\n", "text/plain", False, "1.2.3\n"),
        ("1.2.3\n", None, False, "1.2.3\n"),
        (HTML_PAGE, "text/html", False, HTML_PAGE),  # parse_version then says what it got
    ],
)
def test_parse_body(
    text: str, content_type: str | None, want_field: bool, document: object
) -> None:
    assert parse_body(text, content_type, source=URL, want_field=want_field) == document


@pytest.mark.parametrize(
    ("text", "content_type", "want_field", "message"),
    [
        (HTML_PAGE, "text/html", True, f"{URL} returned HTML, not JSON: {HTML_SHOWN}"),
        (HTML_PAGE, "application/json", False, f"{URL} returned HTML, not JSON: {HTML_SHOWN}"),
        (HTML_PAGE, None, True, f"{URL} returned HTML, not JSON: {HTML_SHOWN}"),
        (
            "<html><body>x</body></html>",
            "text/plain",
            True,
            f"{URL} returned HTML, not JSON: '<html><body>x</body></html>'",
        ),
        ("", "application/json", False, f"{URL} returned an empty body, not JSON"),
        (" \n", "text/plain", True, f"{URL} returned an empty body, not JSON"),
        (
            "OK",
            "text/plain",
            True,
            f"{URL} returned a body that is not valid JSON (Expecting value at line 1, "
            "column 1): 'OK'",
        ),
        (
            '{"version": "1.2.3",\n "build": }',
            "application/json",
            False,
            f"{URL} returned a body that is not valid JSON (Expecting value at line 2, "
            'column 11): \'{"version": "1.2.3", "build": }\'',
        ),
    ],
)
def test_parse_body_refuses(
    text: str, content_type: str | None, want_field: bool, message: str
) -> None:
    with pytest.raises(DocumentError) as raised:
        parse_body(text, content_type, source=URL, want_field=want_field)
    assert str(raised.value) == message


PACKAGE = {"name": "app", "releasegate": {"backend": "^2.3.0"}, "items": [{"n": "a"}, {"n": "b"}]}


@pytest.mark.parametrize(
    ("document", "field", "value"),
    [
        (PACKAGE, "releasegate.backend", "^2.3.0"),
        (PACKAGE, "releasegate", {"backend": "^2.3.0"}),
        (PACKAGE, "items.1.n", "b"),
        (PACKAGE, "items.0", {"n": "a"}),
        (PACKAGE, None, PACKAGE),
        ("1.2.3\n", None, "1.2.3\n"),
        ({"versions": {2: "2.4.0"}}, "versions.2", "2.4.0"),  # a YAML integer key
        ({"versions": {"2": "str"}}, "versions.2", "str"),
        ({"": {"a": 1}}, ".a", 1),
        ([["x", "y"]], "0.1", "y"),
        ({"a": None}, "a", None),
    ],
)
def test_extract_field(document: object, field: str | None, value: object) -> None:
    assert extract_field(document, field, source="app/package.json") == value


@pytest.mark.parametrize(
    ("document", "field", "why"),
    [
        (
            {"releasegate": {}},
            "releasegate.backend",
            "found 'releasegate' but no 'backend' inside it",
        ),
        ({}, "releasegate.backend", "no 'releasegate' at the top level"),
        (
            {"releasegate": "x"},
            "releasegate.backend",
            "found 'releasegate' but it is the string 'x', not an object or a list",
        ),
        (
            {"releasegate": None},
            "releasegate.backend",
            "found 'releasegate' but it is null, not an object or a list",
        ),
        ({"a": {"b": {"c": 1}}}, "a.b.d", "found 'a.b' but no 'd' inside it"),
        (PACKAGE, "items.2.n", "found 'items' but it is a list of 2, so no item 2"),
        (PACKAGE, "items.-1", "found 'items' but it is a list, and '-1' is not an index"),
        (PACKAGE, "items.first", "found 'items' but it is a list, and 'first' is not an index"),
        (PACKAGE, "items.01", "found 'items' but it is a list, and '01' is not an index"),
        (PACKAGE, "name.first", "found 'name' but it is the string 'app', not an object or a list"),
        ("1.2.3", "version", "the top level is the string '1.2.3', not an object or a list"),
        ([1], "x", "the top level is a list, and 'x' is not an index"),
        ({"n": 3}, "n.x", "found 'n' but it is the number 3, not an object or a list"),
    ],
)
def test_extract_field_missing(document: object, field: str, why: str) -> None:
    with pytest.raises(FieldMissingError) as raised:
        extract_field(document, field, source="app/package.json")
    assert str(raised.value) == f"app/package.json has no field {field!r} ({why})"


@pytest.mark.parametrize(("value", "text"), [("1.2.3", "1.2.3"), ("", ""), (2, "2")])
def test_scalar_text(value: object, text: str) -> None:
    assert scalar_text(value, source="f", field="version") == text


@pytest.mark.parametrize(
    ("value", "field", "message"),
    [
        (
            1.1,
            "version",
            "field 'version' of app/v.yml is the number 1.1, not a version or range text; "
            "quote it in the file",
        ),
        (True, "version", "field 'version' of app/v.yml is true, not a version or range text"),
        (None, "version", "field 'version' of app/v.yml is null, not a version or range text"),
        ({"a": 1}, None, "app/v.yml is an object, not a version or range text"),
        ([1, 2], "v", "field 'v' of app/v.yml is a list of 2, not a version or range text"),
    ],
)
def test_scalar_text_refuses(value: object, field: str | None, message: str) -> None:
    with pytest.raises(FieldTypeError) as raised:
        scalar_text(value, source="app/v.yml", field=field)
    assert str(raised.value) == message


def test_errors_are_value_errors() -> None:
    assert issubclass(FieldMissingError, ValueError)
    assert issubclass(FieldTypeError, ValueError)
    assert issubclass(DocumentError, ValueError)


@pytest.mark.parametrize(
    ("expected", "actual", "mismatches"),
    [
        ({"status": "ok"}, {"status": "ok", "version": "1.2.3"}, []),
        ({}, {"anything": 1}, []),
        ({"status": "ok"}, {"status": "degraded"}, ["$.status: expected 'ok', got 'degraded'"]),
        ({"status": "ok"}, {}, ["$.status: expected 'ok', but the key is missing"]),
        (
            {"checks": {"db": "ok", "cache": "ok"}},
            {"checks": {"db": "down", "cache": "ok"}},
            ["$.checks.db: expected 'ok', got 'down'"],
        ),
        (
            {"status": "ok", "checks": {"db": "ok"}},
            {"status": "down", "checks": "none"},
            ["$.status: expected 'ok', got 'down'", "$.checks: expected an object, got 'none'"],
        ),
        ([1, 2], [1, 2], []),
        ([1, 2], [1, 3], ["$[1]: expected 2, got 3"]),
        (
            {"items": [1, 2]},
            {"items": [1, 2, 3]},
            ["$.items: expected a list of 2, got a list of 3"],
        ),
        (
            {"items": [{"id": 1}]},
            {"items": [{"id": 2, "x": 0}]},
            ["$.items[0].id: expected 1, got 2"],
        ),
        ({"items": []}, {"items": {}}, ["$.items: expected a list of 0, got an object"]),
        (1, 1.0, []),
        (1.5, 1.5, []),
        (True, True, []),
        (True, 1, ["$: expected true, got 1"]),
        (1, True, ["$: expected 1, got true"]),
        (0, False, ["$: expected 0, got false"]),
        (None, None, []),
        ({"a": None}, {"a": 0}, ["$.a: expected null, got 0"]),
        ({"a": None}, {}, ["$.a: expected null, but the key is missing"]),
        ("1", 1, ["$: expected '1', got 1"]),
        ("ok", {"status": "ok"}, ["$: expected 'ok', got an object"]),
        ({"status": "ok"}, [], ["$: expected an object, got a list of 0"]),
        ({"a b": 1}, {"a b": 2}, ['$["a b"]: expected 1, got 2']),
        ({"x-y_z": 1}, {"x-y_z": 2}, ["$.x-y_z: expected 1, got 2"]),
        ({"s": "ok"}, {"s": "x" * 100}, ["$.s: expected 'ok', got '" + "x" * 60 + "…'"]),
    ],
)
def test_json_subset_matches(expected: object, actual: object, mismatches: list[str]) -> None:
    assert json_subset_matches(expected, actual) == mismatches


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=20,
)


@given(JSON_VALUES)
def test_a_value_matches_itself(value: object) -> None:
    assert json_subset_matches(value, value) == []
    assert json_subset_matches(value, json.loads(json.dumps(value))) == []


@given(st.dictionaries(st.text(max_size=6), JSON_VALUES, max_size=4), JSON_VALUES)
def test_an_object_matches_with_extra_keys(expected: dict[str, object], extra: object) -> None:
    actual = {**expected, "\x00extra": extra}
    assert json_subset_matches(expected, actual) == []
