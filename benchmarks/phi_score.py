"""`python -m benchmarks.phi_score [NAME] [--show-errors N]`: score the PHI detector on labeled corpora.

Without NAME (what `make score` runs) it prints one summary line per corpus. With NAME it prints
score.py's full report table for that corpus.

- `dev`: the development corpus (tests/data/phi/dev.jsonl).
- `a`, `b`: the template-built hold-out sets (tests/data/phi/holdout/).
- `c`: a hold-out set from another author (tests/data/phi/holdout_c/).
- `d`, `e`: hand-written records (tests/data/phi/set_d/, set_e/): speech-to-text transcripts,
  Spanish calls, front-desk notes and the negatives that issue 11 names, written without reading
  the detector.
- `f`: hand-written records by a third author (tests/data/phi/set_f/): other speech-to-text engines'
  formats, voicemails, SMS threads, AI summaries and more languages, also written without reading
  the detector.
- `g`: hand-written records by a fifth author (tests/data/phi/set_g/): AI summaries, `spk_0:` and
  `Speaker 0:` transcripts, Whisper-like text, SMS threads, IVR digits, intake forms, and non-health
  businesses whose texts use health-sounding words.
- `h`: hand-written records by a sixth author (tests/data/phi/set_h/): interpreted and other-language
  calls (Vietnamese, Creole, Mandarin, Polish, Russian, Korean, Tagalog, Arabic ...), voicemails and
  answering-service messages, English calls with many speaker roles.
- `i`: hand-written records by a fourth author (tests/data/phi/set_i/): a week of traffic from 27
  accounts (11 health, 16 not), every field CTM sends, the boring records too.
- `j`: hand-written records by a seventh author (tests/data/phi/set_j/): chat-widget transcripts,
  FormReactor and lead-form fields, pasted e-mail leads, dispositions and tags, dictated notes,
  voicemails, and 25 non-health businesses with medical-sounding names.
- `k`: hand-written records by an eighth author (tests/data/phi/set_k/): CTM speech-to-text calls with
  every kind of speaker label, Spanish and Spanglish, front-desk shorthand, referral faxes, HL7 pastes.
- `l`: hand-written records by a ninth author (tests/data/phi/set_l/): a week of 22 businesses (14
  health) in every style above, three-way calls, AI summaries and lead notes, WhatsApp forwards,
  thank-you URLs carrying form data, and the boring records.
- `m`: hand-written records by a tenth author (tests/data/phi/set_m/): 20 businesses (14 health, of
  specialties the other sets cover less: cardiology, GI, infusion, dialysis, a rural clinic with a
  Spanish front desk ...), third parties calling about the patient, voicemail from many engines.
- `n`: hand-written records by an eleventh author (tests/data/phi/set_n/): health where it hides in
  specialty practices (dialysis, infusion, pumps and CGMs, CPAP, hearing aids, IVF, MAT, DME),
  tags, campaigns and custom fields, third parties calling about a patient.
- `o`: hand-written records by a twelfth author (tests/data/phi/set_o/): an agency's week of 20
  clients, 9 of them not health care, and health practices' calls that carry no health (hours,
  vendors, job applicants, wrong numbers). Its author counts no greeting's business name as health,
  where the other authors do: its health precision measures that disagreement as much as errors.
- `p`: hand-written records by a fourteenth author (tests/data/phi/set_p/): raw speech-to-text
  transcripts of several engines and a dozen speaker-label styles, numbers and dates as words,
  spelled names, self-corrections, Spanish and Spanglish calls. Its author leaves most spellings
  after a marked name unmarked, so its NAME precision is a lower bound.
- `q`: hand-written records by a thirteenth author (tests/data/phi/set_q/): the written side of CTM
  records (shorthand notes, SMS and chat threads, pasted e-mails, AI summaries, custom fields,
  forms and URLs carrying form data) at a multi-site clinic group and two non-health accounts.
- `r`: hand-written records by a sixteenth author (tests/data/phi/set_r/): an agency's Monday of 24
  clients, 12 of them not health care (law firms, a school, HVAC, a gym, a daycare ...) whose
  callers speak of their health; health where it hides in short fields (tags, tracking labels,
  campaigns, keywords, URL paths, custom and form fields).
- `s`: hand-written records by a fifteenth author (tests/data/phi/set_s/): a health network's contact
  center, mostly raw speech-to-text (numbers, dates and ages said every way, spelled names, names
  that are words, callers of many backgrounds, cities said in passing), voicemails, notes and
  summaries.
- `t`: hand-written records by a seventeenth author (tests/data/phi/set_t/): a group of 20 small
  practices (dental, vision, hearing, chiropractic, med spa, IV hydration, DME, hospice ...) and 4
  of its non-health offices; health in every field CTM carries it, often in one short field.
- `u`: hand-written records by an eighteenth author (tests/data/phi/set_u/): an after-hours answering
  service's voicemails and operator messages for 14 practices, a vet and 4 non-health clients
  (rambling callers, numbers said twice, misheard drug names, message forms in ALL CAPS).
- `v`: hand-written records by a nineteenth author (tests/data/phi/set_v/): a rural health
  cooperative's after-hours voicemails and answering-service calls (rural routes and landmarks,
  farm names, corrections mid-number), nurse-line notes, and three non-health county offices.

`a`, `c`, `d`, `g`, `h`, `j`, `k`, `n`, `o`, `p`, `q`, `s`, `t` and `v` may be studied. `b`, `e`,
`f`, `i`, `l`, `m`, `r` and `u` are blind: look at their summary, never at their errors, so
`--show-errors` is refused for them. The tests use `score_corpus` for their quality floors, so the
figures here and there are the same.
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
    "d": (PHI_DATA / "set_d" / "set_d.jsonl", PHI_DATA / "set_d" / "set_d.payloads.jsonl"),
    "e": (PHI_DATA / "set_e" / "set_e.jsonl", PHI_DATA / "set_e" / "set_e.payloads.jsonl"),
    "f": (PHI_DATA / "set_f" / "set_f.jsonl", PHI_DATA / "set_f" / "set_f.payloads.jsonl"),
    "g": (PHI_DATA / "set_g" / "set_g.jsonl", PHI_DATA / "set_g" / "set_g.payloads.jsonl"),
    "h": (PHI_DATA / "set_h" / "set_h.jsonl", PHI_DATA / "set_h" / "set_h.payloads.jsonl"),
    "i": (PHI_DATA / "set_i" / "set_i.jsonl", PHI_DATA / "set_i" / "set_i.payloads.jsonl"),
    "j": (PHI_DATA / "set_j" / "set_j.jsonl", PHI_DATA / "set_j" / "set_j.payloads.jsonl"),
    "k": (PHI_DATA / "set_k" / "set_k.jsonl", PHI_DATA / "set_k" / "set_k.payloads.jsonl"),
    "l": (PHI_DATA / "set_l" / "set_l.jsonl", PHI_DATA / "set_l" / "set_l.payloads.jsonl"),
    "m": (PHI_DATA / "set_m" / "set_m.jsonl", PHI_DATA / "set_m" / "set_m.payloads.jsonl"),
    "n": (PHI_DATA / "set_n" / "set_n.jsonl", PHI_DATA / "set_n" / "set_n.payloads.jsonl"),
    "o": (PHI_DATA / "set_o" / "set_o.jsonl", PHI_DATA / "set_o" / "set_o.payloads.jsonl"),
    "p": (PHI_DATA / "set_p" / "set_p.jsonl", PHI_DATA / "set_p" / "set_p.payloads.jsonl"),
    "q": (PHI_DATA / "set_q" / "set_q.jsonl", PHI_DATA / "set_q" / "set_q.payloads.jsonl"),
    "r": (PHI_DATA / "set_r" / "set_r.jsonl", PHI_DATA / "set_r" / "set_r.payloads.jsonl"),
    "s": (PHI_DATA / "set_s" / "set_s.jsonl", PHI_DATA / "set_s" / "set_s.payloads.jsonl"),
    "t": (PHI_DATA / "set_t" / "set_t.jsonl", PHI_DATA / "set_t" / "set_t.payloads.jsonl"),
    "u": (PHI_DATA / "set_u" / "set_u.jsonl", PHI_DATA / "set_u" / "set_u.payloads.jsonl"),
    "v": (PHI_DATA / "set_v" / "set_v.jsonl", PHI_DATA / "set_v" / "set_v.payloads.jsonl"),
}
# Sets whose errors the detector's authors never look at: only their summary is printed.
BLIND = frozenset({"b", "e", "f", "i", "l", "m", "r", "u"})
# The sets tests/data/phi/build.py makes from hand-written sources (tests/data/phi/set_<name>/).
HAND_WRITTEN = tuple(name for name, (gold, _) in CORPORA.items() if gold.parent.name == f"set_{name}")


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


def _fmt(value: float | None) -> str:
    return "    -" if value is None else f"{value:.3f}"


def summary_line(name: str, result: dict[str, Any]) -> str:
    """One line of a corpus's figures: any-identifier R and P, text-field R, health-path F1."""
    any_id = result["any_identifier"]
    health = result["health_fields"]
    return (
        f"{name:<4} records {result['records']:>4}  gold {result['gold_spans']:>5}   "
        f"any-id R {_fmt(any_id['recall'])}  P {_fmt(any_id['precision'])}   "
        f"text R {_fmt(result['text_fields']['recall'])}   "
        f"health P {_fmt(health['precision'])} R {_fmt(health['recall'])} F1 {_fmt(health['f1'])}   "
        f"all found {_fmt(result['records_all_found'])}"
    )


