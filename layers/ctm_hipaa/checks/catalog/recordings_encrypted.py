"""Checklist 6.1: encrypted call recordings are on wherever a call setting records (attested)."""

from __future__ import annotations

from ctm_hipaa.checks.base import (
    CheckContext,
    CheckMetadata,
    EvidenceKind,
    attested_on,
    part_error,
    result,
    unproven,
)
from ctm_hipaa.findings.model import CheckResult, ResultStatus, Severity

METADATA = CheckMetadata(
    check_id="recordings_encrypted",
    title="Call recordings are encrypted",
    severity=Severity.HIGH,
    hipaa=("164.312(a)(2)(iv)",),
    checklist_item="6.1",
    risk="Unencrypted recordings hold callers' voices and health details in the clear.",
    remediation=(
        "Turn on Encrypted Call Recordings (ask CTM to enable the option on the account; "
        "Settings -> Account Settings), then record it in the attestations."
    ),
    evidence=(EvidenceKind.ATTESTATION, EvidenceKind.API),
)


def evaluate(ctx: CheckContext) -> list[CheckResult]:
    """PASS when no call setting records; otherwise the attested `encrypted_recordings`."""
    error = part_error(METADATA, ctx, "call_settings")
    if error is not None:
        return [error]
    settings = ctx.snapshot.call_settings.items or []
    # An unknown recording flag may mean recording: only an explicit "off" rules it out.
    recording = [
        s for s in settings if s.inbound_recordings_on is not False or s.outbound_recording_on is not False
    ]
    if not recording:
        return [
            result(
                METADATA,
                ctx,
                "account",
                ResultStatus.PASS,
                "No call setting records calls, so there are no recordings to encrypt.",
            )
        ]
    encrypted = ctx.attestations.encrypted_recordings
    if not encrypted.valid or encrypted.value is None:
        return [
            unproven(
                METADATA, ctx, encrypted, f"Recording encryption ({len(recording)} call settings record)"
            )
        ]
    if encrypted.value:
        return [
            result(
                METADATA,
                ctx,
                "account",
                ResultStatus.PASS,
                f"Encrypted call recordings are on {attested_on(encrypted)}.",
            )
        ]
    return [
        result(
            METADATA,
            ctx,
            "account",
            ResultStatus.FAIL,
            f"{len(recording)} call settings record calls but encrypted call recordings are off "
            f"{attested_on(encrypted)}.",
        )
    ]
