"""Dates: month names (English, Spanish, Portuguese; the other languages' after the day), numeric,
ISO and compact layouts, cued month-days, birth years, and months named alone."""

from __future__ import annotations

import re
from datetime import date

from ctm_hipaa.phi.claims import ScanState
from ctm_hipaa.phi.cues import ID_CUE_KINDS, cue_before
from ctm_hipaa.phi.fold import CuePattern
from ctm_hipaa.phi.lexicon import alternation, entries, keyed_alternations, pairs
from ctm_hipaa.phi.model import Category
from ctm_hipaa.phi.scanners import Scanner, has_digit
from ctm_hipaa.phi.spoken_forms import HESITATION
from ctm_hipaa.phi.validators import real_date

_MON = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|JAN(?:UARY)?|FEB(?:RUARY)?|MAR(?:CH)?|APR(?:IL)?|MAY|"
    r"JUNE?|JULY?|AUG(?:UST)?|SEPT?(?:EMBER)?|OCT(?:OBER)?|NOV(?:EMBER)?|DEC(?:EMBER)?|"
    # speech-to-text and clinic shorthand write months in lower case, whole or cut short ("feb 3",
    # "dec 18-jan 10"); a day or a year must follow a short one (it alone is a word: "dec appetite")
    r"january|february|march|april|may|june|july|august|sept(?:ember)?|october|november|december|"
    r"(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)(?=\.?\s+\d))"
)
_MON_CAPS = r"(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)"
_SHORT_MONTHS = r"(?i:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)"
_BIRTH_NEAR = re.compile(r"\b(?:birth|birthday|born|dob|d\.o\.b)\b", re.IGNORECASE)
_BIRTH_REACH = 60  # characters before: the agent's question, a turn label, a false start


def _birth_just_before(t: str, pos: int) -> bool:
    """True when a word of birth comes before `pos` in reach with no number between: the numbers
    at `pos` are the first said after it ("date of birth\ncaller: 4 4 52"; not "... 4 4 52 and the
    pharmacy is on 11 12 20")."""
    cues = list(_BIRTH_NEAR.finditer(t, max(0, pos - _BIRTH_REACH), pos))
    return bool(cues) and not any(c.isdigit() for c in t[cues[-1].end() : pos])


