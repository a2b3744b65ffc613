"""The relay end to end on template.yaml's resources (moto): a CTM delivery signed as CTM signs it
goes through the webhook, onto the relay queue, through the relay service, to a receiver on
127.0.0.1 that verifies the Standard Webhooks signature. Retries, the DLQ and the circuit breaker
run on the same path, with the receiver failing.

The Forwarder here is `relay_support.ids_only_forwarder` (ids kept, everything else dropped), a
fake of our own port: these tests prove the path (nothing but the body the Forwarder made reaches
the receiver, signed, once), retries and the breaker; test_relay_wired.py runs the same path with
the wired destinations store and policy engine.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from relay_support import (
    BEARER,
    FakeDestinations,
    Receiver,
    create_destination_secret,
    ids_only_forwarder,
    new_signing_secret,
    pump,
    serve,
)
from webhook_support import (
    AGENCY_ACCOUNT,
    CANARY_DOB,
    CANARY_EMAIL,
    CANARY_MRN,
    CANARY_NAME,
    CANARY_PHONE,
    CANARY_SSN,
    CANARY_STREET,
    CANARY_VALUES,
    answer,
    dump,
    leaked,
    metrics,
    scan,
    signed_event,
)

from ctm_hipaa.ctm.credentials import CTMCredentials
from ctm_hipaa.relay import BreakerState, DynamoBreakerStore, ManifestStore, RelayService, RelayTarget
from ctm_hipaa.relay.bootstrap import build_relay_service
from ctm_hipaa.settings import Settings
from ctm_hipaa.webhook.bootstrap import build_webhook_service
from ctm_hipaa.webhook.service import WebhookService
from ctm_hipaa_tools.invoke import LambdaContext
from ctm_hipaa_tools.template import Template

DESTINATION = "crm"
CALL = {
    "id": 990011,
    "account_id": int(AGENCY_ACCOUNT),
    "name": CANARY_NAME,
    "caller_number_format": CANARY_PHONE,
    "email": CANARY_EMAIL,
    "notes": f"DOB {CANARY_DOB}, SSN {CANARY_SSN}, {CANARY_MRN}, lives at {CANARY_STREET}.",
    "duration": 187,
    "source": "Google Ads",
}


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    yield from serve(Receiver(signing_secret=new_signing_secret()))


@pytest.fixture
def destinations(aws: boto3.session.Session, receiver: Receiver) -> FakeDestinations:
    arn = create_destination_secret(aws, f"ctm-hipaa/relay/{DESTINATION}", receiver.signing_secret)
    return FakeDestinations((RelayTarget(DESTINATION, receiver.url, arn), [AGENCY_ACCOUNT]))


@pytest.fixture
def relay(
    aws: boto3.session.Session, relay_settings: Settings, destinations: FakeDestinations
) -> RelayService:
    return build_relay_service(relay_settings, aws, destinations=destinations, forwarder=ids_only_forwarder)


@pytest.fixture
def webhook(
    aws: boto3.session.Session, webhook_settings: Settings, destinations: FakeDestinations
) -> WebhookService:
    return build_webhook_service(webhook_settings, aws, relay_destinations=destinations)


def queue_depth(aws: boto3.session.Session, url: str) -> int:
    attributes = aws.client("sqs").get_queue_attributes(
        QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    )["Attributes"]
    return sum(int(v) for v in attributes.values())


def test_a_delivery_reaches_its_destination_signed_once_and_without_phi(
    aws: boto3.session.Session,
    stack: Template,
    webhook: WebhookService,
    relay: RelayService,
    relay_settings: Settings,
    receiver: Receiver,
    credentials: CTMCredentials,
    lambda_context: LambdaContext,
    findings_table: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    event = signed_event(CALL, credentials.webhook_secret_for(AGENCY_ACCOUNT), channel="end")
    status, body = answer(webhook.handle(event, lambda_context))
    assert (status, body["phi"], body["relayed"]) == (200, True, 1)
    # CTM retries the same delivery: answered alike, and queued no second time.
    assert answer(webhook.handle(event, lambda_context)) == (status, body)
    assert queue_depth(aws, relay_settings.relay_queue_url) == 1

    run = pump(aws, relay, relay_settings.relay_queue_url)
    assert (run.deleted, run.failed) == (1, 0)
    assert len(receiver.received) == 1
    arrived = receiver.received[0]
    assert arrived.verified, "the receiver could not verify the Standard Webhooks signature"
    assert arrived.headers["webhook-id"].startswith("msg_")
    assert arrived.headers["authorization"] == f"Bearer {BEARER}"
    assert json.loads(arrived.body) == {"account_id": int(AGENCY_ACCOUNT), "id": CALL["id"]}
    assert leaked(arrived.body.decode() + dump(arrived.headers)) == []
    assert not [s for s in CANARY_VALUES if s.lower() in arrived.body.decode().lower()]

    # The manifest is stored, PHI-free, and the metrics count the forward and what was removed.
    (stored,) = ManifestStore(findings_table).recent(DESTINATION)
    assert (stored.account_id, stored.status) == (AGENCY_ACCOUNT, 204)
    assert {"NAME", "PHONE", "SSN", "EMAIL"} <= set(stored.manifest["categories_removed"])
    out = capsys.readouterr()
    assert metrics(out.out, "RelayForwarded", "destination") == {DESTINATION: 1}
    redacted = metrics(out.out, "RelayRedacted", "category")
    assert redacted and redacted == {k: float(v) for k, v in stored.manifest["categories_removed"].items()}
    # Nowhere but the (encrypted, short-lived) relay queue did the payload go: not in a table, a log
    # line, a metric or a response.
    tables = [
        scan(aws.resource("dynamodb").Table(stack.physical[t].ref))
        for t in ("FindingsTable", "IdempotencyTable")
    ]
    assert leaked(dump(tables) + out.out + out.err + json.dumps(body)) == []


def test_a_failing_receiver_is_retried_with_back_off_then_gets_the_delivery_once(
    aws: boto3.session.Session,
    webhook: WebhookService,
    relay: RelayService,
    relay_settings: Settings,
    receiver: Receiver,
    credentials: CTMCredentials,
    lambda_context: LambdaContext,
    findings_table: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    receiver.statuses = [503, 500, 200]
    event = signed_event(CALL, credentials.webhook_secret_for(AGENCY_ACCOUNT), channel="end")
    assert answer(webhook.handle(event, lambda_context))[0] == 200

    run = pump(aws, relay, relay_settings.relay_queue_url)
    assert (run.failed, run.deleted) == (2, 1)
    assert run.hidden == [True, True], "a failed record must wait out its back-off"
    assert [r.verified for r in receiver.received] == [True, True, True]
    # Every attempt carries the same webhook-id, so the receiver can de-duplicate.
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1
    assert len(ManifestStore(findings_table).recent(DESTINATION)) == 1
    assert metrics(capsys.readouterr().out, "RelayFailed", "reason") == {"http_5xx": 2}
    # Two failures, then a success: the breaker stays closed, its count reset.
    record = DynamoBreakerStore(findings_table).read(DESTINATION)
    assert (record.state, record.failures) == (BreakerState.CLOSED, 0)


def test_a_dead_receiver_opens_the_breaker_and_the_delivery_ends_in_the_watched_dlq(
    aws: boto3.session.Session,
    stack: Template,
    webhook: WebhookService,
    relay: RelayService,
    relay_settings: Settings,
    receiver: Receiver,
    credentials: CTMCredentials,
    lambda_context: LambdaContext,
    findings_table: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    receiver.statuses = [500]
    event = signed_event(CALL, credentials.webhook_secret_for(AGENCY_ACCOUNT), channel="end")
    assert answer(webhook.handle(event, lambda_context))[0] == 200

    max_receives = stack.resources["RelayQueue"]["Properties"]["RedrivePolicy"]["maxReceiveCount"]
    run = pump(aws, relay, relay_settings.relay_queue_url, rounds=max_receives + 5)
    # Five failed POSTs open the breaker; the other receives are deferred without a request.
    assert len(receiver.received) == 5
    assert run.failed == max_receives
    assert DynamoBreakerStore(findings_table).read(DESTINATION).state is BreakerState.OPEN
    failed = metrics(capsys.readouterr().out, "RelayFailed", "reason")
    assert failed == {"http_5xx": 5, "breaker_open": max_receives - 5}
    dlq = stack.physical["RelayDeadLetterQueue"].ref
    assert queue_depth(aws, relay_settings.relay_queue_url) == 0
    assert queue_depth(aws, dlq) == 1
    alarm = stack.resources["RelayDeadLetterAlarm"]["Properties"]
    assert alarm["Dimensions"][0]["Value"] == {"Fn::GetAtt": ["RelayDeadLetterQueue", "QueueName"]}
