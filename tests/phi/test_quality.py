"""Quality floors on the labeled dev corpus, scored with the corpus's own score.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from benchmarks.phi_score import score_corpus

DATA = Path(__file__).resolve().parents[1] / "data" / "phi"


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    return score_corpus("dev")[0]


def test_any_identifier_recall_and_precision(result: dict[str, Any]) -> None:
    assert result["any_identifier"]["recall"] >= 0.995
    assert result["any_identifier"]["precision"] >= 0.99
    assert result["invalid_predictions"] == 0


def test_structured_fields_are_all_found(result: dict[str, Any]) -> None:
    assert result["structured_fields"]["recall"] == 1.0
    assert result["structured_fields"]["recall_typed"] >= 0.999


@pytest.mark.parametrize("category", ["PHONE", "EMAIL", "SSN", "IP"])
def test_critical_category_recall(result: dict[str, Any], category: str) -> None:
    assert result["per_category"][category]["recall"] >= 0.995


def test_names_in_text(result: dict[str, Any]) -> None:
    assert result["per_category"]["NAME"]["recall"] >= 0.98
    assert result["per_category"]["NAME"]["precision"] >= 0.98


def test_health_fields(result: dict[str, Any]) -> None:
    assert result["health_fields"]["recall"] >= 0.98
    assert result["health_fields"]["precision"] >= 0.98


def test_no_detection_on_negative_fields(result: dict[str, Any]) -> None:
    assert result["negative_field_fp"]["total"] == 0


def test_payload_file_matches_gold() -> None:
    # the copied corpus must stay aligned: same records, same order
    gold = [json.loads(x)["payload"] for x in (DATA / "dev.jsonl").read_text().splitlines() if x.strip()]
    payloads = [json.loads(x) for x in (DATA / "dev.payloads.jsonl").read_text().splitlines() if x.strip()]
    assert gold == payloads
