"""Wire the relay function from the environment: the one place that knows its concrete adapters."""

from __future__ import annotations

import boto3
from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

from ctm_hipaa.relay.breaker import CircuitBreaker, DynamoBreakerStore
from ctm_hipaa.relay.delivery import RelayService
from ctm_hipaa.relay.manifests import ManifestStore
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
    return RelayService(
        destinations=destinations or wired_destinations(table),
        forwarder=forwarder or wired_forwarder(table, secrets),
        secrets=secrets,
        breaker=CircuitBreaker(DynamoBreakerStore(table)),
        manifests=ManifestStore(table),
        persistence=DynamoDBPersistenceLayer(table_name=settings.idempotency_table, boto3_session=session),
        telemetry=PowertoolsRelayTelemetry(),
        sqs=session.client("sqs"),
        queue_url=settings.relay_queue_url,
    )
