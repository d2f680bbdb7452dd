"""The one place a GitHub client is made from what the command line and environment say."""

from __future__ import annotations

import os

from releasegate.context import Inputs
from releasegate.errors import UsageError
from releasegate.github.client import Connection, GitHub, graphql_url_for, timeout_from_environment


def connect(inputs: Inputs) -> GitHub:
    if not inputs.token:
        raise UsageError(
            "no GitHub token: set GITHUB_TOKEN (in a workflow: env: GITHUB_TOKEN: "
            "${{ github.token }}) or pass --token"
        )
    graphql = inputs.graphql_url or graphql_url_for(inputs.api_url)
    timeout = timeout_from_environment(os.environ)
    return GitHub(Connection(inputs.api_url, graphql, inputs.token, timeout))
