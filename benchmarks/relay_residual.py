"""What the relay's `redact` text policy lets through: the residual rate per category, per corpus.

Every labeled identifier in a free-text field (notes, transcription_text, summary) of each labeled
corpus goes through `forward` under a policy that forwards those fields with `text: redact`
(detector spans become `[CATEGORY]`). A label is residual when its text still appears in the
forwarded field, case-insensitively as a whole token; labels under 3 characters are not searched
(they occur anywhere by chance). The goal (issue 12) is at most 1% of text spans. Blind corpora are
summarised like the others: only rates are printed, never a value or a record.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

from benchmarks.phi_score import CORPORA
from ctm_hipaa.relay import forward, parse_policy

TEXT_FIELDS = ("notes", "transcription_text", "summary")
POLICY = parse_policy({"fields": {"id": "keep", **dict.fromkeys(TEXT_FIELDS, "text")}, "text": "redact"})
KEY = b"residual benchmark key, not a destination's"
MIN_CHARS = 3
GOAL = 0.01


def residuals(records: list[dict[str, Any]]) -> tuple[Counter[str], Counter[str]]:
    """(text labels searched, labels still in the redacted body) per category."""
    searched: Counter[str] = Counter()
    residual: Counter[str] = Counter()
    for record in records:
        payload = record["payload"]
        body, _ = forward(payload, POLICY, KEY, policy_name="redact-text")
        for label in record["labels"]:
            path = label["path"]
            original = payload.get(path) if path in TEXT_FIELDS else None
            if not isinstance(original, str):
                continue
            value = original[label["start"] : label["end"]].strip()
            if len(value) < MIN_CHARS:
                continue
            searched[label["category"]] += 1
            forwarded = str(body.get(path, "")).casefold()
            if re.search(rf"(?<![^\W_]){re.escape(value.casefold())}(?![^\W_])", forwarded):
                residual[label["category"]] += 1
    return searched, residual


def run() -> None:
    """Print each corpus's residual rate, overall and for its categories with a residual."""
    print(f"Relay redact residual (labeled text spans still in the forwarded {', '.join(TEXT_FIELDS)})")
    for name, (gold, _) in CORPORA.items():
        records = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
        searched, residual = residuals(records)
        total, left = sum(searched.values()), sum(residual.values())
        rate = left / total if total else 0.0
        worst = ", ".join(
            f"{c} {residual[c] / searched[c]:.1%} ({residual[c]}/{searched[c]})"
            for c, _ in residual.most_common()
        )
        verdict = "meets" if rate <= GOAL else "misses"
        line = f"  {name:<4} {rate:6.2%} of {total:>4} text spans ({verdict} the {GOAL:.0%} goal)"
        print(line + (f"; {worst}" if worst else ""))


if __name__ == "__main__":
    run()
