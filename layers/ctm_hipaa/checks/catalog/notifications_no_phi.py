"""Checklist 4: post-call notifications carry no PHI (trigger emails/SMS, user emails, attested
notification fields, and what the webhook inspector has seen in the same data)."""

from __future__ import annotations

from ctm_hipaa.checks.actions import ActionKind, action_kind
from ctm_hipaa.checks.base import (
    CheckContext,
    CheckMetadata,
    EvidenceKind,
    attested_on,
    part_error,
    result,
    unproven,
)
from ctm_hipaa.checks.fields import judge_fields, listing
from ctm_hipaa.checks.observations import observation_results
from ctm_hipaa.checks.users import active_users
from ctm_hipaa.ctm.models import Trigger, User
from ctm_hipaa.findings.model import CheckResult, ResultStatus, Severity

METADATA = CheckMetadata(
    check_id="notifications_no_phi",
    title="Post-call notifications carry no PHI",
    severity=Severity.HIGH,
    hipaa=("164.502(b)", "164.312(e)(1)"),
    checklist_item="4",
    risk="Email and SMS notifications leave CTM unencrypted and land in inboxes and phones outside "
    "any BAA; caller names, numbers, transcripts or recordings in them are a disclosure of PHI.",
    remediation=(
        "Remove recordings (unless a login is required), transcriptions, name, phone number, email, "
        "call notes, tags and custom fields from notifications: Flows -> Triggers -> trigger -> "
        "email/SMS action, and each user's Notification Settings (Settings -> Users -> user)."
    ),
    evidence=(EvidenceKind.API, EvidenceKind.ATTESTATION, EvidenceKind.WEBHOOK),
)

_NOTIFY_FLAGS = {
    "email_notify_on_missed_calls": "missed calls",
    "email_notify_on_message": "messages",
    "email_notify_on_missed_message": "missed messages",
}


def evaluate(ctx: CheckContext) -> list[CheckResult]:
    """`account` for attested notification fields, `trigger:<id>` per trigger sending email/SMS,
    `user:<id>` per user receiving email notifications, and one result per observed webhook channel."""
    results = [_attested(ctx)]
    error = part_error(METADATA, ctx, "triggers")
    if error is not None:
        results.append(error)
    else:
        results += [r for t in ctx.snapshot.triggers.items or [] if (r := _trigger(ctx, t)) is not None]
    error = part_error(METADATA, ctx, "users")
    if error is not None:
        results.append(error)
    else:
        results += [
            r for u in active_users(ctx.snapshot.users.items or []) if (r := _user(ctx, u)) is not None
        ]
    results += observation_results(METADATA, ctx, "post-call deliveries")
    return results


def _attested(ctx: CheckContext) -> CheckResult:
    fields = ctx.attestations.notification_fields
    if not fields.valid or fields.value is None:
        return unproven(METADATA, ctx, fields, "What post-call notifications contain")
    judged = judge_fields(fields.value, ctx.attestations.recordings_login_required)
    when = attested_on(fields)
    if judged.phi:
        return result(
            METADATA,
            ctx,
            "account",
            ResultStatus.FAIL,
            f"Post-call notifications carry {listing(judged.phi)} {when}.",
        )
    if judged.recording_undetermined:
        return result(
            METADATA,
            ctx,
            "account",
            ResultStatus.MANUAL,
            "Post-call notifications carry the recording, and whether a login is required to "
            f"play it has no valid evidence {when}.",
        )
    return result(
        METADATA, ctx, "account", ResultStatus.PASS, f"Post-call notifications carry no PHI fields {when}."
    )


def _trigger(ctx: CheckContext, trigger: Trigger) -> CheckResult | None:
    phi: dict[str, set[str]] = {}  # channel ("email", "SMS") -> PHI categories it sends
    unknowns: list[str] = []
    for rule in trigger.routing_rules:
        for action in rule.actions:
            kind = action_kind(action.type)
            if kind not in (ActionKind.EMAIL, ActionKind.SMS):
                continue
            channel = "email" if kind is ActionKind.EMAIL else "SMS"
            sent = phi.setdefault(channel, set())
            if "fields" not in action.model_fields_set:
                unknowns.append(f"an {channel} action does not list the fields it sends")
                continue
            judged = judge_fields(action.fields, ctx.attestations.recordings_login_required)
            sent.update(judged.phi)
            if judged.recording_undetermined:
                unknowns.append(
                    f"an {channel} action sends the recording and whether a login is required to play it "
                    "has no valid evidence"
                )
    if not phi:
        return None
    rid = f"trigger:{trigger.id}"
    leaks = [f"{listing(sorted(cats))} by {channel}" for channel, cats in sorted(phi.items()) if cats]
    also = f" Also, {'; '.join(unknowns)}." if unknowns else ""
    if leaks:
        return result(
            METADATA, ctx, rid, ResultStatus.FAIL, f"Trigger {trigger.id} sends {'; '.join(leaks)}.{also}"
        )
    if unknowns:
        return result(
            METADATA, ctx, rid, ResultStatus.MANUAL, f"Trigger {trigger.id}: {'; '.join(unknowns)}."
        )
    by = listing(sorted(phi))
    return result(
        METADATA,
        ctx,
        rid,
        ResultStatus.PASS,
        f"Trigger {trigger.id} sends {by} notifications without PHI fields.",
    )


def _user(ctx: CheckContext, user: User) -> CheckResult | None:
    flags = user.notifications
    if flags is None:
        return None
    subjects = [label for name, label in _NOTIFY_FLAGS.items() if getattr(flags, name, None) is True]
    if not subjects:
        return None
    rid, about = f"user:{user.id}", listing(subjects)
    fields = ctx.attestations.notification_fields
    if not fields.valid or fields.value is None:
        return result(
            METADATA,
            ctx,
            rid,
            ResultStatus.MANUAL,
            f"User {user.id} receives email notifications on {about}; what they carry has no "
            f"valid evidence ({fields.reason}).",
        )
    judged = judge_fields(fields.value, ctx.attestations.recordings_login_required)
    if judged.phi:
        return result(
            METADATA,
            ctx,
            rid,
            ResultStatus.FAIL,
            f"User {user.id} receives email notifications on {about}, which carry "
            f"{listing(judged.phi)} {attested_on(fields)}.",
        )
    if judged.recording_undetermined:
        return result(
            METADATA,
            ctx,
            rid,
            ResultStatus.MANUAL,
            f"User {user.id} receives email notifications on {about} with the recording, and "
            "whether a login is required to play it has no valid evidence.",
        )
    return result(
        METADATA,
        ctx,
        rid,
        ResultStatus.PASS,
        f"User {user.id} receives email notifications on {about}, which carry no PHI fields "
        f"{attested_on(fields)}.",
    )
