"""HL7 v2 segments pasted into a note ("PID|1||7730418^^^UKHC^MR||SUBRAMANIAN^VENKATA^R||19520817…").

A line that starts with a segment id and "|" is read field by field, by position as the standard
defines them (phi/data/hl7_fields.txt): PID-3 is the MRN, PID-5 the name, PID-11 the address, and
so on; each component is claimed at its own span with its category. A small positional reader,
not an HL7 library: the spans must be offsets into the note, which parsers do not keep. The
segments this reads are claimed whole (their other fields are codes: a provider's NPI, a
message id), so no later scanner misreads them; free-text segments (OBX, NTE) are left to the
other scanners. Runs first: the layout proves itself.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from ctm_hipaa.phi.claims import ScanState
from ctm_hipaa.phi.lexicon import pairs
from ctm_hipaa.phi.model import Category
from ctm_hipaa.phi.scanners import Scanner

_FIELDS: dict[tuple[str, int], tuple[str, ...]] = {}
_CODED: set[str] = set()
for _key, _spec in pairs("hl7_fields").items():
    _seg, _, _n = _key.partition("-")
    if _n:
        _FIELDS[(_seg, int(_n))] = _spec
    else:
        _CODED.add(_seg)
_SEGMENTS = frozenset(seg for seg, _ in _FIELDS) | _CODED
# A segment: its id opening a line (HL7 ends segments with CR; a pasted note, with LF)
_SEGMENT = re.compile(r"(?:^|(?<=\r))(?P<seg>[A-Z][A-Z0-9]{2})\|[^\r\n]*", re.MULTILINE)
_NAME_PARTS = 4  # family, given, middle, suffix (XPN-1..4); the prefix and degree are not the name
_ADDRESS_PARTS = {3: Category.GEO, 5: Category.GEO, 9: Category.GEO}  # city, ZIP, county (XAD)
_PHONE_DIGITS = re.compile(r"\d[\d ()+.-]{5,}\d")


def _components(start: int, rep: str) -> list[tuple[int, int]]:
    """[start, end) of each "^"-separated component of `rep`, which begins at `start`."""
    out = []
    pos = start
    for part in rep.split("^"):
        out.append((pos, pos + len(part)))
        pos += len(part) + 1
    return out


def _claim(st: ScanState, s: int, e: int, cat: Category) -> None:
    if e > s and st.free(s, e):
        st.claim(s, e, cat)


def _read_field(st: ScanState, start: int, field: str, spec: tuple[str, ...]) -> None:
    """Claim the identifier components of one field (every "~" repetition) by its kind."""
    kind = spec[0]
    pos = start
    for rep in field.split("~"):
        comps = _components(pos, rep)
        pos += len(rep) + 1
        if kind == "id":
            _claim(st, *comps[0], Category(spec[1]))
        elif kind == "date":
            _claim(st, *comps[0], Category.DATE)
        elif kind == "name":
            named = [c for c in comps[:_NAME_PARTS] if c[1] > c[0]]
            if named:
                _claim(st, named[0][0], named[-1][1], Category.NAME)
        elif kind == "address":
            street = [c for c in comps[:2] if c[1] > c[0]]  # street, other designation ("APT 2")
            if street:
                _claim(st, street[0][0], street[-1][1], Category.GEO)
            for i, cat in _ADDRESS_PARTS.items():
                if i <= len(comps):
                    _claim(st, *comps[i - 1], cat)
        elif kind == "phone":
            _read_phone(st, comps)


def _read_phone(st: ScanState, comps: list[tuple[int, int]]) -> None:
    """XTN: the number as written (1), the e-mail (4), the area code and local number (6, 7)."""
    text = st.text
    s, e = comps[0]
    if _PHONE_DIGITS.search(text, s, e):
        _claim(st, s, e, Category.PHONE)
    if len(comps) >= 4 and "@" in text[comps[3][0] : comps[3][1]]:
        _claim(st, *comps[3], Category.EMAIL)
    if len(comps) >= 7 and comps[6][1] > comps[6][0]:
        _claim(st, comps[5][0] if comps[5][1] > comps[5][0] else comps[6][0], comps[6][1], Category.PHONE)


def scan(st: ScanState) -> None:
    """Claim each identifier field of the HL7 segments in the text, then the segments themselves."""
    for m in _SEGMENT.finditer(st.text):
        seg = m.group("seg")
        if seg not in _SEGMENTS:
            continue
        if seg not in _CODED:
            pos = m.start() + 4
            for n, field in enumerate(m.group(0)[4:].split("|"), 1):
                spec = _FIELDS.get((seg, n))
                if spec is not None and field:
                    _read_field(st, pos, field, spec)
                pos += len(field) + 1
        _consume(st, m.start(), m.end())


def _consume(st: ScanState, s: int, e: int) -> None:
    """Claim, unreported, the stretches of [s, e) between the components claimed above."""
    claims = st.claims
    gaps = []
    pos = s
    i = max(0, bisect_left(claims.starts, s) - 1)  # the segment's claims only: a search, not a pass
    while i < len(claims.spans) and claims.starts[i] < e:
        cs, ce = claims.spans[i]
        i += 1
        if ce <= s:
            continue
        if cs > pos:
            gaps.append((pos, cs))
        pos = max(pos, ce)
    if pos < e:
        gaps.append((pos, e))
    for gs, ge in gaps:
        st.claim(gs, ge, None)


def _wants(st: ScanState) -> bool:
    return "|" in st.text and _SEGMENT.search(st.text) is not None


SCANNER = Scanner("hl7", _wants, scan)
