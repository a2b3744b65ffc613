"""The relay's parts: Standard Webhooks signing, the signing secrets, the circuit breaker's states,
idempotency per delivery and destination, and the webhook's side (queue, or answer 503).

Real parts throughout: the `standardwebhooks` package verifies, the breaker and the queue are
template.yaml's on moto, the receiver listens on 127.0.0.1; the destinations and the Forwarder are
fakes of our own ports (relay_support).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from aws_lambda_powertools.utilities import parameters
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
from standardwebhooks.webhooks import Webhook, WebhookVerificationError
from webhook_support import AGENCY_ACCOUNT, answer, metrics, scan, signed_event

from ctm_hipaa.ctm.credentials import CTMCredentials
from ctm_hipaa.relay import (
    BreakerState,
    CircuitBreaker,
    DynamoBreakerStore,
    RelayMessage,
    RelayTarget,
    backoff_seconds,
    message_id,
    parse_message,
    signed_headers,
)
from ctm_hipaa.relay.bootstrap import build_relay_service
from ctm_hipaa.relay.messages import UnreadableRelayMessage
from ctm_hipaa.relay.signing import SecretsManagerSigningSecrets, SecretUnusable
from ctm_hipaa.settings import Settings
from ctm_hipaa.webhook.bootstrap import build_webhook_service
from ctm_hipaa_tools.invoke import LambdaContext

DELIVERY_ID = "ab" * 32
CALL = {"id": 880001, "account_id": int(AGENCY_ACCOUNT), "name": "Zebulon Quixotica", "duration": 42}
CLEAN_CALL = {"id": 880011, "account_id": int(AGENCY_ACCOUNT), "duration": 42, "source": "Google Ads"}


# -- signing -----------------------------------------------------------------------------------------


def test_signed_headers_verify_with_the_standard_webhooks_package_and_only_for_that_body() -> None:
    secret = new_signing_secret()
    body = json.dumps({"id": 1, "account_id": 2})
    headers = signed_headers(secret, message_id(DELIVERY_ID), body, datetime.now(UTC))
    assert set(headers) == {"webhook-id", "webhook-timestamp", "webhook-signature"}
    assert headers["webhook-id"] == f"msg_{DELIVERY_ID}"
    assert Webhook(secret).verify(body, headers) == {"id": 1, "account_id": 2}
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(body.replace("1", "3"), headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(new_signing_secret()).verify(body, headers)


def test_a_signing_secret_that_is_not_base64_is_a_clear_error() -> None:
    with pytest.raises(SecretUnusable, match="not base64"):
        signed_headers("whsec_not*base64!", "msg_1", "{}", datetime.now(UTC))


@pytest.fixture
def clean_secret_cache() -> Iterator[None]:
    parameters.clear_caches()  # type: ignore[no-untyped-call]
    yield
    parameters.clear_caches()  # type: ignore[no-untyped-call]


def test_signing_secrets_are_read_under_the_prefix_only(
    aws: boto3.session.Session, clean_secret_cache: None
) -> None:
    token = new_signing_secret()
    arn = create_destination_secret(aws, "ctm-hipaa/relay/ads", token)
    create_destination_secret(aws, "elsewhere/ads", token)
    secrets = SecretsManagerSigningSecrets("ctm-hipaa/relay/")
    assert secrets.credentials(arn).signing_secret == token
    assert secrets.credentials("ctm-hipaa/relay/ads").authorization() == {"authorization": f"Bearer {BEARER}"}
    assert token not in repr(secrets.credentials(arn)) and BEARER not in repr(secrets.credentials(arn))
    with pytest.raises(SecretUnusable, match="not under the relay's prefix"):
        secrets.credentials("elsewhere/ads")
    with pytest.raises(SecretUnusable, match="could not be read") as missing:
        secrets.credentials("ctm-hipaa/relay/absent")
    assert token not in str(missing.value)
    aws.client("secretsmanager").create_secret(Name="ctm-hipaa/relay/bare", SecretString='{"token": "t"}')
    with pytest.raises(SecretUnusable, match="has no 'signing_secret'"):
        secrets.credentials("ctm-hipaa/relay/bare")


# -- messages and back-off ---------------------------------------------------------------------------


def test_a_message_round_trips_and_a_bad_one_is_refused_without_quoting_it() -> None:
    message = RelayMessage(DELIVERY_ID, AGENCY_ACCOUNT, "crm", CALL)
    assert parse_message(message.body()) == message
    for body in ("not json", json.dumps({"v": 1}), message.body().replace('"crm"', '"Zebulon Q"')):
        with pytest.raises(UnreadableRelayMessage) as refused:
            parse_message(body)
        assert "Zebulon" not in str(refused.value)


def test_back_off_doubles_from_thirty_seconds_to_at_most_fifteen_minutes() -> None:
    assert [backoff_seconds(n) for n in (1, 2, 3, 4, 5, 6, 10)] == [30, 60, 120, 240, 480, 900, 900]


# -- the circuit breaker -----------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def breaker_parts(findings_table: Any) -> tuple[CircuitBreaker, DynamoBreakerStore, Clock]:
    clock = Clock()
    store = DynamoBreakerStore(findings_table)
    return CircuitBreaker(store, threshold=3, cooldown_seconds=60, clock=clock), store, clock


def test_the_breaker_opens_after_consecutive_failures_and_a_success_resets_the_count(
    breaker_parts: tuple[CircuitBreaker, DynamoBreakerStore, Clock],
) -> None:
    breaker, store, _ = breaker_parts
    for _ in range(2):
        assert breaker.failed("crm", breaker.admit("crm")) is BreakerState.CLOSED
    breaker.succeeded("crm", breaker.admit("crm"))
    assert store.read("crm").failures == 0
    for _ in range(2):
        breaker.failed("crm", breaker.admit("crm"))
    assert breaker.failed("crm", breaker.admit("crm")) is BreakerState.OPEN
    assert store.read("crm").state is BreakerState.OPEN
    assert store.read("ads").state is BreakerState.CLOSED  # one breaker per destination


def test_an_open_breaker_parks_deliveries_until_the_cool_down_then_lets_one_trial_through(
    breaker_parts: tuple[CircuitBreaker, DynamoBreakerStore, Clock],
) -> None:
    breaker, store, clock = breaker_parts
    for _ in range(3):
        breaker.failed("crm", breaker.admit("crm"))
    clock.now += 59
    parked = breaker.admit("crm")
    assert not parked.allowed and 0 < parked.retry_after <= 1
    clock.now += 2
    trial = breaker.admit("crm")
    assert trial.allowed and trial.trial
    assert store.read("crm").state is BreakerState.HALF_OPEN
    assert not breaker.admit("crm").allowed, "only one trial at a time"
    # The trial fails: open again, for another cool-down.
    assert breaker.failed("crm", trial) is BreakerState.OPEN
    assert not breaker.admit("crm").allowed
    clock.now += 61
    trial = breaker.admit("crm")
    breaker.succeeded("crm", trial)
    assert (store.read("crm").state, store.read("crm").failures) == (BreakerState.CLOSED, 0)
    assert breaker.admit("crm").allowed


def test_a_trial_whose_outcome_never_came_is_stale_after_a_cool_down(
    breaker_parts: tuple[CircuitBreaker, DynamoBreakerStore, Clock],
) -> None:
    breaker, _, clock = breaker_parts
    for _ in range(3):
        breaker.failed("crm", breaker.admit("crm"))
    clock.now += 61
    assert breaker.admit("crm").trial  # ... and that instance died
    clock.now += 30
    assert not breaker.admit("crm").allowed
    clock.now += 31
    assert breaker.admit("crm").trial


# -- the relay service: idempotency, unknown destinations, bad messages --------------------------------


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    yield from serve(Receiver(signing_secret=new_signing_secret()))


@pytest.fixture
def destinations(aws: boto3.session.Session, receiver: Receiver) -> FakeDestinations:
    arn = create_destination_secret(aws, "ctm-hipaa/relay/crm", receiver.signing_secret)
    return FakeDestinations((RelayTarget("crm", receiver.url, arn), [AGENCY_ACCOUNT]))


def send(aws: boto3.session.Session, url: str, body: str) -> None:
    aws.client("sqs").send_message(QueueUrl=url, MessageBody=body)


def test_a_message_sqs_delivers_twice_is_posted_once(
    aws: boto3.session.Session, relay_settings: Settings, destinations: FakeDestinations, receiver: Receiver
) -> None:
    relay = build_relay_service(relay_settings, aws, destinations=destinations, forwarder=ids_only_forwarder)
    body = RelayMessage(DELIVERY_ID, AGENCY_ACCOUNT, "crm", CALL).body()
    send(aws, relay_settings.relay_queue_url, body)
    send(aws, relay_settings.relay_queue_url, body)
    run = pump(aws, relay, relay_settings.relay_queue_url)
    assert (run.deleted, run.failed) == (2, 0)
    assert len(receiver.received) == 1
    # Another destination of the same delivery is another key: it is posted too.
    destinations.entries["ads"] = (
        RelayTarget("ads", receiver.url, destinations.entries["crm"][0].secret_ref),
        [],
    )
    send(aws, relay_settings.relay_queue_url, RelayMessage(DELIVERY_ID, AGENCY_ACCOUNT, "ads", CALL).body())
    pump(aws, relay, relay_settings.relay_queue_url)
    assert len(receiver.received) == 2


def test_a_removed_destination_drops_its_messages_and_an_unreadable_one_fails(
    aws: boto3.session.Session,
    relay_settings: Settings,
    destinations: FakeDestinations,
    receiver: Receiver,
    capsys: pytest.CaptureFixture[str],
) -> None:
    relay = build_relay_service(relay_settings, aws, destinations=destinations, forwarder=ids_only_forwarder)
    send(aws, relay_settings.relay_queue_url, RelayMessage(DELIVERY_ID, AGENCY_ACCOUNT, "gone", CALL).body())
    assert (pump(aws, relay, relay_settings.relay_queue_url).deleted, len(receiver.received)) == (1, 0)
    send(aws, relay_settings.relay_queue_url, "not a relay message")
    assert pump(aws, relay, relay_settings.relay_queue_url, rounds=1).failed == 1
    assert metrics(capsys.readouterr().out, "RelayFailed", "reason") == {
        "unknown_destination": 1,
        "malformed": 1,
    }


# -- the webhook's side --------------------------------------------------------------------------------


def test_without_destinations_the_webhook_answers_as_before_and_queues_nothing(
    aws: boto3.session.Session,
    webhook_settings: Settings,
    relay_settings: Settings,
    credentials: CTMCredentials,
    lambda_context: LambdaContext,
) -> None:
    none = FakeDestinations()
    with_relay = build_webhook_service(webhook_settings, aws, relay_destinations=none)
    without = build_webhook_service(webhook_settings.model_copy(update={"relay_queue_url": ""}), aws)
    secret = credentials.webhook_secret_for(AGENCY_ACCOUNT)
    first = answer(with_relay.handle(signed_event(CLEAN_CALL, secret, channel="end"), lambda_context))
    second = answer(without.handle(signed_event(CLEAN_CALL, secret, channel="start"), lambda_context))
    assert first == second == (200, {"status": "accepted", "phi": False, "categories": []})
    depth = aws.client("sqs").get_queue_attributes(
        QueueUrl=relay_settings.relay_queue_url, AttributeNames=["ApproximateNumberOfMessages"]
    )["Attributes"]["ApproximateNumberOfMessages"]
    assert depth == "0" and none.reads == 1


def test_a_delivery_that_cannot_be_queued_is_answered_503_and_is_queued_on_ctms_retry(
    aws: boto3.session.Session,
    webhook_settings: Settings,
    relay_settings: Settings,
    destinations: FakeDestinations,
    credentials: CTMCredentials,
    lambda_context: LambdaContext,
    findings_table: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    gone = webhook_settings.relay_queue_url.rsplit("/", 1)[0] + "/ctm-hipaa-test-relay-gone"
    broken = build_webhook_service(
        webhook_settings.model_copy(update={"relay_queue_url": gone}), aws, relay_destinations=destinations
    )
    event = signed_event(CALL, credentials.webhook_secret_for(AGENCY_ACCOUNT), channel="end")
    status, body = answer(broken.handle(event, lambda_context))
    assert (status, body["error"]) == (503, "unavailable")
    assert "Zebulon" not in json.dumps(body)
    assert scan(findings_table) == [], "nothing is recorded before the delivery is queued"
    assert metrics(capsys.readouterr().out, "DependencyUnavailable", "dependency") == {"relay_queue": 1}
    # CTM retries once the queue is back: the delivery is queued (and recorded) then.
    healthy = build_webhook_service(webhook_settings, aws, relay_destinations=destinations)
    status, body = answer(healthy.handle(event, lambda_context))
    assert (status, body["relayed"]) == (200, 1)
    assert scan(findings_table) != []


def test_a_delivery_too_large_for_a_message_is_answered_and_counted(
    aws: boto3.session.Session,
    webhook_settings: Settings,
    destinations: FakeDestinations,
    credentials: CTMCredentials,
    lambda_context: LambdaContext,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import secrets as random_bytes

    webhook = build_webhook_service(webhook_settings, aws, relay_destinations=destinations)
    # Random text does not compress: ~400 KB stays over the 256 KB of one SQS message.
    blob = random_bytes.token_urlsafe(300_000)
    event = signed_event({**CALL, "transcript": blob}, credentials.webhook_secret_for(AGENCY_ACCOUNT))
    status, body = answer(webhook.handle(event, lambda_context))
    assert status == 200 and "relayed" not in body
    assert metrics(capsys.readouterr().out, "RelayFailed", "reason") == {"too_large": 1}


def test_a_policy_engine_failure_fails_the_record_but_not_the_destinations_breaker(
    aws: boto3.session.Session,
    relay_settings: Settings,
    destinations: FakeDestinations,
    receiver: Receiver,
    findings_table: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def broken(payload: Any, destination: str) -> tuple[dict[str, Any], dict[str, Any]]:
        raise ValueError(f"cannot handle {payload['name']}")  # quoting the payload: must not escape

    relay = build_relay_service(relay_settings, aws, destinations=destinations, forwarder=broken)
    send(aws, relay_settings.relay_queue_url, RelayMessage(DELIVERY_ID, AGENCY_ACCOUNT, "crm", CALL).body())
    assert pump(aws, relay, relay_settings.relay_queue_url, rounds=1).failed == 1
    assert receiver.received == []
    assert DynamoBreakerStore(findings_table).read("crm").failures == 0
    out = capsys.readouterr()
    assert metrics(out.out, "RelayFailed", "reason") == {"forward": 1}
    assert "Zebulon" not in out.out + out.err
