"""Beyond the checklist: webhooks post whole call records, so each must reach a BAA-covered,
HTTPS, authenticated destination (ctm-api.md 2.5)."""

from __future__ import annotations

from ctm_hipaa.checks.base import CheckContext, CheckMetadata, EvidenceKind, Results
from ctm_hipaa.checks.destinations import assess_destination
from ctm_hipaa.checks.names import webhook_name
from ctm_hipaa.findings import CheckResult, Severity

METADATA = CheckMetadata(
    check_id="webhooks_secure_destination",
    title="Webhooks send call data only to secure, BAA-covered destinations",
    severity=Severity.HIGH,
    checklist_item="beyond",
    risk="A webhook posts the whole call record (caller, number, transcript, recording link) to its "
    "URL: over plain HTTP, to a request bin or to a vendor without a BAA, that is a disclosure.",
    remediation=(
        "Edit or delete the webhook (Settings -> Integrations -> Webhooks): use an https URL on a "
        "host of a vendor under a BAA, with no user or password in the URL itself; set the webhook's "
        "username and password, or verify X-CTM-Signature at the receiver and attest its host under "
        "signed_webhook_hosts."
    ),
    evidence=(EvidenceKind.API, EvidenceKind.ATTESTATION),
)


def evaluate(ctx: CheckContext) -> list[CheckResult]:
    """One result per webhook: FAIL on any problem, MANUAL when only the allow-list is unproven;
    NOT_APPLICABLE when there is no webhook."""
    r = Results(METADATA, ctx)
    if (error := r.part_error("webhooks")) is not None:
        return [error]
    webhooks = ctx.snapshot.webhooks.items or []
    rejected = r.rejected("webhooks")
    if not webhooks:
        return rejected or [r.not_applicable("No webhooks configured, so no destination to judge.")]
    results: list[CheckResult] = []
    for hook in webhooks:
        name = webhook_name(hook)
        has_credentials = bool(hook.username and hook.username.strip())
        verdict = assess_destination(hook.weburl, ctx.attestations, has_credentials=has_credentials)
        if verdict.problems:
            detail = f"Webhook {hook.id} {'; '.join(verdict.problems)}."
            if verdict.unknowns:
                detail += f" Also, {'; '.join(verdict.unknowns)}."
            results.append(r.failed(detail, resource=hook.id, name=name))
        elif verdict.unknowns:
            results.append(
                r.manual(
                    f"Webhook {hook.id} uses HTTPS and authentication, but {'; '.join(verdict.unknowns)}.",
                    resource=hook.id,
                    name=name,
                    attest=[r.attest_path(a) for a in verdict.unattested],
                )
            )
        else:
            results.append(
                r.passed(
                    f"Webhook {hook.id} sends over HTTPS, with authentication, to a host on the "
                    "BAA vendor list.",
                    resource=hook.id,
                    name=name,
                )
            )
    return results + rejected
