"""Checklist 3.2: a second factor is required, asked at every login or every 30 days (attested)."""

from __future__ import annotations

from ctm_hipaa.attestations import MfaPolicy
from ctm_hipaa.checks.base import ACCOUNT, CheckContext, CheckMetadata, EvidenceKind, Results
from ctm_hipaa.checks.names import account_name
from ctm_hipaa.findings import CheckResult, Severity

METADATA = CheckMetadata(
    check_id="security_mfa_required",
    title="Multi-factor authentication is required",
    severity=Severity.HIGH,
    checklist_item="3.2",
    risk="A stolen password alone opens every recording and call record of the account.",
    remediation=(
        "Require Multi-Factor Authentication, prompting at every login or every 30 days, and turn "
        "off Allow Email Multi-Factor (Settings -> Parent Settings -> Security)."
    ),
    evidence=(EvidenceKind.ATTESTATION,),
)

MAX_INTERVAL_DAYS = 30
EMAIL_MFA = f"{ACCOUNT}:email_mfa"


def interval_ok(interval: str) -> bool:
    """True for `every_login` or a prompt at least every 30 days (`N_days`, N <= 30)."""
    if interval == "every_login":
        return True
    days, _, unit = interval.partition("_")
    return unit == "days" and days.isdigit() and 0 < int(days) <= MAX_INTERVAL_DAYS


def evaluate(ctx: CheckContext) -> list[CheckResult]:
    """The MFA policy on `account`; whether weak email MFA is allowed on `account:email_mfa` (low)."""
    r = Results(METADATA, ctx)
    mfa = ctx.attestations.mfa
    if (policy := mfa.evidence()) is None:
        return [r.unproven(mfa, "The multi-factor authentication policy")]
    when = r.attested_on(mfa)
    return [_policy(r, policy, when), _email(r, policy, when)]


def _policy(r: Results, policy: MfaPolicy, when: str) -> CheckResult:
    mfa = r.ctx.attestations.mfa
    if policy.required is None:
        return r.manual(
            f"Whether multi-factor authentication is required is not attested {when}.",
            attest=[r.attest_path(mfa, "required")],
        )
    if not policy.required:
        return r.failed(f"Multi-factor authentication is not required {when}.")
    if policy.interval is None:
        return r.manual(
            f"Multi-factor authentication is required but how often it is asked is not attested {when}.",
            attest=[r.attest_path(mfa, "interval")],
        )
    if interval_ok(policy.interval):
        return r.passed(f"Multi-factor authentication is required, asked {policy.interval} {when}.")
    return r.failed(
        "Multi-factor authentication is asked less often than every login or "
        f"every 30 days ({policy.interval}) {when}."
    )


def _email(r: Results, policy: MfaPolicy, when: str) -> CheckResult:
    name = f"{account_name(r.ctx.snapshot)}: email multi-factor"
    if policy.email_allowed is None:
        return r.manual(
            f"Whether email multi-factor is allowed is not attested {when}.",
            resource=EMAIL_MFA,
            name=name,
            severity=Severity.LOW,
            attest=[r.attest_path(r.ctx.attestations.mfa, "email_allowed")],
        )
    if policy.email_allowed:
        return r.failed(
            f"Email multi-factor, which CTM flags as weaker, is allowed {when}.",
            resource=EMAIL_MFA,
            name=name,
            severity=Severity.LOW,
        )
    return r.passed(
        f"Email multi-factor is not allowed {when}.", resource=EMAIL_MFA, name=name, severity=Severity.LOW
    )
