"""Walk a CTM call record and report every PHI detection (field semantics + content scanners)."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from functools import cache
from itertools import pairwise
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from ctm_hipaa.phi.business_site import names_a_trade_site
from ctm_hipaa.phi.domains import registrable
from ctm_hipaa.phi.fold import fold
from ctm_hipaa.phi.keys import HEALTH_KEYS, Role, classify, key_tokens
from ctm_hipaa.phi.lexicon import keyed_alternations, words
from ctm_hipaa.phi.model import Category, Context, Detection, InspectionIncomplete
from ctm_hipaa.phi.pipeline import scan
from ctm_hipaa.phi.scanners.geo import STATE_CODES
from ctm_hipaa.phi.scanners.health import (
    contains_health_information,
    names_an_animal,
    names_personal_health,
    names_service_line,
)
from ctm_hipaa.phi.scanners.names import (
    is_business_name,
    is_common_word,
    is_listed_name,
    is_name_key,
    is_person_label,
)
from ctm_hipaa.phi.scanners.url import url_identifies_person
from ctm_hipaa.phi.spoken_forms import spoken_number
from ctm_hipaa.phi.trade import about_a_trade, names_a_trade
from ctm_hipaa.phi.validators import digits_of, real_date, valid_ip
from ctm_hipaa.phi.vocabulary import KEY_PLACEHOLDER, field_names, known_field

Check = Callable[[], None] | None  # raises _Overrun past the deadline; None: no deadline

# Top-level CTM fields that are never PHI (ids, business data, timestamps, counters, click ids).
_NEVER_TOP = words("never_phi_fields")
# Top-level fields whose value is the identifier as a whole.
_STRUCTURED = {
    "name": Category.NAME,
    "cnam": Category.NAME,
    "caller_number": Category.PHONE,
    "caller_number_format": Category.PHONE,
    "caller_number_complete": Category.PHONE,
    "caller_number_bare": Category.PHONE,
    "alternative_number": Category.PHONE,
    "contact_number": Category.PHONE,
    "email": Category.EMAIL,
    "emails": Category.EMAIL,
    "street": Category.GEO,
    "city": Category.GEO,
    "postal_code": Category.GEO,
    "latitude": Category.GEO,
    "longitude": Category.GEO,
    "visitor_ip": Category.IP,
    "audio": Category.BIOMETRIC,
}
# Attribution fields: health terms only (plus person-identifying URLs).
_LABEL_TOP = frozenset(("tracking_label", "campaign", "keyword"))
_NON_NAMES = words("cnam_placeholders")
_GEO_EL = {
    "street_number",
    "street_name",
    "street",
    "city",
    "zipcode",
    "zip",
    "zip4",
    "plus4",
    "postal_code",
    "county",
    "address",
    "latitude",
    "longitude",
    "lat",
    "lon",
    "lng",
}
_NAME_EL = {"first_name", "last_name", "name", "full_name", "middle_name"}
# Keys naming a `{label, value}` pair's field, most specific first; FormReactor's `form.custom[]`
# names it by `id` ({"id": "Billing ZIP", "value": ...}, as the CTM tap's call.json shows)
_LABEL_KEYS = ("label", "name", "question", "title", "field", "id", "q")
# Keys of a chat/SMS message naming who wrote it.
_SPEAKER_KEYS = frozenset(("from", "sender", "author", "speaker", "from_name", "sender_name"))
# Keys that hold the practice's custom fields (`cvars` is CTM's older name for them).
_CUSTOM = frozenset(("custom_fields", "custom", "cvars"))
# Attribution leaves inside `ga{}` / `webvisit{}` that echo the search terms: health only.
_SEARCH_TERMS = words("search_term_keys")
_LATLON = re.compile(r"\s*(-?\d{1,3}\.\d+)\s*,\s*(-?\d{1,3}\.\d+)\s*")
_NO_VALUE = words("no_value_answers")
# A form's closed answers: whatever the field's name, they identify nobody.
_CHOICES = (
    _NO_VALUE
    | words("negative_answers")
    | frozenset(("yes", "y", "true", "false", "si", "sí", "ok", "maybe", "not sure"))
)
# Identifiers that carry a digit ("W123456789", "MRN 00417"); usernames and plan names need none.
_NUMBERED_IDS = frozenset(
    (
        Category.HEALTH_PLAN, Category.MRN, Category.ACCOUNT, Category.LICENSE, Category.VEHICLE,
        Category.DEVICE,
    )
)  # fmt: skip
# A field that holds an identifier or a date of a health matter ("vaccine_lot", "surgery_date",
# "hearing_aid_serial") is judged by its value's scanners, not made health information by its key.
_IDENTIFIER_KEY_TOKENS = frozenset(
    (
        "id",
        "ids",
        "number",
        "numbers",
        "no",
        "nos",
        "num",
        "ref",
        "lot",
        "serial",
        "sn",
        "date",
        "dob",
        "time",
    )
)
# The same holds for a value that is only a date or only an identifier, whatever the key says
# ("Previous Stroke": "May 2009", "last_menstrual_period": "10/02/2026", "rx": "RX 3390124"); a
# short number stays an answer ("Pain Scale": 7).
_ONLY_DATE_OR_ID = re.compile(
    r"\s*(?:"
    r"\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}"  # 10/02/2026, 2026-05-21
    r"|(?:[a-z]{3,9}\.?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?(?:19|20)\d\d"  # May 2009, 1998
    # RX 3390124; 6602147, 6602148
    r"|(?:[a-z]{1,4}[\s#:-]*)?\d{5,}(?:\s*[,;/]\s*(?:[a-z]{1,4}[\s#:-]*)?\d{5,})*"
    r")\s*",
    re.IGNORECASE,
)
_PHONE_DIGITS = re.compile(r"\d")
# A value of more words than this under an identifier's key is sentences ("text_thread": an SMS
# thread): flagged whole as the key says, and read for health information too.
_MAX_ID_VALUE_WORDS = 8
_MONTH_WORD = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?",
    re.IGNORECASE,
)


def _leaf_text(v: Any) -> str | None:
    if isinstance(v, str):
        return v
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, int | float):
        return json.dumps(v)
    return None


# A path is a string while short; below a long one it is a chain of (parent, segment) nodes,
# rendered only for a detection: a wide container under a long key would otherwise copy that key
# into the path of every item.
_Path = str | tuple[Any, str]
_LONG_PATH = 256
_SCALARS = frozenset((str, int, float, bool, type(None)))
# What an entry of a container is: a container to descend into, a leaf (a form label is one,
# whatever its type), or a mapping key to scan as text, after its value when that is a leaf (the
# key test reads the value's detections) and before a container.
_CONTAINER, _LEAF, _KEY_BEFORE, _KEY_AFTER = 0, 1, 2, 3
_Entry = tuple[_Path, tuple[str, ...], Any, int]  # path, key chain, value, kind


def _render(path: _Path) -> str:
    segments = []
    while not isinstance(path, str):
        path, segment = path
        segments.append(segment)
    segments.append(path)
    return "".join(reversed(segments))


def _child(path: _Path, segment: str) -> _Path:
    if path == "":
        return segment[1:]  # a top-level key: no dot before it
    if isinstance(path, str) and len(path) < _LONG_PATH:
        return path + segment
    return (path, segment)


def _is_container(v: Any) -> bool:
    t = type(v)  # the JSON types first: an ABC test is slow
    return t is dict or t is list or (t not in _SCALARS and isinstance(v, Mapping | list))


def _value_key(v: Mapping[str, Any]) -> str | None:
    """The key of a labelled pair's value: "value", "answer", or "a" beside a "q"."""
    if "value" in v:
        return "value"
    if "answer" in v:
        return "answer"
    return "a" if "a" in v and "q" in v else None


