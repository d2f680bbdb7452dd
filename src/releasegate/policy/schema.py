"""The JSON Schema of the policy file (``releasegate schema``), derived from the models and
the gate registry: each gate entry is one of the registry's config models, told apart by
its ``type``."""

from __future__ import annotations

from typing import Any

from releasegate.gates import GATES
from releasegate.policy.descriptions import DescribedJsonSchema
from releasegate.policy.models import Policy

_REF = "#/$defs/{model}"


def json_schema() -> dict[str, Any]:
    schema = Policy.model_json_schema(
        by_alias=True, ref_template=_REF, schema_generator=DescribedJsonSchema
    )
    definitions: dict[str, Any] = schema.setdefault("$defs", {})
    mapping: dict[str, str] = {}
    for name, gate in GATES.items():
        model = gate.config_model
        config = model.model_json_schema(
            by_alias=True, ref_template=_REF, schema_generator=DescribedJsonSchema
        )
        definitions.update(config.pop("$defs", {}))
        config["properties"]["type"] = {"const": name, "title": "Type", "type": "string"}
        definitions[model.__name__] = config
        mapping[name] = _REF.format(model=model.__name__)
    schema["properties"]["gates"]["items"] = {
        "discriminator": {"mapping": mapping, "propertyName": "type"},
        "oneOf": [{"$ref": ref} for ref in mapping.values()],
    }
    definitions.pop("GateConfig", None)  # the base: every gate entry is one of its subclasses
    schema["$defs"] = dict(sorted(definitions.items()))
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "releasegate policy"
    return schema
