"""Fixtures of the webhook tests: the real WebhookService on template.yaml's resources, on moto.

The function's environment is the template's (Globals merged under WebhookFunction's variables),
set in os.environ for the test as Lambda would, and the service is wired by the production
`build_webhook_service` on the moto session.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from aws_lambda_powertools.utilities import parameters
from webhook_support import Deliver, MakeDeliver, answer, subscribe_queue

from ctm_hipaa.ctm.credentials import CTMCredentials, load_credentials
from ctm_hipaa.findings.alerts import AlertPublisher, SnsAlertSink
from ctm_hipaa.findings.store import FindingStore, utc_now
from ctm_hipaa.phi import inspect_payload
from ctm_hipaa.settings import Settings
from ctm_hipaa.webhook.bootstrap import build_webhook_service
from ctm_hipaa.webhook.recorder import FindingParking, WebhookRecorder
from ctm_hipaa.webhook.service import Inspector, WebhookService
from ctm_hipaa_tools.invoke import LambdaContext
from ctm_hipaa_tools.template import Template


@pytest.fixture
def webhook_settings(
    aws: boto3.session.Session, stack: Template, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Settings]:
    """WebhookFunction's settings, its environment set as Lambda would set it."""
    environment = stack.function_environment("WebhookFunction")
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    # Powertools caches the secret (and its client) process-wide: start and end each test clean.
    parameters.clear_caches()  # type: ignore[no-untyped-call]
    yield Settings.from_env(environment)
    parameters.clear_caches()  # type: ignore[no-untyped-call]


@pytest.fixture
def relay_settings(
    aws: boto3.session.Session, stack: Template, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Settings]:
    """RelayFunction's settings, its environment set as Lambda would set it (after the webhook's, when
    a test uses both: the two share the template's Globals)."""
    environment = stack.function_environment("RelayFunction")
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    parameters.clear_caches()  # type: ignore[no-untyped-call]
    yield Settings.from_env(environment)
    parameters.clear_caches()  # type: ignore[no-untyped-call]


@pytest.fixture
def credentials(webhook_settings: Settings) -> CTMCredentials:
    """The CTM secret as the function reads it (the source of the webhook signing secrets)."""
    return load_credentials(webhook_settings.ctm_secret_arn)


@pytest.fixture
def lambda_context() -> LambdaContext:
    return LambdaContext(
        function_name="ctm-hipaa-test-WebhookFunction",
        memory_limit_in_mb=512,
        invoked_function_arn="arn:aws:lambda:us-east-1:123456789012:function:ctm-hipaa-test-WebhookFunction",
        timeout_seconds=10,
    )


@pytest.fixture
def service(webhook_settings: Settings, aws: boto3.session.Session) -> WebhookService:
    return build_webhook_service(webhook_settings, aws)


@pytest.fixture
def make_deliver(aws: boto3.session.Session, lambda_context: LambdaContext) -> MakeDeliver:
    """A `deliver(event) -> (status, body)` on a service built from (possibly broken) settings,
    with another inspector if given (one of our own port: a slow one, for the time budget)."""

    def make(settings: Settings, *, inspect: Inspector = inspect_payload) -> Deliver:
        built = build_webhook_service(settings, aws, inspect=inspect)

        def deliver(event: dict[str, Any]) -> tuple[int, dict[str, Any]]:
            return answer(built.handle(event, lambda_context))

        return deliver

    return make


@pytest.fixture
def deliver(service: WebhookService, lambda_context: LambdaContext) -> Deliver:
    def run(event: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return answer(service.handle(event, lambda_context))

    return run


@pytest.fixture
def idempotency_table(aws: boto3.session.Session, webhook_settings: Settings) -> Any:
    return aws.resource("dynamodb").Table(webhook_settings.idempotency_table)


@pytest.fixture
def finding_store(findings_table: Any) -> FindingStore:
    return FindingStore(findings_table)


@pytest.fixture
def parking(aws: boto3.session.Session, webhook_settings: Settings) -> FindingParking:
    return FindingParking(aws.client("sqs"), webhook_settings.findings_parking_queue_url)


@pytest.fixture
def recorder(
    aws: boto3.session.Session,
    webhook_settings: Settings,
    finding_store: FindingStore,
    parking: FindingParking,
) -> WebhookRecorder:
    """The recorder on the healthy resources, as bootstrap wires it (used for redrive)."""
    publisher = AlertPublisher(
        SnsAlertSink(aws.client("sns"), webhook_settings.alerts_topic_arn), finding_store
    )
    return WebhookRecorder(finding_store, publisher, parking, clock=utc_now)


@pytest.fixture
def alerts_inbox(aws: boto3.session.Session, webhook_settings: Settings) -> str:
    """An SQS queue subscribed to the alerts topic."""
    return subscribe_queue(aws, webhook_settings.alerts_topic_arn, "alerts-inbox")
