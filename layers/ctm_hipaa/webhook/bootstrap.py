"""Wire the webhook service from the environment: the one place that knows the concrete adapters."""

from __future__ import annotations

from typing import TYPE_CHECKING

import boto3
from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

from ctm_hipaa.attestations import AttestationStore
from ctm_hipaa.ctm import load_credentials
from ctm_hipaa.findings import AlertPublisher, FindingStore, SnsAlertSink, utc_now
from ctm_hipaa.phi import inspect_payload
from ctm_hipaa.relay import Destinations, build_relay_enqueuer
from ctm_hipaa.settings import Settings
from ctm_hipaa.telemetry import PowertoolsTelemetry
from ctm_hipaa.webhook.recorder import FindingParking, RedriveResult, WebhookRecorder
from ctm_hipaa.webhook.service import Inspector, WebhookService
from ctm_hipaa.webhook.verify import WebhookSecrets

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.service_resource import Table


def build_webhook_service(
    settings: Settings | None = None,
    session: boto3.session.Session | None = None,
    *,
    inspect: Inspector = inspect_payload,
    relay_destinations: Destinations | None = None,
) -> WebhookService:
    """A WebhookService on the resources named by the environment (template.yaml sets them).

    `inspect` is the PHI detector; tests hand in another (a slow one, for the time budget).
    `relay_destinations` are the relay's (default: the wired ones, `ctm_hipaa.relay.wiring`); with
    RELAY_QUEUE_URL unset nothing is relayed.
    """
    settings = settings or Settings.from_env()
    settings.require("IDEMPOTENCY_TABLE", "FINDINGS_PARKING_QUEUE_URL")
    session = session or boto3.session.Session()
    table = session.resource("dynamodb").Table(settings.findings_table)
    recorder = _recorder(settings, session, table, _parking(settings, session))
    attestations = AttestationStore(table, max_age_days=settings.attestation_max_age_days)

    def secrets() -> WebhookSecrets:
        credentials = load_credentials(settings.ctm_secret_arn)
        return WebhookSecrets(secret_key=credentials.secret_key, per_account=credentials.webhook_secrets)

    return WebhookService(
        secrets=secrets,
        inspect=inspect,
        recorder=recorder,
        recordings_login_required=attestations.recordings_login_required,
        persistence=DynamoDBPersistenceLayer(table_name=settings.idempotency_table, boto3_session=session),
        telemetry=PowertoolsTelemetry(),
        channels=settings.webhook_channels,
        inspection_budget_seconds=settings.inspection_budget_seconds,
        relay=build_relay_enqueuer(settings, session, destinations=relay_destinations),
    )


def redrive_parked_records(
    settings: Settings | None = None, session: boto3.session.Session | None = None
) -> RedriveResult:
    """Store the records parked on the parking queue (after DynamoDB or SNS came back).

    A record that cannot be stored is skipped and counted, and the others are still replayed
    (`FindingParking.drain`); ParkingError when the queue itself cannot be read.
    """
    settings = settings or Settings.from_env()
    settings.require("FINDINGS_PARKING_QUEUE_URL")
    session = session or boto3.session.Session()
    parking = _parking(settings, session)
    recorder = _recorder(
        settings, session, session.resource("dynamodb").Table(settings.findings_table), parking
    )
    return parking.drain(recorder.store)


def _parking(settings: Settings, session: boto3.session.Session) -> FindingParking:
    return FindingParking(session.client("sqs"), settings.findings_parking_queue_url)


def _recorder(
    settings: Settings, session: boto3.session.Session, table: Table, parking: FindingParking
) -> WebhookRecorder:
    store = FindingStore(table)
    return WebhookRecorder(
        store,
        AlertPublisher(SnsAlertSink(session.client("sns"), settings.alerts_topic_arn), store),
        parking,
        clock=utc_now,
    )
