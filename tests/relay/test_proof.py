"""The relay's proof: no labeled identifier of any corpus reaches a preset's forwarded body.

Every labeled identifier value of the dev set and of holdouts a, b, c and d (set e stays blind) goes
through each preset under its default text policy (`drop`). The serialized body is searched for
each value, case-insensitively and as a whole token (a name inside a longer word is not it), when
the value has at least `MIN_CHARS` characters; and for each value with at least `MIN_DIGITS` digits
(phones, SSNs, ids, dates), for its digits, in the body with the separators people put between
digits removed, so that `(304) 992-5299` is found as `+13049925299` too. Failures name the record,
the label's path and category, never the value.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from ctm_hipaa.relay import forward, keep_fields, preset_names, preset_policy

DATA = Path(__file__).resolve().parents[1] / "data" / "phi"
CORPORA = {
    "dev": DATA / "dev.jsonl",
    "a": DATA / "holdout" / "holdout_a.jsonl",
    "b": DATA / "holdout" / "holdout_b.jsonl",
    "c": DATA / "holdout_c" / "holdout_c.jsonl",
    "d": DATA / "set_d" / "set_d.jsonl",
}
KEY = b"proof key: any destination's HMAC key"
# Shorter values ("Ana", "94", "3/14") occur in any text by chance; a value of 4 characters or more
# is searched as a whole token, and the digits of a value with 7 or more (a phone without its area
# code has 7) are searched among the body's digits.
MIN_CHARS = 4
MIN_DIGITS = 7
_PATH = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_SEPARATORS = re.compile(r"[\s().+/-]")
_DIGITS = re.compile(r"[^0-9]")


@cache
def records(corpus: str) -> list[dict[str, Any]]:
    lines = CORPORA[corpus].read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def leaf(payload: Any, path: str) -> str:
    node = payload
    for key, index in _PATH.findall(path):
        node = node[key] if key else node[int(index)]
    return node if isinstance(node, str) else json.dumps(node)


def labeled_values(record: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(value, path, category) of each labeled identifier of one record."""
    out = []
    for label in record["labels"]:
        value = leaf(record["payload"], label["path"])[label["start"] : label["end"]]
        out.append((value, label["path"], label["category"]))
    return out


def leaks(body: dict[str, Any], values: list[tuple[str, str, str]]) -> tuple[int, list[tuple[str, str]]]:
    """How many values were searched, and the (path, category) of those found in `body`."""
    text = json.dumps(body, ensure_ascii=False).casefold()
    digits_text = _SEPARATORS.sub("", text)
    checked, found = 0, []
    for value, path, category in values:
        digits = _DIGITS.sub("", value)
        searched = False
        if len(value.strip()) >= MIN_CHARS:
            searched = True
            token = re.escape(value.strip().casefold())
            if re.search(rf"(?<![^\W_]){token}(?![^\W_])", text):
                found.append((path, category))
                continue
        if len(digits) >= MIN_DIGITS:
            searched = True
            tail = digits[1:] if len(digits) == 11 and digits.startswith("1") else digits
            if re.search(rf"(?<![0-9])1?{tail}(?![0-9])", digits_text):
                found.append((path, category))
        checked += searched
    return checked, found


@pytest.mark.parametrize("preset", preset_names())
@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_no_labeled_identifier_reaches_a_preset_body(corpus: str, preset: str) -> None:
    policy = preset_policy(preset)
    checked, leaked = 0, []
    for record in records(corpus):
        body, _ = forward(record["payload"], policy, KEY, policy_name=preset)
        n, found = leaks(body, labeled_values(record))
        checked += n
        leaked += [(record["id"], path, category) for path, category in found]
    assert checked >= len(records(corpus)), "the proof searched almost nothing: is the corpus read?"
    assert leaked == []


def test_the_search_finds_a_value_however_its_digits_are_written() -> None:
    # The proof itself must be able to fail: a body holding a labeled phone in another format is a leak.
    values = [("(304) 992-5299", "notes", "PHONE"), ("Frederick Ryan", "name", "NAME")]
    assert leaks({"x": "call +1 304.992.5299"}, values)[1] == [("notes", "PHONE")]
    assert leaks({"x": "FREDERICK RYAN called"}, values)[1] == [("name", "NAME")]
    assert leaks({"x": "Fredericksburg office", "y": 13049925298}, values)[1] == []


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_no_label_of_any_corpus_sits_on_a_field_that_may_be_kept(corpus: str) -> None:
    # keep_fields.txt says its fields carry no identifier by construction; the gold labels agree.
    def kept(path: str) -> bool:
        return ".".join(key for key, _ in _PATH.findall(path) if key) in keep_fields()

    labels = [(r["id"], label["path"]) for r in records(corpus) for label in r["labels"]]
    assert [(record_id, path) for record_id, path in labels if kept(path)] == []


def test_keep_fields_are_fields_the_detector_treats_as_never_phi() -> None:
    # keep_fields.txt narrows the detector's own list of never-PHI fields (phi/data/never_phi_fields.txt)
    # to scalars a tool may receive, plus what the detector takes as the practice's, not the caller's:
    # its tracking and business numbers (the payload's context), a tracking label (read for health
    # terms only), and the ad click ids (the corpora's ignore spans).
    lines = DATA.parents[2] / "layers" / "ctm_hipaa" / "phi" / "data" / "never_phi_fields.txt"
    never_phi = {
        s for line in lines.read_text().splitlines() if (s := line.strip()) and not s.startswith("#")
    }
    click_ids = {"gclid", "fbclid", "msclkid"}

    def the_practices(entry: str) -> bool:
        top, _, rest = entry.partition(".")
        return (
            top in never_phi
            or top.startswith(("tracking_number", "business_number"))
            or top == "tracking_label"
            or (top in {"ga", *click_ids} and (rest or top) in click_ids)
        )

    assert [entry for entry in sorted(keep_fields()) if not the_practices(entry)] == []
