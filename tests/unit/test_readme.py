"""The files derived from the gate registry and the models equal what the code generates."""

from __future__ import annotations

from releasegate.policy.generate import ROOT, derived_files


def test_the_derived_files_are_what_the_registry_and_the_models_generate() -> None:
    for path, text in derived_files().items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.relative_to(ROOT)} is stale; run: python -m releasegate.policy.generate"
        )


def test_every_gate_policy_names_each_gate_type_once_in_registry_order() -> None:
    from releasegate.gates import GATES
    from releasegate.policy.load import load_policy_file

    policy = load_policy_file(ROOT / "policies" / "every-gate.yml")
    assert [config.type for config in policy.gate_configs] == list(GATES)


def test_the_gate_registry_is_sorted_and_keyed_by_each_gates_own_name() -> None:
    from releasegate.gates import GATES

    assert list(GATES) == sorted(GATES)
    assert all(name == gate.type for name, gate in GATES.items())
