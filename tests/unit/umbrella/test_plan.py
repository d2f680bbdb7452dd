from collections.abc import Mapping, Sequence

import pytest

from releasegate.umbrella.parse import IssueRef
from releasegate.umbrella.plan import MAX_BODY_CHARS, RefState, UmbrellaPlan, plan_sync, reapply

OPEN, DONE, DROPPED, MISSING = (
    RefState.OPEN,
    RefState.COMPLETED,
    RefState.NOT_PLANNED,
    RefState.MISSING,
)

UMBRELLA = """\
# Release readiness

**Tier 1 — must-have**
- [ ] Staging real-call gate #12
- [x] Hotfix backports https://github.com/acme/app/issues/14
- [ ] File as Issue: rate-limit dashboards

## Tier 2 — high-value
* [ ] Greptile gate acme/infra#7 and #123
+ [ ] nested parent
  - [ ] nested child #15
"""


def app(number: int) -> IssueRef:
    return IssueRef("acme", "app", number)


def plan(
    body: str,
    states: Mapping[IssueRef, RefState],
    *,
    untick_on_reopen: bool = True,
    close_when: Sequence[str] = ("Tier 1",),
    is_open: bool = True,
    sub_issues: Sequence[IssueRef] = (),
) -> UmbrellaPlan:
    return plan_sync(
        body,
        repository="acme/app",
        section_pattern=r"(?i)^tier\s*\d+",
        states=states,
        sub_issues=sub_issues,
        untick_on_reopen=untick_on_reopen,
        close_when=close_when,
        is_open=is_open,
    )


def summary(result: UmbrellaPlan) -> list[tuple[str, bool, str]]:
    return [(change.item.text, change.checked, change.reason) for change in result.changes]


def test_realistic_sync_ticks_done_items_and_only_their_boxes() -> None:
    states = {
        app(12): DONE,
        app(14): DONE,
        IssueRef("acme", "infra", 7): DONE,
        app(123): DONE,
        app(15): OPEN,
    }
    result = plan(UMBRELLA, states)

    assert summary(result) == [
        ("Staging real-call gate #12", True, "acme/app#12 is done"),
        ("Greptile gate acme/infra#7 and #123", True, "acme/infra#7, acme/app#123 are done"),
    ]
    assert result.new_body == UMBRELLA.replace("- [ ] Staging", "- [x] Staging").replace(
        "* [ ] Greptile", "* [x] Greptile"
    )
    assert [item.checked for item in result.items_after] == [True, True, False, True, False, False]
    assert (result.close, result.reopen) == (False, False)


def test_item_with_two_references_one_open() -> None:
    body = "- [ ] a #1 #2\n- [x] b #1 #2\n"
    states = {app(1): DONE, app(2): OPEN}

    assert summary(plan(body, states)) == [("b #1 #2", False, "acme/app#2 is open")]
    assert plan(body, states, untick_on_reopen=False).new_body == body


def test_reopened_issue_unticks_only_with_untick_on_reopen() -> None:
    body = "## Tier 1\n- [x] ship it #12\n"

    reopened = plan(body, {app(12): OPEN})
    assert reopened.new_body == "## Tier 1\n- [ ] ship it #12\n"
    assert summary(reopened) == [("ship it #12", False, "acme/app#12 is open")]
    assert plan(body, {app(12): OPEN}, untick_on_reopen=False).changes == ()


def test_closed_as_not_planned_never_ticks() -> None:
    body = "- [ ] a #7\n- [x] b #7\n- [ ] c #7 #8\n"
    states = {app(7): DROPPED, app(8): DONE}

    assert summary(plan(body, states)) == [("b #7", False, "acme/app#7 is closed as not planned")]
    assert plan(body, states, untick_on_reopen=False).changes == ()


def test_missing_reference_never_changes_the_box() -> None:
    body = "- [x] a #5\n- [ ] b #5 #6\n- [x] c #5 #7\n"
    states = {app(5): MISSING, app(6): DONE, app(7): OPEN}

    assert plan(body, states).changes == ()
    assert plan(body, {}).changes == ()  # unresolved counts as missing


