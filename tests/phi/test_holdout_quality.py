"""Quality floors on hold-out set a (written independently of the detector), scored with score.py.

Set b stays blind: only set a is used here. Floors sit just under the reached scores so that a
regression in generalisation (ASR numbers, OCR faxes, unknown custom-field keys ...) fails.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from ctm_hipaa.phi import inspect_payload

DATA = Path(__file__).resolve().parents[1] / "data" / "phi"
HOLDOUT = DATA / "holdout"


def load_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("phi_corpus_score", DATA / "score.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def predict(payloads: Path) -> list[dict[str, Any]]:
    preds = []
    lines = [ln for ln in payloads.read_text(encoding="utf-8").splitlines() if ln.strip()]
    for i, line in enumerate(lines):
        for d in inspect_payload(json.loads(line)):
            preds.append(
                {"record": i, "path": d.path, "start": d.start, "end": d.end, "category": str(d.category)}
            )
    return preds


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    scorer = load_scorer()
    gold = scorer.load_jsonl(str(HOLDOUT / "holdout_a.jsonl"))
    res: dict[str, Any] = scorer.score(gold, predict(HOLDOUT / "holdout_a.payloads.jsonl"))
    return res


def test_any_identifier_recall_and_precision(result: dict[str, Any]) -> None:
    assert result["any_identifier"]["recall"] >= 0.985
    assert result["any_identifier"]["precision"] >= 0.99
    assert result["invalid_predictions"] == 0


def test_structured_fields_are_all_found(result: dict[str, Any]) -> None:
    assert result["structured_fields"]["recall"] == 1.0


def test_text_fields(result: dict[str, Any]) -> None:
    assert result["text_fields"]["recall"] >= 0.98


@pytest.mark.parametrize("category", ["PHONE", "EMAIL", "SSN", "IP"])
def test_critical_category_recall(result: dict[str, Any], category: str) -> None:
    assert result["per_category"][category]["recall"] >= 0.99


@pytest.mark.parametrize("category", ["DATE", "AGE", "GEO"])
def test_date_age_geo_recall(result: dict[str, Any], category: str) -> None:
    assert result["per_category"][category]["recall"] >= 0.98


def test_names_in_text(result: dict[str, Any]) -> None:
    assert result["per_category"]["NAME"]["recall"] >= 0.96
    assert result["per_category"]["NAME"]["precision"] >= 0.98


def test_health_fields(result: dict[str, Any]) -> None:
    assert result["health_fields"]["recall"] >= 0.98
    assert result["health_fields"]["precision"] >= 0.98


def test_no_detection_on_negative_fields(result: dict[str, Any]) -> None:
    assert result["negative_field_fp"]["total"] == 0
