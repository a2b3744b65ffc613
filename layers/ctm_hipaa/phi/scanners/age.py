"""Ages over 89 ("92 years old", "she's 94", "tiene 94 años", "elle a 93 ans", "92 tuổi"): younger
ages are not identifiers.

Ages said in words ("she's ninety six", "noventa y un años") are read on the text with its number
words as digits (phi/spoken_forms.py, the pipeline's SPOKEN_PIPELINE).
"""

from __future__ import annotations

import re
from datetime import date

from ctm_hipaa.phi.claims import Claims, ScanState, Span
from ctm_hipaa.phi.fold import CuePattern
from ctm_hipaa.phi.model import Category
from ctm_hipaa.phi.scanners import Scanner, has_digit
from ctm_hipaa.phi.scanners.geo import opens_address
from ctm_hipaa.phi.spoken_forms import Normalized

# What a number after an age cue counts or reads instead ("is 95 dollars", "was 92%", "is 90 mg")
_NO_UNIT_AFTER = (
    r"(?!\s*(?:%|(?:percent|mg|mcg|ml|lbs?|pounds|kg|dollars|bucks|minutes|mins?|"
    r"hours?|hrs?|days?|weeks?|months?|units?|degrees?)(?![^\W\d_])|am\b|pm\b|a\.m|p\.m|:\s*\d|/\s*\d|,\d|\.\d|"
    r"st\b|nd\b|rd\b|th\b))"
)
# A person said to be some age, by a contraction speech-to-text may write without its apostrophe,
# or a relative's ("my dad's ninety two"), with a hedge before the number ("she's almost ninety
# five", "grandma's like ninety three", "she's gonna be a hundred")
_PERSON_IS = (
    r"(?:she's|shes|he's|hes|i'm|im|they're|she is|he is|"
    r"(?:mom|dad|mother|father|grandma|grandpa|grandmother|grandfather|husband|wife|aunt|uncle|nana|"
    r"granny|abuela|abuelo)'s)"
)
_HEDGE = r"(?:like|almost|about|nearly|over|already|only|just|now|gonna be|going to be)"
_AGE = CuePattern(
    r"(?:\b(?:is|are|was|aged?|turning|turned|turns|turn|they're|she's|he's|i'm|i am|they are|she is|he is|"
    r"you're|you are|we're|will be|'ll be|age:|pt is|patient is|cumplo|cumple|cumplió|cumplirá|fait|a fait)"
    r"\s+(?:a\s+)?(?P<a>\d{2,3})\b" + _NO_UNIT_AFTER + ")"
    rf"|\b{_PERSON_IS}\s+(?:{_HEDGE}\s+)?(?:a\s+)?(?P<q>\d{{2,3}})\b"
    + _NO_UNIT_AFTER
    # a chart's "Pt 92." / "pt 94, lives alone": the number alone after "pt", closing its clause
    + r"|\b(?:pt|patient)\s+(?P<n>\d{2,3})(?=\s*(?:[.,;)]|$))"
    r"|\b(?P<b>\d{2,3})\s*(?:-\s*)?(?:years?|yrs?)(?:[\s-]*old)\b"
    r"|\b(?P<c>\d{2,3})\s*(?:y/o|yo|y\.o\.)(?!\w)"
    r"|\b(?P<e>\d{2,3})-year-old"
    # the birthday it is: "my mom's 90th birthday" ("ninetieth" read as digits by spoken_forms)
    r"|\b(?P<g>\d{2,3})(?:st|nd|rd|th)\s+birthday\b"
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
    # after a birth date with its year, in its bracket: "dob 9/3/1930 (95)", "Mae (10/30/1931, 94)"
    # (kept only when the year bears it out: see scan)
    r"|\b\d{1,2}[/.-]\d{1,2}[/.-](?P<y>(?:19|20)\d\d)(?:\s*\(|,\s*)(?P<d>\d{2,3})(?=\s*\))"
)
_BIRTH_YEAR_SLACK = 1  # an age is the years since birth, or one fewer before the birthday


_OLD = re.compile(r"(?<!\d)(?:9\d|1[01]\d|12[0-5])(?!\d)")


