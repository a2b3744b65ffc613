"""Payment card numbers: 13 to 19 digits passing the Luhn check (claimed unreported after an order cue).

Forms and notes group them by four with a space, a dash, " - " or two spaces. Sixteen digits in
four groups of four that fail the check are a mistyped card after a card cue ("cc# 5500 …"),
and no phone anywhere: they are claimed, so no later scanner reads a phone in their tail.
"""

from __future__ import annotations

import re

from ctm_hipaa.phi.claims import ScanState
from ctm_hipaa.phi.cues import cue_before
from ctm_hipaa.phi.model import Category
from ctm_hipaa.phi.scanners import Scanner, has_digit
from ctm_hipaa.phi.validators import digits_of, luhn_ok

# The number patterns open with a lookahead on their first character: the engine then rejects most
# positions of a text with one test instead of entering the pattern.
_SEP = r"(?:[ -]|  | - )?"
_CARD = re.compile(r"(?=\d)(?<![\w-])\d{4}(?:" + _SEP + r"\d{2,6}){2,4}(?![\w-])")
_FOUR_BY_FOUR = re.compile(r"\d{4}(?:[ -]|  | - )\d{4}(?:[ -]|  | - )\d{4}(?:[ -]|  | - )\d{4}")


def scan(st: ScanState) -> None:
    """Claim every Luhn-valid card number; report it unless a negative cue comes before it."""
    for m in _CARD.finditer(st.text):
        d = digits_of(m.group(0))
        if not 13 <= len(d) <= 19 or not st.free(m.start(), m.end()):
            continue
        if luhn_ok(d):
            kind = cue_before(st, m.start(), 30)
            st.claim(m.start(), m.end(), None if kind == "NEG" else Category.ACCOUNT)
        elif _FOUR_BY_FOUR.fullmatch(m.group(0)):
            kind = cue_before(st, m.start(), 30)
            if kind is None or kind in ("ACCOUNT", "NEG", "PHONE"):  # other ids are the id scan's
                st.claim(m.start(), m.end(), Category.ACCOUNT if kind == "ACCOUNT" else None)


SCANNER = Scanner("card", has_digit, scan)
