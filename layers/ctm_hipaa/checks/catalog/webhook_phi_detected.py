"""Checklist 4, in real time: the webhook inspector found PHI in what CTM delivers after calls."""

from __future__ import annotations

from datetime import timedelta

from ctm_hipaa.checks.base import CheckContext, CheckMetadata, EvidenceKind, Results
from ctm_hipaa.checks.observations import observation_results
from ctm_hipaa.findings import CheckResult, Severity
from ctm_hipaa.webhook import WEBHOOK_CHECK_ID, WEBHOOK_REMEDIATION, WEBHOOK_TITLE

METADATA = CheckMetadata(
    check_id=WEBHOOK_CHECK_ID,
    title=WEBHOOK_TITLE,
    severity=Severity.HIGH,
    checklist_item="4",
    risk="The post-call webhook carries the same data as post-call notifications: PHI observed there "
    "is PHI leaving CTM right now.",
    remediation=WEBHOOK_REMEDIATION,  # beside the webhook, whose findings carry it too
    evidence=(EvidenceKind.WEBHOOK,),
)


def evaluate(ctx: CheckContext) -> list[CheckResult]:
    """FAIL per observed channel with PHI, PASS per channel without (MANUAL while its latest flagged
    delivery has no open finding); MANUAL on the account until the inspector has seen a delivery within
    the attestations' maximum age (older sightings are no evidence, as an attestation that old is none,
    and the result says when the latest was)."""
    r = Results(METADATA, ctx)
    max_age = ctx.attestations.max_age_days
    recent = [obs for obs in ctx.webhook_observations if ctx.now - obs.last_seen <= timedelta(days=max_age)]
    if not recent:
        last = max((obs.last_seen for obs in ctx.webhook_observations), default=None)
        since = "" if last is None else f" (the latest was on {last.date().isoformat()})"
        return [
            r.manual(
                f"The webhook inspector has observed no delivery from this account in the last {max_age} "
                f"days{since}, so what CTM sends after calls is unknown: point a post-call webhook at "
                "the inspector."
            )
        ]
    return observation_results(r, "post-call deliveries", recent)
