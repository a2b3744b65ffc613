"""The scheduled audit end to end on the local stack: scheduler -> SQS -> auditor, as in AWS.

`run_local_audit` invokes SchedulerFunction with events/scheduler-daily.json (through
`ctm_hipaa_tools.invoke`, so with template.yaml's environment), then acts as Lambda's SQS event
source mapping for AuditorFunction: it receives up to `max_batch` messages, builds the SQS batch
event Lambda would (messageId, receiptHandle, body, attributes with ApproximateReceiveCount,
eventSourceARN...), invokes the handler, deletes the messages that succeeded and makes the failed
ones visible again at once (standing in for the visibility timeout). The queue's redrive policy
(maxReceiveCount 3) moves a message that keeps failing to the DLQ, as SQS does. It stops when the
audit queue is empty.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ctm_hipaa.audit import AccountAuditRecord, RunStatus, RunStore
from ctm_hipaa.findings import CheckResult
from ctm_hipaa_tools.invoke import invoke, load_event
from ctm_hipaa_tools.stack import LocalStack

SCHEDULER = "SchedulerFunction"
AUDITOR = "AuditorFunction"
SCHEDULER_EVENT = "scheduler-daily.json"
MAX_ROUNDS = 500  # receive/invoke rounds: far beyond any local agency, a stop for a runaway loop


@dataclass
class LocalRunSummary:
    """What one local scheduled audit did."""

    run_id: str
    scheduler: dict[str, Any]  # the scheduler's response (run id, counts)
    accounts: dict[str, AccountAuditRecord]  # the run's record of each audited account
    status: RunStatus  # expected vs finished, totals
    invocations: int = 0  # AuditorFunction invocations
    failed_records: int = 0  # batch item failures reported (each was redelivered or dead-lettered)
    invocation_errors: list[str] = field(default_factory=list)  # handler exceptions, by type
    dead_lettered: int = 0  # messages in the audit DLQ when the run ended

    @property
    def results(self) -> list[CheckResult]:
        """Every account's check results, account by account (what `render_table` prints)."""
        return [
            result for account_id in sorted(self.accounts) for result in self.accounts[account_id].results
        ]

    def describe(self) -> str:
        """A few PHI-free lines: accounts expected/finished/missing, totals, changes, the queue."""
        status = self.status
        totals = ", ".join(f"{n} {s}" for s, n in status.results.items())
        score = "n/a" if status.score is None else f"{status.score:.1f}%"
        mean = "n/a" if status.mean_score is None else f"{status.mean_score:.1f}%"
        verdict = ", ".join(status.not_compliant) or "none"
        lines = [
            f"Run {self.run_id}: {len(status.finished)} of {len(status.expected)} accounts audited"
            + (f", missing {', '.join(status.missing)}" if status.missing else "")
            + (f", incomplete (CTM errors) {', '.join(status.incomplete)}" if status.incomplete else ""),
            f"Results: {totals}; agency score {score} (mean of the accounts' scores {mean})",
            f"Accounts not compliant: {verdict}",
            f"Findings: {status.created} new, {status.reopened} reopened, {status.resolved} resolved",
            f"Auditor: {self.invocations} invocation(s), {self.failed_records} failed record(s), "
            f"{self.dead_lettered} message(s) in the DLQ",
        ]
        return "\n".join(lines)


