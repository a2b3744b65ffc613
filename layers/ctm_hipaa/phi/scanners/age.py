"""Ages over 89 ("92 years old", "she's 94", "tiene 94 años", "elle a 93 ans", "92 tuổi"): younger
ages are not identifiers.

Ages said in words ("she's ninety six", "noventa y un años") are read on the text with its number
words as digits (phi/spoken_forms.py, the pipeline's SPOKEN_PIPELINE).
"""

from __future__ import annotations

import re

from ctm_hipaa.phi.claims import ScanState
from ctm_hipaa.phi.fold import CuePattern
from ctm_hipaa.phi.model import Category
from ctm_hipaa.phi.scanners import Scanner, has_digit
from ctm_hipaa.phi.scanners.geo import opens_address

_AGE = CuePattern(
    r"(?:\b(?:is|are|was|aged?|turning|turned|turns|turn|they're|she's|he's|i'm|i am|they are|she is|he is|"
    r"will be|'ll be|age:|pt is|patient is)\s+(?:a\s+)?(?P<a>\d{2,3})\b(?!\s*(?:%|percent|mg|mcg|ml|lbs?|"
    r"pounds|kg|dollars|minutes|mins?|hours?|days?|weeks?|months?|am\b|pm\b|a\.m|p\.m|:\s*\d|/\s*\d|,\d|\.\d|st\b|nd\b|"
    r"rd\b|th\b)))"
    r"|\b(?P<b>\d{2,3})\s*(?:-\s*)?(?:years?|yrs?)(?:[\s-]*old)\b"
    r"|\b(?P<c>\d{2,3})\s*(?:y/o|yo|y\.o\.)(?!\w)"
    r"|\b(?P<e>\d{2,3})-year-old"
    # Spanish: "tiene 94 años", "de 91 años" ("noventa y un años" read as digits by spoken_forms)
    r"|\b(?P<s>\d{2,3})\s+a[ñn]os\b"
    # in brackets after the person: "Elder (92)", "pt (94) lives alone", "mother (91)"
    r"|\b(?:elder|pt|patient|client|resident|mother|father|mom|dad|grandma|grandpa|grandmother|"
    r"grandfather|husband|wife|aunt|uncle)\s+\((?P<p>\d{2,3})\)"
    # the other languages ("quatre-vingt-treize ans", "chín mươi hai tuổi", "dziewięćdziesiąt jeden
    # lat", "девяносто два года", "tis3een sene"); Creole "an" only after "gen" (has), Russian
    # "года" not after "в"/"с" ("в девяносто пятом году" is a year); Tagalog "nobenta na po"
    r"|\b(?P<o>\d{2,3})\s+(?:ans|tuổi|lat|lata|лет|sene|seneh|sana|sneen)(?!\w)"
    r"|(?<![вс] )\b(?P<r>\d{2,3})\s+года?(?!\w)"
    r"|\b(?:gen|genyen)\s+(?P<h>\d{2,3})\s+an\b"
    r"|\b(?P<t>\d{2,3})\s+na\s+(?:po|ho|pala|siya|sya)\b"
)


_OLD = re.compile(r"(?<!\d)(?:9\d|1[01]\d|12[0-5])(?!\d)")


def scan(st: ScanState) -> None:
    """Claim and report ages from 90 to 125 after an age cue or before "years old"."""
    if not _OLD.search(st.text):
        return  # only ages over 89 are identifiers
    for m in _AGE.finditer(st.f):
        name = m.lastgroup or "a"
        n = int(m.group(name))
        s, e = m.start(name), m.end(name)
        if 90 <= n <= 125 and st.free(s, e) and not opens_address(st.f, e):
            st.claim(s, e, Category.AGE)


# An age over 89 said as a decade of the person's life: "she's in her late nineties", "in his
# 90s", "mi abuela tiene noventa y tantos"; not the decade of a century ("back in the late nineties")
_DECADE = CuePattern(
    r"\bin\s+(?:his|her|their|my|your|our)\s+(?P<d>(?:(?:early|mid|late)[\s-]+)?(?:nineties|90['’]?s|hundreds))\b"
    r"|\b(?:tiene|tengo|tenía|tiene\s+como)\s+(?P<s>noventa\s+y\s+(?:tantos|pico|algo))\b"
)


def scan_decades(st: ScanState) -> None:
    """Claim and report an age said as the person's nineties ("in her late nineties")."""
    for m in _DECADE.finditer(st.f):
        name = m.lastgroup or "d"
        if st.free(m.start(name), m.end(name)):
            st.claim(m.start(name), m.end(name), Category.AGE)


def _names_a_decade(st: ScanState) -> bool:
    return st.f.mentions("nineties", "90s", "90's", "hundreds", "noventa")


SCANNER = Scanner("age", has_digit, scan)
DECADES = Scanner("age_decades", _names_a_decade, scan_decades)
