"""`ctm-hipaa checks`: the catalog as a table or JSON, straight from the registry."""

from __future__ import annotations

import json

import pytest

from ctm_hipaa.checks import all_checks
from ctm_hipaa_tools.cli import main


def checks(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["checks", *args]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def test_json_lists_every_check_with_its_metadata_and_citations(capsys: pytest.CaptureFixture[str]) -> None:
    entries = json.loads(checks(capsys, "--format", "json"))
    assert [e["check_id"] for e in entries] == [c.check_id for c in all_checks()]
    for entry, check in zip(entries, all_checks(), strict=True):
        assert entry == {
            "check_id": check.check_id,
            "title": check.metadata.title,
            "severity": check.metadata.severity.value,
            "checklist_item": check.metadata.checklist_item,
            "hipaa": list(check.hipaa),
            "evidence": [kind.value for kind in check.metadata.evidence],
        }
    baa = next(e for e in entries if e["check_id"] == "baa_in_place")
    assert baa["severity"] == "critical" and baa["checklist_item"] == "7" and baa["hipaa"]


def test_table_has_one_row_per_check_in_catalog_order(capsys: pytest.CaptureFixture[str]) -> None:
    header, rule, *rows = checks(capsys).splitlines()
    assert header.split() == ["check", "severity", "item", "evidence", "hipaa", "title"]
    assert rule.split() == ["-" * len(h) for h in header.split()]
    assert [row.split()[0] for row in rows] == [c.check_id for c in all_checks()]
    for row, check in zip(rows, all_checks(), strict=True):
        assert row.rstrip().endswith(check.metadata.title)
        assert check.metadata.severity.value in row and " ".join(check.hipaa) in row
