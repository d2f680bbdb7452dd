"""``${NAME}`` references to the environment in URLs, header values and request bodies.

http-probe, http-flow and version-compat take these as templates: ``${NAME}`` becomes the
environment variable NAME when the live fetcher makes the call, and only there. Facts,
messages and reports carry the template, never the value (see ``redaction``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Protocol, runtime_checkable

REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_OPENING = re.compile(r"\$\{")


class MissingVariableError(LookupError):
    """A template names an environment variable that is not set."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


@runtime_checkable
class HasSecretTemplates(Protocol):
    """A gate config whose calls expand ``${NAME}`` (http-probe, version-compat...)."""

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
