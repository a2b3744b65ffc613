"""Ages over 89 written in digits ("92 years old", "she's 94"): younger ages are not identifiers."""

from __future__ import annotations

import re

from ctm_hipaa.phi.claims import ScanState
from ctm_hipaa.phi.fold import CuePattern
from ctm_hipaa.phi.model import Category
from ctm_hipaa.phi.scanners import Scanner, has_digit

_AGE = CuePattern(
    r"(?:\b(?:is|are|was|aged?|turning|turned|turns|they're|she's|he's|i'm|i am|they are|she is|he is|"
    r"age:|pt is|patient is)\s+(?P<a>\d{2,3})\b(?!\s*(?:%|percent|mg|mcg|ml|lbs?|pounds|kg|dollars|"
    r"minutes|mins?|hours?|days?|weeks?|months?|am\b|pm\b|a\.m|p\.m|:|/|,\d|\.\d|st\b|nd\b|rd\b|th\b)))"
    r"|\b(?P<b>\d{2,3})\s*(?:-\s*)?(?:years?|yrs?)(?:[\s-]*old)\b"
    r"|\b(?P<c>\d{2,3})\s*(?:y/o|yo|y\.o\.)(?!\w)"
    r"|\b(?P<e>\d{2,3})-year-old"
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
        if 90 <= n <= 125 and st.free(s, e):
            st.claim(s, e, Category.AGE)


SCANNER = Scanner("age", has_digit, scan)
