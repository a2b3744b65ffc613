"""The relay's delivery: the webhook queues each verified delivery once per destination of its
account, and the relay function posts each destination a PHI-free, signed copy.

A lazy face (see `ctm_hipaa.faces`): the webhook's cold start loads the enqueuer only, not the
HTTP client and batch machinery of the relay function.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ctm_hipaa.faces import lazy_exports

if TYPE_CHECKING:
    from ctm_hipaa.relay.bootstrap import build_relay_service
    from ctm_hipaa.relay.breaker import BreakerState, CircuitBreaker, DynamoBreakerStore
    from ctm_hipaa.relay.delivery import RelayService, backoff_seconds
    from ctm_hipaa.relay.enqueue import RelayEnqueuer, RelayQueueError, build_relay_enqueuer
    from ctm_hipaa.relay.manifests import MANIFEST_TTL, ManifestStore
    from ctm_hipaa.relay.messages import RelayMessage, parse_message
    from ctm_hipaa.relay.ports import Destinations, Forwarder, RelayTarget
    from ctm_hipaa.relay.signing import message_id, signed_headers

__all__ = [
    "MANIFEST_TTL",
    "BreakerState",
    "CircuitBreaker",
    "Destinations",
    "DynamoBreakerStore",
    "Forwarder",
    "ManifestStore",
    "RelayEnqueuer",
    "RelayMessage",
    "RelayQueueError",
    "RelayService",
    "RelayTarget",
    "backoff_seconds",
    "build_relay_enqueuer",
    "build_relay_service",
    "message_id",
    "parse_message",
    "signed_headers",
]

if not TYPE_CHECKING:  # mypy reads the imports above, so it still rejects a name not exported
    __getattr__ = lazy_exports(
        __name__,
        __all__,
        {
            "bootstrap": ["build_relay_service"],
            "breaker": ["BreakerState", "CircuitBreaker", "DynamoBreakerStore"],
            "delivery": ["RelayService", "backoff_seconds"],
            "enqueue": ["RelayEnqueuer", "RelayQueueError", "build_relay_enqueuer"],
            "manifests": ["MANIFEST_TTL", "ManifestStore"],
            "messages": ["RelayMessage", "parse_message"],
            "ports": ["Destinations", "Forwarder", "RelayTarget"],
            "signing": ["message_id", "signed_headers"],
        },
    )
