"""Checks over API parts and webhook observations: PASS, FAIL, MANUAL and ERROR cases."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from check_factories import ACCOUNT, NOW, attest, context, failed, observation, run, snapshot, statuses

from ctm_hipaa.attestations import EffectiveAttestations


def user(uid: str, first: str, last: str, email: str, **extra: Any) -> dict[str, Any]:
    return {"id": uid, "first_name": first, "last_name": last, "email": email, "role": "call_agent", **extra}


# ---------------------------------------------------------------- part errors -> ERROR, never PASS

API_PARTS = [
    ("users_individual_logins", "users"),
    ("recordings_login_required", "users"),
    ("notifications_no_phi", "users"),
    ("notifications_no_phi", "triggers"),
    ("webhooks_secure_destination", "webhooks"),
    ("triggers_offplatform_phi", "triggers"),
    ("transcription_redaction", "call_settings"),
    ("recordings_encrypted", "call_settings"),
    ("attribution_health_terms", "calls"),
]


@pytest.mark.parametrize(("check_id", "part"), API_PARTS)
@pytest.mark.parametrize(("kind", "status"), [("forbidden", 403), ("rate_limited", 429), ("malformed", None)])
def test_unreadable_part_is_error_naming_part_and_kind(
    check_id: str, part: str, kind: str, status: int | None
) -> None:
    ctx = context(snapshot(**{part: failed(kind, status, part)}))
    results = run(check_id, ctx)
    errors = [r for r in results if r.status.value == "ERROR"]
    assert len(errors) == 1
    assert errors[0].resource_id == f"account:{part}"
    assert part.replace("_", " ") in errors[0].detail
    assert kind in errors[0].detail
    if status is not None:
        assert str(status) in errors[0].detail
    # nothing that depended on the part may pass
    assert not [r for r in results if r.status.value == "PASS" and r.resource_id != "account"]


def test_part_never_collected_is_error() -> None:
    snap = snapshot()
    snap = snap.model_copy(update={"webhooks": snap.webhooks.model_copy(update={"items": None})})
    [res] = run("webhooks_secure_destination", context(snap))
    assert res.status.value == "ERROR"


# ---------------------------------------------------------------- users_individual_logins


def test_individual_logins_pass_per_user() -> None:
    users = [
        user("11", "Ann", "Lee", "ann.lee@clinic.example"),
        user("12", "Bo", "Kim", "bo.kim@clinic.example"),
    ]
    assert statuses(run("users_individual_logins", context(snapshot(users=users)))) == {
        "11": "PASS",
        "12": "PASS",
    }


@pytest.mark.parametrize(
    "mailbox",
    [
        "frontdesk@clinic.example",
        "Front.Desk2@clinic.example",
        "info@x.example",
        "office@x.example",
        "reception@x.example",
        "admin@x.example",
        "billing+ctm@x.example",
        "scheduling@x.example",
        # from the detector's list of the practice's mailboxes, now the one list both read
        "newpatients@x.example",
        "care@x.example",
    ],
)
def test_role_mailbox_fails(mailbox: str) -> None:
    users = [user("6021", "Desk", "Team", mailbox), user("6022", "Ann", "Lee", "ann.lee@clinic.example")]
    results = {r.resource_id: r for r in run("users_individual_logins", context(snapshot(users=users)))}
    assert results["6021"].status.value == "FAIL"
    assert "role or shared mailbox" in results["6021"].detail
    assert results["6022"].status.value == "PASS"


def test_one_email_on_several_users_fails_each() -> None:
    users = [
        user("1", "Ann", "Lee", "ann.lee@clinic.example"),
        user("2", "Bo", "Kim", "Ann.Lee@clinic.example"),
        user("3", "Cy", "Ng", "cy.ng@clinic.example"),
    ]
    results = {r.resource_id: r for r in run("users_individual_logins", context(snapshot(users=users)))}
    assert results["1"].status.value == results["2"].status.value == "FAIL"
    assert "user 2" in results["1"].detail and "user 1" in results["2"].detail
    assert results["3"].status.value == "PASS"


def test_one_person_on_several_logins_fails() -> None:
    users = [
        user("1", "Ann", "Lee", "ann.lee@clinic.example"),
        user("2", "ann", " LEE", "ann.l@other.example"),
    ]
    assert statuses(run("users_individual_logins", context(snapshot(users=users)))) == {
        "1": "FAIL",
        "2": "FAIL",
    }


def test_inactive_users_are_ignored() -> None:
    users = [
        user("1", "Desk", "Team", "frontdesk@clinic.example", status="disabled"),
        user("2", "Ann", "Lee", "ann.lee@clinic.example"),
    ]
    assert statuses(run("users_individual_logins", context(snapshot(users=users)))) == {"2": "PASS"}


def test_no_users_is_an_error_with_reason() -> None:
    # Issue 9: every account has its owner, so an empty user list is an incomplete answer, not a pass.
    [res] = run("users_individual_logins", context(snapshot(users=[])))
    assert res.status.value == "ERROR" and res.resource_id == "account" and "no active users" in res.detail


def test_user_without_email_is_judged_on_its_name_and_flagged() -> None:
    users = [
        user("1", "Ann", "Lee", ""),
        {"id": "2", "role": "call_agent"},
        user("3", "Bo", "Kim", "bo.kim@clinic.example"),
        {"id": "4", "first_name": "bo", "last_name": "kim"},
    ]
    results = {r.resource_id: r for r in run("users_individual_logins", context(snapshot(users=users)))}
    assert (results["1"].status.value, results["1"].severity.value) == ("MANUAL", "low")
    assert "no email address" in results["1"].detail and "only its name was judged" in results["1"].detail
    assert results["2"].status.value == "MANUAL" and "no full name either" in results["2"].detail
    assert results["3"].status.value == results["4"].status.value == "FAIL"  # one person, two logins


# ---------------------------------------------------------------- recordings_login_required (per user)


def test_recording_access_per_user() -> None:
    users = [
        user("1", "Ann", "Lee", "a@x.example", recording_access_settings={"password_protected": True}),
        user("2", "Bo", "Kim", "b@x.example", recording_access_settings={"password_protected": False}),
        user("3", "Cy", "Ng", "c@x.example"),
    ]
    got = statuses(run("recordings_login_required", context(snapshot(users=users))))
    assert got == {"account": "PASS", "1": "PASS", "2": "FAIL", "3": "MANUAL"}


# ---------------------------------------------------------------- notifications_no_phi


def trigger(tid: str, *actions: dict[str, Any]) -> dict[str, Any]:
    return {"id": tid, "name": "t", "routing_rules": [{"conditions": [], "actions": list(actions)}]}


def test_notification_triggers() -> None:
    triggers = [
        trigger("70", {"id": "a", "type": "email", "to": "x@y.example", "fields": ["caller_number", "name"]}),
        trigger(
            "71", {"id": "b", "type": "sms", "to": "+15555550100", "fields": ["tracking_label", "duration"]}
        ),
        trigger("72", {"id": "c", "type": "send_email", "to": "x@y.example"}),  # fields not listed
        trigger("73", {"id": "d", "type": "add_tag"}),  # not a notification
    ]
    results = {r.resource_id: r for r in run("notifications_no_phi", context(snapshot(triggers=triggers)))}
    assert results["trigger:70"].status.value == "FAIL"
    assert "caller name and phone number" in results["trigger:70"].detail
    assert results["trigger:71"].status.value == "PASS"
    assert results["trigger:72"].status.value == "MANUAL"
    assert "trigger:73" not in results
    assert results["account"].status.value == "PASS"


def test_notification_users_follow_attested_fields() -> None:
    users = [
        user("1", "A", "B", "a@x.example", notifications={"email_notify_on_missed_calls": True}),
        user("2", "C", "D", "c@x.example", notifications={"email_notify_on_missed_calls": False}),
    ]
    clean = statuses(run("notifications_no_phi", context(snapshot(users=users))))
    assert clean == {"account": "PASS", "user:1": "PASS"}
    phi = attest(account={"notification_fields": ["caller_number"]})
    assert statuses(run("notifications_no_phi", context(snapshot(users=users), phi)))["user:1"] == "FAIL"
    unknown = EffectiveAttestations.unattested(ACCOUNT)
    assert (
        statuses(run("notifications_no_phi", context(snapshot(users=users), unknown)))["user:1"] == "MANUAL"
    )


def test_notifications_fail_on_observed_phi() -> None:
    obs = [observation("webhook:end", ("NAME", "PHONE")), observation("webhook:start", ())]
    results = {r.resource_id: r for r in run("notifications_no_phi", context(observations=obs))}
    assert results["webhook:end"].status.value == "FAIL"
    assert "NAME, PHONE" in results["webhook:end"].detail
    assert results["webhook:start"].status.value == "PASS"


def test_notifications_pass_no_channel_on_clean_sightings_older_than_the_max_age() -> None:
    old = NOW - timedelta(days=91)
    obs = [
        observation("webhook:end", ("NAME",)).model_copy(update={"last_seen": old}),
        observation("webhook:start", ()).model_copy(update={"last_seen": old}),
    ]
    results = statuses(run("notifications_no_phi", context(observations=obs)))
    # PHI seen stays a FAIL whatever its age; a clean sighting that old is no evidence of a PASS.
    assert results["webhook:end"] == "FAIL" and "webhook:start" not in results


# ---------------------------------------------------------------- webhooks_secure_destination


def hook(wid: str, url: str | None, username: str | None = "ctm") -> dict[str, Any]:
    return {"id": wid, "name": "n", "position": "end", "weburl": url, "username": username}


def test_webhook_destinations() -> None:
    hooks = [
        hook("1", "https://hooks.vendor-under-baa.com/ctm"),
        hook("2", "https://api.hooks.vendor-under-baa.com/ctm"),  # subdomain of a listed host
        hook("3", "http://hooks.vendor-under-baa.com/ctm"),
        hook("4", "https://putsreq.com/abc"),
        hook("5", "https://crm.unvetted.example/ctm"),
        hook("6", "https://hooks.vendor-under-baa.com/ctm", username=""),
        hook("7", None),
        hook("8", "https://evilhooks.vendor-under-baa.com/x"),  # suffix without a dot boundary
    ]
    got = statuses(run("webhooks_secure_destination", context(snapshot(webhooks=hooks))))
    assert got == {
        "1": "PASS",
        "2": "PASS",
        "3": "FAIL",
        "4": "FAIL",
        "5": "FAIL",
        "6": "FAIL",
        "7": "FAIL",
        "8": "FAIL",
    }


@pytest.mark.parametrize(
    ("url", "status", "reason"),
    [
        # urlsplit reads the text after `\\@` as the host; WHATWG parsers (browsers, most HTTP
        # stacks) turn the backslash into a slash and send the request to evil.example.
        ("https://evil.example\\@hooks.vendor-under-baa.com/x", "FAIL", "not on the BAA vendor list"),
        ("https://hooks.vendor-under-baa.com\\.evil.example/x", "PASS", ""),  # host ends at the `\\`
        ("https://evil.example\\hooks.vendor-under-baa.com/x", "FAIL", "not on the BAA vendor list"),
        ("https://hooks.vendor-\tunder-baa.com/x", "PASS", ""),  # tabs and newlines are dropped
        ("https://hooks.vendor-under-baa.com\n/x", "PASS", ""),
        ("https://hooks.vendor-under-baa.com/a@evil.example", "PASS", ""),  # `@` in the path
        ("https://HOOKS.Vendor-Under-BAA.com./x", "PASS", ""),
        ("https:hooks.vendor-under-baa.com/x", "PASS", ""),  # sent to that host despite no `//`
        ("https://hooks.vendor-under-baa.com:99999/x", "FAIL", "no valid destination URL"),
        ("https://exa mple.com/", "FAIL", "no valid destination URL"),
        ("mailto:ops@hooks.vendor-under-baa.com", "FAIL", "no valid destination URL"),
        # Credentials in the URL end up in logs and proxies: a problem of their own.
        ("https://ctm:s3cret@hooks.vendor-under-baa.com/x", "FAIL", "puts credentials in its URL"),
        ("https://ctm@hooks.vendor-under-baa.com/x", "FAIL", "puts credentials in its URL"),
        ("https://:s3cret@hooks.vendor-under-baa.com/x", "FAIL", "puts credentials in its URL"),
    ],
)
def test_webhook_hosts_are_read_as_whatwg_parsers_send_them(url: str, status: str, reason: str) -> None:
    [res] = run("webhooks_secure_destination", context(snapshot(webhooks=[hook("9", url)])))
    assert res.status.value == status, res.detail
    assert reason in res.detail
    assert "s3cret" not in res.detail and "evil" not in res.detail


def test_request_bins_fail_even_when_allow_listed() -> None:
    ctx = context(
        snapshot(webhooks=[hook("4", "https://putsreq.com/abc")]),
        attest({"baa_vendor_hosts": ["putsreq.com"]}),
    )
    [res] = run("webhooks_secure_destination", ctx)
    assert res.status.value == "FAIL" and "request-inspection" in res.detail


def test_signature_verified_host_replaces_credentials() -> None:
    hooks = [hook("6", "https://hooks.vendor-under-baa.com/ctm", username=None)]
    signed = attest({"signed_webhook_hosts": ["hooks.vendor-under-baa.com"]})
    assert statuses(run("webhooks_secure_destination", context(snapshot(webhooks=hooks), signed))) == {
        "6": "PASS"
    }


def test_webhook_manual_when_allow_list_unattested() -> None:
    ctx = context(
        snapshot(webhooks=[hook("1", "https://hooks.vendor-under-baa.com/ctm")]),
        attest({"baa_vendor_hosts": None}),
    )
    [res] = run("webhooks_secure_destination", ctx)
    assert res.status.value == "MANUAL" and "BAA vendor host list" in res.detail


def test_no_webhooks_is_not_applicable_with_reason() -> None:
    [res] = run("webhooks_secure_destination", context())
    assert (res.status.value, res.resource_id) == ("NOT_APPLICABLE", "account")
    assert "No webhooks configured" in res.detail


# ---------------------------------------------------------------- triggers_offplatform_phi


def test_trigger_actions() -> None:
    triggers = [
        trigger("1", {"id": "a", "type": "add_tag"}, {"id": "b", "type": "set_score"}),
        trigger("2", {"id": "a", "type": "email", "fields": ["name", "notes"]}),
        trigger("3", {"id": "a", "type": "sms", "fields": ["source"]}),
        trigger("4", {"id": "a", "type": "webhook", "url": "https://hooks.vendor-under-baa.com/t"}),
        trigger("5", {"id": "a", "type": "webhook", "url": "http://crm.unvetted.example/t"}),
        trigger("6", {"id": "a", "type": "launch_rocket"}),
        trigger("7", {"id": "a", "type": "add_tag"}, {"id": "b", "type": None}),
        trigger("8", {"id": "a", "type": "text", "to": "+15555550100"}),  # fields not listed
        trigger("9", {"id": "a", "type": "email", "fields": ["name"]}, {"id": "b", "type": "mystery"}),
    ]
    got = statuses(run("triggers_offplatform_phi", context(snapshot(triggers=triggers))))
    assert got == {
        "1": "PASS",
        "2": "FAIL",
        "3": "PASS",
        "4": "PASS",
        "5": "FAIL",
        "6": "MANUAL",
        "7": "MANUAL",
        "8": "MANUAL",
        "9": "FAIL",
    }


def test_trigger_webhook_manual_when_allow_list_expired() -> None:
    triggers = [trigger("4", {"id": "a", "type": "webhook", "url": "https://hooks.vendor-under-baa.com/t"})]
    ctx = context(snapshot(triggers=triggers), attest({"attested_on": "2024-12-01"}))
    [res] = run("triggers_offplatform_phi", ctx)
    assert res.status.value == "MANUAL" and "older than" in res.detail


def test_credentials_in_a_trigger_webhook_url_fail() -> None:
    action = {"id": "a", "type": "webhook", "url": "https://ctm:s3cret@hooks.vendor-under-baa.com/t"}
    [res] = run("triggers_offplatform_phi", context(snapshot(triggers=[trigger("4", action)])))
    assert res.status.value == "FAIL" and "puts credentials in its URL" in res.detail, res.detail
    assert "s3cret" not in res.detail


def test_no_triggers_is_not_applicable_with_reason() -> None:
    [res] = run("triggers_offplatform_phi", context())
    assert res.status.value == "NOT_APPLICABLE" and "No triggers configured" in res.detail


def test_trigger_without_routing_rules_is_not_applicable() -> None:
    triggers = [
        {"id": "1", "name": "t", "routing_rules": []},
        {"id": "2", "name": "t", "routing_rules": [{"id": "r", "actions": []}]},
        trigger("3", {"id": "a", "type": "add_tag"}),
    ]
    results = {
        r.resource_id: r for r in run("triggers_offplatform_phi", context(snapshot(triggers=triggers)))
    }
    assert {rid: r.status.value for rid, r in results.items()} == {
        "1": "NOT_APPLICABLE",
        "2": "NOT_APPLICABLE",
        "3": "PASS",
    }
    assert "no routing rule with an action" in results["1"].detail


# ---------------------------------------------------------------- transcription_redaction


def test_transcription_redaction() -> None:
    settings = [
        {"id": "1", "transcription": True, "transcription_redaction": True},
        {"id": "2", "transcription": True, "transcription_redaction": False},
        {"id": "3", "transcription": True},
        {"id": "4", "transcription": False},
        {"id": "5"},
    ]
    got = statuses(run("transcription_redaction", context(snapshot(call_settings=settings))))
    assert got == {"1": "PASS", "2": "FAIL", "3": "MANUAL", "4": "PASS", "5": "MANUAL"}


def test_no_call_settings_is_not_applicable() -> None:
    assert statuses(run("transcription_redaction", context())) == {"account": "NOT_APPLICABLE"}


# ---------------------------------------------------------------- attribution_health_terms


def test_health_terms_in_attribution_fail_per_distinct_label() -> None:
    calls = [
        {"id": 101, "tracking_label": "Knee Pain Landing Page", "source": "Google Ads"},
        {"id": 102, "tracking_label": "knee pain  landing page"},  # same label, different spacing/case
        {"id": 103, "campaign": "Oncology - Google Ads"},
        {"id": 104, "keyword": "diabetes doctor near me"},
        {"id": 105, "location": "https://clinic.example.com/services/knee-replacement?gclid=abc"},
        {
            "id": 106,
            "tracking_label": "Main Website",
            "campaign": "Brand",
            "location": "https://clinic.example.com/",
        },
    ]
    results = run("attribution_health_terms", context(snapshot(calls=calls)))
    assert [r.status.value for r in results] == ["FAIL"] * 4
    details = sorted(r.detail for r in results)
    assert any("tracking label on call 101 and 1 other" in d for d in details)
    assert any("campaign on call 103" in d for d in details)
    assert any("keyword on call 104" in d for d in details)
    assert any("landing page path on call 105" in d for d in details)
    for r in results:
        assert "knee" not in r.detail.lower() and "knee" not in r.resource_id.lower()


def test_health_terms_in_paid_attribution_fail() -> None:
    # tap call.json: attribution is also in paid{campaign, keyword}; a null paid is no attribution.
    calls = [
        {"id": 201, "paid": {"campaign": "Oncology Search", "keyword": None}},
        {"id": 202, "paid": {"campaign": None, "keyword": "diabetes doctor near me"}},
        {"id": 203, "paid": None},
    ]
    results = run("attribution_health_terms", context(snapshot(calls=calls)))
    details = sorted(r.detail for r in results)
    assert [r.status.value for r in results] == ["FAIL", "FAIL"]
    assert any("paid campaign on call 201" in d for d in details)
    assert any("paid keyword on call 202" in d for d in details)


def test_health_term_resource_ids_are_stable() -> None:
    calls = [{"id": 1, "tracking_label": "Oncology Line"}]
    first = run("attribution_health_terms", context(snapshot(calls=calls)))
    again = run(
        "attribution_health_terms", context(snapshot(calls=[{"id": 2, "tracking_label": "oncology line"}]))
    )
    assert first[0].resource_id == again[0].resource_id


def test_generic_attribution_passes() -> None:
    calls = [
        {"id": 1, "tracking_label": "Main Website", "campaign": "Brand - Spring", "keyword": "clinic hours"}
    ]
    [res] = run("attribution_health_terms", context(snapshot(calls=calls)))
    assert res.status.value == "PASS" and "1 sampled calls" in res.detail


def test_no_calls_is_not_applicable_with_reason() -> None:
    [res] = run("attribution_health_terms", context())
    assert res.status.value == "NOT_APPLICABLE" and "No calls were sampled" in res.detail


# ---------------------------------------------------------------- webhook_phi_detected


def test_webhook_phi_detected_per_channel() -> None:
    obs = [
        observation("webhook:end", ("NAME", "HEALTH"), 5),
        observation("webhook:end", ("PHONE",), 2),
        observation("webhook:start", (), 4),
    ]
    results = {r.resource_id: r for r in run("webhook_phi_detected", context(observations=obs))}
    assert results["webhook:end"].status.value == "FAIL"
    assert (
        "HEALTH, NAME, PHONE" in results["webhook:end"].detail
        and "7 deliveries" in results["webhook:end"].detail
    )
    assert results["webhook:start"].status.value == "PASS"
    assert "account" not in results


def test_webhook_phi_detected_is_manual_without_observations() -> None:
    [res] = run("webhook_phi_detected", context())
    assert (res.status.value, res.resource_id) == ("MANUAL", "account")
    assert "no delivery from this account in the last 90 days" in res.detail


def test_webhook_phi_detected_judges_only_deliveries_within_the_attestation_age() -> None:
    old = observation("webhook:end", ("NAME",), 5).model_copy(update={"last_seen": NOW - timedelta(days=91)})
    [res] = run("webhook_phi_detected", context(observations=[old]))
    assert (res.status.value, res.resource_id) == ("MANUAL", "account")
    edge = old.model_copy(update={"last_seen": NOW - timedelta(days=90)})
    assert statuses(run("webhook_phi_detected", context(observations=[edge]))) == {"webhook:end": "FAIL"}
    clean = observation("webhook:start", (), 4)
    assert statuses(run("webhook_phi_detected", context(observations=[old, clean]))) == {
        "webhook:start": "PASS"
    }


def test_webhook_phi_detected_says_when_the_latest_stale_delivery_was() -> None:
    old = observation("webhook:end", (), 5).model_copy(update={"last_seen": NOW - timedelta(days=120)})
    older = old.model_copy(update={"channel": "webhook:start", "last_seen": NOW - timedelta(days=200)})
    [res] = run("webhook_phi_detected", context(observations=[older, old]))
    assert (res.status.value, res.resource_id) == ("MANUAL", "account")
    assert f"(the latest was on {(NOW - timedelta(days=120)).date().isoformat()})" in res.detail


def test_webhook_phi_detected_never_passes_a_channel_whose_latest_delivery_is_unsettled() -> None:
    unsettled = observation("webhook:end", (), 1).model_copy(update={"settled": False})
    [res] = run("webhook_phi_detected", context(observations=[observation("webhook:end", (), 4), unsettled]))
    assert (res.status.value, res.resource_id) == ("MANUAL", "webhook:end")
    assert "carried PHI or was not fully inspected" in res.detail
    # An open finding on the channel says what was carried: FAIL, unsettled or not.
    found = observation("webhook:end", ("PHONE",), 1)
    assert statuses(run("webhook_phi_detected", context(observations=[unsettled, found]))) == {
        "webhook:end": "FAIL"
    }
