"""The webhook's use case: verify, de-duplicate, inspect, queue for the relay, record, answer.

    200 accepted (a repeated delivery too, which changes nothing)
    400 malformed   401 bad/missing signature or stale time   413 too large   415 not JSON
    409 the same delivery is being processed right now
    503 a dependency failed and nothing could be parked, or the delivery could not be queued for
        the relay: CTM retries later (the relay forwards a delivery once, however often it comes)

Nothing a client sends produces a 500, and no response, log line or metric holds a payload value.
Inspection has a time budget from the request's arrival: a delivery that would overrun it is
recorded with what was found so far, as "inspection incomplete" (at least high, never clean).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable, Collection, Mapping
from datetime import UTC, datetime
from typing import Any, Protocol

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig, idempotent_function
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyPersistenceLayerError,
)
from aws_lambda_powertools.utilities.idempotency.persistence.base import BasePersistenceLayer
from botocore.exceptions import BotoCoreError, ClientError

from ctm_hipaa.ctm import CTMCredentialsError
from ctm_hipaa.phi import Detection, InspectionIncomplete
from ctm_hipaa.relay import RelayQueueError
from ctm_hipaa.settings import DEFAULT_INSPECTION_BUDGET_SECONDS, DEFAULT_WEBHOOK_CHANNELS
from ctm_hipaa.telemetry import Telemetry
from ctm_hipaa.webhook.ports import RelayQueue
from ctm_hipaa.webhook.recorder import DeliveryRecord, ParkingError, WebhookRecorder
from ctm_hipaa.webhook.report import summarize
from ctm_hipaa.webhook.verify import (
    DeliveryRejected,
    HttpRequest,
    MalformedDelivery,
    WebhookSecrets,
    verify_delivery,
)

DEFAULT_CHANNEL = "post-call"  # a delivery without `?channel=`, if that channel is configured
IDEMPOTENCY_TTL_SECONDS = 7 * 24 * 3600  # longer than any retry schedule of a sender

logger = Logger(child=True)


class Inspector(Protocol):
    """The PHI detector's port (`ctm_hipaa.phi.inspect_payload`)."""

    def __call__(self, payload: Mapping[str, Any], *, deadline: float | None = None) -> list[Detection]:
        """Every detection; InspectionIncomplete once `time.monotonic()` passes `deadline`."""


