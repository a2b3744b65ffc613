"""`ctm-hipaa findings list|show|mute|unmute` and `ctm-hipaa mutes list` on the template's findings
table (moto): what a compliance lead relies on, bad input refused on one line with nothing changed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest

from ctm_hipaa.findings import CheckResult, FindingStore, ResultStatus, Severity, WorkflowStatus
from ctm_hipaa_tools.cli import main
from ctm_hipaa_tools.template import Template

TOMORROW = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()


def result(
    check_id: str = "users_individual_logins",
    account_id: str = "412230",
    resource_id: str = "user-7",
    status: ResultStatus = ResultStatus.FAIL,
    severity: Severity = Severity.HIGH,
) -> CheckResult:
    return CheckResult(
        check_id=check_id,
        account_id=account_id,
        resource_id=resource_id,
        status=status,
        severity=severity,
        title="A title",
        detail="A PHI-free detail.",
    )


@pytest.fixture
def seeded(findings_table: Any, monkeypatch: pytest.MonkeyPatch) -> FindingStore:
    """Four findings on FINDINGS_TABLE: two open FAILs, an open critical MANUAL, one resolved."""
    monkeypatch.setenv("FINDINGS_TABLE", findings_table.name)
    store = FindingStore(findings_table)
    store.observe(result(), run_id="run-1")
    store.observe(result(resource_id="user-8"), run_id="run-1")
    store.observe(
        result("baa_in_place", "412233", "account", ResultStatus.MANUAL, Severity.CRITICAL), run_id="run-1"
    )
    store.observe(result("security_mfa_required", resource_id="account"), run_id="run-1")
    store.observe(
        result("security_mfa_required", resource_id="account", status=ResultStatus.PASS), run_id="run-2"
    )
    return store


def run(capsys: pytest.CaptureFixture[str], *args: str, code: int = 0) -> str:
    assert main(list(args)) == code
    captured = capsys.readouterr()
    if code == 0:
        assert captured.err == ""
        return captured.out
    assert captured.out == "" and captured.err.count("\n") == 1, captured.err
    return captured.err


def listed(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(run(capsys, "findings", "list", "--format", "json", *args))
    return rows


def test_list_shows_open_findings_worst_first_by_default(
    seeded: FindingStore, capsys: pytest.CaptureFixture[str]
) -> None:
    title, header, _, *rows = run(capsys, "findings", "list").splitlines()

    assert header.split() == [
        "id",
        "account",
        "check",
        "severity",
        "result",
        "status",
        "resource",
        "age",
        "last",
        "seen",
    ]
    assert [row.split()[1:7] for row in rows] == [
        ["412233", "baa_in_place", "critical", "MANUAL", "NEW", "account"],
        ["412230", "users_individual_logins", "high", "FAIL", "NEW", "user-7"],
        ["412230", "users_individual_logins", "high", "FAIL", "NEW", "user-8"],
    ]
    assert all(row.split()[0].startswith("f1-") for row in rows)
    assert title == "Findings (3)"


def test_list_filters_by_status_result_severity_account_and_check(
    seeded: FindingStore, capsys: pytest.CaptureFixture[str]
) -> None:
    assert [f["check_id"] for f in listed(capsys, "--status", "RESOLVED")] == ["security_mfa_required"]
    assert len(listed(capsys, "--status", "all")) == 4
    assert [f["result_status"] for f in listed(capsys, "--result", "manual")] == ["MANUAL"]
    assert [f["severity"] for f in listed(capsys, "--severity", "critical")] == ["critical"]
    assert {f["account_id"] for f in listed(capsys, "--account", "412230")} == {"412230"}
    assert [
        f["resource_id"] for f in listed(capsys, "--check", "users_individual_logins", "--result", "FAIL")
    ] == [
        "user-7",
        "user-8",
    ]
    everything = listed(capsys, "--status", "all", "--account", "412230")
    assert {f["status"] for f in everything} == {"NEW", "RESOLVED"}
    assert all("version" not in f and len(f["finding_id"]) == 35 for f in everything)
    assert "No findings match." in run(capsys, "findings", "list", "--account", "999")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--status", "OPENED"],
            "--status 'OPENED' is not one of NEW, NOTIFIED, RESOLVED, SUPPRESSED, open, all",
        ),
        (["--result", "PASS"], "--result 'PASS' is not one of FAIL, MANUAL, ERROR"),
        (["--severity", "urgent"], "--severity 'urgent' is not one of critical"),
    ],
)
def test_a_bad_filter_exits_2_naming_the_choices(
    seeded: FindingStore, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    err = run(capsys, "findings", "list", *args, code=2)
    assert err.startswith(f"ctm-hipaa findings list: {message}")


def test_without_a_table_it_says_how_to_name_one(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("FINDINGS_TABLE", raising=False)
    err = run(capsys, "mutes", "list", code=2)
    assert err.startswith("ctm-hipaa mutes list: give --stack NAME or --table NAME, or set FINDINGS_TABLE")


def test_an_absent_table_exits_2_saying_what_to_check(
    aws: boto3.session.Session, capsys: pytest.CaptureFixture[str]
) -> None:
    err = run(capsys, "findings", "list", "--table", "no-such-table", code=2)
    assert err.startswith("ctm-hipaa findings list: no such resource in AWS region us-east-1")
    assert "ResourceNotFoundException" in err


def deployed_stack(aws: boto3.session.Session, stack: Template) -> str:
    """A CloudFormation stack whose outputs name the provisioned findings table and topic, as
    template.yaml's do."""
    outputs = {
        "FindingsTableName": {"Value": stack.physical["FindingsTable"].ref},
        "AlertsTopicArn": {"Value": stack.physical["AlertsTopic"].ref},
    }
    body = {"Resources": {"Placeholder": {"Type": "AWS::SNS::Topic"}}, "Outputs": outputs}
    aws.client("cloudformation").create_stack(StackName="ctm-hipaa-findings", TemplateBody=json.dumps(body))
    return "ctm-hipaa-findings"


