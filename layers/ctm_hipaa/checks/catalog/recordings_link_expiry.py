"""Beyond the checklist: recording links expire (Time-Limited Recordings, UI-only: attested)."""

from __future__ import annotations

from ctm_hipaa.checks.base import CheckContext, CheckMetadata, EvidenceKind, attested_on, result, unproven
from ctm_hipaa.findings.model import CheckResult, ResultStatus, Severity

METADATA = CheckMetadata(
    check_id="recordings_link_expiry",
    title="Recording links expire",
    severity=Severity.MEDIUM,
    hipaa=("164.312(a)(1)", "164.312(e)(1)"),
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
    expiry = ctx.attestations.recording_link_expiry_days
    if not expiry.valid or expiry.value is None:
        return [unproven(METADATA, ctx, expiry, "Recording link expiry")]
    days = expiry.value
    if days == 0:
        status = ResultStatus.FAIL
        detail = f"Recording links never expire (Time-Limited Recordings is 0) {attested_on(expiry)}."
    elif days > MAX_EXPIRY_DAYS:
        status = ResultStatus.FAIL
        detail = (
            f"Recording links stay valid for {days} days, longer than the {MAX_EXPIRY_DAYS}-day "
            f"maximum {attested_on(expiry)}."
        )
    else:
        status = ResultStatus.PASS
        detail = f"Recording links expire after {days} days {attested_on(expiry)}."
    return [result(METADATA, ctx, "account", status, detail)]
