"""The contents API and git references: files read and written on a branch, as GitHub does.

A write names the blob sha of the file it replaces, and GitHub refuses a write whose sha is
stale, so two writers never overwrite each other: a stale ``sha`` is a 409 "<path> does not
match <sha>", a missing one for a file that exists a 422 '"sha" wasn't supplied.', a branch
that does not exist a 404 (checked first). A file over 1 MB is listed without its content
(``encoding: none``), and its blob is read through the git blobs API instead.
"""

from __future__ import annotations

import base64
import binascii

from releasegate_standin.git.ids import blob_oid, is_sha, sha_of_name, tree_oid
from releasegate_standin.rest import shapes_commits
from releasegate_standin.rest.api import Call, Response, error, invalid, json_of, not_found
from releasegate_standin.rest.body import Rejected, answers_rejections, object_body, text_field
from releasegate_standin.state.records import Commit

CONTENT_LIMIT = 1024 * 1024  # larger files come without content from the contents API


def get_content(call: Call) -> Response:
    ref = call.request.arg("ref") or call.repo.default_branch
    path = call.params["path"].strip("/")
    if call.repo.resolve(ref) is None:
        return error(404, f"No commit found for the ref {ref}")
    data = call.repo.file_at(ref, path)
    if data is not None:
        shape = shapes_commits.content(call.urls, call.repo, path, ref, data)
        if len(data) > CONTENT_LIMIT:
            shape.update(encoding="none", content="")
        return Response(200, shape)
    entries = call.repo.entries_at(ref, path)
    if entries is None:
        return not_found()
    listing = [
        shapes_commits.directory_entry(
            call.urls, call.repo, f"{path}/{name}".lstrip("/"), ref, kind
        )
        for name, kind in entries
    ]
    return Response(200, listing)


@answers_rejections
def put_content(call: Call) -> Response:
    body = object_body(call)
    message = text_field(body, "message", "Content", required=True) or ""
    data = _base64(text_field(body, "content", "Content", required=True) or "")
    branch = text_field(body, "branch", "Content") or call.repo.default_branch
    given = text_field(body, "sha", "Content")
    path = call.params["path"].strip("/")
    head = call.repo.branch_sha(branch)
    if head is None or call.repo.resolve(head) is None:
        return error(404, f"Branch {branch} not found")
    current = call.repo.file_at(head, path)
    if current is not None and given is None:
        return error(422, 'Invalid request.\n\n"sha" wasn\'t supplied.')
    if current is not None and given != blob_oid(current):
        return error(409, f"{path} does not match {given}")
    commit = _commit_file(call, branch, path, data, message)
    return json_of(
        200 if current is not None else 201,
        shapes_commits.file_commit(call.urls, call.repo, path, branch, commit),
    )


def _base64(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=False)
    except (binascii.Error, ValueError):
        raise Rejected(invalid("Content", "content", "invalid")) from None


def _commit_file(call: Call, branch: str, path: str, data: bytes, message: str) -> Commit:
    repo, parent = call.repo, call.repo.resolve(branch)
    assert parent is not None
    files = {**parent.files, path: data}
    sha = sha_of_name(f"contents:{parent.sha}:{path}:{blob_oid(data)}:{call.state.new_id()}")
    now, tree = call.state.now(), tree_oid(files)
    commit = Commit(sha, files, message, call.actor, now, [parent.sha], tree)
    repo.commits[sha] = commit
    repo.branches[branch] = sha
    return commit


def get_ref(call: Call) -> Response:
    name = call.params["ref"]
    branch = name.removeprefix("heads/")
    sha = call.repo.branch_sha(branch) if name.startswith("heads/") else None
    if sha is None:
        return not_found()
    return Response(200, shapes_commits.git_ref(call.urls, call.repo, f"refs/{name}", sha))


@answers_rejections
def create_ref(call: Call) -> Response:
    body = object_body(call)
    ref = text_field(body, "ref", "Reference", required=True) or ""
    sha = text_field(body, "sha", "Reference", required=True) or ""
    if not ref.startswith("refs/") or ref.count("/") < 2:
        return error(422, f"{ref} is not a valid ref name.")
    commit = call.repo.resolve(sha) if is_sha(sha) else None
    if commit is None:
        return error(422, "Object does not exist")
    if not ref.startswith("refs/heads/"):
        return error(422, "releasegate's stand-in creates only branches (refs/heads/...)")
    branch = ref.removeprefix("refs/heads/")
    if call.repo.branch_sha(branch) is not None:
        return error(422, "Reference already exists")
    call.repo.branches[branch] = commit.sha
    shape = shapes_commits.git_ref(call.urls, call.repo, ref, commit.sha)
    return json_of(201, shape, location=shape["url"])


def get_blob(call: Call) -> Response:
    wanted = call.params["file_sha"]
    for commit in call.repo.commits.values():
        for data in commit.files.values():
            if blob_oid(data) == wanted:
                return Response(200, shapes_commits.blob(call.urls, call.repo, wanted, data))
    return not_found()
