"""Repository files at a commit: one GraphQL request for many files, each missing one named."""

from __future__ import annotations

from typing import Any

import httpx
from graphql import OperationDefinitionNode, parse

from releasegate.facts import RepoFile, Unavailable
from releasegate.fetchers.repo_files import DOCUMENT, SLOTS, fetch_repo_files
from releasegate.github.documents import document
from support.builders import HEAD, context
from support.reviews import graphql_github

AT = HEAD[:7]


def blob(text: str | None, *, binary: bool = False, truncated: bool = False) -> dict[str, Any]:
    return {"__typename": "Blob", "text": text, "isBinary": binary, "isTruncated": truncated}


class Repository:
    """Files by "<ref>:<path>", answered per slot like GitHub's ``object(expression:)``."""

    def __init__(self, files: dict[str, dict[str, Any]]) -> None:
        self.files = files

    def __call__(self, operation: str, variables: dict[str, Any]) -> dict[str, Any]:
        assert operation == "RepoFiles"
        slots = {
            f"f{n}": self.files.get(variables[f"e{n}"])
            for n in range(SLOTS)
            if variables.get(f"with{n}")
        }
        return {"repository": slots}


def fetch(files: dict[str, dict[str, Any]], requests: list[RepoFile]) -> tuple[Any, Any]:
    github, recorder = graphql_github(Repository(files))
    return fetch_repo_files(github, context(), requests), recorder


def test_several_files_are_read_in_one_request() -> None:
    package, chart = RepoFile("app/package.json", HEAD), RepoFile("chart/values.yaml", "main")
    files = {f"{HEAD}:app/package.json": blob('{"a": 1}'), "main:chart/values.yaml": blob("x: 1")}
    results, recorder = fetch(files, [package, chart])
    assert results == {package: '{"a": 1}', chart: "x: 1"}
    assert recorder.calls == [
        (
            "RepoFiles",
            {
                "owner": "acme",
                "name": "app",
                "e0": f"{HEAD}:app/package.json",
                "with0": True,
                "e1": "main:chart/values.yaml",
                "with1": True,
            },
        )
    ]


def test_more_files_than_slots_take_one_request_per_slots() -> None:
    requests = [RepoFile(f"f{n}.txt", HEAD) for n in range(SLOTS + 2)]
    files = {f"{HEAD}:f{n}.txt": blob(str(n)) for n in range(SLOTS + 2)}
    results, recorder = fetch(files, requests)
    assert [results[r] for r in requests] == [str(n) for n in range(SLOTS + 2)]
    assert len(recorder.calls) == 2


def test_a_missing_file_is_unavailable_naming_path_at_sha() -> None:
    missing = RepoFile("app/package.json", HEAD)
    results, _ = fetch({}, [missing])
    assert results[missing] == Unavailable(
        f"app/package.json@{AT} does not exist (no such file or commit)"
    )


def test_a_directory_a_binary_file_and_a_truncated_file_are_refused_by_name() -> None:
    folder, image, huge = (RepoFile(p, HEAD) for p in ("app", "logo.png", "big.json"))
    files = {
        f"{HEAD}:app": {"__typename": "Tree"},
        f"{HEAD}:logo.png": blob(None, binary=True),
        f"{HEAD}:big.json": blob("{", truncated=True),
    }
    results, _ = fetch(files, [folder, image, huge])
    assert results == {
        folder: Unavailable(f"app@{AT} is a directory, not a file"),
        image: Unavailable(f"logo.png@{AT} is a binary file, not text"),
        huge: Unavailable(
            f"big.json@{AT} is larger than the 512 KB GitHub returns, too large to read"
        ),
    }


def test_an_unreadable_repository_makes_every_file_unavailable() -> None:
    github, _ = graphql_github(lambda operation, variables: {"repository": None})
    request = RepoFile("a.json", HEAD)
    assert fetch_repo_files(github, context(), [request]) == {
        request: Unavailable("the repository acme/app was not found (or the token cannot read it)")
    }


def test_a_refused_query_names_each_file() -> None:
    github, _ = graphql_github(lambda operation, variables: {})
    github._http = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(401)))
    request = RepoFile("a.json", HEAD)
    (reason,) = fetch_repo_files(github, context(), [request]).values()
    assert isinstance(reason, Unavailable)
    assert reason.reason.startswith(
        f"cannot read a.json@{AT}: GraphQL query repo_files was refused"
    )


def test_the_document_has_one_aliased_slot_per_variable_pair() -> None:
    """The conformance test validates the document against GitHub's schema; this checks the
    slots the fetcher relies on: f<N> reads $e<N> and is included only when $with<N>."""
    (operation,) = [
        d for d in parse(document(DOCUMENT)).definitions if isinstance(d, OperationDefinitionNode)
    ]
    declared = {v.variable.name.value for v in operation.variable_definitions}
    assert declared == {"owner", "name"} | {f"{k}{n}" for n in range(SLOTS) for k in ("e", "with")}
    (repository,) = operation.selection_set.selections
    slots = repository.selection_set.selections  # type: ignore[attr-defined]
    assert len(slots) == SLOTS
    for n, slot in enumerate(slots):
        assert slot.alias.value == f"f{n}"
        assert slot.name.value == "object"
        assert slot.arguments[0].value.name.value == f"e{n}"
        (include,) = slot.directives
        assert (include.name.value, include.arguments[0].value.name.value) == (
            "include",
            f"with{n}",
        )


def test_every_kind_of_fact_a_gate_can_ask_for_has_a_fetcher() -> None:
    import releasegate.gates  # noqa: F401 - every gate module, so every fact kind is declared
    from releasegate.facts import FactRequest
    from releasegate.fetchers import FETCHERS

    def kinds(base: type) -> set[type]:
        return {k for sub in base.__subclasses__() for k in ({sub} | kinds(sub))}

    assert FETCHERS[RepoFile] is fetch_repo_files
    assert kinds(FactRequest) - set(FETCHERS) == set()
