"""Beyond the checklist: CTM support cannot reach recordings and transcripts indefinitely (attested)."""

from __future__ import annotations

from ctm_hipaa.attestations import SupportAccess, support_window_hours
from ctm_hipaa.checks.base import CheckContext, CheckMetadata, EvidenceKind, Results
from ctm_hipaa.findings import CheckResult, Severity

METADATA = CheckMetadata(
    check_id="support_access_restricted",
    title="CTM support access is off or time-limited",
    severity=Severity.MEDIUM,
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
    r = Results(METADATA, ctx)
    attested = ctx.attestations.support_access
    if (access := attested.evidence()) is None:
        return [r.unproven(attested, "CTM support access")]
    when = r.attested_on(attested)
    if access == SupportAccess.OFF:
        return [r.passed(f"CTM support access is off {when}.")]
    if access == SupportAccess.INDEFINITE:
        return [r.failed(f"CTM support access is granted indefinitely {when}.")]
    hours = support_window_hours(access)
    if hours is None:
        # Never echoed: text that is not a window is not known to be free of PHI.
        return [r.failed(f"CTM support access is attested as a value that is not a window {when}.")]
    if hours > MAX_WINDOW_DAYS * 24:
        return [
            r.failed(
                f"CTM support access is granted for {access}, longer than the {MAX_WINDOW_DAYS}-day "
                f"maximum {when}."
            )
        ]
    return [r.passed(f"CTM support access is limited to a window of {access} {when}.")]
