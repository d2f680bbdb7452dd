"""version-compat: a version (say, the staging backend's) fits a range (the frontend's)."""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable
from datetime import timedelta
from functools import partial
from pathlib import PurePosixPath
from typing import Annotated, Any, Literal, Self, TypeVar

from pydantic import AfterValidator, ConfigDict, field_validator, model_validator

from releasegate.extract import (
    DocumentError,
    FieldMissingError,
    FieldTypeError,
    extract_field,
    kind_for_path,
    parse_body,
    parse_document,
    scalar_text,
)
from releasegate.facts import FactRequest, Facts, RepoFile, RunContext, Undecided
from releasegate.facts.http import Expectation, HttpCall, unmet
from releasegate.gates.base import Gate
from releasegate.policy.base import GateConfig, StrictModel
from releasegate.policy.calls import Headers, UrlTemplate
from releasegate.results import Outcome
from releasegate.versions import (
    SYNTAX_NAMES,
    SyntaxChoice,
    VersionRange,
    VersionSyntaxError,
    fits,
    parse_range,
    parse_version,
)

URL_ATTEMPTS = 3
URL_TIMEOUT = timedelta(seconds=10)
Role = Literal["version", "range"]
T = TypeVar("T")


def _repository_path(path: str) -> str:
    parts = path.split("/")
    if path.startswith("/") or any(part in ("", ".", "..") for part in parts):
        raise ValueError(f"{path!r} is not a path inside the repository, like app/package.json")
    return path


def _dotted_field(field: str) -> str:
    if not all(field.split(".")):
        raise ValueError(f"{field!r} is not a dotted field path, like releasegate.backend")
    return field


RepositoryPath = Annotated[str, AfterValidator(_repository_path)]
FieldPath = Annotated[str, AfterValidator(_dotted_field)]


