"""Checklist 7: a Business Associate Agreement with CTM is signed (attested)."""

from __future__ import annotations

from datetime import date

from ctm_hipaa.checks.base import CheckContext, CheckMetadata, EvidenceKind, Results
from ctm_hipaa.findings import CheckResult, Severity

METADATA = CheckMetadata(
    check_id="baa_in_place",
    title="A BAA with CTM is in place",
    severity=Severity.CRITICAL,
    checklist_item="7",
    risk="Without a BAA every call CTM records or stores for the practice is an impermissible disclosure.",
    remediation=(
        "Request and sign CTM's Business Associate Agreement (CTM compliance team; keep the signed "
        "copy), then record the signing date as baa_signed_on."
    ),
    evidence=(EvidenceKind.ATTESTATION,),
)


def evaluate(ctx: CheckContext) -> list[CheckResult]:
    """PASS for a signing date up to today, FAIL for `false` or a future date, MANUAL otherwise."""
    r = Results(METADATA, ctx)
    baa = ctx.attestations.baa_signed_on
    if (signed := baa.evidence()) is None:
        return [r.unproven(baa, "A BAA with CTM")]
    when = r.attested_on(baa)
    if not isinstance(signed, date):
        return [r.failed(f"No BAA with CTM is signed {when}.")]
    if signed > ctx.now.date():
        return [r.failed(f"The BAA with CTM is dated {signed.isoformat()}, after the audit date {when}.")]
    return [r.passed(f"A BAA with CTM was signed on {signed.isoformat()} {when}.")]
