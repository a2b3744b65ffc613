"""Record what a delivery carried: a PHI-free occurrence, the channel's finding, and its alert.

Every inspected delivery, clean or not, is also counted on its channel's SEEN marker (`seen`).

If DynamoDB or SNS fails half-way, the PHI-free record is parked on the parking queue for redrive,
so no finding is lost; if even that fails, the caller answers 503 and CTM retries. A record that
redrive cannot store stays parked; after maxReceiveCount redrives (template.yaml) SQS moves it to
the parking queue's dead-letter queue, whose alarm tells people.
"""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from aws_lambda_powertools import Logger
from botocore.exceptions import BotoCoreError, ClientError

from ctm_hipaa.findings import (
    AlertDeliveryError,
    AlertPublisher,
    CheckResult,
    FindingRepository,
    FindingStoreError,
    Occurrence,
    ResultStatus,
    Severity,
    Transition,
    bound_paths,
    channel_resource_name,
)
from ctm_hipaa.webhook.check_names import (
    WEBHOOK_CHECK_ID,
    WEBHOOK_REMEDIATION,
    WEBHOOK_TITLE,
    webhook_citations,
    webhook_resource,
)
from ctm_hipaa.webhook.ports import ParkingQueue

if TYPE_CHECKING:
    from mypy_boto3_sqs import SQSClient

logger = Logger(child=True)

OCCURRENCE_TTL = timedelta(days=30)
# A redrive holds each record it receives this long: one it skips is seen once per redrive.
REDRIVE_HOLD_SECONDS = 300


class AlertReason(StrEnum):
    """Why a webhook finding alerts (the alert's `reason`, before any critical identifiers)."""

    NEW = "new"
    REOPENED = "reopened"
    NEW_CATEGORIES = "new categories"
    UNNOTIFIED = "unnotified"  # an earlier alert of this generation could not be sent


_ALERT_REASONS = {
    Transition.CREATED: AlertReason.NEW,
    Transition.REOPENED: AlertReason.REOPENED,
    Transition.GREW: AlertReason.NEW_CATEGORIES,
}


class ParkingError(Exception):
    """The parking queue could not be written (nor the store: answer 503 so CTM retries) or read."""


class UnreadableRecord(ValueError):
    """A parked message is not a delivery record this version can read."""


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
    severity: Severity
    detail: str
    critical: list[str]
    more_paths: int = 0  # distinct paths left out of `paths` (records parked before the bound have none)
    incomplete: bool = False  # the time budget stopped the inspection: more may have been there

    def __post_init__(self) -> None:
        # A parked record comes back from JSON with the severity as text.
        object.__setattr__(self, "severity", Severity(self.severity))

    def bounded(self) -> DeliveryRecord:
        """This record with its paths bounded as a finding's are (`bound_paths`): one occurrence
        item or parked message stays small whatever the payload's keys."""
        paths, dropped = bound_paths(self.paths)
        return replace(self, paths=paths, more_paths=max(self.more_paths, dropped))

    def result(self) -> CheckResult:
        """The delivery as a FAIL of the webhook check on its channel, with the check's remediation and
        citations, as the catalog's runner stamps them on the check's own results."""
        resource = webhook_resource(self.channel)
        return CheckResult(
            check_id=WEBHOOK_CHECK_ID,
            account_id=self.account_id,
            resource_id=resource,
            resource_name=channel_resource_name(resource),
            status=ResultStatus.FAIL,
            severity=self.severity,
            title=WEBHOOK_TITLE,
            detail=self.detail,
            remediation=WEBHOOK_REMEDIATION,
            hipaa=webhook_citations(),
        )


@dataclass(frozen=True)
class RecordOutcome:
    transition: Transition | None
    alerted: bool
    parked: bool


@dataclass(frozen=True)
class RedriveResult:
    """What one redrive did: records stored, and records skipped per PHI-free reason (a type name)."""

    stored: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    @property
    def skipped_count(self) -> int:
        return sum(self.skipped.values())


