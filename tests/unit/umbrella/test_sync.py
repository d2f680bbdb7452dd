"""Syncing one umbrella through the real client: what is read, what is written, and how few
requests it takes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from releasegate.errors import GitHubError, UsageError
from releasegate.policy.models import UmbrellaSettings
from releasegate.umbrella.progress import MARKER
from releasegate.umbrella.sync import sync_umbrella
from releasegate.umbrella.write import STATE_MARKERS, UmbrellaRun
from support.umbrella import World

NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
UMBRELLA = """\
# Release readiness

**Tier 1 — must-have**
- [ ] Staging real-call gate #12
- [x] Hotfix backports https://github.com/acme/app/issues/14
- [ ] File as Issue: rate-limit dashboards

## Tier 2 — high-value
* [ ] Greptile gate acme/infra#7 and #13
"""
ISSUE = [("GET", "/repos/acme/app/issues/1")]
UPDATE = [("PATCH", "/repos/acme/app/issues/1")]
COMMENT = [("POST", "/repos/acme/app/issues/1/comments")]
READ_BACK = [("POST", "graphql UmbrellaBody")]
LIST = [("GET", "/repos/acme/app/issues/1/comments")]  # twins posted at the same time?
FIRST_READS = [("POST", "graphql UmbrellaIssue"), ("POST", "graphql UmbrellaRefs")]


def sync(
    world: World, number: int = 1, *, now: datetime = NOW, dry_run: bool = False, **settings: Any
) -> str:
    job = UmbrellaRun(
        github=world.github(),
        repository="acme/app",
        settings=UmbrellaSettings(**settings),
        server_url="https://github.com",
        dry_run=dry_run,
        synced_at=now,
    )
    return sync_umbrella(job, number)


def realistic(world: World, body: str = UMBRELLA) -> None:
    world.issue(1, body=body, labels=["tracking"])
    world.issue(12, state="closed", state_reason="completed")
    world.issue(13, state="closed", state_reason="completed")
    world.issue(14, state="closed", state_reason="completed")
    world.issue(7, repo="acme/infra", state="closed", state_reason="completed")


def progress(world: World, number: int = 1) -> list[str]:
    return [c.body for c in world.get(number).comments if c.body.startswith(MARKER)]


def test_a_sync_ticks_done_items_writes_the_body_and_creates_the_comment(world: World) -> None:
    realistic(world)
    assert sync(world) == "acme/app#1: checked 2 boxes; progress comment created"
    assert world.get(1).body == UMBRELLA.replace("- [ ] Staging", "- [x] Staging").replace(
        "* [ ] Greptile", "* [x] Greptile"
    )
    # read, plan, re-read, write only the body, verify, comment, look for its twins
    assert world.calls == [*FIRST_READS, *ISSUE, *UPDATE, *READ_BACK, *COMMENT, *LIST]
    (comment,) = progress(world)
    assert "3 of 4 items done." in comment
    assert comment.endswith("Last synced: 2026-11-22 09:30 UTC\n")


def test_a_second_run_writes_nothing_though_the_time_changed(world: World) -> None:
    realistic(world)
    sync(world)
    world.calls.clear()
    later = NOW + timedelta(hours=3)
    assert sync(world, now=later) == (
        "acme/app#1: checkboxes already up to date; progress comment unchanged"
    )
    assert world.calls == FIRST_READS
    assert progress(world)[0].endswith("Last synced: 2026-11-22 09:30 UTC\n")


def test_the_comment_is_edited_in_place_when_progress_changes(world: World) -> None:
    realistic(world)
    world.get(13).state = "open"
    sync(world)
    world.get(13).state = "closed"
    world.calls.clear()
    assert sync(world, now=NOW + timedelta(days=1)) == (
        "acme/app#1: checked 1 box; progress comment updated"
    )
    (comment,) = progress(world)
    assert comment.endswith("Last synced: 2026-11-23 09:30 UTC\n")
    assert world.writes == [*UPDATE, ("PATCH", "/repos/acme/app/issues/comments/1001")]


def test_300_items_in_4_sections_take_7_reads_and_2_writes(world: World) -> None:
    sections = [
        f"## Tier {tier}\n"
        + "".join(f"- [ ] item {n} #{n}\n" for n in range(tier * 75 - 74, tier * 75 + 1))
        for tier in range(1, 5)
    ]
    world.issue(1000, body="\n".join(sections), labels=["tracking"], comments=["hello"] * 30)
    for number in range(1, 301):
        world.issue(number, state="closed" if number % 2 else "open", state_reason="completed")
    assert sync(world, 1000) == "acme/app#1000: checked 150 boxes; progress comment created"
    assert len(world.reads) <= 7
    assert world.reads == [
        ("POST", "graphql UmbrellaIssue"),
        *[("POST", "graphql UmbrellaRefs")] * 3,
        ("GET", "/repos/acme/app/issues/1000"),
        ("POST", "graphql UmbrellaBody"),
        ("GET", "/repos/acme/app/issues/1000/comments"),
    ]
    assert world.writes == [
        ("PATCH", "/repos/acme/app/issues/1000"),
        ("POST", "/repos/acme/app/issues/1000/comments"),
    ]
    assert world.get(1000).body.count("- [x]") == 150
    assert "| Tier 4 | 37/75 |" in progress(world, 1000)[0]


def test_an_edit_between_the_read_and_the_write_survives_with_the_tick(world: World) -> None:
    realistic(world)

    def edit_once(method: str, path: str) -> None:
        if (method, path) == ISSUE[0]:
            world.before.clear()
            world.get(1).body = "Added by Ana.\n\n" + UMBRELLA.replace(
                "- [ ] File as Issue", "- [X] File as Issue"
            )

    world.before.append(edit_once)
    sync(world)
    assert world.get(1).body == "Added by Ana.\n\n" + UMBRELLA.replace(
        "- [ ] Staging", "- [x] Staging"
    ).replace("* [ ] Greptile", "* [x] Greptile").replace(
        "- [ ] File as Issue", "- [X] File as Issue"
    )
    assert world.calls == [*FIRST_READS, *ISSUE, *UPDATE, *READ_BACK, *COMMENT, *LIST]
    assert "4 of 4 items done." in progress(world)[0]


def test_a_stale_save_after_our_write_is_kept_and_the_ticks_applied_again(world: World) -> None:
    realistic(world)
    patches: list[str] = []

    def stale_save(method: str, path: str) -> None:
        if (method, path) == UPDATE[0]:
            patches.append(path)
        elif (method, path) == READ_BACK[0] and len(patches) == 1:
            # Ana's editor was open before our write; her save lands right after it.
            world.save_body(world.get(1), UMBRELLA + "- [ ] A new item Ana added\n")

    world.before.append(stale_save)
    assert sync(world) == "acme/app#1: checked 2 boxes; progress comment created"
    body = world.get(1).body
    assert body.endswith("* [x] Greptile gate acme/infra#7 and #13\n- [ ] A new item Ana added\n")
    assert "- [x] Staging" in body
    assert world.calls == [
        *FIRST_READS, *ISSUE, *UPDATE, *READ_BACK, *UPDATE, *READ_BACK, *COMMENT, *LIST
    ]  # fmt: skip


def test_a_body_that_keeps_changing_fails_after_three_writes_and_keeps_every_edit(
    world: World,
) -> None:
    realistic(world)
    edits = iter(range(100))

    def keep_editing(method: str, path: str) -> None:
        if (method, path) in (ISSUE[0], READ_BACK[0]):
            world.save_body(world.get(1), UMBRELLA + f"edit {next(edits)}\n")

    world.before.append(keep_editing)
    with pytest.raises(GitHubError, match="kept changing while releasegate wrote"):
        sync(world)
    assert world.get(1).body == UMBRELLA + "edit 3\n"
    assert world.writes == UPDATE * 3


def test_crlf_bytes_are_kept_and_only_the_box_changes(world: World) -> None:
    body = "Intro  \r\n\r\n## Tier 1\r\n- [ ] one #12\r\n- [X] two #14 \r\n\r\n\ttrailing\r\n"
    realistic(world, body)
    sync(world)
    assert world.get(1).body == body.replace("- [ ] one", "- [x] one")


def test_closed_as_not_planned_is_not_done_and_is_listed(world: World) -> None:
    realistic(world)
    world.get(12).state_reason = "not_planned"
    world.get(14).state_reason = "duplicate"
    assert sync(world) == "acme/app#1: checked 1 and unchecked 1 boxes; progress comment created"
    body = world.get(1).body
    assert "- [ ] Staging real-call gate #12" in body
    assert "- [ ] Hotfix backports" in body
    comment = progress(world)[0]
    assert "#### Closed as not planned" in comment
    assert "- Staging real-call gate #12: [#12](https://github.com/acme/app/issues/12)" in comment


def test_a_reopened_reference_unticks_its_item(world: World) -> None:
    realistic(world, UMBRELLA.replace("- [ ] Staging", "- [x] Staging"))
    world.get(12).state, world.get(12).state_reason = "open", "reopened"
    assert sync(world).startswith("acme/app#1: checked 1 and unchecked 1 box")
    assert "- [ ] Staging real-call gate #12" in world.get(1).body


def test_without_untick_on_reopen_a_reopened_reference_keeps_the_tick(world: World) -> None:
    realistic(world, UMBRELLA.replace("- [ ] Staging", "- [x] Staging"))
    world.get(12).state = "open"
    sync(world, untick_on_reopen=False)
    assert "- [x] Staging real-call gate #12" in world.get(1).body


def test_two_references_one_open_leave_the_item_unchecked(world: World) -> None:
    realistic(world)
    world.get(13).state = "open"
    sync(world)
    assert "* [ ] Greptile gate acme/infra#7 and #13" in world.get(1).body
    assert "(open: [#13](https://github.com/acme/app/issues/13))" in progress(world)[0]


def test_cross_repository_references_and_invisible_ones(world: World) -> None:
    body = "- [ ] infra acme/infra#7\n- [ ] secret acme/vault#3\n- [ ] merged acme/web#5\n"
    world.issue(1, body=body)
    world.issue(7, repo="acme/infra", state="closed")
    world.issue(3, repo="acme/vault", state="closed")
    world.pull(5, repo="acme/web", state="merged")
    world.hidden.add("acme/vault")
    sync(world)
    assert world.get(1).body == body.replace("[ ] infra", "[x] infra").replace(
        "[ ] merged", "[x] merged"
    )
    assert [call for call in world.calls if "Refs" in call[1]] == [("POST", "graphql UmbrellaRefs")]
    assert "- secret acme/vault#3: `acme/vault#3`" in progress(world)[0]


def test_pull_requests_closed_unmerged_are_not_done(world: World) -> None:
    world.issue(1, body="- [x] shipped #2\n- [ ] open #3\n")
    world.pull(2, state="closed")
    world.pull(3, state="open")
    sync(world)
    assert world.get(1).body == "- [ ] shipped #2\n- [ ] open #3\n"


def test_sub_issues_need_no_reference_read_and_unlisted_ones_are_shown(world: World) -> None:
    world.issue(1, body="- [ ] first #2\n", sub_issues=[("acme/app", 2), ("acme/app", 3)])
    world.issue(2, state="closed")
    world.issue(3)
    sync(world)
    assert world.get(1).body == "- [x] first #2\n"
    assert ("POST", "graphql UmbrellaRefs") not in world.calls
    assert (
        "#### Sub-issues not in the checklist\n\n- [#3](https://github.com/acme/app/issues/3)"
        in (progress(world)[0])
    )


def test_the_umbrella_closes_when_its_close_when_sections_are_done(world: World) -> None:
    realistic(world, UMBRELLA.replace("- [ ] File as Issue", "- [x] File as Issue"))
    result = sync(world, close_when=["Tier 1", "Tier 2"])
    assert result == "acme/app#1: checked 2 boxes; progress comment created; closed as completed"
    assert (world.get(1).state, world.get(1).state_reason) == ("closed", "completed")
    # the comment that says why comes before the close: a run stopped between them is
    # finished by the next, which finds the comment and only closes the issue
    assert world.writes == [*UPDATE, *COMMENT, *COMMENT, *UPDATE]
    closing = world.get(1).comments[-1].body
    assert closing.startswith(
        f"{STATE_MARKERS['close']}\n"
        "Every item in **Tier 1 — must-have** and **Tier 2 — high-value** is checked"
    )


def test_a_closed_umbrella_is_reopened_when_an_item_is_unchecked(world: World) -> None:
    body = UMBRELLA.replace("[ ]", "[x]")
    realistic(world, body)
    world.get(1).state, world.get(1).state_reason = "closed", "completed"
    world.get(12).state = "open"
    assert sync(world, close_when=["Tier 1"]).endswith("; reopened")
    assert world.get(1).state == "open"
    reopening = world.get(1).comments[-1].body
    assert reopening.startswith(f"{STATE_MARKERS['reopen']}\nReopening: these items")
    assert "- Staging real-call gate #12 (acme/app#12 is open)" in reopening


def test_an_umbrella_closed_as_not_planned_stays_closed(world: World) -> None:
    realistic(world, UMBRELLA.replace("[ ]", "[x]"))
    world.get(1).state, world.get(1).state_reason = "closed", "not_planned"
    world.get(12).state = "open"
    assert sync(world, close_when=["Tier 1"]).endswith("left closed: it was closed as not planned")
    assert world.get(1).state == "closed"


def test_a_body_too_long_is_not_written_and_the_comment_says_so(world: World) -> None:
    realistic(world, UMBRELLA + "x" * (65_537 - len(UMBRELLA)))  # GitHub would refuse it
    result = sync(world, close_when=["Tier 1"])
    assert result.startswith("acme/app#1: checkboxes not written: the body would exceed")
    assert world.writes == COMMENT
    comment = progress(world)[0]
    assert "> [!WARNING]" in comment
    assert "1 of 4 items done." in comment


def test_dry_run_prints_the_diff_and_writes_nothing(world: World) -> None:
    realistic(world)
    report = sync(world, dry_run=True)
    assert world.writes == []
    assert report.startswith(
        "acme/app#1 (dry run): would check 2 boxes\n"
        "--- acme/app#1 (on GitHub)\n"
        "+++ acme/app#1 (after sync)\n"
        "@@ -1,9 +1,9 @@\n"
        " # Release readiness\n \n **Tier 1 — must-have**\n"
        "-- [ ] Staging real-call gate #12\n+- [x] Staging real-call gate #12\n"
    )
    assert f"progress comment that would be created:\n{MARKER}\n" in report
    assert report.endswith("nothing was written (--dry-run)\n")


def test_a_failed_reference_read_writes_nothing(world: World) -> None:
    realistic(world)
    world.graphql_errors.append({"message": "Something went wrong"})
    world.before.append(lambda method, path: None)
    with pytest.raises(GitHubError, match="answered with errors: Something went wrong"):
        sync(world)
    assert world.writes == []


def test_the_progress_comment_is_found_on_a_later_page(world: World) -> None:
    realistic(world)
    world.get(1).comments += [world._comment(f"chat {n}") for n in range(150)]
    sync(world)
    world.get(1).comments[:0] = [world._comment(f"old {n}") for n in range(100)]
    world.get(12).state = "open"
    world.calls.clear()
    sync(world)
    assert ("POST", "graphql UmbrellaComments") in world.calls
    assert len(progress(world)) == 1


def test_comment_off_writes_no_comment(world: World) -> None:
    realistic(world)
    assert sync(world, comment=False) == "acme/app#1: checked 2 boxes"
    assert world.writes == UPDATE


def test_an_umbrella_that_does_not_exist_is_a_usage_error(world: World) -> None:
    with pytest.raises(UsageError, match="issue #5 was not found in acme/app"):
        sync(world, 5)


def test_a_comment_that_would_be_too_long_is_cut_at_a_line(world: World) -> None:
    refs = " ".join(f"#{n}" for n in range(2, 1500))
    world.issue(1, body=f"- [ ] everything {refs}\n- [ ] more {refs}\n")
    for number in range(2, 1500):
        world.issue(number)
    sync(world)
    comment = progress(world)[0]
    assert len(comment) <= 65_536
    assert comment.endswith(
        "\n\n…and more: the full list would exceed GitHub's comment limit.\n\n"
        "Last synced: 2026-11-22 09:30 UTC\n"
    )


def test_a_sub_issue_the_token_cannot_see_is_skipped(world: World) -> None:
    world.issue(1, body="- [ ] first #2\n", sub_issues=[("acme/app", 2)], labels=["tracking"])
    world.issue(2, state="closed")
    real = world._umbrella

    def with_hidden_sub_issue(variables: dict[str, Any], whole: bool) -> Any:
        node = real(variables, whole)
        if whole:
            node["subIssues"]["nodes"].append(None)
        return node

    world._umbrella = with_hidden_sub_issue  # type: ignore[method-assign]
    assert sync(world) == "acme/app#1: checked 1 box; progress comment created"


def test_an_issue_without_the_label_is_synced_with_a_note(world: World) -> None:
    world.issue(1, body="- [ ] first #2\n", labels=["Epic"])
    world.issue(2, state="closed")
    assert sync(world) == (
        "acme/app#1: checked 1 box; progress comment created; "
        "it has no 'tracking' label, so only --issue N syncs it"
    )
    assert sync(world, label="epic").endswith("comment unchanged")


# --- issue 14: a person's save inside the write window, a sync stopped part way, twins --------


def test_a_save_that_landed_between_the_re_read_and_the_write_is_put_back_with_the_ticks(
    world: World,
) -> None:
    """Item 10: GitHub has no compare-and-swap, so our write overwrites a save that lands
    between our re-read and it; the edit history shows that save, and it is written back."""
    realistic(world)
    ana = UMBRELLA.replace("# Release readiness\n", "# Release readiness\n\nAna's note.\n")

    def save_in_the_window(method: str, path: str) -> None:
        if (method, path) == UPDATE[0]:
            world.before.clear()
            world.save_body(world.get(1), ana)

    world.before.append(save_in_the_window)
    assert sync(world) == "acme/app#1: checked 2 boxes; progress comment created"
    assert world.get(1).body == ana.replace("- [ ] Staging", "- [x] Staging").replace(
        "* [ ] Greptile", "* [x] Greptile"
    )
    assert world.calls == [
        *FIRST_READS, *ISSUE, *UPDATE, *READ_BACK, *UPDATE, *READ_BACK, *COMMENT, *LIST
    ]  # fmt: skip


def test_an_edit_history_of_summaries_is_never_written_into_the_body(world: World) -> None:
    """GitHub's schema calls an edit's ``diff`` "a summary of the changes": a history that
    does not hold our own save word for word is not read as bodies, so nothing in it can be
    written over a person's words; the lost save stays lost (the README's known limit)."""
    realistic(world)
    world.edit_diffs_are_summaries = True
    ana = UMBRELLA.replace("# Release readiness\n", "# Release readiness\n\nAna's note.\n")

    def save_in_the_window(method: str, path: str) -> None:
        if (method, path) == UPDATE[0]:
            world.before.clear()
            world.save_body(world.get(1), ana)

    world.before.append(save_in_the_window)
    assert sync(world) == "acme/app#1: checked 2 boxes; progress comment created"
    assert world.get(1).body == UMBRELLA.replace("- [ ] Staging", "- [x] Staging").replace(
        "* [ ] Greptile", "* [x] Greptile"
    )
    assert "changed" not in world.get(1).body


def test_a_save_before_the_re_read_is_not_taken_for_a_lost_one(world: World) -> None:
    realistic(world)
    world.save_body(world.get(1), UMBRELLA + "An older save.\n")
    world.save_body(world.get(1), UMBRELLA)
    sync(world)
    assert world.writes == [*UPDATE, *COMMENT]
    assert "An older save" not in world.get(1).body


def closing_world(world: World) -> None:
    realistic(world, UMBRELLA.replace("- [ ] File as Issue", "- [x] File as Issue"))
    world.get(1).state_changes.append(world.tick())  # it was reopened once, long ago


def closing_comments(world: World) -> list[str]:
    return [c.body for c in world.get(1).comments if c.body.startswith(STATE_MARKERS["close"])]


def test_a_sync_stopped_after_its_closing_comment_is_finished_without_a_second_one(
    world: World,
) -> None:
    """Item 5: a run killed between the closing comment and the close; the next only closes."""
    closing_world(world)

    def stop_before_the_close(method: str, path: str) -> None:
        if (method, path) == UPDATE[0] and closing_comments(world):
            raise ConnectionError("killed")  # the run stops: the issue is not closed

    world.before.append(stop_before_the_close)
    with pytest.raises(ConnectionError):
        sync(world, close_when=["Tier 1", "Tier 2"])
    world.before.clear()
    assert (world.get(1).state, len(closing_comments(world))) == ("open", 1)
    world.calls.clear()

    result = sync(world, close_when=["Tier 1", "Tier 2"])

    done = "checkboxes already up to date; progress comment unchanged; closed as completed"
    assert result == f"acme/app#1: {done}"
    assert world.writes == UPDATE
    assert (world.get(1).state, len(closing_comments(world))) == ("closed", 1)


def test_closing_comments_posted_by_syncs_at_the_same_time_converge_to_the_oldest(
    world: World,
) -> None:
    """Item 9: syncs at once each post a closing comment; each keeps the oldest."""
    closing_world(world)
    twin = f"{STATE_MARKERS['close']}\nEvery item is checked (posted by another run)\n"

    def another_run_posts_first(method: str, path: str) -> None:
        if (method, path) == COMMENT[0] and len(progress(world)) == 1:
            world.before.clear()
            world.get(1).comments.append(world._comment(twin))

    world.before.append(another_run_posts_first)
    sync(world, close_when=["Tier 1", "Tier 2"])

    assert closing_comments(world) == [twin]
    assert world.get(1).state == "closed"
