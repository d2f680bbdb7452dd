"""The gate registry: every gate type, by its policy name.

How to add a gate, every step:

1. Write ``gates/<name>.py``: a config model subclassing ``policy.base.GateConfig`` with the
   gate's own keys (each with a docstring: it becomes the README reference), and a
   ``Gate[Config]`` subclass with ``type = "<name>"`` (the only place the name is written),
   ``summary``, ``config_model``, ``example`` (one policy entry in YAML) and ``evaluate``
   (plus ``requests``/``followup_requests`` for the facts it needs).
2. Add one line to ``GATES`` below (the dict is sorted by name; a test checks it).
3. If the gate needs a kind of fact that does not exist yet: declare it in ``facts/`` and
   register its fetcher in ``fetchers/__init__.py`` (that module says how).
4. Run ``python -m releasegate.policy.generate``: it rewrites the derived files (the JSON
   Schema in ``schema/``, the README's policy reference, ``policies/every-gate.yml``); a
   test fails while any of them is stale.

The policy loader picks each gate's config model from this dict by the entry's ``type``, and
the JSON Schema, the README reference and the example policy are generated from it.
"""

from __future__ import annotations

from typing import Any, Final

from releasegate.gates.base import Gate
from releasegate.gates.change_separation import ChangeSeparation
from releasegate.gates.check_passed import CheckPassed
from releasegate.gates.greptile import Greptile
from releasegate.gates.hotfix_backported import HotfixBackported
from releasegate.gates.hotfix_branch import HotfixBranch
from releasegate.gates.http_flow import HttpFlowGate
from releasegate.gates.http_probe import HttpProbe
from releasegate.gates.version_compat import VersionCompat

GATES: Final[dict[str, type[Gate[Any]]]] = {
    ChangeSeparation.type: ChangeSeparation,
    CheckPassed.type: CheckPassed,
    Greptile.type: Greptile,
    HotfixBackported.type: HotfixBackported,
    HotfixBranch.type: HotfixBranch,
    HttpFlowGate.type: HttpFlowGate,
    HttpProbe.type: HttpProbe,
    VersionCompat.type: VersionCompat,
}
