"""`ctm-hipaa findings list` in every format of the report registry (`--output FILE` too) and
`ctm-hipaa findings export --security-hub` into moto's Security Hub, on the template's findings table."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import boto3
import pytest
from py_ocsf_models.events.findings.compliance_finding import ComplianceFinding
from py_ocsf_models.events.findings.detection_finding import DetectionFinding
from tests.findings.test_findings_cli import result, run

from ctm_hipaa.findings import FindingStore, ResultStatus, Severity
from ctm_hipaa.report import FORMAT_NAMES

# moto's caller identity and the tests' region.
ACCOUNT, REGION = "123456789012", "us-east-1"


@pytest.fixture
def stored(findings_table: Any, monkeypatch: pytest.MonkeyPatch) -> FindingStore:
    """Two open check findings (a FAIL and a critical MANUAL) and a webhook PHI finding."""
    monkeypatch.setenv("FINDINGS_TABLE", findings_table.name)
    store = FindingStore(findings_table)
    store.observe(result(), run_id="run-1")
    store.observe(result("baa_in_place", "412233", "account", ResultStatus.MANUAL, Severity.CRITICAL))
    store.observe(
        result("webhook_phi_detected", "412233", "webhook:end", severity=Severity.CRITICAL),
        categories=["NAME", "SSN"],
        paths=["notes"],
    )
    return store


@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_list_writes_every_format_to_output_and_nothing_on_stdout(
    stored: FindingStore, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    target = tmp_path / f"findings.{name}"
    assert run(capsys, "findings", "list", "--format", name, "--output", str(target)) == ""
    text = target.read_text(encoding="utf-8")
    ids = [f.finding_id for account in ("412230", "412233") for f in stored.findings_for_account(account)]
    if name == "table":
        assert text.startswith("Findings (3)\n") and all(i[:13] in text for i in ids)
    elif name == "json":
        assert sorted(f["finding_id"] for f in json.loads(text)) == sorted(ids)
    elif name == "csv":
        assert sorted(row["finding_id"] for row in csv.DictReader(text.splitlines())) == sorted(ids)
    elif name == "html":
        assert all(i in text for i in ids) and "<script src=" not in text
    elif name == "asff":
        findings = json.loads(text)
        assert sorted(f["Id"] for f in findings) == sorted(f"ctm-hipaa/{i}" for i in ids)
        # The caller's own account and region (STS), not placeholders.
        assert {f["AwsAccountId"] for f in findings} == {ACCOUNT}
        assert {f["ProductArn"] for f in findings} == {
            f"arn:aws:securityhub:{REGION}:{ACCOUNT}:product/{ACCOUNT}/default"
        }
    else:
        events = json.loads(text)
        classes = {2003: ComplianceFinding, 2004: DetectionFinding}
        for event in events:
            assert (
                classes[event["class_uid"]].model_validate(event).model_dump(mode="json", exclude_none=True)
                == event
            )
        checks = {(e["class_uid"], e["metadata"]["event_code"]) for e in events}
        assert checks == {
            (2003, "users_individual_logins"),
            (2003, "baa_in_place"),
            (2004, "webhook_phi_detected"),
        }


def test_an_unwritable_output_exits_2_with_one_line(
    stored: FindingStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "absent" / "findings.csv"
    err = run(capsys, "findings", "list", "--format", "csv", "--output", str(target), code=2)
    assert err.startswith(f"ctm-hipaa findings list: cannot write {target}: ")


def test_export_imports_the_selection_into_security_hub_in_batches_of_100(
    aws: boto3.session.Session, findings_table: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    store = FindingStore(findings_table)
    for n in range(250):
        store.observe(result(resource_id=f"user-{n}"))
    store.observe(result("baa_in_place", "412233", "account", ResultStatus.MANUAL, Severity.CRITICAL))
    client = aws.client("securityhub", region_name=REGION)
    client.enable_security_hub()
    # How the calls are cut (100 at most each) is import_findings' own test: here, 3 calls for 250.
    out = run(
        capsys, "findings", "export", "--security-hub", "--table", findings_table.name, "--account", "412230"
    )

    assert out == (
        f"imported 250 finding(s) into the Security Hub of account {ACCOUNT} in {REGION} in 3 call(s); "
        "0 refused\n"
    )
    stored: dict[str, dict[str, Any]] = {}
    for page in client.get_paginator("get_findings").paginate():
        stored.update({f["Id"]: f for f in page["Findings"]})
    assert len(stored) == 250  # --account 412230: the MANUAL of 412233 is not selected
    one = stored[f"ctm-hipaa/{result(resource_id='user-7').finding_id}"]
    assert one["AwsAccountId"] == ACCOUNT
    assert one["ProductArn"] == f"arn:aws:securityhub:{REGION}:{ACCOUNT}:product/{ACCOUNT}/default"
    assert one["FindingProviderFields"] == {
        "Severity": {"Label": "HIGH"},
        "Types": ["Software and Configuration Checks/Industry and Regulatory Standards/HIPAA Controls (USA)"],
    }
    assert (one["Compliance"]["Status"], one["Workflow"]["Status"]) == ("FAILED", "NEW")
    assert one["Resources"][0]["Id"] == "ctm:412230:user-7" and one["Resources"][0]["Region"] == REGION
    assert one["FirstObservedAt"].endswith("Z")


def test_export_to_a_file_is_list_in_asff_and_security_hub_takes_no_format(
    stored: FindingStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "findings.asff.json"
    assert run(capsys, "findings", "export", "--output", str(target), "--severity", "critical") == ""
    assert sorted(f["GeneratorId"] for f in json.loads(target.read_text())) == [
        "ctm-hipaa/baa_in_place",
        "ctm-hipaa/webhook_phi_detected",
    ]
    err = run(capsys, "findings", "export", "--security-hub", "--format", "csv", code=2)
    assert err == "ctm-hipaa findings export: --security-hub sends ASFF; --format is for --output FILE\n"


@pytest.mark.usefixtures("no_aws_configured")
@pytest.mark.parametrize("action", [["list"], ["export", "--security-hub"]])
def test_a_bad_filter_is_refused_before_aws_is_reached(
    capsys: pytest.CaptureFixture[str], action: list[str]
) -> None:
    err = run(capsys, "findings", *action, "--severity", "urgent", "--table", "ctm-hipaa-dev", code=2)
    assert err.startswith(f"ctm-hipaa findings {action[0]}: --severity 'urgent' is not one of critical")
