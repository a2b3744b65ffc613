"""Checklist 5: call-log exports carry no PHI fields (UI-only: attested)."""

from __future__ import annotations

from ctm_hipaa.checks.base import CheckContext, CheckMetadata, EvidenceKind, attested_on, result, unproven
from ctm_hipaa.checks.fields import judge_fields, listing
from ctm_hipaa.findings.model import CheckResult, ResultStatus, Severity

METADATA = CheckMetadata(
    check_id="exports_no_phi",
    title="Call-log exports carry no PHI",
    severity=Severity.HIGH,
    hipaa=("164.502(b)", "164.308(a)(4)(i)"),
    checklist_item="5",
    risk="Exported and scheduled call reports leave CTM as files and emails outside any BAA.",
    remediation=(
        "Remove recordings (unless a login is required), transcriptions, name, phone number, email, "
        "call notes, tags and custom fields from exports and scheduled reports (Reports -> Call Log "
        "-> Export / Scheduled Reports -> columns)."
    ),
    evidence=(EvidenceKind.ATTESTATION,),
)


def evaluate(ctx: CheckContext) -> list[CheckResult]:
    """FAIL when the attested export fields include PHI, MANUAL without valid evidence."""
    fields = ctx.attestations.export_fields
    if not fields.valid or fields.value is None:
        return [unproven(METADATA, ctx, fields, "What call-log exports contain")]
    judged = judge_fields(fields.value, ctx.attestations.recordings_login_required)
    when = attested_on(fields)
    if judged.phi:
        return [
            result(
                METADATA,
                ctx,
                "account",
                ResultStatus.FAIL,
                f"Call-log exports carry {listing(judged.phi)} {when}.",
            )
        ]
    if judged.recording_undetermined:
        return [
            result(
                METADATA,
                ctx,
                "account",
                ResultStatus.MANUAL,
                "Call-log exports carry the recording, and whether a login is required to play it "
                f"has no valid evidence {when}.",
            )
        ]
    return [
        result(METADATA, ctx, "account", ResultStatus.PASS, f"Call-log exports carry no PHI fields {when}.")
    ]
