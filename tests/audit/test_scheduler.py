"""The scheduler: one message per account in batches of ten, failed entries retried, none lost.

Partial failures are real moto behaviour, not a stubbed response: a botocore hook on the client
rewrites one entry of an outgoing SendMessageBatch with DelaySeconds=901, which SQS (and moto)
refuse for that entry only (`Failed`, SenderFault) while accepting the others. On the first call
only, it is a transient failure the retry must repair; on every call, a permanent one that must be
reported and recorded, never dropped.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from audit_support import sample_agency

from ctm_hipaa.audit.bootstrap import build_scheduler_service
from ctm_hipaa.audit.messages import AuditRequest
from ctm_hipaa.audit.queue import AuditQueueSender
from ctm_hipaa.audit.runs import RunStore
from ctm_hipaa.audit.scheduler import AccountsNotQueued, SchedulerService
from ctm_hipaa.ctm import ItemProblem
from ctm_hipaa.settings import Settings
from ctm_hipaa_tools.simulator import CTMSimulator
from ctm_hipaa_tools.template import Template

ACCOUNTS = [str(1000 + i) for i in range(23)]
STARTED = datetime(2026, 11, 29, 6, 0, tzinfo=UTC)


@pytest.fixture
def sqs(aws: boto3.session.Session) -> Any:
    return aws.client("sqs")


@pytest.fixture
def queue_url(stack: Template) -> str:
    return stack.physical["AuditQueue"].ref


def calls_of(client: Any) -> list[int]:
    """Entries per SendMessageBatch call made through `client`."""
    sizes: list[int] = []
    client.meta.events.register(
        "provide-client-params.sqs.SendMessageBatch", lambda params, **_: sizes.append(len(params["Entries"]))
    )
    return sizes


def refuse(client: Any, account_id: str, *, times: int | None) -> None:
    """Make SQS refuse `account_id`'s entry (DelaySeconds beyond 900) `times` times (None: always)."""
    left = [times]

    def rewrite(params: dict[str, Any], **_: Any) -> None:
        for entry in params["Entries"]:
            if json.loads(entry["MessageBody"])["account_id"] == account_id and left[0] != 0:
                entry["DelaySeconds"] = 901
                if left[0] is not None:
                    left[0] -= 1

    client.meta.events.register("provide-client-params.sqs.SendMessageBatch", rewrite)


def queued(sqs: Any, url: str) -> list[dict[str, str]]:
    bodies = []
    while batch := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
        bodies += [json.loads(m["Body"]) for m in batch]
        sqs.delete_message_batch(
            QueueUrl=url,
            Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(batch)],
        )
    return bodies


def service(
    sqs: Any, url: str, table: Any, accounts: Callable[[list[ItemProblem]], list[str]] = lambda _: ACCOUNTS
) -> SchedulerService:
    return SchedulerService(
        list_accounts=accounts,
        queue=AuditQueueSender(sqs, url, sleep=lambda _: None),
        runs=RunStore(table),
        clock=lambda: STARTED,
    )


def test_one_message_per_account_in_batches_of_ten(sqs: Any, queue_url: str, findings_table: Any) -> None:
    sizes = calls_of(sqs)
    answer = service(sqs, queue_url, findings_table).handle({"source": "schedule"})

    assert sizes == [10, 10, 3]
    assert answer["accounts"] == answer["queued"] == 23 and answer["unqueued"] == []
    bodies = queued(sqs, queue_url)
    assert sorted(b["account_id"] for b in bodies) == ACCOUNTS
    assert {b["run_id"] for b in bodies} == {answer["run_id"]}
    assert all(AuditRequest.model_validate(b) for b in bodies)


def test_the_run_meta_item_is_recorded(sqs: Any, queue_url: str, findings_table: Any) -> None:
    run_id = service(sqs, queue_url, findings_table).handle({"source": "schedule"})["run_id"]

    item = findings_table.get_item(Key={"pk": f"RUN#{run_id}", "sk": "META"})["Item"]
    assert item["gsi1pk"] == "RUNS"
    assert item["gsi1sk"] == f"{STARTED.isoformat()}#{run_id}"
    assert item["expected"] == ACCOUNTS and item["started_at"] == STARTED.isoformat()
    assert run_id.startswith("20261129T060000Z-")
    assert [m.run_id for m in RunStore(findings_table).recent_runs()] == [run_id]
    status = RunStore(findings_table).run_status(run_id)
    assert status.missing == ACCOUNTS and status.finished == [] and not status.done


def test_the_run_gets_its_deadline_from_the_configured_window(
    aws: boto3.session.Session, stack: Template
) -> None:
    with CTMSimulator(sample_agency()) as simulator:
        environment = {
            **stack.function_environment("SchedulerFunction"),
            "CTM_API_BASE_URL": simulator.base_url,
            "AUDIT_RUN_DEADLINE_MINUTES": "90",
        }
        run_id = build_scheduler_service(Settings.from_env(environment), aws).start_run().run_id

    meta = RunStore(aws.resource("dynamodb").Table(environment["FINDINGS_TABLE"])).meta(run_id)
    assert meta is not None and meta.deadline is not None
    assert meta.deadline - meta.started_at == timedelta(minutes=90)
    assert len(meta.expected) == 5 and meta.finished == []


def test_a_refused_entry_is_retried_and_sent_once(sqs: Any, queue_url: str, findings_table: Any) -> None:
    sizes = calls_of(sqs)
    refuse(sqs, "1014", times=1)

    outcome = service(sqs, queue_url, findings_table).start_run()

    assert outcome.failed == [] and outcome.retried == 1
    assert sizes == [10, 10, 1, 3]  # the second batch's refused entry went again, alone
    assert sorted(b["account_id"] for b in queued(sqs, queue_url)) == ACCOUNTS  # once each


def test_a_permanently_refused_entry_is_reported_and_recorded(
    sqs: Any, queue_url: str, findings_table: Any
) -> None:
    refuse(sqs, "1003", times=None)

    with pytest.raises(AccountsNotQueued) as raised:
        service(sqs, queue_url, findings_table).handle({"source": "schedule"})

    assert [(f.account_id, f.sender_fault) for f in raised.value.failed] == [("1003", True)]
    assert "1003" in str(raised.value)
    assert sorted(b["account_id"] for b in queued(sqs, queue_url)) == [a for a in ACCOUNTS if a != "1003"]
    status = RunStore(findings_table).run_status(raised.value.run_id)
    assert status.unqueued == ["1003"]
    assert "1003" in status.missing


def test_a_whole_batch_failure_is_reported_for_every_entry(
    sqs: Any, queue_url: str, findings_table: Any
) -> None:
    missing = queue_url.rsplit("/", 1)[0] + "/no-such-queue"
    with pytest.raises(AccountsNotQueued) as raised:
        service(sqs, missing, findings_table).handle({"source": "schedule"})
    assert sorted(f.account_id for f in raised.value.failed) == ACCOUNTS
    assert RunStore(findings_table).run_status(raised.value.run_id).unqueued == ACCOUNTS


def test_an_invalid_event_is_refused_without_echoing_it(
    sqs: Any, queue_url: str, findings_table: Any
) -> None:
    with pytest.raises(ValueError, match="source") as raised:
        service(sqs, queue_url, findings_table).handle({"source": "Jane Doe 555-0100"})
    assert "Jane" not in str(raised.value)
    assert queued(sqs, queue_url) == []
