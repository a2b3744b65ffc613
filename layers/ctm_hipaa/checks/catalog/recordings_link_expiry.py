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
    remediation=(
        "Set Time-Limited Recordings to a number of days above 0 (Settings -> Parent Settings -> Security)."
    ),
    evidence=(EvidenceKind.ATTESTATION,),
)


def evaluate(ctx: CheckContext) -> list[CheckResult]:
    """PASS for an expiry of 1 day or more, FAIL for 0 (off), MANUAL without valid evidence."""
    expiry = ctx.attestations.recording_link_expiry_days
    if not expiry.valid or expiry.value is None:
        return [unproven(METADATA, ctx, expiry, "Recording link expiry")]
    if expiry.value > 0:
        return [
            result(
                METADATA,
                ctx,
                "account",
                ResultStatus.PASS,
                f"Recording links expire after {expiry.value} days {attested_on(expiry)}.",
            )
        ]
    return [
        result(
            METADATA,
            ctx,
            "account",
            ResultStatus.FAIL,
            f"Recording links never expire (Time-Limited Recordings is 0) {attested_on(expiry)}.",
        )
    ]
