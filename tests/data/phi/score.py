#!/usr/bin/env python3
"""Score PHI-detector predictions against a gold corpus (standard library only).

    score.py GOLD.jsonl PRED.jsonl [--json] [--min-score X] [--subset REGEX] [--show-errors N]
    score.py --payloads GOLD.jsonl > payloads.jsonl      # payload only, one per line, same order

PRED.jsonl, one object per line:
    {"record": <0-based line index in GOLD>, "path": "notes", "start": 12, "end": 24,
     "category": "PHONE"}            (an optional "score" is honoured by --min-score)
category "HEALTH" marks the path as carrying health information (field level).

Matching (relaxed, any character overlap, same record and path):
  * a gold span is found when any identifier prediction overlaps it;
  * a prediction is a true positive when it overlaps a gold span; if it overlaps no gold span
    but overlaps an ignore span it is dropped (neither TP nor FP); otherwise it is a FP.
  * any-identifier: category ignored. Per category: prediction and gold must share the
    category, except that PHONE and FAX are interchangeable. 'recall_any_type' per category
    = share of that category's gold spans overlapped by a prediction of any category.
  * duplicate predictions (same record/path/start/end[/category]) are counted once.
  P = TP_pred / (TP_pred + FP); R = TP_gold / (TP_gold + FN); F_beta from P and R.
"""

import argparse
import json
import re
import sys
from collections import defaultdict

CATEGORIES = [
    "NAME",
    "GEO",
    "DATE",
    "AGE",
    "PHONE",
    "FAX",
    "EMAIL",
    "SSN",
    "MRN",
    "HEALTH_PLAN",
    "ACCOUNT",
    "LICENSE",
    "VEHICLE",
    "DEVICE",
    "URL",
    "IP",
    "BIOMETRIC",
    "OTHER_ID",
]
GROUP = {"FAX": "PHONE"}
STRUCTURED_TOP = {
    "name",
    "cnam",
    "caller_number",
    "caller_number_format",
    "caller_number_complete",
    "caller_number_bare",
    "alternative_number",
    "contact_number",
    "email",
    "emails",
    "street",
    "city",
    "postal_code",
    "latitude",
    "longitude",
    "geo",
    "visitor_ip",
    "audio",
    "extended_lookup",
}
PATH_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def top_key(path):
    m = PATH_TOKEN.match(path)
    return m.group(1) if m else path


def negative_group(path):
    t = top_key(path)
    if t.startswith("tracking_number"):
        return "tracking_number*"
    if t.startswith("business_number"):
        return "business_number*"
    if t == "agent" or t == "agent_id":
        return "agent*"
    return None


def resolve(payload, path):
    v = payload
    for name, idx in PATH_TOKEN.findall(path):
        v = v[int(idx)] if idx else v[name]
    return v


def leaf_text(v):
    if isinstance(v, str):
        return v
    if isinstance(v, bool) or v is None or isinstance(v, (dict, list)):
        return None
    return json.dumps(v)


def fbeta(p, r, beta):
    if p is None or r is None or (p == 0 and r == 0):
        return 0.0 if (p is not None and r is not None) else None
    b2 = beta * beta
    return (1 + b2) * p * r / (b2 * p + r)


def ratio(a, b):
    return (a / b) if b else None


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def overlaps(a0, a1, spans):
    return [s for s in spans if a0 < s[1] and s[0] < a1]