def test_stack_reads_the_findings_table_from_the_stack_outputs(
    aws: boto3.session.Session,
    stack: Template,
    seeded: FindingStore,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("FINDINGS_TABLE")
    name = deployed_stack(aws, stack)
    assert len(listed(capsys, "--stack", name)) == 3
    err = run(capsys, "findings", "list", "--stack", "absent", code=2)
    assert err.startswith("ctm-hipaa findings list: cannot read the stack absent")


def test_show_tells_the_history_transitions_and_alerts(
    seeded: FindingStore, capsys: pytest.CaptureFixture[str]
) -> None:
    finding = seeded.get("412230", result().finding_id)
    assert finding is not None and seeded.claim_alert(finding)
    seeded.observe(result(status=ResultStatus.PASS), run_id="run-2")
    seeded.observe(result(), run_id="run-3")

    text = run(capsys, "findings", "show", finding.finding_id[:12])

    assert text.startswith(f"Finding {finding.finding_id}\n")
    assert "users_individual_logins on account 412230, resource user-7" in text
    assert "first seen " in text and "last seen " in text
    transitions = text.split("Transitions\n")[1].split("\n\n")[0].splitlines()[2:]
    assert [line.split()[3:] for line in transitions] == [
        ["created", "-", "->", "NEW", "1", "run", "run-1"],
        ["resolved", "NOTIFIED", "->", "RESOLVED", "1", "run", "run-2"],
        ["reopened", "RESOLVED", "->", "NEW", "2", "run", "run-3"],
    ]
    [alert] = text.split("Alerts\n")[1].splitlines()[2:]
    assert alert.split()[3:5] == ["1", "sent"]

    assert run(capsys, "findings", "show", finding.finding_id[:12], "--account", "412230") == text
    err = run(capsys, "findings", "show", finding.finding_id, "--account", "412233", code=2)
    assert err.endswith(f"no finding {finding.finding_id} of account 412233 in the findings table\n")
    body = json.loads(run(capsys, "findings", "show", finding.finding_id, "--format", "json"))
    assert body["finding"]["generation"] == 2
    assert [e["event"] for e in body["history"]] == ["created", "notified", "resolved", "reopened"]


@pytest.mark.parametrize(
    ("wanted", "message"),
    [
        ("f1-000000", "no finding f1-000000 in the findings table"),
        ("412230", "'412230' is not a finding id (f1- and at least 6 hex digits)"),
    ],
)
def test_show_of_an_unknown_or_malformed_id_exits_2_with_one_line(
    seeded: FindingStore, capsys: pytest.CaptureFixture[str], wanted: str, message: str
) -> None:
    assert run(capsys, "findings", "show", wanted, code=2) == f"ctm-hipaa findings show: {message}\n"


def mute_args(**overrides: str) -> list[str]:
    values = {
        "--check": "users_individual_logins",
        "--account": "412230",
        "--reason": "Front desk login, ticket 4412",
        "--expires": TOMORROW,
        "--by": "Maya Lindqvist",
        **overrides,
    }
    return ["findings", "mute", *(part for pair in values.items() for part in pair)]


def test_mute_suppresses_matching_open_findings_at_once_and_mutes_list_counts_them(
    seeded: FindingStore, capsys: pytest.CaptureFixture[str]
) -> None:
    out = run(capsys, *mute_args(**{"--resource": "user-7"}))

    assert out.endswith("1 open finding(s) suppressed now\n")
    rule_id = out.split()[2].rstrip(":")
    assert [f["resource_id"] for f in listed(capsys, "--status", "SUPPRESSED")] == ["user-7"]
    assert [f["resource_id"] for f in listed(capsys, "--check", "users_individual_logins")] == ["user-8"]
    [rule] = json.loads(run(capsys, "mutes", "list", "--format", "json"))
    assert (rule["rule_id"], rule["state"], rule["suppressing"], rule["created_by"]) == (
        rule_id,
        "active",
        1,
        "Maya Lindqvist",
    )
    assert rule["expires_at"].startswith((datetime.now(UTC) + timedelta(days=2)).date().isoformat())
    header, _, row = run(capsys, "mutes", "list").splitlines()
    assert header.split()[:5] == ["rule", "check", "account", "resource", "state"]
    assert row.split()[:5] == [rule_id, "users_individual_logins", "412230", "user-7", "active"]
    assert row.endswith("Front desk login, ticket 4412")
    history = json.loads(run(capsys, "findings", "show", result().finding_id, "--format", "json"))["history"]
    assert (history[-1]["event"], history[-1]["mute_rule_id"]) == ("muted", rule_id)


def item_count(table: Any) -> int:
    return int(table.scan(Select="COUNT")["Count"])


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"--check": "no_such_check"}, "unknown check 'no_such_check': `ctm-hipaa checks` lists them"),
        ({"--account": "acme"}, "--account 'acme' is not a CTM account id (digits) or '*'"),
        ({"--expires": "2020-01-01"}, "--expires '2020-01-01' is not in the future"),
        ({"--expires": "next week"}, "--expires 'next week' is not a date (YYYY-MM-DD) or an ISO time"),
        ({"--expires": "2999-01-01T00:00"}, "--expires '2999-01-01T00:00' needs its UTC offset"),
        ({"--reason": "  "}, "--reason needs at least 3 character(s) of text"),
        ({"--by": ""}, "--by needs at least 1 character(s) of text"),
        ({"--by": "x" * 101}, "--by is 101 characters long, more than 100"),
        ({"--reason": "y" * 501}, "--reason is 501 characters long, more than 500"),
    ],
)
def test_a_bad_mute_exits_2_with_one_line_and_changes_nothing(
    seeded: FindingStore,
    findings_table: Any,
    capsys: pytest.CaptureFixture[str],
    overrides: dict[str, str],
    message: str,
) -> None:
    before = item_count(findings_table)
    err = run(capsys, *mute_args(**overrides), code=2)
    assert err.startswith(f"ctm-hipaa findings mute: {message}")
    assert item_count(findings_table) == before


