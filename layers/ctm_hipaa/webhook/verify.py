"""Verify a CTM delivery before anything in it is trusted.

CTM signs each delivery: `X-CTM-Signature` = base64(HMAC-SHA1(secret, X-CTM-Time + raw body)), and
`X-CTM-Time` must be within five minutes of now. Each failure is a type with the HTTP status it
earns and a metric reason; none of their messages quotes the body, which may be PHI.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

MAX_BODY_BYTES = 512 * 1024  # an hour-long transcript is ~60 KB; far more is not a CTM call record
TIMESTAMP_TOLERANCE_SECONDS = 300
# CTM's ids are positive integers, sent as JSON numbers or digit strings. Only this spelling is
# accepted (ASCII digits, no sign, space or leading zero), so one id has one form everywhere.
ACCOUNT_ID_DIGITS = 12
CALL_ID_DIGITS = 20
_ACCOUNT_ID = re.compile(rf"[1-9][0-9]{{0,{ACCOUNT_ID_DIGITS - 1}}}")
_CALL_ID = re.compile(rf"[1-9][0-9]{{0,{CALL_ID_DIGITS - 1}}}")


class DeliveryRejected(Exception):
    """A delivery we refuse. `status` is the HTTP answer, `reason` the metric dimension."""

    status = 400
    reason = "rejected"


class UnsupportedMediaType(DeliveryRejected):
    status, reason = 415, "unsupported_media_type"


class PayloadTooLarge(DeliveryRejected):
    status, reason = 413, "payload_too_large"


class MissingSignature(DeliveryRejected):
    status, reason = 401, "missing_signature"


class StaleTimestamp(DeliveryRejected):
    status, reason = 401, "stale_timestamp"


class BadSignature(DeliveryRejected):
    status, reason = 401, "bad_signature"


class MalformedDelivery(DeliveryRejected):
    status, reason = 400, "malformed"


@dataclass(frozen=True)
class HttpRequest:
    """The raw request: lower-cased headers, the exact body bytes, the query parameters."""

    headers: Mapping[str, str]
    body: bytes
    query: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_api_gateway(cls, event: Mapping[str, Any]) -> HttpRequest:
        """Read an HTTP API (payload 2.0) event, decoding a base64 body to the bytes CTM signed."""
        headers = event.get("headers") or {}
        query = event.get("queryStringParameters") or {}
        body = event.get("body")
        if not isinstance(headers, Mapping) or not isinstance(query, Mapping):
            raise MalformedDelivery("the request's headers or query string are not a mapping")
        if body is None:
            raw = b""
        elif not isinstance(body, str):
            raise MalformedDelivery("the request body is not text")
        elif event.get("isBase64Encoded"):
            try:
                raw = base64.b64decode(body, validate=True)
            except (binascii.Error, ValueError) as exc:
                raise MalformedDelivery("the request body is not valid base64") from exc
        else:
            raw = body.encode("utf-8", errors="surrogatepass")
        return cls(
            headers={str(k).lower(): str(v) for k, v in headers.items()},
            body=raw,
            query={str(k): str(v) for k, v in query.items()},
        )


@dataclass(frozen=True)
class VerifiedDelivery:
    """A signed call record and its validated ids (CTM's account number and call id, as digits)."""

    account_id: str
    call_id: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class WebhookSecrets:
    """The agency secret key and the accounts' own webhook secrets (an account's own comes first)."""

    secret_key: str
    per_account: Mapping[str, str] = field(default_factory=dict)

    def for_account(self, account_id: str | None) -> str:
        if account_id is not None and account_id in self.per_account:
            return self.per_account[account_id]
        return self.secret_key


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """CTM's signature of a delivery: base64(HMAC-SHA1(secret, timestamp + body))."""
    digest = hmac.new(secret.encode(), timestamp.encode() + body, hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def verify_delivery(request: HttpRequest, secrets: WebhookSecrets, *, now: float) -> VerifiedDelivery:
    """Check media type, size, timestamp and signature, then parse and validate the ids.

    Raises a `DeliveryRejected` subtype saying exactly what failed. The ids of a returned delivery
    are CTM's: `account_id` 1-12 digits, `id` 1-20 digits (a JSON integer or a string of digits).
    """
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type != "application/json":
        raise UnsupportedMediaType("CTM deliveries must be sent as application/json")
    if len(request.body) > MAX_BODY_BYTES:
        raise PayloadTooLarge(f"the body exceeds {MAX_BODY_BYTES} bytes")
    signature = request.headers.get("x-ctm-signature", "").strip()
    timestamp = request.headers.get("x-ctm-time", "").strip()
    if not signature or not timestamp:
        raise MissingSignature("X-CTM-Signature and X-CTM-Time are required")
    if not (timestamp.isascii() and timestamp.isdigit()):
        raise MissingSignature("X-CTM-Time is not a Unix timestamp")
    # Integer arithmetic, and no huge integers at all: an absurd time is simply stale.
    if len(timestamp) > 12 or abs(int(now) - int(timestamp)) > TIMESTAMP_TOLERANCE_SECONDS:
        raise StaleTimestamp(f"X-CTM-Time is more than {TIMESTAMP_TOLERANCE_SECONDS} s from now")

    # The account id picks the secret before the signature is checked; nothing else is trusted yet.
    # An invalid one picks no account's secret (only the agency's), and ends in 400 once signed.
    payload = _parse(request.body)
    account_id = _ctm_id(payload.get("account_id"), _ACCOUNT_ID) if isinstance(payload, dict) else None
    expected = sign(secrets.for_account(account_id), timestamp, request.body)
    if not hmac.compare_digest(expected.encode(), signature.encode()):
        raise BadSignature("the signature does not match the body")

    if payload is _UNPARSEABLE:
        raise MalformedDelivery("the body is not JSON")
    if not isinstance(payload, dict):
        raise MalformedDelivery("the body is not a JSON object")
    if account_id is None:
        raise MalformedDelivery(
            f"the call record's account_id is not a CTM account number (1-{ACCOUNT_ID_DIGITS} digits)"
        )
    call_id = _ctm_id(payload.get("id"), _CALL_ID)
    if call_id is None:
        raise MalformedDelivery(f"the call record's id is not a CTM call id (1-{CALL_ID_DIGITS} digits)")
    return VerifiedDelivery(account_id=account_id, call_id=call_id, payload=payload)


_UNPARSEABLE = object()


def _parse(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, RecursionError):  # JSONDecodeError, bad UTF-8, integers over 4300 digits
        return _UNPARSEABLE


def _ctm_id(value: Any, spelling: re.Pattern[str]) -> str | None:
    """`value` as CTM's id in digits, or None when it is not one (bool, float, sign, space, other text)."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    if isinstance(value, int) and not 0 < value < 10**CALL_ID_DIGITS:
        return None  # a negative or absurd number; also spares str() of a huge integer
    text = str(value)
    return text if spelling.fullmatch(text) else None
