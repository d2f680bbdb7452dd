"""Run a composite action's steps the way the GitHub Actions runner does, without a runner.

    run = run_action(ROOT, Job(workspace=..., temp=..., tool_cache=..., env={...}),
                     inputs={"command": "check"})
    assert (run.code, run.outputs["verdict"]) == (1, "fail")

Each ``run:`` step is written to a file and run with ``bash --noprofile --norc -e -o pipefail``
in the workspace, with the environment the runner gives it: the job's, what earlier steps
added through ``GITHUB_ENV``/``GITHUB_PATH``, ``GITHUB_ACTION_PATH``, fresh ``GITHUB_OUTPUT``,
``GITHUB_STEP_SUMMARY``, ``GITHUB_ENV`` and ``GITHUB_PATH`` files, then the step's ``env:``.
``uses:`` steps (actions/cache) are skipped: the action must work as if they found nothing.

Expressions are evaluated by a deliberately tiny evaluator that knows only what action.yml
uses: ``inputs.<name>``, ``github.token``, ``steps.<id>.outputs.<name>``, single-quoted
strings, ``==``, ``!=`` (case-insensitive, as GitHub compares strings) and ``&&``. Anything
else raises ``UnsupportedExpression``, so a new expression in action.yml fails the tests
until this emulation learns it, instead of being silently misread.
"""

from __future__ import annotations

import re
import subprocess
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

STEP_KEYS = frozenset({"name", "id", "if", "shell", "env", "run", "uses", "with"})
_TEMPLATE = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
_TOKEN = re.compile(
    r"\s*(?:(?P<string>'(?:[^']|'')*')|(?P<op>&&|==|!=)|(?P<name>[A-Za-z_][\w.-]*))"
)
_NAME = r"[A-Za-z_][\w-]*"
_REFERENCE = re.compile(
    rf"^(?:inputs\.(?P<input>{_NAME})|github\.token|steps\.(?P<step>{_NAME})\.outputs\.(?P<output>{_NAME}))$"
)


class UnsupportedExpression(ValueError):
    """An expression this emulation does not understand (so it may not be in action.yml)."""


@dataclass
class Contexts:
    inputs: dict[str, str]
    token: str
    steps: dict[str, dict[str, str]] = field(default_factory=dict)

    def lookup(self, name: str) -> str:
        match = _REFERENCE.match(name)
        if not match:
            raise UnsupportedExpression(f"unsupported context reference '{name}'")
        if match["input"]:
            if match["input"] not in self.inputs:
                raise UnsupportedExpression(f"'{name}' names no input of the action")
            return self.inputs[match["input"]]
        if match["step"]:
            return self.steps.get(match["step"], {}).get(match["output"], "")
        return self.token


# --- expressions -------------------------------------------------------------------------------


