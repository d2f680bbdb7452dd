"""The umbrella parser and planner on random Markdown (SPEC §6, §8).

tests/unit/umbrella covers bodies built from well-formed lines; these add arbitrary text in
between (Markdown punctuation, HTML, fences, odd Unicode line breaks, NUL, BOM), references
and random issue states: parsing never fails, writing changes only checkbox characters, and
a body written once is a fixed point (parse → write → parse → plan finds nothing to do).
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from releasegate.umbrella.parse import IssueRef, parse_umbrella, set_checkboxes
from releasegate.umbrella.plan import RefState, plan_sync, reapply

REPOSITORY = "acme/app"
PATTERN = r"(?i)^tier\s*\d+"
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

LINES = st.sampled_from([
    "- [ ] task #1", "* [x] done acme/app#2", "+ [X] upper #3", "1. [ ] ordered #4",
    "  - [ ] nested https://github.com/acme/app/issues/5", "- [ ]", "- [x]", "- [ ] \\#6 escaped",
    "- [ ] [#7](https://example.com) link", "- [ ] `#8` code", "- [ ] <b>#9</b>", "-  [ ] #10",
    "- [  ] not a box", "- [x]no space", "[ ] lazy", "## Tier 1", "**Tier 2:**", "Tier 3",
    "```", "~~~", "<!--", "-->", "<details>", "</details>", "> - [ ] quoted #11",
    "    - [x] indented code #12", "\t- [ ] tab #13", "| a | [ ] |", "", "---", "===",
    "- [ ] other/repo#14 and #15, #16", "- [ ] #99999999999999999999", "- [ ] #0",
])  # fmt: skip
NOISE = st.text(
    st.sampled_from([*"[]()#*_`~<>!|\\-+x X09 é🚀", "\x00", "\ufeff", "\u2028", "\x0b", "\x0c",
                     "\x85", "\u200b", "\t"]),
    max_size=8,
)  # fmt: skip
ENDINGS = st.sampled_from(["\n", "\r\n", "\r"])
BODIES = st.lists(st.tuples(LINES, NOISE, ENDINGS), max_size=25).map(
    lambda parts: "".join(line + noise + end for line, noise, end in parts)
)
STATES = st.sampled_from(list(RefState))


def parse(body: str) -> tuple[object, ...]:
    return parse_umbrella(body, repository=REPOSITORY, section_pattern=PATTERN).items


def boxes_blanked(body: str) -> str:
    return re.sub(r"\[[ xX]\]", "[ ]", body)


@FUZZ
@given(BODIES, st.data())
def test_writing_boxes_changes_only_box_characters_and_reads_back_the_same(
    body: str, data: st.DataObject
) -> None:
    items = parse(body)
    wanted = data.draw(st.lists(st.booleans(), min_size=len(items), max_size=len(items)))
    changes = {item.checkbox_offset: checked for item, checked in zip(items, wanted, strict=True)}

    written = set_checkboxes(body, changes)

    assert len(written) == len(body)
    assert {i for i, (a, b) in enumerate(zip(body, written, strict=True)) if a != b} <= set(changes)
    assert boxes_blanked(written) == boxes_blanked(body)
    reread = parse(written)
    assert [item.checkbox_offset for item in reread] == list(changes)
    assert [item.checked for item in reread] == wanted
    assert set_checkboxes(written, changes) == written


@FUZZ
@given(BODIES, st.dictionaries(st.integers(1, 20), STATES), st.booleans(), st.booleans())
def test_a_planned_body_is_a_fixed_point(
    body: str, numbers: dict[int, RefState], untick: bool, is_open: bool
) -> None:
    states = {IssueRef("acme", "app", number): state for number, state in numbers.items()}
    plan = plan_sync(
        body,
        repository=REPOSITORY,
        section_pattern=PATTERN,
        states=states,
        untick_on_reopen=untick,
        close_when=["Tier 1"],
        is_open=is_open,
    )

    assert boxes_blanked(plan.new_body) == boxes_blanked(body)
    again = reapply(plan.new_body, plan)
    assert again.changes == ()
    assert again.new_body == plan.new_body
    assert [item.checked for item in again.items_after] == [i.checked for i in plan.items_after]


@FUZZ
@given(st.text(max_size=300))
def test_any_text_parses(body: str) -> None:
    items = parse(body)
    assert all(body[item.checkbox_offset] in " xX" for item in items)
    assert set_checkboxes(body, {}) == body


def test_a_body_over_githubs_limit_is_planned_but_flagged_not_written() -> None:
    body = "## Tier 1\n- [ ] #1\n" + "filler line\n" * 6000
    plan = plan_sync(
        body,
        repository=REPOSITORY,
        section_pattern=PATTERN,
        states={IssueRef("acme", "app", 1): RefState.COMPLETED},
        untick_on_reopen=True,
        close_when=["Tier 1"],
        is_open=True,
    )
    assert plan.body_too_long
    assert boxes_blanked(plan.new_body) == boxes_blanked(body)
