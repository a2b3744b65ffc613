"""Probe lines whose identifiers are marked inline, read for tests/phi/test_*_probes.py.

`[[...]]` marks a private person's identifier (scored), `{{...}}` the business's own or its staff's
(not scored); a literal `\\n` separates transcript turns. Each line is one payload:
`transcription_text` when it has turns, else `notes`.
"""

from __future__ import annotations

import re
from pathlib import Path

from ctm_hipaa.phi import Category, inspect_payload

_MARK = re.compile(r"\[\[(.+?)\]\]|\{\{(.+?)\}\}")
Span = tuple[int, int]


def _probe(line: str) -> tuple[str, list[Span], list[Span]]:
    """The probe's text, its private marks' spans and the business's marks' spans."""
    line = line.replace("\\n", "\n")
    text, marked, business, pos = "", [], [], 0
    for m in _MARK.finditer(line):
        text += line[pos : m.start()]
        value = m.group(1) or m.group(2)
        (marked if m.group(1) else business).append((len(text), len(text) + len(value)))
        text += value
        pos = m.end()
    return text + line[pos:], marked, business


def read(path: Path, category: Category) -> list[tuple[list[Span], list[Span], list[Span]]]:
    """Per probe of `path`: its private marks, the business's marks, the `category` detections."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            text, marked, business = _probe(line)
            field = "transcription_text" if "\n" in text else "notes"
            found = [(d.start, d.end) for d in inspect_payload({field: text}) if d.category is category]
            out.append((marked, business, found))
    return out


def overlaps(span: Span, spans: list[Span]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in spans)


def found_share(path: Path, category: Category) -> tuple[int, int]:
    """(marks a detection overlaps, marks) in the probes of `path`."""
    marked = [(span, found) for spans, _, found in read(path, category) for span in spans]
    return sum(overlaps(span, found) for span, found in marked), len(marked)


def unmarked(path: Path, category: Category) -> list[Span]:
    """The `category` detections of `path`'s probes that overlap no mark of either kind."""
    return [
        s
        for marked, business, found in read(path, category)
        for s in found
        if not overlaps(s, marked + business)
    ]
