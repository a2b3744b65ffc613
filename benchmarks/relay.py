"""The webhook's answer time with the relay on (one destination for every account) and off, on the
same deliveries: the dev corpus's first DELIVERIES call records, signed as CTM signs them, each
answered by the real WebhookService on template.yaml's resources (moto, in process). Target: 10%.

Both services run on one stack, delivery by delivery: each record goes to the service without the
relay on one channel and to the one with it on another (the idempotency key holds the channel, so
neither is answered from the other's record), which goes first alternating. So the machine's load
falls on both alike. With the relay on, a delivery costs one SendMessageBatch more and the payload's
compression; an account's destinations are cached, so reading them is in the figures once.
"""

from __future__ import annotations

import contextlib
import io
import json
import statistics
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import boto3
from moto import mock_aws

from ctm_hipaa.relay import RelayTarget, build_relay_enqueuer
from ctm_hipaa.settings import Settings
from ctm_hipaa.webhook import build_webhook_service, sign
from ctm_hipaa_tools.invoke import LambdaContext, environment
from ctm_hipaa_tools.provision import LOCAL_REGION, provision
from ctm_hipaa_tools.stack import DEFAULT_SECRET, FAKE_AWS_ENV
from ctm_hipaa_tools.template import Template

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "phi" / "dev.payloads.jsonl"
DELIVERIES = 100
TARGET = 0.10
ENQUEUE = "enqueue"


class EveryAccount:
    """One destination, for every account (a fake of the relay's Destinations port)."""

    target = RelayTarget("crm", "https://hooks.crm.example/ctm", "ctm-hipaa/relay/crm")

    def for_account(self, account_id: str) -> Sequence[RelayTarget]:
        return (self.target,)

    def named(self, name: str) -> RelayTarget | None:
        return self.target if name == self.target.name else None


def payloads() -> list[dict[str, Any]]:
    """The first DELIVERIES dev payloads."""
    lines = DATA.read_text(encoding="utf-8").splitlines()[:DELIVERIES]
    return [json.loads(line) for line in lines]


def delivery(payload: dict[str, Any], channel: str) -> dict[str, Any]:
    """`payload` as an HTTP API event on `channel`, signed now with its account's webhook secret."""
    body = json.dumps(payload)
    stamp = str(int(time.time()))
    secret = DEFAULT_SECRET.webhook_secret_for(payload["account_id"])
    return {
        "version": "2.0",
        "headers": {
            "content-type": "application/json",
            "x-ctm-time": stamp,
            "x-ctm-signature": sign(secret, stamp, body.encode()),
        },
        "queryStringParameters": {"channel": channel},
        "body": body,
        "isBase64Encoded": False,
    }


def answer_times() -> dict[Any, list[float]]:
    """Milliseconds per answered delivery, without the relay (False) and with it (True), and of the
    relay's enqueue alone (ENQUEUE)."""
    times: dict[Any, list[float]] = {False: [], True: [], ENQUEUE: []}
    with environment(dict(FAKE_AWS_ENV)), mock_aws():
        session = boto3.session.Session(region_name=LOCAL_REGION)
        template = provision(Template.load(overrides={"Stage": "bench"}), session, DEFAULT_SECRET)
        webhook_env = template.function_environment("WebhookFunction")
        with environment(webhook_env):
            settings = Settings.from_env(webhook_env)
            services = {
                False: build_webhook_service(settings.model_copy(update={"relay_queue_url": ""}), session),
                True: build_webhook_service(settings, session, relay_destinations=EveryAccount()),
            }
            context = LambdaContext("bench-WebhookFunction", 1024, "arn:aws:lambda:::function:bench", 10)
            channel = {False: "end", True: "start"}
            sqs = session.client("sqs")
            queued = 0
            with contextlib.redirect_stdout(io.StringIO()):  # the EMF metrics
                for index, payload in enumerate(payloads()):
                    order = (False, True) if index % 2 == 0 else (True, False)
                    for relay in order:
                        event = delivery(payload, channel[relay])
                        started = time.perf_counter()
                        result = services[relay].handle(event, context)
                        times[relay].append((time.perf_counter() - started) * 1000)
                        if result["statusCode"] != 200:
                            raise RuntimeError(f"a delivery was answered {result['statusCode']}")
                    queued += _consume(sqs, settings.relay_queue_url)
            if queued != len(times[True]):
                raise RuntimeError(f"{queued} of {len(times[True])} deliveries were queued")
            # The relay's own part alone (what the paired differences estimate amid the noise).
            enqueuer = build_relay_enqueuer(settings, session, destinations=EveryAccount())
            assert enqueuer is not None
            for index, payload in enumerate(payloads()):
                started = time.perf_counter()
                enqueuer.enqueue(
                    delivery_id=f"{index:064x}", account_id=str(payload["account_id"]), payload=payload
                )
                times[ENQUEUE].append((time.perf_counter() - started) * 1000)
                _consume(sqs, settings.relay_queue_url)
    return times


def _consume(sqs: Any, url: str) -> int:
    """Take the queued messages off the relay queue, untimed, as the relay function does: moto counts
    a queue's messages on every send, so a queue left to grow would slow each send down."""
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
    if messages:
        sqs.delete_message_batch(
            QueueUrl=url,
            Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)],
        )
    return len(messages)


def run() -> None:
    """Print the webhook's median, p90 and mean answer time with the relay off and on."""
    measured = answer_times()
    print(f"relay benchmark: the webhook's answer time, {DELIVERIES} dev deliveries, relay off and on (moto)")
    figures = {}
    for relay in (False, True):
        times = measured[relay]
        median = statistics.median(times)
        p90 = statistics.quantiles(times, n=10)[-1]
        figures[relay] = median
        print(
            f"  relay {'on ' if relay else 'off'}  median {median:6.2f} ms  p90 {p90:6.2f} ms  "
            f"mean {statistics.fmean(times):6.2f} ms"
        )
    paired = [on - off for off, on in zip(measured[False], measured[True], strict=True)]
    print(
        f"  the relay's own cost per delivery (median of paired differences): "
        f"{statistics.median(paired):.2f} ms"
    )
    alone = statistics.median(measured[ENQUEUE])
    print(
        f"  the relay's enqueue alone: median {alone:.2f} ms "
        f"({alone / figures[False]:.1%} of the answer without it)"
    )
    change = figures[True] / figures[False] - 1
    verdict = "within" if change <= TARGET else "over"
    print(f"  median with the relay on: {change:+.1%} ({verdict} the {TARGET:.0%} target)")


if __name__ == "__main__":
    run()
