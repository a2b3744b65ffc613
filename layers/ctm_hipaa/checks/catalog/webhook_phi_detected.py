"""Checklist 4, in real time: the webhook inspector found PHI in what CTM delivers after calls."""

from __future__ import annotations

from ctm_hipaa.checks.base import CheckContext, CheckMetadata, EvidenceKind, Results
from ctm_hipaa.checks.observations import observation_results
from ctm_hipaa.findings import CheckResult, Severity
from ctm_hipaa.webhook import WEBHOOK_CHECK_ID, WEBHOOK_TITLE

METADATA = CheckMetadata(
    check_id=WEBHOOK_CHECK_ID,
    title=WEBHOOK_TITLE,
    severity=Severity.HIGH,
    checklist_item="4",
    risk="The post-call webhook carries the same data as post-call notifications: PHI observed there "
    "is PHI leaving CTM right now.",
    remediation=(
        "Strip PHI fields from post-call notifications and webhooks (Flows -> Triggers; Settings -> "
        "Integrations -> Webhooks), and turn on redaction where CTM offers it."
    ),
    evidence=(EvidenceKind.WEBHOOK,),
)


def evaluate(ctx: CheckContext) -> list[CheckResult]:
    """FAIL per observed channel with PHI, PASS per channel without, PASS when nothing was observed."""
    r = Results(METADATA, ctx)
    results = observation_results(r, "post-call deliveries")
    if not results:
        return [r.passed("The webhook inspector has observed no deliveries for this account.")]
    return results
