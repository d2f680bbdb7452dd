"""What an issue's history shows: its closes and reopens on the timeline, its body's edits.

``issue.events`` holds the closes and reopens the state records (and label events, which
``nodes.py`` shows); ``issue.edits`` every body a write saved, in order, as GitHub's edit
history has each one (``diff`` is the whole body as that edit left it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from releasegate_standin.graphql.connections import Node, View, actor, connection, upper
from releasegate_standin.state.generate import iso
from releasegate_standin.state.records import BodyEdit, Issue, IssueEvent, node_id

STATE_EVENTS = {"closed": "ClosedEvent", "reopened": "ReopenedEvent"}


def state_event_maker(view: View, event: IssueEvent) -> Callable[[], Node]:
    kind = STATE_EVENTS[event.event]
    return lambda: {
        "__typename": kind,
        "id": node_id(kind, event.id),
        "actor": actor(view, event.actor),
        "createdAt": iso(event.created_at),
        "stateReason": upper(event.state_reason),
    }


def content_edits(view: View, issue: Issue, args: dict[str, Any]) -> Node:
    return connection(issue.edits, args, lambda edit: _edit_node(view, edit))


def _edit_node(view: View, edit: BodyEdit) -> Node:
    return {
        "id": node_id("UserContentEdit", edit.id),
        "createdAt": iso(edit.edited_at),
        "updatedAt": iso(edit.edited_at),
        "editedAt": iso(edit.edited_at),
        "deletedAt": None,
        "editor": actor(view, edit.editor),
        "diff": edit.body,
    }
