import re
import time
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from releasegate.umbrella.gfm import TooDeeplyNested
from releasegate.umbrella.parse import (
    ChecklistItem,
    IssueRef,
    parse_umbrella,
    section_matches,
    set_checkboxes,
)

TIERS = r"(?i)^tier\s*\d+"

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

## Anti-patterns
- Deploying on Fridays
- Mixing infra into feature PRs

```
- [ ] not an item #99
```
<!-- - [ ] commented out #98 -->
> - [ ] quoted #97
"""


def parse(body: str, **kwargs: str) -> tuple[ChecklistItem, ...]:
    options = {"repository": "acme/app", "section_pattern": TIERS, **kwargs}
    return parse_umbrella(body, **options).items


def refs(body: str, **kwargs: str) -> list[str]:
    return [str(ref) for item in parse(body, **kwargs) for ref in item.references]


def app(number: int) -> IssueRef:
    return IssueRef("acme", "app", number)


def test_realistic_umbrella_items_sections_and_references() -> None:
    umbrella = parse_umbrella(UMBRELLA, repository="acme/app", section_pattern=TIERS)

    summary = [
        (item.section, item.text, item.checked, item.line, item.references)
        for item in umbrella.items
    ]
    tier1, tier2 = "Tier 1 — must-have", "Tier 2 — high-value"
    assert summary == [
        (tier1, "Staging real-call gate #12", False, 4, (app(12),)),
        (tier1, "Hotfix backports https://github.com/acme/app/issues/14", True, 5, (app(14),)),
        (tier1, "File as Issue: rate-limit dashboards", False, 6, ()),
        (
            tier2,
            "Greptile gate acme/infra#7 and #123",
            False,
            9,
            (IssueRef("acme", "infra", 7), app(123)),
        ),
        (tier2, "nested parent", False, 10, ()),
        (tier2, "nested child #15", False, 11, (app(15),)),
    ]
    assert umbrella.sections == ("Release readiness", tier1, tier2, "Anti-patterns")


def test_checkbox_offsets_point_at_the_box_on_the_item_line() -> None:
    lines = UMBRELLA.split("\n")
    for item in parse(UMBRELLA):
        line_start = sum(len(line) + 1 for line in lines[: item.line - 1])
        assert UMBRELLA[item.checkbox_offset] == ("x" if item.checked else " ")
        assert UMBRELLA[item.checkbox_offset - 1 : item.checkbox_offset + 2] in ("[ ]", "[x]")
        assert line_start < item.checkbox_offset < line_start + len(lines[item.line - 1])


def test_str_of_a_reference() -> None:
    assert str(IssueRef("acme", "infra", 7)) == "acme/infra#7"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- [ ] both #123 and #12", ["acme/app#123", "acme/app#12"]),
        ("- [ ] only #123", ["acme/app#123"]),
        ("- [ ] glued abc#12 and x/y/z#3", []),
        ("- [ ] in code `#12` and ``acme/infra#7``", []),
        ("- [ ] escaped \\#12", []),
        ("- [ ] (#12), #13. #14; [#15]", [f"acme/app#{n}" for n in (12, 13, 14, 15)]),
        ("- [ ] dupes #12 acme/app#12 ACME/App#12 #12", ["acme/app#12"]),
        ("- [ ] pr https://github.com/acme/app/pull/8/files", ["acme/app#8"]),
        (
            "- [ ] comment https://github.com/Acme/Infra/issues/9#issuecomment-123",
            ["acme/infra#9"],
        ),
        ("- [ ] not ours https://example.com/acme/app/issues/9 or /issues/9", []),
        ("- [ ] not an issue https://github.com/acme/app/issues/9x", []),
        ("- [ ] [a link #12](https://github.com/acme/app/issues/3)", ["acme/app#3"]),
        ("- [ ] <https://github.com/acme/app/pull/4>", ["acme/app#4"]),
        ("- [ ] html <!-- #12 --> and <span title='#13'>", []),
        ("- [ ] not numbers #0 #abc", []),
        # `\d` would read "#1٣" as #13 and ".../5٣" as #53: only ASCII digits make a number.
        ("- [ ] arabic-indic #1٣ #٣ and #12", ["acme/app#12"]),
        ("- [ ] https://github.com/acme/app/issues/5٣ acme/app#٥", []),
        ("- [ ] fullwidth #１２ superscript #1²", []),
        (
            "- [ ] wrapped #1\n  over lines #2\n  - [ ] child #3",
            ["acme/app#1", "acme/app#2", "acme/app#3"],
        ),
    ],
)
def test_references_are_matched_whole(line: str, expected: list[str]) -> None:
    assert refs(line) == expected


def test_a_child_reference_is_not_the_parents() -> None:
    parent, child = parse("- [ ] parent\n  - [ ] child #3\n")
    assert (parent.references, child.references) == ((), (app(3),))


def test_server_url_for_github_enterprise() -> None:
    body = "- [ ] https://ghe.example.com/acme/app/issues/5 https://github.com/acme/app/issues/6"
    assert refs(body, server_url="https://ghe.example.com/") == ["acme/app#5"]


@pytest.mark.parametrize(
    "body",
    [
        "```\n- [ ] fenced #1\n```\n",
        "~~~md\n- [x] tilde fence\n~~~\n",
        "para\n\n    - [ ] indented code\n",
        "<!--\n- [ ] multi-line comment\n\n- [x] still inside\n-->\n",
        "<details>\n- [ ] html block\n</details>\n",
        "> - [ ] quoted\n>   - [x] nested in quote\n",
        "- plain bullet #1\n- [x]glued\n- [x](https://example.com)\n",
        "[ ] not in a list\n",
        "- first paragraph\n\n  [ ] second paragraph\n",
    ],
)
def test_never_items(body: str) -> None:
    assert parse(body) == ()


def test_list_markers_ordered_lists_and_capital_x() -> None:
    body = "1. [X] one\n2) [ ] two\n-\t[x] tab\n- [ ]\x0bform feed and vertical tab are spaces\n"
    items = parse(body)
    assert [(item.text, item.checked) for item in items] == [
        ("one", True),
        ("two", False),
        ("tab", True),
        ("form feed and vertical tab are spaces", False),
    ]
    assert [body[item.checkbox_offset] for item in items] == ["X", " ", "x", " "]


# Each of these shows as text on GitHub (cmark-gfm), not as a checkbox: ticking it would
# change a person's words.
@pytest.mark.parametrize(
    "body",
    [
        "- [ ]\n",
        "- [ ]",
        "- [x]\r\n",
        "- [ ]\u00a0no-break space",
        "- [ ]\u3000タスク",
        "- - [ ] a list opened on its parent's line",
        "1. - [ ] c",
        "- 1. [ ] d",
        "-\n  [ ] a box on the line after its marker",
        "-     [ ] five spaces make indented code",
        "-     [ ] ",
    ],
)
def test_text_github_does_not_show_as_a_checkbox_is_no_item(body: str) -> None:
    assert parse(body) == ()


def test_a_box_followed_by_a_space_alone_is_an_item() -> None:
    (item,) = parse("- [ ] \n")
    assert (item.text, item.checked, item.checkbox_offset) == ("", False, 3)


def test_a_line_holding_only_a_tag_swallows_the_items_below_it_as_github_does() -> None:
    # cmark-gfm: `<br>` is not a lazy line of "one"; it opens an HTML block that runs to the
    # next blank line, so "two" is shown as text. After the blank line, items are back.
    body = "- [x] one\n<br>\n- [ ] two\n\n- [ ] three\n"
    assert [item.text for item in parse(body)] == ["one", "three"]
    indented = "- a\n  - [ ] b\n  </span>\n  - [ ] c\n"
    assert [item.text for item in parse(indented)] == ["b"]


def test_a_tag_inside_the_item_or_a_comment_between_items_keeps_them() -> None:
    body = "- [ ] one\n  <br>\n- [ ] two\n<!-- note -->\n- [ ] three\n"
    assert [item.text for item in parse(body)] == ["one", "two", "three"]


def test_items_nested_twelve_lists_deep() -> None:
    body = "".join(f"{'  ' * depth}- [ ] level {depth}\n" for depth in range(12))
    assert [item.text for item in parse(body)] == [f"level {depth}" for depth in range(12)]


def test_a_body_nested_beyond_what_can_be_read_safely_is_refused_not_read_in_part() -> None:
    body = "- " * 150 + "[ ] deep\n- [ ] shallow #1\n"
    with pytest.raises(TooDeeplyNested, match="more than 100 levels deep") as raised:
        parse(body)
    assert raised.value.exit_code == 3


def test_a_line_of_twenty_thousand_brackets_parses_without_quadratic_work() -> None:
    # A guard against the nesting blow-up (10 s before the fix), not a speed test: CPU time
    # of this process only, far above what a linear parse takes even on a busy machine.
    started = time.process_time()
    (item,) = parse("- [ ] " + "[" * 20_000 + " #7\n")
    assert item.references == (app(7),)
    assert time.process_time() - started < 5.0


def test_an_item_underlined_into_a_setext_heading_is_an_item() -> None:
    body = "- [ ] a heading-looking item #4\n  ---\n- [x] b\n  ===\n"
    assert [(item.text, item.checked, item.references) for item in parse(body)] == [
        ("a heading-looking item #4", False, (app(4),)),
        ("b", True, ()),
    ]


def test_items_inside_a_footnote_github_shows() -> None:
    body = "See the plan[^plan].\n\n[^plan]:\n    - [ ] in the footnote #6\n- [ ] after it\n"
    assert [(item.text, item.line) for item in parse(body)] == [
        ("in the footnote #6", 4),
        ("after it", 5),
    ]


def test_items_of_a_footnote_github_does_not_show_are_no_items() -> None:
    never_referenced = "[^a]:\n    - [ ] hidden\n"
    second_definition = "[^b]\n\n[^b]: first\n[^b]:\n    - [ ] hidden too\n"
    assert parse(never_referenced) == parse(second_definition) == ()


def test_an_item_right_after_a_table() -> None:
    # On GitHub a table ends where a list starts, even one that does not start at 1.
    body = "| gate | owner |\n|---|---|\n| staging | ops |\n2. [ ] after the table #5\n"
    assert [(item.text, item.line) for item in parse(body)] == [("after the table #5", 4)]


def test_sections_from_headings_and_pattern_lines() -> None:
    body = (
        "- [ ] before any section\n\n"
        "Intro that mentions tier 1 in passing.\n\n"
        "__Tier 3:__\n- [ ] a\n\n"
        "**Not a tier**\n- [ ] b\n\n"
        "Tier 4\n- [ ] c\n\n"
        "### Anything `at all`:\n- [ ] d\n\n"
        "- **Tier 5** (bold bullet)\n  - [ ] e\n"
    )
    umbrella = parse_umbrella(body, repository="acme/app", section_pattern=TIERS)
    assert [(item.section, item.text) for item in umbrella.items] == [
        (None, "before any section"),
        ("Tier 3", "a"),
        ("Tier 3", "b"),
        ("Tier 4", "c"),
        ("Anything at all", "d"),
        ("Tier 5 (bold bullet)", "e"),
    ]
    assert umbrella.sections == (
        None,
        "Tier 3",
        "Tier 4",
        "Anything at all",
        "Tier 5 (bold bullet)",
    )


@pytest.mark.parametrize(
    ("title", "wanted", "expected"),
    [
        ("Tier 1 — must-have", "Tier 1", True),
        ("tier  1:", "TIER 1", True),
        ("Tier 1", "Tier 1", True),
        ("Tier 10", "Tier 1", False),
        ("Tier 2", "Tier 1", False),
        ("Pre-Tier 1", "Tier 1", False),
        (None, "Tier 1", False),
        ("Tier 1", "  ", False),
        ("Tier 1٣", "Tier 1", True),  # only an ASCII digit makes it another tier number
    ],
)
def test_section_matches(title: str | None, wanted: str, expected: bool) -> None:
    assert section_matches(title, wanted) is expected


def test_crlf_body_offsets_are_exact_and_bytes_survive() -> None:
    body = "## Tier 1\r\n- [ ] a #1\r\n- [x] b #2\r\n\r\nTier 2\r- [ ] c #3\r\n"
    items = parse(body)
    assert [(item.section, item.line, body[item.checkbox_offset]) for item in items] == [
        ("Tier 1", 2, " "),
        ("Tier 1", 3, "x"),
        ("Tier 2", 6, " "),
    ]
    changed = set_checkboxes(
        body, {items[0].checkbox_offset: True, items[1].checkbox_offset: False}
    )
    assert changed == "## Tier 1\r\n- [x] a #1\r\n- [ ] b #2\r\n\r\nTier 2\r- [ ] c #3\r\n"


def test_set_checkboxes_changes_only_what_must_change() -> None:
    body = "- [X] upper\n- [ ] empty\n"
    upper, empty = parse(body)
    assert set_checkboxes(body, {upper.checkbox_offset: True}) is body
    assert set_checkboxes(body, {}) is body
    assert set_checkboxes(body, {empty.checkbox_offset: True, upper.checkbox_offset: False}) == (
        "- [ ] upper\n- [x] empty\n"
    )


@pytest.mark.parametrize("offset", [0, 2, 4, 99, -1])
def test_set_checkboxes_rejects_offsets_that_are_not_boxes(offset: int) -> None:
    with pytest.raises(ValueError, match="not a task-list checkbox"):
        set_checkboxes("- [ ] a\n", {offset: True})


def test_repository_must_be_owner_slash_repo() -> None:
    with pytest.raises(ValueError, match="owner/repo"):
        parse_umbrella("- [ ] a", repository="acme", section_pattern=TIERS)


def test_three_hundred_items_in_four_sections() -> None:
    sections = [
        f"## Tier {n}\n" + "".join(f"- [ ] item {n}.{i} #{n * 1000 + i}\n" for i in range(75))
        for n in range(1, 5)
    ]
    body = "\n".join(sections)

    items = parse(body)

    assert len(items) == 300
    assert [item.section for item in items[::75]] == ["Tier 1", "Tier 2", "Tier 3", "Tier 4"]
    assert items[-1].references == (app(4074),)
    assert all(body[item.checkbox_offset - 1 : item.checkbox_offset + 2] == "[ ]" for item in items)


FRAGMENTS = [
    "- [ ] task #1",
    "* [x] done acme/app#2",
    "+ [X] upper",
    "1. [ ] ordered",
    "  - [ ] nested",
    "- [ ]",
    "- plain bullet",
    "[ ] lazy or plain",
    "## Tier 1",
    "**Tier 2:**",
    "plain text",
    "```",
    "<!--",
    "-->",
    "> - [ ] quoted",
    "    - [x] indented",
    "",
]


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(st.tuples(st.sampled_from(FRAGMENTS), st.sampled_from(["\n", "\r\n", "\r"]))),
    data=st.data(),
)
def test_set_checkboxes_touches_only_boxes_and_round_trips(
    lines: list[tuple[str, str]], data: st.DataObject
) -> None:
    body = "".join(text + ending for text, ending in lines)
    items = parse(body)
    wanted = data.draw(st.lists(st.booleans(), min_size=len(items), max_size=len(items)))
    changes = {item.checkbox_offset: checked for item, checked in zip(items, wanted, strict=True)}

    changed = set_checkboxes(body, changes)

    assert len(changed) == len(body)
    assert {i for i, (a, b) in enumerate(zip(body, changed, strict=True)) if a != b} <= set(changes)
    expected = [replace(item, checked=changes[item.checkbox_offset]) for item in items]
    assert list(parse(changed)) == expected
    assert re.sub(r"\[[ xX]\]", "[]", changed) == re.sub(r"\[[ xX]\]", "[]", body)


def test_a_box_alone_then_a_blank_line_ends_the_item_as_on_github() -> None:
    # cmark-gfm takes the box before the line's text, so the item has no content yet, and a
    # blank line not indented to its content ends it: what follows is code on GitHub.
    assert parse("- [ ] \n\n    - [ ] code on GitHub\n") == parse("- [ ] \n")
    kept_open = parse("- [ ] \n  \n    - [ ] nested\n")
    assert [(item.line, item.text) for item in kept_open] == [(1, ""), (3, "nested")]


def test_an_empty_item_stays_open_over_spaces_indented_to_its_content() -> None:
    (item,) = parse("*\n  \n    1. [ ] nested on GitHub\n")
    assert (item.line, item.text) == (3, "nested on GitHub")
    assert parse("*\n \n    1. [ ] code on GitHub\n") == ()
    assert parse("*\n  \n\n    1. [ ] code on GitHub\n") == ()


@pytest.mark.parametrize(
    "body",
    [
        "[x]: https://example.com\n2) [ ] text on GitHub\n",
        "[x]: https://example.com\n[y]: https://example.org\n2) [ ] text on GitHub\n",
        "- [x]: https://example.com\n  2) [ ] text on GitHub\n",
    ],
)
def test_a_line_after_a_link_definition_continues_its_paragraph(body: str) -> None:
    # cmark-gfm reads definitions out of a paragraph once it has ended, so a line that
    # cannot interrupt a paragraph is part of it: words, not a list.
    assert parse(body) == ()


def test_a_lone_tag_after_a_link_definition_is_words_and_the_item_below_counts() -> None:
    body = "[x]: https://example.com\n<span>\n- [ ] after it #3\n"
    assert [(item.line, item.references) for item in parse(body)] == [(3, (app(3),))]


def test_a_quote_marker_indented_as_code_is_no_quote_line() -> None:
    # The empty quote ends; `    > q` is code and "text" a paragraph that the lone tag
    # continues, so the item below it is an item on GitHub.
    body = ">\n    > q\ntext\n<span>\n- [ ] a\n"
    assert [(item.line, item.text) for item in parse(body)] == [(5, "a")]


@pytest.mark.parametrize(
    "body",
    [
        "- [ ] a | b\n  |---|---|\n",  # a table in the task item, under the text after the box
        "- [ ] a | b\n|---|---|\n",  # the delimiter row is a lazy line of the item's text
        "- [ ] | a\n  |---|---|\n",  # one cell after the box, two in the row: no table
    ],
)
def test_a_task_line_over_a_delimiter_row_is_an_item(body: str) -> None:
    # cmark-gfm takes the box first: it is never a table cell, and the line never a table's
    # header row outside the item.
    (item,) = parse(body)
    assert (item.line, item.checkbox_offset) == (1, 3)


def test_a_vertical_tab_after_the_box_is_text_so_a_blank_line_keeps_the_item_open() -> None:
    body = "- [ ]\v\n\n    - [ ] nested\n"
    assert [item.line for item in parse(body)] == [1, 3]


def test_a_lazy_line_indented_as_code_from_the_outer_list_opens_no_block() -> None:
    # "## Tier 1" is indented four past the ordered list's column, the container it still
    # belongs to (not past the inner item's), so it is a lazy line of "[ ]", not a heading
    # ending both lists; the item below is the inner list's second, a task on GitHub.
    body = "  1. - [ ] \n    ## Tier 1\n      - [ ] \n"
    assert [item.line for item in parse(body)] == [3]


@pytest.mark.parametrize(
    "body",
    [
        # A table's rows end at a lone tag, whose HTML block runs to the next blank line.
        "a | b\n|---|---|\n<span>\n- [ ] swallowed\n",
        # A header row needs no pipe: "text" over `|---|` is a table.
        "text\n|---|\n<span>\n- [ ] swallowed\n",
        # "text" cannot head the first delimiter row, so its paragraph never becomes a table.
        "text\n  |---|---|\n  |---|---|\n2) [ ] words\n",
        "[x]: https://example.com\n  |---|---|\n  |---|---|\n2) [ ] words\n",
        # After a definition, a setext underline underlines nothing: it is words.
        "[x]: https://example.com\n---\n2) [ ] words\n",
        # A paragraph's last line heads the table where it stands, whatever it looks like.
        "a | b\n2) [ ] a header cell\n|---|\n",
        "[x]: https://example.com\n2) [ ] a header cell\n|---|\n",
    ],
)
def test_text_github_shows_around_tables_and_definitions_is_no_item(body: str) -> None:
    assert parse(body) == ()


def test_a_table_headed_by_a_lazy_line_stays_in_the_item() -> None:
    body = "- [ ] a\na | b\n  |---|---|\n    - [ ] nested\n"
    assert [(item.line, item.text) for item in parse(body)] == [(1, "a"), (4, "nested")]


def test_an_ordered_item_after_a_footnote_is_an_item() -> None:
    # markdown-it's setext rule, failing on the footnote's text, leaves its state saying
    # "paragraph"; read so, `2)` cannot start a list and the line heads a table instead.
    body = "[^1]: note\n2) [ ] after it\n---\n"
    assert [(item.line, item.text) for item in parse(body)] == [(2, "after it")]


@pytest.mark.parametrize(
    ("body", "lines"),
    [
        # A line of spaces ends a footnote (only an empty line lets it go on): code follows.
        ("[^1]: note\n  \n    - [ ] code on GitHub\nsee[^1]\n", []),
        ("[^1]: note\n\n    - [ ] in the footnote\nsee[^1]\n", [3]),
        # An item holding only a definition is empty once a blank line ends its paragraph.
        ("- [x]: https://example.com\n\n\n    - [ ] code on GitHub\n", []),
        ("- [x]: https://example.com\n\n    - [ ] nested\n", [3]),
        # A paragraph line indented as code, or a definition line, heads a table all the same.
        ("text\n    - [ ] a header cell\n|---|\n2) [ ] after the table\n", [4]),
        ("[x]: https://example.com\n|---|\n2) [ ] after the table\n", [3]),
        ("[x]: https://example.com\n    - [ ] a heading\n===\n2) [ ] after it\n", [4]),
    ],
)
def test_footnotes_definitions_and_tables_end_where_github_ends_them(
    body: str, lines: list[int]
) -> None:
    assert [item.line for item in parse(body)] == lines


def test_of_footnotes_with_one_label_github_shows_the_first_to_end() -> None:
    # cmark-gfm keeps the first definition it finishes: a nested one ends before the one
    # around it, so the outer one (and its task) is hidden.
    body = "see[^1]\n[^1]: a\n    - [ ] hidden\n    [^1]: shown\n"
    assert parse(body) == ()


def test_a_shown_footnote_inside_a_hidden_one_keeps_its_items() -> None:
    body = "see[^2]\n[^1]: never referenced\n    [^2]: shown\n        - [ ] in it\n"
    assert [(item.line, item.text) for item in parse(body)] == [(4, "in it")]


def test_an_item_after_a_quote_in_a_nested_item_ends_the_quote() -> None:
    # The quote's own reading of "    - [ ] b" must measure from the outer item (column 2),
    # as inside the inner one: it is no lazy line of the quote but the inner list's next item.
    body = "- -  a\n      > q\n    - [ ] b\n"
    assert [(item.line, item.text) for item in parse(body)] == [(3, "b")]
