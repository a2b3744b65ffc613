"""The PHI-scrubbing relay: destinations and policies as data, the transforms, and `forward`.

`load_destinations` / `parse_destinations` read a destinations file (docs/relay.md); `forward`
gives the body a destination (or a bare policy, a preset's: `preset_policy`) receives of one CTM
delivery and its PHI-free `Manifest`; `DestinationStore` keeps the destinations in the findings
table with their history. Delivery (the queue, signing, retries) is built on these.
"""

from ctm_hipaa.relay.errors import RelayConfigError
from ctm_hipaa.relay.forward import Manifest, forward
from ctm_hipaa.relay.loader import load_destinations, load_policy, parse_destinations, parse_policy
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

__all__ = [
    "TOKEN_HEX_CHARS",
    "Destination",
    "DestinationStore",
    "DestinationsFile",
    "Generalization",
    "Manifest",
    "Policy",
    "RecordedDestination",
    "RelayConfigError",
    "TextPolicy",
    "Transform",
    "allow_words",
    "forward",
    "generalize_age",
    "generalize_date",
    "generalize_phone",
    "generalize_zip",
    "hmac_key_of",
    "keep_fields",
    "load_destinations",
    "load_policy",
    "parse_destinations",
    "parse_policy",
    "preset_names",
    "preset_policy",
    "redact",
    "safe_words",
    "small_zip3",
    "token",
]
