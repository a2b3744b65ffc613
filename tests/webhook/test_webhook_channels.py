"""Channels: the query string is not signed, so only configured channels count, matched whole.

A captured delivery replayed within the tolerance with another `?channel=` must not open another
finding nor alert again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boto3
import pytest
from webhook_support import AGENCY_ACCOUNT, bodies, drain_queue, scan, signed_event

from ctm_hipaa.ctm.credentials import CTMCredentials
from ctm_hipaa.settings import DEFAULT_WEBHOOK_CHANNELS, Settings, SettingsError

Deliver = Callable[[dict[str, Any]], tuple[int, dict[str, Any]]]
RECORD = {"id": 550001, "account_id": int(AGENCY_ACCOUNT), "notes": "SSN 219-09-9999, knee pain."}
REQUIRED = {"FINDINGS_TABLE": "t", "ALERTS_TOPIC_ARN": "a", "CTM_SECRET_ARN": "s"}


def findings(table: Any) -> list[str]:
    return sorted(item["resource_id"] for item in scan(table) if item["type"] == "finding")


def test_a_replay_on_other_channels_opens_no_finding_and_alerts_nothing(
    aws: boto3.session.Session,
    credentials: CTMCredentials,
    deliver: Deliver,
    findings_table: Any,
    alerts_inbox: str,
) -> None:
    captured = signed_event(RECORD, credentials.secret_key, channel="end")
    assert deliver(captured)[0] == 200

    for channel in ["x1", "x2", "x3", "x4", "end\n", "end%0A", "END", " end", "end ", "", "start,end"]:
        replay = {**captured, "queryStringParameters": {"channel": channel}}
        status, body = deliver(replay)
        assert (status, body["error"]) == (400, "malformed"), channel
        assert channel.strip() == "" or channel.strip() not in body["message"]

    assert findings(findings_table) == ["webhook:end"]
    assert len(bodies(drain_queue(aws, alerts_inbox))) == 1


def test_every_configured_channel_is_accepted_and_none_means_post_call(
    credentials: CTMCredentials, deliver: Deliver, findings_table: Any
) -> None:
    for n, channel in enumerate(["start", "end", None]):
        event = signed_event({**RECORD, "id": 550010 + n}, credentials.secret_key, channel=channel)
        assert deliver(event)[0] == 200

    assert findings(findings_table) == ["webhook:end", "webhook:post-call", "webhook:start"]


def test_channels_come_from_the_settings(
    webhook_settings: Settings,
    credentials: CTMCredentials,
    make_deliver: Callable[[Settings], Deliver],
    findings_table: Any,
) -> None:
    deliver = make_deliver(webhook_settings.model_copy(update={"webhook_channels": ("intake", "end")}))
    secret = credentials.secret_key

    assert deliver(signed_event({**RECORD, "id": 550020}, secret, channel="intake"))[0] == 200
    assert deliver(signed_event({**RECORD, "id": 550021}, secret, channel="start"))[0] == 400
    # Without post-call configured, a delivery without a channel is not accepted either.
    assert deliver(signed_event({**RECORD, "id": 550022}, secret))[0] == 400
    assert findings(findings_table) == ["webhook:intake"]


def test_the_function_environment_carries_the_template_default(webhook_settings: Settings) -> None:
    assert webhook_settings.webhook_channels == DEFAULT_WEBHOOK_CHANNELS == ("post-call", "start", "end")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("post-call,start,end", ("post-call", "start", "end")),
        ("intake", ("intake",)),
        ("a_1,b-2", ("a_1", "b-2")),
    ],
)
def test_webhook_channels_setting_is_a_comma_separated_list(value: str, expected: tuple[str, ...]) -> None:
    assert Settings.from_env({**REQUIRED, "WEBHOOK_CHANNELS": value}).webhook_channels == expected


@pytest.mark.parametrize(
    "value", ["", "end,", "End", "end\n,start", "a, b", "a" * 33, "post call", "end;start"]
)
def test_invalid_webhook_channels_setting_names_the_variable(value: str) -> None:
    with pytest.raises(SettingsError, match="WEBHOOK_CHANNELS"):
        Settings.from_env({**REQUIRED, "WEBHOOK_CHANNELS": value})
