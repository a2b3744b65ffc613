"""`python -m benchmarks.phi_holdout [a|b]`: score the PHI detector on a held-out corpus.

The hold-out sets (tests/data/phi/holdout/) are written by a generator that is independent of the
dev corpus: other phrasings, formats and field names. Set `a` may be looked at; set `b` is kept
for a final, blind measurement. Only the detector's public API is used.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from ctm_hipaa.phi import inspect_payload

PHI = Path(__file__).resolve().parent.parent / "tests" / "data" / "phi"
HOLDOUT = PHI / "holdout"


def load_scorer() -> ModuleType:
    """Import the corpus scorer (tests/data/phi/score.py) as a module."""
    spec = importlib.util.spec_from_file_location("phi_corpus_score", PHI / "score.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def predict(payloads_file: Path) -> list[dict[str, Any]]:
    """Detector predictions for every payload line, in score.py's prediction format."""
    preds: list[dict[str, Any]] = []
    with payloads_file.open(encoding="utf-8") as f:
        for i, line in enumerate(ln for ln in f if ln.strip()):
            for d in inspect_payload(json.loads(line)):
                category = getattr(d.category, "value", d.category)
                preds.append(
                    {"record": i, "path": d.path, "start": d.start, "end": d.end, "category": category}
                )
    return preds


def main(argv: list[str] | None = None) -> None:
    """Run the detector over holdout_<set>.payloads.jsonl and print score.py's report table."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("set", nargs="?", default="a", choices=("a", "b"))
    ap.add_argument("--out", type=Path, default=None, help="also write the predictions (JSONL) here")
    ap.add_argument("--show-errors", type=int, default=0, metavar="N", help="list N misses and N FPs")
    args = ap.parse_args(argv)
    gold_file = HOLDOUT / f"holdout_{args.set}.jsonl"
    payloads_file = HOLDOUT / f"holdout_{args.set}.payloads.jsonl"
    scorer = load_scorer()
    gold = scorer.load_jsonl(str(gold_file))
    preds = predict(payloads_file)
    if len(gold) != sum(1 for ln in payloads_file.read_text(encoding="utf-8").splitlines() if ln.strip()):
        sys.exit(f"{payloads_file} and {gold_file} differ in length: regenerate the payloads file")
    if args.out is not None:
        with args.out.open("w", encoding="utf-8") as f:
            for p in preds:
                f.write(json.dumps(p) + "\n")
    print(f"PHI hold-out set {args.set}: {gold_file.relative_to(PHI.parent.parent.parent)}")
    res = scorer.score(gold, preds, None, None, args.show_errors)
    scorer.print_report(res, gold, args.show_errors)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
