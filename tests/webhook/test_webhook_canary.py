"""Canary: distinctive PHI planted in deliveries never comes out of the webhook, anywhere.

Signed, repeated, base64, forged, malformed, oversized and wrongly typed deliveries carrying the
canary values go through the real service on moto: in values, in the names of fields (custom
fields, top-level keys, keys inside lists of objects), as account ids, call ids and channels, and
through an inspection that runs out of time. Then every item of both tables, every alert, every
parked record, every log record, everything printed, every response and the stored findings in
every report format are searched for the planted values (and the digits of the numbers). The test
also checks that what must be recorded is recorded, so that an inspector that records nothing
cannot pass it. A second test audits an account that received the canary (and whose CTM calls
carry it) and searches the run's report objects in the reports bucket.
"""

from __future__ import annotations

import json
import logging
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
import pytest
from tests.audit.audit_support import account_entry, sample_agency
from webhook_support import (
    AGENCY_ACCOUNT,
    CANARY_DOB,
    CANARY_EMAIL,
    CANARY_MEMBER_ID,
    CANARY_MRN,
    CANARY_NAME,
    CANARY_PHONE,
    CANARY_SSN,
    CANARY_SSN_SPACED,
    CANARY_STREET,
    OWN_SECRET_ACCOUNT,
    MakeDeliver,
    bodies,
    drain_queue,
    dump,
    leaked,
    scan,
    signed_event,
)

from ctm_hipaa.audit import build_auditor_service
from ctm_hipaa.audit.messages import AuditRequest
from ctm_hipaa.audit.runs import RunMeta, RunStore
from ctm_hipaa.ctm.credentials import CTMCredentials
from ctm_hipaa.findings import CheckResult, FindingStore, utc_now
from ctm_hipaa.phi import Detection, InspectionIncomplete, inspect_payload
from ctm_hipaa.report import FORMAT_NAMES, ReportInput, phi_flows, render
from ctm_hipaa.settings import Settings
from ctm_hipaa_tools.cli import main
from ctm_hipaa_tools.simulator import CTMSimulator
from ctm_hipaa_tools.template import Template

Deliver = Callable[[dict[str, Any]], tuple[int, dict[str, Any]]]

STRUCTURED_AND_NOTES = {
    "id": 880001,
    "account_id": int(AGENCY_ACCOUNT),
    "name": CANARY_NAME,
    "cnam": "QUIXOTICA ZEBULON",
    "email": CANARY_EMAIL,
    "caller_number": "+15135550199",
    "caller_number_format": CANARY_PHONE,
    "caller_number_bare": "5135550199",
    "street": CANARY_STREET,
    "city": "Cincinnati",
    "postal_code": "45220",
    "duration": 312,
    "notes": f"Pt {CANARY_NAME}, DOB {CANARY_DOB}, SSN {CANARY_SSN}, {CANARY_MRN}; cb {CANARY_PHONE}.",
}
TRANSCRIPT_CUSTOM_TAGS = {
    "id": 880002,
    "account_id": int(AGENCY_ACCOUNT),
    "transcription_text": (
        f"Caller: my name is {CANARY_NAME}, my member ID is {CANARY_MEMBER_ID} and my date of birth "
        f"is {CANARY_DOB}. You can reach me at {CANARY_PHONE} or {CANARY_EMAIL}."
    ),
    "custom_fields": {
        "member_id": CANARY_MEMBER_ID,
        "mrn": CANARY_MRN,
        "ssn": CANARY_SSN,
        "patient_dob": CANARY_DOB,
    },
    "tag_list": [CANARY_NAME, CANARY_MRN, "new patient"],
}
FORM_VALUES = {
    "id": 880003,
    "account_id": int(OWN_SECRET_ACCOUNT),
    "form": {
        "name": CANARY_NAME,
        "email": CANARY_EMAIL,
        "phone": CANARY_PHONE,
        "address": CANARY_STREET,
        "dob": CANARY_DOB,
        "ssn": CANARY_SSN,
        "member_id": CANARY_MEMBER_ID,
    },
}
# A key a clinic types is free text: names, SSNs, e-mails and streets as field names.
KEYS_CARRY_PHI = {
    "id": 880010,
    "account_id": int(AGENCY_ACCOUNT),
    "custom_fields": {
        CANARY_NAME: CANARY_SSN,
        f"SSN {CANARY_SSN_SPACED}": "on file",
        CANARY_EMAIL: f"born {CANARY_DOB}",
        "Member ID": CANARY_MEMBER_ID,
    },
    CANARY_STREET: f"cb {CANARY_PHONE}",
    "form": {"custom": [{CANARY_NAME: CANARY_MRN}, {"label": CANARY_NAME, "value": CANARY_SSN}]},
    "chat_messages": [{CANARY_EMAIL: f"my ssn is {CANARY_SSN}"}],
}
PHI_ACCOUNT = "700003"  # the account whose delivery runs out of inspection time
EVERYTHING = {
    **STRUCTURED_AND_NOTES,
    **{k: v for k, v in TRANSCRIPT_CUSTOM_TAGS.items() if k not in ("id", "account_id")},
    **{k: v for k, v in FORM_VALUES.items() if k not in ("id", "account_id")},
}


