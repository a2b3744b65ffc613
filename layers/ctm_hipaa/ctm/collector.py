"""Collect one account's snapshot: "collect once, evaluate many".

Each part of the snapshot (account, users, webhooks, triggers, call settings, a sample of recent
calls) is read exactly once, and every check evaluates the same snapshot. A part that cannot be
read is recorded as a PHI-free `PartError`; it never stops the other parts and is never turned into
an empty success, because an empty user list would PASS checks that were never evaluated. Only CTM
errors are caught: anything else is a bug and must surface.

Requests: one per part (`SNAPSHOT_PARTS`) when no list spans more than one page, plus retries.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

from pydantic import BaseModel

from ctm_hipaa.ctm.client import DEFAULT_CALL_EXCLUDE_FIELDS, DEFAULT_CALLS_SAMPLE, CTMClient
from ctm_hipaa.ctm.errors import CTMError
from ctm_hipaa.ctm.models import (
    Account,
    AccountSnapshot,
    Call,
    CallSetting,
    ItemProblem,
    Part,
    Trigger,
    User,
    Webhook,
)

__all__ = ["collect_account"]

T = TypeVar("T", bound=BaseModel)


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _read(part_type: type[Part[T]], fetch: Callable[[list[ItemProblem]], list[T]]) -> Part[T]:
    # `fetch` appends the items that fit no shape to the list it is given: they are reported one
    # by one, and never void the items that do fit.
    rejected: list[ItemProblem] = []
    try:
        return part_type(items=fetch(rejected), rejected=rejected)
    except CTMError as exc:
        return part_type(error=exc.to_part_error())


def collect_account(
    client: CTMClient,
    account_id: str | int,
    *,
    calls_limit: int = DEFAULT_CALLS_SAMPLE,
    clock: Callable[[], datetime] = _utcnow,
) -> AccountSnapshot:
    """Read every part of one account once and return the snapshot; failed parts carry their error.

    `calls_limit` bounds the recent-calls sample (one page, at most 150). `snapshot.complete` is
    True only when every part was read; `requests_made` counts this account's HTTP attempts.
    """
    account_key = str(account_id)
    collected_at = clock()
    with client.counting() as counter:
        account = _read(Part[Account], lambda _: [client.account(account_key)])
        users = _read(Part[User], lambda rejected: client.users(account_key, rejected=rejected))
        webhooks = _read(Part[Webhook], lambda rejected: client.webhooks(account_key, rejected=rejected))
        triggers = _read(Part[Trigger], lambda rejected: client.triggers(account_key, rejected=rejected))
        call_settings = _read(
            Part[CallSetting], lambda rejected: client.call_settings(account_key, rejected=rejected)
        )
        calls = _read(
            Part[Call],
            lambda rejected: client.recent_calls(
                account_key, limit=calls_limit, exclude_fields=DEFAULT_CALL_EXCLUDE_FIELDS, rejected=rejected
            ),
        )
    return AccountSnapshot(
        account_id=account_key,
        collected_at=collected_at,
        account=account,
        users=users,
        webhooks=webhooks,
        triggers=triggers,
        call_settings=call_settings,
        calls=calls,
        requests_made=counter.requests,
    )
