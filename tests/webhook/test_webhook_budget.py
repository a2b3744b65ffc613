"""The per-delivery time budget: a delivery whose inspection overruns it is still recorded, as
"inspection incomplete" (at least high, never clean), and answered within the budget.

The detector is our own port: these tests hand the real service (on moto) inspectors that run out
of time as the detector does, raising InspectionIncomplete with what they found so far.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

import boto3
import pytest
from webhook_support import AGENCY_ACCOUNT, MakeDeliver, bodies, drain_queue, metrics, scan, signed_event

from ctm_hipaa.ctm.credentials import CTMCredentials
from ctm_hipaa.phi import Category, Detection, InspectionIncomplete
from ctm_hipaa.settings import DEFAULT_INSPECTION_BUDGET_SECONDS, Settings, SettingsError
from ctm_hipaa.webhook.service import Inspector

RECORD = {"id": 440001, "account_id": int(AGENCY_ACCOUNT), "caller_number": "+16145550142"}
FOUND_SO_FAR = [Detection("caller_number", 0, 12, Category.PHONE)]
Send = Callable[[Inspector, dict[str, Any]], tuple[int, dict[str, Any]]]


def overrunning(found: list[Detection]) -> Inspector:
    """An inspector that runs out of time after finding `found`."""

    def inspect(payload: Mapping[str, Any], *, deadline: float | None = None) -> list[Detection]:
        raise InspectionIncomplete(list(found), fields_done=1, fields_total=2)

    return inspect


@pytest.fixture
def send(webhook_settings: Settings, make_deliver: MakeDeliver) -> Send:
    def run(inspect: Inspector, event: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return make_deliver(webhook_settings, inspect=inspect)(event)

    return run


def finding_and_occurrence(table: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    items = scan(table)
    [finding] = [item for item in items if item["type"] == "finding"]
    [occurrence] = [item for item in items if item["type"] == "occurrence"]
    return finding, occurrence


def test_an_incomplete_inspection_is_recorded_high_with_what_was_found_and_alerts(
    aws: boto3.session.Session,
    credentials: CTMCredentials,
    send: Send,
    findings_table: Any,
    alerts_inbox: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, body = send(
        overrunning(FOUND_SO_FAR), signed_event(RECORD, credentials.secret_key, channel="end")
    )

    assert status == 200
    assert body == {
        "status": "accepted",
        "phi": True,
        "categories": ["PHONE"],
        "severity": "high",  # a phone number alone is medium; unread fields may hold anything
        "alerted": True,
        "parked": False,
        "incomplete": True,
    }
    finding, occurrence = finding_and_occurrence(findings_table)
    assert (finding["severity"], list(finding["categories"]), list(finding["paths"])) == (
        "high",
        ["PHONE"],
        ["caller_number"],
    )
    assert "could not be inspected completely" in finding["detail"]
    assert occurrence["detail"] == finding["detail"]
    assert occurrence["incomplete"] is True
    [alert] = bodies(drain_queue(aws, alerts_inbox))
    assert (alert["reason"], alert["severity"]) == ("new", "high")
    assert metrics(capsys.readouterr().out, "InspectionIncomplete", "channel") == {"end": 1}


def test_an_incomplete_inspection_that_found_nothing_is_never_clean(
    aws: boto3.session.Session,
    credentials: CTMCredentials,
    send: Send,
    findings_table: Any,
    alerts_inbox: str,
) -> None:
    status, body = send(overrunning([]), signed_event(RECORD, credentials.secret_key, channel="start"))

    assert (status, body["phi"], body["incomplete"], body["severity"]) == (200, False, True, "high")
    finding, _ = finding_and_occurrence(findings_table)
    assert (finding["resource_id"], finding["severity"], list(finding["categories"])) == (
        "webhook:start",
        "high",
        [],
    )
    assert "could not be inspected completely" in finding["detail"]
    [alert] = bodies(drain_queue(aws, alerts_inbox))
    assert alert["severity"] == "high"


def test_critical_identifiers_found_before_the_overrun_stay_critical(
    credentials: CTMCredentials, send: Send
) -> None:
    found = [*FOUND_SO_FAR, Detection("notes", 4, 15, Category.SSN)]

    _, body = send(overrunning(found), signed_event(RECORD, credentials.secret_key))

    assert (body["severity"], body["incomplete"]) == ("critical", True)


def test_the_inspector_gets_a_deadline_within_the_budget_from_the_arrival(
    credentials: CTMCredentials, send: Send
) -> None:
    deadlines: list[float | None] = []

    def inspect(payload: Mapping[str, Any], *, deadline: float | None = None) -> list[Detection]:
        deadlines.append(deadline)
        return []

    before = time.monotonic()
    status, body = send(inspect, signed_event(RECORD, credentials.secret_key))
    after = time.monotonic()

    assert (status, body) == (200, {"status": "accepted", "phi": False, "categories": []})
    [deadline] = deadlines
    assert deadline is not None
    assert before + DEFAULT_INSPECTION_BUDGET_SECONDS <= deadline <= after + DEFAULT_INSPECTION_BUDGET_SECONDS


def test_a_slow_delivery_is_answered_within_the_budget(
    webhook_settings: Settings, make_deliver: MakeDeliver, credentials: CTMCredentials, findings_table: Any
) -> None:
    budget = 0.5

    def crawling(payload: Mapping[str, Any], *, deadline: float | None = None) -> list[Detection]:
        """Would take a minute; stops, as the detector does, at the deadline."""
        assert deadline is not None
        give_up = time.monotonic() + 60
        while time.monotonic() < give_up:
            if time.monotonic() > deadline:
                raise InspectionIncomplete(list(FOUND_SO_FAR), fields_done=1, fields_total=2)
            time.sleep(0.01)
        return list(FOUND_SO_FAR)

    settings = webhook_settings.model_copy(update={"inspection_budget_seconds": budget})
    deliver = make_deliver(settings, inspect=crawling)
    started = time.monotonic()
    status, body = deliver(signed_event(RECORD, credentials.secret_key))
    elapsed = time.monotonic() - started

    assert (status, body["incomplete"]) == (200, True)
    # The inspection stopped at the budget; recording on moto adds well under a second.
    assert budget <= elapsed < budget + 2.0
    assert finding_and_occurrence(findings_table)[0]["severity"] == "high"


@pytest.mark.parametrize(("value", "expected"), [(None, DEFAULT_INSPECTION_BUDGET_SECONDS), ("2.5", 2.5)])
def test_the_budget_is_a_setting(value: str | None, expected: float) -> None:
    env = {"FINDINGS_TABLE": "t", "ALERTS_TOPIC_ARN": "a", "CTM_SECRET_ARN": "s"}
    if value is not None:
        env["INSPECTION_BUDGET_SECONDS"] = value
    assert Settings.from_env(env).inspection_budget_seconds == expected


@pytest.mark.parametrize("value", ["0", "-1", "9", "soon"])
def test_a_budget_that_leaves_no_time_to_record_is_refused(value: str) -> None:
    env = {"FINDINGS_TABLE": "t", "ALERTS_TOPIC_ARN": "a", "CTM_SECRET_ARN": "s"}
    with pytest.raises(SettingsError, match="INSPECTION_BUDGET_SECONDS"):
        Settings.from_env({**env, "INSPECTION_BUDGET_SECONDS": value})
