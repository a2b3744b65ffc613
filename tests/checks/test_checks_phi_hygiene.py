"""No value from a snapshot (emails, names, phone numbers, URLs, labels) reaches a result's id, title or
detail, and no caller data or URL query reaches its resource name."""

from __future__ import annotations

from check_factories import attest, context, observation, snapshot, unreadable_lists

from ctm_hipaa.checks import run_checks
from ctm_hipaa.ctm.models import AccountSnapshot
from ctm_hipaa.findings.model import CheckResult

PLANTED = [
    "zelda.quixote",
    "zelda",
    "quixote",
    "Xylophanes",
    "Brumbleworth",
    "frontdesk@",
    "frontdesk",
    "6145550142",
    "555-0142",
    "555 0142",
    "+16145550199",
    "0199",
    "clinic-quixote",
    "oncology",
    "Knee",
    "knee",
    "replacement",
    "diabetes",
    "putsreq",
    "unvetted",
    "hunter2",
    "Dana",
    "Whitfield",
    "insulin",
    "Wants consult",
    "XZ123456789",
    "1961-07-02",
    "Orchard",
]


def planted_snapshot() -> AccountSnapshot:
    users = [
        {
            "id": "6021",
            "first_name": "Zelda",
            "last_name": "Quixote",
            "email": "frontdesk@clinic-quixote.example",
            "recording_access_settings": {"password_protected": False},
            "notifications": {"email_notify_on_missed_calls": True},
        },
        {
            "id": "6022",
            "first_name": "Zelda",
            "last_name": "Quixote",
            "email": "zelda.quixote@clinic-quixote.example",
        },
        {
            "id": "6023",
            "first_name": "Xylophanes",
            "last_name": "Brumbleworth",
            "email": "zelda.quixote@clinic-quixote.example",
            "inbound_number": "+16145550142",
        },
    ]
    webhooks = [
        {
            "id": "501",
            "name": "Dana Whitfield CRM",
            "weburl": "http://putsreq.com/clinic-quixote",
            "username": "",
        },
        {
            "id": "502",
            "name": "Zelda",
            "weburl": "https://crm.unvetted.example/quixote?token=hunter2",
            "username": "zelda.quixote",
        },
    ]
    triggers = [
        {
            "id": "77",
            "name": "Notify Zelda Quixote",
            "routing_rules": [
                {
                    "conditions": [
                        {"field_name": "caller_number", "match_type": "equals", "match_value": "6145550142"}
                    ],
                    "actions": [
                        {
                            "id": "a",
                            "type": "email",
                            "to": "zelda.quixote@clinic-quixote.example",
                            "fields": ["name", "caller_number", "notes"],
                        },
                        {"id": "b", "type": "sms", "to": "+16145550199"},
                        {"id": "c", "type": "webhook", "url": "http://crm.unvetted.example/quixote"},
                        {"id": "d", "type": "Call Xylophanes Brumbleworth"},
                    ],
                }
            ],
        },
    ]
    call_settings = [
        {
            "id": "9",
            "name": "Quixote Oncology",
            "transcription": True,
            "transcription_redaction": False,
            "inbound_recordings_on": True,
        }
    ]
    calls = [
        {
            "id": 90817263,
            "name": "Dana Whitfield",
            "caller_number": "+16145550142",
            "email": "dana.w@example.net",
            "tracking_label": "Knee Pain Landing Page",
            "campaign": "Orthopedics - Knee Replacement",
            "keyword": "diabetes insulin clinic",
            "location": "https://clinic.example.com/oncology/knee-replacement",
            "notes": "Wants consult re: left knee",
            "street": "48 Orchard Lane",
            "custom_fields": {"date_of_birth": "1961-07-02", "insurance_member_id": "XZ123456789"},
        },
    ]
    return snapshot(
        users=users, webhooks=webhooks, triggers=triggers, call_settings=call_settings, calls=calls
    )


# What may never name a resource either: callers' data (the call's notes, custom fields, address,
# search keyword) and a webhook URL's query. Workforce data (users' and webhooks' names, hosts) may.
CALLER_PLANTED = [
    "hunter2",
    "token",
    "Wants consult",
    "XZ123456789",
    "1961-07-02",
    "Orchard",
    "diabetes",
    "insulin",
]


def assert_clean(results: list[CheckResult]) -> None:
    assert results
    for res in results:
        for text in (res.resource_id, res.title, res.detail):
            for value in PLANTED:
                assert value.lower() not in text.lower(), (res.check_id, value, text)
        for value in CALLER_PLANTED:
            assert value.lower() not in res.resource_name.lower(), (res.check_id, value, res.resource_name)


def test_no_planted_value_in_any_result() -> None:
    attestations = attest(
        {
            "attested_by": "Zelda Quixote",
            "mfa": {"required": True, "interval": "90_days", "email_allowed": True},
        },
        {
            "attested_by": "zelda.quixote@clinic-quixote.example",
            "plan": "Other",  # a plan is one of CtmPlan: free text is refused when loaded
            "notification_fields": ["name", "caller_number", "audio"],
            "export_fields": ["email", "notes"],
            "support_access": "indefinite",
        },
    )
    obs = [observation("webhook:end", ("NAME", "PHONE", "HEALTH"))]
    results = run_checks(context(planted_snapshot(), attestations, obs))
    assert {r.status.value for r in results} >= {"FAIL", "PASS", "MANUAL"}
    assert_clean(results)


def test_no_planted_value_in_error_or_manual_results() -> None:
    snap = planted_snapshot()
    results = run_checks(
        context(
            snap,
            attest(
                {"attested_on": "2024-01-01", "attested_by": "Zelda Quixote"},
                {"attested_on": None},
            ),
        )
    )
    assert_clean(results)
    assert_clean(run_checks(context(snapshot(**unreadable_lists()))))
