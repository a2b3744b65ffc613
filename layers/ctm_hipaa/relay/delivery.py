"""The relay function's use case: each SQS record is one delivery for one destination.

For each record: read the message, find its destination, ask its circuit breaker, then, once per
(delivery id, destination) (Powertools idempotency), transform the delivery through the Forwarder,
sign the body (Standard Webhooks), POST it, store its manifest and count it.

Failure semantics (ReportBatchItemFailures, Powertools `BatchProcessor`):
- a failed POST (timeout, connection, a non-2xx answer, a redirect), an unusable secret or a
  Forwarder error fails the record (all but the last count on the destination's breaker); its
  message is hidden for a back-off that doubles with each receive (`backoff_seconds`), then
  redelivered; after the queue's maxReceiveCount SQS moves it to the
  dead-letter queue, whose alarm tells people;
- while a destination's breaker is open its records are deferred until the cool-down ends,
  without a request (they still count receives: a destination down for long fills the DLQ);
- a message that cannot be read fails (and ends in the DLQ); one whose destination is no longer
  configured is dropped and counted: there is nowhere to send it;
- a fan-out message (`messages.FAN_OUT`: the webhook could not read the destinations) is turned
  into one message per destination of its account (`fan_out`); it fails, and is retried, while the
  destinations still cannot be read.
Nothing logged, counted or raised holds a payload value: names, ids, statuses and type names only.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import requests
from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig, idempotent_function
from aws_lambda_powertools.utilities.idempotency.exceptions import IdempotencyAlreadyInProgressError
from aws_lambda_powertools.utilities.idempotency.persistence.base import BasePersistenceLayer
from botocore.exceptions import BotoCoreError, ClientError

from ctm_hipaa.relay.breaker import CircuitBreaker
from ctm_hipaa.relay.manifests import ManifestStore
from ctm_hipaa.relay.messages import FAN_OUT, RelayMessage, UnreadableRelayMessage, parse_message
from ctm_hipaa.relay.ports import Destinations, Forwarder, RelayTarget
from ctm_hipaa.relay.signing import SecretUnusable, SigningSecrets, message_id, signed_headers
from ctm_hipaa.telemetry import RelayTelemetry

if TYPE_CHECKING:
    from mypy_boto3_sqs import SQSClient

IDEMPOTENCY_TTL_SECONDS = 7 * 24 * 3600  # longer than a message lives on the queue and its DLQ
CONNECT_TIMEOUT_SECONDS = 3.05
READ_TIMEOUT_SECONDS = 10.0
BACKOFF_BASE_SECONDS = 30
BACKOFF_MAX_SECONDS = 900
IN_PROGRESS_RETRY_SECONDS = 60  # another instance is sending this very delivery right now
USER_AGENT = "ctm-hipaa-relay/1"
FORWARD_FAILED = "forward"

logger = Logger(child=True)


class DeliveryFailed(Exception):
    """This attempt did not reach the destination; `reason` is the metric dimension. A failure of
    the policy engine (`forward`) is not the destination's: it does not count on its breaker."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.destination_fault = reason != FORWARD_FAILED


class Deferred(Exception):
    """The record waits (open breaker, a concurrent attempt): SQS redelivers it later."""


def backoff_seconds(receive_count: int) -> int:
    """How long a failed record stays hidden: 30 s, doubling with each receive, at most 15 min."""
    return int(min(BACKOFF_BASE_SECONDS * 2 ** max(receive_count - 1, 0), BACKOFF_MAX_SECONDS))


