"""`ctm-hipaa audit --snapshot FILE`: the real collection and checks over HTTP, as a table or JSON."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from audit_support import leaked, phi_values, sample_agency

from ctm_hipaa.checks import all_checks
from ctm_hipaa.report import FORMAT_NAMES
from ctm_hipaa_tools.agency_file import sample_agency_path, sample_attestations
from ctm_hipaa_tools.cli import main
from ctm_hipaa_tools.offline_audit import run_offline_audit

CATALOG = {check.check_id for check in all_checks()}
ACCOUNTS = {"412230", "412233", "412236", "412239", "412242"}


@pytest.fixture
def attestations_file(tmp_path: Path) -> Path:
    path = tmp_path / "attestations.json"
    path.write_text(sample_attestations().model_dump_json())
    return path


def audit(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["audit", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_lists_the_whole_catalog_for_every_account(
    capsys: pytest.CaptureFixture[str], attestations_file: Path
) -> None:
    code, out, _ = audit(
        capsys,
        "--snapshot",
        str(sample_agency_path()),
        "--attestations",
        str(attestations_file),
        "--format",
        "json",
        "--fail-on",
        "none",
    )
    assert code == 0
    results: list[dict[str, Any]] = json.loads(out)
    assert {r["account_id"] for r in results} == ACCOUNTS
    for account_id in ACCOUNTS:
        assert {r["check_id"] for r in results if r["account_id"] == account_id} == CATALOG
    assert {r["status"] for r in results} <= {"PASS", "FAIL", "MANUAL", "ERROR", "NOT_APPLICABLE"}
    assert any(r["status"] == "FAIL" for r in results)  # FAILs exit 0 with --fail-on none
    # Attestations are judged against today: 412236's are expired, 412242 has none.
    baa = {r["account_id"]: r["status"] for r in results if r["check_id"] == "baa_in_place"}
    assert baa == {
        "412230": "PASS",
        "412233": "PASS",
        "412236": "MANUAL",
        "412239": "PASS",
        "412242": "MANUAL",
    }
    assert leaked(out, phi_values(sample_agency())) == []


def test_attestations_of_accounts_the_snapshot_lacks_are_a_warning_and_change_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, attestations_file: Path
) -> None:
    args = ["--snapshot", str(sample_agency_path()), "--format", "json", "--fail-on", "none"]
    code, expected, err = audit(capsys, *args, "--attestations", str(attestations_file))
    assert (code, err) == (0, "")
    typos = json.loads(attestations_file.read_text())
    # A transposed id, and a key that is no account id at all (not repeated: it may be anything).
    typos["accounts"] |= {"412203": typos["accounts"]["412230"], "Dana Whitfield": {}}
    path = tmp_path / "typos.json"
    path.write_text(json.dumps(typos))
    code, out, err = audit(capsys, *args, "--attestations", str(path))
    assert (code, out) == (0, expected)
    assert err == (
        "ctm-hipaa audit: warning: the attestations name 2 accounts the snapshot does not have "
        "(412203 and 1 not a CTM account id); their blocks are not used\n"
    )


def test_table_has_rows_and_a_scored_summary_per_account(
    capsys: pytest.CaptureFixture[str], attestations_file: Path
) -> None:
    code, out, _ = audit(capsys, *sample_args(attestations_file, "--fail-on", "none"))
    assert code == 0
    for account_id in ACCOUNTS:
        assert f"\nAccount {account_id} (Brightside " in f"\n{out}"  # the heading names the account
        summary = next(line for line in out.splitlines() if line.startswith(f"Account {account_id}: "))
        assert "17 checks" in summary and "score " in summary
    assert "check" in out and "severity" in out and "detail" in out
    # Each row names its resource as a user finds it in CTM: a user by name and login email.
    assert "  Celeste Whitford <celeste.whitford@brightside-health.example.com> (USRA411B7C2)  " in out
    assert leaked(out, phi_values(sample_agency())) == []


def test_without_attestations_attested_controls_are_manual(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = audit(
        capsys, "--snapshot", str(sample_agency_path()), "--format", "json", "--fail-on", "none"
    )
    assert code == 0
    plan = {r["status"] for r in json.loads(out) if r["check_id"] == "plan_hipaa_eligible"}
    assert plan == {"MANUAL"}


def test_faults_in_the_snapshot_become_error_results(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    agency = sample_agency()
    agency["credentials"] = {"access_key": "file-key", "secret_key": "file-secret"}
    agency["faults"] = [{"path": "/api/v1/accounts/412239/webhooks", "status": 403}]
    snapshot = tmp_path / "agency.json"
    snapshot.write_text(json.dumps(agency))
    code, out, _ = audit(capsys, "--snapshot", str(snapshot), "--format", "json", "--fail-on", "none")
    assert code == 0
    errors = [r for r in json.loads(out) if r["status"] == "ERROR"]
    assert errors and {r["account_id"] for r in errors} == {"412239"}
    assert all("forbidden" in r["detail"] for r in errors)


def test_every_output_format_is_a_choice_and_an_unknown_one_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    outputs = {}
    for output_format in FORMAT_NAMES:
        code, outputs[output_format], _ = audit(
            capsys, "--snapshot", str(sample_agency_path()), "--format", output_format, "--fail-on", "none"
        )
        assert code == 0
    assert json.loads(outputs["json"]) and outputs["table"].startswith("Account ")
    assert outputs["html"].startswith("<!DOCTYPE html>") and outputs["csv"].startswith("check_id,")
    assert {e["class_uid"] for e in json.loads(outputs["ocsf"])} == {2003}
    assert {f["SchemaVersion"] for f in json.loads(outputs["asff"])} == {"2018-10-08"}
    # The function refuses what argparse would, naming the choices; nothing is read or written.
    out = io.StringIO()
    assert run_offline_audit(tmp_path / "absent.json", None, output_format="xml", out=out) == 2
    assert out.getvalue() == ""
    assert capsys.readouterr().err == (
        "ctm-hipaa audit: unknown format 'xml'; choose table, json, csv, ocsf, asff or html\n"
    )


@pytest.mark.parametrize(
    ("snapshot", "attestations", "expected"),
    [
        ("missing.json", None, "file not found"),
        ("broken.json", None, "not valid JSON"),
        (None, "bad.yaml", "invalid attestations"),
    ],
)
def test_unreadable_inputs_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    snapshot: str | None,
    attestations: str | None,
    expected: str,
) -> None:
    (tmp_path / "broken.json").write_text('{"agency": {"id": 1, "name": "Jane Doe"')
    (tmp_path / "bad.yaml").write_text("agency:\n  idle_logout_minutes: Jane Doe\n")
    args = ["--snapshot", str(tmp_path / snapshot) if snapshot else str(sample_agency_path())]
    if attestations:
        args += ["--attestations", str(tmp_path / attestations)]
    code, out, err = audit(capsys, *args)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and expected in err
    assert "Jane" not in err


def sample_args(attestations_file: Path, *args: str) -> list[str]:
    return ["--snapshot", str(sample_agency_path()), "--attestations", str(attestations_file), *args]


def test_a_critical_result_left_open_exits_1_after_printing_everything(
    capsys: pytest.CaptureFixture[str], attestations_file: Path
) -> None:
    # 412236's BAA attestation is expired and 412242 has none: baa_in_place (critical) is MANUAL.
    code, out, err = audit(capsys, *sample_args(attestations_file, "--format", "json"))
    assert code == 1
    results = json.loads(out)
    assert {(r["account_id"], r["check_id"]) for r in results} == {(a, c) for a in ACCOUNTS for c in CATALOG}
    assert err == "ctm-hipaa audit: 2 FAIL, MANUAL or ERROR result(s) of severity critical or above\n"
    assert leaked(err, phi_values(sample_agency())) == []


@pytest.mark.parametrize(
    ("fail_on", "expected"), [("none", 0), ("critical", 0), ("high", 1), ("medium", 1), ("info", 1)]
)
def test_fail_on_sets_the_severity_threshold(
    capsys: pytest.CaptureFixture[str], attestations_file: Path, fail_on: str, expected: int
) -> None:
    # 412233 has no critical result open, but high and medium FAILs.
    code, out, _ = audit(capsys, *sample_args(attestations_file, "--account", "412233", "--fail-on", fail_on))
    assert code == expected
    assert out.startswith("Account 412233 (") and "\nAccount 412230" not in out


def test_filters_combine_with_and_across_kinds_and_or_within_one(
    capsys: pytest.CaptureFixture[str], attestations_file: Path
) -> None:
    code, out, _ = audit(
        capsys,
        *sample_args(attestations_file, "--format", "json", "--fail-on", "none"),
        *("--account", "412236", "--account", "412239", "--status", "FAIL", "--status", "error"),
        *("--severity", "high"),
    )
    assert code == 0
    results = json.loads(out)
    assert results
    assert {r["account_id"] for r in results} == {"412236", "412239"}
    assert {r["status"] for r in results} <= {"FAIL", "ERROR"}
    assert {r["severity"] for r in results} == {"high"}


def test_the_gate_counts_only_the_results_shown(
    capsys: pytest.CaptureFixture[str], attestations_file: Path
) -> None:
    # The medium FAILs shown stay under a high threshold; the critical BAA MANUALs are left out by
    # --severity, so they do not count.
    code, out, _ = audit(
        capsys,
        *sample_args(attestations_file, "--check", "attribution_health_terms", "--check", "baa_in_place"),
        *("--severity", "medium", "--fail-on", "high"),
    )
    assert code == 0
    assert "attribution_health_terms" in out and "baa_in_place" not in out
    summary = next(line for line in out.splitlines() if line.startswith("Account ") and "checks" in line)
    assert "17 checks" not in summary


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--check", "baa_in_plac"],
            "--check 'baa_in_plac' is not a check; "
            'did you mean "baa_in_place"? choose from plan_hipaa_eligible',
        ),
        (
            ["--status", "FAILED"],
            """--status 'FAILED' is not a status; did you mean "FAIL"? choose from PASS, FAIL, MANUAL""",
        ),
        (["--severity", "urgent"], "--severity 'urgent' is not a severity; choose from critical, high, "),
        (["--fail-on", "urgent"], "--fail-on 'urgent' is not a severity; choose from critical, high, "),
        (["--account", "999"], "--account '999' is not an account of the snapshot; choose from 412230, "),
    ],
)
def test_an_unknown_filter_value_exits_2_with_one_line_naming_the_choices(
    capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    code, out, err = audit(capsys, "--snapshot", str(sample_agency_path()), *args)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith(f"ctm-hipaa audit: {expected}"), err


def test_the_help_names_every_choice_and_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    from ctm_hipaa.findings import ResultStatus, Severity

    with pytest.raises(SystemExit):
        main(["audit", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert all(status.value in text for status in ResultStatus)
    assert all(severity.value in text for severity in Severity)
    assert "Exit codes: 0" in text and "1 when" in text and "2 for" in text


def test_filters_that_keep_nothing_say_so(
    capsys: pytest.CaptureFixture[str], attestations_file: Path
) -> None:
    code, out, _ = audit(capsys, *sample_args(attestations_file, "--status", "ERROR"))
    assert (code, out) == (0, "No result matches the filters.\n")
