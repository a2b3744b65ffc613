"""Quality floors on the labeled dev corpus, scored with the corpus's own score.py."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from ctm_hipaa.phi import inspect_payload

DATA = Path(__file__).resolve().parents[1] / "data" / "phi"


def load_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("phi_corpus_score", DATA / "score.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def predict(payloads: Path) -> list[dict[str, Any]]:
    preds = []
    for i, line in enumerate(payloads.read_text(encoding="utf-8").splitlines()):
        for d in inspect_payload(json.loads(line)):
            preds.append(
                {"record": i, "path": d.path, "start": d.start, "end": d.end, "category": str(d.category)}
            )
    return preds


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    scorer = load_scorer()
    gold = scorer.load_jsonl(str(DATA / "dev.jsonl"))
    res: dict[str, Any] = scorer.score(gold, predict(DATA / "dev.payloads.jsonl"))
    return res


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
