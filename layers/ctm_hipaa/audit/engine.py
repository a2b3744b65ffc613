"""The one code path from CTM to check results, shared by the auditor, the offline audit and the
benchmark: collect the account's snapshot once, then run the whole catalog over it. What the webhook
has observed of an account (`observed_by_webhook`) is read here for the auditor and for
`ctm-hipaa audit --stack` alike, so both judge `webhook_phi_detected` on the same evidence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from ctm_hipaa.attestations import EffectiveAttestations
from ctm_hipaa.checks import CheckContext, WebhookObservation, all_checks, run_checks
from ctm_hipaa.ctm import DEFAULT_CALLS_SAMPLE, SNAPSHOT_PARTS, AccountSnapshot, CTMClient, collect_account
from ctm_hipaa.findings import CheckResult, DeliveriesSeen, Finding, FindingRepository
from ctm_hipaa.webhook import WEBHOOK_CHECK_ID, webhook_resource


def resolution_scope() -> frozenset[str]:
    """Checks whose absent findings a complete audit may resolve: every check but the webhook's,
    whose findings only the webhook inspector opens (and only people close)."""
    return frozenset(check.check_id for check in all_checks()) - {WEBHOOK_CHECK_ID}


@dataclass(frozen=True)
class AccountEvaluation:
    """One account's snapshot and the results of every check on it."""

    snapshot: AccountSnapshot
    results: list[CheckResult]


def evaluate_snapshot(
    snapshot: AccountSnapshot,
    attestations: EffectiveAttestations,
    *,
    observations: Iterable[WebhookObservation] = (),
    now: datetime,
) -> list[CheckResult]:
    """Run every check of the catalog on one collected snapshot."""
    context = CheckContext(
        snapshot=snapshot, attestations=attestations, webhook_observations=list(observations), now=now
    )
    return run_checks(context)


def audit_account(
    client: CTMClient,
    account_id: str,
    attestations: EffectiveAttestations,
    *,
    observations: Iterable[WebhookObservation] = (),
    now: datetime,
    calls_limit: int = DEFAULT_CALLS_SAMPLE,
) -> AccountEvaluation:
    """Collect one account once (CTM failures become ERROR results, never exceptions) and check it."""
    snapshot = collect_account(client, account_id, calls_limit=calls_limit)
    results = evaluate_snapshot(snapshot, attestations, observations=observations, now=now)
    return AccountEvaluation(snapshot=snapshot, results=results)


def webhook_observations(
    findings: Iterable[Finding], seen: Iterable[DeliveriesSeen] = ()
) -> list[WebhookObservation]:
    """What the webhook inspector has seen for an account: categories and delivery counts, never values.

    PHI comes from its open `webhook_phi_detected` findings (resource `webhook:<channel>`); clean
    deliveries from its channels' SEEN markers (`seen`). A marker counts as clean evidence only while
    its channel's latest delivery was clean; one whose latest was flagged adds nothing when an open
    finding of the channel holds it, else it is an unsettled observation (no PASS on it).
    """
    observations = []
    for finding in findings:
        if finding.check_id != WEBHOOK_CHECK_ID or not finding.status.is_open:
            continue
        observations.append(
            WebhookObservation(
                channel=finding.resource_id,
                categories=frozenset(finding.categories),
                deliveries=max(finding.occurrences, 0),
                last_seen=finding.last_seen,
            )
        )
    held = {obs.channel for obs in observations}
    for marker in seen:
        channel = webhook_resource(marker.channel)
        if marker.latest_clean and marker.last_clean is not None:
            observations.append(
                WebhookObservation(
                    channel=channel, deliveries=marker.clean_deliveries, last_seen=marker.last_clean
                )
            )
        elif channel not in held:
            observations.append(
                WebhookObservation(
                    channel=channel,
                    deliveries=marker.deliveries - marker.clean_deliveries,
                    last_seen=marker.last_flagged or marker.last_seen,
                    settled=False,
                )
            )
    return observations


def observed_by_webhook(store: FindingRepository, account_id: str) -> list[WebhookObservation]:
    """What the webhook inspector has recorded of the account in the findings store (its findings and
    its channels' SEEN markers), as `webhook_observations`; reads only. Raises the store's errors."""
    return webhook_observations(store.findings_for_account(account_id), store.deliveries_seen(account_id))


def part_errors(snapshot: AccountSnapshot) -> dict[str, str]:
    """Which snapshot parts could not be read, and the error kind of each (no messages, no values)."""
    errors: dict[str, str] = {}
    for name in SNAPSHOT_PARTS:
        part = snapshot.part(name)
        if part.error is not None:
            errors[name] = part.error.kind
        elif part.items is None:
            errors[name] = "missing"
    return errors