class RelayService:
    """Turns SQS batches of relay messages into signed POSTs to the destinations."""

    def __init__(
        self,
        *,
        destinations: Destinations,
        forwarder: Forwarder,
        secrets: SigningSecrets,
        breaker: CircuitBreaker,
        manifests: ManifestStore,
        persistence: BasePersistenceLayer,
        telemetry: RelayTelemetry,
        sqs: SQSClient,
        queue_url: str,
        fan_out: Callable[[RelayMessage], int],
        http: requests.Session | None = None,
        clock: Callable[[], float] = time.time,
        timeout: tuple[float, float] = (CONNECT_TIMEOUT_SECONDS, READ_TIMEOUT_SECONDS),
    ) -> None:
        self._destinations = destinations
        self._fan_out = fan_out
        self._forwarder = forwarder
        self._secrets = secrets
        self._breaker = breaker
        self._manifests = manifests
        self._telemetry = telemetry
        self._sqs = sqs
        self._queue_url = queue_url
        self._http = http or requests.Session()
        self._clock = clock
        self._timeout = timeout
        self._idempotency = IdempotencyConfig(expires_after_seconds=IDEMPOTENCY_TTL_SECONDS)
        self._send_once = idempotent_function(
            data_keyword_argument="key", persistence_store=persistence, config=self._idempotency
        )(self._send)

    def handle(self, event: Mapping[str, Any], context: Any) -> dict[str, Any]:
        """Process an SQS batch; returns `{"batchItemFailures": [...]}` for the records to retry."""
        self._idempotency.register_lambda_context(context)
        processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)
        response = process_partial_response(
            event=dict(event), record_handler=self._process, processor=processor, context=context
        )
        return dict(response)

    def _process(self, record: SQSRecord) -> None:
        receives = int(record.attributes.approximate_receive_count or 1)
        try:
            message = parse_message(record.body)
        except UnreadableRelayMessage as exc:
            self._telemetry.failed("malformed")
            logger.error("unreadable relay message", extra={"message_id": record.message_id, "why": str(exc)})
            raise
        if message.destination == FAN_OUT:
            queued = self._fan_out(message)
            logger.info("relay fan-out resolved", extra={"account_id": message.account_id, "queued": queued})
            return
        target = self._destinations.named(message.destination)
        if target is None:
            self._telemetry.failed("unknown_destination")
            logger.warning(
                "relay destination no longer configured", extra={"destination": message.destination}
            )
            return
        admission = self._breaker.admit(target.name)
        if not admission.allowed:
            self._telemetry.failed("breaker_open")
            self._defer(record, admission.retry_after)
            raise Deferred(f"{target.name}: the circuit breaker is open")
        key = {"delivery_id": message.delivery_id, "destination": target.name}
        try:
            self._send_once(key=key, message=message, target=target)
        except IdempotencyAlreadyInProgressError:
            self._defer(record, IN_PROGRESS_RETRY_SECONDS)
            raise Deferred(f"{target.name}: this delivery is being sent by another instance") from None
        except DeliveryFailed as failure:
            state = (
                self._breaker.failed(target.name, admission)
                if failure.destination_fault
                else admission.seen.state
            )
            self._telemetry.failed(failure.reason)
            logger.warning(
                "relay delivery failed",
                extra={
                    "destination": target.name,
                    "account_id": message.account_id,
                    "reason": failure.reason,
                    "receive_count": receives,
                    "breaker": state.value,
                },
            )
            self._defer(record, backoff_seconds(receives))
            raise
        self._breaker.succeeded(target.name, admission)

    def _send(self, key: dict[str, str], message: RelayMessage, target: RelayTarget) -> dict[str, Any]:
        """Forward one delivery to one destination. Runs once per `key`; its result is PHI-free."""
        try:
            body, manifest = self._forwarder(message.payload, target.name)
            text = json.dumps(body, separators=(",", ":"), sort_keys=True)
        except Exception as exc:  # the policy engine's failure is this delivery's, never the batch's
            raise DeliveryFailed(
                FORWARD_FAILED, f"the body could not be made ({type(exc).__name__})"
            ) from None
        try:
            credentials = self._secrets.credentials(target.secret_ref)
            headers = signed_headers(
                credentials.signing_secret, message_id(message.delivery_id), text, self._now()
            )
            headers |= credentials.authorization()
        except SecretUnusable as exc:
            raise DeliveryFailed("secret", str(exc)) from None
        status = self._post(target, text, headers)
        self._telemetry.forwarded(target.name)
        self._telemetry.redacted(_categories_removed(manifest))
        try:
            self._manifests.put(
                destination=target.name,
                delivery_id=message.delivery_id,
                account_id=message.account_id,
                status=status,
                manifest=manifest,
            )
        except (ClientError, BotoCoreError, TypeError, ValueError) as exc:
            # Delivered already: a re-send would duplicate it at the receiver, so only say so.
            self._telemetry.failed("manifest")
            logger.error(
                "relay manifest not stored", extra={"destination": target.name, "error": type(exc).__name__}
            )
        logger.info(
            "delivery relayed",
            extra={"destination": target.name, "account_id": message.account_id, "status": status},
        )
        return {"status": status}

    def _post(self, target: RelayTarget, text: str, headers: Mapping[str, str]) -> int:
        try:
            response = self._http.post(
                target.url,
                data=text.encode(),
                headers={**headers, "content-type": "application/json", "user-agent": USER_AGENT},
                timeout=self._timeout,
                allow_redirects=False,  # the URL is the one configured; a redirect is a failure
            )
        except requests.Timeout:
            raise DeliveryFailed("timeout", f"{target.name} did not answer in time") from None
        except requests.RequestException as exc:
            raise DeliveryFailed("connection", f"{target.name}: {type(exc).__name__}") from None
        with contextlib.closing(response):
            if not 200 <= response.status_code < 300:
                raise DeliveryFailed(
                    f"http_{response.status_code // 100}xx", f"{target.name} answered {response.status_code}"
                )
            return response.status_code

    def _defer(self, record: SQSRecord, seconds: float) -> None:
        """Hide the record for `seconds` (best effort: the queue's own visibility timeout applies else)."""
        with contextlib.suppress(ClientError, BotoCoreError):
            self._sqs.change_message_visibility(
                QueueUrl=self._queue_url,
                ReceiptHandle=record.receipt_handle,
                VisibilityTimeout=max(0, min(int(seconds), BACKOFF_MAX_SECONDS)),
            )

    def _now(self) -> datetime:
        return datetime.fromtimestamp(self._clock(), UTC)


def _categories_removed(manifest: Mapping[str, Any]) -> dict[str, int]:
    removed = manifest.get("categories_removed") or {}
    if not isinstance(removed, Mapping):
        return {}
    return {str(k): int(v) for k, v in removed.items() if isinstance(v, int) and not isinstance(v, bool)}