def _entries(v: Any, path: _Path, keys: tuple[str, ...]) -> Iterator[_Entry]:
    """The entries of one container in order, each unknown mapping key beside its value."""
    if isinstance(v, list):
        for i, x in enumerate(v):
            yield _child(path, f"[{i}]"), keys, x, _CONTAINER if _is_container(x) else _LEAF
        return
    # form.custom[i] = {"label": "Date of Birth", "value": ...}: the label is the value's key; so is
    # a lead form's question to its answer ({"question": ..., "answer": ...}, {"q": ..., "a": ...})
    vk = _value_key(v)
    lk = next((k for k in _LABEL_KEYS if isinstance(v.get(k), str)), None) if vk is not None else None
    label = v[lk] if lk is not None else None
    names = field_names()
    for k, x in v.items():
        k = str(k)
        kind = _CONTAINER if _is_container(x) else _LEAF
        unknown = k not in names and known_field(k) is None
        if unknown and kind == _CONTAINER:
            yield _child(path, "." + KEY_PLACEHOLDER), keys, k, _KEY_BEFORE
        if label is not None and k == vk:
            yield _child(path, "." + k), (*keys, label), x, kind
        elif label is not None and k == lk:
            # the form's prompt ("Describe your symptoms"), not information about the person
            yield _child(path, "." + k), (*keys, "field_label"), x, _LEAF
        else:
            yield _child(path, "." + k), (*keys, k), x, kind
        if unknown and kind == _LEAF:
            yield _child(path, "." + KEY_PLACEHOLDER), keys, k, _KEY_AFTER


def _walk(payload: Mapping[str, Any]) -> Iterator[_Entry]:
    """Leaves and unknown keys depth-first in key order: (path, keys, value, kind), no _CONTAINER.

    An explicit stack instead of recursion, so any depth json.loads accepts is walked.
    """
    stack = [_entries(payload, "", ())]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
        elif entry[3] == _CONTAINER:
            stack.append(_entries(entry[2], entry[0], entry[1]))
        else:
            yield entry