class FindingParking:
    """The SQS parking queue for PHI-free delivery records that could not be stored: the
    ParkingQueue adapter, and the redrive that drains it."""

    def __init__(self, sqs: SQSClient, queue_url: str) -> None:
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

    def drain(self, handle: Callable[[DeliveryRecord], object], *, max_messages: int = 1000) -> RedriveResult:
        """Redrive: hand each parked record to `handle`, deleting it only once handled.

        Each message stands alone: one that does not parse, or whose record `handle` cannot store,
        is skipped and counted by reason, and the records behind it are still replayed. Skipped
        messages stay parked and visible for the next redrive; SQS counts each receive and moves a
        record that keeps failing to the dead-letter queue. ParkingError if SQS fails.
        """
        stored, skipped, held = 0, Counter[str](), list[str]()
        while stored + len(held) < max_messages:
            with _queue_errors("receive"):
                batch = self._sqs.receive_message(
                    QueueUrl=self._queue_url, MaxNumberOfMessages=10, VisibilityTimeout=REDRIVE_HOLD_SECONDS
                ).get("Messages", [])
            if not batch:
                break
            for message in batch:
                try:
                    handle(_parked_record(message.get("Body", "")))
                except (
                    UnreadableRecord,
                    FindingStoreError,
                    AlertDeliveryError,
                    ClientError,
                    BotoCoreError,
                ) as exc:
                    skipped[type(exc).__name__] += 1
                    held.append(message["ReceiptHandle"])
                    continue
                with _queue_errors("delete"):
                    self._sqs.delete_message(QueueUrl=self._queue_url, ReceiptHandle=message["ReceiptHandle"])
                stored += 1
        for receipt_handle in held:
            # Visible again for the next redrive (best effort: the hold expires anyway).
            with contextlib.suppress(ClientError, BotoCoreError):
                self._sqs.change_message_visibility(
                    QueueUrl=self._queue_url, ReceiptHandle=receipt_handle, VisibilityTimeout=0
                )
        return RedriveResult(stored=stored, skipped=dict(skipped))


@contextlib.contextmanager
def _queue_errors(operation: str) -> Iterator[None]:
    try:
        yield
    except (ClientError, BotoCoreError) as exc:
        raise ParkingError(f"cannot {operation} parked records: {type(exc).__name__}") from exc


def _parked_record(body: str) -> DeliveryRecord:
    """The delivery record of a parked message, checked as far as it can be without storing it."""
    try:
        fields = json.loads(body)["record"]
        record = DeliveryRecord(**fields)
        record.result()  # its severity and ids make a valid check result
        return record.bounded()
    except (ValueError, TypeError, KeyError) as exc:
        raise UnreadableRecord(f"a parked message is not a delivery record ({type(exc).__name__})") from exc


class WebhookRecorder:
    """Writes delivery records through the finding lifecycle and alerts on what is new."""

    def __init__(
        self,
        store: FindingRepository,
        publisher: AlertPublisher,
        parking: ParkingQueue,
        *,
        clock: Callable[[], datetime],
    ) -> None:
        self._store = store
        self._publisher = publisher
        self._parking = parking
        self._clock = clock

    def record(self, record: DeliveryRecord) -> RecordOutcome:
        """Store the occurrence and the finding, alert if people must hear; park on failure."""
        record = record.bounded()
        try:
            return self.store(record)
        except (FindingStoreError, AlertDeliveryError, ClientError, BotoCoreError) as exc:
            self._parking.park(record, failure=type(exc).__name__)
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
            reason: str = _ALERT_REASONS.get(observation.transition, AlertReason.UNNOTIFIED)
            if record.critical:
                reason = f"{reason}; critical identifiers ({', '.join(record.critical)})"
            alerted = self._publisher.alert(observation.finding, reason)
        return RecordOutcome(transition=observation.transition, alerted=alerted, parked=False)

    def seen(self, account_id: str, channel: str, *, at: datetime, clean: bool) -> bool:
        """Count one inspected delivery on its channel's SEEN marker; False when that write failed.

        A failure is logged and swallowed, never parked nor answered 503. The marker is evidence
        for a PASS only: a lost clean count can keep `webhook_phi_detected` MANUAL until the next
        delivery is counted, never make it PASS. A flagged delivery's evidence is its finding,
        recorded (or parked for redrive) before this and apart from it: a lost flagged count leaves
        the open finding to FAIL the channel. (Only when the finding was parked too can an audit
        before the redrive see nothing but earlier clean deliveries: parking, not this marker, is
        what keeps that delivery.) `account_id` is the verified delivery's.
        """
        try:
            self._store.mark_delivery_seen(account_id, channel, at=at, clean=clean)
        except (FindingStoreError, ClientError, BotoCoreError) as exc:
            # The type only: an AWS message may quote what it was given.
            logger.warning("delivery not counted as seen", extra={"error": type(exc).__name__})
            return False
        return True

    def _occurrence(self, record: DeliveryRecord) -> Occurrence:
        """The delivery's PHI-free occurrence; it expires after OCCURRENCE_TTL."""
        return Occurrence(
            channel=record.channel,
            received_at=record.received_at,
            digest=record.digest,
            expires_at=self._clock() + OCCURRENCE_TTL,
            attributes=asdict(record),
        )
