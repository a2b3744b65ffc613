"""Alerts reach the template's SNS topic once, PHI-free, with attributes that filter policies use.

The publisher's rules (claims, releases, one digest per run) are also tested on the in-memory fakes
of its ports (tests/fakes.py); the SNS adapter's own tests use moto.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from tests.fakes import MemoryAlertSink, MemoryFindingStore

from ctm_hipaa.findings.alerts import (
    MAX_DETAIL_CHARS,
    MAX_MESSAGE_BYTES,
    AlertDeliveryError,
    AlertPublisher,
    SnsAlertSink,
)
from ctm_hipaa.findings.model import CheckResult, Finding, ResultStatus, Severity, WorkflowStatus
from ctm_hipaa.findings.mute import MuteRule
from ctm_hipaa.findings.ports import FindingRepository
from ctm_hipaa.findings.store import FindingStore
from ctm_hipaa_tools.template import Template


def subscribe_queue(
    session: boto3.session.Session, topic_arn: str, name: str, filter_policy: dict[str, Any] | None = None
) -> str:
    """An SQS queue subscribed to the topic: how the tests read what SNS delivered."""
    sqs = session.client("sqs")
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    attributes = {"RawMessageDelivery": "true"}
    if filter_policy:
        attributes["FilterPolicy"] = json.dumps(filter_policy)
    session.client("sns").subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=arn, Attributes=attributes)
    return url


def drain(session: boto3.session.Session, url: str) -> list[dict[str, Any]]:
    sqs = session.client("sqs")
    messages = []
    while batch := sqs.receive_message(
        QueueUrl=url, MaxNumberOfMessages=10, MessageAttributeNames=["All"]
    ).get("Messages", []):
        messages.extend(batch)
        for message in batch:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return messages


@pytest.fixture
def topic_arn(stack: Template) -> str:
    return stack.physical["AlertsTopic"].ref


@pytest.fixture
def store(findings_table: Any) -> FindingStore:
    return FindingStore(findings_table)


def failing(severity: Severity = Severity.HIGH, resource_id: str = "webhook-3") -> CheckResult:
    return CheckResult(
        check_id="webhooks_secure_destination",
        account_id="1002",
        resource_id=resource_id,
        status=ResultStatus.FAIL,
        severity=severity,
        title="Webhook sends PHI over plain HTTP",
        detail="Webhook webhook-3 posts to an http:// URL.",
    )


@pytest.fixture
def memory() -> MemoryFindingStore:
    return MemoryFindingStore()


def new_finding(
    store: FindingRepository, severity: Severity = Severity.HIGH, resource_id: str = "webhook-3"
) -> Finding:
    finding = store.observe(failing(severity, resource_id)).finding
    assert finding is not None
    return finding


def test_retried_alert_is_delivered_once(
    aws: boto3.session.Session, store: FindingStore, topic_arn: str
) -> None:
    inbox = subscribe_queue(aws, topic_arn, "inbox")
    publisher = AlertPublisher(SnsAlertSink(aws.client("sns"), topic_arn), store)
    finding = new_finding(store)

    sent = [publisher.alert(finding, "new") for _ in range(3)]

    assert sent == [True, False, False]
    messages = drain(aws, inbox)
    assert len(messages) == 1
    body = json.loads(messages[0]["Body"])
    assert body["finding_id"] == finding.finding_id
    assert body["kind"] == "finding" and body["reason"] == "new"
    attributes = {k: v["StringValue"] for k, v in messages[0]["MessageAttributes"].items()}
    assert attributes == {
        "kind": "finding",
        "severity": "high",
        "account_id": "1002",
        "check_id": "webhooks_secure_destination",
    }


def test_failed_delivery_releases_the_claim_so_a_retry_alerts(
    aws: boto3.session.Session, store: FindingStore, topic_arn: str
) -> None:
    inbox = subscribe_queue(aws, topic_arn, "inbox")
    finding = new_finding(store)
    broken = AlertPublisher(SnsAlertSink(aws.client("sns"), topic_arn + "-deleted"), store)

    with pytest.raises(AlertDeliveryError, match="account 1002"):
        broken.alert(finding, "new")

    assert AlertPublisher(SnsAlertSink(aws.client("sns"), topic_arn), store).alert(finding, "new")
    assert len(drain(aws, inbox)) == 1


def test_subscription_filter_policies_select_by_severity(
    aws: boto3.session.Session, store: FindingStore, topic_arn: str
) -> None:
    pager = subscribe_queue(aws, topic_arn, "pager", {"severity": ["critical"]})
    publisher = AlertPublisher(SnsAlertSink(aws.client("sns"), topic_arn), store)

    publisher.alert(new_finding(store, Severity.LOW, "webhook-1"), "new")
    publisher.alert(new_finding(store, Severity.CRITICAL, "webhook-2"), "new")

    received = [json.loads(m["Body"])["resource_id"] for m in drain(aws, pager)]
    assert received == ["webhook-2"]


def test_digest_is_sent_once_per_account_and_run_and_only_on_change(memory: MemoryFindingStore) -> None:
    sink = MemoryAlertSink()
    publisher = AlertPublisher(sink, memory)
    finding = new_finding(memory)

    assert not publisher.digest("1002", "run-1", created=[], reopened=[], resolved=[])
    assert publisher.digest("1002", "run-1", created=[finding], reopened=[], resolved=[])
    assert not publisher.digest("1002", "run-1", created=[finding], reopened=[], resolved=[])
    assert publisher.digest("1002", "run-2", created=[], reopened=[], resolved=[finding])

    bodies = [alert.body for alert in sink.sent]
    assert [(b["run_id"], len(b["new"]), len(b["resolved"])) for b in bodies] == [
        ("run-1", 1, 0),
        ("run-2", 0, 1),
    ]


def test_a_failed_digest_gives_its_marker_back_so_a_retry_sends_it(memory: MemoryFindingStore) -> None:
    sink = MemoryAlertSink()
    finding = new_finding(memory)
    sink.refusing = True

    with pytest.raises(AlertDeliveryError, match="account 1002"):
        AlertPublisher(sink, memory).digest("1002", "run-1", created=[finding], reopened=[], resolved=[])

    sink.refusing = False
    assert AlertPublisher(sink, memory).digest("1002", "run-1", created=[finding], reopened=[], resolved=[])
    assert [alert.attributes["kind"] for alert in sink.sent] == ["digest"]


@pytest.mark.parametrize("rival", ["resolve", "mute"])
def test_a_failed_alert_never_undoes_what_happened_since_the_claim(
    memory: MemoryFindingStore, rival: str
) -> None:
    """Between the claim and the sink's failure, an audit resolves the finding or a mute suppresses it."""
    store = memory
    finding = new_finding(store)
    sink = MemoryAlertSink()

    def meanwhile() -> None:
        if rival == "resolve":
            store.observe(failing().model_copy(update={"status": ResultStatus.PASS}))
        else:
            store.put_mute_rule(
                MuteRule(
                    check_id=finding.check_id,
                    reason="Vendor under BAA, ticket 12",
                    expires_at=datetime.now(UTC) + timedelta(days=7),
                    created_by="ops@example.com",
                    created_at=datetime.now(UTC),
                )
            )
            store.observe(failing())

    sink.before_publish, sink.refusing = meanwhile, True
    with pytest.raises(AlertDeliveryError):
        AlertPublisher(sink, store).alert(finding, "new")

    stored = store.get(finding.account_id, finding.finding_id)
    expected = WorkflowStatus.RESOLVED if rival == "resolve" else WorkflowStatus.SUPPRESSED
    assert stored is not None and stored.status is expected
    assert [f.status for f in store.findings_with_status(expected)] == [expected]
    assert store.findings_with_status(WorkflowStatus.NEW) == []