def _context(payload: Mapping[str, Any]) -> Context:
    biz: set[str] = set()
    for k, v in payload.items():
        if (k.startswith(("tracking_number", "business_number")) and not k.endswith("_id")) and isinstance(
            v, str | int
        ):
            d = digits_of(str(v))
            if len(d) >= 7:
                biz.add(d[-10:])
    domains: set[str] = set()
    loc = payload.get("location")
    if isinstance(loc, str) and loc:
        try:
            host = urlsplit(loc if "://" in loc else "https://" + loc).hostname
        except ValueError:
            host = None
        if host:
            domains.add(registrable(host))
    wv = payload.get("webvisit")
    if isinstance(wv, Mapping) and isinstance(wv.get("location_host"), str) and wv["location_host"]:
        domains.add(registrable(wv["location_host"]))
    agent = payload.get("agent")
    names: set[str] = set()
    if isinstance(agent, Mapping):
        em = agent.get("email")
        if isinstance(em, str) and "@" in em:
            domains.add(registrable(em.rsplit("@", 1)[1]))
        nm = agent.get("name")
        if isinstance(nm, str):
            names.update(p.lower() for p in nm.split() if p)
    return Context(frozenset(biz), frozenset(domains), frozenset(names), _caller_names(payload, names))


def _caller_names(payload: Mapping[str, Any], agent: set[str]) -> frozenset[str]:
    """Lower-case words of the caller's name fields (`name`, `cnam`, `extended_lookup`'s names): a
    transcript or note that says one again alone ("okay earl") says the caller's name."""
    values = [payload.get("name"), payload.get("cnam")]
    lookup = payload.get("extended_lookup")
    if isinstance(lookup, Mapping):
        values += [lookup.get(k) for k in _NAME_EL]
    out: set[str] = set()
    for v in values:
        if not isinstance(v, str) or not _is_name_value(v) or is_business_name(v):
            continue
        parts = v.replace(",", " ").split()
        if len(parts) >= 2 and parts[-1].upper() in STATE_CODES and v.isupper():
            continue  # "COLUMBUS OH": a city
        out.update(p.lower() for p in parts)
    return frozenset(out - agent)


def _is_name_value(text: str) -> bool:
    t = text.strip()
    if not t or any(c.isdigit() for c in t) or "@" in t:
        return False
    return t.lower().strip(" .") not in _NON_NAMES


def _caller_id_city(text: str) -> bool:
    """True for a caller ID's "CITY ST" in capitals ("MT PLEASANT SC", "BOSTON MA")."""
    parts = text.split()
    return len(parts) >= 2 and text.isupper() and parts[-1] in STATE_CODES


def _cnam(path: str, text: str, out: list[Detection]) -> None:
    t = text.rstrip()
    if not _is_name_value(t):
        return
    parts = t.split()
    if len(parts) >= 2 and parts[-1].upper() in STATE_CODES and not _is_name_value(" ".join(parts[:-1])):
        return  # "CELL PHONE   CA": a line type plus the state, no name
    if len(parts) >= 2 and parts[-1].upper() in STATE_CODES and t.isupper():
        # "COLUMBUS OH": CNAM shows the caller's city, not a name
        out.append(Detection(path, 0, len(t) - len(parts[-1]) - 1, Category.GEO))
        return
    if not is_business_name(t):  # "WALGREENS PHARM", "CORVEL CORP": a business calling, no person
        out.append(Detection(path, 0, len(t), Category.NAME))


def _whole(path: str, text: str, cat: Category, out: list[Detection]) -> bool:
    """Flag `text` as a whole when it plausibly is a `cat` value; False to fall back to scanning."""
    t = text.strip()
    if not t or t.lower() in _CHOICES:
        return True  # "are_you_on_medicare?": "yes" answers the field, it identifies nobody
    ok = True
    if cat in _NUMBERED_IDS and not any(c.isdigit() for c in t):
        return False  # "Member ID": "see card", "Aetna PPO": text to scan, no id
    if cat is Category.NAME:
        if t.lower().strip(" .") in _NON_NAMES or (_is_name_value(t) and is_business_name(t)):
            return True  # "Unknown", "Wireless Caller", "Memorial Health": nothing to report or scan
        # "Mom - 555-0142", "my wife Ana, she is the guardian": text to scan, not a bare name
        ok = _is_name_value(t) and len(t.split()) <= 5
    elif cat in (Category.PHONE, Category.FAX):
        ok = len(_PHONE_DIGITS.findall(t)) >= 7
    elif cat is Category.EMAIL:
        ok = "@" in t
    elif cat is Category.IP:
        ok = valid_ip(t)
    elif cat is Category.DATE:
        # "within_3_months" answers "when are you looking to ...?": a duration, no date
        ok = len(_PHONE_DIGITS.findall(t)) >= 2 or bool(_MONTH_WORD.search(t))
        if ok and t.isdigit() and len(t) == 4:
            ok = False  # a bare year is not PHI
    elif cat in (Category.SSN,):
        ok = len(digits_of(t)) >= 9
    elif cat is Category.AGE:
        # only ages over 89 are identifiers; anything else in an age field is nothing at all
        n = int(t) if t.isdigit() else spoken_number(t)
        if n is not None and 90 <= n <= 125:
            out.append(Detection(path, 0, len(text), cat))
        return True
    elif cat is Category.URL:
        ok = " " not in t and ("/" in t or "." in t)
    elif cat is Category.GEO:
        ll = _LATLON.fullmatch(text)
        if ll is not None:  # "41.18392,-85.12931": latitude and longitude are two identifiers
            out.append(Detection(path, ll.start(1), ll.end(1), cat))
            out.append(Detection(path, ll.start(2), ll.end(2), cat))
            return True
    elif cat is not Category.BIOMETRIC:
        ok = any(c.isalnum() for c in t) and len(t) <= 64
    if ok:
        out.append(Detection(path, 0, len(text), cat))
    return ok


