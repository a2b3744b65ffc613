"""A failure half-way loses no finding: the PHI-free record is parked, or CTM is asked to retry.

Failures are real: the settings name a table, topic or queue that does not exist on the stack, so
boto3 gets the errors AWS would give.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime
from typing import Any

import boto3
import pytest
from moto.core.botocore_stubber import BotocoreStubber
from webhook_support import (
    AGENCY_ACCOUNT,
    CANARY_MRN,
    CANARY_NAME,
    CANARY_PHONE,
    CANARY_SSN,
    bodies,
    drain_queue,
    dump,
    leaked,
    scan,
    signed_event,
)

from ctm_hipaa.ctm.credentials import CTMCredentials
from ctm_hipaa.findings.alerts import AlertPublisher, SnsAlertSink
from ctm_hipaa.findings.model import MAX_FINDING_PATHS, WorkflowStatus
from ctm_hipaa.findings.store import FindingStore, utc_now
from ctm_hipaa.phi import Category
from ctm_hipaa.settings import Settings
from ctm_hipaa.webhook.recorder import DeliveryRecord, FindingParking, RedriveResult, WebhookRecorder
from ctm_hipaa_tools.cli import main
from ctm_hipaa_tools.template import Template

Deliver = Callable[[dict[str, Any]], tuple[int, dict[str, Any]]]

RECORD = {
    "id": 770001,
    "account_id": int(AGENCY_ACCOUNT),
    "name": CANARY_NAME,
    "caller_number_format": CANARY_PHONE,
    "notes": f"SSN {CANARY_SSN}, {CANARY_MRN}.",
}
GONE_TOPIC = "arn:aws:sns:us-east-1:123456789012:ctm-hipaa-test-gone"


def missing_table(settings: Settings) -> Settings:
    return settings.model_copy(update={"findings_table": "ctm-hipaa-test-findings-gone"})


def missing_topic(settings: Settings) -> Settings:
    return settings.model_copy(update={"alerts_topic_arn": GONE_TOPIC})


def missing_queue(settings: Settings) -> Settings:
    url = settings.findings_parking_queue_url.rsplit("/", 1)[0] + "/ctm-hipaa-test-parking-gone"
    return settings.model_copy(update={"findings_parking_queue_url": url})


def parked_records(aws: boto3.session.Session, settings: Settings) -> list[dict[str, Any]]:
    return bodies(drain_queue(aws, settings.findings_parking_queue_url))


def assert_complete_phi_free_record(message: dict[str, Any], *, channel: str) -> None:
    record = message["record"]
    assert record["account_id"] == AGENCY_ACCOUNT
    assert record["call_id"] == str(RECORD["id"])
    assert record["channel"] == channel
    assert {"NAME", "PHONE", "SSN", "MRN"} <= set(record["categories"])
    assert {"name", "caller_number_format", "notes"} <= set(record["paths"])
    assert set(record["counts"]) == set(record["categories"])
    assert {"SSN", "MRN"} <= set(record["critical"])
    assert record["severity"] == "critical"
    assert len(record["digest"]) == 64
    assert leaked(dump(message)) == []


def redrive_to(recorder: WebhookRecorder) -> Callable[[DeliveryRecord], None]:
    """`recorder.store` as FindingParking.drain's handler (drain's type asks for one returning None)."""

    def handle(record: DeliveryRecord) -> None:
        recorder.store(record)

    return handle


def take_table_down(aws: boto3.session.Session, table: Any) -> None:
    """Delete the findings table (template.yaml protects it from deletion: lift that first)."""
    client: Any = aws.client("dynamodb")
    client.update_table(TableName=table.name, DeletionProtectionEnabled=False)
    client.delete_table(TableName=table.name)


def bring_table_back(aws: boto3.session.Session, stack: Template) -> None:
    """Create the findings table again, as template.yaml declares it (keys and indexes)."""
    props = stack.resolve(stack.resources["FindingsTable"]["Properties"])
    client: Any = aws.client("dynamodb")
    client.create_table(
        TableName=props["TableName"],
        AttributeDefinitions=props["AttributeDefinitions"],
        KeySchema=props["KeySchema"],
        GlobalSecondaryIndexes=props["GlobalSecondaryIndexes"],
        BillingMode=props["BillingMode"],
    )


@pytest.fixture
def warm(credentials: CTMCredentials, deliver: Deliver) -> Deliver:
    """The service after one delivery (a warm container: its attestations are cached)."""
    status, body = deliver(signed_event({**RECORD, "id": 1, "notes": "knee"}, credentials.secret_key))
    assert (status, body["parked"]) == (200, False)
    return deliver


@pytest.mark.parametrize("parking_down", [False, True], ids=["parks", "503"])
def test_findings_table_unreachable_on_a_cold_start_parks_or_answers_503(
    aws: boto3.session.Session,
    webhook_settings: Settings,
    credentials: CTMCredentials,
    make_deliver: Callable[[Settings], Deliver],
    parking_down: bool,
) -> None:
    settings = missing_table(webhook_settings)
    deliver = make_deliver(missing_queue(settings) if parking_down else settings)

    status, body = deliver(signed_event(RECORD, credentials.secret_key, channel="end"))

    if parking_down:
        assert (status, body["error"]) == (503, "unavailable")
    else:
        assert (status, body["parked"]) == (200, True)
        [message] = parked_records(aws, webhook_settings)
        assert_complete_phi_free_record(message, channel="end")


def test_findings_table_down_parks_a_complete_phi_free_record_and_answers_200(
    aws: boto3.session.Session,
    webhook_settings: Settings,
    credentials: CTMCredentials,
    warm: Deliver,
    findings_table: Any,
    alerts_inbox: str,
) -> None:
    drain_queue(aws, alerts_inbox)
    take_table_down(aws, findings_table)

    status, body = warm(signed_event(RECORD, credentials.secret_key, channel="end"))

    assert status == 200
    assert body["parked"] is True and body["alerted"] is False
    [message] = parked_records(aws, webhook_settings)
    assert message["failure"] == "FindingStoreError"
    assert_complete_phi_free_record(message, channel="end")
    assert drain_queue(aws, alerts_inbox) == []


def test_redrive_stores_the_parked_finding_alerts_and_empties_the_queue(
    aws: boto3.session.Session,
    stack: Template,
    credentials: CTMCredentials,
    warm: Deliver,
    findings_table: Any,
    finding_store: FindingStore,
    recorder: WebhookRecorder,
    parking: FindingParking,
    alerts_inbox: str,
) -> None:
    take_table_down(aws, findings_table)
    assert warm(signed_event(RECORD, credentials.secret_key, channel="end"))[1]["parked"] is True
    bring_table_back(aws, stack)
    drain_queue(aws, alerts_inbox)

    assert parking.drain(redrive_to(recorder)).stored == 1

    [finding] = finding_store.findings_for_account(AGENCY_ACCOUNT)
    assert finding.resource_id == "webhook:end"
    assert {"NAME", "PHONE", "SSN", "MRN"} <= set(finding.categories)
    assert finding.occurrences == 1
    assert finding.status is WorkflowStatus.NOTIFIED
    [alert] = bodies(drain_queue(aws, alerts_inbox))
    assert alert["finding_id"] == finding.finding_id and "critical identifiers" in alert["reason"]
    [occurrence] = [item for item in scan(findings_table) if item.get("type") == "occurrence"]
    assert occurrence["call_id"] == str(RECORD["id"])
    assert parking.drain(redrive_to(recorder)).stored == 0


def test_redrive_keeps_a_record_it_cannot_store_yet(
    aws: boto3.session.Session,
    webhook_settings: Settings,
    credentials: CTMCredentials,
    warm: Deliver,
    findings_table: Any,
    recorder: WebhookRecorder,
    parking: FindingParking,
) -> None:
    take_table_down(aws, findings_table)
    assert warm(signed_event(RECORD, credentials.secret_key))[1]["parked"] is True

    result = parking.drain(redrive_to(recorder))  # still down at redrive time

    assert result == RedriveResult(stored=0, skipped={"FindingStoreError": 1})

    sqs: Any = aws.client("sqs")
    attributes = sqs.get_queue_attributes(
        QueueUrl=webhook_settings.findings_parking_queue_url,
        AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    )["Attributes"]
    kept = int(attributes["ApproximateNumberOfMessages"]) + int(
        attributes["ApproximateNumberOfMessagesNotVisible"]
    )
    assert kept == 1


def test_sns_down_stores_the_finding_releases_the_alert_claim_and_parks(
    aws: boto3.session.Session,
    webhook_settings: Settings,
    credentials: CTMCredentials,
    make_deliver: Callable[[Settings], Deliver],
    finding_store: FindingStore,
    alerts_inbox: str,
) -> None:
    deliver = make_deliver(missing_topic(webhook_settings))

    status, body = deliver(signed_event(RECORD, credentials.secret_key, channel="end"))

    assert (status, body["parked"], body["alerted"]) == (200, True, False)
    [finding] = finding_store.findings_for_account(AGENCY_ACCOUNT)
    assert {"NAME", "PHONE", "SSN", "MRN"} <= set(finding.categories)
    # The claim was released: the finding is still NEW and still owes people an alert.
    assert finding.status is WorkflowStatus.NEW
    assert finding.notified_generation < finding.generation
    [message] = parked_records(aws, webhook_settings)
    assert message["failure"] == "AlertDeliveryError"
    assert_complete_phi_free_record(message, channel="end")
    assert drain_queue(aws, alerts_inbox) == []


def test_after_sns_comes_back_the_redrive_sends_the_owed_alert_once(
    aws: boto3.session.Session,
    webhook_settings: Settings,
    credentials: CTMCredentials,
    make_deliver: Callable[[Settings], Deliver],
    finding_store: FindingStore,
    recorder: WebhookRecorder,
    parking: FindingParking,
    alerts_inbox: str,
) -> None:
    make_deliver(missing_topic(webhook_settings))(signed_event(RECORD, credentials.secret_key, channel="end"))

    assert parking.drain(redrive_to(recorder)).stored == 1

    [finding] = finding_store.findings_for_account(AGENCY_ACCOUNT)
    assert finding.status is WorkflowStatus.NOTIFIED
    assert finding.notified_generation == finding.generation
    assert len(drain_queue(aws, alerts_inbox)) == 1


def test_redrive_after_sns_failure_counts_the_delivery_once(
    webhook_settings: Settings,
    credentials: CTMCredentials,
    make_deliver: Callable[[Settings], Deliver],
    finding_store: FindingStore,
    recorder: WebhookRecorder,
    parking: FindingParking,
) -> None:
    make_deliver(missing_topic(webhook_settings))(signed_event(RECORD, credentials.secret_key, channel="end"))

    parking.drain(redrive_to(recorder))

    [finding] = finding_store.findings_for_account(AGENCY_ACCOUNT)
    assert finding.occurrences == 1


def test_store_and_parking_both_down_answers_503_and_the_retry_is_processed(
    aws: boto3.session.Session,
    stack: Template,
    webhook_settings: Settings,
    credentials: CTMCredentials,
    make_deliver: Callable[[Settings], Deliver],
    deliver: Deliver,
    findings_table: Any,
    idempotency_table: Any,
    finding_store: FindingStore,
    alerts_inbox: str,
) -> None:
    broken = make_deliver(missing_queue(webhook_settings))
    assert broken(signed_event({**RECORD, "id": 1, "notes": "knee"}, credentials.secret_key))[0] == 200
    take_table_down(aws, findings_table)
    before = scan(idempotency_table)
    event = signed_event(RECORD, credentials.secret_key, channel="end")

    status, body = broken(event)

    assert status == 503
    assert body == {"error": "unavailable", "message": "findings is unavailable; retry later"}
    assert scan(idempotency_table) == before  # the in-progress record of this delivery was released

    # CTM retries the same delivery once the dependencies are back.
    bring_table_back(aws, stack)
    drain_queue(aws, alerts_inbox)
    status, body = deliver(event)

    assert (status, body["phi"], body["parked"], body["alerted"]) == (200, True, False, True)
    [finding] = finding_store.findings_for_account(AGENCY_ACCOUNT)
    assert finding.resource_id == "webhook:end"
    assert {"NAME", "PHONE", "SSN", "MRN"} <= set(finding.categories)
    assert finding.occurrences == 1
    assert len(drain_queue(aws, alerts_inbox)) == 1
    assert len(scan(idempotency_table)) == len(before) + 1
    assert {item["status"] for item in scan(idempotency_table)} == {"COMPLETED"}


def test_idempotency_table_down_answers_503_and_records_nothing(
    webhook_settings: Settings,
    credentials: CTMCredentials,
    make_deliver: Callable[[Settings], Deliver],
    findings_table: Any,
) -> None:
    broken = make_deliver(
        webhook_settings.model_copy(update={"idempotency_table": "ctm-hipaa-test-idem-gone"})
    )

    status, body = broken(signed_event(RECORD, credentials.secret_key))

    assert (status, body["error"]) == (503, "unavailable")
    assert scan(findings_table) == []


def test_secret_unreadable_answers_503(
    webhook_settings: Settings,
    credentials: CTMCredentials,
    make_deliver: Callable[[Settings], Deliver],
) -> None:
    broken = make_deliver(
        webhook_settings.model_copy(update={"ctm_secret_arn": "ctm-hipaa-test-no-such-secret"})
    )

    status, body = broken(signed_event(RECORD, credentials.secret_key))

    assert (status, body["error"]) == (503, "unavailable")
    assert "secrets" in body["message"]


def delivery_record(call: int, categories: list[str], paths: list[str] | None = None) -> DeliveryRecord:
    """A delivery record as the service builds it, with the paths the detector reported."""
    return DeliveryRecord(
        account_id=AGENCY_ACCOUNT,
        call_id=str(880000 + call),
        channel="end",
        digest=f"{call:064x}",
        received_at=f"2026-11-01T06:00:{call:02d}+00:00",
        categories=categories,
        paths=paths if paths is not None else ["notes"],
        counts=dict.fromkeys(categories, 1),
        severity="medium",
        detail="CTM deliveries on channel 'end' carry NAME in many field(s).",
        critical=[],
    )


def test_a_flood_of_distinct_field_paths_never_blocks_later_deliveries(
    aws: boto3.session.Session,
    webhook_settings: Settings,
    findings_table: Any,
    finding_store: FindingStore,
    recorder: WebhookRecorder,
    alerts_inbox: str,
) -> None:
    """Three deliveries with 2,500 distinct keys each, then an ordinary one with a new category."""
    for call in range(3):
        paths = [f"custom_fields.intake_field_{call}_{n:05d}" for n in range(2500)]
        assert not recorder.record(delivery_record(call, ["NAME"], paths)).parked

    outcome = recorder.record(delivery_record(3, ["EMAIL", "NAME"], ["email"]))

    assert (outcome.parked, outcome.alerted) == (False, True)
    assert parked_records(aws, webhook_settings) == []
    [finding] = finding_store.findings_for_account(AGENCY_ACCOUNT)
    assert finding.categories == ["EMAIL", "NAME"] and finding.occurrences == 4
    assert len(finding.paths) == MAX_FINDING_PATHS and "email" in finding.paths
    assert finding.more_paths >= 2500 - MAX_FINDING_PATHS  # a lower bound (see bound_paths)
    for item in scan(findings_table):
        assert len(dump(item)) < 32 * 1024, item["sk"]
        assert len(item.get("paths", [])) <= MAX_FINDING_PATHS
    alerts = drain_queue(aws, alerts_inbox)
    assert len(alerts) == 2  # new, then new categories
    assert all(len(message["Body"].encode()) < 32 * 1024 for message in alerts)
    grown = bodies(alerts)[-1]
    assert grown["reason"] == "new categories"
    assert grown["paths"] == finding.paths and grown["more_paths"] == finding.more_paths


def test_a_parked_record_is_bounded_like_a_finding(
    aws: boto3.session.Session,
    webhook_settings: Settings,
    findings_table: Any,
    recorder: WebhookRecorder,
) -> None:
    take_table_down(aws, findings_table)
    paths = [f"custom_fields.intake_field_{n:05d}" for n in range(2500)]

    assert recorder.record(delivery_record(0, ["NAME"], paths)).parked

    [message] = parked_records(aws, webhook_settings)
    assert len(message["record"]["paths"]) == MAX_FINDING_PATHS
    assert message["record"]["more_paths"] == 2500 - MAX_FINDING_PATHS
    assert len(dump(message)) < 16 * 1024


def test_a_redriven_record_counts_once_when_its_finding_write_failed_after_its_occurrence(
    aws: boto3.session.Session,
    webhook_settings: Settings,
    findings_table: Any,
    finding_store: FindingStore,
    recorder: WebhookRecorder,
    parking: FindingParking,
) -> None:
    """A rival writes the finding between every read and write of ours until we give up and park."""
    record = delivery_record(0, ["NAME"])
    rival = FindingStore(findings_table)
    interfering = [True]

    def clock() -> datetime:
        if interfering[0]:
            rival.observe(record.result(), categories=record.categories, occurrences=0)
        return utc_now()

    losing = WebhookRecorder(
        FindingStore(findings_table, clock=clock, sleep=lambda _: None),
        AlertPublisher(SnsAlertSink(aws.client("sns"), webhook_settings.alerts_topic_arn), finding_store),
        parking,
        clock=utc_now,
    )
    assert losing.record(record).parked
    interfering[0] = False

    assert parking.drain(redrive_to(recorder)).stored == 1
    assert parking.drain(redrive_to(recorder)).stored == 0

    [finding] = finding_store.findings_for_account(AGENCY_ACCOUNT)
    assert finding.occurrences == 1
    assert len([item for item in scan(findings_table) if item.get("type") == "occurrence"]) == 1


@pytest.fixture
def atomic_requests(aws: boto3.session.Session, monkeypatch: pytest.MonkeyPatch) -> None:
    """moto answers one request at a time, as DynamoDB applies one conditional write at a time.

    In-process moto takes no lock: two conditional puts of racing threads can both pass their
    condition, a lost update DynamoDB never allows. Races between requests stay real.
    """
    lock = threading.Lock()
    answer = BotocoreStubber.__call__

    def one_at_a_time(self: BotocoreStubber, event_name: str, request: Any, **kwargs: Any) -> Any:
        with lock:
            return answer(self, event_name, request, **kwargs)

    monkeypatch.setattr(BotocoreStubber, "__call__", one_at_a_time)


@pytest.mark.usefixtures("atomic_requests")
def test_concurrent_deliveries_with_growing_categories_are_all_stored_and_counted(
    aws: boto3.session.Session,
    webhook_settings: Settings,
    finding_store: FindingStore,
    recorder: WebhookRecorder,
) -> None:
    categories = sorted(Category)
    records = [delivery_record(call, categories[: call % len(categories) + 1]) for call in range(20)]
    start = threading.Barrier(len(records))

    def deliver(record: DeliveryRecord) -> bool:
        start.wait()
        return recorder.record(record).parked

    with ThreadPoolExecutor(max_workers=len(records)) as pool:
        parked = list(pool.map(deliver, records))

    assert parked == [False] * len(records)
    assert parked_records(aws, webhook_settings) == []
    [finding] = finding_store.findings_for_account(AGENCY_ACCOUNT)
    assert finding.occurrences == len(records)
    assert finding.categories == categories


def park_poison_between_valid_records(aws: boto3.session.Session, parking: FindingParking, url: str) -> None:
    """A valid record, one that can never be written (a 3,000-digit account id), one that does not
    even parse, and a valid record behind them."""
    parking.park(delivery_record(0, ["NAME"]), failure="FindingStoreError")
    parking.park(replace(delivery_record(1, ["NAME"]), account_id="9" * 3000), failure="FindingStoreError")
    aws.client("sqs").send_message(QueueUrl=url, MessageBody='{"record": {"account_id": "1"}}')
    parking.park(delivery_record(2, ["PHONE"]), failure="FindingStoreError")


def test_redrive_skips_a_poison_record_reports_it_and_replays_the_records_behind_it(
    aws: boto3.session.Session,
    webhook_settings: Settings,
    finding_store: FindingStore,
    parking: FindingParking,
    capsys: pytest.CaptureFixture[str],
) -> None:
    park_poison_between_valid_records(aws, parking, webhook_settings.findings_parking_queue_url)

    code = main(["redrive"])

    out, err = capsys.readouterr()
    assert code == 1
    assert out == "redrove 2 parked record(s)\n"
    assert "skipped 2 record(s)" in err and "FindingStoreError x1" in err and "UnreadableRecord x1" in err
    assert "Traceback" not in out + err and "9" * 16 not in out + err
    [finding] = finding_store.findings_for_account(AGENCY_ACCOUNT)
    assert finding.categories == ["NAME", "PHONE"] and finding.occurrences == 2
    # The skipped records stay parked, visible for the next redrive.
    assert len(parked_records(aws, webhook_settings)) == 2


def test_a_record_that_keeps_failing_moves_to_the_watched_dead_letter_queue(
    aws: boto3.session.Session,
    stack: Template,
    webhook_settings: Settings,
    recorder: WebhookRecorder,
    parking: FindingParking,
) -> None:
    park_poison_between_valid_records(aws, parking, webhook_settings.findings_parking_queue_url)
    max_receives = stack.resources["FindingsParkingQueue"]["Properties"]["RedrivePolicy"]["maxReceiveCount"]

    results = [parking.drain(redrive_to(recorder)) for _ in range(max_receives + 1)]

    assert [r.stored for r in results] == [2] + [0] * max_receives
    assert [r.skipped_count for r in results] == [2] * max_receives + [0]
    assert parked_records(aws, webhook_settings) == []
    dead = bodies(drain_queue(aws, stack.physical["FindingsParkingDeadLetterQueue"].ref))
    assert sorted(len(b["record"]["account_id"]) for b in dead) == [1, 3000]


def test_redrive_reports_an_unreadable_parking_queue_without_a_traceback(
    webhook_settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(
        "FINDINGS_PARKING_QUEUE_URL", missing_queue(webhook_settings).findings_parking_queue_url
    )

    assert main(["redrive"]) == 2

    out, err = capsys.readouterr()
    assert out == "" and "cannot receive parked records" in err and "Traceback" not in err
