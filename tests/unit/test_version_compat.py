"""version-compat on hand-built facts: every source kind and every way a read can fail."""

from __future__ import annotations

from typing import Any

import pytest

from releasegate.engine import evaluate_policy
from releasegate.errors import PolicyError
from releasegate.facts import RepoFile, Unavailable
from releasegate.facts.http import Expectation, HttpCall
from releasegate.gates.version_compat import VersionCompatConfig, range_syntax
from releasegate.results import GateResult, Status
from support.builders import HEAD, StaticGather, context, policy
from support.live import answer, answered, no_answer, requests_of

VERSION_URL = "https://staging-api.example.com/version"
CALL = HttpCall(VERSION_URL, expect=Expectation())
PACKAGE = RepoFile("app/package.json", HEAD)
AT = "aaaaaaa"  # HEAD, shortened


def compat(version: str, range_: str, extra: str = "") -> str:
    return f"""\
        version: 1
        gates:
          - id: compat
            type: version-compat
            version: {version}
            range: {range_}
{extra}
    """


URL_FIELD = f'{{url: "{VERSION_URL}", field: version}}'
URL_TEXT = f'{{url: "{VERSION_URL}"}}'
PACKAGE_FIELD = "{file: app/package.json, field: releasegate.backend}"


def run(text: str, facts: dict[Any, Any], **ctx_changes: Any) -> GateResult:
    (result,) = evaluate_policy(policy(text), context(**ctx_changes), StaticGather(facts))
    return result


def package_json(backend: str) -> str:
    return f'{{"name": "app", "releasegate": {{"backend": "{backend}"}}}}'


def test_the_gate_asks_for_the_url_and_the_file_at_the_commit_under_evaluation() -> None:
    text = compat(URL_FIELD, PACKAGE_FIELD)
    assert requests_of(policy(text), context()) == [CALL, PACKAGE]
    assert CALL.attempts == 3
    assert CALL.expect.statuses == (200,)


def test_a_version_from_a_url_fits_a_range_from_a_file() -> None:
    facts = {CALL: answer(answered(json_body={"version": "1.10.0"})), PACKAGE: package_json("^1.9")}
    result = run(compat(URL_FIELD, PACKAGE_FIELD), facts)
    assert (result.status, result.summary) == (
        Status.PASS,
        f"1.10.0 fits ^1.9 (version from {VERSION_URL} field version; "
        "range from app/package.json field releasegate.backend)",
    )
    assert result.details == (
        f"version 1.10.0 from {VERSION_URL} field version",
        "range ^1.9 from app/package.json field releasegate.backend, read as npm: "
        ">=1.9.0-0 <2.0.0-0",
    )


def test_a_plain_text_body_is_the_version() -> None:
    facts = {CALL: answer(answered(body="1.10.0\n", content_type="text/plain"))}
    result = run(compat(URL_TEXT, "{value: '^1.9'}"), facts)
    assert (result.status, result.summary) == (
        Status.PASS,
        f"1.10.0 fits ^1.9 (version from {VERSION_URL}; range from the policy)",
    )


def test_a_version_outside_the_range_fails_and_shows_the_bounds() -> None:
    facts = {CALL: answer(answered(json_body={"version": "2.0.0"})), PACKAGE: package_json("^1.9")}
    result = run(compat(URL_FIELD, PACKAGE_FIELD), facts)
    assert (result.status, result.summary) == (
        Status.FAIL,
        "2.0.0 does not fit ^1.9 (>=1.9.0-0 <2.0.0-0)",
    )


def test_a_pep440_range_and_a_semver_prerelease_inside_its_bounds() -> None:
    text = compat("{value: 2.4.0-rc.1}", "{value: '>=2.3,<3'}")
    assert run(text, {}).summary == (
        "2.4.0-rc.1 fits >=2.3,<3 (version from the policy; range from the policy)"
    )
    failing = run(compat("{value: '3.0'}", "{value: '>=2.3,<3'}"), {})
    assert failing.summary == "3.0 does not fit >=2.3,<3 (<3,>=2.3)"


