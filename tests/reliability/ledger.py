"""Secrets planted by the reliability suite, and every output its runs produced.

Tests ``plant`` tokens and ``${NAME}`` values, and every run of the suite (the fault matrix,
abuse and concurrency tests) reports what it produced with ``saw``: stdout, stderr, the job
summary, step outputs, the JSON report, and every request the stand-in received and every
record it holds (comments, check runs, issue and pull request bodies). ``leaks`` checks each
planted secret, in each spelling it can take (percent-encoded, base64 as git's auth header
carries it, line by line), against all of it.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Any

from releasegate.redaction import spellings
from releasegate_standin import StandIn
from releasegate_standin.control import dump_state

TOKEN = "ghs_reliabilityToken0123456789abcdefDoNotLeak"  # every run of the fault matrix uses it


@dataclass
class SecretLedger:
    secrets: dict[str, str] = field(default_factory=dict)  # spelling -> who planted it
    sightings: list[tuple[str, str]] = field(default_factory=list)  # (where, text)

    def plant(self, value: str, by: str) -> str:
        encoded = [
            base64.b64encode(text.encode()).decode() for text in (value, f"x-access-token:{value}")
        ]
        for spelling in [*spellings([value]), *encoded]:
            if len(spelling) >= 8:  # a short line of a multi-line secret is not a finding
                self.secrets.setdefault(spelling, by)
        return value

    def saw(self, where: str, text: str) -> None:
        self.sightings.append((where, text))

    def saw_standin(self, where: str, standin: StandIn) -> None:
        """Every request the stand-in received (path, query, body) and every record it holds."""
        requests = [[r.method, r.path, r.query, r.body] for r in standin.requests]
        self.saw(f"{where}: requests to GitHub", json.dumps(requests, default=str))
        self.saw(f"{where}: GitHub's records", json.dumps(dump_state(standin.state), default=str))

    def saw_all(self, where: str, outputs: dict[str, Any]) -> None:
        for name, text in outputs.items():
            self.saw(f"{where}: {name}", str(text))

    def leaks(self) -> list[str]:
        return [
            f"{secret!r} (planted by {by}) in {where}"
            for where, text in self.sightings
            for secret, by in self.secrets.items()
            if secret in text
        ]
