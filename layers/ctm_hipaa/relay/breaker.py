"""A circuit breaker per destination, its state in the findings table, so every relay instance
sees one state per destination.

    CLOSED      deliveries go out; `threshold` consecutive failures open it
    OPEN        deliveries wait (their messages are deferred) for `cooldown_seconds`
    HALF_OPEN   after the cool-down one delivery is let through as a trial: a success closes the
                breaker, a failure opens it for another cool-down. A trial whose outcome never came
                (its instance died) is stale after a cool-down, and the next delivery is the trial.

Only one instance wins a trial: the move to HALF_OPEN is conditional on the state it read
(`changed_at`, the time of the last move). Counting is one atomic ADD, so instances do not lose
each other's failures. Names and counts only: nothing here holds a delivery.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from botocore.exceptions import ClientError

from ctm_hipaa import tables

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.service_resource import Table

DEFAULT_THRESHOLD = 5
DEFAULT_COOLDOWN_SECONDS = 300.0


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


@dataclass(frozen=True)
class BreakerRecord:
    """A destination's breaker as stored: its state, consecutive failures, and when it last moved."""

    state: BreakerState = BreakerState.CLOSED
    failures: int = 0
    changed_at: float = 0.0


@dataclass(frozen=True)
class Admission:
    """Whether a delivery may go out now; if not, how long until it is worth asking again."""

    allowed: bool
    seen: BreakerRecord
    trial: bool = False
    retry_after: float = 0.0


class BreakerStore(Protocol):
    def read(self, name: str) -> BreakerRecord: ...

    def add_failure(self, name: str) -> BreakerRecord:
        """Count one failure atomically; the record after it."""
        ...

    def move(self, name: str, state: BreakerState, at: float, *, if_changed_at: float | None = None) -> bool:
        """Set `state` (CLOSED resets the failures); with `if_changed_at`, only if the record still
        has that `changed_at` (False when another instance moved it first)."""
        ...


class CircuitBreaker:
    """Admits or parks deliveries to each destination; see the module docstring."""

    def __init__(
        self,
        store: BreakerStore,
        *,
        threshold: int = DEFAULT_THRESHOLD,
        cooldown_seconds: float = DEFAULT_COOLDOWN_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if threshold < 1:
            raise ValueError("threshold must be at least 1")
        self._store = store
        self._threshold = threshold
        self._cooldown = cooldown_seconds
        self._clock = clock

    def admit(self, name: str) -> Admission:
        """May a delivery to `name` go out now? Claims the trial when a cool-down is over."""
        record = self._store.read(name)
        if record.state is BreakerState.CLOSED:
            return Admission(allowed=True, seen=record)
        now = self._clock()
        wait = record.changed_at + self._cooldown - now
        if wait > 0:
            return Admission(allowed=False, seen=record, retry_after=wait)
        if self._store.move(name, BreakerState.HALF_OPEN, now, if_changed_at=record.changed_at):
            return Admission(allowed=True, seen=record, trial=True)
        return Admission(allowed=False, seen=record, retry_after=self._cooldown)

    def succeeded(self, name: str, admission: Admission) -> None:
        """A delivery admitted by `admission` reached the destination: close the breaker."""
        if admission.trial or admission.seen.failures or admission.seen.state is not BreakerState.CLOSED:
            self._store.move(name, BreakerState.CLOSED, self._clock())

    def failed(self, name: str, admission: Admission) -> BreakerState:
        """A delivery admitted by `admission` failed; the breaker's state after it."""
        now = self._clock()
        if admission.trial:
            self._store.move(name, BreakerState.OPEN, now)
            return BreakerState.OPEN
        record = self._store.add_failure(name)
        if record.state is BreakerState.CLOSED and record.failures >= self._threshold:
            self._store.move(name, BreakerState.OPEN, now, if_changed_at=record.changed_at)
            return BreakerState.OPEN
        return record.state


class DynamoBreakerStore:
    """Breakers as items of the findings table (`tables.relay_breaker_pk`), strongly consistent."""

    def __init__(self, table: Table) -> None:
        self._table = table

    def read(self, name: str) -> BreakerRecord:
        item = self._table.get_item(Key=_key(name), ConsistentRead=True).get("Item")
        return _record(item) if item else BreakerRecord()

    def add_failure(self, name: str) -> BreakerRecord:
        response = self._table.update_item(
            Key=_key(name),
            UpdateExpression="ADD failures :one SET #s = if_not_exists(#s, :closed), "
            "changed_at = if_not_exists(changed_at, :zero)",
            ExpressionAttributeNames={"#s": "state"},
            ExpressionAttributeValues={":one": 1, ":closed": BreakerState.CLOSED.value, ":zero": 0},
            ReturnValues="ALL_NEW",
        )
        return _record(response["Attributes"])

    def move(self, name: str, state: BreakerState, at: float, *, if_changed_at: float | None = None) -> bool:
        values: dict[str, Any] = {":s": state.value, ":at": Decimal(str(at))}
        expression = "SET #s = :s, changed_at = :at"
        if state is BreakerState.CLOSED:
            expression += ", failures = :zero"
            values[":zero"] = 0
        kwargs: dict[str, Any] = {}
        if if_changed_at is not None:
            kwargs["ConditionExpression"] = "changed_at = :seen OR attribute_not_exists(changed_at)"
            values[":seen"] = Decimal(str(if_changed_at))
        try:
            self._table.update_item(
                Key=_key(name),
                UpdateExpression=expression,
                ExpressionAttributeNames={"#s": "state"},
                ExpressionAttributeValues=values,
                **kwargs,
            )
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                return False
            raise
        return True


def _key(name: str) -> dict[str, str]:
    return {"pk": tables.relay_breaker_pk(name), "sk": tables.BREAKER_SK}


def _record(item: dict[str, Any]) -> BreakerRecord:
    return BreakerRecord(
        state=BreakerState(str(item.get("state", BreakerState.CLOSED.value))),
        failures=int(item.get("failures", 0)),
        changed_at=float(item.get("changed_at", 0)),
    )
