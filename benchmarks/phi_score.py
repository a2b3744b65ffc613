"""`python -m benchmarks.phi_score`: run the PHI detector over the dev corpus and print the report.

Writes the predictions to a temporary JSONL file (or to `--out`) and prints score.py's table.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

from ctm_hipaa.phi import inspect_payload

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "phi"


def load_scorer() -> ModuleType:
    """Import the corpus scorer (tests/data/phi/score.py) as a module."""
    spec = importlib.util.spec_from_file_location("phi_corpus_score", DATA / "score.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def predict(payloads_file: Path) -> list[dict[str, Any]]:
    """Detector predictions for every payload line, in score.py's prediction format."""
    preds: list[dict[str, Any]] = []
    with payloads_file.open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            if not line.strip():
                continue
            for d in inspect_payload(json.loads(line)):
                preds.append(
                    {"record": i, "path": d.path, "start": d.start, "end": d.end, "category": str(d.category)}
                )
    return preds


def main(argv: list[str] | None = None) -> None:
    """Score the detector on the dev corpus and print the table (optionally the errors)."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--show-errors", type=int, default=0)
    ap.add_argument("--out", type=Path, default=None, help="also keep the predictions here")
    args = ap.parse_args(argv)
    scorer = load_scorer()
    gold = scorer.load_jsonl(str(DATA / "dev.jsonl"))
    preds = predict(DATA / "dev.payloads.jsonl")
    if args.out is not None:
        with args.out.open("w", encoding="utf-8") as f:
            for p in preds:
                f.write(json.dumps(p) + "\n")
    with tempfile.TemporaryDirectory():
        res = scorer.score(gold, preds, None, None, args.show_errors)
    scorer.print_report(res, gold, args.show_errors)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
