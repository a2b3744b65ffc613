"""`ctm-hipaa attest` records attestations in the findings table; the store reads them back."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from boto3.dynamodb.conditions import Key

from ctm_hipaa.attestations import AttestationError
from ctm_hipaa.attestations.store import AttestationStore
from ctm_hipaa_tools.cli import main
from ctm_hipaa_tools.template import Template

NOW = datetime(2026, 11, 29, 12, tzinfo=UTC)
FILE = """
agency:
  idle_logout_minutes: 15
  recordings_login_required: true
  attested_by: Maya Lindqvist
  attested_on: 2026-11-16
accounts:
  "1001": {plan: Advanced, baa_signed_on: 2023-02-20, attested_by: Maya Lindqvist, attested_on: 2026-11-16}
  "1002": {plan: Growth, attested_by: Celeste Whitford, attested_on: 2026-06-01}
"""


def attest(tmp_path: Path, text: str, table: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    path = tmp_path / "attestations.yaml"
    path.write_text(text)
    code = main(
        [
            "attest",
            str(path),
            "--by",
            "Maya Lindqvist",
            "--note",
            "screenshots, ticket 4411",
            "--table",
            table,
        ]
    )
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_attest_records_blocks_in_force_with_history(
    tmp_path: Path, stack: Template, findings_table: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    code, output = attest(tmp_path, FILE, stack.physical["FindingsTable"].ref, capsys)

    assert code == 0, output
    assert "recorded 3 attestation block(s)" in output
    store = AttestationStore(findings_table, clock=lambda: NOW)
    loaded = store.load()
    assert loaded.agency.idle_logout_minutes == 15
    assert sorted(loaded.accounts) == ["1001", "1002"]
    history = findings_table.query(
        KeyConditionExpression=Key("pk").eq("ACCOUNT#1001") & Key("sk").begins_with("ATTESTATION#")
    )["Items"]
    assert len(history) == 1
    assert history[0]["recorded_by"] == "Maya Lindqvist" and history[0]["note"] == "screenshots, ticket 4411"
    # Evidence ages: 1001's account block is recent, 1002's is older than 90 days.
    assert store.effective("1001").plan.valid
    assert not store.effective("1002").plan.valid
    assert store.recordings_login_required("1001")


def test_a_broken_file_is_refused_with_the_field_and_nothing_is_written(
    tmp_path: Path, stack: Template, findings_table: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    code, output = attest(
        tmp_path,
        FILE.replace("idle_logout_minutes: 15", "idle_logout_minutes: soon"),
        stack.physical["FindingsTable"].ref,
        capsys,
    )

    assert code == 2
    assert "agency.idle_logout_minutes" in output
    assert findings_table.scan()["Items"] == []


def test_a_corrupt_stored_block_names_its_account(findings_table: Any) -> None:
    findings_table.put_item(
        Item={
            "pk": "ACCOUNT#1003",
            "sk": "ATTESTATION",
            "gsi1pk": "ATTESTATIONS",
            "gsi1sk": "ACCOUNT#1003",
            "block": json.dumps({"plan": "x", "mfa": "yes"}),
        }
    )

    with pytest.raises(AttestationError, match=r"accounts\.1003\.mfa"):
        AttestationStore(findings_table).load()


def test_without_attestations_recordings_login_is_not_assumed(findings_table: Any) -> None:
    assert not AttestationStore(findings_table, clock=lambda: NOW).recordings_login_required("1001")
