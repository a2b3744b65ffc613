"""Identifiers attributed by the cue word before them (MRN, member id, licence ...), MBIs, VINs, usernames.

A cue word the vocabulary does not know still says "id" when a label word is followed by "#",
"no.", "number" or "id" ("inmate# C-55190", "student id 912447031", "ipledge # 10988"): the token
after it, with four digits or more, is the person's id (OTHER_ID), unless the label names a thing,
a place or a step (not_id_labels.txt: "room # 12", "page 3"). An immigrant's A-number
("A208114769") needs no cue: its shape is its own.
"""

from __future__ import annotations

import re

from ctm_hipaa.phi.claims import ScanState
from ctm_hipaa.phi.cues import cue_before
from ctm_hipaa.phi.fold import CuePattern
from ctm_hipaa.phi.lexicon import words
from ctm_hipaa.phi.model import Category
from ctm_hipaa.phi.scanners import Scanner
from ctm_hipaa.phi.scanners.geo import STATE_CODES
from ctm_hipaa.phi.validators import digits_of, plausible_ssn, valid_mbi, valid_vin

_ID_TOKEN = re.compile(
    r"(?<![\w@./:$-])(?=[A-Za-z0-9-]*\d)[A-Za-z0-9][A-Za-z0-9-]{2,24}[A-Za-z0-9](?![\w@/-]|\.\w)"
)
# An id read in groups or character by character: "7037 3916 38", "S 0 0 4 4 1 9 2 6 7", "1 0 8 8 4 2
# 7 1 9 W A", "WTU 209 C 8 7 5 1 2" (letters in capitals: a lower-case word ends it)
_GROUPED_ID = re.compile(
    r"(?<![\w.-])(?:(?P<lead>[A-Z]{1,3}) |[A-Za-z](?=\d))?\d{1,4}"
    r"(?: (?:[A-Z]{0,3}\d{1,4}|[A-Z]{1,3})){1,19}(?![\w-]|\.\d)"
)
_USERNAME_CUE = re.compile(
    r"\b(?:user\s*name|user\s*id|login|handle)\s*(?:is|was|:|-)?\s*"
    r"([A-Za-z][A-Za-z0-9._-]{2,30}[A-Za-z0-9])(?![\w@/-]|\.\w)",
    re.IGNORECASE,
)
# The id kinds of data/number_cues.txt and the category each is reported as (answers.py shares it).
ID_CATEGORIES = {
    "MRN": Category.MRN,
    "HEALTH_PLAN": Category.HEALTH_PLAN,
    "ACCOUNT": Category.ACCOUNT,
    "LICENSE": Category.LICENSE,
    "VEHICLE": Category.VEHICLE,
    "DEVICE": Category.DEVICE,
    "OTHER_ID": Category.OTHER_ID,
}
_CLOCK = re.compile(r"\d{1,4}(?:am|pm|a|p)", re.IGNORECASE)
# Clinical shorthand that a cue word a line above would read as an id: gravida and para ("G2P1"),
# a dosing interval ("q30d", "q4h") and a number with its unit ("31wks", "20mg", "3days")
_SHORTHAND = re.compile(
    r"g\d{1,2}p\d{1,4}|q\d{1,3}(?:h|hr|hrs|d|w|wk|wks|min)"
    r"|\d{1,4}(?:wks?|weeks?|days?|d|hrs?|mos?|months?|yrs?|yo|lbs?|kg|mg|mcg|ml|cm|mm|units?)"
)
_NOT_ID_WORDS = words("not_id_words")
_NOT_ID_LABELS = words("not_id_labels")
# "<label> #", "<label> no.", "<label> number", "<label> id" right before the token
_LABEL = CuePattern(
    r"(?<![\w'-])(?P<label>[a-z][a-z'-]{1,20})[^\S\n]*(?P<key>#|no\.|num(?:ber)?\.?|id)"
    r"[^\S\n]*(?:is|was|:|#)?[^\S\n]*$"
)
# "her id is …" is an id; "her number" is a phone
_POSSESSIVE = frozenset(("my", "his", "her", "your", "their", "our"))
_A_NUMBER = re.compile(r"A(?:\d{8,9}|-\d{3}-\d{3}-\d{3})")
# A plate written in groups after its cue ("plate NLK 4829, Texas", "plate ME 4471 RX"): capitals and
# digits, two or three groups, a digit among them; a state code after it is the plate's state
_PLATE = re.compile(
    r"(?<![\w-])(?=[A-Z]{0,4}[ -]?[A-Z]{0,4}[ -]?\d)[A-Z0-9]{1,4}(?:[ -][A-Z0-9]{1,4}){1,2}(?![\w-])"
)
_MIN_PLATE = 5  # characters, spaces left out


