"""Checklist 2: every person has their own login: no role mailboxes, no shared or duplicate logins."""

from __future__ import annotations

from collections import defaultdict

from ctm_hipaa.checks.base import CheckContext, CheckMetadata, EvidenceKind, Results
from ctm_hipaa.checks.fields import listing
from ctm_hipaa.checks.names import user_name
from ctm_hipaa.checks.users import active_users
from ctm_hipaa.ctm import User
from ctm_hipaa.findings import CheckResult, Severity
from ctm_hipaa.phi import is_role_mailbox

METADATA = CheckMetadata(
    check_id="users_individual_logins",
    title="Every person has an individual CTM login",
    severity=Severity.HIGH,
    checklist_item="2",
    risk="A shared login hides who played a recording or read a transcript: no unique user "
    "identification and no usable audit trail.",
    remediation=(
        "Give each person their own user with a personal email address (Settings -> Users), "
        "and remove logins on role mailboxes or used by several people."
    ),
    evidence=(EvidenceKind.API,),
)


def _address(email: str) -> str:
    return email.strip().lower()


def evaluate(ctx: CheckContext) -> list[CheckResult]:
    """One result per active user: FAIL for a role mailbox, a shared address or a duplicate person;
    MANUAL (low) for a user without an email, judged on its name alone. No active user is an ERROR:
    every account has its owner, so an empty list means CTM's answer is not the whole story."""
    r = Results(METADATA, ctx)
    if (error := r.part_error("users")) is not None:
        return [error]
    users = active_users(ctx.snapshot.users.items or [])
    rejected = r.rejected("users")
    if not users:
        return rejected or [
            r.error(
                "CTM returned no active users for this account, yet every account has its owner: "
                "the user list is incomplete, so no login could be judged."
            )
        ]

    by_email: dict[str, list[str]] = defaultdict(list)
    by_person: dict[tuple[str, str], list[str]] = defaultdict(list)
    for user in users:
        if user.email and user.email.strip():
            by_email[_address(user.email)].append(user.id)
        first, last = (user.first_name or "").strip().casefold(), (user.last_name or "").strip().casefold()
        if first and last:
            by_person[(first, last)].append(user.id)

    return [*(_judge(r, user, by_email, by_person) for user in users), *rejected]


def _judge(
    r: Results,
    user: User,
    by_email: dict[str, list[str]],
    by_person: dict[tuple[str, str], list[str]],
) -> CheckResult:
    reasons: list[str] = []
    if user.email and is_role_mailbox(user.email):
        reasons.append("signs in with a role or shared mailbox rather than a personal address")
    if user.email and user.email.strip():
        others = [uid for uid in by_email[_address(user.email)] if uid != user.id]
        if others:
            reasons.append(f"has the same email address as user {listing(others)}")
    first, last = (user.first_name or "").strip().casefold(), (user.last_name or "").strip().casefold()
    if first and last:
        others = [uid for uid in by_person[(first, last)] if uid != user.id]
        if others:
            reasons.append(
                f"has the same first and last name as user {listing(others)} (one person, several logins)"
            )
    if reasons:
        return r.failed(f"User {user.id} {'; '.join(reasons)}.", resource=user.id, name=user_name(user))
    if not (user.email and user.email.strip()):
        # Only the name was judged: whether the login is a role mailbox or shared is unknown.
        judged = (
            "only its name was judged (no other user has it)"
            if first and last
            else "it has no full name either"
        )
        return r.manual(
            f"User {user.id} has no email address in CTM's answer, so {judged}; confirm in Settings -> Users "
            "that it is one person's login.",
            resource=user.id,
            name=user_name(user),
            severity=Severity.LOW,
        )
    return r.passed(f"User {user.id} has an individual login.", resource=user.id, name=user_name(user))
