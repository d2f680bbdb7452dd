"""Git's object ids as the stand-in derives them: of file contents, trees, and named commits."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping


def sha_of_name(name: str) -> str:
    """The commit id a scenario gives a commit it names but does not give a sha."""
    return hashlib.sha1(name.encode("utf-8"), usedforsecurity=False).hexdigest()


def blob_oid(content: bytes) -> str:
    """Git's object id of a file's content, as GitHub reports it."""
    header = f"blob {len(content)}\0".encode()
    return hashlib.sha1(header + content, usedforsecurity=False).hexdigest()


def tree_oid(files: Mapping[str, bytes]) -> str:
    """A stable tree id: the same files give the same id (not git's own tree hashing)."""
    listing = "".join(f"{path}\0{blob_oid(files[path])}\n" for path in sorted(files))
    return hashlib.sha1(f"tree\0{listing}".encode(), usedforsecurity=False).hexdigest()


def is_sha(text: str) -> bool:
    return re.fullmatch(r"[0-9a-f]{40}", text) is not None