# What numbers said apart may be instead of a date: "room 1 12 1960" is a room, then a year
_COUNTED_BEFORE = re.compile(
    r"(?:\b(?:room|rm|apt|apartment|unit|suite|ste|lot|space|box|number|no)\.?|#)\s*$", re.IGNORECASE
)
# Lower-case months that are also common words ("you may 2 ...", "march 5 miles"): a date only
# with an ordinal, "of" or a year ("may 25th", "3rd of march", "may 2019").
_VERB_MONTH = re.compile(r"\b(?:may|march)\b")
_DATE_PROOF = re.compile(r"\d(?:st|nd|rd|th)\b|\bof\b|\d{4}|'\d\d")
# ... or a word of birth just before: "his birthday is may 9 59" ("may nine fifty nine" as said)
_SP_MON = (
    r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|"
    # Portuguese: "22 de julho de 79"
    r"janeiro|fevereiro|março|marco|maio|junho|julho|setembro|outubro|novembro|dezembro)"
)
# What a number after a date may count instead of being its year ("june 4 45 minutes", "10 am").
_UNITS = (
    r"min|mins|minutes?|mg|ml|mcg|lbs?|kg|am|pm|people|units|times|hours?|hrs?|days?|weeks?|months?|"
    r"years?|yrs?"
)
_DATE = re.compile(
    # every layout starts at a digit or a capitalised month after a non-word character: test that
    # first, so that the alternatives are only tried at those positions
    r"(?<!\w)(?=[\dJFMASONDjfmasond])(?:"
    # day-Mon-year as in EHR exports ("02-Dec-1980", "19-JUN-2024", "5 Aug 20"), or run together
    # in capitals ("14MAR1960", "13MAR26")
    rf"(?<![\w/.-])(?P<d3>\d{{1,2}})(?:[-/. ]{_MON}\.?[-/. ]|{_MON_CAPS})(?:\d{{4}}|\d{{2}})(?![\w/-])"
    # Spanish and Portuguese: "27 de octubre", "15 de septiembre de 1994", "22 de julho de 79"
    rf"|\b(?P<d4>\d{{1,2}})\s+(?i:de)\s+(?i:{_SP_MON})\b(?:\s+(?i:de|del)\s+(?:\d{{4}}|\d\d)\b)?"
    # Month [the] day[, year] | Month year; a two-digit year only when no day or hour reads it
    # (32-99) and no unit follows ("march 3rd 62" is a birth date, "june 4 45 minutes" is not)
    rf"|\b(?=[JFMASONDjfmasond]){_MON}\.?\s+(?:(?:the\s+)?(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\.\d|%)"
    rf"(?:,?\s+(?:\d{{4}}|'\d{{2}}|(?:3[2-9]|[4-9]\d)(?![\w:.])(?!\s*(?:{_UNITS})\b))\b)?"
    r"|(?:of\s+)?\d{4}\b|['’]\d\d\b)"
    # day Month [year] ("the 19th of may 99", "the 2nd of uh december 94" as said: a two-digit year
    # as after Month day)
    rf"|\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:(?:day\s+)?of\s+(?:{HESITATION}\s+)?)?{_MON}\b\.?"
    rf"(?:,?\s+(?:\d{{4}}|(?:3[2-9]|[4-9]\d)(?![\w:.])(?!\s*(?:{_UNITS})\b))\b)?"
    # ISO, also as the date part of a datetime ("2025-06-11T08:30:00")
    r"|(?<![\w-])\d{4}-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?=T\d|(?![\w-]))"
    # compact yyyymmdd ("19931025"); the id cue check below keeps 8-digit ids out
    r"|(?<![\w-])(?P<cy>(?:19|20)\d\d)(?P<cm>0[1-9]|1[0-2])(?P<cd>0[1-9]|[12]\d|3[01])(?![\w-])"
    # partial mm-dd ("09-08", "admitted 04-17"), not ranges of units ("10-12 weeks")
    r"|(?<![\w/.-])(?P<pa>\d\d)-(?P<pb>\d\d)(?![\w/-]|\.\d|\s*(?:weeks?|days?|months?|years?|yrs?|hours?|hrs?|"
    r"min(?:ute)?s?|am\b|pm\b|a\.m|p\.m|%|mg|lbs?|times|people|units))"
    r"|(?<![\w/.])\d{4}(?P<jsep>[/.])(?P<jm>\d{1,2})(?P=jsep)(?P<jd>\d{1,2})(?![\w/]|\.\d)"
    # numeric m/d/y, m-d-y, m.d.y, and "7 / 4 / 99" as a chat or a form's typist spaces it; either
    # end of a range of them ("03/25/2026-09/24/2026")
    r"|(?<![\w/.-])(?P<na>\d{1,2})(?P<sep>[/.-]| / )(?P<nb>\d{1,2})(?P=sep)(?:\d{4}|\d{2})"
    r"(?![\w/]|-(?!\d{1,2}/)|\.\d)"
    r"|(?<=\d{4}-)(?P<ra>\d{1,2})/(?P<rb>\d{1,2})/\d{4}(?![\w/-]|\.\d)"
    # month, day and year said apart, as number words read ("it says nine fourteen two thousand one")
    r"|(?<![\w/.,:-])(?P<sa>\d{1,2}) (?P<sb>\d{1,2}) (?P<sy>(?:19|20)\d\d|\d\d)(?![\w/:-]|[.,]\d| \d)"
    # m/yyyy
    r"|(?<![\w/.-])(?P<my>\d{1,2})/(?:19|20)\d{2}(?![\w/]|\.\d)"
    # m/d
    r"|(?<![\w/.$-])(?P<ma>\d{1,2})/(?P<mb>\d{1,2})(?![\w/%]|\.\d))"
)
# "last seen 7-18", "appt 5-4", "can I come in 3-18": a month-day with a dash right after a word
# that announces a date. Without that word "3-4" is a range or a score ("3-4 times", "went 5-2").
_CUED_MD = CuePattern(
    r"\b(?:seen|appt\.?|appointment|booked|book|scheduled|schedule|come\s+in|coming\s+in|moved\s+to|"
    r"move\s+(?:it\s+)?to|resched\w*(?:\s+to)?|visit|admitted|discharged|d/c|dob:?|d\.o\.b\.?:?|"
    r"birthday|born|surgery|procedure|due|since|until|till|last|started|starting|date)"
    r"\s+(?:on\s+|for\s+|to\s+|is\s+|was\s+)?(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\w/-]|\.\d)"
    # a range of units continues with a noun: "since 2-3 weeks", "due 3-4 days" (a date with "at"...)
    r"(?!\s+(?!(?:at|with|for|and|or|to|in|then|but|is|was|please|around|if|so)\b)[a-z])"
)
_WEEKDAYS = keyed_alternations("weekdays")
_DAY_FOLLOWERS = alternation("day_date_followers")
# A day of the month without its month: "thursday the 12th", "mon 24th", "tomorrow the 3rd", "el
# lunes 12", "quinta dia 11" (Spanish and Portuguese numbers reach it as digits through
# phi/spoken_forms.py), and "the 21st" where the next word is one a date is followed by ("on the
# 14th at nine"), not a noun it counts ("the 2nd dose").
_DAY_ONLY = CuePattern(
    rf"\b(?:(?:{_WEEKDAYS['en']}|tomorrow|today|tonight)\.?,?\s+(?:the\s+)?(?P<w>\d{{1,2}})(?:st|nd|rd|th)"
    rf"|(?:{_WEEKDAYS['es']})\s+(?P<s>\d{{1,2}})(?![\d:]|\.\d)"
    # Portuguese says the day after "dia" ("na quinta dia 11", "segunda-feira dia 3")
    rf"|(?:{_WEEKDAYS['pt']})(?:-feira)?\s+dia\s+(?P<p>\d{{1,2}})(?![\d:]|\.\d)"
    rf"|(?:{_WEEKDAYS['intl']})\s+(?:le\s+)?(?P<x>\d{{1,2}})(?![\d:]|\.\d)"
    rf"|the\s+(?:{HESITATION}\s+)?(?P<t>\d{{1,2}})(?:st|nd|rd|th)"  # a filler between: "on the uh 28th"
    rf"(?=[ \t]*(?:\n|\Z)|\s*(?:[.,;:!?()]|(?:{_DAY_FOLLOWERS})\b)))\b"
)
# A month alone after a word that dates something by it: "fell in september", "since August", "en
# junio", "the fusion back in june". Safe Harbor removes every element of a date but the year, and
# the month is one; "last june", "next may" are relative and stay.
_MONTH_ALONE = CuePattern(
    r"\b(?:in|since|until|till|til|thru|through|during|by|before|after|from|around|early|late|mid|"
    r"(?:end|beginning|middle)\s+of|"
    r"en|desde|hasta|em|até|ate)(?:\s+|-)"
    # ... or cut short, as notes and texts write it ("down 22 lbs since aug", "started in Sept")
    rf"(?P<m>(?:{alternation('months')})\b|(?:{_SHORT_MONTHS})\b)"
)
# A holiday that dates an event of the person's: "sober since new year's", "the day after
# christmas", "born on the fourth of july". It names a day, as a date does.
_HOLIDAYS = (
    r"christmas(?:\s+(?:eve|day))?|new\s+year'?s(?:\s+(?:eve|day))?|thanksgiving|easter(?:\s+sunday)?|"
    r"halloween|valentine'?s(?:\s+day)?|independence\s+day|the\s+fourth\s+of\s+july|the\s+4th\s+of\s+july|"
    r"labor\s+day|memorial\s+day|mother'?s\s+day|father'?s\s+day|veterans\s+day|"
    r"navidad|año\s+nuevo|noche\s*buena|natal|ano\s+novo"
)
_HOLIDAY = CuePattern(
    r"\b(?:since|on|after|before|until|till|by|around|over|for|from|at|of|is|was|it'?s)\s+"
    rf"(?P<h>(?:the\s+(?:day|week(?:end)?)\s+(?:after|before|of)\s+)?(?:{_HOLIDAYS}))\b"
)
# "date of birth is 2, 7, 1952", "dob 031462", "birthday is 0615 2022": a month, day and year
# apart by commas or run together (mmddyy, mmddyyyy, the year apart), right after the cue
_CUED_BIRTH_DATE = CuePattern(
    r"\b(?:date\s+of\s+birth|birth\s*date|birthday|d\.?o\.?b\.?|born(?:\s+on)?)(?:\s+(?:is|was))?[:,]?\s+"
    r"(?:it'?s\s+)?(?:(?P<m>\d{1,2}),\s?(?P<d>\d{1,2}),\s?(?P<y>(?:19|20)\d\d)"
    r"|(?P<cm>0[1-9]|1[0-2])(?P<cd>[0-2]\d|3[01]) ?(?P<cy>\d\d|(?:19|20)\d\d))\b"
)
# Dates of the other languages, day first, as phi/spoken_forms.py writes them in digits: a month
# name after the day ("le 14 juillet 1996", "25 oktòb 1982", "15 marca 1972", "12 апреля 1948", "7
# ng agosto 1935", "23 ayyar 1999", data/months_intl.txt), a numeric month between "de"/"del"/"do"
# ("3 del 11 del 62", "12 do 3 de 87"), and Vietnamese "ngày 6 tháng 6 năm 1955", "tháng 9 năm 48".
_INTL_MONTHS: dict[str, tuple[int, bool]] = {
    name: (int(month), bool(rest)) for name, (month, *rest) in pairs("months_intl").items()
}
# A month is any word after the day, looked up in _INTL_MONTHS (a pattern of every name would cost
# its compile at import); its year, and the rest of "kanoon el thani", are read after it.
_INTL_DATE = CuePattern(
    r"(?<![\w/.-])(?:(?P<nd>\d{1,2})\s+(?:del?|do)\s+(?P<nm>\d{1,2})\s+(?:del?|do)\s+(?P<ny>\d{4}|\d\d)(?!\w|[:.,]\d)"
    r"|(?:(?P<vd>\d{1,2})\s+)?tháng\s+(?P<vm>\d{1,2})"
    # the year said as a number, or as "last year", "this year" ("tháng chín năm ngoái"; the spoken
    # forms read that "năm" as the number five: "tháng 9 5 ngoái")
    r"(?:\s+(?:năm\s+(?P<vy>\d{4}|\d\d)|(?P<vz>\d{4})|(?P<vr>(?:năm|5)\s+(?:ngoái|nay|trước))))?(?!\w|[:.,]\d)"
    r"|(?P<d>\d{1,2}|premier|1er|première)(?:\s+(?:de|ng|el|il))?\s+(?P<m>[^\W\d_]++)(?![\w'’]))"
    # Tagalog says the day after "a-": "a-kinse ng marso"
    r"|(?<=(?<![\w-])a-)(?P<td>\d{1,2})\s+ng\s+(?P<tm>[^\W\d_]++)(?![\w'’])"
)
_INTL_MONTH_TAIL = re.compile(r"\s+(?:el|il)\s+[^\W\d_]++(?![\w'’])")
_INTL_YEAR = re.compile(r"\s+(?:de\s+|del\s+)?(\d{4}|\d\d)(?!\w|[:.,]\d)")
_BORN = re.compile(
    r"\b(?:born|b\.|dob:?|d\.o\.b\.?:?)\s+(?:in\s+)?((?:18|19|20)\d{2})\b(?![/.-]\d)", re.IGNORECASE
)


