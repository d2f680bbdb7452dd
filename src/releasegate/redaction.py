"""Secrets and their redaction (SPEC §4, §8).

The values of the ``${NAME}`` variables a policy's gates use and the GitHub token(s) are
secrets. ``secret_values`` lists them, with the spellings a URL or an error message may give
them, so that every text a run shows can be ``redact``-ed before it is written anywhere.
Nothing here prints: no secret is ever written, not even inside ``::add-mask::`` (the runner
already masks what comes from ``secrets.*`` and ``github.token``).
"""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TextIO
from urllib.parse import quote, quote_plus

from releasegate.results import Report
from releasegate.templates import HasSecretTemplates, variables

MASK = "***"
_URL_SAFE = "!$&'()*+,;=:@/?"  # what httpx leaves unescaped in a URL


def secret_values(
    gate_configs: Sequence[object], environ: Mapping[str, str], *tokens: str | None
) -> list[str]:
    """Every secret a run may hold: the token(s) and the value of each ``${NAME}`` used by
    the gates, each with the spellings it takes in a URL; empty values left out."""
    found: list[str | None] = list(tokens)
    for config in gate_configs:
        if isinstance(config, HasSecretTemplates):
            for template in config.secret_templates():
                found += [environ.get(name) for name in variables(template)]
    return spellings(found)


def spellings(values: Iterable[str | None]) -> list[str]:
    """Each value as written, percent-encoded as a URL would carry it, and line by line
    (a multi-line secret may be quoted one line at a time); blanks left out."""
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


# --- every secret the process knows, hidden from every stream -------------------------------

_KNOWN: dict[str, None] = {}


def hide(*values: str | None) -> None:
    """Make ``values`` (and their spellings) secrets of this run: from now on they are
    replaced in everything written to standard output, standard error and the step files."""
    for variant in spellings(values):
        _KNOWN[variant] = None


def redact_known(text: str) -> str:
    return redact(text, _KNOWN)


class RedactingStream(io.TextIOBase):
    """A text stream that writes through to ``stream`` with every known secret replaced.

    The CLI puts standard output and error behind one each, so a secret that some message
    quotes (an API error echoing the token, say) is hidden whatever printed it. Reports are
    redacted explicitly before rendering as well; this is the net under that.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._stream.encoding

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return self._stream.errors

    def write(self, text: str) -> int:
        self._stream.write(redact_known(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()


def redacted_report(report: Report, secrets: Sequence[str]) -> Report:
    """The report with every secret replaced, so no renderer can leak one."""

    def clean(text: str) -> str:
        return redact(text, secrets)

    gates = tuple(
        dataclasses.replace(
            gate,
            summary=clean(gate.summary),
            details=tuple(map(clean, gate.details)),
            annotations=tuple(
                dataclasses.replace(a, message=clean(a.message)) for a in gate.annotations
            ),
        )
        for gate in report.gates
    )
    return dataclasses.replace(report, gates=gates, notices=tuple(map(clean, report.notices)))
