"""The webhook's side of the relay: queue one message per destination of the delivery's account.

The destinations of an account are cached for `cache_seconds` (a destination configured a minute
ago may wait that long), so a delivery costs one SQS call when its account has destinations and
none at all when it has none. When the destinations cannot be read (the findings table is down, as
when the webhook parks its findings), one fan-out message (`messages.FAN_OUT`) is queued instead:
the relay function reads them later and queues a message per destination. Every message must be
queued before the webhook answers: a failure raises RelayQueueError and the webhook answers 503, so
CTM retries and nothing is lost (the relay is idempotent per delivery and destination, so a
retried delivery is forwarded once). A delivery
too large for one message (after compression) cannot be forwarded: it is counted
(`RelayFailed{reason=too_large}`) and the webhook answers as usual, since a retry cannot help.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import boto3
from aws_lambda_powertools import Logger
from botocore.exceptions import BotoCoreError, ClientError

from ctm_hipaa.relay.messages import FAN_OUT, encode, pack_payload
from ctm_hipaa.relay.ports import Destinations, RelayTarget
from ctm_hipaa.relay.wiring import wired_destinations
from ctm_hipaa.settings import Settings
from ctm_hipaa.telemetry import PowertoolsRelayTelemetry, RelayTelemetry

if TYPE_CHECKING:
    from mypy_boto3_sqs import SQSClient

MAX_MESSAGE_BYTES = 256 * 1024  # SQS's limit per message (and per SendMessageBatch call: see below)
BATCH_SIZE = 10  # SQS's limit per SendMessageBatch
DEFAULT_CACHE_SECONDS = 60.0
MAX_CACHED_ACCOUNTS = 4096

logger = Logger(child=True)


class RelayQueueError(Exception):
    """A message could not be queued: answer 503."""


class DestinationsUnreadable(RelayQueueError):
    """The destinations could not be read (the findings table is unreachable)."""


class RelayEnqueuer:
    """Queues a verified delivery for each destination of its account (the webhook's relay port)."""

    def __init__(
        self,
        destinations: Destinations,
        sqs: SQSClient,
        queue_url: str,
        telemetry: RelayTelemetry,
        *,
        cache_seconds: float = DEFAULT_CACHE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._destinations = destinations
        self._sqs = sqs
        self._queue_url = queue_url
        self._telemetry = telemetry
        self._cache_seconds = cache_seconds
        self._clock = clock
        self._cache: dict[str, tuple[float, tuple[RelayTarget, ...]]] = {}

    def enqueue(
        self, *, delivery_id: str, account_id: str, payload: Mapping[str, Any], fan_out: bool = True
    ) -> int:
        """Queue `payload` once per destination of `account_id`; how many messages were queued.

        When the destinations cannot be read, one fan-out message (with `fan_out`; the relay
        function, which resolves fan-outs, passes False). RelayQueueError when SQS refuses a
        message, or the destinations cannot be read and `fan_out` is False.
        """
        try:
            names = [target.name for target in self._targets(account_id)]
        except DestinationsUnreadable:
            if not fan_out:
                raise
            logger.warning(
                "relay destinations unreadable: queued for fan-out", extra={"account_id": account_id}
            )
            names = [FAN_OUT]
        if not names:
            return 0
        packed = pack_payload(payload)
        bodies = [encode(delivery_id, account_id, name, packed) for name in names]
        if any(len(body.encode()) > MAX_MESSAGE_BYTES for body in bodies):
            self._telemetry.failed("too_large")
            logger.warning(
                "delivery too large to relay", extra={"account_id": account_id, "destinations": len(bodies)}
            )
            return 0
        # A batch call takes at most MAX_MESSAGE_BYTES in all: large bodies go one per call.
        batch: list[str] = []
        for body in bodies:
            if batch and (len(batch) == BATCH_SIZE or _size(batch) + len(body.encode()) > MAX_MESSAGE_BYTES):
                self._send(batch)
                batch = []
            batch.append(body)
        self._send(batch)
        return len(bodies)

    def _targets(self, account_id: str) -> tuple[RelayTarget, ...]:
        now = self._clock()
        cached = self._cache.get(account_id)
        if cached is not None and cached[0] > now:
            return cached[1]
        try:
            targets = tuple(self._destinations.for_account(account_id))
        except (ClientError, BotoCoreError) as exc:
            raise DestinationsUnreadable(
                f"the relay destinations could not be read ({type(exc).__name__})"
            ) from None
        if len(self._cache) >= MAX_CACHED_ACCOUNTS:
            self._cache.clear()  # bounded memory; one read per account refills it
        self._cache[account_id] = (now + self._cache_seconds, targets)
        return targets

    def _send(self, bodies: Sequence[str]) -> None:
        try:
            response = self._sqs.send_message_batch(
                QueueUrl=self._queue_url,
                Entries=[{"Id": str(index), "MessageBody": body} for index, body in enumerate(bodies)],
            )
        except (ClientError, BotoCoreError) as exc:
            raise RelayQueueError(f"the relay queue refused the delivery ({type(exc).__name__})") from None
        failed = response.get("Failed", [])
        if failed:
            # SQS's code only (its message may quote the entry).
            raise RelayQueueError(
                f"the relay queue refused {len(failed)} message(s) ({failed[0].get('Code')})"
            )


def _size(bodies: Sequence[str]) -> int:
    return sum(len(body.encode()) for body in bodies)


def build_relay_enqueuer(
    settings: Settings, session: boto3.session.Session, *, destinations: Destinations | None = None
) -> RelayEnqueuer | None:
    """The webhook's relay port, or None when the stack has no relay queue (RELAY_QUEUE_URL unset).

    `destinations` defaults to the wired ones (`ctm_hipaa.relay.wiring`); tests hand in fakes.
    """
    if not settings.relay_queue_url:
        return None
    table = session.resource("dynamodb").Table(settings.findings_table)
    return RelayEnqueuer(
        destinations or wired_destinations(table),
        session.client("sqs"),
        settings.relay_queue_url,
        PowertoolsRelayTelemetry(),
    )
