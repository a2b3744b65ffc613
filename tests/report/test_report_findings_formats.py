"""`ocsf` and `asff`: every OCSF event parses back into its py-ocsf-models class; ASFF findings go
through moto's Security Hub BatchImportFindings in batches of at most 100 and read back."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import boto3
import pytest
from botocore.config import Config
from py_ocsf_models.events.findings.compliance_finding import ComplianceFinding
from py_ocsf_models.events.findings.detection_finding import DetectionFinding
from report_support import NOW, finding, result, sample_input

from ctm_hipaa.checks import load_mapping
from ctm_hipaa.findings import ResultStatus, WorkflowStatus
from ctm_hipaa.report import (
    AwsContext,
    ReportInput,
    SecurityHubError,
    asff_findings,
    import_findings,
    render,
)

HIPAA_TYPE = "Software and Configuration Checks/Industry and Regulatory Standards/HIPAA Controls (USA)"
WEBHOOK_FINDINGS = 2  # sample_findings: webhook:end and webhook:start


def test_every_ocsf_event_validates_against_its_model() -> None:
    events = json.loads(render("ocsf", sample_input()))
    classes = {2003: ComplianceFinding, 2004: DetectionFinding}
    for event in events:
        parsed = classes[event["class_uid"]].model_validate(event)
        assert parsed.model_dump(mode="json", exclude_none=True) == event
    assert {e["metadata"]["version"] for e in events} == {"1.5.0"}


def test_a_compliance_finding_per_account_check_and_requirement() -> None:
    report = sample_input()
    events = [e for e in json.loads(render("ocsf", report)) if e["class_uid"] == 2003]
    listed = {
        check_id: [r.id for r in load_mapping().requirements if check_id in r.checks]
        for check_id in {r.check_id for r in report.results}
    }
    expected = {
        (r.account_id, r.check_id, requirement) for r in report.results for requirement in listed[r.check_id]
    }
    got = [
        (e["unmapped"]["account_id"], e["compliance"]["checks"][0]["uid"], e["compliance"]["requirements"][0])
        for e in events
    ]
    assert sorted(got) == sorted(expected)  # once each
    logins = next(e for e in events if e["compliance"]["checks"][0]["uid"] == "users_individual_logins")
    # The check's verdict on the account is its worst result; both users are resources.
    assert logins["compliance"]["status_id"] == 3 and logins["status_code"] == "FAIL"
    assert {(r["uid"], r.get("name")) for r in logins["resources"]} == {
        ("user:USR1", "Front Desk <frontdesk@clinic.example>"),
        ("user:USR2", "Ana Ruiz"),
    }
    assert logins["remediation"]["desc"].startswith("Give each person their own user")
    assert logins["status_id"] == 1  # its finding is open
    baa = next(e for e in events if e["compliance"]["checks"][0]["uid"] == "baa_in_place")
    assert baa["compliance"]["status_id"] == 2  # MANUAL: no valid evidence
    assert baa["unmapped"]["attest_commands"] == [report.results[3].attest_command]


def test_a_detection_finding_per_webhook_finding() -> None:
    report = sample_input()
    events = [e for e in json.loads(render("ocsf", report)) if e["class_uid"] == 2004]
    assert len(events) == WEBHOOK_FINDINGS
    end = next(e for e in events if e["resources"][0]["uid"] == "webhook:end")
    assert end["count"] == 7
    assert end["finding_info"]["types"] == ["PHI/NAME", "PHI/SSN"]
    assert end["finding_info"]["first_seen_time"] == int(report.findings[2].first_seen.timestamp())
    assert end["unmapped"]["paths"] == ["notes", "custom_fields.<key>"]


def asff_report(count: int) -> ReportInput:
    results = [
        result(
            "users_individual_logins", ResultStatus.FAIL, resource_id=f"user:U{i}", resource_name=f"User {i}"
        )
        for i in range(count)
    ]
    return sample_input(
        results=(*results, *sample_input().results), aws=AwsContext(account_id="123456789012")
    )


def test_asff_findings_import_into_security_hub_in_batches_of_100_and_read_back(
    aws: boto3.session.Session,
) -> None:
    report = asff_report(203)
    findings = asff_findings(report)
    # One per result, and one per webhook finding that no result stands for (webhook:start).
    assert len(findings) == len(report.results) + 1
    client = aws.client("securityhub", region_name="us-east-1")
    client.enable_security_hub()
    sizes: list[int] = []
    client.meta.events.register(
        "provide-client-params.securityhub.BatchImportFindings",
        lambda params, **_: sizes.append(len(params["Findings"])),
    )
    outcome = import_findings(client, findings)
    assert outcome.imported == len(findings) and outcome.failed == {}
    assert sizes == [100, 100, len(findings) - 200] and outcome.batches == 3
    stored: dict[str, dict[str, Any]] = {}
    for page in client.get_paginator("get_findings").paginate():
        stored.update({f["Id"]: f for f in page["Findings"]})
    assert set(stored) == {f["Id"] for f in findings}
    res = report.results[0]
    got = stored[f"ctm-hipaa/{res.finding_id}"]
    assert got["SchemaVersion"] == "2018-10-08"
    assert got["ProductArn"] == "arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default"
    assert got["AwsAccountId"] == "123456789012" and got["GeneratorId"] == "ctm-hipaa/users_individual_logins"
    assert got["Severity"]["Label"] == "HIGH" and got["FindingProviderFields"]["Severity"]["Label"] == "HIGH"
    assert got["FindingProviderFields"]["Types"] == got["Types"]
    assert got["Compliance"] == {
        "Status": "FAILED",
        "RelatedRequirements": [f"HIPAA {c}" for c in res.hipaa],
    }
    assert got["Remediation"]["Recommendation"]["Text"] == res.remediation
    assert got["Resources"][0]["Details"]["Other"]["CtmResourceName"] == "User 0"
    assert (got["Workflow"]["Status"], got["RecordState"]) == ("NEW", "ACTIVE")
    assert got["CreatedAt"].endswith("Z") and got["UpdatedAt"] == "2026-12-01T12:00:00.000Z"


def test_asff_workflow_follows_the_stored_finding_and_the_verdict() -> None:
    report = sample_input()
    by_id = {f["Id"].removeprefix("ctm-hipaa/"): f for f in asff_findings(report)}
    statuses = {r.resource_id + "/" + r.check_id: by_id[r.finding_id] for r in report.results}
    assert statuses["account/baa_in_place"]["Workflow"]["Status"] == WorkflowStatus.NOTIFIED.value
    assert statuses["account/baa_in_place"]["Compliance"]["Status"] == "WARNING"
    assert statuses["account/plan_hipaa_eligible"]["Workflow"]["Status"] == "RESOLVED"
    assert statuses["account/transcription_redaction"]["Compliance"]["Status"] == "NOT_AVAILABLE"
    start = by_id["f1-0000000000000000000000000000start"]
    assert start["Types"] == ["Sensitive Data Identifications/PII"]
    assert start["ProductFields"]["ctm-hipaa/Categories"] == "PHONE"
    assert start["FirstObservedAt"] < start["LastObservedAt"]


def test_a_refused_call_raises_a_typed_error_naming_the_code(aws: boto3.session.Session) -> None:
    client = aws.client("securityhub", region_name="us-east-1")
    client.enable_security_hub()
    with pytest.raises(ValueError, match="batch_size must be 1 to 100"):
        import_findings(client, [], batch_size=101)
    broken = {**asff_findings(sample_input())[0], "Resources": []}
    outcome = import_findings(client, [broken])
    assert (outcome.imported, outcome.failed) == (0, {broken["Id"]: "InvalidInput"})
    # Nothing listens on port 9 of loopback: the call fails outright, with the error's type only.
    unreachable = aws.client(
        "securityhub",
        region_name="us-east-1",
        endpoint_url="http://127.0.0.1:9",
        config=Config(retries={"max_attempts": 1}, connect_timeout=1),
    )
    with pytest.raises(
        SecurityHubError, match=r"BatchImportFindings failed \(EndpointConnectionError\) after 0"
    ):
        import_findings(unreachable, asff_findings(sample_input()))


def findings_only() -> ReportInput:
    """Stored findings without results, as `ctm-hipaa findings list` renders them: the sample's
    four, then a resolved one."""
    resolved = finding(
        result("users_individual_logins", ResultStatus.FAIL, resource_id="user:USR9"),
        age_days=20,
        status=WorkflowStatus.RESOLVED,
    )
    return ReportInput(generated_at=NOW, findings=(*sample_input().findings, resolved))


def test_findings_only_json_and_csv_list_the_findings_and_audit_json_stays_the_results() -> None:
    report = findings_only()
    listed = json.loads(render("json", report))
    assert [f["finding_id"] for f in listed] == [f.finding_id for f in report.findings]
    assert all("version" not in f and "first_seen" in f and "status" in f for f in listed)
    both = sample_input()
    assert json.loads(render("json", both)) == [r.model_dump(mode="json") for r in both.results]

    rows = list(csv.DictReader(io.StringIO(render("csv", report))))
    assert [row["finding_id"] for row in rows] == [f.finding_id for f in report.findings]
    assert "version" not in rows[0] and rows[0]["status"] == "NEW"
    assert rows[2]["categories"] == "NAME; SSN" and rows[2]["occurrences"] == "7"


def test_findings_only_ocsf_a_compliance_finding_per_check_finding_and_a_detection_per_webhook_one() -> None:
    report = findings_only()
    events = json.loads(render("ocsf", report))
    classes = {2003: ComplianceFinding, 2004: DetectionFinding}
    for event in events:
        parsed = classes[event["class_uid"]].model_validate(event)
        assert parsed.model_dump(mode="json", exclude_none=True) == event
    detections = [e for e in events if e["class_uid"] == 2004]
    assert sorted(e["resources"][0]["uid"] for e in detections) == ["webhook:end", "webhook:start"]
    compliance = [e for e in events if e["class_uid"] == 2003]
    requirements = {
        check_id: [r.id for r in load_mapping().requirements if check_id in r.checks]
        for check_id in ("users_individual_logins", "baa_in_place")
    }
    got = sorted(
        (e["compliance"]["checks"][0]["uid"], e["compliance"]["requirements"][0]) for e in compliance
    )
    assert got == sorted((c, r) for c, ids in requirements.items() for r in ids)
    logins = next(e for e in compliance if e["compliance"]["checks"][0]["uid"] == "users_individual_logins")
    # The open FAIL and its resolved twin are one check on one account: its worst verdict, still open.
    assert (logins["status_code"], logins["compliance"]["status_id"], logins["status_id"]) == ("FAIL", 3, 1)
    assert {r["status"] for r in (x["data"] for x in logins["resources"])} == {"FAIL", "PASS"}
    baa = next(e for e in compliance if e["compliance"]["checks"][0]["uid"] == "baa_in_place")
    assert baa["compliance"]["status_id"] == 2 and baa["status_id"] == 1  # MANUAL: no evidence; NOTIFIED


def test_findings_only_asff_one_per_finding_and_table_and_html_show_them() -> None:
    report = findings_only()
    by_id = {f["Id"].removeprefix("ctm-hipaa/"): f for f in asff_findings(report)}
    assert set(by_id) == {f.finding_id for f in report.findings} and len(by_id) == len(report.findings)
    logins, baa, end, _, resolved = (by_id[f.finding_id] for f in report.findings)
    assert (logins["Compliance"]["Status"], logins["Workflow"]["Status"]) == ("FAILED", "NEW")
    assert logins["Types"] == logins["FindingProviderFields"]["Types"] == [HIPAA_TYPE]
    assert logins["FirstObservedAt"] == "2026-11-19T12:00:00.000Z"
    assert (baa["Compliance"]["Status"], baa["Workflow"]["Status"]) == ("WARNING", "NOTIFIED")
    assert end["Types"] == ["Sensitive Data Identifications/PII"]
    assert end["FindingProviderFields"]["Severity"]["Label"] == end["Severity"]["Label"] == "HIGH"
    assert (resolved["Compliance"]["Status"], resolved["Workflow"]["Status"]) == ("PASSED", "RESOLVED")

    table = render("table", report)
    assert table.startswith("Findings (5)\n") and "No accounts were audited" not in table
    rows = [line.split() for line in table.splitlines()[3:]]
    assert sorted(row[0] for row in rows) == sorted(f.finding_id[:13] for f in report.findings)
    assert rows[0][2:6] == ["baa_in_place", "critical", "MANUAL", "NOTIFIED"]  # worst first
    page = render("html", report)
    section = page[page.index('<section id="findings">') :]
    assert all(f.finding_id in section for f in report.findings if f.status.is_open)
    assert report.findings[4].finding_id not in section
