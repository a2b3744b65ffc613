"""Checklist 3.1: users are logged out after at most 15 idle minutes (UI-only: attested)."""

from __future__ import annotations

from ctm_hipaa.checks.base import CheckContext, CheckMetadata, EvidenceKind, Results
from ctm_hipaa.findings import CheckResult, Severity

METADATA = CheckMetadata(
    check_id="security_idle_logout",
    title="Idle sessions log out within 15 minutes",
    severity=Severity.HIGH,
    checklist_item="3.1",
    risk="An unattended browser left logged in exposes call recordings and caller details.",
    remediation="Set Automatic Logout to 15 minutes or less (Settings -> Parent Settings -> Security).",
    evidence=(EvidenceKind.ATTESTATION,),
)

MAX_IDLE_MINUTES = 15


def evaluate(ctx: CheckContext) -> list[CheckResult]:
    """PASS for 1..15 minutes, FAIL when off (0) or longer, MANUAL without valid evidence."""
    r = Results(METADATA, ctx)
    attested = ctx.attestations.idle_logout_minutes
    if (minutes := attested.evidence()) is None:
        return [r.unproven(attested, "The automatic logout setting")]
    when = r.attested_on(attested)
    if minutes == 0:
        return [r.failed(f"Automatic logout is off {when}.")]
    if minutes > MAX_IDLE_MINUTES:
        return [
            r.failed(f"Automatic logout is set to {minutes} minutes, more than {MAX_IDLE_MINUTES} {when}.")
        ]
    return [r.passed(f"Automatic logout is set to {minutes} minutes {when}.")]
