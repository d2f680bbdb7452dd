"""The gate registry: every gate type, by its policy name.

Adding a gate is one module in this package and one line here; the policy schema's union of
gate configs and the CLI help are derived from this dict.
"""

from __future__ import annotations

from typing import Any, Final

from releasegate.gates.base import Gate
from releasegate.gates.change_separation import ChangeSeparation

GATES: Final[dict[str, type[Gate[Any]]]] = {
    ChangeSeparation.type: ChangeSeparation,
}
