"""Floors on the name probes of tests/data/phi/name_probes (written by an author who never read the
detector): the share of marked names found, and the names found where the negatives have none."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from ctm_hipaa.phi import Category, inspect_payload

DATA = Path(__file__).resolve().parent.parent / "data" / "phi" / "name_probes"
_MARK = re.compile(r"\[\[(.+?)\]\]|\{\{(.+?)\}\}")
Span = tuple[int, int]


def _probe(line: str) -> tuple[str, list[Span], list[Span]]:
    """The probe's text, its private names' spans and its staff and business names' spans."""
    line = line.replace("\\n", "\n")
    text, names, others, pos = "", [], [], 0
    for m in _MARK.finditer(line):
        text += line[pos : m.start()]
        value = m.group(1) or m.group(2)
        (names if m.group(1) else others).append((len(text), len(text) + len(value)))
        text += value
        pos = m.end()
    return text + line[pos:], names, others


@cache
def _read(name: str) -> list[tuple[list[Span], list[Span], list[Span]]]:
    """Per probe: the marked names, the staff and business names, the NAME detections."""
    out = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            text, names, others = _probe(line)
            field = "transcription_text" if "\n" in text else "notes"
            found = [(d.start, d.end) for d in inspect_payload({field: text}) if d.category is Category.NAME]
            out.append((names, others, found))
    return out


def _overlaps(span: Span, spans: list[Span]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in spans)


def test_most_marked_names_are_found() -> None:
    probes = _read("positives.txt")
    marked = [(span, found) for names, _, found in probes for span in names]
    hit = sum(_overlaps(span, found) for span, found in marked)
    assert hit / len(marked) >= 0.92, f"{hit} of {len(marked)}"


def test_the_negatives_hold_almost_no_names() -> None:
    false = [s for names, others, found in _read("negatives.txt") for s in found if not _overlaps(s, others)]
    assert len(false) <= 3, false
