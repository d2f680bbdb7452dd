"""Lists that lie (issue 14, items 1 and 2): a next page without a cursor, a next page that is
one already read, a next page forever (a new cursor each time), a count above what the list
holds. Each read stops with an error that names the query (exit 3), at once or at the list's
page budget, never a loop and never a pass.

The loops run the CLI as a subprocess with a time limit: before the page guard they made
800-980 requests in 45 s until killed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from releasegate.github.pages import MAX_PAGES
from releasegate_standin import Fault, StandIn
from reliability import check_world, umbrella_world
from reliability.ledger import SecretLedger
from support.cli import releasegate

pytestmark = pytest.mark.e2e

FIRST_RUN = check_world.SITUATIONS[0]
LOOPED = 60.0  # seconds: far longer than a run takes, far shorter than a loop's time limit
COMMENTS = "/repos/acme/app/issues/7/comments"


def run(standin: StandIn, folder: Path, ledger: SecretLedger) -> tuple[int, str]:
    env = check_world.environment(standin, FIRST_RUN.number, folder)
    done = releasegate(*FIRST_RUN.args, env=env, timeout=LOOPED)
    ledger.saw_all("a lying list", {"stdout": done.stdout, "stderr": done.stderr})
    return done.code, done.output


def asked(standin: StandIn, operation: str) -> int:
    return sum(entry.operation == operation for entry in standin.requests)


@pytest.mark.parametrize(
    ("lie", "operation", "says"),
    [
        (
            "next-page-without-cursor",
            "ReviewThreads",
            "could not evaluate: cannot read the review threads of pull request #7: GraphQL "
            "query ReviewThreads (threads) could not be read to its end: GitHub's answer says "
            "there is a next page but not where it is, so the list would never end.",
        ),
        (
            "next-page-already-read",
            "ReviewThreads",
            "GraphQL query ReviewThreads (threads) could not be read to its end: GitHub's answer "
            "points back at a page already read",
        ),
        (
            "next-page-without-cursor",
            "CommitChecks",
            "GraphQL query CommitChecks could not be read to its end: GitHub's answer says "
            "there is a next page but not where it is",
        ),
        (
            "next-page-already-read",
            "CommitChecks",
            "GraphQL query CommitChecks could not be read to its end: GitHub's answer points "
            "back at a page already read",
        ),
    ],
)
def test_a_graphql_page_that_lies_about_the_next_one_ends_the_read_with_an_error(
    tmp_path: Path, ledger: SecretLedger, lie: str, operation: str, says: str
) -> None:
    with StandIn(check_world.scenario()) as standin:
        standin.add_fault(Fault(lie, path="graphql", operation=operation, times="always"))  # type: ignore[arg-type]
        code, output = run(standin, tmp_path, ledger)
        reads = asked(standin, operation)

    assert code == 3, output
    assert says in output
    assert reads <= 2  # the first page, and at most the one it pointed at


def test_a_rest_link_to_the_page_just_read_ends_the_read_with_an_error(
    tmp_path: Path, ledger: SecretLedger
) -> None:
    comments = "/repos/acme/app/issues/7/comments"
    with StandIn(check_world.scenario()) as standin:
        lie = Fault("next-page-already-read", method="GET", path=comments, times="always")
        standin.add_fault(lie)
        code, output = run(standin, tmp_path, ledger)
        reads = [e for e in standin.requests if e.method == "GET" and e.path == comments]

    assert code == 3, output
    assert (
        f"error: GET {comments} could not be read to its end: GitHub's answer points back at a "
        "page already read, so the list would never end. Nothing was judged from part of a "
        "list; re-run the job, and if it happens again GitHub is answering this list wrongly.\n"
    ) in output
    assert len(reads) == 1


@pytest.mark.parametrize(
    ("lie", "says", "budget"),
    [
        (
            Fault("next-page-forever", path="graphql", operation="ReviewThreads", times="always"),
            "GraphQL query ReviewThreads (threads) could not be read to its end: GitHub's answer "
            "still has a next page after 2 pages of 100, so the list would never end.",
            2,  # one thread, one check suite: their counts allow two pages
        ),
        (
            Fault("next-page-forever", path="graphql", operation="CommitChecks", times="always"),
            "GraphQL query CommitChecks could not be read to its end: GitHub's answer still has "
            "a next page after 2 pages of 100, so the list would never end.",
            2,
        ),
        (
            Fault("next-page-forever", method="GET", path=COMMENTS, times="always"),
            f"error: GET {COMMENTS} could not be read to its end: GitHub's answer still has a "
            "next page after 100 pages of 100, so the list would never end.",
            MAX_PAGES,  # no count: the most pages any list may have
        ),
    ],
    ids=["ReviewThreads", "CommitChecks", "REST issue comments"],
)
def test_a_list_that_never_ends_stops_at_its_page_budget_with_an_error(
    tmp_path: Path, ledger: SecretLedger, lie: Fault, says: str, budget: int
) -> None:
    """Every page says there is another, at a cursor (or page number) never seen before: only
    the budget (the list's count, else ``MAX_PAGES``) can end the read."""
    with StandIn(check_world.scenario()) as standin:
        standin.add_fault(lie)
        code, output = run(standin, tmp_path, ledger)
        lied = sum(entry.fault == "next-page-forever" for entry in standin.requests)

    assert code == 3, output
    assert says in output
    assert lied == budget


# --- item 2: a list shorter than its count -------------------------------------------------------


def test_a_file_list_shorter_than_the_pull_requests_count_is_an_error_not_a_pass(
    tmp_path: Path, ledger: SecretLedger
) -> None:
    """The PR says ``changedFiles: 2``, the files list answers ``[]``: it was exit 0."""
    scenario = check_world.scenario()
    scenario["pull_requests"][0] |= {"files": [], "changed_files": 2}
    with StandIn(scenario) as standin:
        code, output = run(standin, tmp_path, ledger)

    assert code == 3, output
    assert (
        "could not evaluate: GitHub counts 2 changed files in pull request #7 but listed 0, so "
        "the list is incomplete and nothing was judged from it."
    ) in output


@pytest.mark.parametrize(
    ("operation", "says"),
    [
        ("ReviewThreads", "GitHub counts 2 review threads of the pull request but listed 1"),
        ("CommitChecks", "GitHub counts 2 check suites on the commit but listed 1"),
        ("PullRequestFacts", "GitHub counts 2 labels on pull request #7 but listed 1"),
    ],
)
def test_a_graphql_list_shorter_than_its_total_count_is_an_error(
    tmp_path: Path, ledger: SecretLedger, operation: str, says: str
) -> None:
    with StandIn(check_world.scenario()) as standin:
        lie = Fault("count-above-list", path="graphql", operation=operation, times="always")
        standin.add_fault(lie)
        code, output = run(standin, tmp_path, ledger)

    assert code == 3, output
    assert says in output
    assert "verdict: pass" not in output


def test_an_umbrellas_comments_that_never_end_stop_at_the_budget_their_count_gives(
    tmp_path: Path, ledger: SecretLedger
) -> None:
    """An umbrella without a progress comment, whose comment pages never end: the count of its
    comments (none) bounds the search for the progress comment to one more page, not 100."""
    with StandIn(umbrella_world.scenario()) as standin:
        for operation in ("UmbrellaIssue", "UmbrellaComments"):
            standin.add_fault(
                Fault("next-page-forever", path="graphql", operation=operation, times="always")
            )
        result = umbrella_world.run_sync(standin, umbrella_world.SITUATIONS[0], tmp_path)
        ledger.saw_all("a lying list", result.named_outputs())
        followed = asked(standin, "UmbrellaComments")

    assert result.run.code == 3, result.run.output
    assert (
        "GraphQL query UmbrellaComments could not be read to its end: GitHub's answer still has "
        "a next page after 2 pages of 100, so the list would never end."
    ) in result.run.output
    assert followed == 1
