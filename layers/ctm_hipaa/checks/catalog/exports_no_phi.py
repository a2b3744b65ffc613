"""Checklist 5: call-log exports carry no PHI fields (UI-only: attested)."""

from __future__ import annotations

from ctm_hipaa.checks.base import CheckContext, CheckMetadata, EvidenceKind, Results
from ctm_hipaa.checks.fields import judge_fields, listing
from ctm_hipaa.findings import CheckResult, Severity

METADATA = CheckMetadata(
    check_id="exports_no_phi",
    title="Call-log exports carry no PHI",
    severity=Severity.HIGH,
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
    r = Results(METADATA, ctx)
    attested = ctx.attestations.export_fields
    if (fields := attested.evidence()) is None:
        return [r.unproven(attested, "What call-log exports contain")]
    judged = judge_fields(fields, ctx.attestations.recordings_login_required)
    when = r.attested_on(attested)
    if judged.phi:
        return [r.failed(f"Call-log exports carry {listing(judged.phi)} {when}.")]
    if judged.recording_undetermined:
        return [
            r.manual(
                "Call-log exports carry the recording, and whether a login is required to play it "
                f"has no valid evidence {when}.",
                attest=[r.attest_path(ctx.attestations.recordings_login_required)],
            )
        ]
    return [r.passed(f"Call-log exports carry no PHI fields {when}.")]
