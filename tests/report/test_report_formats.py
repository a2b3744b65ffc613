"""The report registry and its text formats (table, json, csv), and `audit --format/--output`."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from report_support import NOW, sample_input, sample_results

from ctm_hipaa.findings import CheckResult, ResultStatus
from ctm_hipaa.report import FORMAT_NAMES, FORMATS, ReportInput, UnknownFormat, render
from ctm_hipaa_tools.agency_file import sample_agency_path
from ctm_hipaa_tools.cli import main

OPEN = {ResultStatus.FAIL, ResultStatus.MANUAL, ResultStatus.ERROR}


def test_the_registry_has_the_six_formats_each_with_a_file_extension_and_media_type() -> None:
    assert FORMAT_NAMES == ("table", "json", "csv", "ocsf", "asff", "html")
    assert {name: (f.extension, f.media_type.split(";")[0]) for name, f in FORMATS.items()} == {
        "table": (".txt", "text/plain"),
        "json": (".json", "application/json"),
        "csv": (".csv", "text/csv"),
        "ocsf": (".ocsf.json", "application/json"),
        "asff": (".asff.json", "application/json"),
        "html": (".html", "text/html"),
    }
    with pytest.raises(
        UnknownFormat, match="unknown format 'xml'; choose table, json, csv, ocsf, asff or html"
    ):
        render("xml", sample_input())


def test_reading_the_format_names_loads_no_renderer_pydantic_or_catalog() -> None:
    code = (
        "import sys; import ctm_hipaa_tools.cli as cli; cli._parser(); "
        "from ctm_hipaa.report import FORMAT_NAMES; "
        "heavy = ('pydantic', 'ctm_hipaa.checks', 'py_ocsf_models', 'ctm_hipaa.report.'); "
        "loaded = [m for m in sys.modules if m.startswith(heavy) and m != 'ctm_hipaa.report.registry']; "
        "assert not loaded, loaded"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr


def test_json_is_exactly_the_list_of_results() -> None:
    report = sample_input()
    assert json.loads(render("json", report)) == [r.model_dump(mode="json") for r in report.results]
    assert render("json", ReportInput(generated_at=NOW)) == "[]\n"


def test_csv_has_one_row_per_result_with_every_field() -> None:
    report = sample_input()
    rows = list(csv.DictReader(io.StringIO(render("csv", report))))
    assert len(rows) == len(report.results)
    assert set(rows[0]) == {*CheckResult.model_fields, "finding_id"}
    for row, res in zip(rows, report.results, strict=True):
        assert row["finding_id"] == res.finding_id
        assert row["hipaa"] == "; ".join(res.hipaa) and res.hipaa
        for name in ("check_id", "account_id", "resource_id", "resource_name", "detail", "remediation"):
            assert row[name] == getattr(res, name)
        assert row["attest_command"] == res.attest_command
        assert row["status"] == res.status.value


def test_csv_cells_a_spreadsheet_would_run_as_formulas_are_quoted_as_text() -> None:
    res = sample_results()[1].model_copy(update={"resource_name": '=HYPERLINK("http://x","y")'})
    rows = list(csv.DictReader(io.StringIO(render("csv", ReportInput(generated_at=NOW, results=(res,))))))
    assert rows[0]["resource_name"] == '\'=HYPERLINK("http://x","y")'


def test_the_table_shows_what_to_fix_under_each_account() -> None:
    report = sample_input()
    text = render("table", report)
    blocks = {b.split("\n", 1)[0]: b for b in text.split("\n\nAccount ")}
    first = blocks["Account 412230"]
    fixes = first[first.index("To fix: 3 check(s), 3 result(s)") :]
    # Every FAIL, MANUAL and ERROR result: resource name and id, remediation, citations, attest line.
    for res in report.results:
        if res.account_id != "412230" or res.status not in OPEN:
            continue
        assert (
            f"{res.check_id}  {res.status.value}  {res.severity.value}  HIPAA {', '.join(res.hipaa)}" in fixes
        )
        assert " ".join(res.remediation.split()[:8]) in " ".join(fixes.split())
    assert "- FAIL  Front Desk <frontdesk@clinic.example> (user:USR1)" in fixes
    assert "Attest: ctm-hipaa attest attestations.yaml # accounts.412230.baa_signed_on" in fixes
    # Nothing to fix for PASS and NOT_APPLICABLE: not listed there.
    assert "Ana Ruiz" not in fixes and "transcription_redaction" not in fixes
    assert "Findings (4)" in text and "40 d" in text


def test_audit_output_writes_the_file_and_nothing_on_stdout(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "report.csv"
    code = main(
        ["audit", "--snapshot", str(sample_agency_path()), "--format", "csv", "--output", str(target)]
    )
    out, err = capsys.readouterr()
    assert out == ""
    assert code == 1 and "critical" in err  # --fail-on keeps its exit code with --output
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert len({r["account_id"] for r in rows}) == 5
    assert not list(tmp_path.glob(".*partial"))


def test_an_unwritable_output_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "no-such-folder" / "report.html"
    code = main(
        ["audit", "--snapshot", str(sample_agency_path()), "--format", "html", "--output", str(target)]
    )
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith(f"ctm-hipaa audit: cannot write {target}: ")


def test_attestation_records_say_what_each_block_attests_and_until_when() -> None:
    from datetime import date

    from ctm_hipaa.attestations import parse_attestations
    from ctm_hipaa.report import attestation_records

    file = parse_attestations(
        {
            "agency": {"attested_by": "Maya", "attested_on": "2026-11-18", "idle_logout_minutes": 15},
            "accounts": {"412233": {"baa_signed_on": False}, "412230": {}},
        },
        source="test",
    )
    records = attestation_records(file, max_age_days=90)
    # The empty block of 412230 attests nothing: left out. An undated block never counts.
    assert [(r.scope, r.settings, r.attested_by, r.expires_on) for r in records] == [
        ("agency", ("idle_logout_minutes",), "Maya", date(2027, 2, 16)),
        ("412233", ("baa_signed_on",), None, None),
    ]
    assert not records[0].expired(date(2027, 2, 16)) and records[0].expired(date(2027, 2, 17))
    assert records[1].expired(date(2026, 1, 1))
