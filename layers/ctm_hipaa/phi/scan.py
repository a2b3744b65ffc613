"""`ctm-hipaa scan [--jsonl] [--fail-on-phi] [FILE|-]`: a JSON line per PHI detection (offsets, no values)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from ctm_hipaa.phi.detector import inspect_payload


class _BadInput(Exception):
    """Input that is not a JSON object; the message never quotes the input (it may be PHI)."""


def _records(text: str, jsonl: bool) -> Iterator[dict[str, object]]:
    if not jsonl:
        chunks = [(1, text)]
    else:
        chunks = [(i, line) for i, line in enumerate(text.splitlines(), 1) if line.strip()]
    for lineno, chunk in chunks:
        where = f"line {lineno}" if jsonl else "input"
        try:
            obj = json.loads(chunk)
        except json.JSONDecodeError as exc:
            raise _BadInput(f"{where}: not valid JSON (at character {exc.pos})") from None
        if not isinstance(obj, dict):
            raise _BadInput(f"{where}: expected a JSON object, got {type(obj).__name__}")
        yield obj


def run(source: str, *, jsonl: bool, out: TextIO, fail_on_phi: bool = False) -> int:
    """Scan one CTM payload (or one per line with `jsonl`) from a path or "-" (stdin).

    Prints `{"record", "path", "start", "end", "category"}` per detection to `out`. Returns 0 on
    success, 1 with `fail_on_phi` when anything was detected (after printing every detection), 2 on
    unreadable or malformed input (a one-line message on stderr without the input).
    """
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"ctm-hipaa scan: cannot read {source!r}: {type(exc).__name__}", file=sys.stderr)
        return 2
    try:
        # Validate everything before printing, so bad input yields no partial output.
        records = list(_records(text, jsonl))
    except _BadInput as exc:
        print(f"ctm-hipaa scan: {exc}", file=sys.stderr)
        return 2
    detected = 0
    for i, payload in enumerate(records):
        for d in inspect_payload(payload):
            row = {"record": i, "path": d.path, "start": d.start, "end": d.end, "category": str(d.category)}
            out.write(json.dumps(row) + "\n")
            detected += 1
    return 1 if fail_on_phi and detected else 0
