"""Quality floors of the PHI detector on the labeled corpora, scored with the corpora's own score.py.

`dev` is the development corpus; `a` and `c` are hold-out sets from two independent generators
(set `b` stays blind and is not tested). Floors sit just under the reached scores, so a regression
in generalisation (ASR numbers, OCR faxes, form labels, chat speakers, unknown keys...) fails.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from benchmarks.phi_score import score_corpus

DATA = Path(__file__).resolve().parents[1] / "data" / "phi"

# (metric path in score.py's result, floor) per corpus; "==" floors are exact.
FLOORS: dict[str, list[tuple[str, float]]] = {
    "dev": [
        ("any_identifier.recall", 0.995),
        ("any_identifier.precision", 0.994),
        ("structured_fields.recall", 1.0),
        ("structured_fields.recall_typed", 0.999),
        *((f"per_category.{c}.recall", 0.995) for c in ("PHONE", "EMAIL", "SSN", "IP")),
        ("per_category.NAME.recall", 0.994),
        ("per_category.NAME.precision", 0.995),
        ("health_fields.recall", 0.995),
        ("health_fields.precision", 0.995),
    ],
    "a": [
        ("any_identifier.recall", 0.994),
        ("any_identifier.precision", 0.995),
        ("structured_fields.recall", 1.0),
        ("text_fields.recall", 0.995),
        *((f"per_category.{c}.recall", 0.99) for c in ("PHONE", "EMAIL", "SSN", "IP")),
        *((f"per_category.{c}.recall", 0.98) for c in ("DATE", "AGE", "GEO")),
        ("per_category.NAME.recall", 0.993),
        ("per_category.NAME.precision", 0.995),
        ("health_fields.recall", 0.995),
        ("health_fields.precision", 0.995),
    ],
    "c": [
        ("any_identifier.recall", 0.994),
        ("any_identifier.precision", 0.995),
        ("structured_fields.recall", 1.0),
        ("text_fields.recall", 0.993),
        *((f"per_category.{c}.recall", 0.995) for c in ("PHONE", "EMAIL", "IP", "SSN")),
        *((f"per_category.{c}.recall", 0.98) for c in ("DATE", "DEVICE", "LICENSE")),
        ("per_category.NAME.recall", 0.995),
        ("per_category.NAME.precision", 0.993),
        ("health_fields.recall", 0.995),
        ("health_fields.precision", 0.992),
    ],
    # The hand-written sets of issue 11 (transcripts, Spanish calls, front-desk notes, other
    # engines' formats, other languages). d, g, h, j, k, n, o, p, q, s, t and v are studied; e, f,
    # i, l, m, r and u are blind: their floors guard summary figures only. Every floor here raised
    # in session 23 to 0.005 under what its set then scored (never lowered).
    "d": [
        ("any_identifier.recall", 0.991),
        ("any_identifier.precision", 0.985),
        ("text_fields.recall", 0.988),
        ("per_category.NAME.recall", 0.991),
        ("per_category.NAME.precision", 0.98),
        ("per_category.GEO.recall", 0.995),
        ("health_fields.recall", 0.988),
        ("health_fields.precision", 0.995),
    ],
    "e": [
        ("any_identifier.recall", 0.96),
        ("any_identifier.precision", 0.986),
        ("text_fields.recall", 0.92),
        ("health_fields.recall", 0.915),
        ("health_fields.precision", 0.978),
    ],
    "f": [
        ("any_identifier.recall", 0.968),
        ("any_identifier.precision", 0.949),
        ("text_fields.recall", 0.945),
        ("health_fields.recall", 0.884),
        ("health_fields.precision", 0.968),
    ],
    "g": [
        ("any_identifier.recall", 0.978),
        ("any_identifier.precision", 0.991),
        ("text_fields.recall", 0.964),
        ("per_category.NAME.recall", 0.966),
        ("health_fields.recall", 0.995),
        ("health_fields.precision", 0.97),
    ],
    "h": [
        ("any_identifier.recall", 0.964),
        ("any_identifier.precision", 0.976),
        ("text_fields.recall", 0.947),
        ("health_fields.recall", 0.995),
        ("health_fields.precision", 0.99),
    ],
    "i": [
        ("any_identifier.recall", 0.986),
        ("any_identifier.precision", 0.98),
        ("text_fields.recall", 0.971),
        ("health_fields.recall", 0.924),
        ("health_fields.precision", 0.945),
    ],
    # first seen (before anything was tuned to it): any-id R 0.935 P 0.975, text 0.886, health 0.839/0.831
    "j": [
        ("any_identifier.recall", 0.971),
        ("any_identifier.precision", 0.989),
        ("text_fields.recall", 0.952),
        ("health_fields.recall", 0.99),
        ("health_fields.precision", 0.971),
    ],
    # first seen: any-id R 0.967 P 0.976, text 0.932, health 0.955/0.974
    "k": [
        ("any_identifier.recall", 0.977),
        ("any_identifier.precision", 0.986),
        ("text_fields.recall", 0.96),
        ("health_fields.recall", 0.988),
        ("health_fields.precision", 0.969),
    ],
    # blind; first seen: any-id R 0.974 P 0.975, text 0.937, health 0.906/0.815
    "l": [
        ("any_identifier.recall", 0.978),
        ("any_identifier.precision", 0.971),
        ("text_fields.recall", 0.955),
        ("health_fields.recall", 0.96),
        ("health_fields.precision", 0.825),
    ],
    # blind; first seen (session 19, before the health and other-language merges): any-id R 0.967
    # P 0.969, text 0.933, health 0.798/0.933
    "m": [
        ("any_identifier.recall", 0.967),
        ("any_identifier.precision", 0.963),
        ("text_fields.recall", 0.941),
        ("health_fields.recall", 0.879),
        ("health_fields.precision", 0.933),
    ],
    # first seen (session 22, before its lexicon words; after its place and name rules, which
    # moved it from any-id R 0.974, text 0.943): any-id R 0.976 P 0.975, text 0.948, health
    # 0.906/0.887
    "n": [
        ("any_identifier.recall", 0.977),
        ("any_identifier.precision", 0.975),
        ("text_fields.recall", 0.957),
        ("health_fields.recall", 0.952),
        ("health_fields.precision", 0.926),
    ],
    # first seen (session 22, as n): any-id R 0.981 P 0.982, text 0.951, health 0.720/0.937; its
    # author counts no greeting's business name as health (see benchmarks/phi_score.py)
    "o": [
        ("any_identifier.recall", 0.981),
        ("any_identifier.precision", 0.98),
        ("text_fields.recall", 0.96),
        ("health_fields.recall", 0.995),
        ("health_fields.precision", 0.813),
    ],
    # first seen (session 22, after that session's rules to set q; at db6bd8e any-id R 0.961 P
    # 0.969, text 0.922): any-id R 0.967 P 0.969, text 0.934, health 0.954/0.932
    "p": [
        ("any_identifier.recall", 0.98),
        ("any_identifier.precision", 0.965),
        ("text_fields.recall", 0.965),
        ("health_fields.recall", 0.987),
        ("health_fields.precision", 0.951),
    ],
    # first seen (session 22, after that session's rules to set o; at db6bd8e any-id R 0.967 P
    # 0.975, text 0.933, health 0.953/0.891): any-id R 0.969 P 0.975, text 0.938, health 0.954/0.902
    "q": [
        ("any_identifier.recall", 0.976),
        ("any_identifier.precision", 0.972),
        ("text_fields.recall", 0.957),
        ("health_fields.recall", 0.951),
        ("health_fields.precision", 0.962),
    ],
    # blind; first seen (session 23, after its first nine commits; at b3f6a34 health 0.831/0.812):
    # any-id R 0.984 P 0.981, text 0.964, health 0.843/0.824
    "r": [
        ("any_identifier.recall", 0.98),
        ("any_identifier.precision", 0.978),
        ("text_fields.recall", 0.962),
        ("health_fields.recall", 0.824),
        ("health_fields.precision", 0.838),
    ],
    # first seen (session 23, the detector as it stood at the session's start, b3f6a34, and after
    # its first eight commits alike): any-id R 0.969 P 0.982, text 0.944, health 0.935/0.973
    "s": [
        ("any_identifier.recall", 0.978),
        ("any_identifier.precision", 0.981),
        ("text_fields.recall", 0.964),
        ("health_fields.recall", 0.968),
        ("health_fields.precision", 0.93),
    ],
    # blind; first seen (session 23, after its first seventeen commits, and at b3f6a34 alike):
    # any-id R 0.955 P 0.962, text 0.928, health 0.882/0.875
    "u": [
        ("any_identifier.recall", 0.959),
        ("any_identifier.precision", 0.971),
        ("text_fields.recall", 0.938),
        ("health_fields.recall", 0.87),
        ("health_fields.precision", 0.877),
    ],
    # first seen (session 23, after its first twenty-three commits; at b3f6a34 any-id R 0.897, text
    # 0.825): any-id R 0.899 P 0.976, text 0.829, health 0.926/0.926
    "v": [
        ("any_identifier.recall", 0.948),
        ("any_identifier.precision", 0.981),
        ("text_fields.recall", 0.917),
        ("health_fields.recall", 0.963),
        ("health_fields.precision", 0.933),
    ],
    # first seen (session 23, after its first fifteen commits; at b3f6a34 health 0.915/0.771):
    # any-id R 0.982 P 0.968, text 0.959, health 0.908/0.771
    "t": [
        ("any_identifier.recall", 0.977),
        ("any_identifier.precision", 0.972),
        ("text_fields.recall", 0.954),
        ("health_fields.recall", 0.895),
        ("health_fields.precision", 0.921),
    ],
}


@cache
def result(corpus: str) -> dict[str, Any]:
    scored: dict[str, Any] = score_corpus(corpus)[0]
    return scored


def metric(corpus: str, path: str) -> float:
    value: Any = result(corpus)
    for key in path.split("."):
        value = value[key]
    return float(value)


@pytest.mark.parametrize(
    ("corpus", "path", "floor"),
    [(corpus, path, floor) for corpus, rows in FLOORS.items() for path, floor in rows],
)
def test_quality_floor(corpus: str, path: str, floor: float) -> None:
    assert metric(corpus, path) >= floor


@pytest.mark.parametrize("corpus", sorted(FLOORS))
def test_predictions_are_valid_and_never_touch_business_or_agent_fields(corpus: str) -> None:
    assert result(corpus)["invalid_predictions"] == 0
    assert result(corpus)["negative_field_fp"]["total"] == 0


def test_dev_payload_file_matches_gold() -> None:
    # The copied corpus must stay aligned: same records, same order.
    gold = [json.loads(x)["payload"] for x in (DATA / "dev.jsonl").read_text().splitlines() if x.strip()]
    payloads = [json.loads(x) for x in (DATA / "dev.payloads.jsonl").read_text().splitlines() if x.strip()]
    assert gold == payloads