@pytest.mark.parametrize(
    ("attempts", "reason"),
    [
        pytest.param(
            [no_answer(n, "could not connect ([Errno 111] Connection refused)") for n in (1, 2, 3)],
            "could not connect ([Errno 111] Connection refused) after 3 attempts",
            id="down",
        ),
        pytest.param(
            [answered(n, 503, 20) for n in (1, 2, 3)],
            "expected status 200, got 503 after 3 attempts",
            id="503",
        ),
    ],
)
def test_a_version_endpoint_that_does_not_answer_is_an_error(attempts: Any, reason: str) -> None:
    result = run(compat(URL_FIELD, "{value: '^1.9'}"), {CALL: answer(*attempts)})
    assert (result.status, result.summary) == (
        Status.ERROR,
        f"could not evaluate: could not read the version from {VERSION_URL}: {reason}",
    )


def test_an_html_page_where_json_was_expected_is_an_error_showing_the_page() -> None:
    page = answered(body="<!DOCTYPE html><html><body>Login</body></html>", content_type="text/html")
    result = run(compat(URL_FIELD, "{value: '^1.9'}"), {CALL: answer(page)})
    assert (result.status, result.summary) == (
        Status.ERROR,
        f"could not evaluate: {VERSION_URL} returned HTML, not JSON: "
        "'<!DOCTYPE html><html><body>Login</body></html>'",
    )


def test_an_html_page_read_as_plain_text_is_not_a_version() -> None:
    page = answered(body="<html><body>Login</body></html>", content_type="text/html")
    result = run(compat(URL_TEXT, "{value: '^1.9'}"), {CALL: answer(page)})
    assert result.summary == (
        f"could not evaluate: the version from {VERSION_URL}: '<html><body>Login</body></html>' "
        "is not a version (PEP 440 or SemVer 2), e.g. 1.4.2 or 2.0.0-rc.1"
    )


def test_a_missing_field_in_the_answer_names_the_url_and_the_field() -> None:
    facts = {CALL: answer(answered(json_body={"build": {"sha": "abc"}}))}
    result = run(compat(URL_FIELD, "{value: '^1.9'}"), facts)
    assert result.summary == (
        f"could not evaluate: {VERSION_URL} has no field 'version' (no 'version' at the top level)"
    )


def test_a_missing_field_in_the_file_names_the_file_at_the_commit() -> None:
    facts = {PACKAGE: '{"releasegate": {"frontend": "^2"}}'}
    result = run(compat("{value: 1.10.0}", PACKAGE_FIELD), facts)
    assert result.summary == (
        f"could not evaluate: app/package.json@{AT} has no field 'releasegate.backend' "
        "(found 'releasegate' but no 'backend' inside it)"
    )


def test_a_yaml_float_version_is_refused_with_advice_to_quote_it() -> None:
    versions = RepoFile("deploy/versions.yml", HEAD)
    text = compat("{file: deploy/versions.yml, field: backend}", "{value: '^1.9'}")
    result = run(text, {versions: "backend: 1.10\nfrontend: '2.0'\n"})
    assert result.summary == (
        f"could not evaluate: field 'backend' of deploy/versions.yml@{AT} is the number 1.1, "
        "not a version or range text; quote it in the file"
    )


def test_a_toml_file_and_a_quoted_yaml_version_are_read() -> None:
    pyproject, chart = RepoFile("pyproject.toml", HEAD), RepoFile("chart/values.yaml", HEAD)
    text = compat(
        "{file: chart/values.yaml, field: image.tag}",
        "{file: pyproject.toml, field: tool.releasegate.backend}",
    )
    facts = {
        chart: "image:\n  tag: '1.10'\n",
        pyproject: '[tool.releasegate]\nbackend = ">=1.9,<2"\n',
    }
    assert run(text, facts).summary == (
        "1.10 fits >=1.9,<2 (version from chart/values.yaml field image.tag; "
        "range from pyproject.toml field tool.releasegate.backend)"
    )


