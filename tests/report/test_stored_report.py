"""`ctm-hipaa report` and `ctm-hipaa evidence` from a findings table's stored state (the template's
table on moto): runs, findings, the webhook's PHI flows, the attestation history and the mute rules,
read through the adapters; bad input refused on one line, exit 2 (issue 10 items 2 and 4)."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest
from report_support import result, sample_results

from ctm_hipaa.attestations import AttestationStore, parse_attestations
from ctm_hipaa.audit import AccountAuditRecord, RunMeta, RunStore
from ctm_hipaa.findings import CheckResult, FindingStore, MuteRule, ResultStatus
from ctm_hipaa.report import summarize
from ctm_hipaa_tools.cli import main
from ctm_hipaa_tools.stored_report import StoredState

# The window of the evidence tests: r-1 and r-2 are in it, r-old before it.
RUNS = {
    "r-old": datetime(2026, 11, 10, 6, tzinfo=UTC),
    "r-1": datetime(2026, 11, 20, 6, tzinfo=UTC),
    "r-2": datetime(2026, 11, 25, 6, tzinfo=UTC),
}
SINCE, UNTIL = "2026-11-15", "2026-11-30"
WINDOW_END = datetime(2026, 12, 1, tzinfo=UTC)


def attested(day: str) -> dict[str, Any]:
    """An attestation file's data, attested on `day`."""
    by = {"attested_by": "Maya Lindqvist", "attested_on": day}
    return {
        "agency": {"idle_logout_minutes": 15, **by},
        "accounts": {"412230": {"baa_signed_on": "2023-02-20", **by}},
    }


def record(run_id: str, account_id: str, results: list[CheckResult]) -> AccountAuditRecord:
    started = RUNS[run_id]
    return AccountAuditRecord(
        run_id=run_id,
        account_id=account_id,
        started_at=started,
        finished_at=started + timedelta(minutes=2),
        duration_ms=1200,
        complete=True,
        summary=summarize(results),
        results=results,
    )


