"""Checklist 7: a Business Associate Agreement with CTM is signed (attested)."""

from __future__ import annotations

from datetime import date

from ctm_hipaa.checks.base import CheckContext, CheckMetadata, EvidenceKind, attested_on, result, unproven
from ctm_hipaa.findings.model import CheckResult, ResultStatus, Severity

METADATA = CheckMetadata(
    check_id="baa_in_place",
    title="A BAA with CTM is in place",
    severity=Severity.CRITICAL,
    hipaa=("164.308(b)(1)", "164.314(a)(1)", "164.502(e)(1)"),
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
    baa = ctx.attestations.baa_signed_on
    if not baa.valid or baa.value is None:
        return [unproven(METADATA, ctx, baa, "A BAA with CTM")]
    when = attested_on(baa)
    signed = baa.value
    if not isinstance(signed, date):
        return [result(METADATA, ctx, "account", ResultStatus.FAIL, f"No BAA with CTM is signed {when}.")]
    if signed > ctx.now.date():
        return [
            result(
                METADATA,
                ctx,
                "account",
                ResultStatus.FAIL,
                f"The BAA with CTM is dated {signed.isoformat()}, after the audit date {when}.",
            )
        ]
    return [
        result(
            METADATA,
            ctx,
            "account",
            ResultStatus.PASS,
            f"A BAA with CTM was signed on {signed.isoformat()} {when}.",
        )
    ]
