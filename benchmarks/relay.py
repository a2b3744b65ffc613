"""The webhook's answer time with the relay on (one destination for every account) and off, on the
same deliveries: the dev corpus's first DELIVERIES call records, signed as CTM signs them, each
answered by the real WebhookService on template.yaml's resources (moto, in process). Target: 10%.

With the relay on, each delivery costs one SendMessageBatch more (and the payload's compression);
the destinations of an account are cached, so reading them is not in the figures but once. Each
round runs on a fresh stack (the idempotency table would answer repeats from their records), off
and on alternating, so that drift in the machine's load falls on both.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import statistics
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import boto3
from moto import mock_aws

from ctm_hipaa.relay import RelayTarget
from ctm_hipaa.settings import Settings
from ctm_hipaa.webhook import build_webhook_service, sign
from ctm_hipaa_tools.invoke import LambdaContext
from ctm_hipaa_tools.provision import LOCAL_REGION, provision
from ctm_hipaa_tools.stack import DEFAULT_SECRET, FAKE_AWS_ENV
from ctm_hipaa_tools.template import Template

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "phi" / "dev.payloads.jsonl"
DELIVERIES = 60
ROUNDS = 2  # per mode, alternating
TARGET = 0.10


class EveryAccount:
    """One destination, for every account (a fake of the relay's Destinations port)."""

    target = RelayTarget("crm", "https://hooks.crm.example/ctm", "ctm-hipaa/relay/crm")

    def for_account(self, account_id: str) -> Sequence[RelayTarget]:
        return (self.target,)

    def named(self, name: str) -> RelayTarget | None:
        return self.target if name == self.target.name else None


def deliveries() -> list[dict[str, Any]]:
    """The dev payloads as HTTP API events, signed now with their account's webhook secret (each
    round signs afresh: CTM's time must be within five minutes)."""
    events = []
    stamp = str(int(time.time()))
    for line in DATA.read_text(encoding="utf-8").splitlines()[:DELIVERIES]:
        payload = json.loads(line)
        body = json.dumps(payload)
        secret = DEFAULT_SECRET.webhook_secret_for(payload["account_id"])
        events.append(
            {
                "version": "2.0",
                "headers": {
                    "content-type": "application/json",
                    "x-ctm-time": stamp,
                    "x-ctm-signature": sign(secret, stamp, body.encode()),
                },
                "queryStringParameters": {"channel": "end"},
                "body": body,
                "isBase64Encoded": False,
            }
        )
    return events


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def answer_times(events: list[dict[str, Any]], *, relay: bool) -> list[float]:
    """Milliseconds per answered delivery, on a fresh local stack."""
    with _environment(dict(FAKE_AWS_ENV)), mock_aws():
        session = boto3.session.Session(region_name=LOCAL_REGION)
        template = provision(Template.load(overrides={"Stage": "bench"}), session, DEFAULT_SECRET)
        environment = template.function_environment("WebhookFunction")
        with _environment(environment):
            settings = Settings.from_env(environment)
            if not relay:
                settings = settings.model_copy(update={"relay_queue_url": ""})
            service = build_webhook_service(settings, session, relay_destinations=EveryAccount())
            context = LambdaContext("bench-WebhookFunction", 1024, "arn:aws:lambda:::function:bench", 10)
            times = []
            with contextlib.redirect_stdout(io.StringIO()):  # the EMF metrics
                for event in events:
                    started = time.perf_counter()
                    result = service.handle(event, context)
                    times.append((time.perf_counter() - started) * 1000)
                    if result["statusCode"] != 200:
                        raise RuntimeError(f"a delivery was answered {result['statusCode']}")
            if relay:
                sqs = session.client("sqs")
                queued = sqs.get_queue_attributes(
                    QueueUrl=settings.relay_queue_url, AttributeNames=["ApproximateNumberOfMessages"]
                )["Attributes"]["ApproximateNumberOfMessages"]
                if int(queued) != len(events):
                    raise RuntimeError(f"{queued} of {len(events)} deliveries were queued")
    return times


def run() -> None:
    """Print the webhook's median, p90 and mean answer time with the relay off and on."""
    measured: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(ROUNDS):
        for relay in (False, True):
            measured[relay] += answer_times(deliveries(), relay=relay)
    print(f"relay benchmark: the webhook's answer time, {DELIVERIES} dev deliveries x {ROUNDS} rounds (moto)")
    figures = {}
    for relay, times in measured.items():
        median = statistics.median(times)
        p90 = statistics.quantiles(times, n=10)[-1]
        figures[relay] = median
        print(
            f"  relay {'on ' if relay else 'off'}  median {median:6.2f} ms  p90 {p90:6.2f} ms  "
            f"mean {statistics.fmean(times):6.2f} ms"
        )
    change = figures[True] / figures[False] - 1
    verdict = "within" if change <= TARGET else "over"
    print(f"  median with the relay on: {change:+.1%} ({verdict} the {TARGET:.0%} target)")


if __name__ == "__main__":
    run()
