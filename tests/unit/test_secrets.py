"""${NAME} templates, the secrets a run must hide, and redaction."""

from __future__ import annotations

import pytest

from releasegate.redaction import RedactingStream, hide, redact, secret_values, spellings
from releasegate.templates import MissingVariableError, check_template, expand, variables
from support.builders import policy

POLICY = """\
    version: 1
    gates:
      - id: probe
        type: http-probe
        url: "https://${STAGING_HOST}/health"
        headers: {Authorization: "Bearer ${STAGING_TOKEN}", X-Empty: "${EMPTY}"}
        expect: {body-contains: "${NOT_EXPANDED}"}
      - id: compat
        type: version-compat
        version: {url: "https://api.example.com/version", headers: {X-Key: "${API_KEY}"}}
        range: {file: app/package.json, field: releasegate.backend}
      - id: separation
        type: change-separation
        groups: {a: ["a/**"], b: ["b/**"]}
"""
ENVIRON = {
    "STAGING_HOST": "staging.example.com",
    "STAGING_TOKEN": "tok/en+1",
    "API_KEY": "key-123",
    "EMPTY": "",
    "NOT_EXPANDED": "visible",
    "UNRELATED": "other",
}


def test_secret_values_are_the_tokens_and_every_name_used_in_urls_headers_and_bodies() -> None:
    values = secret_values(
        policy(POLICY).gate_configs, ENVIRON, "ghs_token", None, "backport-token"
    )
    assert values == [
        "ghs_token",
        "backport-token",
        "staging.example.com",
        "tok/en+1",
        "tok%2Fen%2B1",
        "key-123",
    ]


def test_unset_names_and_a_missing_policy_give_just_the_token() -> None:
    assert secret_values(policy(POLICY).gate_configs, {}, "ghs_token") == ["ghs_token"]
    assert secret_values((), ENVIRON, None) == []


def test_a_multi_line_secret_is_masked_line_by_line_too() -> None:
    assert spellings(["line one\nline two"]) == [
        "line one\nline two",
        "line%20one%0Aline%20two",
        "line+one%0Aline+two",
        "line one",
        "line two",
    ]


def test_a_hidden_secret_is_replaced_in_everything_written_through_a_redacting_stream() -> None:
    import io

    written = io.StringIO()
    stream = RedactingStream(written)
    hide("ghp_streamsecret", None, "")
    stream.write("error: 401 Bad credentials for ghp_streamsecret\n")
    stream.write("and ghp%5Fstreamsecret is fine: not a spelling of it\n")
    assert written.getvalue() == (
        "error: 401 Bad credentials for ***\nand ghp%5Fstreamsecret is fine: not a spelling of it\n"
    )


def test_redact_hides_every_occurrence_longest_first() -> None:
    text = "token abc and abcdef, again abcdef"
    assert redact(text, ["abc", "abcdef"]) == "token *** and ***, again ***"
    assert redact(text, []) == text
    assert redact(text, [""]) == text


def test_redact_treats_secrets_as_text_not_patterns() -> None:
    assert redact("a.b and axb", ["a.b"]) == "*** and axb"


def test_variables_and_expansion() -> None:
    template = "https://${HOST}/v?key=${KEY}&again=${KEY}&cost=$5"
    assert variables(template) == ["HOST", "KEY"]
    assert expand(template, {"HOST": "h", "KEY": "k"}) == "https://h/v?key=k&again=k&cost=$5"


def test_expanding_a_missing_name_names_it() -> None:
    with pytest.raises(MissingVariableError) as caught:
        expand("Bearer ${TOKEN}", {})
    assert caught.value.name == "TOKEN"


@pytest.mark.parametrize("template", ["${1X}", "${X", "${}", "${X-Y}", "pre ${ok} ${"])
def test_a_malformed_reference_is_a_policy_error(template: str) -> None:
    with pytest.raises(ValueError, match=r"is not a \$\{NAME\} reference"):
        check_template(template)


def test_a_dollar_without_a_brace_is_plain_text() -> None:
    assert check_template("$HOME costs $5 ${OK}") == "$HOME costs $5 ${OK}"
