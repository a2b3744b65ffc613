"""Checklist 3.3: playing a call recording requires a user login (attested + per-user API setting)."""

from __future__ import annotations

from ctm_hipaa.checks.base import (
    CheckContext,
    CheckMetadata,
    EvidenceKind,
    attested_on,
    part_error,
    result,
    unproven,
)
from ctm_hipaa.checks.users import active_users
from ctm_hipaa.findings.model import CheckResult, ResultStatus, Severity

METADATA = CheckMetadata(
    check_id="recordings_login_required",
    title="Call recordings require a user login",
    severity=Severity.HIGH,
    hipaa=("164.312(a)(1)", "164.312(d)"),
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
    results: list[CheckResult] = []
    login = ctx.attestations.recordings_login_required
    if not login.valid or login.value is None:
        results.append(unproven(METADATA, ctx, login, "Whether recordings require a login"))
    elif login.value:
        results.append(
            result(
                METADATA,
                ctx,
                "account",
                ResultStatus.PASS,
                f"Recordings require a user login {attested_on(login)}.",
            )
        )
    else:
        results.append(
            result(
                METADATA,
                ctx,
                "account",
                ResultStatus.FAIL,
                f"Recordings play without a user login {attested_on(login)}.",
            )
        )

    error = part_error(METADATA, ctx, "users")
    if error is not None:
        results.append(error)
        return results
    for user in active_users(ctx.snapshot.users.items or []):
        settings = user.recording_access_settings
        protected = settings.password_protected if settings is not None else None
        if protected is None:
            results.append(
                result(
                    METADATA,
                    ctx,
                    user.id,
                    ResultStatus.MANUAL,
                    f"CTM did not report whether recordings of user {user.id} are password-protected.",
                )
            )
        elif protected:
            results.append(
                result(
                    METADATA,
                    ctx,
                    user.id,
                    ResultStatus.PASS,
                    f"Recordings of user {user.id} are password-protected.",
                )
            )
        else:
            results.append(
                result(
                    METADATA,
                    ctx,
                    user.id,
                    ResultStatus.FAIL,
                    f"Recordings of user {user.id} are not password-protected.",
                )
            )
    return results
