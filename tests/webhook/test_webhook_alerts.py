"""Alerts from the webhook: when a finding is new, when its categories grow, at once for critical
identifiers; never one per call."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boto3
from webhook_support import AGENCY_ACCOUNT, bodies, drain_queue, signed_event

from ctm_hipaa.ctm.credentials import CTMCredentials

Deliver = Callable[[dict[str, Any]], tuple[int, dict[str, Any]]]


def call(call_id: int, **fields: Any) -> dict[str, Any]:
    return {"id": call_id, "account_id": int(AGENCY_ACCOUNT), **fields}


PHONE_ONLY = {"caller_number": "+16145550142", "caller_number_format": "(614) 555-0142"}
WITH_EMAIL = {**PHONE_ONLY, "email": "dana.w@example.net"}


def alerts(aws: boto3.session.Session, inbox: str) -> list[dict[str, Any]]:
    return bodies(drain_queue(aws, inbox))


def test_new_finding_alerts_once_and_a_repeat_with_the_same_categories_does_not(
    aws: boto3.session.Session, credentials: CTMCredentials, deliver: Deliver, alerts_inbox: str
) -> None:
    secret = credentials.secret_key
    assert deliver(signed_event(call(1, **PHONE_ONLY), secret, channel="end"))[1]["alerted"] is True
    [first] = alerts(aws, alerts_inbox)
    assert (first["reason"], first["categories"], first["resource_id"]) == ("new", ["PHONE"], "webhook:end")
    assert first["account_id"] == AGENCY_ACCOUNT and first["check_id"] == "webhook_phi_detected"

    assert deliver(signed_event(call(2, **PHONE_ONLY), secret, channel="end"))[1]["alerted"] is False

    assert alerts(aws, alerts_inbox) == []


def test_growing_category_set_alerts_again(
    aws: boto3.session.Session, credentials: CTMCredentials, deliver: Deliver, alerts_inbox: str
) -> None:
    secret = credentials.secret_key
    deliver(signed_event(call(1, **PHONE_ONLY), secret, channel="end"))
    alerts(aws, alerts_inbox)

    _, body = deliver(signed_event(call(2, **WITH_EMAIL), secret, channel="end"))

    assert body["alerted"] is True
    [grown] = alerts(aws, alerts_inbox)
    assert grown["reason"] == "new categories"
    assert grown["categories"] == ["EMAIL", "PHONE"]
    assert grown["generation"] == 2
    # Back to the smaller set: nothing new, no alert.
    assert deliver(signed_event(call(3, **PHONE_ONLY), secret, channel="end"))[1]["alerted"] is False
    assert alerts(aws, alerts_inbox) == []


def test_critical_identifiers_alert_with_a_reason_naming_them(
    aws: boto3.session.Session, credentials: CTMCredentials, deliver: Deliver, alerts_inbox: str
) -> None:
    record = call(
        1,
        notes="Caller gave SSN 536-22-8471 and MRN 77120458.",
        custom_fields={"insurance_member_id": "QZX771204583"},
    )

    _, body = deliver(signed_event(record, credentials.secret_key))

    assert body["severity"] == "critical" and body["alerted"] is True
    [alert] = drain_queue(aws, alerts_inbox)
    message = bodies([alert])[0]
    assert message["reason"].startswith("new; critical identifiers (")
    assert all(name in message["reason"] for name in ("SSN", "MRN", "HEALTH_PLAN"))
    assert message["severity"] == "critical"
    assert alert["MessageAttributes"]["severity"]["StringValue"] == "critical"


def test_five_calls_with_the_same_categories_give_exactly_one_alert(
    aws: boto3.session.Session, credentials: CTMCredentials, deliver: Deliver, alerts_inbox: str
) -> None:
    answers = [
        deliver(signed_event(call(100 + n, **WITH_EMAIL), credentials.secret_key, channel="end"))
        for n in range(5)
    ]

    assert [status for status, _ in answers] == [200] * 5
    assert [body["alerted"] for _, body in answers] == [True, False, False, False, False]
    [alert] = alerts(aws, alerts_inbox)
    assert alert["occurrences"] == 1


def test_findings_aggregate_per_account_and_channel(
    aws: boto3.session.Session, credentials: CTMCredentials, deliver: Deliver, alerts_inbox: str
) -> None:
    secret = credentials.secret_key
    deliver(signed_event(call(1, **PHONE_ONLY), secret, channel="start"))
    deliver(signed_event(call(1, **PHONE_ONLY), secret, channel="end"))  # same call, another webhook
    deliver(signed_event({**call(2, **PHONE_ONLY), "account_id": 700002}, secret, channel="end"))

    sent = alerts(aws, alerts_inbox)

    assert sorted((a["account_id"], a["resource_id"]) for a in sent) == [
        (AGENCY_ACCOUNT, "webhook:end"),
        (AGENCY_ACCOUNT, "webhook:start"),
        ("700002", "webhook:end"),
    ]