# Month numbers by the first three letters of an English, Spanish or Portuguese month name.
_MONTH_NUMBER = {
    "jan": 1, "ene": 1, "feb": 2, "mar": 3, "apr": 4, "abr": 4, "may": 5, "jun": 6, "jul": 7,
    "aug": 8, "ago": 8, "sep": 9, "set": 9, "oct": 10, "nov": 11, "dec": 12, "dic": 12,
    "fev": 2, "mai": 5, "out": 10, "dez": 12,
}  # fmt: skip
# the month of a written date: its first word of 3+ letters that is not "day" ("the 7th day of May")
_MONTH_NAME = re.compile(r"(?!day\b)[A-Za-z]{3,}")
_YEAR4 = re.compile(r"\d{4}")


def _written(text: str, day: str) -> bool:
    """A date with its month as a word: the day exists in that month (and year, when given)."""
    word = _MONTH_NAME.search(text)
    year = _YEAR4.search(text)
    month = _MONTH_NUMBER.get(word.group(0)[:3].lower()) if word is not None else None
    return month is not None and real_date(month, int(day), int(year.group(0)) if year is not None else None)


def scan(st: ScanState) -> None:
    """Claim and report dates of every layout above, and birth years of people over 89."""
    t = st.text
    for m in _DATE.finditer(t):
        g = m.groupdict()
        found = m.group(0)
        ok = True
        if g["d1"] is not None:
            ok = _written(found, g["d1"])
        elif g["d3"] is not None:
            ok = _written(found, g["d3"])
        elif g["d4"] is not None:
            ok = _written(found, g["d4"])
        elif g["cy"] is not None or g["pa"] is not None:
            # bare digit forms: a valid month/day that no id cue claims
            if g["pa"] is not None:
                ok = real_date(int(g["pa"]), int(g["pb"]))
            else:
                ok = real_date(int(g["cm"]), int(g["cd"]), int(g["cy"]))
            ok = ok and cue_before(st, m.start(), 30) not in ID_CUE_KINDS
        elif g["d2"] is not None:
            ok = _written(found, g["d2"])
        elif g["im"] is not None:
            ok = real_date(int(g["im"]), int(g["id"]), int(found[:4]))
        elif g["jm"] is not None:
            # dotted, only with two-digit month and day ("2024.03.14"; "2024.1.5" is a version)
            dotted = g["jsep"] == "." and (len(g["jm"]) != 2 or len(g["jd"]) != 2)
            ok = not dotted and real_date(int(g["jm"]), int(g["jd"]), int(found[:4]))
        elif g["na"] is not None:
            a, b = int(g["na"]), int(g["nb"])
            tail = found.rsplit(g["sep"], 1)[1]
            year = int(tail) if len(tail) == 4 else None
            ok = real_date(a, b, year) or real_date(b, a, year)  # m/d/y or d/m/y
        elif g["sa"] is not None:
            # a two-digit year only after a word of birth ("date of birth ... four fourteen fifty two")
            year = int(g["sy"]) if len(g["sy"]) == 4 else None
            ok = real_date(int(g["sa"]), int(g["sb"]), year)
            ok = ok and _COUNTED_BEFORE.search(t, max(0, m.start() - 12), m.start()) is None
            ok = ok and (year is not None or _birth_just_before(t, m.start()))
        elif g["ra"] is not None:
            ok = real_date(int(g["ra"]), int(g["rb"]), int(found[-4:]))
        elif g["my"] is not None:
            ok = 1 <= int(g["my"]) <= 12
        elif g["ma"] is not None:
            ok = real_date(int(g["ma"]), int(g["mb"]))
        if ok and _VERB_MONTH.search(found) and not _DATE_PROOF.search(found):
            ok = _birth_just_before(t, m.start())
        if ok and st.free(m.start(), m.end()):
            st.claim(m.start(), m.end(), Category.DATE)
    if "-" in t:
        for m in _CUED_MD.finditer(st.f):
            s, e = m.start("m"), m.end("d")
            if real_date(int(m.group("m")), int(m.group("d"))) and st.free(s, e):
                st.claim(s, e, Category.DATE)
    for m in _CUED_BIRTH_DATE.finditer(st.f) if st.f.mentions("birth", "dob", "d.o.b", "born") else ():
        mo, da, yr = m.group("m", "d", "y") if m.group("m") else m.group("cm", "cd", "cy")
        s, e = m.start("m" if m.group("m") else "cm"), m.end()
        year = int(yr) if len(yr) == 4 else None
        if real_date(int(mo), int(da), year) and st.free(s, e):
            st.claim(s, e, Category.DATE)
    for m in _DAY_ONLY.finditer(st.f):
        day = int(m.group(m.lastgroup or "t"))
        if 1 <= day <= 31 and st.free(m.start(), m.end()):
            st.claim(m.start(), m.end(), Category.DATE)
    _scan_intl(st)
    _second_days(st)
    this_year = date.today().year
    for m in _BORN.finditer(t):
        if this_year - int(m.group(1)) - 1 > 89 and st.free(m.start(1), m.end(1)):
            st.claim(m.start(1), m.end(1), Category.DATE)


