#!/usr/bin/env python3
"""Build the hand-written PHI evaluation sets (`set_d/`, `set_e/`, ...) from their marked-up sources.

    python3 build.py d            # write set_d/set_d.jsonl and set_d/set_d.payloads.jsonl
    python3 build.py X            # the same for set_X: every set_<letter>/ folder here
    python3 build.py d --check    # validate the records and that the written files are up to date

Standard library only. This builds the hand-written sets; it does not build dev, a, b or c.

Each record's texts are written with inline markup in `set_X/records_X.txt`:

    [[NAME|dolores ybarra]]     a labeled span (category from score.py's list)
    {{dr. okafor}}              an ignore span

The builder strips the markup and records each span where it falls, so every offset is known by
construction; nothing is searched for afterwards. Source format (one record after another):

    %biz KEY | Display Name | health or other | domain | business number | tracking number
    === d-001
    biz: KEY                 the business the call came in to
    phone: 4805550143        the caller's number: the builder writes the caller_number family
    agent: Marisol Vega      agent{name,email} (negative field)
    when: 2026-03-04 10:12   called_at (otherwise a fixed-seed date in 2026)
    audio: no                no recording (default: a recording URL, labeled BIOMETRIC)
    @ path := value          one leaf (single line); `+h` after the path lists it in health_paths,
    @ path +h                and `#` makes it a number leaf; without `:=` the value is the
    ...block...              following lines up to the next `@`, `===` or end of file

Structured caller fields (`name`, `cnam`, `email`, `street`, `city`, `postal_code`, latitude,
longitude, alternative_number, contact_number, emails[i], geo.*, visitor_ip,
extended_lookup.{first_name,last_name,street_number,street_name,city,zipcode}) are labeled on
their whole value, as the spec's table says, unless their value carries markup or starts with
`~` (a value that is not an identifier: `~WIRELESS CALLER`, `~WALGREENS 07712`).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import re
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CATEGORIES = {
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
}
PATH_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
MARKUP = re.compile(r"\[\[([A-Z_]+)\|(.*?)\]\]|\{\{(.*?)\}\}", re.DOTALL)
WHOLE_VALUE = {
    "name": "NAME",
    "cnam": "NAME",
    "email": "EMAIL",
    "street": "GEO",
    "city": "GEO",
    "postal_code": "GEO",
    "latitude": "GEO",
    "longitude": "GEO",
    "alternative_number": "PHONE",
    "contact_number": "PHONE",
    "visitor_ip": "IP",
    "geo.lat": "GEO",
    "geo.lon": "GEO",
    "extended_lookup.first_name": "NAME",
    "extended_lookup.last_name": "NAME",
    "extended_lookup.street_number": "GEO",
    "extended_lookup.street_name": "GEO",
    "extended_lookup.city": "GEO",
    "extended_lookup.zipcode": "GEO",
}
NUMBER_PATHS = {"latitude", "longitude", "geo.lat", "geo.lon"}
TZ_OFFSETS = [-5, -6, -7, -8, -4]
ROUTES = [
    ("Main IVR", "voice_menu"),
    ("Front Desk Queue", "queue"),
    ("Round Robin", "receiving_number"),
    ("After Hours", "voice_menu"),
    ("Spanish Line", "queue"),
]
SOURCES = [
    ("Google Ads", "cpc"),
    ("Google Organic", "organic"),
    ("Google My Business", "local"),
    ("Facebook", "social"),
    ("Direct", "direct"),
    ("Bing Ads", "cpc"),
    ("Yelp", "referral"),
    ("Mailer", "offline"),
]
REFERRERS = ["https://www.google.com/", "https://www.bing.com/", "https://m.facebook.com/", "", None]


class SourceError(Exception):
    """A record in the source does not follow the format or the spec."""


def strip_markup(marked: str) -> tuple[str, list[tuple[int, int, str]], list[tuple[int, int]]]:
    """Plain text of `marked`, its labeled spans (start, end, category) and its ignore spans."""
    out: list[str] = []
    pos = 0
    length = 0
    labels: list[tuple[int, int, str]] = []
    ignores: list[tuple[int, int]] = []
    for m in MARKUP.finditer(marked):
        before = marked[pos : m.start()]
        out.append(before)
        length += len(before)
        if m.group(1) is not None:
            cat, inner = m.group(1), m.group(2)
            if cat not in CATEGORIES:
                raise SourceError(f"unknown category {cat!r} in {m.group(0)!r}")
            labels.append((length, length + len(inner), cat))
        else:
            inner = m.group(3)
            ignores.append((length, length + len(inner)))
        out.append(inner)
        length += len(inner)
        pos = m.end()
    out.append(marked[pos:])
    plain = "".join(out)
    for token in ("[[", "]]", "{{", "}}"):
        if token in plain:
            raise SourceError(f"unbalanced markup {token!r} in {marked[:80]!r}")
    return plain, labels, ignores


def set_path(obj: dict[str, Any], path: str, value: Any) -> None:
    """Set the leaf at `path` (score.py's path syntax), creating objects and arrays on the way."""
    tokens = [(name, int(idx) if idx else None) for name, idx in PATH_TOKEN.findall(path)]
    cur: Any = obj
    for i, (name, idx) in enumerate(tokens):
        last = i == len(tokens) - 1
        nxt: Any = None if last else ([] if tokens[i + 1][1] is not None else {})
        if idx is None:
            if last:
                cur[name] = value
            else:
                if not isinstance(cur.get(name), (dict, list)):
                    cur[name] = nxt
                cur = cur[name]
        else:
            while len(cur) <= idx:
                cur.append(None)
            if last:
                cur[idx] = value
            else:
                if not isinstance(cur[idx], (dict, list)):
                    cur[idx] = nxt
                cur = cur[idx]


def leaves(obj: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Every (path, leaf value) of `obj` in document order."""
    if isinstance(obj, dict):
        out: list[tuple[str, Any]] = []
        for k, v in obj.items():
            out += leaves(v, f"{prefix}.{k}" if prefix else k)
        return out
    if isinstance(obj, list):
        out = []
        for i, v in enumerate(obj):
            out += leaves(v, f"{prefix}[{i}]")
        return out
    return [(prefix, obj)]


def leaf_text(v: Any) -> str | None:
    if isinstance(v, str):
        return v
    if isinstance(v, bool) or v is None or isinstance(v, (dict, list)):
        return None
    return json.dumps(v)


def phone_forms(digits: str) -> dict[str, Any]:
    if not re.fullmatch(r"\d{10}", digits):
        raise SourceError(f"phone must be 10 digits: {digits!r}")
    return {
        "caller_number": "+1" + digits,
        "caller_number_format": f"({digits[:3]}) {digits[3:6]}-{digits[6:]}",
        "caller_number_complete": "+1" + digits,
        "caller_number_bare": digits,
        "caller_number_split": ["1", digits[:3], digits[3:6], digits[6:]],
    }


def parse_source(text: str) -> tuple[dict[str, dict[str, str]], list[dict[str, Any]]]:
    """Businesses and raw records (header dict, list of (path, flags, marked value))."""
    businesses: dict[str, dict[str, str]] = {}
    records: list[dict[str, Any]] = []
    cur: dict[str, Any] | None = None
    block: dict[str, Any] | None = None

    def close_block() -> None:
        nonlocal block
        if block is not None:
            assert cur is not None
            lines = block["lines"]
            while lines and (not lines[-1].strip() or lines[-1].startswith("#")):
                lines.pop()  # a comment after a block (the next section's heading) is the source's
            value = "\n".join(lines).strip("\n")
            cur["fields"].append((block["path"], block["flags"], value))
            block = None

    for lineno, line in enumerate(text.splitlines(), 1):
        if block is None and (line.startswith("#") or not line.strip()):
            continue
        if line.startswith("%biz "):
            close_block()
            parts = [p.strip() for p in line[5:].split("|")]
            if len(parts) != 6 or parts[2] not in ("health", "other"):
                raise SourceError(f"line {lineno}: %biz needs 6 fields, kind health/other")
            key, label, kind, domain, main, tracking = parts
            businesses[key] = {
                "label": label,
                "kind": kind,
                "domain": domain,
                "main": main,
                "tracking": tracking,
            }
            continue
        if line.startswith("=== "):
            close_block()
            cur = {"id": line[4:].strip(), "header": {}, "fields": [], "line": lineno}
            records.append(cur)
            continue
        if cur is None:
            raise SourceError(f"line {lineno}: text before the first record")
        if line.startswith("@ "):
            close_block()
            spec, sep, value = line[2:].partition(":=")
            words = spec.split()
            flags = {w for w in words if w in ("+h", "#")}
            path = " ".join(w for w in words if w not in flags)
            if not path:
                raise SourceError(f"line {lineno}: empty path")
            if sep:
                cur["fields"].append((path, flags, value.strip()))
            else:
                block = {"path": path, "flags": flags, "lines": []}
            continue
        if block is not None:
            block["lines"].append(line)
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise SourceError(f"line {lineno}: expected 'key: value' in a record header")
        cur["header"][key.strip()] = value.strip()
    close_block()
    return businesses, records


def build_record(raw: dict[str, Any], businesses: dict[str, dict[str, str]], set_name: str) -> dict[str, Any]:
    rid = raw["id"]
    header = raw["header"]
    rng = random.Random(int(hashlib.sha256(f"{set_name}:{rid}".encode()).hexdigest()[:12], 16))
    biz_key = header.get("biz")
    if biz_key not in businesses:
        raise SourceError(f"{rid}: unknown biz {biz_key!r}")
    biz = businesses[biz_key]

    if "when" in header:
        local = datetime.strptime(header["when"], "%Y-%m-%d %H:%M")
    else:
        local = datetime(2026, 1, 5, 8, 0) + timedelta(days=rng.randrange(320), minutes=rng.randrange(600))
    offset = rng.choice(TZ_OFFSETS)
    aware = local.replace(tzinfo=timezone(timedelta(hours=offset)))
    called_at = local.strftime("%Y-%m-%d %I:%M %p ") + f"{'-' if offset < 0 else '+'}{abs(offset):02d}:00"
    utc = aware.astimezone(UTC)
    duration = rng.randrange(45, 900)
    ring = rng.randrange(2, 25)
    source, medium = rng.choice(SOURCES)
    route = rng.choice(ROUTES)
    agent_name = header.get("agent", "Front Desk")
    agent_id = "USR" + "".join(rng.choice("0123456789ABCDEF") for _ in range(8))
    agent_email = ".".join(agent_name.lower().split()) + "@" + biz["domain"]

    payload: dict[str, Any] = {
        "id": rng.randrange(100_000_000, 999_999_999),
        "sid": "CA" + "".join(rng.choice("0123456789abcdef") for _ in range(32)),
        "account_id": rng.randrange(100_000, 999_999),
        "name": None,
        "cnam": rng.choice([None, "", "~WIRELESS CALLER"]),
        "email": None,
        "street": None,
        "city": None,
        "state": None,
        "country": "US",
        "postal_code": None,
        "latitude": None,
        "longitude": None,
    }
    labels: dict[str, list[tuple[int, int, str]]] = {}
    ignores: dict[str, list[tuple[int, int]]] = {}
    health: list[str] = []

    phone = header.get("phone")
    if phone:
        forms = phone_forms(phone)
        if rng.random() < 0.25:
            forms["caller_number_format"] = None
        if rng.random() < 0.15:
            forms["caller_number_complete"] = None
        payload.update(forms)
    else:
        payload.update(
            {
                "caller_number": None,
                "caller_number_format": None,
                "caller_number_complete": None,
                "caller_number_bare": None,
                "caller_number_split": [],
            }
        )
    tracking, main = biz["tracking"], biz["main"]
    payload.update(
        {
            "alternative_number": None,
            "is_new_caller": rng.random() < 0.6,
            "direction": "inbound",
            "dial_status": "answered",
            "call_status": "answered",
            "status": "completed",
            "called_at": called_at,
            "unix_time": int(utc.timestamp()),
            "duration": duration,
            "talk_time": max(0, duration - ring),
            "ring_time": ring,
            "hold_time": rng.choice([0, 0, 0, 14, 37]),
            "wait_time": rng.randrange(0, 9),
            "tracking_number": "+1" + tracking,
            "tracking_number_id": rng.randrange(100_000, 999_999),
            "tracking_number_format": f"({tracking[:3]}) {tracking[3:6]}-{tracking[6:]}",
            "tracking_number_bare": tracking,
            "business_number": "+1" + main,
            "business_number_format": f"({main[:3]}) {main[3:6]}-{main[6:]}",
            "business_label": rng.choice(["Front Desk", "Main Office", "Scheduling", "Reception"]),
            "source": source,
            "source_id": rng.randrange(1000, 99999),
            "medium": medium,
            "tracking_label": rng.choice(["Main Line", "Website Number", "GMB Listing", "Main Website"]),
            "campaign": rng.choice([None, "Brand - " + biz["label"].split()[0], "Always On"]),
            "keyword": None,
            "location": rng.choice(
                [None, "https://www." + biz["domain"] + "/", "https://" + biz["domain"] + "/contact"]
            ),
            "referrer": rng.choice(REFERRERS),
            "visitor_ip": None,
            "agent_id": agent_id,
            "agent": {"id": agent_id, "name": agent_name, "email": agent_email},
            "tag_list": [],
            "notes": rng.choice([None, ""]),
            "custom_fields": rng.choice([{}, None]),
            "audio": None,
            "is_s3_link": False,
            "transcription_text": None,
            "summary": None,
            "redacted": False,
            "excluded": False,
            "call_path": [
                {
                    "route_name": route[0],
                    "route_id": rng.choice([rng.randrange(100, 9999), str(rng.randrange(100, 9999))]),
                    "route_type": route[1],
                    "started_at": (utc + timedelta(seconds=2)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                }
            ],
            "inputs": {"menu_inputs": rng.choice([[], ["1"], ["2"], ["3", "1"]])},
            "indexed_at": (utc + timedelta(minutes=rng.randrange(3, 40))).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
    )
    if header.get("audio", "yes") != "no":
        acc = "".join(rng.choice("0123456789abcdef") for _ in range(16))
        rec = "".join(rng.choice("0123456789abcdef") for _ in range(16))
        payload["audio"] = f"https://app.calltrackingmetrics.com/accounts/AC{acc}/recordings/RE{rec}"
        labels["audio"] = [(0, len(payload["audio"]), "BIOMETRIC")]
    if header.get("visitor", "") == "yes" or (header.get("visitor", "") != "no" and rng.random() < 0.35):
        ip = rng.choice(
            [
                f"203.0.113.{rng.randrange(1, 255)}",
                f"198.51.100.{rng.randrange(1, 255)}",
                f"{rng.randrange(24, 223)}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}",
                f"2001:db8:{rng.randrange(1, 0xFFFF):x}::{rng.randrange(1, 0xFFFF):x}",
            ]
        )
        payload["visitor_ip"] = ip
        payload["visitor_sid"] = "".join(rng.choice("0123456789abcdef") for _ in range(24))
        if rng.random() < 0.5:
            payload["ga"] = {"cid": f"{rng.randrange(10**9, 10**10)}.{rng.randrange(10**9, 10**10)}"}

    # the record's own leaves, which override the defaults
    given: set[str] = set()
    for path, flags, marked in raw["fields"]:
        if path in given:
            raise SourceError(f"{rid}: {path} given twice")
        given.add(path)
        literal = marked.startswith("~")
        if literal:
            marked = marked[1:]
        plain, spans, igns = strip_markup(marked)
        value: Any = plain
        if "#" in flags or path in NUMBER_PATHS:
            value = json.loads(plain)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise SourceError(f"{rid}: {path} is not a number")
            if json.dumps(value) != plain:
                raise SourceError(f"{rid}: {path}: number text {plain!r} is not json.dumps of its value")
        if plain == "null":
            value = None
        set_path(payload, path, value)
        if path in WHOLE_VALUE and not spans and not literal and value not in (None, ""):
            spans = [(0, len(leaf_text(value) or ""), WHOLE_VALUE[path])]
        if path.startswith("emails[") and not spans and not literal and value:
            spans = [(0, len(plain), "EMAIL")]
        if spans:
            labels[path] = spans
        if igns:
            ignores[path] = igns
        if "+h" in flags:
            if biz["kind"] != "health":
                raise SourceError(f"{rid}: health path {path} in a non-health business")
            health.append(path)
    # default CNAM literal marker
    if isinstance(payload.get("cnam"), str) and payload["cnam"].startswith("~"):
        payload["cnam"] = payload["cnam"][1:]

    if phone:
        for key in ("caller_number", "caller_number_format", "caller_number_complete", "caller_number_bare"):
            if payload.get(key) and key not in given:
                labels[key] = [(0, len(payload[key]), "PHONE")]
    for i, part in enumerate(payload.get("caller_number_split") or []):
        ignores.setdefault(f"caller_number_split[{i}]", []).append((0, len(part)))
    if payload.get("visitor_ip") and "visitor_ip" not in given:
        labels["visitor_ip"] = [(0, len(payload["visitor_ip"]), "IP")]
    for path in (
        "called_at",
        "unix_time",
        "indexed_at",
        "visitor_sid",
        "ga.cid",
        "ga.gclid",
        "sale.sale_date",
    ):
        try:
            text = leaf_text(resolve(payload, path))
        except (KeyError, IndexError, TypeError):
            continue
        if text:
            ignores.setdefault(path, []).append((0, len(text)))
    for i, step in enumerate(payload.get("call_path") or []):
        if step.get("started_at"):
            ignores.setdefault(f"call_path[{i}].started_at", []).append((0, len(step["started_at"])))

    order = [p for p, _ in leaves(payload)]
    rank = {p: i for i, p in enumerate(order)}
    for p in list(labels) + list(ignores) + health:
        if p not in rank:
            raise SourceError(f"{rid}: path {p} is not a leaf of the payload")
    return {
        "id": rid,
        "payload": payload,
        "labels": [
            {"path": p, "start": s, "end": e, "category": c}
            for p in sorted(labels, key=rank.__getitem__)
            for s, e, c in sorted(labels[p])
        ],
        "ignore": [
            {"path": p, "start": s, "end": e}
            for p in sorted(ignores, key=rank.__getitem__)
            for s, e in sorted(ignores[p])
        ],
        "health_paths": sorted(health, key=rank.__getitem__),
        "_kind": biz["kind"],
    }


def resolve(payload: Any, path: str) -> Any:
    v = payload
    for name, idx in PATH_TOKEN.findall(path):
        v = v[int(idx)] if idx else v[name]
    return v


def validate(records: list[dict[str, Any]]) -> list[str]:
    """Every problem found in the built records (empty when they are sound)."""
    problems: list[str] = []
    seen: set[str] = set()
    for r in records:
        rid = r["id"]
        if rid in seen:
            problems.append(f"{rid}: duplicate id")
        seen.add(rid)
        spans: dict[str, list[tuple[int, int, str]]] = {}
        for kind, items in (("label", r["labels"]), ("ignore", r["ignore"])):
            for item in items:
                try:
                    value = resolve(r["payload"], item["path"])
                except (KeyError, IndexError, TypeError):
                    problems.append(f"{rid}: {kind} path {item['path']} does not resolve")
                    continue
                text = leaf_text(value)
                s, e = item["start"], item["end"]
                if text is None:
                    problems.append(f"{rid}: {kind} on {item['path']}, not a string or number leaf")
                    continue
                if not 0 <= s < e <= len(text):
                    problems.append(f"{rid}: {kind} {item['path']} {s}..{e} empty or outside its leaf")
                if text[s:e] != text[s:e].strip():
                    problems.append(f"{rid}: {kind} {item['path']} {text[s:e]!r} has outer whitespace")
                if not isinstance(value, str) and (s, e) != (0, len(text)):
                    problems.append(f"{rid}: {kind} on number leaf {item['path']} is not whole")
                if kind == "label" and item["category"] not in CATEGORIES:
                    problems.append(f"{rid}: unknown category {item['category']}")
                spans.setdefault(item["path"], []).append((s, e, kind))
        for path, items in spans.items():
            items.sort()
            for a, b in itertools.pairwise(items):
                if b[0] < a[1]:
                    problems.append(f"{rid}: overlapping spans in {path}: {a} {b}")
        for path in r["health_paths"]:
            try:
                value = resolve(r["payload"], path)
            except (KeyError, IndexError, TypeError):
                problems.append(f"{rid}: health path {path} does not resolve")
                continue
            if not isinstance(value, str) or not value.strip():
                problems.append(f"{rid}: health path {path} is not a non-empty string leaf")
        if len(set(r["health_paths"])) != len(r["health_paths"]):
            problems.append(f"{rid}: duplicate health path")
        for item in r["labels"]:
            top = PATH_TOKEN.match(item["path"])
            head = top.group(1) if top else ""
            if head.startswith(("tracking_number", "business_number", "agent")) or head in (
                "state",
                "country",
            ):
                problems.append(f"{rid}: label on negative field {item['path']}")
    return problems


def dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False)


def build(set_name: str) -> tuple[list[dict[str, Any]], Path]:
    folder = HERE / f"set_{set_name}"
    businesses, raws = parse_source((folder / f"records_{set_name}.txt").read_text(encoding="utf-8"))
    records = [build_record(raw, businesses, set_name) for raw in raws]
    return records, folder


def summary(records: list[dict[str, Any]]) -> str:
    cats: dict[str, int] = {}
    for r in records:
        for item in r["labels"]:
            cats[item["category"]] = cats.get(item["category"], 0) + 1
    other = sum(1 for r in records if r["_kind"] == "other")
    n_ignore = sum(len(r["ignore"]) for r in records)
    n_health = sum(len(r["health_paths"]) for r in records)
    lines = [
        f"records {len(records)} (non-health {other})   labels {sum(cats.values())}   "
        f"ignore {n_ignore}   health paths {n_health}"
    ]
    lines += [f"  {c:<12} {n}" for c, n in sorted(cats.items(), key=lambda kv: -kv[1])]
    return "\n".join(lines)


def render(set_name: str) -> tuple[dict[Path, str], list[str], str]:
    """The files set `set_name` builds (path -> text), the problems `validate` finds, and its counts."""
    records, folder = build(set_name)
    problems = validate(records)
    report = summary(records)
    for r in records:
        del r["_kind"]
    files = {
        folder / f"set_{set_name}.jsonl": "".join(dumps(r) + "\n" for r in records),
        folder / f"set_{set_name}.payloads.jsonl": "".join(
            json.dumps(r["payload"], ensure_ascii=False) + "\n" for r in records
        ),
    }
    return files, problems, report


def stale(files: dict[Path, str]) -> list[str]:
    """The built files that are missing or differ on disk."""
    return [
        f"{f.name} is not what the sources build: run `python3 build.py {f.parent.name[-1]}`"
        for f, want in files.items()
        if not f.exists() or f.read_text(encoding="utf-8") != want
    ]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sets = sorted(p.name.removeprefix("set_") for p in HERE.glob("set_?") if p.is_dir())
    parser.add_argument("set", choices=sets)
    parser.add_argument("--check", action="store_true", help="validate; fail if the files are stale")
    args = parser.parse_args()
    try:
        files, problems, report = render(args.set)
    except SourceError as exc:
        print(f"source error: {exc}", file=sys.stderr)
        return 1
    if args.check:
        problems += stale(files)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        return 1
    if not args.check:
        for f, text in files.items():
            f.write_text(text, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