def _tokens(expression: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    while position < len(expression.rstrip()):
        match = _TOKEN.match(expression, position)
        if not match:
            raise UnsupportedExpression(f"unsupported syntax in '{expression}' at {position}")
        kind = match.lastgroup
        assert kind is not None
        tokens.append((kind, match[kind]))
        position = match.end()
    return tokens


def _operand(kind: str, text: str, contexts: Contexts) -> str:
    if kind == "string":
        return text[1:-1].replace("''", "'")
    if kind == "name":
        return contexts.lookup(text)
    raise UnsupportedExpression(f"expected a value, found '{text}'")


def _comparison(tokens: list[tuple[str, str]], contexts: Contexts) -> str | bool:
    """``a``, ``a == b`` or ``a != b``."""
    if len(tokens) == 1:
        return _operand(*tokens[0], contexts)
    if len(tokens) == 3 and tokens[1][0] == "op" and tokens[1][1] in ("==", "!="):
        left, right = (_operand(*tokens[i], contexts).casefold() for i in (0, 2))
        return (left == right) == (tokens[1][1] == "==")
    raise UnsupportedExpression(f"unsupported expression: {' '.join(t for _, t in tokens)}")


def evaluate(expression: str, contexts: Contexts) -> str | bool:
    """One expression (the text inside ``${{ }}``, or an ``if:``)."""
    tokens = _tokens(expression)
    if not tokens:
        raise UnsupportedExpression("empty expression")
    groups: list[list[tuple[str, str]]] = [[]]
    for token in tokens:
        if token == ("op", "&&"):
            groups.append([])
        else:
            groups[-1].append(token)
    value: str | bool = ""
    for group in groups:  # a && b: a if a is falsy, else b
        value = _comparison(group, contexts)
        if not value:
            return value
    return value


def _text(value: str | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def interpolate(text: Any, contexts: Contexts) -> str:
    """A value with ``${{ }}`` templates replaced; other YAML scalars as the runner shows them."""
    if isinstance(text, bool):
        return _text(text)
    return _TEMPLATE.sub(lambda m: _text(evaluate(m[1], contexts)), str(text))


def condition(text: Any, contexts: Contexts) -> bool:
    stripped = str(text).strip()
    if stripped.startswith("${{") and stripped.endswith("}}"):
        stripped = stripped[3:-2]
    return bool(evaluate(stripped, contexts))


# --- file commands -----------------------------------------------------------------------------


def parse_file_command(text: str) -> dict[str, str]:
    """``NAME=value`` lines and ``NAME<<DELIMITER`` blocks, as GITHUB_OUTPUT/GITHUB_ENV hold."""
    values: dict[str, str] = {}
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line.strip():
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            end = lines.index(delimiter, index)  # ValueError: an unterminated block
            values[name] = "\n".join(lines[index:end])
            index = end + 1
        elif "=" in line:
            name, value = line.split("=", 1)
            values[name] = value
        else:
            raise ValueError(f"not a file command line: {line!r}")
    return values


# --- the job and the run -----------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """What the runner provides: folders, the job's environment and ``github.token``."""

    workspace: Path
    temp: Path
    tool_cache: Path
    env: Mapping[str, str]
    token: str = "ghs_runnerTOKEN0123456789"


@dataclass
class StepRun:
    name: str
    skipped: str | None  # why the step did not run
    code: int = 0
    log: str = ""
    seconds: float = 0.0


@dataclass
class ActionRun:
    code: int
    steps: list[StepRun]
    outputs: dict[str, str]
    summary: str

    @property
    def log(self) -> str:
        return "".join(step.log for step in self.steps)


def load_action(action_dir: Path) -> dict[str, Any]:
    action = YAML(typ="safe").load((action_dir / "action.yml").read_text(encoding="utf-8"))
    if action["runs"]["using"] != "composite":
        raise UnsupportedExpression("only composite actions can be emulated")
    return action


def _inputs(action: Mapping[str, Any], given: Mapping[str, str], token: str) -> dict[str, str]:
    declared = action.get("inputs") or {}
    unknown = set(given) - set(declared)
    if unknown:
        raise ValueError(f"the action has no input {sorted(unknown)}")
    defaults = Contexts(inputs={}, token=token)
    return {
        name: given[name] if name in given else interpolate(spec.get("default", ""), defaults)
        for name, spec in declared.items()
    }


def run_action(
    action_dir: Path, job: Job, inputs: Mapping[str, str] | None = None, *, timeout: float = 600
) -> ActionRun:
    action = load_action(action_dir)
    contexts = Contexts(_inputs(action, inputs or {}, job.token), job.token)
    added_env: dict[str, str] = {}
    added_path: list[str] = []
    runs: list[StepRun] = []
    summary = ""
    code = 0
    for number, step in enumerate(action["runs"]["steps"], 1):
        unknown = set(step) - STEP_KEYS
        if unknown:
            raise UnsupportedExpression(f"step {number} uses keys this emulation lacks: {unknown}")
        name = step.get("name") or step.get("id") or f"step {number}"
        if "if" in step and not condition(step["if"], contexts):
            runs.append(StepRun(name, "if: false"))
            continue
        if "uses" in step:
            for value in (step.get("with") or {}).values():
                interpolate(value, contexts)  # fails loudly on what the emulation cannot read
            runs.append(StepRun(name, f"uses {step['uses']}: not run by the emulation"))
            continue
        files = _FileCommands.create(job.temp)
        env = {
            **job.env,
            **added_env,
            "GITHUB_ACTION_PATH": str(action_dir),
            **files.env(),
            **{key: interpolate(value, contexts) for key, value in (step.get("env") or {}).items()},
        }
        if added_path:
            env["PATH"] = ":".join([*reversed(added_path), env.get("PATH", "")])
        result = _run_script(step, env, job, timeout)
        result.name = name
        runs.append(result)
        contexts.steps[step.get("id", f"__{number}")] = files.outputs()
        added_env.update(files.env_additions())
        added_path.extend(files.path_additions())
        summary += files.summary()
        if result.code != 0:
            code = result.code
            break
    outputs = {
        name: interpolate(spec["value"], contexts)
        for name, spec in (action.get("outputs") or {}).items()
    }
    return ActionRun(code, runs, outputs, summary)


def _run_script(step: Mapping[str, Any], env: dict[str, str], job: Job, timeout: float) -> StepRun:
    if step.get("shell") != "bash":
        shell = step.get("shell")
        raise UnsupportedExpression(f"only `shell: bash` steps are emulated, not {shell}")
    script = job.temp / f"{uuid.uuid4()}.sh"
    script.write_text(step["run"], encoding="utf-8")
    started = time.perf_counter()
    completed = subprocess.run(
        ["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", str(script)],
        cwd=job.workspace,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    seconds = time.perf_counter() - started
    return StepRun("", None, completed.returncode, completed.stdout + completed.stderr, seconds)


@dataclass(frozen=True)
class _FileCommands:
    folder: Path

    @classmethod
    def create(cls, temp: Path) -> _FileCommands:
        folder = temp / "_runner_file_commands" / uuid.uuid4().hex
        folder.mkdir(parents=True)
        for name in ("output", "summary", "env", "path"):
            (folder / name).write_text("")
        return cls(folder)

    def env(self) -> dict[str, str]:
        return {
            "GITHUB_OUTPUT": str(self.folder / "output"),
            "GITHUB_STEP_SUMMARY": str(self.folder / "summary"),
            "GITHUB_ENV": str(self.folder / "env"),
            "GITHUB_PATH": str(self.folder / "path"),
        }

    def outputs(self) -> dict[str, str]:
        return parse_file_command((self.folder / "output").read_text(encoding="utf-8"))

    def env_additions(self) -> dict[str, str]:
        return parse_file_command((self.folder / "env").read_text(encoding="utf-8"))

    def path_additions(self) -> list[str]:
        lines = (self.folder / "path").read_text(encoding="utf-8").splitlines()
        return [line for line in lines if line.strip()]

    def summary(self) -> str:
        return (self.folder / "summary").read_text(encoding="utf-8")
