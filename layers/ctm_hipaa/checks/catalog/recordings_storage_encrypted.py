"""Checklist 6.2: encrypted call-recording storage is on (UI-only: attested)."""

from __future__ import annotations

from ctm_hipaa.checks.base import CheckContext, CheckMetadata, EvidenceKind, attested_on, result, unproven
from ctm_hipaa.findings.model import CheckResult, ResultStatus, Severity

METADATA = CheckMetadata(
    check_id="recordings_storage_encrypted",
    title="Call-recording storage is encrypted",
    severity=Severity.HIGH,
    hipaa=("164.312(a)(2)(iv)", "164.310(d)(1)"),
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
    storage = ctx.attestations.encrypted_recording_storage
    if not storage.valid or storage.value is None:
        return [unproven(METADATA, ctx, storage, "Encrypted recording storage")]
    if storage.value:
        return [
            result(
                METADATA,
                ctx,
                "account",
                ResultStatus.PASS,
                f"Encrypted call-recording storage is on {attested_on(storage)}.",
            )
        ]
    return [
        result(
            METADATA,
            ctx,
            "account",
            ResultStatus.FAIL,
            f"Encrypted call-recording storage is off {attested_on(storage)}.",
        )
    ]
