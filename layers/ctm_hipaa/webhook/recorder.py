"""Record what a delivery carried: a PHI-free occurrence, the channel's finding, and its alert.

If DynamoDB or SNS fails half-way, the PHI-free record is parked on the parking queue for redrive,
so no finding is lost; if even that fails, the caller answers 503 and CTM retries.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from ctm_hipaa.findings.alerts import AlertDeliveryError, AlertPublisher
from ctm_hipaa.findings.model import CheckResult, ResultStatus, Severity, bound_paths
from ctm_hipaa.findings.store import FindingStore, FindingStoreError, Transition

WEBHOOK_CHECK_ID = "webhook_phi_detected"
WEBHOOK_TITLE = "PHI leaves CTM in post-call deliveries"
OCCURRENCE_TTL = timedelta(days=30)
_ALERT_REASONS = {
    Transition.CREATED: "new",
    Transition.REOPENED: "reopened",
    Transition.GREW: "new categories",
}


class ParkingError(Exception):
    """Neither the findings store nor the parking queue took the record: answer 503 so CTM retries."""


@dataclass(frozen=True)
class DeliveryRecord:
    """Everything kept about one delivery: ids, a keyed digest, categories, paths, counts. No values."""

    account_id: str
    call_id: str
    channel: str
    digest: str  # HMAC of the body with the agency secret: correlates repeats, reveals nothing
    received_at: str
    categories: list[str]
    paths: list[str]
    counts: dict[str, int]
    severity: str
    detail: str
    critical: list[str]
    more_paths: int = 0  # distinct paths left out of `paths` (records parked before the bound have none)

    def bounded(self) -> DeliveryRecord:
        """This record with its paths bounded as a finding's are (`bound_paths`): one occurrence
        item or parked message stays small whatever the payload's keys."""
        paths, dropped = bound_paths(self.paths)
        return replace(self, paths=paths, more_paths=max(self.more_paths, dropped))

    def result(self) -> CheckResult:
        return CheckResult(
            check_id=WEBHOOK_CHECK_ID,
            account_id=self.account_id,
            resource_id=f"webhook:{self.channel}",
            status=ResultStatus.FAIL,
            severity=Severity(self.severity),
            title=WEBHOOK_TITLE,
            detail=self.detail,
        )


@dataclass(frozen=True)
class RecordOutcome:
    transition: Transition | None
    alerted: bool
    parked: bool


class FindingParking:
    """The SQS parking queue for PHI-free delivery records that could not be stored."""

    def __init__(self, sqs: Any, queue_url: str) -> None:
        self._sqs = sqs
        self._queue_url = queue_url

    def park(self, record: DeliveryRecord, failure: str) -> None:
        try:
            self._sqs.send_message(
                QueueUrl=self._queue_url,
                MessageBody=json.dumps({"record": asdict(record), "failure": failure}),
            )
        except (ClientError, BotoCoreError) as exc:
            raise ParkingError(
                f"cannot park the record for account {record.account_id}: {type(exc).__name__}"
            ) from exc

    def drain(self, handle: Callable[[DeliveryRecord], object], *, max_messages: int = 1000) -> int:
        """Redrive: hand each parked record to `handle`, deleting it only once handled."""
        done = 0
        while done < max_messages:
            batch = self._sqs.receive_message(QueueUrl=self._queue_url, MaxNumberOfMessages=10).get(
                "Messages", []
            )
            if not batch:
                return done
            for message in batch:
                handle(DeliveryRecord(**json.loads(message["Body"])["record"]))
                self._sqs.delete_message(QueueUrl=self._queue_url, ReceiptHandle=message["ReceiptHandle"])
                done += 1
        return done


class WebhookRecorder:
    """Writes delivery records through the finding lifecycle and alerts on what is new."""

    def __init__(
        self,
        store: FindingStore,
        publisher: AlertPublisher,
        table: Any,
        parking: FindingParking,
        *,
        clock: Callable[[], datetime],
    ) -> None:
        self._store = store
        self._publisher = publisher
        self._table = table
        self.parking = parking
        self._clock = clock

    def record(self, record: DeliveryRecord) -> RecordOutcome:
        """Store the occurrence and the finding, alert if people must hear; park on failure."""
        record = record.bounded()
        try:
            return self.store(record)
        except (FindingStoreError, AlertDeliveryError, ClientError, BotoCoreError) as exc:
            self.parking.park(record, failure=type(exc).__name__)
            return RecordOutcome(transition=None, alerted=False, parked=True)

    def store(self, record: DeliveryRecord) -> RecordOutcome:
        """Like `record`, but failures propagate (used by redrive, which must not re-park)."""
        record = record.bounded()
        # One transaction writes the occurrence and counts it: a redriven record that was stored
        # before (the alert failed, say) updates its finding without counting again.
        observation = self._store.observe(
            record.result(),
            categories=record.categories,
            paths=record.paths,
            more_paths=record.more_paths,
            occurrence=self._occurrence(record),
        )
        alerted = False
        if observation.needs_alert and observation.finding is not None:
            reason = _ALERT_REASONS.get(observation.transition, "unnotified")
            if record.critical:
                reason = f"{reason}; critical identifiers ({', '.join(record.critical)})"
            alerted = self._publisher.alert(observation.finding, reason)
        return RecordOutcome(transition=observation.transition, alerted=alerted, parked=False)

    def _occurrence(self, record: DeliveryRecord) -> dict[str, Any]:
        """The delivery's PHI-free occurrence item; it expires after OCCURRENCE_TTL."""
        expires = self._clock() + OCCURRENCE_TTL
        return {
            "pk": f"ACCOUNT#{record.account_id}",
            "sk": f"OCCURRENCE#{record.channel}#{record.received_at}#{record.digest[:16]}",
            "type": "occurrence",
            **asdict(record),
            "expires_at": int(expires.timestamp()),
        }
