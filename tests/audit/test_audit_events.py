"""The scheduler and auditor events of events/ give, through `invoke`, the outcome events/README.md
documents (tests/test_events.py runs the webhook rows)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ctm_hipaa.audit.runs import RunStore
from ctm_hipaa_tools.agency_file import load_agency_file, sample_agency_path
from ctm_hipaa_tools.invoke import invoke, load_event
from ctm_hipaa_tools.simulator import CTMSimulator
from ctm_hipaa_tools.stack import LocalStack

EVENTS = Path(__file__).resolve().parents[2] / "events"
ROW = re.compile(r"^\| `(?P<file>[^`]+)` \| (?P<function>\w+) \| (?P<outcome>.+) \|$")
FUNCTIONS = ("SchedulerFunction", "AuditorFunction")


def documented() -> dict[str, tuple[str, str]]:
    rows = (ROW.match(line) for line in (EVENTS / "README.md").read_text().splitlines())
    return {m["file"]: (m["function"], m["outcome"]) for m in rows if m and m["function"] in FUNCTIONS}


@pytest.fixture(scope="module")
def running() -> Iterator[tuple[LocalStack, CTMSimulator]]:
    with LocalStack() as stack, CTMSimulator(load_agency_file(sample_agency_path())) as simulator:
        yield stack, simulator


def run(running: tuple[LocalStack, CTMSimulator], name: str) -> Any:
    stack, simulator = running
    function, _ = documented()[name]
    env = {"CTM_API_BASE_URL": simulator.base_url}
    return invoke(stack.template, function, load_event(EVENTS / name), extra_env=env).result


def test_the_audit_events_are_documented() -> None:
    assert set(documented()) == {"scheduler-daily.json", "auditor-account.json", "auditor-poison.json"}
    assert load_event(EVENTS / "scheduler-daily.json") == {"source": "schedule"}  # as template.yaml sets it


def test_scheduler_daily_queues_one_message_per_account(running: tuple[LocalStack, CTMSimulator]) -> None:
    stack, _ = running
    assert stack.session is not None
    outcome = documented()["scheduler-daily.json"][1]
    expected = int(re.search(r"\((\d+) for the sample agency\)", outcome)[1])  # type: ignore[index]

    answer = run(running, "scheduler-daily.json")

    assert answer["accounts"] == answer["queued"] == expected and answer["unqueued"] == []
    sqs = stack.session.client("sqs")
    url = stack.physical_id("AuditQueue")
    bodies = []
    while batch := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
        bodies += [json.loads(m["Body"]) for m in batch]
        for m in batch:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
    assert len(bodies) == expected and {b["run_id"] for b in bodies} == {answer["run_id"]}
    table = stack.session.resource("dynamodb").Table(stack.physical_id("FindingsTable"))
    assert len(RunStore(table).run_status(answer["run_id"]).expected) == expected


@pytest.mark.parametrize("name", ["auditor-account.json", "auditor-poison.json"])
def test_auditor_event_gives_its_documented_outcome(
    running: tuple[LocalStack, CTMSimulator], name: str
) -> None:
    stack, _ = running
    assert stack.session is not None
    outcome = documented()[name][1]
    event = load_event(EVENTS / name)
    ids = [r["messageId"] for r in event["Records"]]

    answer = run(running, name)

    failures = [f["itemIdentifier"] for f in answer["batchItemFailures"]]
    if outcome.startswith("no batch item failures"):
        assert failures == []
        account_id = re.search(r"account (\d+)", outcome)[1]  # type: ignore[index]
        run_id = re.search(r"run `([^`]+)`", outcome)[1]  # type: ignore[index]
        table = stack.session.resource("dynamodb").Table(stack.physical_id("FindingsTable"))
        records = RunStore(table).account_records(run_id)
        assert [r.account_id for r in records] == [account_id]
    else:
        count = int(re.match(r"(\d+) batch item failure", outcome)[1])  # type: ignore[index]
        assert failures == ids and len(failures) == count
