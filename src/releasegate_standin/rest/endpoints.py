"""REST endpoints the stand-in serves that releasegate never calls.

``releasegate.github.endpoints`` declares every call the product makes; the stand-in serves
those and these, which its answers link to (a deployment's ``statuses_url``, a file's
``contents_url``) and which a test or a user's own tool may read. They are declared like
the product's, paths exactly as in GitHub's OpenAPI description, so the conformance test
checks both registries against ``@octokit/openapi``.
"""

from __future__ import annotations

from typing import Final

from releasegate.github.endpoints import Endpoint, all_endpoints

_REPO = "/repos/{owner}/{repo}"

LIST_STATUSES_FOR_REF: Final = Endpoint("GET", _REPO + "/commits/{ref}/statuses")
LIST_DEPLOYMENTS: Final = Endpoint("GET", _REPO + "/deployments")
LIST_DEPLOYMENT_STATUSES: Final = Endpoint("GET", _REPO + "/deployments/{deployment_id}/statuses")


def standin_endpoints() -> tuple[Endpoint, ...]:
    """Every endpoint declared in this module: the ones only the stand-in serves."""
    return tuple(value for value in globals().values() if isinstance(value, Endpoint))


def served_endpoints() -> tuple[Endpoint, ...]:
    """Every endpoint the stand-in serves: releasegate's, then its own."""
    return all_endpoints() + standin_endpoints()
