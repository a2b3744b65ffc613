"""`ctm-hipaa collect --out FILE`: a live agency's snapshot, cut to what the checks read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from audit_support import CALL_PHI_FIELDS, leaked, sample_agency

from ctm_hipaa_tools.agency_file import load_agency_file, sample_attestations
from ctm_hipaa_tools.cli import main
from ctm_hipaa_tools.collect import CALL_FIELDS_KEPT
from ctm_hipaa_tools.simulator import CTMSimulator

KEYS = {"access_key": "collect-key", "secret_key": "collect-secret-never-written"}


@pytest.fixture
def attestations_file(tmp_path: Path) -> Path:
    path = tmp_path / "attestations.json"
    path.write_text(sample_attestations().model_dump_json())
    return path


@pytest.fixture(autouse=True)
def live_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CTM_ACCESS_KEY", KEYS["access_key"])
    monkeypatch.setenv("CTM_SECRET_KEY", KEYS["secret_key"])
    monkeypatch.setenv("CTM_REQUESTS_PER_SECOND", "1000")


def collect(
    agency: dict[str, Any], out: Path, monkeypatch: pytest.MonkeyPatch, *args: str
) -> tuple[int, str]:
    with CTMSimulator({**agency, "credentials": KEYS}) as sim:
        monkeypatch.setenv("CTM_API_BASE_URL", sim.base_url)
        code = main(["collect", "--out", str(out), *args])
    return code, out.read_text() if out.exists() else ""


def audit_results(
    capsys: pytest.CaptureFixture[str], snapshot: Path, attestations: Path
) -> list[dict[str, Any]]:
    capsys.readouterr()
    code = main(
        ["audit", "--snapshot", str(snapshot), "--attestations", str(attestations), "--format", "json"]
    )
    assert code == 1  # the critical BAA MANUALs
    results: list[dict[str, Any]] = json.loads(capsys.readouterr().out)
    return results


def caller_values(agency: dict[str, Any]) -> set[str]:
    values = set()
    for entry in agency["accounts"]:
        for call in entry["calls"]:
            values |= {str(call[name]) for name in CALL_PHI_FIELDS if call.get(name)}
            values |= {str(v) for v in (call.get("custom_fields") or {}).values() if v}
    return {v for v in values if len(v) >= 4}


def test_the_collected_snapshot_re_audits_to_the_same_results(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    attestations_file: Path,
) -> None:
    agency = sample_agency()
    original = tmp_path / "agency.json"
    original.write_text(json.dumps(agency))
    code, _ = collect(agency, tmp_path / "collected.json", monkeypatch)
    assert code == 0
    assert capsys.readouterr().err.splitlines()[-2:] == [
        "collected 5/5 accounts, 32 requests, 0 retries",
        f"wrote 5 account(s) to {tmp_path / 'collected.json'}",
    ]
    load_agency_file(tmp_path / "collected.json")  # the snapshot format
    assert audit_results(capsys, tmp_path / "collected.json", attestations_file) == audit_results(
        capsys, original, attestations_file
    )


def test_calls_keep_only_the_attribution_and_the_file_says_what_was_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    agency = sample_agency()
    code, text = collect(agency, tmp_path / "collected.json", monkeypatch)
    assert code == 0
    document = json.loads(text)
    calls = [call for entry in document["accounts"] for call in entry["calls"]]
    assert len(calls) == sum(len(entry["calls"]) for entry in agency["accounts"])
    assert all(set(call) <= set(CALL_FIELDS_KEPT) for call in calls)
    assert all("?" not in (call.get("location") or "") for call in calls)
    assert leaked(text, caller_values(agency)) == []
    assert "transcripts" in document["removed"]["calls"]["why"]
    assert document["removed"]["calls"]["kept"] == list(CALL_FIELDS_KEPT)
    # The keys never reach the file.
    assert KEYS["secret_key"] not in text and KEYS["access_key"] not in text
    assert "credentials" not in {key for key in document if key != "removed"}


def test_a_part_ctm_refused_is_replayed_as_a_fault(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    attestations_file: Path,
) -> None:
    agency = sample_agency()
    agency["faults"] = [{"path": "/api/v1/accounts/412239/webhooks", "status": 403}]
    original = tmp_path / "agency.json"
    original.write_text(json.dumps(agency))
    code, text = collect(agency, tmp_path / "collected.json", monkeypatch)
    assert code == 0
    assert json.loads(text)["faults"] == [
        {"path": "/api/v1/accounts/412239/webhooks", "status": 403, "retry_after": 0}
    ]
    collected = audit_results(capsys, tmp_path / "collected.json", attestations_file)
    assert collected == audit_results(capsys, original, attestations_file)
    assert any(r["status"] == "ERROR" for r in collected)


def test_account_chooses_the_accounts_collected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, text = collect(sample_agency(), tmp_path / "one.json", monkeypatch, "--account", "412233")
    assert code == 0
    assert [entry["account"]["id"] for entry in json.loads(text)["accounts"]] == ["412233"]


def test_an_unknown_account_exits_2_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, text = collect(sample_agency(), tmp_path / "none.json", monkeypatch, "--account", "999")
    assert (code, text) == (2, "")
    assert capsys.readouterr().err.startswith(
        "ctm-hipaa collect: --account '999' is not an account of the agency"
    )


def test_an_unwritable_file_exits_2_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = collect(sample_agency(), tmp_path / "absent" / "out.json", monkeypatch)
    assert code == 2
    err = capsys.readouterr().err.splitlines()[-1]
    assert err == f"ctm-hipaa collect: cannot write {tmp_path / 'absent' / 'out.json'} (FileNotFoundError)"
    assert list(tmp_path.iterdir()) == []


def test_without_keys_it_says_how_to_give_them_and_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.delenv("CTM_ACCESS_KEY")
    assert main(["collect", "--out", str(tmp_path / "out.json")]) == 2
    assert capsys.readouterr().err.startswith("ctm-hipaa collect: set CTM_ACCESS_KEY and CTM_SECRET_KEY")
    assert not (tmp_path / "out.json").exists()


def test_other_parts_keep_what_the_checks_read_and_no_password(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    attestations_file: Path,
) -> None:
    agency = sample_agency()
    entry = next(e for e in agency["accounts"] if e["webhooks"])
    hook = entry["webhooks"][0]
    hook["weburl"] = "https://relay:hunter2-secret@hooks.example.com/ctm"
    hook["password"] = "hunter2-secret"
    entry["users"][0]["api_token"] = "token-never-written"
    original = tmp_path / "agency.json"
    original.write_text(json.dumps(agency))
    code, text = collect(agency, tmp_path / "collected.json", monkeypatch)
    assert code == 0
    assert "hunter2-secret" not in text and "token-never-written" not in text
    collected = json.loads(text)
    hooks = next(e for e in collected["accounts"] if e["account"]["id"] == str(entry["account"]["id"]))
    assert hooks["webhooks"][0]["weburl"] == "https://relay:REDACTED@hooks.example.com/ctm"
    # The URL still carries credentials, which is what webhooks_secure_destination reads.
    assert audit_results(capsys, tmp_path / "collected.json", attestations_file) == audit_results(
        capsys, original, attestations_file
    )
