"""The relay as wired (`ctm_hipaa.relay.wiring`): a destination recorded by `relay configure`'s store,
its policy applied by `forward`, its tokens keyed with its secret's hmac_key, end to end on
template.yaml's resources (moto) from a signed CTM delivery to a receiver on 127.0.0.1.

The one stand-in is where the copies go: a destination's URL must be https, so the test posts to
the loopback receiver instead (a wrapper of our own Destinations port); which destinations serve
the account, their secrets and their policies are the stored ones.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from relay_support import Receiver, create_destination_secret, new_signing_secret, pump, serve
from webhook_support import (
    AGENCY_ACCOUNT,
    CANARY_EMAIL,
    CANARY_NAME,
    CANARY_PHONE,
    answer,
    leaked,
    signed_event,
)

from ctm_hipaa.ctm.credentials import CTMCredentials
from ctm_hipaa.relay import Destinations, DestinationStore, RelayTarget, parse_destinations, token
from ctm_hipaa.relay.bootstrap import build_relay_service
from ctm_hipaa.relay.wiring import wired_destinations
from ctm_hipaa.settings import Settings
from ctm_hipaa.webhook.bootstrap import build_webhook_service
from ctm_hipaa_tools.invoke import LambdaContext

CALL = {
    "id": 990012,
    "account_id": int(AGENCY_ACCOUNT),
    "name": CANARY_NAME,
    "caller_number": "+15135550199",
    "caller_number_format": CANARY_PHONE,
    "email": CANARY_EMAIL,
    "postal_code": "45202",
    "notes": f"{CANARY_NAME} called about her knee, call back at {CANARY_PHONE}.",
    "duration": 187,
    "source": "Google Ads",
}


class Loopback:
    """The stored destinations, each posted to the loopback receiver instead of its https URL."""

    def __init__(self, stored: Destinations, url: str) -> None:
        self._stored, self._url = stored, url

    def for_account(self, account_id: str) -> Sequence[RelayTarget]:
        return [replace(t, url=self._url) for t in self._stored.for_account(account_id)]

    def named(self, name: str) -> RelayTarget | None:
        target = self._stored.named(name)
        return replace(target, url=self._url) if target is not None else None


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    yield from serve(Receiver(signing_secret=new_signing_secret()))


def record_crm(aws: boto3.session.Session, findings_table: Any, receiver: Receiver, accounts: Any) -> bytes:
    """Configure the "crm" destination (crm-lead) as `relay configure` stores it, with its secret;
    its HMAC key of tokens."""
    secret_name = "ctm-hipaa/relay/crm"
    create_destination_secret(aws, secret_name, receiver.signing_secret)
    secret = aws.client("secretsmanager").get_secret_value(SecretId=secret_name)["SecretString"]
    crm = {
        "url": "https://hooks.crm.example/ctm",
        "accounts": accounts,
        "secret": secret_name,
        "policy": "crm-lead",
    }
    other = {
        **crm,
        "url": "https://hooks.crm.example/other",
        "accounts": ["123"],
        "secret": "ctm-hipaa/relay/o",
    }
    configured = {"destinations": {"crm": crm, "other-agency": other}}
    DestinationStore(findings_table).record(parse_destinations(configured), recorded_by="Maya Lindqvist")
    key: str = json.loads(secret)["hmac_key"]
    return key.encode()


def test_a_configured_destination_gets_its_policys_body_keyed_with_its_own_secret(
    aws: boto3.session.Session,
    webhook_settings: Settings,
    relay_settings: Settings,
    receiver: Receiver,
    credentials: CTMCredentials,
    lambda_context: LambdaContext,
    findings_table: Any,
) -> None:
    hmac_key = record_crm(aws, findings_table, receiver, [AGENCY_ACCOUNT])
    table = aws.resource("dynamodb").Table(relay_settings.findings_table)
    destinations = Loopback(wired_destinations(table), receiver.url)
    webhook = build_webhook_service(webhook_settings, aws, relay_destinations=destinations)
    relay = build_relay_service(relay_settings, aws, destinations=destinations)  # the wired forwarder

    event = signed_event(CALL, credentials.webhook_secret_for(AGENCY_ACCOUNT), channel="end")
    status, body = answer(webhook.handle(event, lambda_context))
    assert (status, body["relayed"]) == (200, 1)  # crm only: other-agency serves another account

    run = pump(aws, relay, relay_settings.relay_queue_url)
    assert (run.deleted, run.failed) == (1, 0)
    (arrived,) = receiver.received
    assert arrived.verified
    sent = json.loads(arrived.body)
    # crm-lead: ids and source kept, the caller as tokens of the destination's own key, the ZIP
    # cut to its first three digits, no free text.
    assert sent["id"] == CALL["id"] and sent["source"] == "Google Ads"
    assert sent["caller_number"] == token(CALL["caller_number"], hmac_key, kind="phone")
    assert sent["email"] == token(CANARY_EMAIL, hmac_key, kind="email")
    assert sent["postal_code"] == "452"
    assert "notes" not in sent and "name" not in sent
    assert leaked(arrived.body.decode()) == []


class Unreadable:
    """The destinations while the findings table is down."""

    def for_account(self, account_id: str) -> Sequence[RelayTarget]:
        raise ClientError({"Error": {"Code": "ServiceUnavailable", "Message": "down"}}, "Query")

    def named(self, name: str) -> RelayTarget | None:
        raise ClientError({"Error": {"Code": "ServiceUnavailable", "Message": "down"}}, "Query")


def test_destinations_unreadable_at_the_webhook_are_resolved_later_by_the_relay(
    aws: boto3.session.Session,
    webhook_settings: Settings,
    relay_settings: Settings,
    receiver: Receiver,
    credentials: CTMCredentials,
    lambda_context: LambdaContext,
    findings_table: Any,
) -> None:
    # The webhook cannot read the destinations (the table is down): it queues one fan-out message
    # and answers as usual; the relay function, once the table answers, queues one message per
    # destination of the account and forwards each.
    record_crm(aws, findings_table, receiver, "all")
    webhook = build_webhook_service(webhook_settings, aws, relay_destinations=Unreadable())
    table = aws.resource("dynamodb").Table(relay_settings.findings_table)
    relay = build_relay_service(
        relay_settings, aws, destinations=Loopback(wired_destinations(table), receiver.url)
    )

    event = signed_event(CALL, credentials.webhook_secret_for(AGENCY_ACCOUNT), channel="end")
    status, body = answer(webhook.handle(event, lambda_context))
    assert (status, body["relayed"]) == (200, 1)

    run = pump(aws, relay, relay_settings.relay_queue_url)
    assert (run.deleted, run.failed) == (2, 0)  # the fan-out, then crm's own message
    (arrived,) = receiver.received
    assert arrived.verified and json.loads(arrived.body)["id"] == CALL["id"]
    assert leaked(arrived.body.decode()) == []