def _scan(path: str, text: str, ctx: Context, out: list[Detection], check: Check, names: bool = True) -> None:
    for s, e, c in scan(fold(text), ctx, check, names=names):
        out.append(Detection(path, s, e, c))


def _health(path: str, text: str, out: list[Detection]) -> None:
    if contains_health_information(text):
        out.append(Detection(path, 0, len(text), Category.HEALTH))


def _location(path: str, text: str, ctx: Context, out: list[Detection]) -> None:
    if url_identifies_person(text, ctx):
        out.append(Detection(path, 0, len(text), Category.URL))
    try:
        parts = urlsplit(text if "://" in text else "https://" + text)
    except ValueError:
        return
    # The path and the query's values ("/thank-you?service=fertility"): the host is the clinic's
    # name, and query keys are the form's field names.
    words = " ".join([parts.path, *(value for _, value in parse_qsl(parts.query))])
    if contains_health_information(words):
        out.append(Detection(path, 0, len(text), Category.HEALTH))


def inspect_payload(payload: Mapping[str, Any], *, deadline: float | None = None) -> list[Detection]:
    """Every PHI detection in a CTM call record: identifiers with offsets, HEALTH once per leaf path.

    Paths are dotted keys with `[i]` indices; offsets index the leaf's string (or `json.dumps` of a
    number leaf). A mapping key that is not a known field name is free text and is scanned too:
    its detections have the path of its mapping followed by `.<key>` (`custom_fields.<key>`, a
    top-level key's is `<key>`) and offsets into the key. Tracking/business numbers, agent data
    and CTM ids never yield detections.

    `deadline` is a `time.monotonic()` instant: past it, between fields or between the scanners of
    one field, the inspection stops with `InspectionIncomplete` carrying the detections so far.
    """
    if not isinstance(payload, Mapping):
        raise TypeError("payload must be a JSON object")
    ctx = _context(payload)
    no_health = _answered_by_non_health_business(payload) or (
        names_a_trade_site(ctx.clinic_domains) and not _answered_by_health_care(payload)
    )
    out: list[Detection] = []
    entries = list(_walk(payload))
    total = sum(kind == _LEAF for *_, kind in entries)
    check = None if deadline is None else _budget(deadline)
    facts = _Facts()
    done = 0  # leaves inspected
    value: list[Detection] = []  # the detections of the last leaf (a key after it reads them)
    health_texts: dict[str, str] = {}  # the text of each leaf or key with a HEALTH detection
    for path, keys, item, kind in entries:
        start = len(out)
        try:
            if check is not None:
                check()
            where = path if isinstance(path, str) else _PENDING
            if kind == _LEAF:
                _inspect_leaf(where, keys, item, ctx, out, check, facts)
                done += 1
            else:
                _inspect_key(where, keys, item, ctx, out, value if kind == _KEY_AFTER else [], check)
        except _Overrun:
            raise InspectionIncomplete(_dedupe(_placed(out, start, path)), done, total) from None
        _placed(out, start, path)
        if kind == _LEAF:
            value = out[start:]
        if any(d.category is Category.HEALTH for d in out[start:]):
            health_texts[out[start].path] = item if isinstance(item, str) else ""
    if (
        not no_health
        and health_texts
        and not _answered_by_health_care(payload)
        and about_a_trade(_free_texts(entries), _named_trade(payload, entries))
    ):
        # the record is about a trade: its health words are about the thing, unless said of a
        # person's own body ("my knee", "after my surgery")
        kept = {p for p, text in health_texts.items() if names_personal_health(text)}
        out = [d for d in out if d.category is not Category.HEALTH or d.path in kept]
    if no_health:
        out = [d for d in out if d.category is not Category.HEALTH]
    elif any(d.category is Category.HEALTH for d in out):
        _service_lines(payload, out)
    return _dedupe(out)


# Where a record names its business outside a greeting: an e-mail's salutation ("Hello Torque
# Auto!", "Hi Phone ER team,"), a sign-off ("- the Flowright Plumbing team").
_SALUTATION = re.compile(
    r"(?:^|[\n\"'(])[ \t]*(?:hello|hi|hey|dear)[ \t]+(?!there\b)([^,.!?\n:;]{3,50})[,.!:;\n]"
)
_TEAM = re.compile(r"\bthe[ \t]+([^,.!?\n:;]{3,40}?)[ \t]+team\b")