# The other day said right after a date, as an alternative or the end of a range: "may 30th or the
# 31st", "june 2nd through the 5th", "the 3rd or 4th"
_SECOND_DAY = re.compile(
    r"(?:[ \t]*+,)?[ \t]++(?:or|and|to|through|thru|till|til|until|or[ \t]+maybe)[ \t]++"
    r"(?P<the>the[ \t]+)?(?P<day>\d{1,2})(?:st|nd|rd|th)\b"
    # not a count of something ("seen march 3rd and the 2nd dose is due")
    r"(?![ \t]+(?:doses?|shots?|times?|floor|grade|rounds?|ones?|half|trimester|place|step|try|attempt"
    r"|visit|opinion)\b)"
)


def _second_days(st: ScanState) -> None:
    """Claim the day said right after a claimed date (`_SECOND_DAY`)."""
    for _, e, cat in list(st.out):
        if cat is not Category.DATE:
            continue
        m = _SECOND_DAY.match(st.text, e)
        if m is None or not 1 <= int(m.group("day")) <= 31:
            continue
        start = m.start("the") if m.group("the") else m.start("day")
        if st.free(start, m.end()):
            st.claim(start, m.end(), Category.DATE)


def _scan_intl(st: ScanState) -> None:
    """Claim the day-first dates of the other languages (`_INTL_DATE`) that the calendar has."""
    low = st.f.low if st.f.exact else st.text.lower()
    for m in _INTL_DATE.finditer(st.f):
        end = m.end()
        if m.group("nd") is not None:
            day, month, year = int(m.group("nd")), int(m.group("nm")), m.group("ny")
        elif m.group("vm") is not None:
            if (
                m.group("vd") is None
                and m.group("vy") is None
                and m.group("vz") is None
                and m.group("vr") is None
            ):
                continue  # "tháng 6" alone is "June" or "six months"
            day = int(m.group("vd") or 1)
            month, year = int(m.group("vm")), m.group("vy") or m.group("vz")
        else:
            tail = _INTL_MONTH_TAIL.match(low, end)
            name = (m.group("m") or m.group("tm")).lower()
            if tail is not None and f"{name} {' '.join(tail.group(0).split())}" in _INTL_MONTHS:
                name, end = f"{name} {' '.join(tail.group(0).split())}", tail.end()
            month, needs_year = _INTL_MONTHS.get(name, (0, True))
            said = _INTL_YEAR.match(low, end)
            year = said.group(1) if said is not None else None
            if month == 0 or (needs_year and (year is None or len(year) != 4)):
                continue
            said_day = m.group("d") or m.group("td")
            day = int(said_day) if said_day.isdigit() else 1  # "premier"
            end = said.end() if said is not None else end
        full = int(year) if year is not None and len(year) == 4 else None
        if 1 <= month <= 12 and real_date(month, day, full) and st.free(m.start(), end):
            st.claim(m.start(), end, Category.DATE)


def scan_months(st: ScanState) -> None:
    """Claim and report months and holidays named alone after a word that dates by them ("fell in
    september", "sober since new year's")."""
    for rx, group in ((_MONTH_ALONE, "m"), (_HOLIDAY, "h")):
        for m in rx.finditer(st.f):
            if st.free(m.start(group), m.end(group)):
                st.claim(m.start(group), m.end(group), Category.DATE)


# The words one of which a text must say for scan_months to look at it: the months and the first
# word of each holiday (a gate of many words is one search: Folded.mentions)
_MONTH_HINTS = (
    *entries("months"),
    *("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
    *("christmas", "year", "thanksgiving", "easter", "halloween", "valentine", "independence", "july"),
    *("labor", "memorial", "mother", "father", "veterans", "navidad", "nuevo", "noche", "natal", "novo"),
)


def _names_a_month(st: ScanState) -> bool:
    return st.f.mentions(*_MONTH_HINTS)


SCANNER = Scanner("date", has_digit, scan)
# After SCANNER, which claims a month with its day or year first ("in june 4th"); texts without a
# digit have them too
MONTHS = Scanner("months", _names_a_month, scan_months)