class WebhookService:
    """Turns one HTTP API event into an HTTP answer, recording PHI flows on the way."""

    def __init__(
        self,
        *,
        secrets: Callable[[], WebhookSecrets],
        inspect: Inspector,
        recorder: WebhookRecorder,
        recordings_login_required: Callable[[str], bool],
        persistence: BasePersistenceLayer,
        telemetry: Telemetry,
        channels: Collection[str] = DEFAULT_WEBHOOK_CHANNELS,
        inspection_budget_seconds: float = DEFAULT_INSPECTION_BUDGET_SECONDS,
        relay: RelayQueue | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._relay = relay
        self._budget = inspection_budget_seconds
        self._secrets = secrets
        self._channels = frozenset(channels)
        self._inspect = inspect
        self._recorder = recorder
        self._recordings_login_required = recordings_login_required
        self._telemetry = telemetry
        self._clock = clock
        self._idempotency = IdempotencyConfig(expires_after_seconds=IDEMPOTENCY_TTL_SECONDS)
        self._process_once = idempotent_function(
            data_keyword_argument="delivery_key", persistence_store=persistence, config=self._idempotency
        )(self._process)

    def handle(self, event: Mapping[str, Any], context: Any) -> dict[str, Any]:
        """Answer one delivery; see the module docstring for the statuses."""
        deadline = time.monotonic() + self._budget
        self._idempotency.register_lambda_context(context)
        try:
            request = HttpRequest.from_api_gateway(event)
            secrets = self._secrets()
            delivery = verify_delivery(request, secrets, now=self._clock())
            channel = self._channel(request.query)
        except DeliveryRejected as rejection:
            self._telemetry.rejected(rejection.reason)
            logger.info("delivery rejected", extra={"reason": rejection.reason, "status": rejection.status})
            return _response(rejection.status, {"error": rejection.reason, "message": str(rejection)})
        except CTMCredentialsError as exc:
            return self._unavailable("secrets", exc)

        key = {
            "account_id": delivery.account_id,
            "call_id": delivery.call_id,
            "channel": channel,
            "digest": hmac.new(secrets.secret_key.encode(), request.body, hashlib.sha256).hexdigest(),
        }
        try:
            summary = self._process_once(delivery_key=key, payload=delivery.payload, deadline=deadline)
        except IdempotencyAlreadyInProgressError:
            return _response(409, {"error": "in_progress", "message": "this delivery is being processed"})
        except IdempotencyPersistenceLayerError as exc:
            return self._unavailable("idempotency", exc)
        except ParkingError as exc:
            return self._unavailable("findings", exc)
        except RelayQueueError as exc:
            return self._unavailable("relay_queue", exc)
        return _response(200, {"status": "accepted", **summary})

    def _process(
        self, delivery_key: dict[str, str], payload: Mapping[str, Any], deadline: float
    ) -> dict[str, Any]:
        """Inspect and record one delivery. Runs once per delivery key; its result is PHI-free."""
        try:
            report = summarize(self._inspect(payload, deadline=deadline))
        except InspectionIncomplete as overrun:
            report = summarize(overrun.detections, incomplete=True)
            self._telemetry.incomplete(delivery_key["channel"])
        self._telemetry.detected(report.counts)
        account_id, channel = delivery_key["account_id"], delivery_key["channel"]
        # Queued before anything is recorded: a failure here (RelayQueueError: 503, and the
        # idempotency record is dropped) leaves CTM's retry to do everything once more.
        relayed = (
            self._relay.enqueue(delivery_id=delivery_key["digest"], account_id=account_id, payload=payload)
            if self._relay is not None
            else 0
        )
        received_at = datetime.fromtimestamp(self._clock(), UTC)
        if not report.has_phi and not report.incomplete:
            # The one write of a clean delivery: the audit's evidence that deliveries are observed.
            # A failed write is logged and loses nothing a FAIL needs (`WebhookRecorder.seen`).
            self._recorder.seen(account_id, channel, at=received_at, clean=True)
            return _relayed({"phi": False, "categories": []}, relayed)
        severity = report.severity(recordings_login_required=self._login_required(account_id))
        record = DeliveryRecord(
            account_id=account_id,
            call_id=delivery_key["call_id"],
            channel=channel,
            digest=delivery_key["digest"],
            received_at=received_at.isoformat(),
            categories=sorted(report.categories),
            paths=sorted(report.paths),
            counts=report.counts,
            severity=severity,
            detail=report.describe(channel),
            critical=sorted(report.critical),
            incomplete=report.incomplete,
        )
        outcome = self._recorder.record(record)
        self._recorder.seen(account_id, channel, at=received_at, clean=False)
        logger.info(
            "delivery inspected",
            extra={
                "account_id": account_id,
                "categories": record.categories,
                "severity": record.severity,
                "alerted": outcome.alerted,
                "parked": outcome.parked,
                "incomplete": report.incomplete,
            },
        )
        summary = {
            "phi": report.has_phi,
            "categories": record.categories,
            "severity": record.severity,
            "alerted": outcome.alerted,
            "parked": outcome.parked,
        }
        return _relayed({**summary, "incomplete": True} if report.incomplete else summary, relayed)

    def _channel(self, query: Mapping[str, str]) -> str:
        """Which CTM webhook sent this (`?channel=end`), so findings aggregate per account and channel.

        The query string is not signed, so only configured channels count, compared whole and
        exactly: a replay with another channel must not open another finding and alert again.
        """
        channel = query.get("channel", DEFAULT_CHANNEL)
        if channel not in self._channels:
            raise MalformedDelivery(
                "the channel query parameter is not one of the configured webhook channels"
            )
        return channel

    def _login_required(self, account_id: str) -> bool:
        """The attested recordings setting; unreadable counts as not attested (the stricter severity)."""
        try:
            return self._recordings_login_required(account_id)
        except (ClientError, BotoCoreError) as exc:
            logger.warning("attestations unreadable", extra={"error": type(exc).__name__})
            return False

    def _unavailable(self, dependency: str, exc: Exception) -> dict[str, Any]:
        self._telemetry.unavailable(dependency)
        # The type only: messages of third-party errors may quote what they were given.
        logger.error("dependency unavailable", extra={"dependency": dependency, "error": type(exc).__name__})
        return _response(
            503, {"error": "unavailable", "message": f"{dependency} is unavailable; retry later"}
        )


def _relayed(summary: dict[str, Any], relayed: int) -> dict[str, Any]:
    """The summary, with how many destinations the delivery was queued for (when any)."""
    return {**summary, "relayed": relayed} if relayed else summary


def _response(status: int, body: dict[str, Any]) -> dict[str, Any]:
    # Sorted keys: a repeated delivery, answered from the idempotency record, gets the same bytes.
    return {
        "statusCode": status,
        "headers": {"content-type": "application/json"},
        "body": json.dumps(body, sort_keys=True),
    }
