import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from releasegate.umbrella.parse import ChecklistItem, IssueRef, parse_umbrella
from releasegate.umbrella.plan import RefState, UmbrellaPlan, plan_sync
from releasegate.umbrella.progress import escape, render_progress

SYNCED_AT = datetime(2026, 11, 22, 6, 0, 41, tzinfo=UTC)
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
"""

STATES = {
    IssueRef("acme", "app", 12): RefState.COMPLETED,
    IssueRef("acme", "app", 14): RefState.OPEN,
    IssueRef("acme", "infra", 7): RefState.NOT_PLANNED,
    IssueRef("acme", "app", 15): RefState.OPEN,
}


def items(body: str) -> tuple[ChecklistItem, ...]:
    return parse_umbrella(body, repository="acme/app", section_pattern=TIERS).items


def render(
    plan_or_items: UmbrellaPlan | Sequence[ChecklistItem],
    states: Mapping[IssueRef, RefState] = STATES,
    *,
    synced_at: datetime = SYNCED_AT,
    server_url: str = "https://github.com",
    body_too_long: bool = False,
) -> str:
    return render_progress(
        plan_or_items,
        states=states,
        repository="acme/app",
        synced_at=synced_at,
        server_url=server_url,
        body_too_long=body_too_long,
    )


def test_realistic_progress_comment() -> None:
    plan = plan_sync(
        UMBRELLA,
        repository="acme/app",
        section_pattern=TIERS,
        states=STATES,
        sub_issues=[IssueRef("acme", "app", 40)],
        untick_on_reopen=True,
        close_when=["Tier 1"],
        is_open=True,
    )
    assert (
        render(plan)
        == """\
<!-- releasegate:umbrella -->
### Checklist progress

1 of 6 items done.

| Section | Done | Progress |
| :-- | --: | :-- |
| Tier 1 — must-have | 1/3 | ██████░░░░░░░░░░░░░░ 33% |
| Tier 2 — high-value | 0/3 | ░░░░░░░░░░░░░░░░░░░░ 0% |

#### Open items

**Tier 1 — must-have**
- Hotfix backports https://github.com/acme/app/issues/14 (open: [#14](https://github.com/acme/app/issues/14))
- File as Issue: rate-limit dashboards

**Tier 2 — high-value**
- Greptile gate acme/infra#7 and #123
- nested parent
- nested child #15 (open: [#15](https://github.com/acme/app/issues/15))

#### Closed as not planned

- Greptile gate acme/infra#7 and #123: [acme/infra#7](https://github.com/acme/infra/issues/7)

#### Not found

- Greptile gate acme/infra#7 and #123: `#123`

#### Sub-issues not in the checklist

- [#40](https://github.com/acme/app/issues/40)

Last synced: 2026-11-22 06:00 UTC
"""
    )


def test_everything_done_and_bar_widths() -> None:
    body = "- [x] a\n" * 2 + "## Tier 2\n" + "- [x] b\n" * 2 + "- [ ] c\n" * 3
    assert (
        render(items(body), server_url="https://ghe.example.com")
        == """\
<!-- releasegate:umbrella -->
### Checklist progress

4 of 7 items done.

| Section | Done | Progress |
| :-- | --: | :-- |
| (no section) | 2/2 | ████████████████████ 100% |
| Tier 2 | 2/5 | ████████░░░░░░░░░░░░ 40% |

#### Open items

**Tier 2**
- c
- c
- c

Last synced: 2026-11-22 06:00 UTC
"""
    )


def test_item_text_cannot_inject_markup() -> None:
    body = (
        "## Tier 1 | a < b\n"
        "- [ ] `<img src=x onerror=alert(1)>` &amp; \\[link\\](https://evil.example)\n"
        "- [ ] `*em* __strong__ ~~gone~~ a|b \\` @alice @acme/team a@b.c\n"
        "- [ ] \\# heading\n"
        "- [ ] 1. list\n"
        "- [ ] \\- dash\n"
        "- [ ] **bold** <b>html</b> [text](https://example.com) ![alt](x.png)\n"
    )
    assert render(items(body), {}).splitlines()[7:19] == [
        "| Tier 1 \\| a &lt; b | 0/6 | ░░░░░░░░░░░░░░░░░░░░ 0% |",
        "",
        "#### Open items",
        "",
        "**Tier 1 \\| a &lt; b**",
        "- &lt;img src=x onerror=alert(1)&gt; &amp; \\[link\\](https://evil.example)",
        "- \\*em\\* \\_\\_strong\\_\\_ \\~\\~gone\\~\\~ a\\|b \\\\ "
        "@&#8203;alice @&#8203;acme/team a@&#8203;b.c",
        "- \\# heading",
        "- 1\\. list",
        "- \\- dash",
        "- bold html text",
        "",
    ]


def test_not_planned_and_missing_are_reported_per_item() -> None:
    body = "- [ ] a acme/infra#7 #8\n- [ ] b #9\n"
    states = {
        IssueRef("acme", "infra", 7): RefState.NOT_PLANNED,
        IssueRef("acme", "app", 9): RefState.MISSING,
    }
    assert render(items(body), states).split("\n\n")[5:8] == [
        "#### Closed as not planned",
        "- a acme/infra#7 #8: [acme/infra#7](https://github.com/acme/infra/issues/7)",
        "#### Not found",
    ]
    assert "- a acme/infra#7 #8: `#8`\n- b #9: `#9`\n" in render(items(body), states)


def test_body_too_long_note() -> None:
    rendered = render(items("- [x] a\n"), body_too_long=True)
    assert rendered.split("\n\n")[1] == (
        "> [!WARNING]\n"
        "> The checkboxes were not updated: the issue body would be longer than GitHub's limit "
        "of 65,536 characters. Shorten the description and the next sync will update it."
    )


def test_no_items() -> None:
    assert render(items("Just prose.\n")) == (
        "<!-- releasegate:umbrella -->\n### Checklist progress\n\n"
        "No task-list items were found in this issue.\n\n"
        "Last synced: 2026-11-22 06:00 UTC\n"
    )


def test_long_open_list_is_cut() -> None:
    rendered = render(items("".join(f"- [ ] item {n}\n" for n in range(130))))
    assert "- item 99\n\n…and 30 more.\n\nLast synced" in rendered
    assert "- item 100\n" not in rendered


def test_synced_at_is_shown_in_utc_and_must_be_aware() -> None:
    tokyo = SYNCED_AT.astimezone(timezone(timedelta(hours=9)))
    assert render(items("- [ ] a\n"), synced_at=tokyo).endswith(
        "Last synced: 2026-11-22 06:00 UTC\n"
    )
    with pytest.raises(ValueError, match="timezone-aware"):
        render(items("- [ ] a\n"), synced_at=datetime(2026, 11, 22, 6, 0))


def test_output_is_deterministic() -> None:
    reversed_states = dict(reversed(list(STATES.items())))
    assert render(items(UMBRELLA)) == render(items(UMBRELLA), reversed_states)


@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))).filter(str.strip))
def test_escaped_text_renders_as_exactly_that_text(text: str) -> None:
    tokens = MarkdownIt("commonmark").parse(f"- {escape(text)}\n")
    inline = [token for token in tokens if token.type == "inline"]
    assert len(inline) == 1
    assert {child.type for child in inline[0].children or []} <= {"text", "text_special"}
    shown = "".join(child.content for child in inline[0].children or [])
    unmentioned = re.sub(r"@(?=[A-Za-z0-9])", "@\u200b", " ".join(text.split()))
    assert shown == unmentioned
