"""Helpers of the audit tests: the sample agency as data, PHI values to look for, alert inboxes, a
deployed stack's outputs, signed webhook deliveries."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

import boto3
from boto3.dynamodb.types import Binary

from ctm_hipaa.audit.runs import unpack_results
from ctm_hipaa_tools.agency_file import sample_agency_path
from ctm_hipaa_tools.events import expand_event
from ctm_hipaa_tools.invoke import invoke, load_event
from ctm_hipaa_tools.stack import LocalStack
from ctm_hipaa_tools.template import Template

EVENTS = Path(__file__).resolve().parents[2] / "events"

CALL_PHI_FIELDS = (
    "name",
    "cnam",
    "email",
    "street",
    "caller_number",
    "caller_number_format",
    "caller_number_bare",
    "alternative_number",
    "notes",
    "transcription_text",
    "summary",
)


def sample_agency() -> dict[str, Any]:
    """A fresh, mutable copy of the bundled sample agency."""
    data: dict[str, Any] = json.loads(sample_agency_path().read_text(encoding="utf-8"))
    return copy.deepcopy(data)


def account_entry(agency: dict[str, Any], account_id: str) -> dict[str, Any]:
    entry: dict[str, Any] = next(a for a in agency["accounts"] if str(a["account"]["id"]) == account_id)
    return entry


def phi_values(agency: dict[str, Any]) -> set[str]:
    """Caller names, numbers, emails, addresses and notes of the sample, the search keywords and
    landing pages of its calls (what a visitor typed or visited), and the paths and queries of its
    webhook URLs (they may carry tokens): none of them may appear anywhere the audit writes. Users'
    names and login emails are workforce data that names a resource, so they may. Short fragments
    are left out (no false alarms)."""
    values: set[str] = set()
    for entry in agency["accounts"]:
        for call in entry["calls"]:
            for name in (*CALL_PHI_FIELDS, "keyword", "location"):
                value = call.get(name)
                if isinstance(value, str) and len(value) >= 6:
                    values.add(value)
            for value in (call.get("custom_fields") or {}).values():
                if isinstance(value, str) and len(value) >= 6:
                    values.add(value)
        for hook in entry["webhooks"]:
            url = urlsplit(hook.get("weburl") or "")
            values |= {part for part in (url.path, url.query) if len(part) >= 6}
    # Digits only as well: a number may be reformatted.
    values |= {re.sub(r"\D", "", v) for v in values if re.fullmatch(r"[+\d() .-]{10,}", v)}
    return {v for v in values if len(v) >= 6}


def leaked(text: str, values: set[str]) -> list[str]:
    """Which PHI values occur in `text` (the tests print only how many, never which)."""
    return [v for v in values if v in text]


def subscribe_inbox(session: boto3.session.Session, topic_arn: str, name: str) -> str:
    """An SQS queue subscribed to the alerts topic (raw delivery): how tests read what SNS sent."""
    sqs = session.client("sqs")
    url: str = sqs.create_queue(QueueName=name)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    session.client("sns").subscribe(
        TopicArn=topic_arn, Protocol="sqs", Endpoint=arn, Attributes={"RawMessageDelivery": "true"}
    )
    return url


def drain(session: boto3.session.Session, url: str) -> list[dict[str, Any]]:
    """Every message body waiting in an inbox, parsed, and the inbox emptied."""
    sqs = session.client("sqs")
    bodies: list[dict[str, Any]] = []
    while batch := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
        bodies += [json.loads(m["Body"]) for m in batch]
        sqs.delete_message_batch(
            QueueUrl=url,
            Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(batch)],
        )
    return bodies


def deployed_stack(aws: boto3.session.Session, stack: Template, max_age_days: str) -> str:
    """A CloudFormation stack whose outputs and parameters name the provisioned findings table and
    alerts topic, as template.yaml's do."""
    body = {
        "Parameters": {"AttestationMaxAgeDays": {"Type": "String"}},
        "Resources": {"Placeholder": {"Type": "AWS::SNS::Topic"}},
        "Outputs": {
            "FindingsTableName": {"Value": stack.physical["FindingsTable"].ref},
            "AlertsTopicArn": {"Value": stack.physical["AlertsTopic"].ref},
        },
    }
    aws.client("cloudformation").create_stack(
        StackName="ctm-hipaa-test",
        TemplateBody=json.dumps(body),
        Parameters=[{"ParameterKey": "AttestationMaxAgeDays", "ParameterValue": max_age_days}],
    )
    return "ctm-hipaa-test"


def deliver(stack: LocalStack, name: str) -> tuple[int, dict[str, Any]]:
    """Sign the event `events/<name>` with the stack's webhook secret and deliver it through
    WebhookFunction; its status code and JSON body."""
    event = expand_event(load_event(EVENTS / name), stack.secret.webhook_secret_for)
    response = invoke(stack.template, "WebhookFunction", event).result
    return response["statusCode"], json.loads(response["body"])


def searchable(item: dict[str, Any]) -> dict[str, Any]:
    """A DynamoDB item as a canary searches it: a run record's compressed results (`results_zlib`)
    decompressed, so that what they hold is looked at too."""
    packed = item.get("results_zlib")
    if not isinstance(packed, Binary):
        return item
    bytes_ = cast(Any, packed).value  # boto3's stubs lack Binary.value
    return {**item, "results_zlib": unpack_results(bytes_)}
