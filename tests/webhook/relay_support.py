"""Helpers of the relay delivery tests: in-memory fakes of the relay's own ports (destinations, a
Forwarder), a receiver on loopback that verifies the Standard Webhooks signature, and a pump that
runs the relay queue through the relay service as Lambda's SQS event source would.

The Forwarder here keeps the ids only and drops everything else, so the delivery tests do not
depend on a policy (test_relay_wired.py runs the wired policy engine).
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import boto3
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from ctm_hipaa.phi import inspect_payload
from ctm_hipaa.relay import RelayService, RelayTarget
from ctm_hipaa_tools.invoke import LambdaContext
from ctm_hipaa_tools.local_audit import sqs_event

IDS = ("id", "account_id")


class FakeDestinations:
    """Destinations held in memory: name -> (target, accounts it applies to)."""

    def __init__(self, *entries: tuple[RelayTarget, Sequence[str]]) -> None:
        self.entries = {target.name: (target, tuple(accounts)) for target, accounts in entries}
        self.reads = 0

    def for_account(self, account_id: str) -> Sequence[RelayTarget]:
        self.reads += 1
        return [target for target, accounts in self.entries.values() if account_id in accounts]

    def named(self, name: str) -> RelayTarget | None:
        entry = self.entries.get(name)
        return entry[0] if entry else None


def ids_only_forwarder(payload: Mapping[str, Any], destination: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Keep the call's ids, drop the rest; the manifest counts what the detector found in it."""
    body = {key: payload[key] for key in IDS if key in payload}
    counts: dict[str, int] = {}
    for detection in inspect_payload(payload):
        counts[str(detection.category)] = counts.get(str(detection.category), 0) + 1
    manifest = {
        "destination": destination,
        "policy": "ids-only",
        "policy_version": "test",
        "kept": sorted(body),
        "dropped_count": len(payload) - len(body),
        "categories_removed": counts,
    }
    return body, manifest


def new_signing_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


BEARER = "receiver-bearer-token"


def create_destination_secret(session: boto3.session.Session, name: str, signing_secret: str) -> str:
    """A destination's secret on moto, as an operator stores it; its ARN."""
    client: Any = session.client("secretsmanager")
    document = {"signing_secret": signing_secret, "token": BEARER, "hmac_key": secrets.token_hex(16)}
    arn: str = client.create_secret(Name=name, SecretString=json.dumps(document))["ARN"]
    return arn


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    verified: bool


@dataclass
class Receiver:
    """An HTTP server on 127.0.0.1 that verifies each POST's Standard Webhooks signature.

    It answers `statuses` in turn (then the last one again); a bad signature is answered 401.
    """

    signing_secret: str
    statuses: list[int] = field(default_factory=lambda: [204])
    received: list[Received] = field(default_factory=list)
    url: str = ""

    def handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                headers = {k.lower(): v for k, v in self.headers.items()}
                try:
                    Webhook(receiver.signing_secret).verify(body, headers)
                    verified = True
                except WebhookVerificationError:
                    verified = False
                receiver.received.append(Received(headers, body, verified))
                index = min(len(receiver.received) - 1, len(receiver.statuses) - 1)
                status = receiver.statuses[index] if verified else 401
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                return

        return Handler


def serve(receiver: Receiver) -> Iterator[Receiver]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), receiver.handler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/ctm"
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()


def relay_context() -> LambdaContext:
    return LambdaContext(
        function_name="ctm-hipaa-test-RelayFunction",
        memory_limit_in_mb=512,
        invoked_function_arn="arn:aws:lambda:us-east-1:123456789012:function:ctm-hipaa-test-RelayFunction",
        timeout_seconds=30,
    )


@dataclass
class PumpResult:
    invocations: int = 0
    failed: int = 0
    deleted: int = 0
    hidden: list[bool] = field(default_factory=list)  # per failed record: did the relay hide it?


def pump(
    session: boto3.session.Session, service: RelayService, queue_url: str, *, rounds: int = 20
) -> PumpResult:
    """Lambda's SQS event source, with time made to pass: receive a batch, invoke the relay, delete
    what succeeded; for a failed record, note whether the relay hid it (its back-off), then end the
    back-off at once so that the next round receives it again. Stops when nothing is visible."""
    sqs: Any = session.client("sqs")
    arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    result = PumpResult()
    for _ in range(rounds):
        messages = sqs.receive_message(
            QueueUrl=queue_url, MaxNumberOfMessages=10, AttributeNames=["All"], WaitTimeSeconds=0
        ).get("Messages", [])
        if not messages:
            break
        result.invocations += 1
        response = service.handle(sqs_event(messages, arn, "us-east-1"), relay_context())
        failed = {item["itemIdentifier"] for item in response.get("batchItemFailures", [])}
        result.failed += len(failed)
        for message in messages:
            if message["MessageId"] in failed:
                result.hidden.append(_visible(sqs, queue_url) == 0)
                sqs.change_message_visibility(
                    QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0
                )
            else:
                sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
                result.deleted += 1
    return result


def _visible(sqs: Any, queue_url: str) -> int:
    attributes = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["ApproximateNumberOfMessages"])[
        "Attributes"
    ]
    return int(attributes["ApproximateNumberOfMessages"])
