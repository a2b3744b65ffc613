"""`python -m benchmarks.phi_score [dev|a|b]`: score the PHI detector on a labeled corpus.

`dev` is the development corpus (tests/data/phi/dev.jsonl); `a` and `b` are the hold-out sets
(tests/data/phi/holdout/), written independently of it: `a` may be studied, `b` is kept blind
(look at its summary, never at its errors). Prints score.py's report table. The tests use
`score_corpus` for their quality floors, so the figures here and there are the same.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from ctm_hipaa.phi import KEY_PLACEHOLDER, inspect_payload

PHI_DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "phi"
CORPORA = {
    "dev": (PHI_DATA / "dev.jsonl", PHI_DATA / "dev.payloads.jsonl"),
    "a": (PHI_DATA / "holdout" / "holdout_a.jsonl", PHI_DATA / "holdout" / "holdout_a.payloads.jsonl"),
    "b": (PHI_DATA / "holdout" / "holdout_b.jsonl", PHI_DATA / "holdout" / "holdout_b.payloads.jsonl"),
    "c": (PHI_DATA / "holdout_c" / "holdout_c.jsonl", PHI_DATA / "holdout_c" / "holdout_c.payloads.jsonl"),
}


def load_scorer() -> ModuleType:
    """Import the corpus scorer (tests/data/phi/score.py, kept verbatim) as a module."""
    spec = importlib.util.spec_from_file_location("phi_corpus_score", PHI_DATA / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict(payloads_file: Path) -> list[dict[str, Any]]:
    """Detector predictions for every payload line, in score.py's prediction format.

    Detections inside mapping keys (paths ending `<key>`) are left out: the corpora label values
    only, and score.py cannot resolve a key's path.
    """
    lines = [line for line in payloads_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [
        {"record": i, "path": d.path, "start": d.start, "end": d.end, "category": d.category.value}
        for i, line in enumerate(lines)
        for d in inspect_payload(json.loads(line))
        if not d.path.endswith(KEY_PLACEHOLDER)
    ]


def score_corpus(
    name: str, *, show_errors: int = 0
) -> tuple[dict[str, Any], list[Any], list[dict[str, Any]]]:
    """Score the detector on corpus `name`: (score.py's result, the gold records, the predictions)."""
    gold_file, payloads_file = CORPORA[name]
    scorer = load_scorer()
    gold = scorer.load_jsonl(str(gold_file))
    predictions = predict(payloads_file)
    result: dict[str, Any] = scorer.score(gold, predictions, None, None, show_errors)
    return result, gold, predictions


def main(argv: list[str] | None = None) -> None:
    """Print the report table of one corpus (optionally its errors, and the predictions to a file)."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", nargs="?", default="dev", choices=sorted(CORPORA))
    parser.add_argument("--show-errors", type=int, default=0, metavar="N", help="list N misses and N FPs")
    parser.add_argument("--out", type=Path, help="also write the predictions (JSONL) here")
    args = parser.parse_args(argv)
    result, gold, predictions = score_corpus(args.corpus, show_errors=args.show_errors)
    if args.out is not None:
        args.out.write_text("".join(json.dumps(p) + "\n" for p in predictions), encoding="utf-8")
    print(f"PHI corpus '{args.corpus}': {CORPORA[args.corpus][0].relative_to(PHI_DATA)}")
    load_scorer().print_report(result, gold, args.show_errors)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
