"""``${NAME}`` references to the environment, their expansion, and redaction (SPEC §8).

http-probe and version-compat take URLs, header values and request bodies as templates:
``${NAME}`` becomes the environment variable NAME when the live fetcher makes the call, and
only there. Facts, messages and reports carry the template, never the value.

The values of those variables and the GitHub token(s) are secrets. ``secret_values`` lists
them (with the spellings a URL or an error message may give them) so that every output can be
``redact``-ed and, inside GitHub Actions, masked with ``::add-mask::`` before anything else
is printed (``render.actions.mask_commands``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Annotated, Protocol, runtime_checkable
from urllib.parse import quote, quote_plus

from pydantic import AfterValidator

if TYPE_CHECKING:
    from releasegate.policy.models import Policy

MASK = "***"
REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_OPENING = re.compile(r"\$\{")
_URL_SAFE = "!$&'()*+,;=:@/?"  # what httpx leaves unescaped in a URL


class MissingVariableError(LookupError):
    """A template names an environment variable that is not set."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


@runtime_checkable
class HasSecretTemplates(Protocol):
    """A gate config whose calls expand ``${NAME}`` (http-probe, version-compat)."""

    def secret_templates(self) -> Iterable[str]: ...


def check_template(text: str) -> str:
    """Policy validation: every ``${`` must open a well-formed ``${NAME}`` reference."""
    for opening in _OPENING.finditer(text):
        if not REFERENCE.match(text, opening.start()):
            bad = text[opening.start() : opening.start() + 24]
            raise ValueError(
                f"{bad!r} is not a ${{NAME}} reference; a name is letters, digits and _, "
                "not starting with a digit, e.g. ${STAGING_TOKEN}"
            )
    return text


Template = Annotated[str, AfterValidator(check_template)]
"A text in which ``${NAME}`` is replaced by an environment variable when the call is made."


def variables(template: str) -> list[str]:
    """The names a template refers to, each once, in order."""
    return list(dict.fromkeys(REFERENCE.findall(template)))


def expand(template: str, environ: Mapping[str, str]) -> str:
    """The template with each ``${NAME}`` replaced; raises ``MissingVariableError``."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in environ:
            raise MissingVariableError(name)
        return environ[name]

    return REFERENCE.sub(value, template)


def secret_values(
    policy: Policy | None, environ: Mapping[str, str], token: str | None, *tokens: str | None
) -> list[str]:
    """Every secret a run may hold: the token(s) and the value of each ``${NAME}`` used by
    the policy's gates, each with the spellings it takes in a URL; empty values left out."""
    found: list[str | None] = [token, *tokens]
    configs = policy.gate_configs if policy is not None else ()
    for config in configs:
        if isinstance(config, HasSecretTemplates):
            for template in config.secret_templates():
                found += [environ.get(name) for name in variables(template)]
    return spellings(found)


def spellings(values: Iterable[str | None]) -> list[str]:
    """Each value as written, percent-encoded as a URL would carry it, and line by line
    (the runner masks a multi-line secret one line at a time); blanks left out."""
    variants: dict[str, None] = {}
    for value in values:
        if not value or not value.strip():
            continue
        for variant in (
            value,
            quote(value, safe=""),
            quote(value, safe=_URL_SAFE),
            quote_plus(value),
            *value.splitlines(),
        ):
            if variant.strip():
                variants[variant] = None
    return list(variants)


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every occurrence of every secret replaced by ``***`` (longest first, so a
    secret that contains another is hidden whole)."""
    ordered = sorted({secret for secret in secrets if secret}, key=len, reverse=True)
    if not ordered:
        return text
    return re.compile("|".join(re.escape(secret) for secret in ordered)).sub(MASK, text)
