"""The ports of the webhook package: where the recorder parks what it could not store
(FindingParking, SQS, is the adapter; tests have an in-memory fake), and the relay queue each
delivery is queued on for the destinations of its account (`ctm_hipaa.relay.RelayEnqueuer`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from ctm_hipaa.webhook.recorder import DeliveryRecord


class ParkingQueue(Protocol):
    """Keeps PHI-free delivery records for redrive."""

    def park(self, record: DeliveryRecord, failure: str) -> None:
        """Keep `record` (`failure` names what failed, a type name); ParkingError if it cannot."""
        ...


class RelayQueue(Protocol):
    """Queues a verified delivery for the relay, once per destination of its account."""

    def enqueue(self, *, delivery_id: str, account_id: str, payload: Mapping[str, Any]) -> int:
        """How many messages were queued (0: the account has no destination); RelayQueueError if
        any could not be."""
        ...
