"""Checklist 3.1: users are logged out after at most 15 idle minutes (UI-only: attested)."""

from __future__ import annotations

from ctm_hipaa.checks.base import CheckContext, CheckMetadata, EvidenceKind, attested_on, result, unproven
from ctm_hipaa.findings.model import CheckResult, ResultStatus, Severity

METADATA = CheckMetadata(
    check_id="security_idle_logout",
    title="Idle sessions log out within 15 minutes",
    severity=Severity.HIGH,
    hipaa=("164.312(a)(2)(iii)",),
    checklist_item="3.1",
    risk="An unattended browser left logged in exposes call recordings and caller details.",
    remediation="Set Automatic Logout to 15 minutes or less (Settings -> Parent Settings -> Security).",
    evidence=(EvidenceKind.ATTESTATION,),
)

MAX_IDLE_MINUTES = 15


def evaluate(ctx: CheckContext) -> list[CheckResult]:
    """PASS for 1..15 minutes, FAIL when off (0) or longer, MANUAL without valid evidence."""
    idle = ctx.attestations.idle_logout_minutes
    if not idle.valid or idle.value is None:
        return [unproven(METADATA, ctx, idle, "The automatic logout setting")]
    minutes = idle.value
    if minutes == 0:
        return [
            result(
                METADATA, ctx, "account", ResultStatus.FAIL, f"Automatic logout is off {attested_on(idle)}."
            )
        ]
    if minutes > MAX_IDLE_MINUTES:
        return [
            result(
                METADATA,
                ctx,
                "account",
                ResultStatus.FAIL,
                f"Automatic logout is set to {minutes} minutes, more than {MAX_IDLE_MINUTES} "
                f"{attested_on(idle)}.",
            )
        ]
    return [
        result(
            METADATA,
            ctx,
            "account",
            ResultStatus.PASS,
            f"Automatic logout is set to {minutes} minutes {attested_on(idle)}.",
        )
    ]
