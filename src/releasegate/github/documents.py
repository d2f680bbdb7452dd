"""The GraphQL documents releasegate sends, one ``.graphql`` file each in ``graphql/``.

Keeping them as files lets the conformance test validate every one against GitHub's published
schema, and lets the stand-in server execute them unchanged.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def document(name: str) -> str:
    """The text of ``graphql/<name>.graphql``."""
    return resources.files(__package__).joinpath("graphql", f"{name}.graphql").read_text("utf-8")


def all_documents() -> dict[str, str]:
    """Every GraphQL document shipped, by name."""
    folder = resources.files(__package__).joinpath("graphql")
    return {
        entry.name.removesuffix(".graphql"): entry.read_text("utf-8")
        for entry in folder.iterdir()
        if entry.name.endswith(".graphql")
    }