def test_unmute_revokes_the_rule_and_reopens_its_findings(
    seeded: FindingStore, capsys: pytest.CaptureFixture[str]
) -> None:
    rule_id = run(capsys, *mute_args()).split()[2].rstrip(":")
    assert listed(capsys, "--check", "users_individual_logins") == []

    out = run(capsys, "findings", "unmute", rule_id, "--by", "Ada Okafor")

    assert out.startswith(f"mute rule {rule_id} revoked; 2 finding(s) open again (the next audit or delivery")
    reopened = listed(capsys, "--check", "users_individual_logins")
    assert [(f["status"], f["generation"]) for f in reopened] == [("NEW", 2), ("NEW", 2)]
    [rule] = json.loads(run(capsys, "mutes", "list", "--format", "json"))
    assert (rule["state"], rule["revoked_by"], rule["suppressing"]) == ("revoked", "Ada Okafor", 0)
    assert seeded.findings_with_status(WorkflowStatus.SUPPRESSED) == []
    err = run(capsys, "findings", "unmute", rule_id, "--by", "Ada Okafor", code=2)
    assert err == f"ctm-hipaa findings unmute: mute rule {rule_id} was revoked already, by Ada Okafor\n"
    err = run(capsys, "findings", "unmute", "0" * 32, "--by", "Ada Okafor", code=2)
    assert err.startswith(f"ctm-hipaa findings unmute: no mute rule '{'0' * 32}'")
