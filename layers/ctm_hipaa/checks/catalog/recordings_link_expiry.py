"""Beyond the checklist: recording links expire (Time-Limited Recordings, UI-only: attested)."""

from __future__ import annotations

from ctm_hipaa.checks.base import CheckContext, CheckMetadata, EvidenceKind, Results
from ctm_hipaa.findings import CheckResult, Severity

METADATA = CheckMetadata(
    check_id="recordings_link_expiry",
    title="Recording links expire",
    severity=Severity.MEDIUM,
    checklist_item="beyond",
    risk="Recording URLs in emails and exports that never expire keep working wherever they are forwarded.",
    remediation=("Set Time-Limited Recordings to 1 to 30 days (Settings -> Parent Settings -> Security)."),
    evidence=(EvidenceKind.ATTESTATION,),
)


# Links that stay valid longer than a month are, for whoever holds a forwarded email, links
# that never expire.
MAX_EXPIRY_DAYS = 30


def evaluate(ctx: CheckContext) -> list[CheckResult]:
    """PASS for an expiry of 1 to 30 days, FAIL for 0 (off) or longer, MANUAL without valid evidence."""
    r = Results(METADATA, ctx)
    attested = ctx.attestations.recording_link_expiry_days
    if (days := attested.evidence()) is None:
        return [r.unproven(attested, "Recording link expiry")]
    when = r.attested_on(attested)
    if days == 0:
        return [r.failed(f"Recording links never expire (Time-Limited Recordings is 0) {when}.")]
    if days > MAX_EXPIRY_DAYS:
        return [
            r.failed(
                f"Recording links stay valid for {days} days, longer than the {MAX_EXPIRY_DAYS}-day "
                f"maximum {when}."
            )
        ]
    return [r.passed(f"Recording links expire after {days} days {when}.")]