def test_items_without_references_keep_the_persons_box() -> None:
    body = "## Tier 1\n- [x] ticked by hand\n- [ ] not yet\n"
    result = plan(body, {})
    assert result.new_body is body
    assert [item.checked for item in result.items_after] == [True, False]


def test_nothing_changed_returns_the_same_body() -> None:
    result = plan(UMBRELLA, {app(14): DONE})
    assert result.changes == ()
    assert result.new_body is UMBRELLA


@pytest.mark.parametrize(
    ("close_when", "is_open", "states", "expected"),
    [
        (["Tier 1"], True, {app(1): DONE}, (True, False)),
        (["Tier 1", "Tier 2"], True, {app(1): DONE}, (False, False)),
        ([], True, {app(1): DONE}, (False, False)),
        (["Tier 3"], True, {app(1): DONE}, (False, False)),  # no such items: never close
        (["Tier 1"], False, {app(1): DONE}, (False, False)),  # already closed
        (["Tier 1"], False, {app(1): OPEN}, (False, True)),
        (["Tier 2"], False, {app(1): DONE}, (False, True)),
        (["Tier 1"], True, {app(1): OPEN}, (False, False)),
    ],
)
def test_close_and_reopen(
    close_when: list[str],
    is_open: bool,
    states: dict[IssueRef, RefState],
    expected: tuple[bool, bool],
) -> None:
    body = "## Tier 1\n- [x] by hand\n- [ ] ref #1\n## Tier 2\n- [ ] later\n"
    result = plan(body, states, close_when=close_when, is_open=is_open)
    assert (result.close, result.reopen) == expected


def test_tier_10_is_not_tier_1() -> None:
    body = "## Tier 1\n- [x] done\n## Tier 10\n- [ ] not done\n"
    assert plan(body, {}, close_when=["Tier 1"]).close is True


def test_concurrent_edit_keeps_the_humans_words_and_our_ticks() -> None:
    states = {app(12): DONE, app(14): OPEN, app(15): DONE}
    first = plan(UMBRELLA, states)
    edited = "Owner: @alice\n" + UMBRELLA.replace(
        "Staging real-call gate #12", "Staging gate, real calls #12"
    ).replace("- [ ] File as Issue", "- [x] File as Issue").replace(
        "+ [ ] nested parent", "+ [ ] nested parent\n  - [ ] new child, no ref yet"
    )

    again = reapply(edited, first)

    assert again.new_body == (
        "Owner: @alice\n"
        + UMBRELLA.replace("- [ ] Staging real-call gate #12", "- [x] Staging gate, real calls #12")
        .replace("- [x] Hotfix", "- [ ] Hotfix")
        .replace("- [ ] File as Issue", "- [x] File as Issue")
        .replace("+ [ ] nested parent", "+ [ ] nested parent\n  - [ ] new child, no ref yet")
        .replace("- [ ] nested child #15", "- [x] nested child #15")
    )
    assert [change.item.line for change in again.changes] == [5, 6, 13]


def test_reapply_can_take_the_reread_issue_state() -> None:
    body = "## Tier 1\n- [ ] ref #1\n"
    first = plan(body, {app(1): DONE}, is_open=False)
    assert (first.close, reapply(body, first, is_open=True).close) == (False, True)


def test_sub_issues_count_only_through_the_item_that_names_them() -> None:
    body = "- [ ] named #3\n- [ ] unnamed\n"
    result = plan(body, {app(3): DONE, app(4): DONE}, sub_issues=[app(3), app(4)])
    assert summary(result) == [("named #3", True, "acme/app#3 is done")]
    assert result.unlisted_sub_issues == (app(4),)


def test_body_too_long() -> None:
    short = "- [ ] a #1\n"
    long = short + "x" * (MAX_BODY_CHARS - len(short))
    assert plan(long, {}).body_too_long is False
    assert plan(long + "x", {}).body_too_long is True
