"""Every inspected delivery, clean or not, is counted on its channel's SEEN marker: the audit's
evidence that deliveries are observed at all. One write per delivery, PHI-free, and a failure of it
neither fails the answer nor loses a finding.

Failures are real moto behaviour: a botocore hook sends the marker's UpdateItem to a table that does
not exist, so DynamoDB answers ResourceNotFoundException for that write only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boto3
import pytest
from webhook_support import (
    AGENCY_ACCOUNT,
    Deliver,
    MakeDeliver,
    bodies,
    drain_queue,
    dump,
    leaked,
    signed_event,
)

from ctm_hipaa.ctm.credentials import CTMCredentials
from ctm_hipaa.findings.store import FindingStore
from ctm_hipaa.settings import Settings

PHONE = {"caller_number": "+16145550142", "caller_number_format": "(614) 555-0142"}
CLEAN = {"duration": 30, "direction": "inbound"}
MARKER_FIELDS = {
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


def call(call_id: int, fields: dict[str, Any], account_id: int = int(AGENCY_ACCOUNT)) -> dict[str, Any]:
    return {"id": call_id, "account_id": account_id, **fields}


def seen_by_channel(finding_store: FindingStore, account_id: str = AGENCY_ACCOUNT) -> dict[str, Any]:
    return {marker.channel: marker for marker in finding_store.deliveries_seen(account_id)}


def test_a_clean_delivery_stores_only_its_seen_marker_and_alerts_nothing(
    aws: boto3.session.Session,
    credentials: CTMCredentials,
    deliver: Deliver,
    alerts_inbox: str,
    findings_table: Any,
) -> None:
    status, body = deliver(signed_event(call(1, CLEAN), credentials.secret_key))

    assert (status, body) == (200, {"status": "accepted", "phi": False, "categories": []})
    [item] = findings_table.scan()["Items"]
    assert set(item) == MARKER_FIELDS
    assert (item["pk"], item["sk"], item["type"]) == (
        f"ACCOUNT#{AGENCY_ACCOUNT}",
        "SEEN#post-call",
        "deliveries_seen",
    )
    assert (item["deliveries"], item["clean_deliveries"]) == (1, 1)
    assert bodies(drain_queue(aws, alerts_inbox)) == []


def test_each_delivery_counts_once_on_its_channel_and_the_latest_decides(
    credentials: CTMCredentials, deliver: Deliver, finding_store: FindingStore
) -> None:
    secret = credentials.secret_key
    first = signed_event(call(1, CLEAN), secret, channel="end")
    deliver(first)
    deliver(first)  # CTM's retry of the same delivery: de-duplicated, not counted again
    deliver(signed_event(call(2, CLEAN), secret, channel="end"))
    deliver(signed_event(call(3, CLEAN), secret, channel="start"))
    assert deliver(signed_event(call(4, PHONE), secret, channel="end"))[1]["phi"] is True

    seen = seen_by_channel(finding_store)
    assert (seen["end"].deliveries, seen["end"].clean_deliveries) == (3, 2)
    assert seen["end"].last_flagged is not None and not seen["end"].latest_clean
    assert (seen["start"].deliveries, seen["start"].clean_deliveries, seen["start"].latest_clean) == (
        1,
        1,
        True,
    )

    deliver(signed_event(call(5, CLEAN), secret, channel="end"))

    end = seen_by_channel(finding_store)["end"]
    assert (end.deliveries, end.clean_deliveries, end.latest_clean) == (4, 3, True)


def test_a_delivery_refused_before_its_ids_are_trusted_is_not_counted(
    credentials: CTMCredentials, deliver: Deliver, findings_table: Any
) -> None:
    named = {**call(1, CLEAN), "account_id": "Dana Whitfield"}  # a name, not CTM's account number

    assert deliver(signed_event(named, credentials.secret_key))[0] == 400
    assert deliver(signed_event(call(2, CLEAN), "not-the-secret"))[0] == 401

    assert findings_table.scan()["Items"] == []


def fail_marker_writes(aws: boto3.session.Session, settings: Settings) -> list[str]:
    """Send every SEEN UpdateItem of clients made from now on to a missing table; returns the tables hit."""
    redirected: list[str] = []

    def rewrite(params: dict[str, Any], **_: Any) -> None:
        if str(params.get("Key", {}).get("sk", "")).startswith("SEEN#"):
            params["TableName"] = f"{settings.findings_table}-gone"
            redirected.append(params["TableName"])

    aws.events.register("provide-client-params.dynamodb.UpdateItem", rewrite)
    return redirected


def test_a_failed_marker_write_answers_as_usual_and_keeps_the_finding(
    aws: boto3.session.Session,
    webhook_settings: Settings,
    credentials: CTMCredentials,
    make_deliver: MakeDeliver,
    finding_store: FindingStore,
    findings_table: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    redirected = fail_marker_writes(aws, webhook_settings)
    deliver: Callable[[dict[str, Any]], tuple[int, dict[str, Any]]] = make_deliver(webhook_settings)
    secret = credentials.secret_key

    clean = deliver(signed_event(call(1, CLEAN), secret, channel="end"))
    phi = deliver(signed_event(call(2, PHONE), secret, channel="end"))

    assert len(redirected) == 2  # both marker writes were attempted, and refused by DynamoDB
    assert clean == (200, {"status": "accepted", "phi": False, "categories": []})
    assert phi[0] == 200 and phi[1]["phi"] is True and phi[1]["parked"] is False
    [finding] = finding_store.findings_for_account(AGENCY_ACCOUNT)
    assert (finding.resource_id, finding.occurrences) == ("webhook:end", 1)
    # Nothing counted: the audit keeps the check MANUAL, it cannot PASS on a lost marker.
    assert finding_store.deliveries_seen(AGENCY_ACCOUNT) == []
    warned = [r for r in caplog.records if r.getMessage() == "delivery not counted as seen"]
    assert [r.__dict__["error"] for r in warned] == ["FindingStoreError", "FindingStoreError"]
    logged = " ".join(f"{r.getMessage()} {r.__dict__!r}" for r in caplog.records)
    assert leaked(logged + dump(findings_table.scan()["Items"])) == []


def test_a_clean_delivery_costs_the_findings_table_one_write_and_a_cached_read_of_the_relay_destinations(
    aws: boto3.session.Session,
    webhook_settings: Settings,
    credentials: CTMCredentials,
    make_deliver: MakeDeliver,
) -> None:
    calls: list[str] = []

    def count(params: dict[str, Any], model: Any, **_: Any) -> None:
        if params.get("TableName") == webhook_settings.findings_table:
            calls.append(model.name)

    aws.events.register("provide-client-params.dynamodb.*", count)
    deliver = make_deliver(webhook_settings)

    assert deliver(signed_event(call(1, CLEAN), credentials.secret_key))[0] == 200
    # The first delivery of a container also reads which relay destinations serve the account (one
    # Query, then cached for a minute); after it, a clean delivery is one write.
    assert calls == ["Query", "UpdateItem"]
    calls.clear()
    assert deliver(signed_event(call(2, CLEAN), credentials.secret_key))[0] == 200
    assert calls == ["UpdateItem"]
