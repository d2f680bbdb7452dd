"""The gate registry: every gate type, by its policy name.

Adding a gate is one module in this package and one line here; the policy schema's union of
gate configs and the CLI help are derived from this dict.
"""

from __future__ import annotations

from typing import Any, Final

from releasegate.gates.base import Gate
from releasegate.gates.change_separation import ChangeSeparation
from releasegate.gates.check_passed import CheckPassed
from releasegate.gates.greptile import Greptile
from releasegate.gates.hotfix_backported import HotfixBackported
from releasegate.gates.hotfix_branch import HotfixBranch
from releasegate.gates.http_probe import HttpProbe
from releasegate.gates.version_compat import VersionCompat

GATES: Final[dict[str, type[Gate[Any]]]] = {
    ChangeSeparation.type: ChangeSeparation,
    CheckPassed.type: CheckPassed,
    Greptile.type: Greptile,
    HotfixBackported.type: HotfixBackported,
    HotfixBranch.type: HotfixBranch,
    HttpProbe.type: HttpProbe,
    VersionCompat.type: VersionCompat,
}
