"""Quality floors on hold-out set a (written independently of the detector), scored with score.py.

Set b stays blind: only set a is used here. Floors sit just under the reached scores so that a
regression in generalisation (ASR numbers, OCR faxes, unknown custom-field keys ...) fails.
"""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks.phi_score import score_corpus


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    return score_corpus("a")[0]


def test_any_identifier_recall_and_precision(result: dict[str, Any]) -> None:
    assert result["any_identifier"]["recall"] >= 0.99
    assert result["any_identifier"]["precision"] >= 0.99
    assert result["invalid_predictions"] == 0


def test_structured_fields_are_all_found(result: dict[str, Any]) -> None:
    assert result["structured_fields"]["recall"] == 1.0


def test_text_fields(result: dict[str, Any]) -> None:
    assert result["text_fields"]["recall"] >= 0.995


@pytest.mark.parametrize("category", ["PHONE", "EMAIL", "SSN", "IP"])
def test_critical_category_recall(result: dict[str, Any], category: str) -> None:
    assert result["per_category"][category]["recall"] >= 0.99


@pytest.mark.parametrize("category", ["DATE", "AGE", "GEO"])
def test_date_age_geo_recall(result: dict[str, Any], category: str) -> None:
    assert result["per_category"][category]["recall"] >= 0.98


def test_names_in_text(result: dict[str, Any]) -> None:
    assert result["per_category"]["NAME"]["recall"] >= 0.99
    assert result["per_category"]["NAME"]["precision"] >= 0.98


def test_health_fields(result: dict[str, Any]) -> None:
    assert result["health_fields"]["recall"] >= 0.98
    assert result["health_fields"]["precision"] >= 0.98


def test_no_detection_on_negative_fields(result: dict[str, Any]) -> None:
    assert result["negative_field_fp"]["total"] == 0