def test_an_unparseable_range_in_a_file_names_the_file_and_the_text() -> None:
    result = run(compat("{value: 1.10.0}", PACKAGE_FIELD), {PACKAGE: package_json("latest")})
    assert result.summary == (
        "could not evaluate: the range from app/package.json field releasegate.backend: "
        "'latest' is not an npm range, like '^2.3.0' or '>=2.3.0 <3'"
    )


def test_an_invalid_json_file_names_the_file() -> None:
    result = run(compat("{value: 1.10.0}", PACKAGE_FIELD), {PACKAGE: "{not json"})
    assert result.summary.startswith(f"could not evaluate: app/package.json@{AT} is not valid JSON")


def test_a_version_the_range_cannot_express_is_an_error() -> None:
    result = run(compat("{value: '1!2.0'}", "{value: '^2'}"), {})
    assert result.status is Status.ERROR
    assert "'1!2.0' is a PEP 440 version with no npm equivalent" in result.summary


def test_a_missing_file_is_an_error_with_the_fetchers_reason() -> None:
    reason = f"app/package.json@{AT} does not exist (no such file or commit)"
    result = run(compat("{value: 1.10.0}", PACKAGE_FIELD), {PACKAGE: Unavailable(reason)})
    assert (result.status, result.summary) == (Status.ERROR, f"could not evaluate: {reason}")


def test_a_missing_environment_variable_is_an_error_naming_it() -> None:
    url = f'{{url: "{VERSION_URL}", headers: {{X-Api-Key: "${{VERSION_KEY}}"}}}}'
    call = HttpCall(VERSION_URL, headers=(("X-Api-Key", "${VERSION_KEY}"),), expect=Expectation())
    reason = f"the environment variable VERSION_KEY is not set, and GET {VERSION_URL} needs it"
    result = run(compat(url, "{value: '^1'}"), {call: Unavailable(reason)})
    assert (result.status, result.summary) == (Status.ERROR, f"could not evaluate: {reason}")


def test_without_a_commit_a_file_cannot_be_read() -> None:
    text = compat("{value: 1.10.0}", PACKAGE_FIELD)
    assert requests_of(policy(text), context("push", sha=None)) == []
    result = run(text, {}, event="push", sha=None)
    assert result.summary == (
        "could not evaluate: this run names no commit to read the range from app/package.json at"
    )


def test_both_sides_from_urls_with_secret_headers_list_their_templates() -> None:
    side = f'{{url: "{VERSION_URL}", headers: {{Authorization: "Bearer ${{TOKEN}}"}}}}'
    config = policy(compat(side, "{url: 'https://app.example.com/${APP}/range'}")).gates[0]
    assert isinstance(config, VersionCompatConfig)
    assert list(config.secret_templates()) == [
        VERSION_URL,
        "Bearer ${TOKEN}",
        "https://app.example.com/${APP}/range",
    ]


# --- which grammar a range is read in (SPEC §2.5: syntax, default auto) ----------------


def test_a_package_json_range_is_npm_even_where_pep440_reads_it_otherwise() -> None:
    facts = {PACKAGE: package_json("<=1.0")}  # npm: <1.1.0-0; PEP 440 would refuse 1.0.1
    result = run(compat("{value: 1.0.1}", PACKAGE_FIELD), facts)
    assert (result.status, result.summary) == (
        Status.PASS,
        "1.0.1 fits <=1.0 (version from the policy; range from app/package.json field "
        "releasegate.backend)",
    )
    assert result.details[1] == (
        "range <=1.0 from app/package.json field releasegate.backend, read as npm: <1.1.0-0"
    )