@pytest.fixture
def table(findings_table: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Three runs (412233 is not in the latest), open and webhook findings, two attestation
    recordings (one after the window), and mute rules before, in and after the window."""
    monkeypatch.setenv("FINDINGS_TABLE", findings_table.name)
    results = sample_results()
    by_account = {a: [r for r in results if r.account_id == a] for a in ("412230", "412233")}
    fixed = result("users_individual_logins", ResultStatus.PASS, resource_id="user:USR1")
    latest_412230 = [fixed if r.resource_id == "user:USR1" else r for r in by_account["412230"]]
    runs = RunStore(findings_table)
    for run_id, accounts in (
        ("r-old", by_account),
        ("r-1", by_account),
        ("r-2", {"412230": latest_412230}),
    ):
        runs.start_run(RunMeta(run_id=run_id, started_at=RUNS[run_id], expected=sorted(accounts)))
        for account, account_results in accounts.items():
            runs.record_account(record(run_id, account, account_results))

    store = FindingStore(findings_table, clock=lambda: RUNS["r-1"])
    for res in results:
        if res.status in (ResultStatus.FAIL, ResultStatus.MANUAL, ResultStatus.ERROR):
            store.observe(
                res, run_id="r-1", categories=["SSN", "NAME"] if res.check_id.startswith("webhook") else ()
            )

    for when, note in (
        (datetime(2026, 11, 16, 9, tzinfo=UTC), "ticket 4411"),
        (WINDOW_END + timedelta(hours=3), "ticket 4502"),
    ):
        AttestationStore(findings_table, clock=lambda when=when: when).record(
            parse_attestations(attested(when.date().isoformat())), recorded_by="Omar Haddad", note=note
        )

    def rule(rule_id: str, created: datetime, expires: datetime, **fields: Any) -> MuteRule:
        return MuteRule(
            rule_id=rule_id,
            check_id="users_individual_logins",
            account_id="412230",
            reason=f"front-desk login, ticket {rule_id}",
            expires_at=expires,
            created_by="Maya Lindqvist",
            created_at=created,
            **fields,
        )

    for mute in (
        rule("gone-before", datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)),
        rule("expired-in", datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 18, tzinfo=UTC)),
        rule(
            "revoked-in",
            datetime(2026, 11, 16, tzinfo=UTC),
            datetime(2027, 1, 1, tzinfo=UTC),
            revoked_at=datetime(2026, 11, 22, tzinfo=UTC),
            revoked_by="Omar Haddad",
        ),
        rule("active", datetime(2026, 11, 28, tzinfo=UTC), datetime(2027, 3, 1, tzinfo=UTC)),
        rule("made-after", datetime(2026, 12, 1, 1, tzinfo=UTC), datetime(2027, 3, 1, tzinfo=UTC)),
    ):
        store.put_mute_rule(mute)
    return findings_table


def run(capsys: pytest.CaptureFixture[str], *args: str, code: int = 0) -> str:
    assert main(list(args)) == code
    captured = capsys.readouterr()
    if code == 0:
        assert captured.err == "", captured.err
        return captured.out
    assert captured.out == "" and captured.err.count("\n") == 1, captured.err
    return captured.err


# -- report --------------------------------------------------------------------------------------


def test_report_is_each_accounts_latest_run_with_the_trend_findings_attestations_and_flows(
    table: Any, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    results = json.loads(run(capsys, "report", "--format", "json"))
    # 412230 from r-2 (its USR1 login fixed since), 412233 from r-1: it was not in r-2.
    latest = {(r["account_id"], r["check_id"], r["resource_id"]): r["status"] for r in results}
    assert latest[("412230", "users_individual_logins", "user:USR1")] == "PASS"
    assert latest[("412233", "webhook_phi_detected", "webhook:end")] == "FAIL"
    assert len(results) == len(sample_results())

    out = tmp_path / "report.html"
    assert run(capsys, "report", "--table", table.name, "--output", str(out)) == ""  # html by default
    page = out.read_text()
    assert all(check in page for check in {r["check_id"] for r in results})
    trend = page[page.index('id="trend"') : page.index('id="account-')]
    assert all(run_id in trend for run_id in RUNS)
    assert "ticket 4411" in page and "ticket 4502" in page and "Omar Haddad" in page
    assert 'id="phi-flow"' in page and "SSN" in page[page.index('id="phi-flow"') :]

    state = StoredState(table, 90)
    report = state.report(state.latest(14), as_of=datetime.now(UTC))
    assert {(f.check_id, f.resource_id) for f in report.findings} >= {
        ("users_individual_logins", "user:USR1"),
        ("webhook_phi_detected", "webhook:end"),
    }
    assert {(p.account_id, p.channel, p.category, p.count) for p in report.phi_flows} == {
        ("412233", "end", "SSN", 1),
        ("412233", "end", "NAME", 1),
    }
    assert [(a.scope, a.note, a.recorded_by) for a in report.attestations] == [
        ("agency", "ticket 4411", "Omar Haddad"),
        ("412230", "ticket 4411", "Omar Haddad"),
        ("agency", "ticket 4502", "Omar Haddad"),
        ("412230", "ticket 4502", "Omar Haddad"),
    ]
    assert report.attestations[0].expires_on is not None


def test_report_reads_only_the_latest_runs_asked_for(table: Any, capsys: pytest.CaptureFixture[str]) -> None:
    page = run(capsys, "report", "--runs", "1")
    trend = page[page.index('id="trend"') : page.index('id="account-')]
    assert "r-2" in trend and "r-1" not in trend and "r-old" not in trend
    # 412233's audit is older than the one run read: it has no results, only its findings.
    results = json.loads(run(capsys, "report", "--runs", "1", "--format", "json"))
    assert {r["account_id"] for r in results} == {"412230"}


def test_every_format_renders_the_stored_state(table: Any, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("table", "csv", "ocsf", "asff"):
        assert "users_individual_logins" in run(capsys, "report", "--format", name), name


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--runs", "0"], "--runs 0 is not a positive number of runs"),
        (["--output", "/nonexistent-folder/r.html"], "the folder /nonexistent-folder does not exist"),
        (["--table", "no-such-table"], "no such resource in AWS region"),
    ],
)
def test_bad_report_input_is_one_line_and_exit_2(
    table: Any, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert message in run(capsys, "report", *args, code=2)


def test_report_needs_a_table(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("FINDINGS_TABLE", raising=False)
    assert "give --stack NAME or --table NAME, or set FINDINGS_TABLE" in run(capsys, "report", code=2)


# -- evidence ------------------------------------------------------------------------------------


def evidence(capsys: pytest.CaptureFixture[str], path: Path, *extra: str) -> dict[str, bytes]:
    out = run(capsys, "evidence", "--since", SINCE, "--until", UNTIL, "--output", str(path), *extra)
    assert f"evidence package {path}" in out and "2 run(s)" in out
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def test_evidence_holds_the_windows_runs_report_attestations_mutes_and_checksums(
    table: Any, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    files = evidence(capsys, tmp_path / "evidence.zip")

    runs = sorted(name for name in files if name.startswith("runs/"))
    assert runs == [
        "runs/2026-11-20_r-1/results.csv",
        "runs/2026-11-20_r-1/results.ocsf.json",
        "runs/2026-11-25_r-2/results.csv",
        "runs/2026-11-25_r-2/results.ocsf.json",
    ]
    r1_csv = files["runs/2026-11-20_r-1/results.csv"].decode()
    assert r1_csv.count("\r\n") == len(sample_results()) + 1  # a header and every result of r-1
    events = json.loads(files["runs/2026-11-25_r-2/results.ocsf.json"])
    assert events and {e["class_uid"] for e in events} == {2003}
    page = files["report.html"].decode()
    trend = page[page.index('id="trend"') : page.index('id="account-')]
    assert "r-1" in trend and "r-2" in trend and "r-old" not in trend
    assert "2026-12-01 00:00 UTC" in page  # as of the window's end

    attestations = json.loads(files["attestations.json"])
    assert {(a["scope"], a["note"]) for a in attestations} == {
        ("agency", "ticket 4411"),
        ("412230", "ticket 4411"),
    }
    assert all(
        a["recorded_by"] == "Omar Haddad" and a["attested_by"] == "Maya Lindqvist" for a in attestations
    )
    mutes = {m["rule_id"]: m for m in json.loads(files["mute_rules.json"])}
    assert {rule: m["state_at_window_end"] for rule, m in mutes.items()} == {
        "expired-in": "expired",
        "revoked-in": "revoked",
        "active": "in force",
    }
    assert (
        mutes["revoked-in"]["revoked_by"] == "Omar Haddad"
        and "ticket revoked-in" in mutes["revoked-in"]["reason"]
    )

    manifest = json.loads(files["manifest.json"])
    assert manifest["window"] == {"since": SINCE, "until": UNTIL}
    assert [r["run_id"] for r in manifest["runs"]] == ["r-1", "r-2"]
    assert manifest["runs"][1]["missing"] == []
    listed = {f["name"]: f["sha256"] for f in manifest["files"]}
    assert set(listed) == set(files) - {"manifest.json", "SHA256SUMS"}
    assert all(hashlib.sha256(files[name]).hexdigest() == digest for name, digest in listed.items())
    sums = dict(reversed(line.split("  ", 1)) for line in files["SHA256SUMS"].decode().splitlines())
    assert set(sums) == set(files) - {"SHA256SUMS"}
    assert all(hashlib.sha256(files[name]).hexdigest() == digest for name, digest in sums.items())
    assert "sha256sum -c SHA256SUMS" in files["README.txt"].decode()


def test_evidence_verifies_with_sha256sum_and_the_same_state_gives_the_same_bytes(
    table: Any, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    evidence(capsys, first)
    evidence(capsys, second, "--table", table.name)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 12, 1, 0, 0, 0)}  # the window's end
        archive.extractall(tmp_path / "unzipped")
    if shutil.which("sha256sum"):
        done = subprocess.run(
            ["sha256sum", "-c", "SHA256SUMS"],
            cwd=tmp_path / "unzipped",
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0 and "FAILED" not in done.stdout, done.stdout
        (tmp_path / "unzipped" / "report.html").write_text("changed")
        tampered = subprocess.run(
            ["sha256sum", "-c", "SHA256SUMS"],
            cwd=tmp_path / "unzipped",
            capture_output=True,
            text=True,
            check=False,
        )
        assert tampered.returncode == 1 and "report.html: FAILED" in tampered.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "2026-02-30"], "--since '2026-02-30' is not a date that exists"),
        (["--since", "last week"], "--since 'last week' is not a date (YYYY-MM-DD)"),
        (
            ["--since", "2026-11-20", "--until", "2026-11-19"],
            "--since 2026-11-20 is after --until 2026-11-19",
        ),
        (["--since", "2026-11-20", "--until", "2999-01-01"], "--until 2999-01-01 is in the future"),
    ],
)
def test_bad_windows_are_refused_and_nothing_is_written(
    table: Any, capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], message: str
) -> None:
    target = tmp_path / "evidence.zip"
    assert message in run(capsys, "evidence", *args, "--output", str(target), code=2)
    assert not target.exists()


def test_evidence_aws_misconfiguration_is_one_line(
    table: Any, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "evidence.zip"
    err = run(
        capsys, "evidence", "--since", SINCE, "--table", "no-such-table", "--output", str(target), code=2
    )
    assert "no such resource in AWS region" in err
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_stack_reads_its_table_and_attestation_maximum_age(
    aws: boto3.session.Session,
    table: Any,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("FINDINGS_TABLE")
    body = {
        "Parameters": {"AttestationMaxAgeDays": {"Type": "Number", "Default": "30"}},
        "Resources": {"Placeholder": {"Type": "AWS::SNS::Topic"}},
        "Outputs": {
            "FindingsTableName": {"Value": table.name},
            "AlertsTopicArn": {"Value": "arn:aws:sns:us-east-1:123456789012:alerts"},
        },
    }
    aws.client("cloudformation").create_stack(StackName="ctm-hipaa-prod", TemplateBody=json.dumps(body))

    page = run(capsys, "report", "--stack", "ctm-hipaa-prod")
    # Attested 2026-11-16, evidence for the stack's 30 days (not the default 90: 2027-02-14).
    assert "2026-12-16" in page and "2027-02-14" not in page
    assert json.loads(run(capsys, "report", "--stack", "ctm-hipaa-prod", "--format", "json"))
