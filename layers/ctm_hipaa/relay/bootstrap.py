"""Wire the relay function from the environment: the one place that knows its concrete adapters."""

from __future__ import annotations

import boto3
from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

from ctm_hipaa.relay.breaker import CircuitBreaker, DynamoBreakerStore
from ctm_hipaa.relay.delivery import RelayService
from ctm_hipaa.relay.enqueue import RelayEnqueuer
from ctm_hipaa.relay.manifests import ManifestStore
from ctm_hipaa.relay.messages import RelayMessage
from ctm_hipaa.relay.ports import Destinations, Forwarder
from ctm_hipaa.relay.signing import SecretsManagerSigningSecrets
from ctm_hipaa.relay.wiring import wired_destinations, wired_forwarder
from ctm_hipaa.settings import Settings
from ctm_hipaa.telemetry import PowertoolsRelayTelemetry


def build_relay_service(
    settings: Settings | None = None,
    session: boto3.session.Session | None = None,
    *,
    destinations: Destinations | None = None,
    forwarder: Forwarder | None = None,
) -> RelayService:
    """A RelayService on the resources named by the environment (template.yaml sets them).

    `destinations` and `forwarder` default to the wired ones (`ctm_hipaa.relay.wiring`); tests hand
    in fakes of these ports.
    """
    settings = settings or Settings.from_env()
    settings.require("IDEMPOTENCY_TABLE", "RELAY_QUEUE_URL")
    session = session or boto3.session.Session()
    table = session.resource("dynamodb").Table(settings.findings_table)
    secrets = SecretsManagerSigningSecrets(settings.relay_secrets_prefix)
    destinations = destinations or wired_destinations(table)
    sqs = session.client("sqs")
    enqueuer = RelayEnqueuer(destinations, sqs, settings.relay_queue_url, PowertoolsRelayTelemetry())

    def fan_out(message: RelayMessage) -> int:
        # one message per destination of the account, as the webhook would have queued them
        return enqueuer.enqueue(
            delivery_id=message.delivery_id,
            account_id=message.account_id,
            payload=message.payload,
            fan_out=False,
        )

    return RelayService(
        destinations=destinations,
        fan_out=fan_out,
        forwarder=forwarder or wired_forwarder(table, secrets),
        secrets=secrets,
        breaker=CircuitBreaker(DynamoBreakerStore(table)),
        manifests=ManifestStore(table),
        persistence=DynamoDBPersistenceLayer(table_name=settings.idempotency_table, boto3_session=session),
        telemetry=PowertoolsRelayTelemetry(),
        sqs=sqs,
        queue_url=settings.relay_queue_url,
    )
