"""Canary: the sample agency's caller PHI, and PHI planted in every call field a CTM call carries,
comes out of no report format of `ctm-hipaa audit`, nor of `ctm-hipaa report` and `ctm-hipaa evidence`
once the audit is stored (issue 10 item 5).

Users' login emails are left out of the search: they are workforce data, which results may name."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from audit_support import leaked, phi_values, sample_agency

from ctm_hipaa.attestations import AttestationStore
from ctm_hipaa.audit import AccountAuditRecord, RunMeta, RunStore
from ctm_hipaa.findings import CheckResult, FindingStore
from ctm_hipaa.report import FORMAT_NAMES, summarize
from ctm_hipaa_tools.agency_file import sample_attestations
from ctm_hipaa_tools.cli import main

PLANTED = {
    "name": "Zebulon Quixotica",
    "cnam": "QUIXOTICA ZEBULON",
    "email": "zq.canary@example.org",
    "street": "9911 Canaryfield Rd",
    "caller_number": "+15135550199",
    "caller_number_format": "(513) 555-0199",
    "notes": "Pt Zebulon Quixotica, DOB 04/17/1953, SSN 536-22-8471, MRN 77120458",
    "transcription_text": "my member ID is QZX771204583 and my date of birth is 04/17/1953",
    "summary": "Zebulon Quixotica asked about his MRN 77120458",
}
# What identifies on its own inside those values, digits-only forms too.
PIECES = {
    "Zebulon",
    "Quixotica",
    "zq.canary",
    "Canaryfield",
    "536-22-8471",
    "536228471",
    "77120458",
    "QZX771204583",
    "04/17/1953",
    "5135550199",
    "555-0199",
}


@pytest.fixture(scope="module")
def planted_agency(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, set[str]]:
    agency = sample_agency()
    for entry in agency["accounts"]:
        for call in entry["calls"]:
            call.update(PLANTED)
            call["custom_fields"] = {**(call.get("custom_fields") or {}), "member_id": "QZX771204583"}
    folder = tmp_path_factory.mktemp("canary")
    snapshot = folder / "agency.json"
    snapshot.write_text(json.dumps(agency))
    attestations = folder / "attestations.json"
    attestations.write_text(sample_attestations().model_dump_json())
    emails = {user["email"] for entry in agency["accounts"] for user in entry["users"] if user.get("email")}
    values = (phi_values(agency) - emails) | PIECES
    # The search finds what was planted (the SSN's digits-only form guards reformatting only).
    assert set(leaked(snapshot.read_text(), values)) >= PIECES - {"536228471"}
    return snapshot, attestations, values


@pytest.mark.parametrize("output_format", FORMAT_NAMES)
def test_no_format_carries_caller_phi(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    planted_agency: tuple[Path, Path, set[str]],
    output_format: str,
) -> None:
    snapshot, attestations, values = planted_agency
    target = tmp_path / f"report.{output_format}"
    args = ["audit", "--snapshot", str(snapshot), "--attestations", str(attestations), "--fail-on", "none"]
    assert main([*args, "--format", output_format, "--output", str(target)]) == 0
    captured = capsys.readouterr()
    text = target.read_text(encoding="utf-8")
    # The report is all there (every account, the calls' check among the results) ...
    assert all(account in text for account in ("412230", "412233", "412236", "412239", "412242"))
    assert "attribution_health_terms" in text
    # ... and none of the PHI is, anywhere the command wrote.
    assert leaked(text + captured.out + captured.err, values) == []


def test_no_stored_state_report_nor_evidence_file_carries_caller_phi(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    planted_agency: tuple[Path, Path, set[str]],
    findings_table: Any,
) -> None:
    """The planted agency's audit, stored as a run with its findings and attestations, comes out of
    `ctm-hipaa report` (every format) and every file of `ctm-hipaa evidence` without its PHI."""
    snapshot, attestations, values = planted_agency
    listing = tmp_path / "results.json"
    args = ["audit", "--snapshot", str(snapshot), "--attestations", str(attestations), "--fail-on", "none"]
    assert main([*args, "--format", "json", "--output", str(listing)]) == 0
    results = [CheckResult.model_validate(r) for r in json.loads(listing.read_text())]
    started = datetime.now(UTC)
    runs, store = RunStore(findings_table), FindingStore(findings_table)
    accounts = sorted({r.account_id for r in results})
    runs.start_run(RunMeta(run_id="r-planted", started_at=started, expected=accounts))
    for account in accounts:
        mine = [r for r in results if r.account_id == account]
        store.apply_audit(account, mine, run_id="r-planted", complete=True)
        runs.record_account(
            AccountAuditRecord(
                run_id="r-planted",
                account_id=account,
                started_at=started,
                finished_at=datetime.now(UTC),
                duration_ms=1,
                complete=True,
                summary=summarize(mine),
                results=mine,
            )
        )
    AttestationStore(findings_table).record(
        sample_attestations(), recorded_by="Maya Lindqvist", note="canary"
    )
    capsys.readouterr()

    texts: dict[str, str] = {}
    where = ["--table", findings_table.name]
    for output_format in FORMAT_NAMES:
        target = tmp_path / f"stored.{output_format}"
        assert main(["report", *where, "--format", output_format, "--output", str(target)]) == 0
        texts[output_format] = target.read_text(encoding="utf-8")
    package = tmp_path / "evidence.zip"
    today = started.date().isoformat()
    assert main(["evidence", *where, "--since", today, "--output", str(package)]) == 0
    with zipfile.ZipFile(package) as archive:
        texts |= {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
    captured = capsys.readouterr()

    assert all("attribution_health_terms" in texts[name] for name in ("html", "csv", "report.html"))
    assert sum(name.startswith("runs/") for name in texts) == 2
    found = {name: leaked(text, values) for name, text in texts.items()}
    assert found == {name: [] for name in texts}
    assert leaked(captured.out + captured.err, values) == []
