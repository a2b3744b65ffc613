"""Phone and fax numbers (US and international): the practice's own lines are claimed, not reported."""

from __future__ import annotations

import re

from ctm_hipaa.phi.claims import ScanState
from ctm_hipaa.phi.cues import ID_CUE_KINDS, cue_before
from ctm_hipaa.phi.model import Category
from ctm_hipaa.phi.scanners import Scanner, has_digit
from ctm_hipaa.phi.turns import said_by_caller
from ctm_hipaa.phi.validators import digits_of, valid_phone

# US numbers (the last separator may be a line break: "316-555-\n0124"), international ones
# written with "+" or the "00" exit code ("0044 20 7946 0189"), and ten digits in groups of any
# size as speech-to-text and hurried typing space them ("6 1 5 5 5 5 0 4 7 1", "509 555 0 4 1 3",
# "570 555 08 45", "843, 555, 0962"; a spoken "oh" is a digit by then: phi/spoken_forms.py).
_PHONE = re.compile(
    r"(?=[\d(+])(?:(?<![\w+/.-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)[\s.-]?|\d{3}(?:, |[\s./-])?)"
    r"\d{3}(?:-\n|, |[\s.-])?\d{4}(?![\w/]|[.-]\d)"
    r"|(?:\+|(?<![\w.-])00)(?:[2-9]\d{0,2})[\s.-]?\d(?:[\s.-]?\d){6,13}(?![\w/])"
    r"|(?<![\w+/.-])(?<!\d )[2-9](?: ?\d){9}(?![\w/]| ?\d|[.-]\d))"
)

# A number said in two turns: its first six digits end a turn, the other speaker acknowledges
# ("sí", "ajá", "okay") or not, and the same number's last four open the next labelled turn
# ("Llamante: siete uno tres cinco cinco cinco\nAgente: sí\nLlamante: cero uno ocho tres"), the
# four the whole of their turn (not a year: "two thousand twelve it was").
_SPLIT_PHONE = re.compile(
    r"(?<![\w+/.-])(\d{3}[ .-]?\d{3})[ \t.,]*\n(?:[^\n\d]{0,30}\n)?[^\W\d_][^\n:\d]{0,24}:[ \t]*"
    r"(\d{4})(?=[ \t.,]*(?:\n|$))"
)
# ... or in three: the area code, then the exchange, then the line, each the end of a turn
# ("caller: six one four\nagent: okay\ncaller: five five five\nagent: mhm\ncaller: oh one four two")
_TURN_GAP = r"[ \t.,]*+\n(?:[^\n\d]{0,30}\n)?[^\W\d_][^\n:\d]{0,24}:[ \t]*+"
_THREE_TURN_PHONE = re.compile(
    r"(?<![\w+/.-])(\d{3})" + _TURN_GAP + r"(\d{3})" + _TURN_GAP + r"(\d{4})(?=[ \t.,]*(?:\n|$))"
)
_SEPARATORS = re.compile(r",|\n")  # what libphonenumber reads no separator of ("843, 555, 0962")
_CLINIC_CUE = re.compile(
    # "is your fax still ...?": the caller asking about the practice's fax
    r"\b(?:our|us|office|main|clinic|practice|front desk|scheduling line|that's us|your fax|direct line)\b",
    re.IGNORECASE,
)
_CLINIC_PHRASE = re.compile(
    r"\b(?:our\s+(?:main\s+)?(?:fax|number|line|office|phone|direct|scheduling)|main\s+(?:line|number|office)|"
    # "our discharge line", "our unit fax": one word naming the practice's desk or service
    r"our\s+(?!home\b|house\b|cell\b|personal\b|own\b)[a-z]+\s+(?:fax|line)|direct\s+line|"
    # "my office line is ...": the caller's own work number, not the practice's
    r"(?<!my )(?<!his )(?<!her )(?<!their )office\s+(?:number|line|phone|fax)|"
    r"call(?:ing)?\s+us|reach\s+us|text\s+us|fax\s+us|that's\s+us|"
    r"clinic(?:'s)?\s+(?:number|line|fax)|front\s+desk|is\s+your\s+fax)\b[^.\n]*$",
    re.IGNORECASE,
)


# A fax is a business's machine unless the words before it make it the person's ("my home fax",
# "fax it to me at home", "what's your fax?"), or it follows their phone in a contact line ("ph
# 559-555-0173; fax ...")
_PERSONAL_FAX = re.compile(
    r"\b(?:my|mine|me|his|her|your|home|personal|caller'?s?|patient'?s?|pt'?s?|mom'?s|dad'?s|"
    r"ph|phone|tel|cell|mobile)\b",
    re.IGNORECASE,
)


def _personal_fax(said: str) -> bool:
    """True when the words before a fax number make it the person's: a speaker label opening them
    ("caller: it's the jail's fax") names who speaks, not whose fax it is."""
    label = _LABEL.match(said)
    return _PERSONAL_FAX.search(said, label.end() if label is not None else 0) is not None


def _clause_before(text: str, s: int) -> str:
    """The words of the clause that ends at `s` (at most 70 characters back)."""
    window = text[max(0, s - 70) : s]
    cut = max(window.rfind(". "), window.rfind("\n"), window.rfind("?"), window.rfind("|"))
    return window[cut + 1 :]


