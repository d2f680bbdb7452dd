"""Read a policy file with ruamel.yaml (positions kept) and validate it with the models.

Every problem becomes a ``Problem`` at ``file:line:col`` with one sentence saying what is
wrong and, for a misspelt key or gate type, the closest valid name.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from releasegate.errors import PolicyError, Problem
from releasegate.gates import GATES
from releasegate.policy.base import GateConfig
from releasegate.policy.models import Policy

Loc = tuple[int | str, ...]


MAX_POLICY_BYTES = 512 * 1024  # what GitHub's API gives of a file's text; the same cap everywhere


def load_policy_file(path: Path) -> Policy:
    try:
        size = path.stat().st_size
        if size > MAX_POLICY_BYTES:
            raise PolicyError([_too_large(str(path), size)])
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PolicyError([Problem(str(path), 1, 1, _missing_file_message(path))]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise PolicyError([Problem(str(path), 1, 1, f"cannot read the policy: {error}")]) from None
    return load_policy_text(text, str(path))


def load_settings_policy(path: Path, *, required: bool) -> Policy | None:
    """A policy read for one of its sections (hotfix, umbrella, report): None when the file
    was not given and is absent (the section's defaults hold); a file given must exist."""
    if not required and not path.is_file():
        return None
    return load_policy_file(path)


def _missing_file_message(path: Path) -> str:
    return (
        "no policy file here; create it (see `releasegate schema` and the examples in "
        "policies/) or pass --policy PATH"
    )


def _too_large(source: str, size: int) -> Problem:
    return Problem(
        source,
        1,
        1,
        f"the policy is {size:,} bytes, over the {MAX_POLICY_BYTES // 1024} KB a policy may "
        "be; a policy is a few dozen lines: split it into one file per check",
    )


def load_policy_text(text: str, source: str) -> Policy:
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > MAX_POLICY_BYTES:  # checked before parsing: YAML parsing is slow on huge input
        raise PolicyError([_too_large(source, size)])
    data = _parse_yaml(text, source)
    problems = list(_duplicate_gate_ids(data, source))
    configs, gate_problems = _gate_configs(data, source)
    problems += gate_problems
    policy = None
    try:
        policy = Policy.model_validate(_with_gates(data, configs))
    except ValidationError as error:
        problems = [_problem(source, data, item) for item in error.errors()] + problems
    if problems or policy is None:
        raise PolicyError(sorted(problems, key=lambda p: (p.line, p.col)))
    return policy


def _with_gates(data: dict[str, Any], configs: list[GateConfig] | None) -> dict[str, Any]:
    """The document with its gate entries replaced by their validated configs (a ``gates``
    that is not a list is left for the policy model to report)."""
    return data if configs is None else {**data, "gates": configs}


def _gate_configs(
    data: dict[str, Any], source: str
) -> tuple[list[GateConfig] | None, list[Problem]]:
    """Each gate entry validated by its own type's model, picked from the registry: only the
    models of the types the file uses are ever built."""
    entries = data.get("gates")
    if not isinstance(entries, list):
        return None, []
    configs: list[GateConfig] = []
    problems: list[Problem] = []
    for index, entry in enumerate(entries):
        loc: Loc = ("gates", index)
        gate_type = entry.get("type") if isinstance(entry, dict) else None
        if not isinstance(entry, dict):
            line, col = _position(data, loc, of_key=False)
            problems.append(Problem(source, line, col, f"{_key_path(loc, data)} {_NOT_A_GATE}"))
        elif gate_type is None:
            line, col = _position(data, loc, of_key=False)
            problems.append(
                Problem(source, line, col, f"a gate needs a 'type'; one of {_gate_types()}")
            )
        elif not isinstance(gate_type, str) or gate_type not in GATES:
            line, col = _position(data, (*loc, "type"), of_key=False)
            problems.append(Problem(source, line, col, _unknown_gate_type(str(gate_type))))
        else:
            try:
                configs.append(GATES[gate_type].config_model.model_validate(entry))
            except ValidationError as error:
                # The type joins the location as the tag a discriminated union would add, so
                # positions and key names resolve through the right model.
                problems += [
                    _problem(source, data, {**item, "loc": (*loc, gate_type, *item["loc"])})
                    for item in error.errors()
                ]
    return configs, problems


_NOT_A_GATE = "should be a mapping with an id and a type, like {id: my-gate, type: http-probe}"


def _parse_yaml(text: str, source: str) -> Any:
    from ruamel.yaml import YAML  # noqa: PLC0415 - keeps --help fast
    from ruamel.yaml.constructor import DuplicateKeyError  # noqa: PLC0415
    from ruamel.yaml.error import MarkedYAMLError, YAMLError  # noqa: PLC0415

    yaml = YAML(typ="rt")
    try:
        documents = list(yaml.load_all(text))
    except DuplicateKeyError as error:
        raise PolicyError([_yaml_problem(source, error, "duplicate key")]) from None
    except MarkedYAMLError as error:
        raise PolicyError([_yaml_problem(source, error, "invalid YAML")]) from None
    except YAMLError as error:
        raise PolicyError([_unmarked_problem(source, text, error)]) from None
    except RecursionError:
        raise PolicyError([Problem(source, 1, 1, "invalid YAML: nested too deeply")]) from None
    # ruamel refuses some input with other errors: an integer of 5,000 digits (ValueError),
    # `--- !!set` (AttributeError)... The text is still not a policy.
    except Exception as error:  # noqa: BLE001
        raise PolicyError([_unmarked_problem(source, text, error)]) from None
    documents = [doc for doc in documents if doc is not None]
    if not documents:
        raise PolicyError([Problem(source, 1, 1, "the policy is empty; start with 'version: 1'")])
    if len(documents) > 1:
        raise PolicyError(
            [Problem(source, 1, 1, "a policy file is one YAML document, not several")]
        )
    if not isinstance(documents[0], dict):
        raise PolicyError([Problem(source, 1, 1, "the policy must be a mapping of keys")])
    return documents[0]


def _unmarked_problem(source: str, text: str, error: Exception) -> Problem:
    """An error without a mark; a reader's error still knows the offending character."""
    position = getattr(error, "position", None)
    line, col = 1, 1
    if isinstance(position, int) and 0 <= position <= len(text):
        line = text.count("\n", 0, position) + 1
        col = position - (text.rfind("\n", 0, position) + 1) + 1
    return Problem(source, line, col, "invalid YAML: " + " ".join(str(error).split()))


def _yaml_problem(source: str, error: Any, what: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    problem = " ".join(str(error.problem or "").split())
    if what == "duplicate key":
        first = error.context_mark
        problem = f"{problem} (first at line {first.line + 1})" if first else problem
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Problem(source, line, col, f"{what}: {problem}")


# --- positions -------------------------------------------------------------------------------


def _position(data: Any, loc: Loc, *, of_key: bool) -> tuple[int, int]:
    """1-based line and column of the node at ``loc`` (its key when ``of_key``)."""
    node: Any = data  # ruamel's CommentedMap/CommentedSeq, which carry positions in .lc
    line, col = 1, 1
    for index, step in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, dict) and step in node:
            getter = _lc(node).key if (last and of_key) else _lc(node).value
            line, col = _one_based(getter, step, (line, col))
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and step < len(node):
            line, col = _one_based(_lc(node).item, step, (line, col))
            node = node[step]
        elif isinstance(node, dict) and node.get("type") == step:
            continue  # the discriminator tag pydantic adds to the location
        else:
            break
    return line, col


def _one_based(getter: Any, step: int | str, otherwise: tuple[int, int]) -> tuple[int, int]:
    """ruamel's 0-based (line, col) of ``step`` made 1-based; ``otherwise`` where it kept none
    (an ``!!omap``, a key merged in with ``<<``)."""
    try:
        position = getter(step)
    except (KeyError, IndexError):
        return otherwise
    if not position:
        return otherwise
    line, col = position
    return line + 1, col + 1


def _lc(node: Any) -> Any:
    """ruamel's line/column record of a mapping or sequence (0-based)."""
    return node.lc


def _duplicate_gate_ids(data: Any, source: str) -> Iterator[Problem]:
    gates = data.get("gates") if isinstance(data, dict) else None
    if not isinstance(gates, list):
        return
    seen: dict[str, int] = {}
    for index, gate in enumerate(gates):
        gate_id = gate.get("id") if isinstance(gate, dict) else None
        if not isinstance(gate_id, str):
            continue
        line, col = _position(data, ("gates", index, "id"), of_key=False)
        if gate_id in seen:
            yield Problem(
                source,
                line,
                col,
                f"duplicate gate id '{gate_id}' (first at line {seen[gate_id]}); ids are unique",
            )
        else:
            seen[gate_id] = line


# --- messages --------------------------------------------------------------------------------


def _problem(source: str, data: Any, error: Any) -> Problem:
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        line, col = _position(data, loc, of_key=True)
        return Problem(source, line, col, _unknown_key(loc, data))
    line, col = _position(data, loc, of_key=False)
    if kind == "missing":
        line, col = _position(data, loc[:-1], of_key=False)
        return Problem(source, line, col, f"missing required key '{loc[-1]}'{_in(loc[:-1], data)}")
    return Problem(source, line, col, _value_message(loc, error, data))


def _unknown_key(loc: Loc, data: Any) -> str:
    key = str(loc[-1])
    valid = _valid_keys(loc[:-1])
    hint = _closest(key, valid)
    where = _key_path(loc[:-1], data)
    message = f"unknown key '{key}'" + (f" in {where}" if where else "")
    if hint:
        return f"{message}; did you mean '{hint}'?"
    return f"{message}; valid keys are {', '.join(valid)}" if valid else message


def _unknown_gate_type(tag: str) -> str:
    hint = _closest(tag, list(GATES))
    suffix = f"did you mean '{hint}'?" if hint else f"use one of {_gate_types()}"
    return f"unknown gate type '{tag}'; {suffix}"


def _value_message(loc: Loc, error: Any, data: Any) -> str:
    message = str(error["msg"]).removeprefix("Value error, ").replace("a valid tuple", "a list")
    key = _key_path(loc, data)
    if error["type"] == "literal_error" and isinstance(error.get("input"), str):
        expected = [
            s.strip("'") for s in error["ctx"]["expected"].replace(" or ", ", ").split(", ")
        ]
        hint = _closest(error["input"], expected)
        message = f"{message.replace('Input should', 'should')}, got '{error['input']}'"
        message += f"; did you mean '{hint}'?" if hint else ""
    elif message.startswith("Input should"):
        message = (
            f"{message.replace('Input should', 'should')}, got {_describe(error.get('input'))}"
        )
    elif message.startswith("String should match pattern"):
        message = f"'{error.get('input')}' {message.replace('String should', 'should')}"
    return f"{key} {message}" if key else message


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return str(value).lower()
    if value is None:
        return "nothing"
    return repr(value) if isinstance(value, str) else str(value)


def _in(loc: Loc, data: Any) -> str:
    where = _key_path(loc, data)
    return f" in {where}" if where else ""


def _key_path(loc: Loc, data: Any = None) -> str:
    """The location in the user's words ("gate 'deploy' when.branches"), without tags."""
    owner, keys = "", list[str]()
    gates = data.get("gates") if isinstance(data, dict) else None
    for index, step in enumerate(loc):
        if isinstance(step, int) and loc[:index] == ("gates",):
            gate = gates[step] if isinstance(gates, list) and step < len(gates) else None
            gate_id = gate.get("id") if isinstance(gate, dict) else None
            owner, keys = (
                (f"gate '{gate_id}'" if isinstance(gate_id, str) else f"gates[{step}]"),
                [],
            )
        elif isinstance(step, int):
            keys.append(f"[{step}]")
        elif step not in GATES:
            keys.append(("." if keys else "") + step)
    dotted = "".join(keys)
    return " ".join(part for part in (owner, f"'{dotted}'" if dotted else "") if part)


def _closest(word: str, candidates: Sequence[str]) -> str | None:
    matches = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return matches[0] if matches else None


def _gate_types() -> str:
    return ", ".join(sorted(GATES))


# --- which keys are valid where --------------------------------------------------------------


def _valid_keys(loc: Loc) -> list[str]:
    model = _model_at(Policy, loc)
    if model is None:
        return []
    return [field.alias or name for name, field in model.model_fields.items()]


def _model_at(start: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    current: Any = start
    for step in loc:
        if isinstance(step, str) and step in GATES:
            current = GATES[step].config_model
            continue
        if _is_model(current) and isinstance(step, str):
            field = _field_by_alias(current, step)
            current = field.annotation if field else None
        current = _unwrap(current, step)
        if current is None:
            return None
    return current if _is_model(current) else None


def _field_by_alias(model: type[BaseModel], key: str) -> Any:
    for name, field in model.model_fields.items():
        if key in (name, field.alias):
            return field
    return None


def _unwrap(annotation: Any, step: int | str) -> Any:
    """Step through Optional, tuples and dicts to the model a location points into."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        models = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return models[0] if len(models) == 1 else annotation
    if isinstance(step, int) and origin in (tuple, list):
        return typing.get_args(annotation)[0]
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0], step)
    return annotation


def _is_model(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)