def scan(st: ScanState) -> None:
    """Claim and report ages from 90 to 125 after an age cue or before "years old"."""
    if not _OLD.search(st.text):
        return  # only ages over 89 are identifiers
    for m in _AGE.finditer(st.f):
        name = m.lastgroup or "a"
        n = int(m.group(name))
        s, e = m.start(name), m.end(name)
        if name == "d" and abs(date.today().year - int(m.group("y")) - n) > _BIRTH_YEAR_SLACK:
            continue  # "3/1/2021 (95)": no age of the person born then
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


# A number said alone: no digit, decimal point, slash, time or unit on either side
_ALONE = re.compile(r"(?<![\w.,/:$#-])\d{2,3}(?![\w%/:-]|[.,]\d|\s*\d)")
_UNIT_AFTER = re.compile(
    r"\s*(?:%|(?:percent|mg|mcg|ml|lbs?|pounds|kg|dollars|bucks|dólares|minutes|mins?|hours?|hrs?|days?|"
    r"weeks?|months?|units?|degrees?|miles?|am|pm|a\.m|p\.m)(?![^\W\d_]))",
    re.IGNORECASE,
)
_ECHO_REACH = 400  # characters from an age where the same number said again is that age


def _value(said: str) -> int | None:
    digits = "".join(c for c in said if c.isdigit())
    return int(digits) if 2 <= len(digits) <= 3 else None


def echoes(st: ScanState, norm: Normalized | None) -> None:
    """An age over 89 said again near where it was found: "he's ninety one" / "yes ninety one and
    stubborn", "bà chín mươi hai tuổi" / "dạ chín mươi hai", a translation ("noventa e quatro
    ninety four"). The same number alone, in words or digits, within `_ECHO_REACH` characters."""
    ages = [(s, e) for s, e, cat in st.out if cat is Category.AGE]
    if not ages:
        return
    # each number said alone: its original span and value (number words as `norm` read them)
    said: list[tuple[int, int, int]] = []
    if norm is not None:
        for ns, ne, os, oe in zip(norm.nstarts, norm.nends, norm.ostarts, norm.oends, strict=True):
            digits = norm.text[ns:ne]
            if digits.isdigit() and 2 <= len(digits) <= 3:
                said.append((os, oe, int(digits)))
    for m in _ALONE.finditer(st.text):
        said.append((m.start(), m.end(), int(m.group(0))))
    values: list[tuple[int, int, int]] = []
    for s, e in ages:
        v = _value(st.text[s:e])
        if v is None:  # said in words: the value `norm` read there
            v = next((n for os, oe, n in said if s <= os and oe <= e), None)
        if v is not None:
            values.append((s, e, v))
    for s, e, n in said:
        if not 90 <= n <= 125 or not st.free(s, e) or _UNIT_AFTER.match(st.text, e):
            continue
        if any(v == n and (abs(s - ve) <= _ECHO_REACH or abs(vs - e) <= _ECHO_REACH) for vs, ve, v in values):
            st.claim(s, e, Category.AGE)


# After a person's name: "Anne-Rose Louissaint, 98, SOB", "Walter Szymanski, 94 (DOB 1931)", "mother
# Jung Malsoon (95) who", past one
# bracket of what else the note says of them ("Evangeline Guidry (Vangie), 93,", "Alcide (DOB
# 4/1/29), 97,")
_AFTER_NAME = re.compile(r"(?: \([^()\n]{1,40}\))?(?:, | \()(\d{2,3})(?=\)|, |[.;](?:\s|$)|\s*$| \()")


def after_names(text: str, names: list[Span], claimed: Claims) -> list[Span]:
    """Ages over 89 written right after a name found in `text`, in brackets or between commas."""
    out: list[Span] = []
    for _, e, _ in names:
        m = _AFTER_NAME.match(text, e)
        if m is not None and 90 <= int(m.group(1)) <= 125 and claimed.free(m.start(1), m.end(1)):
            if text[m.start(1) - 1] == "(" and text[m.end(1) : m.end(1) + 1] != ")":
                continue
            out.append((m.start(1), m.end(1), Category.AGE))
    return out


SCANNER = Scanner("age", has_digit, scan)
DECADES = Scanner("age_decades", _names_a_decade, scan_decades)