def main(argv: list[str] | None = None) -> None:
    """Print one summary line per corpus, or one corpus's report table (optionally with its errors)."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", nargs="?", choices=sorted(CORPORA), help="one corpus's full report")
    parser.add_argument("--show-errors", type=int, default=0, metavar="N", help="list N misses and N FPs")
    parser.add_argument("--out", type=Path, help="also write the predictions (JSONL) here")
    args = parser.parse_args(argv)
    if args.corpus is None:
        if args.show_errors or args.out is not None:
            parser.error("--show-errors and --out need a corpus name")
        for name in CORPORA:
            print(summary_line(name, score_corpus(name)[0]))
            sys.stdout.flush()
        return
    if args.show_errors and args.corpus in BLIND:
        parser.error(
            f"corpus '{args.corpus}' is blind: its errors are never shown, so that it keeps measuring "
            "the detector honestly; run it without --show-errors for its figures"
        )
    result, gold, predictions = score_corpus(args.corpus, show_errors=args.show_errors)
    if args.out is not None:
        args.out.write_text("".join(json.dumps(p) + "\n" for p in predictions), encoding="utf-8")
    print(f"PHI corpus '{args.corpus}': {CORPORA[args.corpus][0].relative_to(PHI_DATA)}")
    load_scorer().print_report(result, gold, args.show_errors)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