def test_planted_phi_appears_nowhere(
    aws: boto3.session.Session,
    webhook_settings: Settings,
    credentials: CTMCredentials,
    deliver: Deliver,
    make_deliver: MakeDeliver,
    findings_table: Any,
    idempotency_table: Any,
    alerts_inbox: str,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    caplog.set_level(logging.DEBUG)
    agency = credentials.secret_key
    own = credentials.webhook_secret_for(OWN_SECRET_ACCOUNT)
    assert own != agency
    responses: list[tuple[int, dict[str, Any]]] = []

    def send(event: dict[str, Any], via: Deliver = deliver) -> tuple[int, dict[str, Any]]:
        result = via(event)
        responses.append(result)
        return result

    first = signed_event(STRUCTURED_AND_NOTES, agency, channel="end")
    assert send(first)[0] == 200
    assert send(first) == responses[0]  # the repeated delivery: same answer, nothing changes
    assert send(signed_event(TRANSCRIPT_CUSTOM_TAGS, agency, channel="end"))[0] == 200
    assert send(signed_event(FORM_VALUES, own))[0] == 200
    assert (
        send(signed_event({**EVERYTHING, "id": 880004}, agency, channel="start", base64_body=True))[0] == 200
    )

    rejected = [
        signed_event({**EVERYTHING, "id": 880005}, agency, signature="Zm9yZ2VkIHNpZ25hdHVyZQ=="),
        signed_event({**EVERYTHING, "id": 880006}, "not-the-secret"),
        signed_event({**FORM_VALUES, "id": 880007}, agency),  # the agency secret, for an account with its own
        signed_event(dump(EVERYTHING)[:-1], agency),  # signed, but truncated JSON
        signed_event(f"name={CANARY_NAME}&ssn={CANARY_SSN}", agency),  # signed, not JSON at all
        signed_event(dump([EVERYTHING]), agency),  # a JSON array
        signed_event({**EVERYTHING, "id": None}, agency),
        signed_event(EVERYTHING, agency, content_type="text/plain"),
        signed_event({**EVERYTHING, "pad": "x" * 600_000}, agency),
        signed_event({**EVERYTHING, "id": 880008}, agency, timestamp=1_741_115_760),
        signed_event(EVERYTHING, agency, channel="Zebulon Quixotica"),
        # ids that are not CTM's, carrying PHI (signed: only the ids are wrong)
        signed_event({**EVERYTHING, "account_id": CANARY_NAME}, agency),
        signed_event({**EVERYTHING, "account_id": CANARY_PHONE}, agency),
        signed_event({**EVERYTHING, "account_id": "5362\ud800"}, agency),
        signed_event({**EVERYTHING, "id": CANARY_SSN}, agency),
        signed_event({**EVERYTHING, "id": CANARY_MEMBER_ID}, agency),
        # the first delivery replayed on channels nobody configured
        signed_event(STRUCTURED_AND_NOTES, agency, channel="x1"),
        signed_event(STRUCTURED_AND_NOTES, agency, channel="end\n"),
    ]
    statuses = [send(event)[0] for event in rejected]
    assert statuses == [401, 401, 401, 400, 400, 400, 400, 415, 413, 401, 400, *[400] * 7]

    assert send(signed_event(KEYS_CARRY_PHI, agency))[0] == 200

    # An inspection that runs out of time is recorded with what it found so far.
    def overrunning(payload: Any, *, deadline: float | None = None) -> list[Detection]:
        found = inspect_payload(payload)
        raise InspectionIncomplete(found[: len(found) // 2], fields_done=1, fields_total=2)

    status, incomplete = send(
        signed_event({**EVERYTHING, "id": 880011, "account_id": int(PHI_ACCOUNT)}, agency, channel="end"),
        make_deliver(webhook_settings, inspect=overrunning),
    )
    assert (status, incomplete["incomplete"], incomplete["alerted"]) == (200, True, True)

    # A delivery whose alert cannot be sent (the topic is gone) is parked for redrive.
    # It comes on a channel of its own, configured on this function only.
    no_sns = make_deliver(
        webhook_settings.model_copy(
            update={
                "alerts_topic_arn": "arn:aws:sns:us-east-1:123456789012:gone",
                "webhook_channels": (*webhook_settings.webhook_channels, "intake"),
            }
        )
    )
    status, parked = send(signed_event({**EVERYTHING, "id": 880009}, agency, channel="intake"), no_sns)
    assert (status, parked["parked"]) == (200, True)

    stored = _stored_outputs(findings_table, tmp_path)
    assert "SSN" in stored["report --format html"] and "SSN" in stored["evidence report.html"]
    findings_items = scan(findings_table)
    idempotency_items = scan(idempotency_table)
    alerts = drain_queue(aws, alerts_inbox)
    parking = drain_queue(aws, webhook_settings.findings_parking_queue_url)
    out, err = capfd.readouterr()
    log_records = [f"{record.getMessage()} {record.__dict__!r}" for record in caplog.records]

    # -- what must be there -------------------------------------------------------------------------
    findings = {
        (item["account_id"], item["resource_id"]): item
        for item in findings_items
        if item.get("type") == "finding"
    }
    assert set(findings) == {
        (AGENCY_ACCOUNT, "webhook:end"),
        (AGENCY_ACCOUNT, "webhook:start"),
        (AGENCY_ACCOUNT, "webhook:intake"),
        (AGENCY_ACCOUNT, "webhook:post-call"),
        (OWN_SECRET_ACCOUNT, "webhook:post-call"),
        (PHI_ACCOUNT, "webhook:end"),
    }
    end = findings[(AGENCY_ACCOUNT, "webhook:end")]
    assert {"NAME", "EMAIL", "PHONE", "GEO", "SSN", "MRN", "HEALTH_PLAN", "DATE"} <= set(end["categories"])
    assert {"notes", "transcription_text", "custom_fields.ssn", "tag_list[]"} <= set(end["paths"])
    assert int(end["occurrences"]) == 2  # two calls; the repeat counted nothing
    assert {"SSN", "EMAIL"} <= set(findings[(OWN_SECRET_ACCOUNT, "webhook:post-call")]["categories"])
    keys = findings[(AGENCY_ACCOUNT, "webhook:post-call")]
    assert {"SSN", "MRN", "PHONE"} <= set(keys["categories"])
    assert {"custom_fields.<key>", "custom_fields.member_id", "<key>", "form.custom[].<key>"} <= set(
        keys["paths"]
    )
    assert {"chat_messages[].<key>", "form.custom[].value"} <= set(keys["paths"])
    overrun = findings[(PHI_ACCOUNT, "webhook:end")]
    assert (
        overrun["severity"] in ("critical", "high")
        and "could not be inspected completely" in overrun["detail"]
    )
    occurrences = [item for item in findings_items if item.get("type") == "occurrence"]
    assert len(occurrences) == 7  # 880001, 880002, 880003, 880004, 880009, 880010, 880011
    assert len(idempotency_items) == 7
    alert_bodies = bodies(alerts)
    # end: new, then grown by HEALTH_PLAN from the second call; start, both post-call and the overrun
    # end of the other account: new; intake: SNS was down.
    assert sorted((b["account_id"], b["resource_id"], b["reason"].split(";")[0]) for b in alert_bodies) == [
        (OWN_SECRET_ACCOUNT, "webhook:post-call", "new"),
        (AGENCY_ACCOUNT, "webhook:end", "new"),
        (AGENCY_ACCOUNT, "webhook:end", "new categories"),
        (AGENCY_ACCOUNT, "webhook:post-call", "new"),
        (AGENCY_ACCOUNT, "webhook:start", "new"),
        (PHI_ACCOUNT, "webhook:end", "new"),
    ]
    assert all("critical identifiers" in b["reason"] for b in alert_bodies)
    assert len(parking) == 1
    assert bodies(parking)[0]["record"]["channel"] == "intake"
    assert '"PhiDetected"' in out and '"WebhookRejected"' in out and '"InspectionIncomplete"' in out
    assert any(record.getMessage() == "delivery inspected" for record in caplog.records)

    # Every report format, rendered from the stored findings (and the results and PHI flows they give).
    reports = _reports(FindingStore(findings_table), {account for account, _ in findings})
    assert all("webhook:end" in text and "SSN" in text for text in reports.values()), reports.keys()

    # -- what must not be there ------------------------------------------------------------------------
    places = {
        **{f"{name} report": text for name, text in reports.items()},
        **stored,
        "findings table": dump(findings_items),
        "idempotency table": dump(idempotency_items),
        "SNS messages": dump(alerts),
        "parking queue": dump(parking),
        "stdout": out,
        "stderr": err,
        "log records": "\n".join(log_records),
        "responses": dump(responses),
    }
    assert {place: leaked(text) for place, text in places.items()} == {place: [] for place in places}


def _reports(store: FindingStore, accounts: set[str]) -> dict[str, str]:
    """The webhook's findings of `accounts` in every report format: as findings, as FAIL results of
    the webhook check, and as PHI flows (channel x category)."""
    stored = [f for account in sorted(accounts) for f in store.findings_for_account(account)]
    results = [
        CheckResult(
            check_id=f.check_id,
            account_id=f.account_id,
            resource_id=f.resource_id,
            status=f.result_status,
            severity=f.severity,
            title=f.title,
            detail=f.detail,
        )
        for f in stored
    ]
    report = ReportInput(
        generated_at=utc_now(),
        results=tuple(results),
        findings=tuple(stored),
        phi_flows=tuple(phi_flows(stored)),
    )
    return {name: render(name, report) for name in FORMAT_NAMES}


def _stored_outputs(table: Any, folder: Path) -> dict[str, str]:
    """What `ctm-hipaa report` (every format) and `ctm-hipaa evidence` (today: every file of the
    zip, and the names of the files) make of the table's stored state, by where it came from."""
    outputs: dict[str, str] = {}
    for name in FORMAT_NAMES:
        target = folder / f"stored{name}"
        assert main(["report", "--table", table.name, "--format", name, "--output", str(target)]) == 0
        outputs[f"report --format {name}"] = target.read_text(encoding="utf-8")
    package = folder / "evidence.zip"
    today = utc_now().date().isoformat()
    assert main(["evidence", "--table", table.name, "--since", today, "--output", str(package)]) == 0
    with zipfile.ZipFile(package) as archive:
        outputs["evidence file names"] = "\n".join(archive.namelist())
        for member in archive.namelist():
            outputs[f"evidence {member}"] = archive.read(member).decode("utf-8")
    return outputs


def test_planted_phi_appears_in_no_report_object(
    aws: boto3.session.Session,
    stack: Template,
    credentials: CTMCredentials,
    deliver: Deliver,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """The canary, delivered to the webhook and served by CTM in the account's calls, is in none of
    the run's report objects (bodies, keys, metadata), which do report the PHI flows it caused, nor
    in the stored-state reports and evidence package that hold the run."""
    own = credentials.webhook_secret_for(OWN_SECRET_ACCOUNT)
    for record, channel in ((FORM_VALUES, "post-call"), (STRUCTURED_AND_NOTES, "end")):
        planted = {**record, "id": int(record["id"]) + 100, "account_id": int(OWN_SECRET_ACCOUNT)}
        assert deliver(signed_event(planted, own, channel=channel))[0] == 200
    agency = sample_agency()
    calls = account_entry(agency, OWN_SECRET_ACCOUNT)["calls"]
    calls[0].update({k: v for k, v in EVERYTHING.items() if k not in ("id", "account_id")})
    calls[1].update(name=CANARY_NAME, notes=f"SSN {CANARY_SSN}, {CANARY_MRN}", email=CANARY_EMAIL)

    with CTMSimulator(agency) as simulator:
        environment = {
            **stack.function_environment("AuditorFunction"),
            "CTM_API_BASE_URL": simulator.base_url,
            "CTM_REQUESTS_PER_SECOND": "100",
        }
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        settings = Settings.from_env(environment)
        table = aws.resource("dynamodb").Table(settings.findings_table)
        RunStore(table).start_run(
            RunMeta(run_id="r-canary", started_at=datetime.now(UTC), expected=[OWN_SECRET_ACCOUNT])
        )
        request = AuditRequest(run_id="r-canary", account_id=OWN_SECRET_ACCOUNT)
        build_auditor_service(settings, aws).audit(request)

    s3 = aws.client("s3")
    objects: dict[str, Any] = {}
    for version in s3.list_object_versions(Bucket=settings.reports_bucket).get("Versions", []):
        key, version_id = version["Key"], version["VersionId"]
        got = s3.get_object(Bucket=settings.reports_bucket, Key=key, VersionId=version_id)
        objects[key] = {"metadata": got["Metadata"], "body": got["Body"].read().decode()}
    report = json.loads(next(o["body"] for k, o in objects.items() if k.endswith("/report.json")))
    flows = {(r["check_id"], r["resource_id"]): r["status"] for r in report}
    assert flows[("webhook_phi_detected", "webhook:post-call")] == "FAIL"
    assert flows[("webhook_phi_detected", "webhook:end")] == "FAIL"
    assert leaked(dump(objects)) == []

    stored = _stored_outputs(table, tmp_path)
    run_files = [name for name in stored if name.startswith("evidence runs/") and "r-canary" in name]
    assert len(run_files) == 2 and all("attribution_health_terms" in stored[name] for name in run_files)
    assert "attribution_health_terms" in stored["report --format csv"]
    assert {place: leaked(text) for place, text in stored.items()} == {place: [] for place in stored}


def test_the_needles_find_what_was_planted() -> None:
    """The search itself works: every planted value is found in the payloads, digits included."""
    text = dump([STRUCTURED_AND_NOTES, TRANSCRIPT_CUSTOM_TAGS, FORM_VALUES])
    assert set(leaked(text)) >= {
        "zebulon quixotica",
        "536-22-8471",
        "77120458",
        "qzx771204583",
        "zq.canary@example.org",
        "(513) 555-0199",
        "5135550199",
        "04/17/1953",
        "9911 canaryfield rd",
    }
    assert set(leaked("ssn 536228471, dob 04171953, record 77120458")) == {
        "536228471",
        "04171953",
        "77120458",
    }
    assert leaked("5361228471 and 0417 1953") == []
