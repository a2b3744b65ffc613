"""IPv4 and IPv6 addresses."""

from __future__ import annotations

import re

from ctm_hipaa.phi.claims import ScanState
from ctm_hipaa.phi.model import Category
from ctm_hipaa.phi.scanners import Scanner, has_digit
from ctm_hipaa.phi.validators import valid_ip

_IPV4 = re.compile(r"(?=\d)(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)")
_IPV6 = re.compile(r"(?=[0-9A-Fa-f:])(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")


def scan(st: ScanState) -> None:
    """Claim and report valid IPv4 and IPv6 addresses."""
    for m in _IPV4.finditer(st.text):
        if valid_ip(m.group(0)) and st.free(m.start(), m.end()):
            st.claim(m.start(), m.end(), Category.IP)
    if ":" in st.text:
        for m in _IPV6.finditer(st.text):
            t = m.group(0)
            if t.count(":") >= 2 and len(t) >= 6 and valid_ip(t) and st.free(m.start(), m.end()):
                st.claim(m.start(), m.end(), Category.IP)


SCANNER = Scanner("ip", has_digit, scan)
