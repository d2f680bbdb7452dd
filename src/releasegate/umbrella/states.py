"""The states of an umbrella's references: one GraphQL request per 100, pages in parallel.

The query is generated from the template ``graphql/umbrella_refs.graphql``: one aliased
``repository`` per repository, one aliased ``issueOrPullRequest`` per number in it, and the
template's fragment. GitHub answers a reference that does not exist, or that the token cannot
see, with ``null`` and a NOT_FOUND (or FORBIDDEN) error beside the data: that is an answer
(the reference is MISSING, and its box is left as it is), not a failure. Any other error fails
the read, so a guessed state is never written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from releasegate.github.client import GitHub
from releasegate.github.documents import document
from releasegate.umbrella.parse import IssueRef
from releasegate.umbrella.plan import RefState

PAGE_SIZE = 100
TEMPLATE = "umbrella_refs"
FRAGMENT_NAME = "UmbrellaRefState"
MAX_GRAPHQL_INT = 2**31 - 1  # GraphQL's Int; a larger "#N" cannot be an issue
_TOLERATED = frozenset({"NOT_FOUND", "FORBIDDEN"})


@dataclass(frozen=True)
class StatesQuery:
    """One generated request: its text, its variables, and which alias pair is which ref."""

    text: str
    variables: dict[str, str]
    aliases: dict[tuple[str, str], IssueRef]


def read_states(github: GitHub, refs: Iterable[IssueRef]) -> dict[IssueRef, RefState]:
    """The state of every reference; pages of ``PAGE_SIZE`` are read at the same time."""
    wanted = sorted(set(refs))
    askable = [ref for ref in wanted if ref.number <= MAX_GRAPHQL_INT]
    states = dict.fromkeys(wanted, RefState.MISSING)
    pages = [askable[i : i + PAGE_SIZE] for i in range(0, len(askable), PAGE_SIZE)]
    for answer in github.parallel([partial(_read_page, github, page) for page in pages]):
        states.update(answer)
    return states


def states_query(refs: Sequence[IssueRef]) -> StatesQuery:
    """The request for ``refs`` (at most ``PAGE_SIZE`` of them, each at most once)."""
    by_repository: dict[tuple[str, str], list[int]] = {}
    for ref in refs:
        by_repository.setdefault((ref.owner, ref.repo), []).append(ref.number)
    declarations: list[str] = []
    selections: list[str] = []
    variables: dict[str, str] = {}
    aliases: dict[tuple[str, str], IssueRef] = {}
    for index, ((owner, repo), numbers) in enumerate(by_repository.items()):
        declarations.append(f"$owner{index}: String!, $name{index}: String!")
        variables |= {f"owner{index}": owner, f"name{index}": repo}
        lookups = "".join(
            f"    i{n}: issueOrPullRequest(number: {n}) {{ ...{FRAGMENT_NAME} }}\n" for n in numbers
        )
        selections.append(
            f"  r{index}: repository(owner: $owner{index}, name: $name{index}) {{\n{lookups}  }}\n"
        )
        aliases |= {(f"r{index}", f"i{n}"): IssueRef(owner, repo, n) for n in numbers}
    head = f"query UmbrellaRefs({', '.join(declarations)}) {{\n"
    return StatesQuery(f"{head}{''.join(selections)}}}\n\n{ref_fragment()}", variables, aliases)


def ref_fragment() -> str:
    """The template's fragment, as the template has it."""
    text = document(TEMPLATE)
    return text[text.index(f"fragment {FRAGMENT_NAME} ") :]


def ref_state(node: Mapping[str, Any] | None) -> RefState:
    """The state of one ``UmbrellaRefState`` answer (``None``: not found or not visible)."""
    if node is None:
        return RefState.MISSING
    if node.get("__typename") == "PullRequest":
        if node.get("merged"):
            return RefState.COMPLETED
        return RefState.OPEN if node.get("pullState") == "OPEN" else RefState.NOT_PLANNED
    return issue_state(node.get("issueState"), node.get("stateReason"))


def issue_state(state: str | None, reason: str | None) -> RefState:
    """An issue's state: closed as completed (or before GitHub had reasons) is done; closed as
    not planned or as a duplicate is not: the work it stood for was not done under it."""
    if state == "OPEN":
        return RefState.OPEN
    if state != "CLOSED":
        return RefState.MISSING
    return RefState.COMPLETED if reason in (None, "COMPLETED") else RefState.NOT_PLANNED


def _read_page(github: GitHub, refs: Sequence[IssueRef]) -> dict[IssueRef, RefState]:
    request = states_query(refs)
    data = query(github, "UmbrellaRefs", request.text, request.variables)
    return {
        ref: ref_state((data.get(repository) or {}).get(issue))
        for (repository, issue), ref in request.aliases.items()
    }


# --- one GraphQL request that may come back with some nodes missing ---------------------------


def query(github: GitHub, name: str, text: str, variables: Mapping[str, Any]) -> dict[str, Any]:
    """``data`` of the answer, where NOT_FOUND/FORBIDDEN nodes are ``null`` (MISSING)."""
    return github.graphql_text(name, text, variables, tolerate=_TOLERATED)
