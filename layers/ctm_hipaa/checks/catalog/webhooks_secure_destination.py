"""Beyond the checklist: webhooks post whole call records, so each must reach a BAA-covered,
HTTPS, authenticated destination (ctm-api.md 2.5)."""

from __future__ import annotations

from ctm_hipaa.checks.base import CheckContext, CheckMetadata, EvidenceKind, part_error, result
from ctm_hipaa.checks.destinations import assess_destination
from ctm_hipaa.findings.model import CheckResult, ResultStatus, Severity

METADATA = CheckMetadata(
    check_id="webhooks_secure_destination",
    title="Webhooks send call data only to secure, BAA-covered destinations",
    severity=Severity.HIGH,
    hipaa=("164.312(e)(1)", "164.312(e)(2)(ii)", "164.308(b)(1)"),
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
    """One result per webhook: FAIL on any problem, MANUAL when only the allow-list is unproven."""
    error = part_error(METADATA, ctx, "webhooks")
    if error is not None:
        return [error]
    webhooks = ctx.snapshot.webhooks.items or []
    if not webhooks:
        return [result(METADATA, ctx, "account", ResultStatus.PASS, "No webhooks configured.")]
    results: list[CheckResult] = []
    for hook in webhooks:
        has_credentials = bool(hook.username and hook.username.strip())
        verdict = assess_destination(hook.weburl, ctx.attestations, has_credentials=has_credentials)
        if verdict.problems:
            detail = f"Webhook {hook.id} {'; '.join(verdict.problems)}."
            if verdict.unknowns:
                detail += f" Also, {'; '.join(verdict.unknowns)}."
            results.append(result(METADATA, ctx, hook.id, ResultStatus.FAIL, detail))
        elif verdict.unknowns:
            results.append(
                result(
                    METADATA,
                    ctx,
                    hook.id,
                    ResultStatus.MANUAL,
                    f"Webhook {hook.id} uses HTTPS and authentication, but {'; '.join(verdict.unknowns)}.",
                )
            )
        else:
            results.append(
                result(
                    METADATA,
                    ctx,
                    hook.id,
                    ResultStatus.PASS,
                    f"Webhook {hook.id} sends over HTTPS, with authentication, to a host on the "
                    "BAA vendor list.",
                )
            )
    return results
