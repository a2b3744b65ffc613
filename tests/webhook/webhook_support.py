"""Helpers of the webhook tests: build API Gateway (HTTP API 2.0) events as CTM sends them, read
what the stack received (items, queues, EMF metrics), and look for planted PHI.

Kept apart from conftest.py so that the test modules can import them by name.
"""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, Protocol

import boto3

from ctm_hipaa.phi import inspect_payload
from ctm_hipaa.settings import Settings
from ctm_hipaa.webhook.service import Inspector
from ctm_hipaa.webhook.verify import sign

Deliver = Callable[[dict[str, Any]], tuple[int, dict[str, Any]]]


class MakeDeliver(Protocol):
    """The `make_deliver` fixture: a `Deliver` on a service built from these settings."""

    def __call__(self, settings: Settings, *, inspect: Inspector = inspect_payload) -> Deliver: ...


ALLOWED_STATUSES = frozenset({200, 400, 401, 409, 413, 415, 503})
# Accounts of tests/conftest.py's TEST_SECRET: 412233 has its own webhook secret, others use the
# agency secret key. The tests read the real values from Secrets Manager (fixture `credentials`).
OWN_SECRET_ACCOUNT = "412233"
AGENCY_ACCOUNT = "700001"

# Distinctive PHI planted in deliveries; none of it may come out anywhere.
CANARY_NAME = "Zebulon Quixotica"
CANARY_SSN = "536-22-8471"
CANARY_SSN_SPACED = "536 22 8471"  # as a clinic types it into a field's name
CANARY_MRN = "MRN 77120458"
CANARY_MEMBER_ID = "QZX771204583"
CANARY_EMAIL = "zq.canary@example.org"
CANARY_PHONE = "(513) 555-0199"
CANARY_DOB = "04/17/1953"
CANARY_STREET = "9911 Canaryfield Rd"
CANARY_VALUES = (
    CANARY_NAME,
    CANARY_SSN,
    CANARY_SSN_SPACED,
    CANARY_MRN,
    CANARY_MEMBER_ID,
    CANARY_EMAIL,
    CANARY_PHONE,
    CANARY_DOB,
    CANARY_STREET,
)


def canary_needles() -> list[str]:
    """Every planted value, its parts that identify on their own, and digits-only forms of numbers."""
    needles = {v.lower() for v in CANARY_VALUES}
    needles |= {"zebulon", "quixotica", "zq.canary", "canaryfield"}
    for value in (CANARY_SSN, CANARY_MRN, CANARY_MEMBER_ID, CANARY_PHONE, CANARY_DOB):
        needles.add("".join(ch for ch in value if ch.isdigit()))
    needles.add("5135550199")  # the phone as E.164 digits without the country code
    return sorted(needles)


def leaked(text: str) -> list[str]:
    """The canary needles found in `text` (case-insensitive)."""
    lowered = text.lower()
    return [needle for needle in canary_needles() if needle in lowered]


def dump(value: Any) -> str:
    """A JSON rendering of anything read back from AWS (Decimals and bytes included)."""

    def default(obj: Any) -> Any:
        if isinstance(obj, Decimal):
            return str(obj)
        if isinstance(obj, bytes | bytearray):
            return obj.decode("utf-8", errors="replace")
        if isinstance(obj, set | frozenset):
            return sorted(map(str, obj))
        return repr(obj)

    return json.dumps(value, default=default, ensure_ascii=False)


