"""Reading a REST request body the way GitHub does: a 422 naming the field that is wrong.

A handler raises ``Rejected`` with the answer; ``answers_rejections`` turns it into the
response, so a write checks its input top to bottom and changes nothing when it is refused.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from typing import Any

from releasegate_standin.rest.api import Call, Handler, Response, error, invalid
from releasegate_standin.state.records import Commit

BODY_LIMIT = 65536  # characters of an issue, pull request or comment body


class Rejected(Exception):
    def __init__(self, response: Response) -> None:
        super().__init__(response.status)
        self.response = response


def answers_rejections(handler: Handler) -> Handler:
    @functools.wraps(handler)
    def wrapper(call: Call) -> Response:
        try:
            return handler(call)
        except Rejected as rejected:
            return rejected.response

    return wrapper


def object_body(call: Call) -> dict[str, Any]:
    if not isinstance(call.request.body, dict):
        raise Rejected(error(422, "Invalid request.\n\nThe request body must be a JSON object."))
    return call.request.body


def text_field(
    body: dict[str, Any], name: str, resource: str, *, required: bool = False
) -> str | None:
    value = body.get(name)
    if value is None:
        if required:
            raise Rejected(invalid(resource, name))
        return None
    if not isinstance(value, str):
        raise Rejected(invalid(resource, name, "invalid"))
    return value


def choice_field(
    body: dict[str, Any], name: str, resource: str, allowed: tuple[str, ...]
) -> str | None:
    value = text_field(body, name, resource)
    if value is not None and value not in allowed:
        raise Rejected(invalid(resource, name, "invalid"))
    return value


def body_text(body: dict[str, Any], resource: str, *, required: bool) -> str | None:
    text = text_field(body, "body", resource, required=required)
    if text is not None and len(text) > BODY_LIMIT:
        problem = {
            "resource": resource,
            "code": "custom",
            "field": "body",
            "message": f"body is too long (maximum is {BODY_LIMIT} characters)",
        }
        raise Rejected(error(422, "Validation Failed", errors=[problem]))
    return text


def timestamp_field(body: dict[str, Any], name: str) -> datetime | None:
    text = text_field(body, name, "CheckRun")
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise Rejected(invalid("CheckRun", name, "invalid")) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def names_field(value: Any, resource: str, field_name: str) -> list[str]:
    """A list of names, each a string or an object with a ``name`` (labels take both)."""
    if isinstance(value, dict) and field_name in value:
        value = value[field_name]
    if not isinstance(value, list):
        raise Rejected(invalid(resource, field_name, "invalid"))
    names = [item.get("name") if isinstance(item, dict) else item for item in value]
    valid = [name for name in names if isinstance(name, str) and name]
    if len(valid) != len(names):
        raise Rejected(invalid(resource, field_name, "invalid"))
    return valid


def commit_of(call: Call, sha: str) -> Commit:
    commit = call.repo.resolve(sha)
    if commit is None:
        raise Rejected(error(422, f"No commit found for SHA: {sha}"))
    return commit
