"""Beyond the checklist: marketing attribution that names a health condition (the HHS
tracking-technology risk): a caller's number plus "Oncology - Google Ads" is PHI."""

from __future__ import annotations

import contextlib
import hashlib
from urllib.parse import urlsplit

from ctm_hipaa.checks.base import CheckContext, CheckMetadata, EvidenceKind, Results
from ctm_hipaa.checks.names import bounded
from ctm_hipaa.ctm import Call
from ctm_hipaa.findings import CheckResult, Severity
from ctm_hipaa.phi import Category, contains_health_information, inspect_payload

METADATA = CheckMetadata(
    check_id="attribution_health_terms",
    title="Call attribution does not name health conditions",
    severity=Severity.MEDIUM,
    checklist_item="beyond",
    risk="Tracking labels, campaigns, keywords and landing pages that name a condition or treatment "
    "turn every call record (number, time, source) into PHI, and travel to ad platforms and "
    "analytics tools that have no BAA.",
    remediation=(
        "Rename tracking numbers and sources with neutral labels (Numbers -> Tracking Numbers; "
        "Numbers -> Tracking Sources), keep health terms out of campaign and keyword names sent to "
        "CTM, and keep condition names out of landing-page paths."
    ),
    evidence=(EvidenceKind.API,),
)

_FIELDS = {
    "tracking_label": "tracking label",
    "campaign": "campaign",
    "keyword": "keyword",
    "paid_campaign": "paid campaign",
    "paid_keyword": "paid keyword",
    "landing_path": "landing page path",
}


def _attribution(call: Call) -> dict[str, str]:
    texts = {"tracking_label": call.tracking_label, "campaign": call.campaign, "keyword": call.keyword}
    if call.paid is not None:
        texts |= {"paid_campaign": call.paid.campaign, "paid_keyword": call.paid.keyword}
    if call.location:
        # A location that is not a URL has no path to read.
        with contextlib.suppress(ValueError):
            texts["landing_path"] = urlsplit(call.location).path
    return {k: " ".join(v.split()) for k, v in texts.items() if v and v.strip()}


# Labels the practice itself names in CTM or its ad accounts. A keyword may be the search a visitor
# typed and a landing path may carry a visitor's data: those are named by a call that carries them.
_NAMED_BY_TEXT = frozenset({"tracking_label", "campaign", "paid_campaign"})


def _label_name(field: str, text: str, call_id: str) -> str:
    """How a user finds the label in CTM: the label itself when it is the practice's own and holds no
    identifier beyond the health term this check judges (scanned as free text, the strictest way),
    else the field on the first sampled call that carries it."""
    if field in _NAMED_BY_TEXT:
        found = {d.category for d in inspect_payload({"notes": text})}
        if found <= {Category.HEALTH}:
            return bounded(f'{_FIELDS[field]} "{text}"')
    return f"{_FIELDS[field]} on call {call_id}"


def _label_id(field: str, text: str) -> str:
    # A stable id per distinct label, so one finding tracks one label across audits. The text is
    # marketing copy chosen by the practice, not a caller's; the id still never shows it.
    digest = hashlib.sha256(f"{field}\x1f{text.casefold()}".encode()).hexdigest()[:12]
    return f"{field}:{digest}"


def evaluate(ctx: CheckContext) -> list[CheckResult]:
    """FAIL per distinct label naming a health term in the sampled calls; PASS when none does;
    NOT_APPLICABLE when no call was sampled."""
    r = Results(METADATA, ctx)
    if (error := r.part_error("calls")) is not None:
        return [error]
    calls = ctx.snapshot.calls.items or []
    rejected = r.rejected("calls")
    if not calls:
        return rejected or [
            r.not_applicable("No calls were sampled for this account, so no attribution was read.")
        ]

    hits: dict[str, tuple[str, str, list[str]]] = {}  # label id -> (field, text, call ids)
    verdicts: dict[str, bool] = {}
    for call in calls:
        for field, text in _attribution(call).items():
            label = _label_id(field, text)
            if label not in verdicts:
                verdicts[label] = contains_health_information(text)
            if verdicts[label]:
                hits.setdefault(label, (field, text, []))[2].append(call.id)

    if not hits:
        return [
            r.passed(
                f"None of the {len(calls)} sampled calls has a health term in its tracking label, "
                "campaign, keyword or landing page path."
            ),
            *rejected,
        ]
    results: list[CheckResult] = []
    for label, (field, text, call_ids) in sorted(hits.items()):
        more = f" and {len(call_ids) - 1} other sampled calls" if len(call_ids) > 1 else ""
        results.append(
            r.failed(
                f"The {_FIELDS[field]} on call {call_ids[0]}{more} names a health condition, "
                "treatment or specialty.",
                resource=label,
                name=_label_name(field, text, call_ids[0]),
            )
        )
    return results + rejected
