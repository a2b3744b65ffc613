"""Checklist 4: post-call notifications carry no PHI (trigger emails/SMS, user emails, attested
notification fields, and what the webhook inspector has seen in the same data)."""

from __future__ import annotations

from ctm_hipaa.checks.actions import ActionKind, action_kind
from ctm_hipaa.checks.base import CheckContext, CheckMetadata, EvidenceKind, Results
from ctm_hipaa.checks.fields import judge_fields, listing
from ctm_hipaa.checks.names import trigger_name, user_name
from ctm_hipaa.checks.observations import observation_results
from ctm_hipaa.checks.users import active_users
from ctm_hipaa.ctm import Trigger, User
from ctm_hipaa.findings import CheckResult, Severity

METADATA = CheckMetadata(
    check_id="notifications_no_phi",
    title="Post-call notifications carry no PHI",
    severity=Severity.HIGH,
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
    r = Results(METADATA, ctx)
    results = [_attested(r)]
    if (error := r.part_error("triggers")) is not None:
        results.append(error)
    else:
        results += [res for t in ctx.snapshot.triggers.items or [] if (res := _trigger(r, t)) is not None]
        results += r.rejected("triggers")
    if (error := r.part_error("users")) is not None:
        results.append(error)
    else:
        users = active_users(ctx.snapshot.users.items or [])
        results += [res for u in users if (res := _user(r, u)) is not None]
        results += r.rejected("users")
    results += observation_results(r, "post-call deliveries")
    return results


def _attested(r: Results) -> CheckResult:
    attested = r.ctx.attestations.notification_fields
    if (fields := attested.evidence()) is None:
        return r.unproven(attested, "What post-call notifications contain")
    judged = judge_fields(fields, r.ctx.attestations.recordings_login_required)
    when = r.attested_on(attested)
    if judged.phi:
        return r.failed(f"Post-call notifications carry {listing(judged.phi)} {when}.")
    if judged.recording_undetermined:
        return r.manual(
            "Post-call notifications carry the recording, and whether a login is required to "
            f"play it has no valid evidence {when}.",
            attest=[r.attest_path(r.ctx.attestations.recordings_login_required)],
        )
    return r.passed(f"Post-call notifications carry no PHI fields {when}.")


def _trigger(r: Results, trigger: Trigger) -> CheckResult | None:
    phi: dict[str, set[str]] = {}  # channel ("email", "SMS") -> PHI categories it sends
    unknowns: list[str] = []
    attest: list[str] = []  # the attestation whose lack leaves an action open
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
            judged = judge_fields(action.fields, r.ctx.attestations.recordings_login_required)
            sent.update(judged.phi)
            if judged.recording_undetermined:
                unknowns.append(
                    f"an {channel} action sends the recording and whether a login is required to play it "
                    "has no valid evidence"
                )
                attest = [r.attest_path(r.ctx.attestations.recordings_login_required)]
    if not phi:
        return None
    rid, name = f"trigger:{trigger.id}", trigger_name(trigger)
    leaks = [f"{listing(sorted(cats))} by {channel}" for channel, cats in sorted(phi.items()) if cats]
    also = f" Also, {'; '.join(unknowns)}." if unknowns else ""
    if leaks:
        return r.failed(f"Trigger {trigger.id} sends {'; '.join(leaks)}.{also}", resource=rid, name=name)
    if unknowns:
        return r.manual(
            f"Trigger {trigger.id}: {'; '.join(unknowns)}.", resource=rid, name=name, attest=attest
        )
    by = listing(sorted(phi))
    return r.passed(
        f"Trigger {trigger.id} sends {by} notifications without PHI fields.", resource=rid, name=name
    )


def _user(r: Results, user: User) -> CheckResult | None:
    flags = user.notifications
    if flags is None:
        return None
    subjects = [label for flag, label in _NOTIFY_FLAGS.items() if getattr(flags, flag, None) is True]
    if not subjects:
        return None
    rid, name, about = f"user:{user.id}", user_name(user), listing(subjects)
    attested = r.ctx.attestations.notification_fields
    if (fields := attested.evidence()) is None:
        return r.manual(
            f"User {user.id} receives email notifications on {about}; what they carry has no "
            f"valid evidence ({attested.reason}).",
            resource=rid,
            name=name,
            attest=[r.attest_path(attested)],
        )
    judged = judge_fields(fields, r.ctx.attestations.recordings_login_required)
    if judged.phi:
        return r.failed(
            f"User {user.id} receives email notifications on {about}, which carry "
            f"{listing(judged.phi)} {r.attested_on(attested)}.",
            resource=rid,
            name=name,
        )
    if judged.recording_undetermined:
        return r.manual(
            f"User {user.id} receives email notifications on {about} with the recording, and "
            "whether a login is required to play it has no valid evidence.",
            resource=rid,
            name=name,
            attest=[r.attest_path(r.ctx.attestations.recordings_login_required)],
        )
    return r.passed(
        f"User {user.id} receives email notifications on {about}, which carry no PHI fields "
        f"{r.attested_on(attested)}.",
        resource=rid,
        name=name,
    )
