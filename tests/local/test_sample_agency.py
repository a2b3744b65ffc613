"""The bundled sample agency and its attestations: valid, synthetic, and shaped as promised.

These assert data facts (what the demo relies on the sample to contain), not check outcomes.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
import yaml

from ctm_hipaa.ctm import models
from ctm_hipaa_tools.agency_file import AccountEntry, AgencyFile, load_agency_file, sample_agency_path
from ctm_hipaa_tools.agency_file import sample_attestations_path as attestations_path
from ctm_hipaa_tools.simulator import CTMSimulator

AS_OF = date(2026, 11, 29)
MAX_AGE_DAYS = 90
COMPLIANT = "412230"
HEALTH_TERMS = re.compile(
    r"oncolog|cancer|knee|orthop|replacement|apnea|sleep|depress|therap|rehab|dental|pregnan|diabet|"
    r"cardio|surgeon|chemo|adhd|autis|mental|behavioral",
    re.IGNORECASE,
)
ROLE_MAILBOXES = ("frontdesk", "front.desk", "info", "office", "reception", "admin", "intake", "billing")
OFF_PLATFORM = {"email", "sms", "webhook"}
KNOWN_ACTION_TYPES = OFF_PLATFORM | {"tag"}
CALL_FIELDS = {
    "id", "sid", "account_id", "name", "cnam", "email", "street", "city", "state", "postal_code",
    "latitude", "longitude", "caller_number", "caller_number_format", "caller_number_bare",
    "caller_number_split", "alternative_number", "direction", "dial_status", "called_at", "unix_time",
    "duration", "tracking_number", "tracking_label", "business_number", "business_label", "source",
    "medium", "campaign", "keyword", "location", "referrer", "visitor_ip", "agent_id", "agent", "tag_list",
    "notes", "custom_fields", "audio", "transcription_text", "summary", "redacted", "call_path", "inputs",
}  # fmt: skip


@pytest.fixture(scope="module")
def agency() -> AgencyFile:
    return load_agency_file(sample_agency_path())


@pytest.fixture(scope="module")
def attestations() -> dict[str, Any]:
    data = yaml.safe_load(attestations_path().read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def entry(agency: AgencyFile, account_id: str) -> AccountEntry:
    found = agency.account(account_id)
    assert found is not None, account_id
    return found


def strings(value: Any) -> list[str]:
    """Every string leaf of a JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def test_sample_is_small_and_has_four_or_five_accounts(agency: AgencyFile) -> None:
    assert sample_agency_path().stat().st_size < 300_000
    assert agency.agency.name == "Brightside Health Partners"
    assert 4 <= len(agency.accounts) <= 5
    assert agency.credentials is None  # the demo may use any API keys
    assert agency.faults == []


def test_objects_parse_as_the_modeled_ctm_shapes(agency: AgencyFile) -> None:
    for e in agency.accounts:
        models.Account.model_validate(e.account)
        assert e.users and e.call_settings
        assert 5 <= len(e.calls) <= 10
        for user in e.users:
            parsed = models.User.model_validate(user)
            assert parsed.recording_access_settings is not None
            assert parsed.recording_access_settings.password_protected is not None
            assert {"uid", "notifications"} <= user.keys()
        for webhook in e.webhooks:
            assert {"id", "name", "position", "weburl", "username"} <= webhook.keys()
            models.Webhook.model_validate(webhook)
        for trigger in e.triggers:
            parsed_trigger = models.Trigger.model_validate(trigger)
            assert parsed_trigger.routing_rules
            for rule in trigger["routing_rules"]:
                for cond in rule["conditions"]:
                    assert cond.keys() == {"field_name", "match_type", "match_value", "match_join"}
                for action in rule["actions"]:
                    assert {"id", "type", "fields"} <= action.keys()
        for setting in e.call_settings:
            models.CallSetting.model_validate(setting)
            assert setting.keys() >= {
                "default",
                "inbound_recordings_on",
                "outbound_recording_on",
                "transcription",
                "transcription_redaction",
            }
        for call in e.calls:
            models.Call.model_validate(call)
            assert call.keys() >= CALL_FIELDS, CALL_FIELDS - call.keys()
            assert str(call["account_id"]) == e.account_id