def _named_trade(payload: Mapping[str, Any], entries: list[_Entry]) -> bool:
    """True when a salutation, a sign-off or the form's name names a business that is no health
    care provider, as a greeting would ("Hello Torque Auto!", "Roofing Estimate Request", "the Phone
    ER team"); a name with a health word names none ("Auto Injury Intake"). Not the tracking line's
    name: CTM's own words are there ("Website Pool" is a number pool)."""
    names: list[str] = []
    form = payload.get("form")
    if isinstance(form, Mapping) and isinstance(form.get("form_name"), str):
        names.append(form["form_name"])
    names = [_CAMEL.sub(" ", n).lower() for n in names]
    for text in _free_texts(entries):
        low = _CAMEL.sub(" ", text).lower()
        names += [m.group(1) for m in _SALUTATION.finditer(low)]
        names += [m.group(1) for m in _TEAM.finditer(low)]
    vet, trade, thing_care = _business_kinds()
    for name in names:
        thing = thing_care.search(name)
        if thing is not None and not contains_health_information(name[: thing.start()]):
            return True
        if (vet.search(name) or _names_a_trade(name, trade)) and not contains_health_information(name):
            return True
    return False


def _free_texts(entries: list[_Entry]) -> Iterator[str]:
    """The record's texts a business shows itself in: every string leaf and key but CTM's own
    fields (ids, sources, agents, call paths)."""
    for _, keys, item, _kind in entries:
        if isinstance(item, str) and not (keys and keys[0] in _NEVER_TOP):
            yield item


def _service_lines(payload: Mapping[str, Any], out: list[Detection]) -> None:
    """In a call about health, a tag or tracking line that names a service line with an everyday
    word ("refill", "crisis", "residential", "Outpatient MAT Line") is health information too."""
    found = {d.path for d in out if d.category is Category.HEALTH}
    labels: list[tuple[str, Any]] = [(k, payload.get(k)) for k in ("tracking_label", "campaign")]
    tags = payload.get("tag_list")
    if isinstance(tags, list):
        labels += [(f"tag_list[{i}]", tag) for i, tag in enumerate(tags)]
    for path, label in labels:
        if isinstance(label, str) and path not in found and names_service_line(label):
            out.append(Detection(path, 0, len(label), Category.HEALTH))


_BUSINESS_KINDS = keyed_alternations("non_health_businesses")


