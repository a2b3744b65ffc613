"""Checklist 1: the account is on a plan CTM names for HIPAA use (UI-only: attested)."""

from __future__ import annotations

from ctm_hipaa.checks.base import CheckContext, CheckMetadata, EvidenceKind, Results
from ctm_hipaa.findings import CheckResult, Severity

METADATA = CheckMetadata(
    check_id="plan_hipaa_eligible",
    title="Account is on a HIPAA-eligible CTM plan",
    severity=Severity.HIGH,
    checklist_item="1",
    risk="CTM offers a Business Associate Agreement and the HIPAA features only on some plans.",
    remediation=(
        "Move the account to the Contact Center, Marketing, Advanced or Enterprise plan "
        "(Settings -> Account Settings -> Billing / Plan), then record the plan in the attestations."
    ),
    evidence=(EvidenceKind.ATTESTATION,),
)

# The plans CTM's HIPAA article names (ctm-api.md 5).
ELIGIBLE_PLANS = frozenset({"contact center", "marketing", "advanced", "enterprise"})


def _normalize(plan: str) -> str:
    words = plan.lower().replace("_", " ").replace("-", " ").split()
    if words and words[-1] == "plan":
        words = words[:-1]
    return " ".join(words)


def evaluate(ctx: CheckContext) -> list[CheckResult]:
    """PASS on an eligible plan, FAIL on another, MANUAL without valid evidence."""
    r = Results(METADATA, ctx)
    attested = ctx.attestations.plan
    if (plan := attested.evidence()) is None:
        return [r.unproven(attested, "The account's CTM plan")]
    if _normalize(plan) in ELIGIBLE_PLANS:
        return [r.passed(f"The account is on a HIPAA-eligible CTM plan {r.attested_on(attested)}.")]
    return [
        r.failed(
            "The attested plan is not one CTM names for HIPAA use (Contact Center, Marketing, "
            f"Advanced or Enterprise) {r.attested_on(attested)}."
        )
    ]
