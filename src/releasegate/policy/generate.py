"""Regenerate the files derived from the gate registry and the policy models.

    python -m releasegate.policy.generate            # rewrite the stale files
    python -m releasegate.policy.generate --check    # list them; exit 1 if any is stale

Derived, relative to the repository root: the JSON Schema (``schema/releasegate.schema.json``,
what ``releasegate schema`` prints), the README's policy reference, and
``policies/every-gate.yml`` (one example entry of every gate type). A test fails while any
of them differs from what this generates.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from releasegate.gates import GATES
from releasegate.policy.reference import BEGIN, END, policy_reference
from releasegate.policy.schema import json_schema

ROOT = Path(__file__).resolve().parents[3]
SCHEMA_URL = "https://raw.githubusercontent.com/acme/releasegate/v1/schema/releasegate.schema.json"
EVERY_GATE_HEADER = f"""\
# yaml-language-server: $schema={SCHEMA_URL}
#
# One example entry of every gate type, generated from the gates themselves
# (`python -m releasegate.policy.generate`): a reference, not a policy to copy whole. The
# curated starting points are pr.yml and deploy.yml.
version: 1
name: every-gate
gates:
"""


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2) + "\n"


def readme_text(current: str) -> str:
    start, end = current.index(BEGIN), current.index(END) + len(END)
    return current[:start] + policy_reference() + current[end:]


def every_gate_policy() -> str:
    entries = [
        "".join(f"  {line}\n" for line in gate.example.splitlines()) for gate in GATES.values()
    ]
    return EVERY_GATE_HEADER + "".join(entries)


def derived_files(root: Path = ROOT) -> dict[Path, str]:
    readme = root / "README.md"
    return {
        root / "schema" / "releasegate.schema.json": schema_text(),
        readme: readme_text(readme.read_text(encoding="utf-8")),
        root / "policies" / "every-gate.yml": every_gate_policy(),
    }


def stale_files(root: Path = ROOT) -> list[Path]:
    return [
        path
        for path, text in derived_files(root).items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]


def main(argv: list[str]) -> int:
    stale = stale_files()
    if "--check" in argv:
        for path in stale:
            print(f"stale: {path.relative_to(ROOT)} (run: python -m releasegate.policy.generate)")
        return 1 if stale else 0
    for path, text in derived_files().items():
        if path in stale:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
