"""Wire the scheduler and auditor services from the environment: the one place that knows the
concrete adapters (DynamoDB table, SQS queue, SNS topic, S3 reports bucket, Secrets Manager, the CTM
HTTP client)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import boto3

from ctm_hipaa.attestations import AttestationStore
from ctm_hipaa.audit.artifacts import RunCompletion, S3ReportWriter
from ctm_hipaa.audit.auditor import AuditorService
from ctm_hipaa.audit.queue import AuditQueueSender
from ctm_hipaa.audit.runs import RunStore
from ctm_hipaa.audit.scheduler import SchedulerService
from ctm_hipaa.ctm import (
    DEFAULT_CALLS_SAMPLE,
    AccountSnapshot,
    CTMClient,
    ItemProblem,
    collect_account,
    load_credentials,
)
from ctm_hipaa.findings import AlertPublisher, FindingStore, SnsAlertSink
from ctm_hipaa.settings import Settings


class CTMClients:
    """CTM clients authenticated from the credentials secret, created when first needed.

    The secret is read through Powertools' cache (5 min), so a rotated key is picked up; one client
    per thread and key, because a client's HTTP session is not shared across threads.
    """

    def __init__(
        self,
        secret_arn: str,
        base_url: str,
        *,
        requests_per_second: float,
    ) -> None:
        self._secret_arn = secret_arn
        self._base_url = base_url
        self._rate = requests_per_second
        self._local = threading.local()

    def client(self) -> CTMClient:
        """The calling thread's client for the current credentials."""
        credentials = load_credentials(self._secret_arn)
        current: CTMClient | None = getattr(self._local, "client", None)
        if current is None or getattr(self._local, "access_key", None) != credentials.access_key:
            if current is not None:
                current.close()
            current = CTMClient.from_credentials(
                credentials, base_url=self._base_url, requests_per_second=self._rate
            )
            self._local.client, self._local.access_key = current, credentials.access_key
        return current

    def account_ids(self, rejected: list[ItemProblem]) -> list[str]:
        """Every account the agency's keys can list; an item of the list that fits no shape is
        appended to `rejected` (PHI-free) instead of voiding the list."""
        return [account.id for account in self.client().accounts(rejected=rejected)]

    def collect(self, account_id: str, *, calls_limit: int = DEFAULT_CALLS_SAMPLE) -> AccountSnapshot:
        """One account's snapshot (CTM failures are inside it, as part errors)."""
        return collect_account(self.client(), account_id, calls_limit=calls_limit)


def build_scheduler_service(
    settings: Settings | None = None, session: boto3.session.Session | None = None
) -> SchedulerService:
    """A SchedulerService on the resources named by the environment (template.yaml sets them)."""
    settings = settings or Settings.from_env()
    settings.require("AUDIT_QUEUE_URL")
    session = session or boto3.session.Session()
    table = session.resource("dynamodb").Table(settings.findings_table)
    clients = CTMClients(
        settings.ctm_secret_arn,
        settings.ctm_api_base_url,
        requests_per_second=settings.ctm_requests_per_second,
    )
    return SchedulerService(
        list_accounts=clients.account_ids,
        queue=AuditQueueSender(session.client("sqs"), settings.audit_queue_url),
        runs=RunStore(table),
        deadline_after=timedelta(minutes=settings.audit_run_deadline_minutes),
    )


def build_auditor_service(
    settings: Settings | None = None,
    session: boto3.session.Session | None = None,
    *,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> AuditorService:
    """An AuditorService on the resources named by the environment (template.yaml sets them)."""
    settings = settings or Settings.from_env()
    settings.require("REPORTS_BUCKET", "REPORTS_KEY_ARN")
    session = session or boto3.session.Session()
    table = session.resource("dynamodb").Table(settings.findings_table)
    store = FindingStore(table)
    clients = CTMClients(
        settings.ctm_secret_arn,
        settings.ctm_api_base_url,
        requests_per_second=settings.ctm_requests_per_second,
    )
    attestations = AttestationStore(table, max_age_days=settings.attestation_max_age_days)
    runs = RunStore(table)
    writer = S3ReportWriter(session.client("s3"), settings.reports_bucket, settings.reports_key_arn)
    return AuditorService(
        collect=clients.collect,
        attestations=attestations.effective,
        store=store,
        publisher=AlertPublisher(SnsAlertSink(session.client("sns"), settings.alerts_topic_arn), store),
        runs=runs,
        reports=RunCompletion(runs, writer, clock=clock),
        clock=clock,
    )
