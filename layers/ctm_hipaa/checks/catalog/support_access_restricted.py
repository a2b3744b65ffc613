"""Beyond the checklist: CTM support cannot reach recordings and transcripts indefinitely (attested)."""

from __future__ import annotations

from ctm_hipaa.attestations import support_window_hours
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
    remediation="Turn Support Access off, or grant it for a window of at most 30 days (Settings -> "
    "Account Settings -> Support Access).",
    evidence=(EvidenceKind.ATTESTATION,),
)


# A window longer than a month is standing access in all but name.
MAX_WINDOW_DAYS = 30


def evaluate(ctx: CheckContext) -> list[CheckResult]:
    """PASS for `off` or a window of at most 30 days; FAIL for `indefinite`, a longer window or a
    value that is not a window; MANUAL without valid evidence."""
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
    hours = support_window_hours(access.value)
    if hours is None:
        # Never echoed: text that is not a window is not known to be free of PHI.
        detail = f"CTM support access is attested as a value that is not a window {when}."
        return [result(METADATA, ctx, "account", ResultStatus.FAIL, detail)]
    if hours > MAX_WINDOW_DAYS * 24:
        return [
            result(
                METADATA,
                ctx,
                "account",
                ResultStatus.FAIL,
                f"CTM support access is granted for {access.value}, longer than the {MAX_WINDOW_DAYS}-day "
                f"maximum {when}.",
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
