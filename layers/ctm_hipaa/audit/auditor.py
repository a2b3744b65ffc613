"""The auditor's use case: one CTM account per SQS message.

For each record: validate the message, collect the account's snapshot once, run the catalog with
the attestations in force and what the webhook has observed (its findings, and its SEEN markers of
the deliveries inspected per channel), move findings through their lifecycle, alert at once on
critical findings that are new or reopened, send one digest per account per run when something
changed, and record the account's audit on the run.

Failure semantics (ReportBatchItemFailures, Powertools `BatchProcessor`):

- a malformed message is a batch item failure: after the queue's maxReceiveCount it is in the DLQ;
- a CTM failure (401/403/404/429/5xx after the client's retries) is *not* a failure of the message:
  the parts that could not be read become ERROR results, nothing is resolved, the run records
  the error kinds; other accounts are unaffected;
- an AWS failure (DynamoDB, SNS, Secrets Manager) fails that record only, so SQS redelivers it. The
  audit is idempotent: findings move once per state, alerts and the digest are claimed before they
  are sent, and a redelivered message derives what to announce from the findings' state.
- when less than `min_remaining_ms` of the invocation is left, the remaining records fail
  at once (they are redelivered) rather than being cut off by the Lambda timeout.

Run completion (`audit.artifacts`): after recording an account, the auditor marks it finished on
the run; when that completes the run (or the run's deadline has passed), it writes the run's reports
to the reports bucket, once. After each batch it sweeps the recent runs whose deadline passed while
no audit of theirs was running. A report that cannot be written never fails a message: the audit is
recorded, and the next invocation's sweep writes the report.

`webhook_phi_detected` results are computed (reports show them) but never written: those findings
belong to the webhook inspector, and re-observing them here would inflate their delivery counts.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from ctm_hipaa.attestations import EffectiveAttestations
from ctm_hipaa.audit.artifacts import RunCompletion
from ctm_hipaa.audit.engine import evaluate_snapshot, observed_by_webhook, part_errors, resolution_scope
from ctm_hipaa.audit.messages import AuditRequest, PoisonMessage, parse_request
from ctm_hipaa.audit.ports import RunRepository
from ctm_hipaa.audit.runs import AccountAuditRecord
from ctm_hipaa.ctm import AccountSnapshot
from ctm_hipaa.findings import (
    AlertPublisher,
    Change,
    FindingRepository,
    Severity,
    WorkflowStatus,
    owes_alert,
)
from ctm_hipaa.report import summarize
from ctm_hipaa.webhook import WEBHOOK_CHECK_ID

DEFAULT_MIN_REMAINING_MS = 30_000

logger = Logger(child=True)


class OutOfTime(Exception):
    """Too little of the invocation is left to audit another account; SQS redelivers the message."""


class AuditFailed(Exception):
    """An account's audit could not be recorded (AWS failed); names the account and the error type."""


