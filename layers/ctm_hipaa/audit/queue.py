"""Send audit requests to the audit queue in batches of ten, retrying failed entries.

`SendMessageBatch` may accept some entries of a batch and refuse others (`Failed`, each with a
code and `SenderFault`), or fail as a whole (throttling, a network error). Either way the refused
entries are sent again, up to `max_attempts` times in all with a short back-off; whatever still
fails is *returned* to the caller, never dropped: the scheduler records it on the run and fails
the invocation. Sender faults are retried too: a retry is cheap and bounded, and it keeps one rule
for every failure.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aws_lambda_powertools import Logger
from botocore.exceptions import BotoCoreError, ClientError

from ctm_hipaa.audit.messages import AuditRequest

if TYPE_CHECKING:
    from mypy_boto3_sqs import SQSClient

BATCH_SIZE = 10  # SQS's limit per SendMessageBatch
DEFAULT_MAX_ATTEMPTS = 4

logger = Logger(child=True)


@dataclass(frozen=True)
class FailedSend:
    """An account whose message could not be queued, with SQS's error code (never a body)."""

    account_id: str
    code: str
    sender_fault: bool


@dataclass
class SendReport:
    """What `AuditQueueSender.send` did."""

    sent: list[str] = field(default_factory=list)  # account ids queued
    failed: list[FailedSend] = field(default_factory=list)  # gave up on these
    retried: int = 0  # entries sent more than once
    calls: int = 0  # SendMessageBatch calls made


class AuditQueueSender:
    """The audit queue, as the scheduler uses it."""

    def __init__(
        self,
        sqs: SQSClient,
        queue_url: str,
        *,
        max_attempts: int = DEFAULT_MAX_ATTEMPTS,
        backoff_seconds: float = 0.2,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self._sqs = sqs
        self._queue_url = queue_url
        self._max_attempts = max_attempts
        self._backoff = backoff_seconds
        self._sleep = sleep

    def send(self, requests: Sequence[AuditRequest]) -> SendReport:
        """Queue one message per request; see the module docstring for failures."""
        report = SendReport()
        for start in range(0, len(requests), BATCH_SIZE):
            self._send_batch(list(requests[start : start + BATCH_SIZE]), report)
        return report

    def _send_batch(self, batch: list[AuditRequest], report: SendReport) -> None:
        pending = batch
        last_errors: dict[str, FailedSend] = {}
        for attempt in range(1, self._max_attempts + 1):
            if attempt > 1:
                report.retried += len(pending)
                self._sleep(self._backoff * 2 ** (attempt - 2))
            entries = {f"m{i}": request for i, request in enumerate(pending)}
            report.calls += 1
            try:
                response = self._sqs.send_message_batch(
                    QueueUrl=self._queue_url,
                    Entries=[{"Id": key, "MessageBody": req.body()} for key, req in entries.items()],
                )
            except (ClientError, BotoCoreError) as exc:
                code = _code(exc)
                last_errors = {r.account_id: FailedSend(r.account_id, code, False) for r in pending}
                logger.warning("audit batch not sent", extra={"code": code, "entries": len(pending)})
                continue
            for ok in response.get("Successful", []):
                report.sent.append(entries[ok["Id"]].account_id)
            failed = [f for f in response.get("Failed", []) if f.get("Id") in entries]
            pending = [entries[f["Id"]] for f in failed]
            last_errors = {
                entries[f["Id"]].account_id: FailedSend(
                    entries[f["Id"]].account_id, str(f.get("Code", "unknown")), bool(f.get("SenderFault"))
                )
                for f in failed
            }
            if not pending:
                return
            logger.warning(
                "audit messages refused",
                extra={"codes": sorted({e.code for e in last_errors.values()}), "entries": len(pending)},
            )
        report.failed.extend(last_errors[r.account_id] for r in pending)


def _code(exc: Exception) -> str:
    if isinstance(exc, ClientError):
        return str(exc.response.get("Error", {}).get("Code", "ClientError"))
    return type(exc).__name__
