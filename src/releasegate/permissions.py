"""Repository roles in rank order (SPEC §2: read < triage < write < maintain < admin)."""

from __future__ import annotations

from enum import IntEnum


class Permission(IntEnum):
    """Repository roles in rank order (the collaborator permission API's ``role_name``)."""

    NONE = 0
    READ = 1
    TRIAGE = 2
    WRITE = 3
    MAINTAIN = 4
    ADMIN = 5

    @classmethod
    def from_role_name(cls, role: str | None) -> Permission:
        # Custom repository roles inherit from a base role; GitHub reports their own name,
        # which we cannot rank, so they count as no permission (fail closed).
        return cls.__members__.get((role or "none").upper(), cls.NONE)