def test_calls_are_consistent_and_unique(agency: AgencyFile) -> None:
    ids = [c["id"] for e in agency.accounts for c in e.calls]
    assert len(ids) == len(set(ids))
    for e in agency.accounts:
        for call in e.calls:
            local = datetime.strptime(call["called_at"], "%Y-%m-%d %I:%M %p %z")
            assert int(local.timestamp()) == call["unix_time"]
            assert date(2026, 11, 1) <= local.date() <= AS_OF


def test_values_are_obviously_synthetic(agency: AgencyFile) -> None:
    allowed_hosts = ("example.com", "example.net", "putsreq.com", "www.google.com")
    for e in agency.accounts:
        text = strings([e.users, e.webhooks, e.triggers, e.calls])
        for value in text:
            for number in re.findall(r"\+1\d{10}", value):
                assert number[5:9] == "5550" and number[9] == "1", "phone numbers are 555-01xx"
            for email in re.findall(r"[\w.+-]+@([\w.-]+)", value):
                assert email.endswith(("example.com", "example.net")), "emails are on example domains"
            if value.startswith(("http://", "https://")):
                host = urlsplit(value).hostname or ""
                assert host.endswith(allowed_hosts), "URLs are on example (or request-bin) hosts"
        for call in e.calls:
            assert call["visitor_ip"].startswith("203.0.113.")  # TEST-NET-3


def test_compliant_account_facts(agency: AgencyFile, attestations: dict[str, Any]) -> None:
    e = entry(agency, COMPLIANT)
    emails = [u["email"].lower() for u in e.users]
    assert len(emails) == len(set(emails))
    assert not any(m.split("@")[0].startswith(ROLE_MAILBOXES) for m in emails)
    names = [(u["first_name"], u["last_name"]) for u in e.users]
    assert len(names) == len(set(names))
    assert all(u["recording_access_settings"]["password_protected"] is True for u in e.users)
    assert not any(u["notifications"]["email_notify_on_missed_calls"] for u in e.users)

    baa_hosts = set(attestations["agency"]["baa_vendor_hosts"])
    assert e.webhooks
    for webhook in e.webhooks:
        url = urlsplit(webhook["weburl"])
        assert url.scheme == "https"
        assert url.hostname in baa_hosts
        assert webhook["username"]

    action_types = {a["type"] for t in e.triggers for r in t["routing_rules"] for a in r["actions"]}
    assert action_types and not action_types & OFF_PLATFORM
    assert action_types <= KNOWN_ACTION_TYPES

    transcribing = [s for s in e.call_settings if s["transcription"]]
    assert transcribing and all(s["transcription_redaction"] for s in transcribing)

    for call in e.calls:
        for field in ("tracking_label", "campaign", "keyword", "location", "source"):
            assert not HEALTH_TERMS.search(call[field] or ""), field


