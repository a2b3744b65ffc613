"""verify.py: CTM's signature scheme, the answers to bad requests, and messages free of body text."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from ctm_hipaa.webhook.verify import (
    MAX_BODY_BYTES,
    TIMESTAMP_TOLERANCE_SECONDS,
    BadSignature,
    DeliveryRejected,
    HttpRequest,
    MalformedDelivery,
    MissingSignature,
    PayloadTooLarge,
    StaleTimestamp,
    UnsupportedMediaType,
    VerifiedDelivery,
    WebhookSecrets,
    sign,
    verify_delivery,
)

NOW = 1_741_115_760
AGENCY_SECRET = "agency-secret-key"
OWN_SECRET = "account-412233-own-secret"
SECRETS = WebhookSecrets(secret_key=AGENCY_SECRET, per_account={"412233": OWN_SECRET})
RECORD = {"id": 90817263, "account_id": 700001, "notes": "Wants consult for left knee."}


def body_of(payload: Any) -> bytes:
    return json.dumps(payload).encode()


def request(
    body: bytes,
    *,
    secret: str = AGENCY_SECRET,
    timestamp: str = str(NOW),
    content_type: str | None = "application/json",
    signature: str | None = None,
    extra: dict[str, str] | None = None,
) -> HttpRequest:
    headers = {"x-ctm-time": timestamp, "x-ctm-signature": signature or sign(secret, timestamp, body)}
    if content_type is not None:
        headers["content-type"] = content_type
    headers.update(extra or {})
    return HttpRequest(headers=headers, body=body)


def verify(req: HttpRequest, now: float = NOW) -> dict[str, Any]:
    """The verified call record."""
    return verify_delivery(req, SECRETS, now=now).payload


# -- accepted deliveries ----------------------------------------------------------------------------


def test_signature_is_base64_hmac_sha1_of_time_plus_body() -> None:
    # Known answer, computed independently: printf '1741115760{}' | openssl sha1 -hmac key -binary | base64
    import hashlib
    import hmac

    expected = base64.b64encode(hmac.new(b"key", b"1741115760{}", hashlib.sha1).digest()).decode()
    assert sign("key", "1741115760", b"{}") == expected
    assert len(expected) == 28


def test_a_correctly_signed_record_is_returned_parsed() -> None:
    assert verify(request(body_of(RECORD))) == RECORD


def test_headers_are_case_insensitive_from_api_gateway() -> None:
    body = body_of(RECORD)
    event = {
        "headers": {
            "Content-Type": "application/json",
            "X-CTM-Time": str(NOW),
            "X-Ctm-Signature": sign(AGENCY_SECRET, str(NOW), body),
        },
        "body": body.decode(),
        "isBase64Encoded": False,
    }
    assert verify(HttpRequest.from_api_gateway(event)) == RECORD


@pytest.mark.parametrize("offset", [-TIMESTAMP_TOLERANCE_SECONDS, 0, TIMESTAMP_TOLERANCE_SECONDS])
def test_timestamps_within_tolerance_are_accepted_on_both_sides(offset: int) -> None:
    stamp = str(NOW + offset)
    assert verify(request(body_of(RECORD), timestamp=stamp)) == RECORD


@pytest.mark.parametrize(
    "offset", [-TIMESTAMP_TOLERANCE_SECONDS - 1, TIMESTAMP_TOLERANCE_SECONDS + 1, -86400]
)
def test_timestamps_beyond_tolerance_are_stale_even_when_signed(offset: int) -> None:
    stamp = str(NOW + offset)
    with pytest.raises(StaleTimestamp) as rejected:
        verify(request(body_of(RECORD), timestamp=stamp))
    assert (rejected.value.status, rejected.value.reason) == (401, "stale_timestamp")


def test_tolerance_is_300_seconds() -> None:
    assert TIMESTAMP_TOLERANCE_SECONDS == 300


def test_ruby_style_trailing_newline_on_the_signature_is_accepted() -> None:
    # Ruby's Base64.encode64 ends its output with "\n"; CTM is a Ruby application.
    body = body_of(RECORD)
    ruby = sign(AGENCY_SECRET, str(NOW), body) + "\n"
    assert verify(request(body, signature=ruby)) == RECORD
    event = {
        "headers": {"content-type": "application/json", "x-ctm-time": f"{NOW}\n", "x-ctm-signature": ruby},
        "body": body.decode(),
    }
    assert verify(HttpRequest.from_api_gateway(event)) == RECORD


def test_an_accounts_own_secret_is_used_for_its_deliveries() -> None:
    record = {**RECORD, "account_id": 412233}
    assert verify(request(body_of(record), secret=OWN_SECRET)) == record


def test_the_agency_secret_is_rejected_for_an_account_with_its_own_secret() -> None:
    record = {**RECORD, "account_id": "412233"}
    with pytest.raises(BadSignature):
        verify(request(body_of(record), secret=AGENCY_SECRET))


def test_accounts_without_their_own_secret_use_the_agency_secret() -> None:
    assert verify(request(body_of(RECORD), secret=AGENCY_SECRET)) == RECORD
    with pytest.raises(BadSignature):
        verify(request(body_of(RECORD), secret=OWN_SECRET))


def test_base64_api_gateway_bodies_are_verified_on_the_decoded_bytes() -> None:
    # Non-ASCII so that the decoded bytes and the base64 text differ in every way that matters.
    body = json.dumps({**RECORD, "notes": "Café visit, señor"}, ensure_ascii=False).encode()
    stamp = str(NOW)
    event: dict[str, Any] = {
        "headers": {"content-type": "application/json", "x-ctm-time": stamp},
        "body": base64.b64encode(body).decode(),
        "isBase64Encoded": True,
    }
    on_bytes = {**event, "headers": {**event["headers"], "x-ctm-signature": sign(AGENCY_SECRET, stamp, body)}}
    assert verify(HttpRequest.from_api_gateway(on_bytes))["notes"] == "Café visit, señor"

    on_text = {
        **event,
        "headers": {
            **event["headers"],
            "x-ctm-signature": sign(AGENCY_SECRET, stamp, event["body"].encode()),
        },
    }
    with pytest.raises(BadSignature):
        verify(HttpRequest.from_api_gateway(on_text))


def test_invalid_base64_body_is_malformed() -> None:
    event = {
        "headers": {"content-type": "application/json"},
        "body": "%%%not base64%%%",
        "isBase64Encoded": True,
    }
    with pytest.raises(MalformedDelivery):
        HttpRequest.from_api_gateway(event)


@pytest.mark.parametrize(
    "content_type", ["application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8"]
)
def test_json_content_types_with_parameters_are_accepted(content_type: str) -> None:
    assert verify(request(body_of(RECORD), content_type=content_type)) == RECORD


@pytest.mark.parametrize(
    "content_type",
    [None, "", "text/plain", "application/x-www-form-urlencoded", "application/jsonx", "text/json"],
)
def test_other_content_types_are_415(content_type: str | None) -> None:
    with pytest.raises(UnsupportedMediaType) as rejected:
        verify(request(body_of(RECORD), content_type=content_type))
    assert rejected.value.status == 415


def test_bodies_over_the_limit_are_413_before_anything_else() -> None:
    body = b'{"pad": "' + b"x" * MAX_BODY_BYTES + b'"}'
    with pytest.raises(PayloadTooLarge) as rejected:
        verify(request(body, signature="unsigned"))
    assert rejected.value.status == 413


def test_a_body_of_exactly_the_limit_is_not_too_large() -> None:
    prefix = json.dumps(RECORD)[:-1] + ', "pad": "'
    body = (prefix + "x" * (MAX_BODY_BYTES - len(prefix) - 2) + '"}').encode()
    assert len(body) == MAX_BODY_BYTES
    assert verify(request(body))["id"] == RECORD["id"]


@pytest.mark.parametrize(
    "headers",
    [
        {"content-type": "application/json"},
        {"content-type": "application/json", "x-ctm-time": str(NOW)},
        {"content-type": "application/json", "x-ctm-signature": "c2lnbmF0dXJl"},
        {"content-type": "application/json", "x-ctm-time": " ", "x-ctm-signature": " "},
    ],
)
def test_missing_signature_or_time_is_401(headers: dict[str, str]) -> None:
    with pytest.raises(MissingSignature) as rejected:
        verify(HttpRequest(headers=headers, body=body_of(RECORD)))
    assert rejected.value.status == 401


@pytest.mark.parametrize("stamp", ["1741115760.5", "yesterday", "0x67c7a130", "1.7e9", "--1"])
def test_non_integer_time_is_401(stamp: str) -> None:
    body = body_of(RECORD)
    with pytest.raises(MissingSignature) as rejected:
        verify(request(body, timestamp=stamp))
    assert rejected.value.status == 401


@pytest.mark.parametrize(
    "signature",
    [
        "",  # nothing after strip
        "AAAAAAAAAAAAAAAAAAAAAAAAAAA=",  # right length, wrong bytes
        "short",
        "ünïcödé-signature",  # non-ASCII must be compared as bytes, not blow up compare_digest
    ],
)
def test_wrong_signatures_are_401_never_an_error(signature: str) -> None:
    with pytest.raises(DeliveryRejected) as rejected:
        verify(request(body_of(RECORD), signature=signature or " "))
    assert rejected.value.status == 401


def test_a_signature_differing_in_its_last_character_is_rejected() -> None:
    body = body_of(RECORD)
    good = sign(AGENCY_SECRET, str(NOW), body)
    last = "A" if good[-2] != "A" else "B"
    with pytest.raises(BadSignature):
        verify(request(body, signature=good[:-2] + last + good[-1]))


def test_a_signature_over_a_different_timestamp_is_rejected() -> None:
    body = body_of(RECORD)
    with pytest.raises(BadSignature):
        verify(request(body, timestamp=str(NOW), signature=sign(AGENCY_SECRET, str(NOW - 1), body)))


@pytest.mark.parametrize(
    "body",
    [b"not json at all", b'{"id": 1, "account_id": 2', b"\xff\xfe\x00garbage", b""],
)
def test_signed_non_json_is_400(body: bytes) -> None:
    with pytest.raises(MalformedDelivery) as rejected:
        verify(request(body))
    assert rejected.value.status == 400


@pytest.mark.parametrize("payload", [[RECORD], "a string", 42, None])
def test_signed_json_that_is_not_an_object_is_400(payload: Any) -> None:
    with pytest.raises(MalformedDelivery):
        verify(request(body_of(payload)))


@pytest.mark.parametrize(
    "payload",
    [
        {"id": 1},
        {"account_id": 700001},
        {"account_id": 700001, "id": None},
        {"account_id": 700001, "id": ""},
        {"account_id": "", "id": 1},
        {"account_id": True, "id": 1},
        {"account_id": None, "id": 1},
        {"account_id": [700001], "id": 1},
    ],
)
def test_signed_object_without_account_id_or_id_is_400(payload: dict[str, Any]) -> None:
    with pytest.raises(MalformedDelivery):
        verify(request(body_of(payload)))


@pytest.mark.parametrize(
    ("account_id", "call_id", "expected"),
    [
        (700001, 90817263, ("700001", "90817263")),
        ("700001", "90817263", ("700001", "90817263")),
        (999_999_999_999, 10**20 - 1, ("999999999999", "9" * 20)),
        ("1", 1, ("1", "1")),
    ],
)
def test_ids_are_ctm_integers_returned_as_digits(
    account_id: Any, call_id: Any, expected: tuple[str, str]
) -> None:
    record = {**RECORD, "account_id": account_id, "id": call_id}
    delivery = verify_delivery(request(body_of(record)), SECRETS, now=NOW)
    assert delivery == VerifiedDelivery(account_id=expected[0], call_id=expected[1], payload=record)


INVALID_IDS = [
    "7\ud800",  # a lone surrogate: cannot even be encoded
    "Zyxwv Qqqplm",
    "dana.w@example.net",
    " 700001",
    "700001 ",
    "700001\n",
    "+700001",
    "-700001",
    -700001,
    0,
    "0",
    "0700001",
    7.0,
    "7e5",
    "\u0667\u0660\u0660",  # Arabic-Indic digits: str.isdigit() says yes, CTM says no
    "1" * 21,
    10**20,
    True,
    [700001],
    {"id": 700001},
]


@pytest.mark.parametrize("value", INVALID_IDS)
@pytest.mark.parametrize("field", ["account_id", "id"])
def test_anything_but_a_ctm_id_is_400_with_a_message_free_of_it(field: str, value: Any) -> None:
    record = {**RECORD, field: value}
    with pytest.raises(MalformedDelivery) as rejected:
        verify(request(body_of(record)))
    assert rejected.value.status == 400
    assert field in str(rejected.value)
    if isinstance(value, str) and len(value.strip()) >= 4:  # shorter ones ("0") occur in any sentence
        assert value.strip() not in f"{rejected.value} {rejected.value!r}"


@pytest.mark.parametrize("account_id", ["1" * 13, 10**12])
def test_account_ids_have_at_most_12_digits(account_id: Any) -> None:
    with pytest.raises(MalformedDelivery):
        verify(request(body_of({**RECORD, "account_id": account_id})))


@pytest.mark.parametrize("account_id", ["0412233", "412233 ", " 412233", "412233\n", "+412233", 412233.0])
def test_an_invalid_spelling_of_an_account_never_selects_that_accounts_secret(account_id: Any) -> None:
    body = body_of({**RECORD, "account_id": account_id})
    with pytest.raises(BadSignature):
        verify(request(body, secret=OWN_SECRET))
    with pytest.raises(MalformedDelivery):
        verify(request(body, secret=AGENCY_SECRET))


def test_an_unsigned_malformed_body_is_401_not_400() -> None:
    # Nothing about the body is reported before the sender proved it holds the secret.
    with pytest.raises(BadSignature):
        verify(request(b"not json", signature=sign("someone-else", str(NOW), b"not json")))


PHI_BODY_TEXTS = ["Zebulon Quixotica", "536-22-8471", "MRN 77120458", "zq.canary@example.org"]


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda b: request(b, content_type="text/plain"), UnsupportedMediaType),
        (lambda b: request(b + b" " * MAX_BODY_BYTES), PayloadTooLarge),
        (lambda b: request(b, extra={"x-ctm-signature": ""}), MissingSignature),
        (lambda b: request(b, timestamp="Zebulon"), MissingSignature),
        (lambda b: request(b, timestamp=str(NOW - 3600)), StaleTimestamp),
        (lambda b: request(b, secret="wrong"), BadSignature),
        (lambda b: request(b[:-1]), MalformedDelivery),
        (lambda b: request(b"[" + b + b"]"), MalformedDelivery),
        (lambda b: request(body_of({"notes": json.loads(b)["notes"]})), MalformedDelivery),
    ],
)
def test_rejection_messages_never_contain_body_text(make: Any, kind: type[DeliveryRejected]) -> None:
    body = body_of({**RECORD, "notes": " ".join(PHI_BODY_TEXTS)})
    with pytest.raises(kind) as rejected:
        verify(make(body))
    text = f"{rejected.value} {rejected.value!r} {rejected.value.reason}"
    for value in [*PHI_BODY_TEXTS, "Zebulon", "536228471", "77120458"]:
        assert value not in text
