"""The policy keys' descriptions, read from the attribute docstrings of the models.

Each key's meaning is written once, as the docstring under its field, and shown in the
JSON Schema and the README reference. Pydantic can read these itself
(``use_attribute_docstrings``), but it does so for every model at import, parsing the
source of each class: 40-60 ms of every ``validate`` start, for text only ``schema`` and
``python -m releasegate.policy.generate`` show. So they are read here, on demand.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema


def field_description(model: type[BaseModel], name: str) -> str | None:
    """What a field of ``model`` means: its own ``description``, else its attribute docstring,
    from the class that declares it or the nearest base class that documents it."""
    field = model.model_fields[name]
    if field.description is not None:
        return field.description
    models = (cls for cls in model.__mro__ if issubclass(cls, BaseModel) and cls is not BaseModel)
    for cls in models:
        if (doc := _attribute_docstrings(cls).get(name)) is not None:
            return doc
    return None


class DescribedJsonSchema(GenerateJsonSchema):
    """Pydantic's JSON Schema, with each property's description read from its docstring."""

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        json_schema = super().model_schema(schema)
        model: type[BaseModel] = schema["cls"]
        properties: dict[str, Any] = json_schema.get("properties", {})
        for name, field in model.model_fields.items():
            key = field.alias or name
            description = field_description(model, name)
            if key in properties and description is not None:
                properties[key].setdefault("description", description)
        return json_schema


@cache
def _attribute_docstrings(cls: type[Any]) -> dict[str, str]:
    """``name: type`` followed by a string literal, in the class body itself (as pydantic
    reads them: nested classes and functions are not looked into)."""
    source = textwrap.dedent(inspect.getsource(cls))
    body = ast.parse(source).body[0]
    if not isinstance(body, ast.ClassDef):
        raise TypeError(f"the source of {cls.__qualname__} does not start with its class")
    docs: dict[str, str] = {}
    for statement, following in zip(body.body, body.body[1:], strict=False):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[statement.target.id] = inspect.cleandoc(following.value.value)
    return docs
