"""The one ordered pipeline of free-text scanners: each claims the spans it consumes, in this order.

Order matters because a claimed span is not read again (phi/claims.py). The rule: scanners whose
patterns prove themselves run first (an "@", a scheme or a profile site, a Luhn check, SSN rules,
calendar ranges, a valid phone number); then those that read a bare number by its context (an age,
a street number, a ZIP); then number words; the scan that attributes any token to the cue word
before it (`ids`) runs last and takes only what is left. Names run after all of them, over the
original text and every claim, so a name part is never read inside an address or an id.

How much the order matters, measured on the dev, a, c and d payloads (770) when this module was
split out: swapping `email` and `url` changes the detections of 1 payload, `card` and `ssn` of
none, `ssn` and `date` of 39, `date` and `phone` of 262, `phone` and `ip` of 16, `age` and `geo`
of 42, `spoken` and `ids` of 26. Examples of why each later step waits:

- "she is 92 Main Street": `age` claims "92"; `geo` first would report an address.
- "member 614-555-0142": `phone` takes a formatted number; `ids` first would call it a member id.
- "mrn 43215 Columbus, OH 43215": `geo` takes the ZIP after the state; `ids` first takes both.

Speech-to-text writes numbers as words. Before PIPELINE, SPOKEN_PIPELINE (card, ssn, date, phone, age)
reads the text with its number words rewritten as digits (phi/spoken_forms.py: "six one four five
five five oh one four two" -> "6145550142"); what it finds on rewritten words is claimed at the
original span of those words, so PIPELINE and the names skip them. Spans of that pass wholly
outside the rewrites are dropped: PIPELINE finds them in the original in its own order.

Transcripts (phi/turns.py, parsed once per text on the ScanState): their speaker labels are claimed
first, unreported (`answers.LABELS`: "Dispatcher:", "spk_0:" are neither names nor numbers); the
identifiers in a caller's answer to the agent's question are claimed by the question's kind after
the scanners whose patterns prove themselves and before `spoken` and `ids` (`answers.SCANNER`:
"what's your social?" ... "five six eight oh two ..." is an SSN, not a run read by its length).

`geo` runs on a text with a digit, `places` (counties, "lives in <City>") on one without. Texts
OCR'd from faxes read 0 as O and 1 as l or I: the scanners see those letters as digits.

Four scanners stand where their evidence is: `hl7` (pasted HL7 v2 segments, read by field
position) runs first; `geo_abroad` (European "<street> <no>, <postal code> <City>") before the
dates, whose "7/2" it holds; `cities` (lower-case cities from the gazetteer) after `spoken`,
since it reads the addresses and ZIPs every earlier scanner claimed, written or read out; `fields`
(place fields pasted into a text, "town=Liberty&county=Clay") after it, on what is left;
`county_roads` ("on county road twenty one", "CR 9 MM 12") before `streets`, which would read the
road without its number. `grid` reads only the spoken forms (SPOKEN_PIPELINE): a rural address read
out ("twenty six oh five three seventy fifth avenue") before its numbers read as a phone or a date.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ctm_hipaa.phi.claims import Claims, ScanState, Span
from ctm_hipaa.phi.fold import Folded, fold
from ctm_hipaa.phi.model import Category, Context
from ctm_hipaa.phi.scanners import (
    Scanner,
    age,
    answers,
    card,
    cjk,
    date,
    email,
    fields,
    geo,
    hl7,
    ids,
    ip,
    phone,
    places,
    script_places,
    spoken,
    ssn,
    url,
    vietnamese,
)
from ctm_hipaa.phi.scanners.names import NameScanner
from ctm_hipaa.phi.spoken_forms import Normalized, normalize
from ctm_hipaa.phi.turns import Turns

PIPELINE: tuple[Scanner, ...] = (
    answers.LABELS,
    hl7.SCANNER,
    email.SCANNER,
    url.SCANNER,
    card.SCANNER,
    ssn.SCANNER,
    geo.ABROAD,
    cjk.SCANNER,
    date.SCANNER,
    date.MONTHS,
    phone.SCANNER,
    script_places.SCANNER,
    vietnamese.SCANNER,
    ip.SCANNER,
    age.SCANNER,
    age.DECADES,
    geo.SCANNER,
    geo.COUNTY_ROADS,  # before the streets: "on county road nine" is the road and its number
    geo.STREETS,
    places.SCANNER,
    answers.SCANNER,
    spoken.SCANNER,
    places.CITIES,
    fields.SCANNER,
    ids.SCANNER,
)

# The scanners that also read the text with its spoken numbers as digits (phi/spoken_forms.py), in
# PIPELINE's order: what they find there, on words that were rewritten, is claimed before PIPELINE
# runs over the original. The others read number words themselves or need no digits.
SPOKEN_PIPELINE: tuple[Scanner, ...] = (
    geo.GRID,  # a grid address read out: its numbers are no phone or date
    card.SCANNER,
    ssn.SCANNER,
    date.SCANNER,
    phone.SCANNER,
    age.SCANNER,
)

_LINES = (Category.PHONE, Category.FAX)
_HAS_DIGIT = re.compile(r"\d")
_OLD_AGE = re.compile(r"(?<!\d)(?:9\d|1[01]\d|12[0-5])(?!\d)")  # an age over 89 in digits
# Faxes run through OCR read 0 as O and 1 as l or I ("12/11/2O00", "3l3-555-0113"). Only letters
# touching a digit are mapped, one for one, so every offset into the fixed text is an offset into
# the original.
_OCR = re.compile(r"[OlI](?:(?<=\d.)|(?=\d))")  # the class first: the engine skips to O/l/I
_OCR_MAP = {"O": "0", "l": "1", "I": "1"}


def _ocr_digits(text: str) -> str:
    """`text` with O/l/I that touch a digit read as 0/1 (same length: offsets are unchanged)."""
    if not _OCR.search(text):
        return text
    for _ in range(2):  # "2lO0": the second pass reaches letters that touched only letters
        text = _OCR.sub(lambda m: _OCR_MAP[m.group(0)], text)
    return text


def _scan_spoken_forms(st: ScanState, norm: Normalized, check: Callable[[], None] | None) -> None:
    """Claim in `st` what SPOKEN_PIPELINE finds on rewritten words of `norm`, at their original spans.

    Spans wholly outside the rewrites are left to PIPELINE over the original text, so a text's
    written digits are read as before.
    """
    nst = ScanState(norm.text, fold(norm.text), st.ctx, True)
    for scanner in SPOKEN_PIPELINE:
        if scanner.wants(nst):
            if check is not None:
                check()
            scanner.scan(nst)
    reported = {(s, e): cat for s, e, cat in nst.out}
    for s, e in nst.claims.spans:
        if norm.rewritten(s, e):
            os, oe = norm.span(s, e)
            if st.free(os, oe):
                cat = reported.get((s, e))
                if cat in _LINES and spoken.clinic_line(st.f, os) and not phone.household_line(st, os):
                    cat = None  # "nuestro número es el nueve uno cinco ...": the practice's own line
                st.claim(os, oe, cat)


def scan_text(
    f: Folded, ctx: Context, check: Callable[[], None] | None = None
) -> tuple[list[Span], Claims, Turns]:
    """Run PIPELINE over `f.text`: (identifier spans, every claimed span, the speaker turns).

    `check`, when given, is called before each scanner that runs (the caller's deadline: it
    raises to stop).
    """
    text = f.text
    digits = _HAS_DIGIT.search(text) is not None
    fixed = _ocr_digits(text) if digits else text
    st = ScanState(fixed, f if fixed is text else fold(fixed), ctx, digits)
    norm = normalize(st.f)
    if norm is not None:
        _scan_spoken_forms(st, norm, check)
    for scanner in PIPELINE:
        if scanner.wants(st):
            if check is not None:
                check()
            scanner.scan(st)
    age.echoes(st, norm)
    return st.out, st.claims, st.turns


def scan(
    f: Folded, ctx: Context, check: Callable[[], None] | None = None, *, names: bool = True
) -> list[Span]:
    """Every identifier span in `f.text`: PIPELINE, then (with `names`) the name scanner."""
    spans, claimed, turns = scan_text(f, ctx, check)
    if names:
        if check is not None:
            check()
        named = NameScanner(f, claimed, ctx.agent_names, turns, ctx.clinic_domains).scan(ctx.caller_names)
        spans += named
        if named and _OLD_AGE.search(f.text):
            spans += age.after_names(f.text, named, claimed)
        if named:
            spans += places.after_names(f, named, claimed)
    return spans
