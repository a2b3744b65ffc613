"""Counties and "lives in <City>" in a text without digits (every street and ZIP layout has a digit)."""

from __future__ import annotations

from ctm_hipaa.phi.claims import ScanState
from ctm_hipaa.phi.model import Category
from ctm_hipaa.phi.scanners import Scanner, no_digit
from ctm_hipaa.phi.scanners.geo import COUNTY, COUNTY_WORD, IN_CITY, IN_CITY_VERBS


def scan(st: ScanState) -> None:
    """Claim and report counties and "lives in <City>" (the place scans that need no digit)."""
    text = st.text
    if COUNTY_WORD.search(text):
        for m in COUNTY.finditer(text):
            st.claim(m.start(), m.end(), Category.GEO)
    if st.f.mentions(*IN_CITY_VERBS):
        for m in IN_CITY.finditer(text):
            st.claim(m.start(1), m.end(1), Category.GEO)


SCANNER = Scanner("places", no_digit, scan)
