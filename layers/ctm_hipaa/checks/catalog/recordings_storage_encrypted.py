"""Checklist 6.2: encrypted call-recording storage is on (UI-only: attested)."""

from __future__ import annotations

from ctm_hipaa.checks.base import CheckContext, CheckMetadata, EvidenceKind, Results
from ctm_hipaa.findings import CheckResult, Severity

METADATA = CheckMetadata(
    check_id="recordings_storage_encrypted",
    title="Call-recording storage is encrypted",
    severity=Severity.HIGH,
    checklist_item="6.2",
    risk="Recordings kept for the life of the account sit in storage unencrypted.",
    remediation=(
        "Turn on Encrypted Call Recording Storage (ask CTM to enable the option on the account; "
        "Settings -> Account Settings), then record it in the attestations."
    ),
    evidence=(EvidenceKind.ATTESTATION,),
)


def evaluate(ctx: CheckContext) -> list[CheckResult]:
    """PASS/FAIL on the attested `encrypted_recording_storage`, MANUAL without valid evidence."""
    r = Results(METADATA, ctx)
    attested = ctx.attestations.encrypted_recording_storage
    if (encrypted := attested.evidence()) is None:
        return [r.unproven(attested, "Encrypted recording storage")]
    if encrypted:
        return [r.passed(f"Encrypted call-recording storage is on {r.attested_on(attested)}.")]
    return [r.failed(f"Encrypted call-recording storage is off {r.attested_on(attested)}.")]
