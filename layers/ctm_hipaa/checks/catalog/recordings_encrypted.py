"""Checklist 6.1: encrypted call recordings are on wherever a call setting records (attested)."""

from __future__ import annotations

from ctm_hipaa.checks.base import CheckContext, CheckMetadata, EvidenceKind, Results
from ctm_hipaa.findings import CheckResult, Severity

METADATA = CheckMetadata(
    check_id="recordings_encrypted",
    title="Call recordings are encrypted",
    severity=Severity.HIGH,
    checklist_item="6.1",
    risk="Unencrypted recordings hold callers' voices and health details in the clear.",
    remediation=(
        "Turn on Encrypted Call Recordings (ask CTM to enable the option on the account; "
        "Settings -> Account Settings), then record it in the attestations."
    ),
    evidence=(EvidenceKind.ATTESTATION, EvidenceKind.API),
)


def evaluate(ctx: CheckContext) -> list[CheckResult]:
    """NOT_APPLICABLE when no call setting records; otherwise the attested `encrypted_recordings`."""
    r = Results(METADATA, ctx)
    if (error := r.part_error("call_settings")) is not None:
        return [error]
    settings = ctx.snapshot.call_settings.items or []
    rejected = r.rejected("call_settings")
    # An unknown recording flag may mean recording: only an explicit "off" rules it out.
    recording = [
        s for s in settings if s.inbound_recordings_on is not False or s.outbound_recording_on is not False
    ]
    if not recording:
        # A call setting left unread may record: only the ERRORs are then true.
        return rejected or [
            r.not_applicable("No call setting records calls, so there are no recordings to encrypt.")
        ]
    attested = ctx.attestations.encrypted_recordings
    if (encrypted := attested.evidence()) is None:
        verdict = r.unproven(attested, f"Recording encryption ({len(recording)} call settings record)")
    elif encrypted:
        verdict = r.passed(f"Encrypted call recordings are on {r.attested_on(attested)}.")
    else:
        verdict = r.failed(
            f"{len(recording)} call settings record calls but encrypted call recordings are off "
            f"{r.attested_on(attested)}."
        )
    return [verdict, *rejected]