def test_a_failed_alert_stays_owed_when_only_last_seen_moved_since_the_claim(
    memory: MemoryFindingStore,
) -> None:
    """Another delivery of the same finding (a SEEN write) does not swallow the owed alert."""
    store = memory
    finding = new_finding(store)
    sink = MemoryAlertSink()
    sink.before_publish, sink.refusing = lambda: store.observe(failing()) and None, True

    with pytest.raises(AlertDeliveryError):
        AlertPublisher(sink, store).alert(finding, "new")

    stored = store.get(finding.account_id, finding.finding_id)
    assert stored is not None and stored.status is WorkflowStatus.NEW and stored.occurrences == 2
    sink.before_publish, sink.refusing = lambda: None, False
    assert AlertPublisher(sink, store).alert(stored, "new")
    assert len(sink.sent) == 1


def guided(
    resource_id: str, severity: Severity = Severity.HIGH, detail: str = "Webhook posts over http."
) -> CheckResult:
    return failing(severity, resource_id).model_copy(
        update={
            "resource_name": f"Intake CRM {resource_id} (crm.vendor.example)",
            "remediation": "Settings -> Integrations -> Webhooks: use an https URL.",
            "hipaa": ("164.312(e)(1)", "164.308(b)(1)"),
            "detail": detail,
        }
    )


def test_an_alert_names_the_resource_and_says_how_to_fix_it(memory: MemoryFindingStore) -> None:
    sink = MemoryAlertSink()
    finding = memory.observe(guided("88101")).finding
    assert finding is not None and AlertPublisher(sink, memory).alert(finding, finding.change_label)
    (body,) = [alert.body for alert in sink.sent]
    assert body["resource_name"] == "Intake CRM 88101 (crm.vendor.example)"
    assert body["remediation"] == "Settings -> Integrations -> Webhooks: use an https URL."
    assert body["hipaa"] == ["164.312(e)(1)", "164.308(b)(1)"]
    assert body["reason"] == body["change"] == "new"


def test_a_digest_gives_each_checks_guidance_once_and_stays_within_sns_limits(
    memory: MemoryFindingStore,
) -> None:
    # An account with thousands of failing users: the digest lists the worst first and counts the rest.
    created = []
    for n in range(3000):
        severity = Severity.CRITICAL if n == 2999 else Severity.HIGH
        finding = memory.observe(guided(f"{n:05d}", severity, "x" * 2000)).finding
        assert finding is not None
        created.append(finding)
    sink = MemoryAlertSink()
    assert AlertPublisher(sink, memory).digest(
        "1002", "run-1", created=created, reopened=[], resolved=created[:5]
    )
    (alert,) = sink.sent
    size = len(json.dumps(alert.body, sort_keys=True).encode())
    assert size <= MAX_MESSAGE_BYTES
    body = alert.body
    assert body["new"][0]["resource_id"] == "02999"  # the critical one first
    assert body["new"][0]["detail"].endswith("…") and len(body["new"][0]["detail"]) == MAX_DETAIL_CHARS
    assert len(body["new"]) + body["left_out"]["new"] == 3000 and body["left_out"]["new"] > 0
    assert len(body["resolved"]) + body["left_out"]["resolved"] == 5
    assert body["guidance"] == {
        "webhooks_secure_destination": {
            "remediation": "Settings -> Integrations -> Webhooks: use an https URL.",
            "hipaa": ["164.312(e)(1)", "164.308(b)(1)"],
        }
    }
    assert all("remediation" not in entry for entry in body["new"])  # once per check, not per finding
