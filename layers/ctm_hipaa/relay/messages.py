"""The relay queue's message: one delivery for one destination, or for all of its account's (`FAN_OUT`).

A fan-out message is what the webhook queues when it cannot read the destinations (the findings
table is down): the relay function reads them when it can and queues one message per destination.

The message carries the verified delivery itself (compressed), not a reference to it: every store
ctm-hipaa has is PHI-free by design, so there is nowhere to refer to, and the relay queue and its
dead-letter queue are encrypted with the stack's KMS key, keep messages a short time, and are inside
the BAA boundary (SQS is HIPAA-eligible). No other queue, table or log ever holds a payload.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

VERSION = 1
FAN_OUT = "*"  # the destination of a message for every destination of its account (no name is "*")
_DELIVERY_ID = re.compile(r"[0-9a-f]{64}")
_DESTINATION = re.compile(r"\*|[a-z0-9][a-z0-9_-]{0,62}")
_ACCOUNT_ID = re.compile(r"[1-9][0-9]{0,11}")


class UnreadableRelayMessage(ValueError):
    """A relay message this version cannot read (the message says what, never a value)."""


@dataclass(frozen=True)
class RelayMessage:
    """One delivery to forward to one destination. `delivery_id` is the webhook's keyed digest of
    the delivery's body (hex): the same for CTM's retries of it, and revealing nothing."""

    delivery_id: str
    account_id: str
    destination: str
    payload: Mapping[str, Any]

    def body(self) -> str:
        """The SQS message body."""
        return encode(self.delivery_id, self.account_id, self.destination, pack_payload(self.payload))


def pack_payload(payload: Mapping[str, Any]) -> str:
    """The payload as it travels: zlib-compressed JSON in base64, so a large call record (the
    webhook takes 512 KB) fits a message, and one packing serves every destination."""
    raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.b64encode(zlib.compress(raw)).decode()


def encode(delivery_id: str, account_id: str, destination: str, packed_payload: str) -> str:
    """A message body from a payload already packed (`pack_payload`)."""
    return json.dumps(
        {
            "v": VERSION,
            "delivery_id": delivery_id,
            "account_id": account_id,
            "destination": destination,
            "payload": packed_payload,
        }
    )


def parse_message(body: str) -> RelayMessage:
    """The message in `body`; UnreadableRelayMessage when it is not one this version wrote."""
    try:
        fields = json.loads(body)
    except ValueError:
        raise UnreadableRelayMessage("the message is not JSON") from None
    if not isinstance(fields, dict) or fields.get("v") != VERSION:
        raise UnreadableRelayMessage(f"the message is not a version {VERSION} relay message")
    for name, spelling in (
        ("delivery_id", _DELIVERY_ID),
        ("account_id", _ACCOUNT_ID),
        ("destination", _DESTINATION),
    ):
        value = fields.get(name)
        if not isinstance(value, str) or not spelling.fullmatch(value):
            raise UnreadableRelayMessage(f"the message's {name} is missing or malformed")
    packed = fields.get("payload")
    try:
        payload = json.loads(zlib.decompress(base64.b64decode(str(packed), validate=True)))
    except (binascii.Error, zlib.error, ValueError, RecursionError):
        raise UnreadableRelayMessage("the message's payload does not unpack to JSON") from None
    if not isinstance(payload, dict):
        raise UnreadableRelayMessage("the message's payload is not a JSON object")
    return RelayMessage(
        delivery_id=fields["delivery_id"],
        account_id=fields["account_id"],
        destination=fields["destination"],
        payload=payload,
    )