@pytest.mark.parametrize(
    ("path", "text", "version", "status"),
    [
        ("pyproject.toml", '[tool.releasegate]\nbackend = ">2"\n', "2.0.1", Status.PASS),
        ("backend/pyproject.toml", '[tool.releasegate]\nbackend = ">=2"\n', "2.0rc1", Status.FAIL),
        ("requirements.txt", "<=1.0\n", "1.0.1", Status.FAIL),
        ("requirements-dev.txt", "<=1.0\n", "1.0.0", Status.PASS),
    ],
)
def test_a_range_from_a_python_project_file_is_pep440(
    path: str, text: str, version: str, status: Status
) -> None:
    field = ", field: tool.releasegate.backend" if path.endswith(".toml") else ""
    facts = {RepoFile(path, HEAD): text}
    result = run(compat(f"{{value: '{version}'}}", f"{{file: {path}{field}}}"), facts)
    assert result.status is status, result.summary
    assert "read as PEP 440: " in result.details[1]


def test_a_range_both_grammars_read_differently_is_an_error_asking_for_syntax() -> None:
    result = run(compat("{value: 1.0.1}", "{value: '<=1.0'}"), {})
    assert (result.status, result.summary) == (
        Status.ERROR,
        "could not evaluate: '<=1.0' is both an npm range (<1.1.0-0) and a PEP 440 specifier "
        "set (<=1.0), and '1.0.1' fits it only as npm; set syntax: npm or syntax: pep440 on "
        "the range to say which it is",
    )


def test_a_range_from_an_unnamed_file_kind_is_auto_too() -> None:
    versions = RepoFile("deploy/versions.yml", HEAD)
    text = compat("{value: '2.0.1'}", "{file: deploy/versions.yml, field: backend}")
    result = run(text, {versions: "backend: '>2'\n"})  # npm: >=3.0.0-0; PEP 440: >2
    assert result.status is Status.ERROR
    assert "set syntax: npm or syntax: pep440" in result.summary


def test_where_both_grammars_agree_auto_answers_and_shows_both_readings() -> None:
    result = run(compat("{value: '2.5.0'}", "{value: '>=2'}"), {})
    assert (result.status, result.summary) == (
        Status.PASS,
        "2.5.0 fits >=2 (version from the policy; range from the policy)",
    )
    assert result.details[1] == (
        "range >=2 from the policy, read as npm and PEP 440: npm >=2.0.0-0; PEP 440 >=2"
    )
    failing = run(compat("{value: '1.5.0'}", "{value: '>=2'}"), {})
    assert failing.summary == "1.5.0 does not fit >=2 (npm >=2.0.0-0; PEP 440 >=2)"


@pytest.mark.parametrize(
    ("range_", "version", "status"),
    [
        ("{value: '<=1.0', syntax: npm}", "1.0.1", Status.PASS),
        ("{value: '<=1.0', syntax: pep440}", "1.0.1", Status.FAIL),
        ("{value: '>=2', syntax: pep440}", "2.0rc1", Status.FAIL),
        ("{value: '>2', syntax: pep440}", "2.0.1", Status.PASS),
        (
            "{file: app/package.json, field: releasegate.backend, syntax: pep440}",
            "1.0.1",
            Status.FAIL,
        ),
    ],
)
def test_syntax_on_the_range_side_says_which_grammar(
    range_: str, version: str, status: Status
) -> None:
    result = run(compat(f"{{value: '{version}'}}", range_), {PACKAGE: package_json("<=1.0")})
    assert result.status is status, result.summary


def test_a_range_from_a_url_takes_syntax() -> None:
    facts = {CALL: answer(answered(body="<=1.0\n", content_type="text/plain"))}
    result = run(compat("{value: '1.0.1'}", f"{{url: '{VERSION_URL}', syntax: pep440}}"), facts)
    assert (result.status, result.summary) == (Status.FAIL, "1.0.1 does not fit <=1.0")