def scan(st: ScanState) -> None:
    """Claim ids by the cue before them (reported by its kind, a negative cue unreported), MBIs and VINs."""
    t = st.text
    for m in _ID_TOKEN.finditer(t):
        s, e = m.start(), m.end()
        tok = m.group(0)
        if not st.free(s, e):
            continue
        if len(tok) < 5 and tok.isdigit():
            continue  # years, prices, counts
        if _CLOCK.fullmatch(tok):
            continue  # "10am", "930pm": a time of day
        if _SHORTHAND.fullmatch(tok.lower()):
            continue  # "G2P1 at 31wks", "foley care q30d": shorthand, no id
        kind = cue_before(st, s, 60)
        if kind == "SSN":
            if plausible_ssn(tok) and len(digits_of(tok)) == len(tok.replace("-", "")):
                st.claim(s, e, Category.SSN)
            continue
        if kind in ID_CATEGORIES:
            if kind in ("VEHICLE", "OTHER_ID") or sum(c.isdigit() for c in tok) >= 2:
                st.claim(s, e, ID_CATEGORIES[kind])
            continue
        if kind == "NEG":
            st.claim(s, e, None)
            continue
        if valid_mbi(tok):
            st.claim(s, e, Category.HEALTH_PLAN)
        elif valid_vin(tok):
            st.claim(s, e, Category.VEHICLE)
        elif _A_NUMBER.fullmatch(tok):
            st.claim(s, e, Category.OTHER_ID)
        elif kind is None and (cat := _labelled(st, s, tok)) is not None:
            st.claim(s, e, cat)
    # ids read in groups ("acct 7037 3916 38", "member S 0 0 4 4 1 9 2 6 7"): only right after a cue
    for m in _GROUPED_ID.finditer(t):
        s, e = m.start(), m.end()
        digits = digits_of(m.group(0))
        if st.free(s, e) and len(digits) >= 6:
            kind = cue_before(st, s, 30)
            if kind is None and m.group("lead") is not None:
                # the letters were the cue itself ("DL 28 449 120"): the id is the digits after them
                kind = cue_before(st, m.end("lead") + 1, 30)
                s = m.end("lead") + 1 if kind is not None else s
            if kind in ID_CATEGORIES:
                st.claim(s, e, ID_CATEGORIES[kind])
            elif kind == "SSN" and len(digits) == 9 and plausible_ssn(digits):
                st.claim(s, e, Category.SSN)
            elif kind is None and (cat := _labelled(st, s, m.group(0))) is not None:
                st.claim(s, e, cat)  # "his ID is 7 7 2 0 1 8 4 4 9"
    for m in _PLATE.finditer(t) if st.f.mentions("plate") else ():
        s, e = m.start(), m.end()
        groups = m.group(0).replace("-", " ").split(" ")
        if len(groups) == 3 and groups[-1] in STATE_CODES:
            e -= len(groups[-1]) + 1  # "RCB 0922 AZ": the plate, then its state
        if sum(map(len, groups)) >= _MIN_PLATE and st.free(s, e) and cue_before(st, s, 20) == "VEHICLE":
            st.claim(s, e, Category.VEHICLE)
    # usernames have no digits to anchor on: only right after an explicit cue
    for m in _USERNAME_CUE.finditer(t) if st.f.mentions("user", "login", "handle") else ():
        s, e = m.start(1), m.end(1)
        if m.group(1).lower() not in _NOT_ID_WORDS and st.free(s, e):
            st.claim(s, e, Category.OTHER_ID)


def _labelled(st: ScanState, s: int, tok: str) -> Category | None:
    """The id category of `tok` at `s` when a label word with "#", "no.", "number" or "id" stands
    right before it; None when there is none or it names no id of a person.

    A known cue word as the label keeps its kind ("case no." is no id, "chart no." an MRN): its
    own search stops at the "no. " it reads as a sentence's end.
    """
    if sum(c.isdigit() for c in tok) < 4:
        return None
    m = None
    for m in _LABEL.finditer(st.f, max(0, s - 40), s):  # noqa: B007 - the last match is the nearest
        pass
    if m is None:
        return None
    kind = cue_before(st, m.end("key"), m.end("key") - m.start())
    if kind is not None:
        return ID_CATEGORIES.get(kind)
    label = m.group("label").lower()
    if label in _POSSESSIVE:
        return Category.OTHER_ID if m.group("key").lower() == "id" else None
    return None if label in _NOT_ID_LABELS else Category.OTHER_ID


def _always(st: ScanState) -> bool:
    return True


SCANNER = Scanner("ids", _always, scan)