def test_noncompliant_accounts_break_different_items(
    agency: AgencyFile, attestations: dict[str, Any]
) -> None:
    # 412233: health terms in attribution.
    specialty = entry(agency, "412233")
    labels = {c["tracking_label"] for c in specialty.calls}
    assert "Oncology - Google" in labels
    assert any(HEALTH_TERMS.search(urlsplit(c["location"]).path) for c in specialty.calls)
    assert any(HEALTH_TERMS.search(c["campaign"] or "") for c in specialty.calls)

    # 412236: shared role mailbox, one email on two users, unprotected recordings, PHI by email.
    behavioral = entry(agency, "412236")
    emails = [u["email"] for u in behavioral.users]
    assert any(e.startswith("frontdesk@") for e in emails)
    assert len(emails) - len(set(emails)) == 1
    assert [u["recording_access_settings"]["password_protected"] for u in behavioral.users].count(False) == 1
    email_actions = [
        a
        for t in behavioral.triggers
        for r in t["routing_rules"]
        for a in r["actions"]
        if a["type"] == "email"
    ]
    assert email_actions
    assert {"caller_number", "name", "transcription_text"} <= set(email_actions[0]["fields"])
    assert not email_actions[0]["to"].endswith(tuple(attestations["agency"]["baa_vendor_hosts"]))

    # 412239: plain-http request-bin webhook without credentials; off-platform and unknown actions.
    walk_in = entry(agency, "412239")
    insecure = [w for w in walk_in.webhooks if w["weburl"].startswith("http://")]
    assert insecure and urlsplit(insecure[0]["weburl"]).hostname == "putsreq.com"
    assert not insecure[0]["username"]
    action_types = {a["type"] for t in walk_in.triggers for r in t["routing_rules"] for a in r["actions"]}
    assert "webhook" in action_types
    assert action_types - KNOWN_ACTION_TYPES, "one action type the checks cannot know"

    # 412242: transcription on without redaction (and its transcripts hold unredacted numbers).
    dental = entry(agency, "412242")
    assert any(s["transcription"] and not s["transcription_redaction"] for s in dental.call_settings)
    assert any(re.search(r"\d{3} 555 01\d\d", c["transcription_text"] or "") for c in dental.calls)


def _age(attested_on: Any) -> int:
    day = attested_on if isinstance(attested_on, date) else date.fromisoformat(str(attested_on))
    return (AS_OF - day).days


def test_attestations_cover_the_demo_cases(agency: AgencyFile, attestations: dict[str, Any]) -> None:
    agency_level = attestations["agency"]
    assert agency_level.keys() >= {
        "idle_logout_minutes", "mfa", "recordings_login_required", "recording_link_expiry_days",
        "allow_account_override", "baa_vendor_hosts", "attested_by", "attested_on",
    }  # fmt: skip
    assert agency_level["mfa"].keys() == {"required", "interval", "email_allowed"}
    assert isinstance(agency_level["allow_account_override"], bool)
    assert 0 <= _age(agency_level["attested_on"]) <= MAX_AGE_DAYS

    accounts = attestations["accounts"]
    sample_ids = {e.account_id for e in agency.accounts}
    assert set(accounts) <= sample_ids
    assert sample_ids - set(accounts) == {"412242"}, "one account has no attestation at all"
    required = {
        "plan",
        "baa_signed_on",
        "encrypted_recordings",
        "encrypted_recording_storage",
        "notification_fields",
        "export_fields",
        "support_access",
        "attested_by",
        "attested_on",
    }
    ages = {}
    for account_id, values in accounts.items():
        assert required <= values.keys(), account_id
        ages[account_id] = _age(values["attested_on"])
    expired = {a for a, age in ages.items() if age > MAX_AGE_DAYS}
    assert expired == {"412236"}
    assert all(0 <= age <= 30 for a, age in ages.items() if a not in expired)
    overrides = {a for a, v in accounts.items() if "idle_logout_minutes" in v}
    assert overrides == {"412233"}
    assert accounts["412233"]["idle_logout_minutes"] > agency_level["idle_logout_minutes"]


def test_simulator_serves_the_sample_unchanged(agency: AgencyFile) -> None:
    auth = ("demo", "demo")
    with CTMSimulator(agency) as sim:
        listed = requests.get(
            sim.api_url + "/accounts", params={"per_page": 150}, auth=auth, timeout=5
        ).json()
        assert [str(a["id"]) for a in listed["accounts"]] == [e.account_id for e in agency.accounts]
        for e in agency.accounts:
            base = f"{sim.api_url}/accounts/{e.account_id}"
            for part, key in (
                ("users", "users"),
                ("webhooks", "webhooks"),
                ("triggers", "automators"),
                ("call_settings", "call_settings"),
                ("calls", "calls"),
            ):
                body = requests.get(
                    f"{base}/{part}.json", params={"per_page": 150}, auth=auth, timeout=5
                ).json()
                assert body[key] == getattr(e, part), (e.account_id, part)
