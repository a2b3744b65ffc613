"""Builders for check tests: snapshots, attestations and contexts with sane, passing defaults."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ctm_hipaa.attestations import EffectiveAttestations, effective_for, parse_attestations
from ctm_hipaa.checks import CheckContext, WebhookObservation, get_check
from ctm_hipaa.ctm.models import SNAPSHOT_PARTS, AccountSnapshot
from ctm_hipaa.findings.model import CheckResult

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
ACCOUNT = "1001"


def failed(kind: str = "forbidden", status: int | None = 403, part: str = "users") -> dict[str, Any]:
    """A part that could not be read."""
    return {
        "error": {
            "kind": kind,
            "path": f"/api/v1/accounts/{ACCOUNT}/{part}",
            "status": status,
            "message": f"CTM answered {status}",
        }
    }


def unreadable_lists() -> dict[str, dict[str, Any]]:
    """`snapshot` parts where every list (all but the account itself) could not be read."""
    return {name: failed(part=name) for name in SNAPSHOT_PARTS if name != "account"}


def snapshot(account_id: str = ACCOUNT, **parts: Any) -> AccountSnapshot:
    """An account snapshot; each part is a list of CTM objects (dicts) or a `failed(...)` dict."""
    data: dict[str, Any] = {"account_id": account_id, "collected_at": NOW}
    for name in SNAPSHOT_PARTS:
        value = parts.get(name, [{"id": account_id, "name": "Acct"}] if name == "account" else [])
        data[name] = value if isinstance(value, dict) else {"items": value}
    return AccountSnapshot.model_validate(data)


GOOD_AGENCY: dict[str, Any] = {
    "idle_logout_minutes": 15,
    "mfa": {"required": True, "interval": "every_login", "email_allowed": False},
    "recordings_login_required": True,
    "recording_link_expiry_days": 7,
    "baa_vendor_hosts": ["hooks.vendor-under-baa.com"],
    "attested_by": "compliance officer",
    "attested_on": "2025-05-20",
}

GOOD_ACCOUNT: dict[str, Any] = {
    "plan": "Enterprise",
    "baa_signed_on": "2024-01-15",
    "encrypted_recordings": True,
    "encrypted_recording_storage": True,
    "notification_fields": ["tracking_number", "source", "duration"],
    "export_fields": ["tracking_number", "source", "called_at"],
    "support_access": "off",
    "attested_by": "practice manager",
    "attested_on": "2025-05-25",
}


def attest(
    agency: dict[str, Any] | None = None,
    account: dict[str, Any] | None = None,
    *,
    account_id: str = ACCOUNT,
    now: datetime = NOW,
) -> EffectiveAttestations:
    """Effective attestations from good defaults updated with `agency`/`account` (None values drop keys)."""
    agency_block = {k: v for k, v in {**GOOD_AGENCY, **(agency or {})}.items() if v is not None}
    account_block = {k: v for k, v in {**GOOD_ACCOUNT, **(account or {})}.items() if v is not None}
    file = parse_attestations({"agency": agency_block, "accounts": {account_id: account_block}})
    return effective_for(file, account_id, now=now)


def observation(
    channel: str = "webhook:end", categories: tuple[str, ...] = (), deliveries: int = 3
) -> WebhookObservation:
    """What the webhook inspector saw on one channel."""
    return WebhookObservation(
        channel=channel, categories=frozenset(categories), deliveries=deliveries, last_seen=NOW
    )


def context(
    snap: AccountSnapshot | None = None,
    attestations: EffectiveAttestations | None = None,
    observations: list[WebhookObservation] | None = None,
    now: datetime = NOW,
) -> CheckContext:
    """A check context; defaults to an empty snapshot with good attestations and no observations."""
    snap = snap or snapshot()
    return CheckContext(
        snapshot=snap,
        attestations=attestations if attestations is not None else attest(account_id=snap.account_id),
        webhook_observations=observations or [],
        now=now,
    )


def run(check_id: str, ctx: CheckContext) -> list[CheckResult]:
    """Evaluate one check directly (not through run_checks, so a bug in it raises in the test)."""
    return get_check(check_id).evaluate(ctx)


def by_resource(results: list[CheckResult]) -> dict[str, CheckResult]:
    """Results keyed by resource id (asserting there is one result per resource)."""
    keyed = {r.resource_id: r for r in results}
    assert len(keyed) == len(results), "two results for one resource"
    return keyed


def statuses(results: list[CheckResult]) -> dict[str, str]:
    """resource id -> status value."""
    return {r.resource_id: r.status.value for r in by_resource(results).values()}