def run_local_audit(stack: LocalStack, *, ctm_base_url: str, max_batch: int = 5) -> LocalRunSummary:
    """Run one scheduled audit on `stack` against the CTM API at `ctm_base_url`."""
    if not 1 <= max_batch <= 10:
        raise ValueError("max_batch must be 1 to 10 (SQS receives at most 10 messages)")
    if stack.session is None:
        raise RuntimeError("the local stack is not started")
    env = {"CTM_API_BASE_URL": ctm_base_url}
    events_dir = stack.template.path.parent / "events"
    scheduled = invoke(stack.template, SCHEDULER, load_event(events_dir / SCHEDULER_EVENT), extra_env=env)
    response: dict[str, Any] = scheduled.result
    run_id = str(response["run_id"])

    sqs = stack.session.client("sqs")
    queue_url = stack.physical_id("AuditQueue")
    queue_arn = stack.template.physical["AuditQueue"].attributes.get("Arn") or _queue_arn(sqs, queue_url)
    summary = LocalRunSummary(run_id=run_id, scheduler=response, accounts={}, status=_status(stack, run_id))
    for _ in range(MAX_ROUNDS):
        messages = sqs.receive_message(
            QueueUrl=queue_url,
            MaxNumberOfMessages=max_batch,
            AttributeNames=["All"],
            MessageAttributeNames=["All"],
            WaitTimeSeconds=0,
        ).get("Messages", [])
        if not messages:
            if _queue_empty(sqs, queue_url):
                break
            continue
        failed = _deliver(stack, env, messages, queue_arn, summary)
        done = [m for m in messages if m["MessageId"] not in failed]
        if done:
            sqs.delete_message_batch(
                QueueUrl=queue_url,
                Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(done)],
            )
        for message in messages:
            if message["MessageId"] in failed:
                sqs.change_message_visibility(
                    QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0
                )
    else:
        raise RuntimeError(f"the audit queue did not drain in {MAX_ROUNDS} rounds")

    runs = _runs(stack)
    summary.accounts = {record.account_id: record for record in runs.account_records(run_id)}
    summary.status = runs.run_status(run_id)
    dlq = stack.physical_id("AuditDeadLetterQueue")
    summary.dead_lettered = _visible(sqs, dlq)
    return summary


def sqs_event(messages: Iterable[Mapping[str, Any]], queue_arn: str, region: str) -> dict[str, Any]:
    """The event Lambda's SQS event source mapping builds from received messages."""
    records = []
    for message in messages:
        attributes = message.get("Attributes", {})
        records.append(
            {
                "messageId": message["MessageId"],
                "receiptHandle": message["ReceiptHandle"],
                "body": message["Body"],
                "attributes": {
                    "ApproximateReceiveCount": attributes.get("ApproximateReceiveCount", "1"),
                    "SentTimestamp": attributes.get("SentTimestamp", "0"),
                    "SenderId": attributes.get("SenderId", ""),
                    "ApproximateFirstReceiveTimestamp": attributes.get(
                        "ApproximateFirstReceiveTimestamp", "0"
                    ),
                },
                "messageAttributes": message.get("MessageAttributes", {}),
                "md5OfBody": message.get("MD5OfBody") or hashlib.md5(message["Body"].encode()).hexdigest(),  # noqa: S324 - SQS's own checksum
                "eventSource": "aws:sqs",
                "eventSourceARN": queue_arn,
                "awsRegion": region,
            }
        )
    return {"Records": records}


def _deliver(
    stack: LocalStack,
    env: dict[str, str],
    messages: Sequence[Mapping[str, Any]],
    queue_arn: str,
    summary: LocalRunSummary,
) -> set[str]:
    """Invoke the auditor with one batch; the ids of the messages that failed."""
    assert stack.session is not None
    event = sqs_event(messages, queue_arn, stack.session.region_name or "us-east-1")
    summary.invocations += 1
    try:
        result = invoke(stack.template, AUDITOR, event, extra_env=env).result
    except Exception as exc:  # a failed invocation fails its whole batch, as in Lambda
        summary.invocation_errors.append(type(exc).__name__)
        summary.failed_records += len(messages)
        return {m["MessageId"] for m in messages}
    failures = {str(item["itemIdentifier"]) for item in (result or {}).get("batchItemFailures", [])}
    summary.failed_records += len(failures)
    return failures


def _queue_empty(sqs: Any, url: str) -> bool:
    attributes = sqs.get_queue_attributes(
        QueueUrl=url,
        AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    )["Attributes"]
    return all(int(attributes.get(name, 0)) == 0 for name in attributes)


def _visible(sqs: Any, url: str) -> int:
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])
    return int(attributes["Attributes"].get("ApproximateNumberOfMessages", 0))


def _queue_arn(sqs: Any, url: str) -> str:
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]
    return str(attributes["QueueArn"])


def _runs(stack: LocalStack) -> RunStore:
    assert stack.session is not None
    return RunStore(stack.session.resource("dynamodb").Table(stack.physical_id("FindingsTable")))


def _status(stack: LocalStack, run_id: str) -> RunStatus:
    return _runs(stack).run_status(run_id)
