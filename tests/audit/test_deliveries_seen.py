"""Clean webhook deliveries are evidence for the audit (issue 9, "Absence is not compliance").

End to end on the local stack (template.yaml on moto) and the CTM simulator serving the sample
agency: signed deliveries go through WebhookFunction, then the scheduled audit runs through
scheduler -> SQS -> AuditorFunction, and `webhook_phi_detected` is judged on what was seen:

    412230  one clean delivery (events/webhook-clean.json)              PASS on webhook:end
    412236  a delivery with PHI (events/webhook-phi.json)               FAIL on webhook:post-call
    412239  clean deliveries, all older than AttestationMaxAgeDays      MANUAL, saying when the latest was
    412233  no delivery at all                                          MANUAL
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from audit_support import deliver, sample_agency

from ctm_hipaa.attestations.store import AttestationStore
from ctm_hipaa.findings.model import CheckResult, ResultStatus
from ctm_hipaa.findings.store import FindingStore
from ctm_hipaa.report import Compliance
from ctm_hipaa.webhook.check_names import WEBHOOK_CHECK_ID
from ctm_hipaa_tools.agency_file import sample_attestations
from ctm_hipaa_tools.local_audit import LocalRunSummary, run_local_audit
from ctm_hipaa_tools.simulator import CTMSimulator
from ctm_hipaa_tools.stack import LocalStack


@dataclass
class Seen:
    store: FindingStore
    max_age_days: int
    stale_at: datetime
    answers: dict[str, tuple[int, dict[str, Any]]]
    run: LocalRunSummary


@pytest.fixture(scope="module")
def seen() -> Iterator[Seen]:
    local = LocalStack()
    local.template.parameters["CtmRequestsPerSecond"] = "100"  # loopback: no quota to spare
    with local as stack:
        assert stack.session is not None
        table = stack.session.resource("dynamodb").Table(stack.physical_id("FindingsTable"))
        store = FindingStore(table)
        AttestationStore(table).record(sample_attestations(), recorded_by="tests", note="sample attestations")
        max_age = int(stack.template.parameters["AttestationMaxAgeDays"])
        answers = {name: deliver(stack, name) for name in ("webhook-clean.json", "webhook-phi.json")}
        # A delivery can only be signed now (the webhook refuses a stale X-CTM-Time), so the old
        # sightings are counted through the store's own write, as the webhook counts them.
        stale_at = datetime.now(UTC) - timedelta(days=max_age + 1)
        for hours in (2, 1):
            store.mark_delivery_seen("412239", "end", at=stale_at - timedelta(hours=hours), clean=True)
        store.mark_delivery_seen("412239", "end", at=stale_at, clean=True)
        with CTMSimulator(sample_agency()) as simulator:
            run = run_local_audit(stack, ctm_base_url=simulator.base_url)
        yield Seen(store, max_age, stale_at, answers, run)


def webhook_results(seen: Seen, account_id: str) -> list[CheckResult]:
    return [r for r in seen.run.accounts[account_id].results if r.check_id == WEBHOOK_CHECK_ID]


def test_the_deliveries_were_accepted(seen: Seen) -> None:
    assert seen.answers["webhook-clean.json"] == (200, {"status": "accepted", "phi": False, "categories": []})
    status, body = seen.answers["webhook-phi.json"]
    assert status == 200 and body["phi"] is True
    assert seen.run.status.done and seen.run.failed_records == 0


def test_a_clean_delivery_within_the_max_age_passes(seen: Seen) -> None:
    [result] = webhook_results(seen, "412230")

    assert (result.status, result.resource_id) == (ResultStatus.PASS, "webhook:end")
    assert "found no PHI" in result.detail and "(1 delivery, last seen" in result.detail
    # The sample's compliant account had only this check unproven: it is compliant now.
    assert seen.run.accounts["412230"].summary.compliance is Compliance.COMPLIANT


def test_a_delivery_with_phi_fails(seen: Seen) -> None:
    [result] = webhook_results(seen, "412236")

    assert (result.status, result.resource_id) == (ResultStatus.FAIL, "webhook:post-call")
    assert "found PHI" in result.detail


def test_only_deliveries_older_than_the_max_age_stay_manual_and_say_when(seen: Seen) -> None:
    [marker] = seen.store.deliveries_seen("412239")
    assert (marker.deliveries, marker.clean_deliveries) == (3, 3)

    [result] = webhook_results(seen, "412239")

    assert (result.status, result.resource_id) == (ResultStatus.MANUAL, "account")
    assert f"in the last {seen.max_age_days} days" in result.detail
    assert f"the latest was on {seen.stale_at.date().isoformat()}" in result.detail


def test_no_delivery_at_all_stays_manual(seen: Seen) -> None:
    assert seen.store.deliveries_seen("412233") == []

    [result] = webhook_results(seen, "412233")

    assert result.status is ResultStatus.MANUAL
    assert "observed no delivery" in result.detail and "the latest was" not in result.detail


def test_the_marker_holds_ids_channel_counts_and_times_only(seen: Seen) -> None:
    table = seen.store._table
    item = table.get_item(Key={"pk": "ACCOUNT#412230", "sk": "SEEN#end"})["Item"]

    assert set(item) == {
        "pk",
        "sk",
        "type",
        "channel",
        "deliveries",
        "clean_deliveries",
        "last_seen",
        "last_clean",
        "expires_at",
    }
    assert (item["channel"], item["deliveries"], item["clean_deliveries"]) == ("end", 1, 1)
    flagged = table.get_item(Key={"pk": "ACCOUNT#412236", "sk": "SEEN#post-call"})["Item"]
    assert (flagged["deliveries"], "clean_deliveries" in flagged, "last_flagged" in flagged) == (
        1,
        False,
        True,
    )
