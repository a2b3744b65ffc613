"""Payment card numbers: 13 to 19 digits passing the Luhn check (claimed unreported after an order cue)."""

from __future__ import annotations

import re

from ctm_hipaa.phi.claims import ScanState
from ctm_hipaa.phi.cues import cue_before
from ctm_hipaa.phi.model import Category
from ctm_hipaa.phi.scanners import Scanner, has_digit
from ctm_hipaa.phi.validators import digits_of, luhn_ok

# The number patterns open with a lookahead on their first character: the engine then rejects most
# positions of a text with one test instead of entering the pattern.
_CARD = re.compile(r"(?=\d)(?<![\w-])\d{4}(?:[ -]?\d{2,6}){2,4}(?![\w-])")


def scan(st: ScanState) -> None:
    """Claim every Luhn-valid card number; report it unless a negative cue comes before it."""
    for m in _CARD.finditer(st.text):
        d = digits_of(m.group(0))
        if 13 <= len(d) <= 19 and luhn_ok(d) and st.free(m.start(), m.end()):
            kind = cue_before(st, m.start(), 30)
            st.claim(m.start(), m.end(), None if kind == "NEG" else Category.ACCOUNT)


SCANNER = Scanner("card", has_digit, scan)
