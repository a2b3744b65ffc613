"""PHI typed into field names: a key a clinic types is free text, and none of it leaves the webhook.

Signed deliveries whose keys carry a patient's name, an SSN with spaces, an e-mail, dots, or sit in
lists of objects or at the top level go through the real service on moto. The findings, the
occurrences and the alerts name those fields `<key>`; the vocabulary's names stay readable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boto3
import pytest
from webhook_support import AGENCY_ACCOUNT, bodies, drain_queue, dump, scan, signed_event

from ctm_hipaa.ctm.credentials import CTMCredentials

Deliver = Callable[[dict[str, Any]], tuple[int, dict[str, Any]]]

NAME_KEY = "Zyxwv Qqqplm"
SSN_KEY = "SSN 21 90 99 99 9"
EMAIL_KEY = "zyxwv.qqqplm@example.org"
DOTTED_KEY = "Zyxwv.Qqqplm"
KEY_NEEDLES = ["zyxwv", "qqqplm", "21 90 99 99 9", "219099999", "example.org"]

CASES: dict[str, tuple[dict[str, Any], set[str]]] = {
    "custom field named after a patient": (
        {"custom_fields": {NAME_KEY: "219-09-9999", "Member ID": "QZX771204583"}},
        {"custom_fields.<key>", "custom_fields.member_id"},
    ),
    "custom field named with an SSN": ({"custom_fields": {SSN_KEY: "614-555-0142"}}, {"custom_fields.<key>"}),
    "custom field named with an e-mail": (
        {"custom_fields": {EMAIL_KEY: "219-09-9999"}},
        {"custom_fields.<key>"},
    ),
    "custom field with dots in its name": (
        {"custom_fields": {DOTTED_KEY: "DOB 04/17/1953"}},
        {"custom_fields.<key>"},
    ),
    "top-level key": ({"Qqqplm Zyxwv": "SSN 219-09-9999"}, {"<key>"}),
    "keys inside lists of objects": (
        {
            "form": {"custom": [{NAME_KEY: "219-09-9999"}]},
            "chat_messages": [{DOTTED_KEY: "my ssn is 219-09-9999"}],
        },
        {"form.custom[].<key>", "chat_messages[].<key>"},
    ),
}


def key_leaks(text: str) -> list[str]:
    lowered = text.lower()
    return [needle for needle in KEY_NEEDLES if needle in lowered]


@pytest.mark.parametrize("case", sorted(CASES))
def test_keys_that_carry_phi_never_reach_findings_occurrences_or_alerts(
    case: str,
    aws: boto3.session.Session,
    credentials: CTMCredentials,
    deliver: Deliver,
    findings_table: Any,
    alerts_inbox: str,
) -> None:
    fields, expected_paths = CASES[case]
    record: dict[str, Any] = {"id": 771001, "account_id": int(AGENCY_ACCOUNT), **fields}

    status, body = deliver(signed_event(record, credentials.secret_key, channel="end"))

    assert (status, body["phi"], body["alerted"]) == (200, True, True)
    items = scan(findings_table)
    [finding] = [item for item in items if item["type"] == "finding"]
    [occurrence] = [item for item in items if item["type"] == "occurrence"]
    [alert] = bodies(drain_queue(aws, alerts_inbox))
    assert set(finding["paths"]) == expected_paths
    assert set(occurrence["paths"]) == expected_paths
    assert set(alert["paths"]) == expected_paths
    assert key_leaks(dump([items, alert, body])) == []
