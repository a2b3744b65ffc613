"""The recorder's rules on the in-memory fakes of its ports: what alerts, what parks, what counts.

The same paths on the real resources (a table, topic or queue that is gone) are in
test_webhook_failures.py, on moto.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from tests.fakes import MemoryAlertSink, MemoryFindingStore, MemoryParkingQueue

from ctm_hipaa.findings.alerts import AlertPublisher
from ctm_hipaa.findings.lifecycle import Observation, Transition
from ctm_hipaa.findings.model import MAX_FINDING_PATHS, CheckResult
from ctm_hipaa.findings.store import FindingStoreError
from ctm_hipaa.webhook.check_names import WEBHOOK_CHECK_ID
from ctm_hipaa.webhook.recorder import DeliveryRecord, WebhookRecorder

NOW = datetime(2026, 11, 1, 6, 0, tzinfo=UTC)


def record(call: int, categories: list[str], *, critical: tuple[str, ...] = ()) -> DeliveryRecord:
    return DeliveryRecord(
        account_id="412233",
        call_id=str(880000 + call),
        channel="end",
        digest=f"{call:064x}",
        received_at=f"2026-11-01T06:00:{call:02d}+00:00",
        categories=categories,
        paths=["notes"],
        counts=dict.fromkeys(categories, 1),
        severity="critical" if critical else "medium",
        detail="CTM deliveries on channel 'end' carry PHI.",
        critical=list(critical),
    )


class Parts:
    def __init__(self, store: MemoryFindingStore | None = None) -> None:
        self.store = store or MemoryFindingStore(clock=lambda: NOW)
        self.sink = MemoryAlertSink()
        self.parking = MemoryParkingQueue()
        self.recorder = WebhookRecorder(
            self.store, AlertPublisher(self.sink, self.store), self.parking, clock=lambda: NOW
        )


@pytest.fixture
def parts() -> Parts:
    return Parts()


def test_a_new_finding_alerts_once_and_names_its_critical_identifiers(parts: Parts) -> None:
    first = parts.recorder.record(record(0, ["SSN"], critical=("SSN",)))
    again = parts.recorder.record(record(1, ["SSN"], critical=("SSN",)))

    assert (first.transition, first.alerted, first.parked) == (Transition.CREATED, True, False)
    assert (again.transition, again.alerted) == (Transition.SEEN, False)
    [alert] = parts.sink.sent
    assert alert.body["reason"] == "new; critical identifiers (SSN)"
    assert alert.attributes == {
        "kind": "finding",
        "severity": "critical",
        "account_id": "412233",
        "check_id": WEBHOOK_CHECK_ID,
    }
    [finding] = parts.store.findings_for_account("412233")
    assert finding.occurrences == 2 and len(parts.store.occurrences) == 2


def test_new_categories_alert_again(parts: Parts) -> None:
    parts.recorder.record(record(0, ["NAME"]))
    grown = parts.recorder.record(record(1, ["NAME", "EMAIL"]))

    assert (grown.transition, grown.alerted) == (Transition.GREW, True)
    assert [alert.body["reason"] for alert in parts.sink.sent] == ["new", "new categories"]


def test_a_failed_alert_parks_the_record_and_its_redrive_alerts_without_counting_again(parts: Parts) -> None:
    parts.sink.refusing = True
    outcome = parts.recorder.record(record(0, ["NAME"]))

    assert (outcome.transition, outcome.alerted, outcome.parked) == (None, False, True)
    [(parked, failure)] = parts.parking.parked
    assert failure == "AlertDeliveryError"

    parts.sink.refusing = False
    redriven = parts.recorder.store(parked)

    assert redriven.alerted
    assert len(parts.sink.sent) == 1
    [finding] = parts.store.findings_for_account("412233")
    assert finding.occurrences == 1  # the occurrence was stored with the first attempt


class DownStore(MemoryFindingStore):
    def observe(self, result: CheckResult, **kwargs: Any) -> Observation:
        raise FindingStoreError("findings table unreachable")


def test_a_store_failure_parks_the_bounded_record() -> None:
    parts = Parts(DownStore())
    many = replace(record(0, ["NAME"]), paths=[f"custom_fields.intake_{n:05d}" for n in range(500)])

    assert parts.recorder.record(many).parked

    [(parked, failure)] = parts.parking.parked
    assert failure == "FindingStoreError"
    assert len(parked.paths) == MAX_FINDING_PATHS and parked.more_paths == 500 - MAX_FINDING_PATHS
    assert parts.sink.sent == []