class Source(StrictModel):
    """Where a version or range comes from: exactly one of url, file or value."""

    model_config = ConfigDict(
        json_schema_extra={"oneOf": [{"required": [key]} for key in ("url", "file", "value")]}
    )

    url: UrlTemplate | None = None
    "Read from this URL's answer (JSON with field, else the plain-text body)."
    file: RepositoryPath | None = None
    "Read from this repository file at the commit under evaluation (JSON, YAML or TOML)."
    value: str | None = None
    "Written here in the policy."
    field: FieldPath | None = None
    "Dotted path into the JSON, YAML or TOML document, e.g. releasegate.backend."
    headers: Headers | None = None
    "Request headers for url; values may hold ${NAME} (never shown)."

    @field_validator("value", mode="before")
    @classmethod
    def _number_as_text(cls, value: Any) -> Any:
        if isinstance(value, float):  # YAML reads 1.10 as the number 1.1
            raise ValueError(  # noqa: TRY004 - pydantic reports ValueError as a policy error
                f'was read as the number {value!r}; quote it to keep every digit, e.g. "1.10"'
            )
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @model_validator(mode="before")
    @classmethod
    def _a_mapping(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            raise ValueError(  # noqa: TRY004
                f"should be a mapping, {{url: ...}}, {{file: ...}} or {{value: ...}}, got {data!r}"
            )
        return data

    @model_validator(mode="after")
    def _one_kind(self) -> Self:
        given = [key for key in ("url", "file", "value") if getattr(self, key) is not None]
        if len(given) != 1:
            got = f"got {' and '.join(given)}" if given else "got none"
            raise ValueError(f"needs exactly one of url, file or value ({got})")
        if self.headers is not None and self.url is None:
            raise ValueError("has headers, which only a url source takes")
        if self.field is not None and self.value is not None:
            raise ValueError("has a field, which only url and file sources take")
        return self

    def describe(self) -> str:
        """Where the text came from, as the reports name it."""
        if self.value is not None:
            return "the policy"
        origin = self.url or self.file
        return f"{origin} field {self.field}" if self.field else str(origin)


class RangeSource(Source):
    """Where the range comes from, and in which grammar to read it."""

    syntax: SyntaxChoice = "auto"
    (
        "npm, pep440 or auto: npm for a package.json, PEP 440 for a pyproject.toml, setup.cfg "
        "or requirements*.txt, else the grammar that reads the text; an error where both do "
        "and disagree on the version."
    )


# Where a range file says which grammar its ranges are written in (SPEC §2.5).
RANGE_FILE_SYNTAX: dict[str, SyntaxChoice] = {
    "package.json": "npm",
    "pyproject.toml": "pep440",
    "setup.cfg": "pep440",
    "requirements*.txt": "pep440",
}


def range_syntax(source: RangeSource) -> SyntaxChoice:
    """The grammar to read the range in: the policy's ``syntax``, or for ``auto`` the one its
    file is written in, or (``auto`` still) whichever grammar reads the text."""
    if source.syntax != "auto" or source.file is None:
        return source.syntax
    name = PurePosixPath(source.file).name
    by_name = (
        syntax
        for pattern, syntax in RANGE_FILE_SYNTAX.items()
        if fnmatch.fnmatchcase(name, pattern)
    )
    return next(by_name, "auto")


class VersionCompatConfig(GateConfig):
    version: Source
    "The version that must fit."
    range: RangeSource
    "The range it must fit: PEP 440 specifiers or an npm range; syntax says which (default auto)."

    @field_validator("version")
    @classmethod
    def _version_value(cls, source: Source) -> Source:
        if source.value is not None:
            _policy_value(parse_version, source.value)
        return source

    @field_validator("range")
    @classmethod
    def _range_value(cls, source: RangeSource) -> RangeSource:
        if source.value is not None:
            _policy_value(partial(parse_range, syntax=source.syntax), source.value)
        return source

    def secret_templates(self) -> Iterable[str]:
        for source in (self.version, self.range):
            if source.url is not None:
                yield source.url
                yield from (source.headers or {}).values()


def _policy_value(parse: Any, text: str) -> None:
    try:
        parse(text)
    except VersionSyntaxError as error:
        raise ValueError(f"value {error}") from None


class VersionCompat(Gate[VersionCompatConfig]):
    type = "version-compat"
    summary = "a version fits a range (frontend and backend agree)"
    config_model = VersionCompatConfig
    example = """\
- id: frontend-backend-compat
  type: version-compat
  version: {url: "https://staging-api.example.com/version", field: version}
  range: {file: app/package.json, field: releasegate.backend}
"""

    def requests(self, context: RunContext) -> Iterable[FactRequest[Any]]:
        sources = (self.config.version, self.config.range)
        return [r for s in sources if (r := _request(s, context)) is not None]

    def evaluate(self, context: RunContext, facts: Facts) -> Outcome:
        version_source, range_source = self.config.version, self.config.range
        version = _read("version", version_source, parse_version, context, facts)
        read_range = partial(parse_range, syntax=range_syntax(range_source))
        version_range = _read("range", range_source, read_range, context, facts)
        try:
            fitting = fits(version, version_range)
        except VersionSyntaxError as error:
            raise Undecided(str(error)) from None
        details = (
            f"version {version} from {version_source.describe()}",
            f"range {version_range} from {range_source.describe()}, {_read_as(version_range)}",
        )
        if fitting:
            sources = f"version from {version_source.describe()}; "
            sources += f"range from {range_source.describe()}"
            return Outcome(True, f"{version} fits {version_range} ({sources})", details)
        bounds = version_range.bounds
        meaning = f" ({bounds})" if bounds != version_range.text else ""
        return Outcome(False, f"{version} does not fit {version_range}{meaning}", details)


def _read_as(version_range: VersionRange) -> str:
    """``read as npm: >=1.9.0-0 <2.0.0-0``; for a range both grammars read (and agree on)
    ``read as npm and PEP 440: npm >=2.0.0-0; PEP 440 >=2``."""
    grammars = " and ".join(SYNTAX_NAMES[syntax] for syntax in version_range.syntaxes)
    return f"read as {grammars}: {version_range.bounds}"


def _request(source: Source, context: RunContext) -> FactRequest[Any] | None:
    if source.url is not None:
        return _url_call(source, source.url)
    if source.file is not None and context.sha is not None:
        return RepoFile(source.file, context.sha)
    return None


def _url_call(source: Source, url: str) -> HttpCall:
    headers = tuple((source.headers or {}).items())
    return HttpCall(url, "GET", headers, None, URL_TIMEOUT, URL_ATTEMPTS, Expectation())


def _read(
    role: Role, source: Source, parse: Callable[[str], T], context: RunContext, facts: Facts
) -> T:
    """The version or range a source gives; ``Undecided`` naming the source otherwise."""
    try:
        if source.url is not None:
            text = _url_text(role, source, source.url, facts)
        elif source.file is not None:
            text = _file_text(role, source, source.file, context, facts)
        else:
            text = source.value or ""
    except (DocumentError, FieldMissingError, FieldTypeError) as error:
        raise Undecided(str(error)) from None
    try:
        return parse(text)
    except VersionSyntaxError as error:
        raise Undecided(f"the {role} from {source.describe()}: {error}") from None


def _url_text(role: Role, source: Source, url: str, facts: Facts) -> str:
    call = _url_call(source, url)
    answer = facts.get(call)
    problems = unmet(call.expect, answer.last, source=url)
    if problems:
        count = len(answer.attempts)
        tries = f"{count} attempt{'s' if count != 1 else ''}"
        raise Undecided(f"could not read the {role} from {url}: {problems[0]} after {tries}")
    content_type = answer.last.header("content-type")
    wants_field = source.field is not None
    body = parse_body(answer.last.body, content_type, source=url, want_field=wants_field)
    value = extract_field(body, source.field, source=url)
    return scalar_text(value, source=url, field=source.field)


def _file_text(role: Role, source: Source, path: str, context: RunContext, facts: Facts) -> str:
    if context.sha is None:
        raise Undecided(f"this run names no commit to read the {role} from {path} at")
    request = RepoFile(path, context.sha)
    named = request.label
    text = facts.get(request)
    document = parse_document(text, kind=kind_for_path(path), source=named)
    value = extract_field(document, source.field, source=named)
    return scalar_text(value, source=named, field=source.field)
