"""Checklist 3.2: a second factor is required, asked at every login or every 30 days (attested)."""

from __future__ import annotations

from ctm_hipaa.checks.base import CheckContext, CheckMetadata, EvidenceKind, attested_on, result, unproven
from ctm_hipaa.findings.model import CheckResult, ResultStatus, Severity

METADATA = CheckMetadata(
    check_id="security_mfa_required",
    title="Multi-factor authentication is required",
    severity=Severity.HIGH,
    hipaa=("164.312(d)", "164.308(a)(5)(ii)(D)"),
    checklist_item="3.2",
    risk="A stolen password alone opens every recording and call record of the account.",
    remediation=(
        "Require Multi-Factor Authentication, prompting at every login or every 30 days, and turn "
        "off Allow Email Multi-Factor (Settings -> Parent Settings -> Security)."
    ),
    evidence=(EvidenceKind.ATTESTATION,),
)

MAX_INTERVAL_DAYS = 30
EMAIL_MFA = "account:email_mfa"


def interval_ok(interval: str) -> bool:
    """True for `every_login` or a prompt at least every 30 days (`N_days`, N <= 30)."""
    if interval == "every_login":
        return True
    days, _, unit = interval.partition("_")
    return unit == "days" and days.isdigit() and 0 < int(days) <= MAX_INTERVAL_DAYS


def evaluate(ctx: CheckContext) -> list[CheckResult]:
    """The MFA policy on `account`; whether weak email MFA is allowed on `account:email_mfa` (low)."""
    mfa = ctx.attestations.mfa
    policy = mfa.value
    if not mfa.valid or policy is None:
        return [unproven(METADATA, ctx, mfa, "The multi-factor authentication policy")]
    when = attested_on(mfa)
    results: list[CheckResult] = []
    if policy.required is None:
        results.append(
            result(
                METADATA,
                ctx,
                "account",
                ResultStatus.MANUAL,
                f"Whether multi-factor authentication is required is not attested {when}.",
            )
        )
    elif not policy.required:
        results.append(
            result(
                METADATA,
                ctx,
                "account",
                ResultStatus.FAIL,
                f"Multi-factor authentication is not required {when}.",
            )
        )
    elif policy.interval is None:
        results.append(
            result(
                METADATA,
                ctx,
                "account",
                ResultStatus.MANUAL,
                f"Multi-factor authentication is required but how often it is asked is not attested {when}.",
            )
        )
    elif interval_ok(policy.interval):
        results.append(
            result(
                METADATA,
                ctx,
                "account",
                ResultStatus.PASS,
                f"Multi-factor authentication is required, asked {policy.interval} {when}.",
            )
        )
    else:
        results.append(
            result(
                METADATA,
                ctx,
                "account",
                ResultStatus.FAIL,
                "Multi-factor authentication is asked less often than every login or "
                f"every 30 days ({policy.interval}) {when}.",
            )
        )

    if policy.email_allowed is None:
        results.append(
            result(
                METADATA,
                ctx,
                EMAIL_MFA,
                ResultStatus.MANUAL,
                f"Whether email multi-factor is allowed is not attested {when}.",
                severity=Severity.LOW,
            )
        )
    elif policy.email_allowed:
        results.append(
            result(
                METADATA,
                ctx,
                EMAIL_MFA,
                ResultStatus.FAIL,
                f"Email multi-factor, which CTM flags as weaker, is allowed {when}.",
                severity=Severity.LOW,
            )
        )
    else:
        results.append(
            result(
                METADATA,
                ctx,
                EMAIL_MFA,
                ResultStatus.PASS,
                f"Email multi-factor is not allowed {when}.",
                severity=Severity.LOW,
            )
        )
    return results