# A speaker label opening the words before a number: "Front Desk: is this still the best number ..."
# names who speaks, not whose number it is
_LABEL = re.compile(r"[ \t]*[^\W\d_][\w'’ -]{0,24}:[ \t]")


def _clinic_context(text: str, s: int) -> bool:
    """True when the words just before a phone number say it is the practice's own line."""
    said = _clause_before(text, s)
    label = _LABEL.match(said)
    return bool(_CLINIC_PHRASE.search(said, label.end() if label is not None else 0))


# The words by which a caller gives the household's own number ("our number is", "call us at"):
# never of a desk or a unit ("our discharge line"), and not when they add "if you need us"
_HOUSEHOLD = re.compile(
    r"\b(?:our\s+(?:home\s+|house\s+)?(?:number|phone)|call\s+us|reach\s+us)\b", re.IGNORECASE
)
_NEED_US = re.compile(r"\bneed\s+us\b", re.IGNORECASE)


def household_line(st: ScanState, s: int) -> bool:
    """True when the number at `s` is the caller's household's though the words before it sound like
    a practice's ("... our number is five oh seven ..." in a caller's voicemail)."""
    said = _clause_before(st.text, s)
    return (
        _HOUSEHOLD.search(said) is not None
        and _NEED_US.search(st.text, max(0, s - 70), s + 60) is None
        and said_by_caller(st.turns, st.text, s)
    )


_HEADER_FAX = re.compile(r"\bfax\b", re.IGNORECASE)
_PERSONAL = re.compile(r"\b(?:my|his|her|their|pt|patient|caller|home|cell)\b", re.IGNORECASE)


class _HeaderFax:
    """A fax number on a document's first line ("REFERRAL  FAX  ..."): the sending office's line.

    The first line break, "fax" and personal word are found once per text, not before every number.
    """

    __slots__ = ("_fax", "_line_end", "_personal", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._line_end = -2  # found on first use: most texts have no number worth the test

    def __call__(self, s: int) -> bool:
        """True for a number at `s` on the first line, after "fax" and no personal word, lines below."""
        if self._line_end == -2:
            text = self._text
            self._line_end = text.find("\n")
            fax = _HEADER_FAX.search(text, 0, self._line_end) if self._line_end > 0 else None
            personal = _PERSONAL.search(text, 0, self._line_end) if fax is not None else None
            self._fax = fax.end() if fax is not None else len(text) + 1
            self._personal = personal.end() if personal is not None else len(text) + 1
        return s <= self._line_end and self._fax <= s < self._personal


def scan(st: ScanState) -> None:
    """Claim phone numbers; report the caller's (PHONE, or FAX after a fax cue), not the practice's."""
    biz = st.ctx.business_digits
    checked: dict[str, bool] = {}  # libphonenumber is slow; a transcript repeats its numbers
    header_fax = _HeaderFax(st.text)
    for m in _PHONE.finditer(st.text):
        s, e = m.start(), m.end()
        if not st.free(s, e):
            continue
        raw = m.group(0)
        d = digits_of(raw)
        if d[-10:] in biz:
            st.claim(s, e, None)  # the practice's own tracking/business line
            continue
        ok = checked.get(raw)
        if ok is None:
            ok = checked[raw] = valid_phone(
                "+" + raw[2:] if raw.startswith("00") else _SEPARATORS.sub(" ", raw)
            )
        if not ok:
            continue
        if header_fax(s) or (
            _CLINIC_CUE.search(st.text, max(0, s - 70), s)
            and _clinic_context(st.text, s)
            and not household_line(st, s)
        ):
            st.claim(s, e, None)  # "our fax", "main line": the practice's numbers
            continue
        kind = cue_before(st, s, 24)
        if kind in ID_CUE_KINDS and not (kind == "HEALTH_PLAN" and any(c in raw for c in "()-. ")):
            continue  # an id that happens to look like a phone ("claim 2125550143")
        fax = kind == "PHONE" and "fax" in st.text[max(0, s - 24) : s].lower()
        if fax and not _personal_fax(_clause_before(st.text, s)):
            st.claim(s, e, None)  # "court fax", "the adjuster's fax is", "School fax:": a business's line
            continue
        st.claim(s, e, Category.FAX if fax else Category.PHONE)
    if "\n" in st.text:
        _split_phones(st)


def _split_phones(st: ScanState) -> None:
    """Claim a phone number said in three or two turns (three, three and four digits; six, then
    four) as one span a turn."""
    for m in (*_THREE_TURN_PHONE.finditer(st.text), *_SPLIT_PHONE.finditer(st.text)):
        spans = [m.span(g) for g in range(1, (m.lastindex or 0) + 1)]
        if not all(st.free(s, e) for s, e in spans):
            continue
        d = "".join(digits_of(m.group(g)) for g in range(1, len(spans) + 1))
        if (
            d in st.ctx.business_digits
            or not valid_phone(d)
            or _clinic_context(st.text, spans[0][0])
            or cue_before(st, spans[0][0], 24) in ID_CUE_KINDS
        ):
            continue
        for s, e in spans:
            st.claim(s, e, Category.PHONE)


SCANNER = Scanner("phone", has_digit, scan)