class AuditorService:
    """Turns SQS batches of audit requests into audits, findings, alerts and run records."""

    def __init__(
        self,
        *,
        collect: Callable[[str], AccountSnapshot],
        attestations: Callable[[str], EffectiveAttestations],
        store: FindingRepository,
        publisher: AlertPublisher,
        runs: RunRepository,
        reports: RunCompletion | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        min_remaining_ms: int = DEFAULT_MIN_REMAINING_MS,
    ) -> None:
        """`reports` None: no run reports (the offline drivers and benchmarks; bootstrap wires them)."""
        self._collect = collect
        self._attestations = attestations
        self._store = store
        self._publisher = publisher
        self._runs = runs
        self._reports = reports
        self._clock = clock
        self._min_remaining_ms = min_remaining_ms
        self._scope = resolution_scope()

    # -- Lambda entry ------------------------------------------------------------------------------

    def handle(self, event: Mapping[str, Any], context: Any) -> dict[str, Any]:
        """Process an SQS batch; returns `{"batchItemFailures": [...]}` for the failed records."""
        # Whole-batch failure is reported the same way as a partial one (every id listed) rather
        # than raised: Lambda redelivers exactly those messages either way.
        processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)

        def record_handler(record: SQSRecord) -> None:
            self._process(record, context)

        response = process_partial_response(
            event=dict(event), record_handler=record_handler, processor=processor, context=context
        )
        if self._reports is not None and _time_left(context, self._min_remaining_ms):
            self._reports.sweep()  # runs whose deadline passed while none of their audits ran
        return dict(response)

    def _process(self, record: SQSRecord, context: Any) -> None:
        try:
            request = parse_request(record.body)
        except PoisonMessage as exc:
            logger.error(
                "malformed audit message",
                extra={
                    "message_id": record.message_id,
                    "receive_count": _receive_count(record),
                    "why": str(exc),
                },
            )
            raise
        remaining = context.get_remaining_time_in_millis() if context is not None else None
        if remaining is not None and remaining < self._min_remaining_ms:
            logger.warning(
                "not enough time left for another account", extra={"account_id": request.account_id}
            )
            raise OutOfTime(f"account {request.account_id}: {remaining} ms left, audit deferred")
        try:
            self.audit(request)
        except Exception as exc:
            # The type only: an AWS or library message may quote what it was given.
            logger.error(
                "account audit failed",
                extra={
                    "run_id": request.run_id,
                    "account_id": request.account_id,
                    "error": type(exc).__name__,
                },
            )
            raise AuditFailed(f"account {request.account_id}: audit failed ({type(exc).__name__})") from None

    # -- one account ---------------------------------------------------------------------------------

    def audit(self, request: AuditRequest) -> AccountAuditRecord:
        """Audit one account in one run and record it; raises on AWS failures (retry the message)."""
        account_id, run_id = request.account_id, request.run_id
        started = self._clock()
        ticks = time.monotonic()
        observations = observed_by_webhook(self._store, account_id)
        attestations = self._attestations(account_id)
        snapshot = self._collect(account_id)
        results = evaluate_snapshot(snapshot, attestations, observations=observations, now=started)
        owned = [r for r in results if r.check_id != WEBHOOK_CHECK_ID]
        outcome = self._store.apply_audit(
            account_id, owned, run_id=run_id, complete=snapshot.complete, resolution_scope=self._scope
        )
        alerts_sent, digest_sent = self._announce(account_id, run_id)
        summary = summarize(results)
        errors = part_errors(snapshot)
        record = AccountAuditRecord(
            run_id=run_id,
            account_id=account_id,
            started_at=started,
            finished_at=self._clock(),
            duration_ms=int((time.monotonic() - ticks) * 1000),
            complete=snapshot.complete,
            part_errors=errors,
            summary=summary,
            requests=snapshot.requests_made,
            resolution_allowed=outcome.resolution_allowed,
            created=len(outcome.created),
            reopened=len(outcome.reopened),
            resolved=len(outcome.resolved),
            seen=len(outcome.seen),
            suppressed=len(outcome.suppressed),
            alerts_sent=alerts_sent,
            digest_sent=digest_sent,
            results=results,
        )
        self._runs.record_account(record)
        if self._reports is not None:
            self._reports.account_finished(run_id, account_id)
        logger.info(
            "account audited",
            extra={
                "run_id": run_id,
                "account_id": account_id,
                "results": summary.results,
                "score": summary.score,
                "complete": snapshot.complete,
                "part_errors": errors,
                "findings_created": record.created,
                "findings_reopened": record.reopened,
                "findings_resolved": record.resolved,
                "alerts_sent": alerts_sent,
                "digest_sent": digest_sent,
                "requests": snapshot.requests_made,
            },
        )
        return record

    def _announce(self, account_id: str, run_id: str) -> tuple[int, bool]:
        """Critical alerts, then the run's digest, derived from the findings' state after the audit
        (not from this attempt's transitions) so that a redelivered message announces what an
        interrupted attempt did not."""
        mine = [
            f
            for f in self._store.findings_for_account(account_id)
            if f.check_id != WEBHOOK_CHECK_ID and f.last_run_id == run_id
        ]
        unannounced = [f for f in mine if owes_alert(f)]
        new = [f for f in unannounced if f.generation == 1]
        escalated = [f for f in unannounced if f.generation > 1 and f.change is Change.ESCALATED]
        reopened = [f for f in unannounced if f.generation > 1 and f.change is not Change.ESCALATED]
        resolved = [f for f in mine if f.status is WorkflowStatus.RESOLVED]

        alerts = 0
        for finding in unannounced:
            if finding.severity is Severity.CRITICAL:
                # What happened: "new", "reopened", or e.g. "now FAIL (was MANUAL)".
                alerts += int(self._publisher.alert(finding, finding.change_label))
        digest = self._publisher.digest(
            account_id, run_id, created=new, reopened=reopened, resolved=resolved, escalated=escalated
        )
        # The digest told people about the others: they are NOTIFIED now (a no-op for the critical
        # ones, already claimed by their alert).
        for finding in unannounced:
            if finding.severity is not Severity.CRITICAL:
                self._store.claim_alert(finding)
        return alerts, digest


def _time_left(context: Any, min_remaining_ms: int) -> bool:
    """At least `min_remaining_ms` of the invocation is left (always, without a Lambda context)."""
    return context is None or context.get_remaining_time_in_millis() >= min_remaining_ms


def _receive_count(record: SQSRecord) -> int:
    try:
        return int(record.attributes.approximate_receive_count)
    except (TypeError, ValueError):
        return 0