def score(gold, preds, min_score=None, subset=None, show_errors=0):
    keep = [bool(re.search(subset, g["id"])) if subset else True for g in gold]
    gold_spans = defaultdict(list)  # (rec, path) -> [(s, e, cat)]
    ign_spans = defaultdict(list)  # (rec, path) -> [(s, e)]
    gold_health = set()
    n_records = 0
    for i, g in enumerate(gold):
        if not keep[i]:
            continue
        n_records += 1
        for l in g["labels"]:
            gold_spans[(i, l["path"])].append((l["start"], l["end"], l["category"]))
        for l in g["ignore"]:
            ign_spans[(i, l["path"])].append((l["start"], l["end"]))
        for p in g["health_paths"]:
            gold_health.add((i, p))

    invalid = 0
    idp = set()  # identifier predictions (rec, path, s, e, cat)
    pred_health = set()
    n_pred_lines = 0
    for p in preds:
        try:
            r, path, s, e, cat = (
                int(p["record"]),
                p["path"],
                int(p["start"]),
                int(p["end"]),
                str(p["category"]),
            )
        except (KeyError, TypeError, ValueError):
            invalid += 1
            continue
        if r < 0 or r >= len(gold):
            invalid += 1
            continue
        if not keep[r]:
            continue
        if min_score is not None and p.get("score") is not None and float(p["score"]) < min_score:
            continue
        n_pred_lines += 1
        try:
            lt = leaf_text(resolve(gold[r]["payload"], path))
        except (KeyError, IndexError, TypeError):
            lt = None
        if lt is None or not (0 <= s < e <= len(lt)):
            if cat != "HEALTH" or lt is None:
                invalid += 1
        if cat == "HEALTH":
            pred_health.add((r, path))
            continue
        idp.add((r, path, s, e, cat))

    # ---- any identifier
    any_preds = sorted({(r, path, s, e) for r, path, s, e, _ in idp})
    tp_pred = fp = dropped = 0
    fp_list = []
    neg_fp = defaultdict(int)
    for r, path, s, e in any_preds:
        if overlaps(s, e, gold_spans.get((r, path), [])):
            tp_pred += 1
        elif overlaps(s, e, ign_spans.get((r, path), [])):
            dropped += 1
        else:
            fp += 1
            fp_list.append((r, path, s, e))
            ng = negative_group(path)
            if ng:
                neg_fp[ng] += 1
    preds_by_rp = defaultdict(list)
    for r, path, s, e, cat in idp:
        preds_by_rp[(r, path)].append((s, e, cat))
    tp_gold = fn = 0
    fn_list = []
    struct = {"gold": 0, "found": 0, "found_typed": 0}
    text = {"gold": 0, "found": 0}
    rec_gold = defaultdict(int)
    rec_found = defaultdict(int)
    per_cat = {
        c: {"gold": 0, "tp": 0, "fn": 0, "found_any_type": 0, "pred": 0, "tp_pred": 0, "fp": 0}
        for c in CATEGORIES
    }
    for (r, path), spans in gold_spans.items():
        ps = preds_by_rp.get((r, path), [])
        is_struct = top_key(path) in STRUCTURED_TOP
        for s, e, cat in spans:
            hits = overlaps(s, e, ps)
            pc = per_cat.setdefault(
                cat, {"gold": 0, "tp": 0, "fn": 0, "found_any_type": 0, "pred": 0, "tp_pred": 0, "fp": 0}
            )
            pc["gold"] += 1
            rec_gold[r] += 1
            typed = any(GROUP.get(h[2], h[2]) == GROUP.get(cat, cat) for h in hits)
            if hits:
                tp_gold += 1
                pc["found_any_type"] += 1
                rec_found[r] += 1
            else:
                fn += 1
                fn_list.append((r, path, s, e, cat))
            if typed:
                pc["tp"] += 1
            else:
                pc["fn"] += 1
            if is_struct:
                struct["gold"] += 1
                struct["found"] += bool(hits)
                struct["found_typed"] += typed
            else:
                text["gold"] += 1
                text["found"] += bool(hits)

    # ---- per category, prediction side
    for r, path, s, e, cat in sorted(idp):
        pc = per_cat.setdefault(
            cat, {"gold": 0, "tp": 0, "fn": 0, "found_any_type": 0, "pred": 0, "tp_pred": 0, "fp": 0}
        )
        grp = GROUP.get(cat, cat)
        g_same = [x for x in gold_spans.get((r, path), []) if GROUP.get(x[2], x[2]) == grp]
        if overlaps(s, e, g_same):
            pc["pred"] += 1
            pc["tp_pred"] += 1
        elif overlaps(s, e, ign_spans.get((r, path), [])):
            pass
        else:
            pc["pred"] += 1
            pc["fp"] += 1

    def block(tp_g, fn_, tp_p, fp_):
        P = ratio(tp_p, tp_p + fp_)
        R = ratio(tp_g, tp_g + fn_)
        return {
            "tp": tp_g,
            "fn": fn_,
            "tp_pred": tp_p,
            "fp": fp_,
            "precision": P,
            "recall": R,
            "f1": fbeta(P, R, 1),
            "f2": fbeta(P, R, 2),
        }

    out = {
        "records": n_records,
        "gold_spans": tp_gold + fn,
        "predictions": len(any_preds),
        "prediction_lines": n_pred_lines,
        "invalid_predictions": invalid,
        "dropped_on_ignore": dropped,
    }
    out["any_identifier"] = block(tp_gold, fn, tp_pred, fp)
    cats = {}
    for c, pc in per_cat.items():
        if pc["gold"] == 0 and pc["pred"] == 0:
            continue
        b = block(pc["tp"], pc["fn"], pc["tp_pred"], pc["fp"])
        b["gold"] = pc["gold"]
        b["recall_any_type"] = ratio(pc["found_any_type"], pc["gold"])
        cats[c] = b
    out["per_category"] = cats
    out["structured_fields"] = {
        "gold": struct["gold"],
        "recall": ratio(struct["found"], struct["gold"]),
        "recall_typed": ratio(struct["found_typed"], struct["gold"]),
    }
    out["text_fields"] = {"gold": text["gold"], "recall": ratio(text["found"], text["gold"])}
    hp_tp = len(pred_health & gold_health)
    hP, hR = ratio(hp_tp, len(pred_health)), ratio(hp_tp, len(gold_health))
    out["health_fields"] = {
        "gold_paths": len(gold_health),
        "pred_paths": len(pred_health),
        "tp": hp_tp,
        "fp": len(pred_health) - hp_tp,
        "fn": len(gold_health) - hp_tp,
        "precision": hP,
        "recall": hR,
        "f1": fbeta(hP, hR, 1),
    }
    out["negative_field_fp"] = {
        "total": sum(neg_fp.values()),
        **{k: neg_fp.get(k, 0) for k in ("tracking_number*", "business_number*", "agent*")},
    }
    recs_with_gold = [r for r in rec_gold]
    out["records_all_found"] = ratio(
        sum(1 for r in recs_with_gold if rec_found[r] == rec_gold[r]), len(recs_with_gold)
    )
    if show_errors:
        out["_errors"] = {"fn": fn_list, "fp": fp_list}
    return out