def test_the_syntax_a_range_file_implies_follows_its_name() -> None:
    def syntax_of(path: str, syntax: str = "auto") -> str:
        config = policy(compat("{value: '1.0'}", f"{{file: {path}, syntax: {syntax}}}")).gates[0]
        assert isinstance(config, VersionCompatConfig)
        return range_syntax(config.range)

    assert syntax_of("package.json") == "npm"
    assert syntax_of("web/app/package.json") == "npm"
    assert syntax_of("setup.cfg") == "pep440"
    assert syntax_of("pyproject.toml") == "pep440"
    assert syntax_of("requirements/prod.txt") == "auto"  # not requirements*.txt
    assert syntax_of("requirements-prod.txt") == "pep440"
    assert syntax_of("package.json.bak") == "auto"
    assert syntax_of("Package.json") == "auto"
    assert syntax_of("versions.yml") == "auto"
    assert syntax_of("package.json", "pep440") == "pep440"


@pytest.mark.parametrize(
    ("version", "range_", "expected"),
    [
        (
            "{url: 'https://x/v', file: a.json}",
            "{value: '^1'}",
            "policy.yml:5:14: gate 'compat' 'version' needs exactly one of url, file or value "
            "(got url and file)",
        ),
        (
            "{value: '1.0'}",
            "{}",
            "policy.yml:6:12: gate 'compat' 'range' needs exactly one of url, file or value "
            "(got none)",
        ),
        (
            "{value: 1.10}",
            "{value: '^1'}",
            "policy.yml:5:22: gate 'compat' 'version.value' was read as the number 1.1; "
            'quote it to keep every digit, e.g. "1.10"',
        ),
        (
            "{file: a.json, headers: {A: b}}",
            "{value: '^1'}",
            "policy.yml:5:14: gate 'compat' 'version' has headers, which only a url source takes",
        ),
        (
            "{value: '1.0', field: x}",
            "{value: '^1'}",
            "policy.yml:5:14: gate 'compat' 'version' has a field, which only url and file "
            "sources take",
        ),
        (
            "{value: '1.0'}",
            "'^1.2'",
            "policy.yml:6:12: gate 'compat' 'range' should be a mapping, {url: ...}, "
            "{file: ...} or {value: ...}, got '^1.2'",
        ),
        (
            "{value: '1.0'}",
            "{value: '^1.x.y'}",
            "policy.yml:6:12: gate 'compat' 'range' value '^1.x.y' is not a version range "
            "(PEP 440 like '>=2.3,<3' or npm like '^2.3.0')",
        ),
        (
            "{file: ../secrets.json}",
            "{value: '^1'}",
            "policy.yml:5:21: gate 'compat' 'version.file' '../secrets.json' is not a path inside "
            "the repository, like app/package.json",
        ),
        (
            "{value: '1.0'}",
            "{file: a.json, fiel: x}",
            "policy.yml:6:27: unknown key 'fiel' in gate 'compat' 'range'; did you mean 'field'?",
        ),
        (
            "{value: '1.0'}",
            "{value: '>=2.3,<3', syntax: npm}",
            "policy.yml:6:12: gate 'compat' 'range' value '>=2.3,<3' is not an npm range, like "
            "'^2.3.0' or '>=2.3.0 <3'",
        ),
        (
            "{value: '1.0'}",
            "{value: '^1', syntax: semver}",
            "policy.yml:6:34: gate 'compat' 'range.syntax' should be 'npm', 'pep440' or 'auto', "
            "got 'semver'",
        ),
        (
            "{value: '1.0', syntax: npm}",
            "{value: '^1'}",
            "policy.yml:5:29: unknown key 'syntax' in gate 'compat' 'version'; valid keys are "
            "url, file, value, field, headers",
        ),
    ],
)
def test_policy_errors_are_one_sentence_at_the_right_place(
    version: str, range_: str, expected: str
) -> None:
    with pytest.raises(PolicyError) as caught:
        policy(compat(version, range_))
    assert [str(problem) for problem in caught.value.problems] == [expected]
