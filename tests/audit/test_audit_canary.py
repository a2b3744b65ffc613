"""Canary: caller data and webhook URL paths and queries planted in a snapshot never come out of an
audit: not in a result's resource name or detail, not in a stored finding, not in an alert or digest.

Workforce data (users' names and login emails, webhooks' names and hosts, triggers' names) may name
resources, so the canaries sit where callers' data lives (calls: caller, notes, transcript, custom
fields, search keyword, landing page) and where tokens live (URL paths and queries of webhooks and
trigger actions, trigger conditions and recipients). The test also checks that what must be named
is named, so that an audit that names nothing cannot pass it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tests.checks.check_factories import attest, snapshot
from tests.fakes import MemoryAlertSink, MemoryFindingStore, MemoryRunRepository

from ctm_hipaa.audit.auditor import AuditorService
from ctm_hipaa.audit.messages import AuditRequest
from ctm_hipaa.findings import ResultStatus
from ctm_hipaa.findings.alerts import AlertPublisher

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)  # the check factories' "now"
ACCOUNT = "1001"
CANARY_NAME = "Quixotica Zebulon"
CANARY_PHONE = "+15135550199"
CANARY_EMAIL = "qzebulon@canary-mail.example"
CANARY_NOTE = "canarynote"
CANARY_TOKEN = "c4naryT0ken"
CANARY_PATH = "canarypath"
CANARY_KEYWORD = "zebulonsearch"
CANARIES = (
    CANARY_NAME,
    "Quixotica",
    "Zebulon",
    CANARY_PHONE,
    "5135550199",
    CANARY_EMAIL,
    "qzebulon",
    CANARY_NOTE,
    CANARY_TOKEN,
    CANARY_PATH,
    CANARY_KEYWORD,
    "1961-07-02",
    "Orchard",
)

USERS = [
    {
        "id": "6021",
        "first_name": "Maya",
        "last_name": "Lindqvist",
        "email": "frontdesk@clinic.example",
        "recording_access_settings": {"password_protected": False},
        "notifications": {"email_notify_on_missed_calls": True},
    }
]
WEBHOOKS = [
    {"id": "501", "name": "Lead sheet", "weburl": f"http://putsreq.com/{CANARY_PATH}?token={CANARY_TOKEN}"},
    {"id": "502", "weburl": f"https://crm.unvetted.example/{CANARY_PATH}/{CANARY_TOKEN}", "username": "ctm"},
]
TRIGGERS = [
    {
        "id": "77",
        "name": "Missed call follow-up",
        "routing_rules": [
            {
                "conditions": [{"field_name": "caller_number", "match_value": CANARY_PHONE}],
                "actions": [
                    {"type": "email", "to": CANARY_EMAIL, "fields": ["name", "caller_number"]},
                    {"type": "webhook", "url": f"http://crm.unvetted.example/{CANARY_PATH}?k={CANARY_TOKEN}"},
                ],
            }
        ],
    }
]
CALLS = [
    {
        "id": 90817263,
        "name": CANARY_NAME,
        "caller_number": CANARY_PHONE,
        "email": CANARY_EMAIL,
        "street": "48 Orchard Lane",
        "notes": f"{CANARY_NOTE}: {CANARY_NAME} asked about chemotherapy",
        "transcription_text": f"my name is {CANARY_NAME}, born 1961-07-02",
        "custom_fields": {"dob": "1961-07-02", "member": CANARY_NOTE},
        "tracking_label": "Oncology - Google Ads",
        # What a visitor searched and where they landed: health terms, so these labels FAIL.
        "keyword": f"{CANARY_KEYWORD} {CANARY_NAME} oncologist",
        "location": f"https://clinic.example/oncology/{CANARY_PATH}?name={CANARY_NAME}",
    }
]


def _texts(store: MemoryFindingStore, sink: MemoryAlertSink, runs: MemoryRunRepository) -> list[str]:
    texts = [finding.model_dump_json() for finding in store.findings.values()]
    texts += [f"{alert.subject} {alert.body}" for alert in sink.sent]
    for record in runs.records.values():
        texts += [result.model_dump_json() for result in record.results]
    return texts


def test_no_caller_data_or_url_path_reaches_a_name_a_detail_a_finding_or_an_alert() -> None:
    store, sink, runs = MemoryFindingStore(clock=lambda: NOW), MemoryAlertSink(), MemoryRunRepository()
    snap = snapshot(users=USERS, webhooks=WEBHOOKS, triggers=TRIGGERS, calls=CALLS)
    attestations = [attest(account={"baa_signed_on": None}), attest(account={"baa_signed_on": False})]
    service = AuditorService(
        collect=lambda _: snap,
        attestations=lambda _: attestations[0],
        store=store,
        publisher=AlertPublisher(sink, store),
        runs=runs,
        clock=lambda: NOW,
    )
    service.audit(AuditRequest(run_id="r1", account_id=ACCOUNT))
    attestations.pop(0)  # the BAA, unattested (MANUAL), is attested unsigned: now FAIL
    service.audit(AuditRequest(run_id="r2", account_id=ACCOUNT))

    texts = _texts(store, sink, runs)
    # The search covers what names resources: the webhook's host and the user's login are there.
    assert any("crm.unvetted.example" in text and "frontdesk@clinic.example" in text for text in texts)
    leaks = sorted({canary for canary in CANARIES for text in texts if canary.lower() in text.lower()})
    assert leaks == []

    # What must be named is named, from workforce and configuration data only.
    results = runs.records[("r2", ACCOUNT)].results
    named = {(r.check_id, r.resource_name) for r in results if r.status is ResultStatus.FAIL}
    assert ("webhooks_secure_destination", "Lead sheet (putsreq.com)") in named
    assert ("webhooks_secure_destination", "webhook 502 (crm.unvetted.example)") in named
    assert ("triggers_offplatform_phi", "Missed call follow-up") in named
    assert ("users_individual_logins", "Maya Lindqvist <frontdesk@clinic.example>") in named
    assert ("attribution_health_terms", "keyword on call 90817263") in named
    assert ("attribution_health_terms", "landing page path on call 90817263") in named
    assert ("attribution_health_terms", 'tracking label "Oncology - Google Ads"') in named
    digests = [alert.body for alert in sink.sent if alert.attributes["kind"] == "digest"]
    assert [entry["change"] for entry in digests[-1]["escalated"]] == ["now FAIL (was MANUAL)"]
    assert all(finding.resource_name and finding.remediation for finding in store.findings.values())
