"""Beyond the checklist: CTM support cannot reach recordings and transcripts indefinitely (attested)."""

from __future__ import annotations

from ctm_hipaa.checks.base import CheckContext, CheckMetadata, EvidenceKind, attested_on, result, unproven
from ctm_hipaa.findings.model import CheckResult, ResultStatus, Severity

METADATA = CheckMetadata(
    check_id="support_access_restricted",
    title="CTM support access is off or time-limited",
    severity=Severity.MEDIUM,
    hipaa=("164.308(a)(4)(ii)(B)", "164.308(a)(3)(ii)(A)"),
    checklist_item="beyond",
    risk="Support Access lets CTM staff reach recordings, transcripts, texts and form submissions; "
    "left on indefinitely it is standing access nobody reviews.",
    remediation="Turn Support Access off, or grant it for a bounded window only (Settings -> Account "
    "Settings -> Support Access).",
    evidence=(EvidenceKind.ATTESTATION,),
)


def evaluate(ctx: CheckContext) -> list[CheckResult]:
    """PASS for `off` or a bounded window, FAIL for `indefinite`, MANUAL without valid evidence."""
    access = ctx.attestations.support_access
    if not access.valid or access.value is None:
        return [unproven(METADATA, ctx, access, "CTM support access")]
    when = attested_on(access)
    if access.value == "off":
        return [result(METADATA, ctx, "account", ResultStatus.PASS, f"CTM support access is off {when}.")]
    if access.value == "indefinite":
        return [
            result(
                METADATA,
                ctx,
                "account",
                ResultStatus.FAIL,
                f"CTM support access is granted indefinitely {when}.",
            )
        ]
    return [
        result(
            METADATA,
            ctx,
            "account",
            ResultStatus.PASS,
            f"CTM support access is limited to a window of {access.value} {when}.",
        )
    ]