def fmt(x, w=6):
    if x is None:
        return "-".rjust(w)
    if isinstance(x, float):
        return ("%.3f" % x).rjust(w)
    return str(x).rjust(w)


def snippet(gold, r, path, s, e, width=40):
    t = leaf_text(resolve(gold[r]["payload"], path)) or ""
    a, b = max(0, s - width), min(len(t), e + width)
    return (t[a:s] + "[[" + t[s:e] + "]]" + t[e:b]).replace("\n", "\\n")


def print_report(res, gold, show_errors):
    a = res["any_identifier"]
    print(
        "records %d   gold spans %d   predictions %d (lines %d, invalid %d, dropped on ignore %d)"
        % (
            res["records"],
            res["gold_spans"],
            res["predictions"],
            res["prediction_lines"],
            res["invalid_predictions"],
            res["dropped_on_ignore"],
        )
    )
    print(
        "ANY IDENTIFIER  P %s  R %s  F1 %s  F2 %s   (tp %d  fn %d  tp_pred %d  fp %d)"
        % (
            fmt(a["precision"]),
            fmt(a["recall"]),
            fmt(a["f1"]),
            fmt(a["f2"]),
            a["tp"],
            a["fn"],
            a["tp_pred"],
            a["fp"],
        )
    )
    print()
    print(
        "%-12s %6s %6s %6s %6s %8s %6s %6s %6s %6s %6s"
        % ("category", "gold", "tp", "fn", "recall", "any-type", "fp", "prec", "F1", "F2", "pred")
    )
    for c in CATEGORIES + sorted(k for k in res["per_category"] if k not in CATEGORIES):
        b = res["per_category"].get(c)
        if not b:
            continue
        print(
            "%-12s %6d %6d %6d %s %8s %6d %s %s %s %6d"
            % (
                c,
                b["gold"],
                b["tp"],
                b["fn"],
                fmt(b["recall"]),
                fmt(b["recall_any_type"]),
                b["fp"],
                fmt(b["precision"]),
                fmt(b["f1"]),
                fmt(b["f2"]),
                b["tp_pred"] + b["fp"],
            )
        )
    s = res["structured_fields"]
    print()
    print(
        "structured-field recall %s (typed %s, %d spans)   text-field recall %s (%d spans)"
        % (
            fmt(s["recall"]),
            fmt(s["recall_typed"]),
            s["gold"],
            fmt(res["text_fields"]["recall"]),
            res["text_fields"]["gold"],
        )
    )
    h = res["health_fields"]
    print(
        "health fields  P %s  R %s  F1 %s   (gold paths %d, predicted %d, tp %d)"
        % (fmt(h["precision"]), fmt(h["recall"]), fmt(h["f1"]), h["gold_paths"], h["pred_paths"], h["tp"])
    )
    n = res["negative_field_fp"]
    print(
        "false positives on negative fields: %d  (tracking_number* %d, business_number* %d, agent* %d)"
        % (n["total"], n["tracking_number*"], n["business_number*"], n["agent*"])
    )
    print("records with every gold span found: %s" % fmt(res["records_all_found"]))
    if show_errors:
        err = res["_errors"]
        print("\nmissed (first %d):" % show_errors)
        for r, path, s_, e, cat in err["fn"][:show_errors]:
            print("  FN %-9s rec %d %s: %s" % (cat, r, path, snippet(gold, r, path, s_, e)))
        print("\nfalse positives (first %d):" % show_errors)
        for r, path, s_, e in err["fp"][:show_errors]:
            print("  FP rec %d %s: %s" % (r, path, snippet(gold, r, path, s_, e)))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold")
    ap.add_argument("pred", nargs="?")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--payloads", action="store_true", help="print payloads of GOLD, one per line")
    ap.add_argument("--min-score", type=float, default=None, help="drop predictions whose 'score' is lower")
    ap.add_argument("--subset", default=None, help="only records whose id matches this regex")
    ap.add_argument(
        "--show-errors", type=int, default=0, metavar="N", help="list N missed spans and N false positives"
    )
    args = ap.parse_args()
    gold = load_jsonl(args.gold)
    if args.payloads:
        out = sys.stdout
        for g in gold:
            out.write(json.dumps(g["payload"], ensure_ascii=False) + "\n")
        return
    if not args.pred:
        ap.error("PRED.jsonl is required unless --payloads")
    preds = load_jsonl(args.pred)
    res = score(gold, preds, args.min_score, args.subset, args.show_errors)
    if args.json:
        res.pop("_errors", None)
        print(json.dumps(res, sort_keys=False))
    else:
        print_report(res, gold, args.show_errors)


if __name__ == "__main__":
    main()
