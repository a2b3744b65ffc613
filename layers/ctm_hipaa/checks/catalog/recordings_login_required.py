"""Checklist 3.3: playing a call recording requires a user login (attested + per-user API setting)."""

from __future__ import annotations

from ctm_hipaa.checks.base import CheckContext, CheckMetadata, EvidenceKind, Results
from ctm_hipaa.checks.names import user_name
from ctm_hipaa.checks.users import active_users
from ctm_hipaa.findings import CheckResult, Severity

METADATA = CheckMetadata(
    check_id="recordings_login_required",
    title="Call recordings require a user login",
    severity=Severity.HIGH,
    checklist_item="3.3",
    risk="A recording URL that plays without a login hands the caller's voice and health details to "
    "anyone the link reaches (notifications, exports, forwarded emails).",
    remediation=(
        "Turn on Password-Protected Recordings, 'Require a user login to access call recordings' "
        "(Settings -> Parent Settings -> Security), and password-protect each user's recording "
        "access (Settings -> Users -> user -> Recording Access)."
    ),
    evidence=(EvidenceKind.ATTESTATION, EvidenceKind.API),
)


def evaluate(ctx: CheckContext) -> list[CheckResult]:
    """The attested agency setting on `account`, and one result per active user's recording access."""
    r = Results(METADATA, ctx)
    attested = ctx.attestations.recordings_login_required
    if (login := attested.evidence()) is None:
        results = [r.unproven(attested, "Whether recordings require a login")]
    elif login:
        results = [r.passed(f"Recordings require a user login {r.attested_on(attested)}.")]
    else:
        results = [r.failed(f"Recordings play without a user login {r.attested_on(attested)}.")]

    if (error := r.part_error("users")) is not None:
        return [*results, error]
    for user in active_users(ctx.snapshot.users.items or []):
        name = user_name(user)
        settings = user.recording_access_settings
        protected = settings.password_protected if settings is not None else None
        if protected is None:
            results.append(
                r.manual(
                    f"CTM did not report whether recordings of user {user.id} are password-protected.",
                    resource=user.id,
                    name=name,
                )
            )
        elif protected:
            results.append(
                r.passed(f"Recordings of user {user.id} are password-protected.", resource=user.id, name=name)
            )
        else:
            results.append(
                r.failed(
                    f"Recordings of user {user.id} are not password-protected.", resource=user.id, name=name
                )
            )
    return results + r.rejected("users")
