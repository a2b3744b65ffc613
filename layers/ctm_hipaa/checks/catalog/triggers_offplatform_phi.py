"""Beyond the checklist: triggers whose actions move call data off CTM by email, SMS or webhook."""

from __future__ import annotations

from ctm_hipaa.checks.actions import ActionKind, action_kind
from ctm_hipaa.checks.base import CheckContext, CheckMetadata, EvidenceKind, Results
from ctm_hipaa.checks.destinations import assess_destination
from ctm_hipaa.checks.fields import judge_fields, listing
from ctm_hipaa.checks.names import trigger_name
from ctm_hipaa.ctm import Trigger, TriggerAction
from ctm_hipaa.findings import CheckResult, Severity

METADATA = CheckMetadata(
    check_id="triggers_offplatform_phi",
    title="Triggers do not send PHI off CTM",
    severity=Severity.HIGH,
    checklist_item="beyond",
    risk="Trigger actions run on every matching call: an email, text or webhook action carrying "
    "caller details moves PHI off CTM automatically, call after call.",
    remediation=(
        "Edit the trigger (Flows -> Triggers): drop PHI fields from email and SMS actions, point "
        "webhook actions at https hosts of vendors under a BAA, or remove the action."
    ),
    evidence=(EvidenceKind.API, EvidenceKind.ATTESTATION),
)

_NAMES = {
    ActionKind.EMAIL: "an email action",
    ActionKind.SMS: "an SMS action",
    ActionKind.WEBHOOK: "a webhook action",
}


def evaluate(ctx: CheckContext) -> list[CheckResult]:
    """One result per trigger: FAIL when an action sends PHI off CTM unsafely, MANUAL for an unknown
    action type or unlisted fields, NOT_APPLICABLE without any action, PASS otherwise."""
    r = Results(METADATA, ctx)
    if (error := r.part_error("triggers")) is not None:
        return [error]
    triggers = ctx.snapshot.triggers.items or []
    rejected = r.rejected("triggers")
    if not triggers:
        return rejected or [r.not_applicable("No triggers configured, so no trigger action to judge.")]
    return [*(_judge(r, trigger) for trigger in triggers), *rejected]


def _action(
    ctx: CheckContext, action: TriggerAction, problems: list[str], unknowns: list[str], attest: set[str]
) -> bool:
    """Record what one action does, and the attestation fields whose lack leaves it open (`attest`);
    True when it sends anything off CTM."""
    kind = action_kind(action.type)
    if kind is ActionKind.UNKNOWN:
        unknowns.append("an action's type is not one this checker knows, so where it sends data is unknown")
        return False
    if kind is ActionKind.ON_PLATFORM:
        return False
    name = _NAMES[kind]
    if kind is ActionKind.WEBHOOK:
        # A webhook action posts the whole call record, whatever `fields` says.
        verdict = assess_destination(action.url, ctx.attestations)
        problems += [f"{name} {p}" for p in verdict.problems]
        unknowns += [f"for {name}, {u}" for u in verdict.unknowns]
        attest.update(ctx.attestations.path_of(a) for a in verdict.unattested)
        return True
    if "fields" not in action.model_fields_set:
        unknowns.append(f"{name} does not list the fields it sends")
        return True
    judged = judge_fields(action.fields, ctx.attestations.recordings_login_required)
    if judged.phi:
        problems.append(f"{name} sends {listing(judged.phi)}")
    if judged.recording_undetermined:
        unknowns.append(f"{name} sends the recording and whether a login is required to play it is unproven")
        attest.add(ctx.attestations.path_of(ctx.attestations.recordings_login_required))
    return True


def _judge(r: Results, trigger: Trigger) -> CheckResult:
    tid, name = trigger.id, trigger_name(trigger)
    if not any(rule.actions for rule in trigger.routing_rules):
        # No routing rule with an action: the trigger does nothing with a call, so nothing to judge.
        return r.not_applicable(f"Trigger {tid} has no routing rule with an action.", resource=tid, name=name)
    problems: list[str] = []
    unknowns: list[str] = []
    attest: set[str] = set()
    off_platform = False
    for rule in trigger.routing_rules:
        for action in rule.actions:
            off_platform = _action(r.ctx, action, problems, unknowns, attest) or off_platform
    if problems:
        detail = f"Trigger {tid}: {'; '.join(problems)}."
        if unknowns:
            detail += f" Also, {'; '.join(unknowns)}."
        return r.failed(detail, resource=tid, name=name)
    if unknowns:
        return r.manual(
            f"Trigger {tid}: {'; '.join(unknowns)}.", resource=tid, name=name, attest=sorted(attest)
        )
    if off_platform:
        return r.passed(
            f"Trigger {tid} sends no PHI fields by email or SMS, and its webhooks reach "
            "HTTPS hosts on the BAA vendor list.",
            resource=tid,
            name=name,
        )
    return r.passed(f"Trigger {tid} keeps call data in CTM.", resource=tid, name=name)
