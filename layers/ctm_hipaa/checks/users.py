"""Which CTM users count: a disabled login can neither be shared nor play a recording."""

from __future__ import annotations

from collections.abc import Iterable

from ctm_hipaa.ctm import User

# CTM documents no status strings; these are the spellings that plainly mean "cannot log in".
_INACTIVE = frozenset({"inactive", "disabled", "deleted", "suspended", "deactivated", "archived"})


def active_users(users: Iterable[User]) -> list[User]:
    """The users that can log in (an unknown or missing status counts as active)."""
    return [u for u in users if (u.status or "").strip().lower() not in _INACTIVE]
