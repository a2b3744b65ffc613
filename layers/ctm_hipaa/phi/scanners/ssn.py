"""Social Security numbers: valid or cued 3-2-4 digits, and nine digits in any grouping after an SSN cue."""

from __future__ import annotations

import re

from ctm_hipaa.phi.claims import ScanState
from ctm_hipaa.phi.cues import cue_before
from ctm_hipaa.phi.model import Category
from ctm_hipaa.phi.scanners import Scanner, has_digit
from ctm_hipaa.phi.validators import plausible_ssn, valid_ssn

_SSN = re.compile(r"(?=\d)(?<![\w.-])\d{3}([- .])\d{2}\1\d{4}(?![\w-]|\.\d)")
# Nine digits in any grouping ("21 90 99 99 9"): an SSN only right after an SSN cue
_SSN_GROUPED = re.compile(r"(?=\d)(?<![\w.-])\d(?:[ .-]?\d){8}(?![\w-]|[ .-]?\d)")


def scan(st: ScanState) -> None:
    """Claim and report SSNs: valid 3-2-4 numbers without a cue, any grouping after an SSN cue."""
    for m in _SSN.finditer(st.text):
        if plausible_ssn(m.group(0)) and st.free(m.start(), m.end()):
            kind = cue_before(st, m.start(), 30)
            if kind == "SSN" or (kind is None and valid_ssn(m.group(0))):
                st.claim(m.start(), m.end(), Category.SSN)
    for m in _SSN_GROUPED.finditer(st.text) if st.f.mentions("ssn", "ss#", "social", "soc") else ():
        if (
            not m.group(0).isdigit()  # nine digits in one piece are the id scan's
            and plausible_ssn(m.group(0))
            and st.free(m.start(), m.end())
            and cue_before(st, m.start(), 30) == "SSN"
        ):
            st.claim(m.start(), m.end(), Category.SSN)


SCANNER = Scanner("ssn", has_digit, scan)
