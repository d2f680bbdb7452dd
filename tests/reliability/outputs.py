"""Reading a run's outputs the way the Actions runner and a person do.

``workflow_commands``: the ``::command::`` lines the runner would act on (it ignores every
line between ``::stop-commands::TOKEN`` and ``::TOKEN::``). ``pass_claims``: every place a
run says the result passed. ``normalized``: output with what changes from run to run (random
tokens, ages, clock times) replaced, so two runs can be compared exactly.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

_COMMAND = re.compile(r"^::([A-Za-z-]+)(?: [^:]*)?::")
_LEGACY = re.compile(r"##\[([A-Za-z-]+)[ \]]")  # anywhere in a line (ActionCommand.TryParse)
_STOP = re.compile(r"^::stop-commands::(.+)$")
_TOKEN = re.compile(r"\b[0-9a-f]{32}\b|ghadelimiter_[0-9a-f]{16}")
_AGE = re.compile(r"\b\d+(?:\.\d+)?[smhd] ago\b")
_CLOCK = re.compile(r"\b\d{4}-\d\d-\d\d[ T]\d\d:\d\d(?::\d\d)?(?:Z| UTC)?")
_PASS_LINES = (
    re.compile(r"^verdict: pass\b", re.MULTILINE),
    re.compile(r"^### \S+ releasegate / .*: passed$", re.MULTILINE),
    re.compile(r"^verdict<<(\S+)\npass\n\1$", re.MULTILINE),
)


@dataclass(frozen=True)
class Command:
    name: str
    line: str


def workflow_commands(stdout: str) -> list[Command]:
    """The workflow commands the runner reads in ``stdout``, in order: a line that starts with
    ``::`` once leading white space is trimmed (as .NET's TrimStart does), or that holds the
    legacy ``##[command]`` anywhere."""
    found: list[Command] = []
    stop_token: str | None = None
    for raw in stdout.splitlines():
        line = raw.lstrip()
        if stop_token is not None:
            if line == f"::{stop_token}::":
                stop_token = None
            continue
        if stop := _STOP.match(line):
            stop_token = stop.group(1)
            found.append(Command("stop-commands", line))
        elif command := _COMMAND.match(line):
            found.append(Command(command.group(1), line))
        elif legacy := _LEGACY.search(line):
            found.append(Command(legacy.group(1), line))
    return found


def pass_claims(*texts: str) -> list[str]:
    """Every line that says the result passed (text report, summary, step outputs, JSON)."""
    claims = [match.group(0) for text in texts for rx in _PASS_LINES for match in rx.finditer(text)]
    claims += [text[:80] for text in texts if _json_verdict(text) == "pass"]
    return claims


def _json_verdict(text: str) -> object:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data.get("verdict") if isinstance(data, dict) else None


def normalized(text: str) -> str:
    return _CLOCK.sub("<time>", _AGE.sub("<age> ago", _TOKEN.sub("<token>", text)))


def read_all(paths: Iterable[Path]) -> str:
    return "".join(path.read_text(encoding="utf-8") for path in paths if path.is_file())
