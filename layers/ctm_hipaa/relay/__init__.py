"""The PHI-scrubbing relay: destinations and policies as data, the transforms, `forward`, and delivery.

`load_destinations` / `parse_destinations` read a destinations file (docs/relay.md); `forward`
gives the body a destination (or a bare policy, a preset's: `preset_policy`) receives of one CTM
delivery and its PHI-free `Manifest`; `DestinationStore` keeps the destinations in the findings
table with their history. Delivery: the webhook queues each verified delivery once per destination
of its account (`RelayEnqueuer`), and the relay function posts each destination a PHI-free, signed
copy (`RelayService`); `wiring` joins the two halves.

A lazy face (see `ctm_hipaa.faces`): the webhook's cold start loads the enqueuer only, not the
models, the HTTP client and the batch machinery of the relay function.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ctm_hipaa.faces import lazy_exports

if TYPE_CHECKING:
    from ctm_hipaa.relay.bootstrap import build_relay_service
    from ctm_hipaa.relay.breaker import BreakerState, CircuitBreaker, DynamoBreakerStore
    from ctm_hipaa.relay.delivery import RelayService, backoff_seconds
    from ctm_hipaa.relay.enqueue import RelayEnqueuer, RelayQueueError, build_relay_enqueuer
    from ctm_hipaa.relay.errors import RelayConfigError
    from ctm_hipaa.relay.forward import Manifest, forward
    from ctm_hipaa.relay.loader import load_destinations, load_policy, parse_destinations, parse_policy
    from ctm_hipaa.relay.manifests import MANIFEST_TTL, ManifestStore
    from ctm_hipaa.relay.messages import RelayMessage, parse_message
    from ctm_hipaa.relay.model import (
        Destination,
        DestinationsFile,
        Generalization,
        Policy,
        TextPolicy,
        Transform,
        hmac_key_of,
        preset_policy,
    )
    from ctm_hipaa.relay.ports import Destinations, Forwarder, RelayTarget
    from ctm_hipaa.relay.signing import message_id, signed_headers
    from ctm_hipaa.relay.store import DestinationStore, RecordedDestination
    from ctm_hipaa.relay.transforms import (
        TOKEN_HEX_CHARS,
        allow_words,
        generalize_age,
        generalize_date,
        generalize_phone,
        generalize_zip,
        redact,
        token,
    )
    from ctm_hipaa.relay.vocabulary import keep_fields, preset_names, safe_words, small_zip3

_MODULES = {
    "bootstrap": ["build_relay_service"],
    "breaker": ["BreakerState", "CircuitBreaker", "DynamoBreakerStore"],
    "delivery": ["RelayService", "backoff_seconds"],
    "enqueue": ["RelayEnqueuer", "RelayQueueError", "build_relay_enqueuer"],
    "errors": ["RelayConfigError"],
    "forward": ["Manifest", "forward"],
    "loader": ["load_destinations", "load_policy", "parse_destinations", "parse_policy"],
    "manifests": ["MANIFEST_TTL", "ManifestStore"],
    "messages": ["RelayMessage", "parse_message"],
    "model": [
        "Destination",
        "DestinationsFile",
        "Generalization",
        "Policy",
        "TextPolicy",
        "Transform",
        "hmac_key_of",
        "preset_policy",
    ],
    "ports": ["Destinations", "Forwarder", "RelayTarget"],
    "signing": ["message_id", "signed_headers"],
    "store": ["DestinationStore", "RecordedDestination"],
    "transforms": [
        "TOKEN_HEX_CHARS",
        "allow_words",
        "generalize_age",
        "generalize_date",
        "generalize_phone",
        "generalize_zip",
        "redact",
        "token",
    ],
    "vocabulary": ["keep_fields", "preset_names", "safe_words", "small_zip3"],
}
__all__ = [
    "MANIFEST_TTL",
    "TOKEN_HEX_CHARS",
    "BreakerState",
    "CircuitBreaker",
    "Destination",
    "DestinationStore",
    "Destinations",
    "DestinationsFile",
    "DynamoBreakerStore",
    "Forwarder",
    "Generalization",
    "Manifest",
    "ManifestStore",
    "Policy",
    "RecordedDestination",
    "RelayConfigError",
    "RelayEnqueuer",
    "RelayMessage",
    "RelayQueueError",
    "RelayService",
    "RelayTarget",
    "TextPolicy",
    "Transform",
    "allow_words",
    "backoff_seconds",
    "build_relay_enqueuer",
    "build_relay_service",
    "forward",
    "generalize_age",
    "generalize_date",
    "generalize_phone",
    "generalize_zip",
    "hmac_key_of",
    "keep_fields",
    "load_destinations",
    "load_policy",
    "message_id",
    "parse_destinations",
    "parse_message",
    "parse_policy",
    "preset_names",
    "preset_policy",
    "redact",
    "safe_words",
    "signed_headers",
    "small_zip3",
    "token",
]

if not TYPE_CHECKING:  # mypy reads the imports above, so it still rejects a name not exported
    __getattr__ = lazy_exports(__name__, __all__, _MODULES)