def api_event(
    body: str | bytes,
    headers: Mapping[str, str],
    *,
    channel: str | None = None,
    base64_body: bool = False,
    request_id: str | None = None,
) -> dict[str, Any]:
    """An HTTP API payload 2.0 event for POST /ctm/webhook."""
    raw = body.encode() if isinstance(body, str) else body
    if base64_body:
        text = base64.b64encode(raw).decode()
    elif isinstance(body, bytes):
        text = body.decode("utf-8")
    else:
        text = body
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": "POST /ctm/webhook",
        "rawPath": "/ctm/webhook",
        "rawQueryString": f"channel={channel}" if channel else "",
        "headers": dict(headers),
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "test",
            "http": {"method": "POST", "path": "/ctm/webhook", "protocol": "HTTP/1.1"},
            "requestId": request_id or f"REQ-{uuid.uuid4()}",
            "routeKey": "POST /ctm/webhook",
            "stage": "$default",
        },
        "body": text,
        "isBase64Encoded": base64_body,
    }
    if channel:
        event["queryStringParameters"] = {"channel": channel}
    return event


def signed_event(
    payload: Mapping[str, Any] | str | bytes,
    secret: str,
    *,
    timestamp: int | None = None,
    channel: str | None = None,
    content_type: str = "application/json",
    base64_body: bool = False,
    signature: str | None = None,
    request_id: str | None = None,
) -> dict[str, Any]:
    """A delivery signed as CTM signs it (override `signature` to forge one)."""
    if isinstance(payload, Mapping):
        body: bytes = json.dumps(payload).encode()
    elif isinstance(payload, str):
        body = payload.encode()
    else:
        body = payload
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    headers = {
        "content-type": content_type,
        "user-agent": "CTM-Webhook/1.0",
        "x-ctm-time": stamp,
        "x-ctm-signature": sign(secret, stamp, body) if signature is None else signature,
    }
    return api_event(body, headers, channel=channel, base64_body=base64_body, request_id=request_id)


def answer(result: Mapping[str, Any]) -> tuple[int, dict[str, Any]]:
    """(status, parsed JSON body) of a handler's response."""
    body = json.loads(result["body"])
    assert isinstance(body, dict)
    return int(result["statusCode"]), body


def scan(table: Any) -> list[dict[str, Any]]:
    """Every item of a DynamoDB table, following pages."""
    items: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {"ConsistentRead": True}
    while True:
        page = table.scan(**kwargs)
        items.extend(page.get("Items", []))
        if "LastEvaluatedKey" not in page:
            return items
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def subscribe_queue(session: boto3.session.Session, topic_arn: str, name: str) -> str:
    """An SQS queue subscribed (raw delivery) to the topic: how the tests read what SNS sent."""
    sqs: Any = session.client("sqs")
    url: str = sqs.create_queue(QueueName=name)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns: Any = session.client("sns")
    sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=arn, Attributes={"RawMessageDelivery": "true"})
    return url


def drain_queue(session: boto3.session.Session, url: str) -> list[dict[str, Any]]:
    """Receive and delete every message of a queue (with its attributes)."""
    sqs: Any = session.client("sqs")
    messages: list[dict[str, Any]] = []
    while batch := sqs.receive_message(
        QueueUrl=url, MaxNumberOfMessages=10, MessageAttributeNames=["All"]
    ).get("Messages", []):
        messages.extend(batch)
        for message in batch:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return messages


def bodies(messages: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for message in messages:
        body = json.loads(message["Body"])
        assert isinstance(body, dict)
        out.append(body)
    return out


def json_lines(text: str) -> list[dict[str, Any]]:
    lines = []
    for line in text.splitlines():
        try:
            parsed = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(parsed, dict):
            lines.append(parsed)
    return lines


def metrics(text: str, name: str, dimension: str) -> dict[str, float]:
    """{dimension value: summed count} of EMF metric `name` (checking the EMF declaration too)."""
    found: dict[str, float] = {}
    for line in json_lines(text):
        declared = line.get("_aws", {}).get("CloudWatchMetrics", [])
        for block in declared:
            if not any(metric["Name"] == name for metric in block["Metrics"]):
                continue
            assert block["Namespace"] == "CtmHipaa"
            assert any(dimension in dims for dims in block["Dimensions"])
            values = line[name] if isinstance(line[name], list) else [line[name]]
            found[line[dimension]] = found.get(line[dimension], 0.0) + sum(values)
    return found
