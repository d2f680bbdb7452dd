"""Notifications to incoming webhooks (Slack-compatible: a JSON ``{"text": ...}`` POST).

A webhook URL is a secret: ``${NAME}`` is expanded at the moment of sending, and no URL is
ever shown; a webhook is named by its position in ``watch.notify`` and the variables it
uses. One try per run and no retries within it: a webhook that fails is reported, recorded
in the history, and tried again by the next run. A failure never stops the incident itself.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import httpx

from releasegate.redaction import hide, redact, spellings
from releasegate.templates import MissingVariableError, expand, variables

TIMEOUT_SECONDS = 10.0
USER_AGENT = "releasegate"


@dataclass(frozen=True)
class Sent:
    position: int
    name: str
    error: str | None = None

    @property
    def delivered(self) -> bool:
        return self.error is None


class Webhooks:
    def __init__(
        self,
        templates: Sequence[str],
        *,
        environ: Mapping[str, str] | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.templates = tuple(templates)
        self.environ = os.environ if environ is None else environ
        self.transport = transport

    def secrets(self) -> list[str]:
        """Every URL, expanded where it can be, and the values it is made of."""
        values: list[str | None] = []
        for template in self.templates:
            values += [self.environ.get(name) for name in variables(template)]
            try:
                values.append(expand(template, self.environ))
            except MissingVariableError:
                continue
        return spellings(values)

    def name(self, position: int) -> str:
        names = variables(self.templates[position - 1])
        shown = ", ".join(f"${{{name}}}" for name in names)
        return f"webhook {position}" + (f" ({shown})" if shown else "")

    def send(self, positions: Sequence[int], text: str) -> list[Sent]:
        wanted = [p for p in positions if 1 <= p <= len(self.templates)]
        if not wanted:
            return []
        hide(*self.secrets())
        with httpx.Client(
            transport=self.transport,
            follow_redirects=False,
            timeout=TIMEOUT_SECONDS,
            headers={"User-Agent": USER_AGENT},
        ) as client:
            return [self._send(client, position, text) for position in wanted]

    def _send(self, client: httpx.Client, position: int, text: str) -> Sent:
        name = self.name(position)
        try:
            url = expand(self.templates[position - 1], self.environ)
        except MissingVariableError as missing:
            return Sent(position, name, f"the environment variable {missing.name} is not set")
        try:
            answer = client.post(url, json={"text": text})
        except httpx.TimeoutException:
            return Sent(position, name, f"no answer within {TIMEOUT_SECONDS:g}s")
        except (httpx.HTTPError, httpx.InvalidURL) as failure:
            why = redact(f"{type(failure).__name__}: {failure}", self.secrets())
            return Sent(position, name, f"could not be reached ({why})")
        if not 200 <= answer.status_code < 300:
            return Sent(position, name, f"answered HTTP {answer.status_code}")
        return Sent(position, name)
