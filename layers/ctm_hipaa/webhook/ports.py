"""The ports of the webhook package: where the recorder parks what it could not store.
FindingParking (SQS) is the adapter; tests have an in-memory fake."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ctm_hipaa.webhook.recorder import DeliveryRecord


class ParkingQueue(Protocol):
    """Keeps PHI-free delivery records for redrive."""

    def park(self, record: DeliveryRecord, failure: str) -> None:
        """Keep `record` (`failure` names what failed, a type name); ParkingError if it cannot."""
        ...