@cache
def _business_kinds() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(vet, other trade, "Phone ER": a thing then a word of medicine), compiled when a greeting
    first needs them: most payloads have no transcript."""
    return (
        re.compile(rf"\b(?:{_BUSINESS_KINDS['VET']})\b"),
        re.compile(rf"\b(?:{_BUSINESS_KINDS['OTHER']})\b"),
        re.compile(
            rf"\b(?:{_BUSINESS_KINDS['THING']})(?:\s+and\s+\w+)?\s+(?:{_BUSINESS_KINDS['CARE']})(?![\w.])"
        ),
    )


_NOT_HEALTH_CARE_WORDS = words("non_health_business_words")  # "power", "credit union" ...
_GREETING_WORD = re.compile(r"[a-z]+")
# Where an answering agent's greeting ends: "<business>, this is Kim", "<business>, how can I help"
_GREETING_END = re.compile(
    r"\bthis\s+is\b|\bspeaking\b|\bhow\s+(?:can|may)\s+i\s+help\b|\bthank\s+you\s+for\s+calling\b"
)
# A chat bot's or a recording's greeting names the business too: "Bot: Welcome to Riverbend Animal
# Hospital!", "Bot: Pool Physician: is your pool sick?", "you've reached Motor Medics."
_WELCOME = re.compile(
    r"\b(?:welcome\s+to|you(?:'ve|\s+have)\s+reached)\s+([^.!?\n]{3,60})|^\s*bot\s*:\s*([^:.!?\n]{3,40})[:.!?]"
)
# Else the opening words of the first turn ("Tech: Appliance ICU, Manny."): read for a vet or a
# thing's "doctor" only, which no health care provider calls itself
_OPENING = re.compile(r"^\s*(?:[^\W\d_][\w ]{0,24}:\s*)?([^,.!?\n]{3,60})")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")  # "DriveSurgeon": two words
_GREETING_REACH = 120
_GREETING_WORDS = 6  # a first turn of at most this many words, with no "this is", is the name alone


def _answered_by_non_health_business(payload: Mapping[str, Any]) -> bool:
    """True when the transcript opens with a business that is no health care provider naming itself
    ("Torque Auto, this is Ray", "Bot: Welcome to Riverbend Animal Hospital!", "phone er this is
    jaylen"): its health words are about a car, a pet or a phone, not a patient."""
    greeting, named, first, newline = _greeting(payload)
    if not greeting:
        return False
    vet, trade, thing_care = _business_kinds()
    if vet.search(greeting):
        return True
    thing = thing_care.search(greeting)
    if thing is not None:
        # "bayside cardiology device clinic": the words before may still name health care
        return not contains_health_information(greeting[: thing.start()])
    # a greeting that names itself, or a first turn that is only a name ("agent: brightpath movers")
    _, colon, said = first.partition(":")
    only_a_name = bool(newline) and len((said if colon else first).split()) <= _GREETING_WORDS
    named = named or only_a_name
    return named and _names_a_trade(greeting, trade) and not contains_health_information(greeting)


def _greeting(payload: Mapping[str, Any]) -> tuple[str, bool, str, str]:
    """The transcript's opening words that name the business answering (lower case), whether they
    name it ("<business>, this is Kim", "welcome to <business>"), the first line and the newline
    after it ("" when the transcript is one line); ("", False, "", "") without a transcript."""
    text = payload.get("transcription_text")
    if not isinstance(text, str) or not text:
        return "", False, "", ""
    head = _CAMEL.sub(" ", text[:_GREETING_REACH]).lower()
    end = _GREETING_END.search(head)
    welcome = _WELCOME.search(head) if end is None else None
    first, newline, _ = head.partition("\n")
    if end is not None and end.group(0).startswith("thank"):
        # "thank you for calling <business>, this is Kim": the business comes after the thanks
        line_end = head.find("\n", end.end())
        line_end = len(head) if line_end < 0 else line_end
        nxt = _GREETING_END.search(head, end.end(), line_end)
        greeting = head[end.end() : nxt.start() if nxt is not None else line_end]
    elif end is not None:
        greeting = head[: end.start()]
    elif welcome is not None:
        greeting = welcome.group(1) or welcome.group(2)
    else:
        opening = _OPENING.match(head)
        # a name is a few words ("appliance icu"), a caller's sentence more ("my car doctor said i ...")
        greeting = opening.group(1) if opening is not None and len(opening.group(1).split()) <= 5 else ""
    return greeting, end is not None or welcome is not None, first, newline


def _answered_by_health_care(payload: Mapping[str, Any]) -> bool:
    """True when the transcript's greeting names health care and no trade ("Valley Family Clinic,
    this is Ana"; not "Operating Theater Escape Rooms, are you ready for surgery?"): the record is a
    provider's, whatever trade its caller names ("my car is at the mechanic")."""
    greeting, named, _, _ = _greeting(payload)
    if not named or names_a_trade(greeting):
        return False
    _, trade, thing_care = _business_kinds()
    if thing_care.search(greeting) is not None or _names_a_trade(greeting, trade):
        return False
    # a health term, not a bare word of medicine: "Stitch Clinic" may be a tailor's
    return contains_health_information(greeting)


def _names_a_trade(greeting: str, trade: re.Pattern[str]) -> bool:
    if trade.search(greeting):
        return True
    toks = _GREETING_WORD.findall(greeting)
    pairs = (f"{t} {u}" for t, u in pairwise(toks))
    return any(t in _NOT_HEALTH_CARE_WORDS for t in toks) or any(p in _NOT_HEALTH_CARE_WORDS for p in pairs)


_SNAKE_KEY = re.compile(r"[a-z_]+")
_PENDING = ""  # the path of detections until the leaf is done: most leaves need none rendered


def _placed(out: list[Detection], start: int, path: _Path) -> list[Detection]:
    """Give the detections from `start` on their rendered path (returns `out`)."""
    if len(out) > start and not isinstance(path, str):
        where = _render(path)
        out[start:] = [Detection(where, d.start, d.end, d.category) for d in out[start:]]
    return out


class _Overrun(Exception):
    """The deadline passed (internal: becomes InspectionIncomplete with the detections so far)."""


def _budget(deadline: float) -> Callable[[], None]:
    def check() -> None:
        if time.monotonic() > deadline:
            raise _Overrun

    return check


def _inspect_key(
    path: str,
    keys: tuple[str, ...],
    key: str,
    ctx: Context,
    out: list[Detection],
    value: list[Detection],
    check: Check,
) -> None:
    """Scan a mapping key the vocabulary does not know as free text ("SSN 219 09 9999", a name).

    `value` holds the detections of the key's value when that is a leaf.
    """
    top = keys[0] if keys else ""
    if top in _NEVER_TOP or top.startswith(("tracking_number", "business_number", "caller_number_split")):
        return
    if _SNAKE_KEY.fullmatch(key):
        return  # "service_requested": lower-case words joined by "_", one word to every scanner
    found = len(out)
    _scan(path, key, ctx, out, check)
    typed = classify((key,)) is not Role.SCAN
    if typed:
        # "Teléfono", "Cédula": a key that names a kind of field is that field's name, no person's
        out[found:] = [d for d in out[found:] if d.category is not Category.NAME]
    if len(out) > found or typed or not is_name_key(key, ctx.agent_names):
        return
    if contains_health_information(key):
        return  # "Chief Complaint", "Knee Pain": the clinic's question, not a person
    # {"Dana Whitfield": "219-09-9999"}: a name-shaped key holding an identifier, or a listed name
    if is_listed_name(key) or any(d.category is not Category.HEALTH for d in value):
        out.append(Detection(path, 0, len(key), Category.NAME))


class _Facts:
    """What a key chain says, worked out once per chain object (the items of a list share one)."""

    __slots__ = ("_memo",)

    def __init__(self) -> None:
        # the chain is kept with its result, so its id is not reused while the inspection runs
        self._memo: dict[tuple[int, str], tuple[tuple[str, ...], Any]] = {}

    def get(self, keys: tuple[str, ...], name: str, work: Callable[[tuple[str, ...]], Any]) -> Any:
        hit = self._memo.get((id(keys), name))
        if hit is None:
            hit = self._memo[(id(keys), name)] = (keys, work(keys))
        return hit[1]


def _keys_geo(keys: tuple[str, ...]) -> bool:
    return any("geo" in k or "zip" in k or "postal" in k for k in keys[1:])


# Fewest digits a keyed-in IVR entry has when it is an identifier, not a menu choice or extension
_IVR_ID_DIGITS = 6


def _ivr_input(
    path: str, keys: tuple[str, ...], text: str, ctx: Context, facts: _Facts, out: list[Detection]
) -> None:
    """IVR key presses (`inputs.menu_inputs[i]`, `inputs.geo_inputs[i]`, or keys a flow names).

    A ZIP / location input is GEO; an input whose key says what it is ("dob", "member_id") is that;
    digits long enough to be no menu choice are an identifier the caller keyed in: a date when they
    read as one (mmddyyyy, yyyymmdd), a phone when they are one, else an id of unknown kind.
    """
    t = text.strip()
    if not t:
        return
    if facts.get(keys, "inputs", _keys_geo):
        out.append(Detection(path, 0, len(text), Category.GEO))
        return
    cls = classify(keys[1:])
    if isinstance(cls, Category) and _whole(path, text, cls, out):
        return
    digits = digits_of(t)
    if len(digits) < _IVR_ID_DIGITS or len(digits) < len(t.replace(" ", "").replace("-", "")):
        return
    if digits[-10:] in ctx.business_digits:
        return
    if len(digits) == 8 and (_compact_date(digits[4:], digits[:4]) or _compact_date(digits[:4], digits[4:])):
        cat = Category.DATE
    elif len(digits) == 10 or (len(digits) == 11 and digits[0] == "1"):
        cat = Category.PHONE
    else:
        cat = Category.OTHER_ID
    out.append(Detection(path, 0, len(text), cat))


def _compact_date(month_day: str, year: str) -> bool:
    """True when "mmdd" and "yyyy" make a date of the last 130 years."""
    y = int(year)
    return 1890 <= y <= date.today().year and real_date(int(month_day[:2]), int(month_day[2:]), y)


def _key_names_health(keys: tuple[str, ...]) -> bool:
    # once per key chain: the items of a list share one key, which may be long
    return contains_health_information(keys[-1])


def _field_semantics(keys: tuple[str, ...]) -> tuple[Category | Role, set[str]]:
    inner = keys[1:] if keys[0] in _CUSTOM else keys
    return classify(inner or keys), set(key_tokens(keys[-1]))


def _inspect_leaf(
    path: str,
    keys: tuple[str, ...],
    value: Any,
    ctx: Context,
    out: list[Detection],
    check: Check,
    facts: _Facts,
) -> None:
    text = _leaf_text(value)
    if not text or not keys:
        return
    top = keys[0]
    if top in _NEVER_TOP or top.startswith(("tracking_number", "business_number", "caller_number_split")):
        return
    if keys[-1] == "field_label":
        return
    if len(keys) == 1 and top in _STRUCTURED:
        if top == "cnam" or (top == "name" and _caller_id_city(text)):
            _cnam(path, text, out)  # "MT PLEASANT SC": the caller ID's city, copied into `name`
        elif not _whole(path, text, _STRUCTURED[top], out):
            _scan(path, text, ctx, out, check)
        return
    if top == "inputs":
        _ivr_input(path, keys, text, ctx, facts, out)
        return
    if top == "ga":
        if keys[-1] in _SEARCH_TERMS and isinstance(value, str):
            _health(path, text, out)
        return
    if top == "geo" and len(keys) == 2:
        if keys[1] in ("lat", "lon", "lng", "latitude", "longitude"):
            out.append(Detection(path, 0, len(text), Category.GEO))
        return
    if top == "extended_lookup" and len(keys) == 2:
        k = keys[1]
        if k in _NAME_EL:
            _whole(path, text, Category.NAME, out)
        elif k in _GEO_EL:
            out.append(Detection(path, 0, len(text), Category.GEO))
        elif k not in ("state", "carrier", "line_type", "gender", "age_range", "country"):
            cls = classify(keys[1:])
            if isinstance(cls, Category):
                _whole(path, text, cls, out)
        return
    if top == "webvisit":
        if keys[-1] == "location_path" or keys[-1] in _SEARCH_TERMS:
            _health(path, text, out)
        elif keys[-1] in ("location", "url", "landing_page") and isinstance(value, str):
            _location(path, text, ctx, out)
        return
    if top in ("location", "last_location", "landing_page", "landing_url") and len(keys) == 1:
        _location(path, text, ctx, out)
        return
    if top in _LABEL_TOP and len(keys) == 1:
        if isinstance(value, str):
            _scan(path, text, ctx, out, check, names=False)
            _health(path, text, out)
        return
    if top in ("notes", "summary", "transcription_text", "tag_list", "spotted") or len(keys) == 1:
        if isinstance(value, str):
            _scan(path, text, ctx, out, check)
            _health(path, text, out)
        return
    if (
        keys[-1] in _SPEAKER_KEYS
        and isinstance(value, str)
        and is_person_label(text.strip(), ctx.agent_names)
    ):
        # chat_messages[i].from: the visitor's name (a role such as "Visitor", the agent or a
        # call leg's phone number falls through to the scanners)
        out.append(Detection(path, 0, len(text.rstrip()), Category.NAME))
        return
    # custom fields, forms and anything nested: classify the key by meaning
    cls, ktoks = facts.get(keys, "field", _field_semantics)
    if (
        isinstance(value, (str, int, float))
        and not isinstance(value, bool)
        and (ktoks & HEALTH_KEYS or facts.get(keys, "health", _key_names_health))
        and not ktoks & _IDENTIFIER_KEY_TOKENS
        and text.strip().lower() not in _NO_VALUE
        and not _ONLY_DATE_OR_ID.fullmatch(text)
    ):
        # allergies, current meds, diagnosis: health information whatever the wording; and any
        # answer to a field that names a health matter ("Pain Scale": 7, "Knee Pain": "yes")
        out.append(Detection(path, 0, len(text), Category.HEALTH))
    if isinstance(cls, Category):
        if (
            cls is Category.DATE
            and isinstance(value, str)
            and not _PHONE_DIGITS.search(value)
            and not _MONTH_WORD.search(value)
        ):
            cls = Role.SCAN
        elif _whole(path, text, cls, out):
            if isinstance(value, str) and len(text.split()) > _MAX_ID_VALUE_WORDS:
                _health(path, text, out)
            return
    if cls is Role.NEVER or not isinstance(value, str):
        return
    if cls is Role.SCAN or isinstance(cls, Category):
        # a typed field whose value is not that identifier alone is text: "Preferred contact":
        # "chae.park93@example.com", "Emergency contact": "aunt's phone 505-555-0177"
        found = len(out)
        _scan(path, text, ctx, out, check)
        if (
            ktoks
            and ktoks <= _PERSON_ROLE_KEYS
            and text.lower().strip(" .") not in _NON_NAMES  # "caller: unknown"
            and not is_business_name(text)
            and not names_an_animal(text)
            and (end := _leading_name(text))
        ):
            # a message form's "PATIENT: VOGEL CLARENCE 91", "caller: AMBER (GRANDDTR)": the name
            # the value opens with, whatever else it says of the person
            out[found:] = [d for d in out[found:] if d.category is not Category.NAME or d.start >= end]
            out.append(Detection(path, 0, end, Category.NAME))
            age = _AGE_AFTER_NAME.match(text, end)
            if age is not None and 90 <= int(age.group(1)) <= 125:
                s, e = age.span(1)
                if not any(d.start < e and s < d.end for d in out[found:]):
                    out.append(Detection(path, s, e, Category.AGE))  # "VOGEL CLARENCE 91"
    _health(path, text, out)


# Keys that name a person alone: a message form's "patient", "caller", "pt" holds that person's name
# first ("KVAM RUSSELL", "O'BRYAN, LEONARD 90YO", "AMBER (GRANDDTR)")
_PERSON_ROLE_KEYS = frozenset(("patient", "pt", "caller", "client", "resident", "guardian", "parent"))
_NAME_WORD = r"[^\W\d_](?:[^\W\d_]|['’.-])*"
_NAME_WORDS = re.compile(rf"[ \t]*({_NAME_WORD}(?:,?[ \t]+{_NAME_WORD}){{0,3}})(?![\w'’-])")
_AGE_AFTER_NAME = re.compile(r"[ \t,]+(\d{2,3})(?:[ \t]*(?:yo|y/o|f|m))?(?![\w/])", re.IGNORECASE)
# Words of a form's value that end the name before them: its ids, ages and labels
_AFTER_THE_NAME = frozenset(("mrn", "acct", "dob", "yo", "y/o", "age", "id", "re", "pt", "f", "m", "cb"))


def _leading_name(text: str) -> int:
    """Where the name that `text` opens with ends (0: it opens with none): up to four words, not
    past an id's label, an age or a word that is no name."""
    m = _NAME_WORDS.match(text)
    if m is None:
        return 0
    end = 0
    for w in re.finditer(_NAME_WORD, m.group(1)):
        low = w.group(0).lower().strip(".")
        if low in _AFTER_THE_NAME or contains_health_information(low):
            break
        if is_common_word(low) and not is_listed_name(w.group(0)):
            break
        end = m.start(1) + w.end()
    return end


def _dedupe(dets: list[Detection]) -> list[Detection]:
    seen: set[Detection] = set()
    res: list[Detection] = []
    for d in dets:
        if d not in seen and d.end > d.start:
            seen.add(d)
            res.append(d)
    return res


__all__ = ["inspect_payload", "key_tokens"]
