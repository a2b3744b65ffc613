"""Every result names its resource the way a user finds it in CTM (issue 9 item 7): a user's name and
login email, a webhook's name and host, a trigger's, a call setting's or the account's name, a
campaign's label; never a webhook's path or query, never a caller's data."""

from __future__ import annotations

from typing import Any

import pytest
from check_factories import attest, by_resource, context, failed, observation, run, snapshot

from ctm_hipaa.checks import run_checks
from ctm_hipaa.checks.names import MAX_NAME_CHARS
from ctm_hipaa.findings import ResultStatus

USERS: list[dict[str, Any]] = [
    {"id": "6021", "first_name": "Maya", "last_name": "Lindqvist", "email": "maya@clinic.example"},
    {"id": "6022", "email": "frontdesk@clinic.example"},
    {"id": "6023", "first_name": "Omar", "last_name": "Haddad"},
    {"id": "6024"},
]
WEBHOOKS: list[dict[str, Any]] = [
    {"id": "501", "name": "Intake CRM", "weburl": "https://crm.vendor.example/in/t0ken?key=s3cret"},
    {"id": "502", "weburl": "http://hooks.other.example/path"},
    {"id": "503", "name": "Broken", "weburl": "not a url"},
]
TRIGGERS: list[dict[str, Any]] = [
    {
        "id": "77",
        "name": "Missed call email",
        "routing_rules": [{"actions": [{"type": "email", "fields": []}]}],
    },
    {"id": "78", "routing_rules": [{"actions": [{"type": "sms", "fields": ["caller_number"]}]}]},
]
CALL_SETTINGS: list[dict[str, Any]] = [
    {"id": "9", "name": "Main line", "transcription": True, "transcription_redaction": False},
    {"id": "10", "transcription": False},
]


def _names(check_id: str, **parts: Any) -> dict[str, str]:
    return {r.resource_id: r.resource_name for r in run(check_id, context(snapshot(**parts)))}


def test_users_are_named_by_name_and_login_email() -> None:
    expected = {
        "6021": "Maya Lindqvist <maya@clinic.example>",
        "6022": "frontdesk@clinic.example",
        "6023": "Omar Haddad",
        "6024": "user 6024",
    }
    assert _names("users_individual_logins", users=USERS) == expected
    login = _names("recordings_login_required", users=USERS)
    assert {k: v for k, v in login.items() if k != "account"} == expected


def test_webhooks_are_named_by_name_and_host_never_path_or_query() -> None:
    names = _names("webhooks_secure_destination", webhooks=WEBHOOKS)
    assert names == {
        "501": "Intake CRM (crm.vendor.example)",
        "502": "webhook 502 (hooks.other.example)",
        "503": "Broken",
    }


def test_triggers_and_call_settings_are_named_by_their_names() -> None:
    assert _names("triggers_offplatform_phi", triggers=TRIGGERS) == {
        "77": "Missed call email",
        "78": "trigger 78",
    }
    notify = _names("notifications_no_phi", triggers=TRIGGERS)
    assert (notify["trigger:77"], notify["trigger:78"]) == ("Missed call email", "trigger 78")
    assert _names("transcription_redaction", call_settings=CALL_SETTINGS) == {
        "9": "Main line",
        "10": "call setting 10",
    }


def test_account_results_carry_the_account_name_else_its_id() -> None:
    assert _names("baa_in_place") == {"account": "Acct"}
    assert _names("baa_in_place", account=[{"id": "1001", "name": None}]) == {"account": "account 1001"}
    mfa = _names("security_mfa_required")
    assert mfa == {"account": "Acct", "account:email_mfa": "Acct: email multi-factor"}


def test_part_errors_and_rejected_items_say_which_part_or_item() -> None:
    assert _names("users_individual_logins", users=failed()) == {"account:users": "users of Acct"}
    problems = [{"index": 1, "id": "BAD1", "detail": "x"}, {"index": 2, "detail": "y"}]
    names = _names("transcription_redaction", call_settings={"items": [], "rejected": problems})
    assert names == {"BAD1": "call setting BAD1", "account:call_settings[2]": "call setting #3 of the list"}


def test_webhook_channels_are_named_as_set_up_in_ctm() -> None:
    results = run("webhook_phi_detected", context(observations=[observation("webhook:end", ("NAME",))]))
    assert by_resource(results)["webhook:end"].resource_name == "inspector webhook (?channel=end)"


def test_campaign_labels_keep_their_id_and_gain_their_label() -> None:
    calls = [
        {"id": "9001", "tracking_label": "Knee Pain Landing Page", "keyword": "knee surgery near me"},
        {"id": "9002", "tracking_label": "Knee Pain Landing Page"},
        {"id": "9003", "campaign": "Dana Whitfield oncology follow-up"},
        {"id": "9004", "location": "https://clinic.example/oncology/dana-whitfield"},
    ]
    results = by_resource(run("attribution_health_terms", context(snapshot(calls=calls))))
    names = {rid.split(":")[0]: res.resource_name for rid, res in results.items()}
    # The id is the finding id's input: the same hash as before names existed, so no finding reopens.
    assert "tracking_label:47155508e1b2" in results
    assert names["tracking_label"] == 'tracking label "Knee Pain Landing Page"'
    # A search keyword may be what a visitor typed, a path may carry a visitor's data, and a label
    # naming a person is not shown: each is found through a call carrying it.
    assert names["keyword"] == "keyword on call 9001"
    assert names["landing_path"] == "landing page path on call 9004"
    assert names["campaign"] == "campaign on call 9003"
    for res in results.values():
        assert "Dana" not in res.resource_name and "surgery" not in res.resource_name


def test_names_are_one_bounded_line() -> None:
    users = [{"id": "1", "first_name": "Ann\n\x1b[31m", "last_name": "Lee " * 80, "email": "ann@x.example"}]
    (res,) = run("users_individual_logins", context(snapshot(users=users)))
    assert "\n" not in res.resource_name and "\x1b" not in res.resource_name
    assert len(res.resource_name) <= MAX_NAME_CHARS and res.resource_name.startswith("Ann [31m Lee")


@pytest.mark.parametrize("attested", [True, False])
def test_every_result_of_every_check_has_a_name(attested: bool) -> None:
    calls = [{"id": "9001", "campaign": "Oncology - Google Ads"}]
    snap = snapshot(
        users=USERS, webhooks=WEBHOOKS, triggers=TRIGGERS, call_settings=CALL_SETTINGS, calls=calls
    )
    attestations = attest() if attested else attest({"attested_on": None}, {"attested_on": None})
    results = run_checks(context(snap, attestations, [observation("webhook:end", ("PHONE",))]))
    assert not [r for r in results if r.status is ResultStatus.ERROR]
    assert all(r.resource_name for r in results)
