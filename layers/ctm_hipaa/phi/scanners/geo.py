"""Addresses, PO boxes, ZIP codes, "City, ST", counties and "lives in <City>" in a text with digits.

Besides US addresses in Title case or capitals: lower-case ones ("4410 n 72nd st apt 5"), Utah's
grid ("455 e 500 s"), US Spanish ("3312 calle san antonio"), and European ones where the number
follows the street and a postal code comes before the city ("ul. Długa 14/3, 31-147 Kraków",
"Storgatan 12, 114 51 Stockholm"), and UK and Canadian postcodes. A lower-case city beside an
address is found later, by scanners/places.py, once the spoken addresses are claimed too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ctm_hipaa.phi.claims import ScanState
from ctm_hipaa.phi.fold import CuePattern, Folded
from ctm_hipaa.phi.lexicon import alternation, entries, words
from ctm_hipaa.phi.model import Category
from ctm_hipaa.phi.scanners import Scanner, has_digit
from ctm_hipaa.phi.validators import digits_of

_STATES = entries("us_states")
STATE_CODES = frozenset(_STATES)
_ST = "(?:" + "|".join(_STATES) + ")"
_SUFFIX = alternation("street_suffixes")
# A city's words are on one line and never run into a digit: "London SE5 9NR" is a city and a postcode
_CITY = r"[A-Z][A-Za-z'’.-]+(?!\d)(?:[ \t]+[A-Z][A-Za-z'’.-]+(?!\d)){0,2}"
_ZIP = r"\d{5}(?:-\d{4})?"
_ADDRESS = re.compile(
    r"(?=\d)(?<![\w-])(?<!\d:)\d{1,6}(?:-?[A-Z])?\s+(?:(?:[NSEW]\.?|[NS][EW]\.?|North|South|East|West|NORTH|SOUTH|EAST|WEST)\s+)?"
    # up to five name words: "Martin Luther King Jr Avenue"; the suffix in Title or ALL CAPS (OCR)
    # (a word of digits ends with no stop: "... 0386. Lives 2617 S 13th St" is two sentences)
    r"(?:(?:[A-Z][\w'’.-]*|\d[\w'’-]*)\s+){0,5}(?:" + _SUFFIX + "|" + _SUFFIX.upper() + r")s?\b\.?"
    r"(?:,?\s*(?i:Apt\.?|Apartment|Unit|Suite|Ste\.?|Bldg|Building|Fl(?:oor)?|Rm|Room|Lot|#)\s*+#?\s*+[\w-]+)?"
    r"(?:(?:,\s*|\s+in\s+)(?!(?:Apt|Unit|Suite|It|I|The|And|But|My|We|Our|You|Thanks|Please|So)\b)"
    + _CITY
    + r")?"
    r"(?:,?\s+" + _ST + r"\b)?(?:,?\s*(?:zip(?:\s*code)?:?\s*)?" + _ZIP + r"(?![\w-]))?"
)
# A numbered road: "3300 Hwy 64 E", "1450 County Road 412", "4821 FM 1960 Rd W", "12 state route 9".
# Before the general address pattern, which would end at the road's type and leave its number.
_DIRECTION = r"(?:north|south|east|west|[nsew])\b\.?"
_ROUTE_ADDRESS = re.compile(
    r"(?=\d)(?<![\w.,/$:#-])\d{1,6}[ \t]+(?i:(?:" + _DIRECTION + r"[ \t]+)?"
    r"(?:highway|hwy|county[ \t]+(?:road|rd|highway|hwy)|state[ \t]+(?:route|road|rd|highway|hwy)|route|rte"
    r"|farm[ \t]+(?:to[ \t]+market[ \t]+)?road|ranch[ \t]+road|interstate|(?-i:FM|RM|CR|SR|US))"
    r"\.?[ \t]*+-?[ \t]*+"
    r"(?:\d{1,4}[a-z]?|[a-z]{1,2}(?=[ \t]*(?:,|$)))\b(?:[ \t]+(?:rd|road|hwy)\b\.?)?(?:[ \t]+"
    + _DIRECTION
    + r")?)",
    re.MULTILINE,
)
_ZIP_CUE = re.compile(
    r"\bzip(?:\s*code)?\s*+(?:is|:|#)?\s*+(" + _ZIP + r")(?![\w-])"
    # "in the 85207 area": a ZIP named as the place
    r"|\bthe\s+(" + _ZIP + r")\s+(?:area|zip(?:\s*code)?)\b",
    re.IGNORECASE,
)
_STATE_ZIP = re.compile(
    r"(?=[A-Z,])(?:\b" + _ST + r"\.?|,\s*[A-Z][a-z]{2,}(?:\s[A-Z][a-z]+)?),?\s+(" + _ZIP + r")(?![\w-])"
)
_STATE_TAIL = re.compile(r",\s+" + _ST + r"\b(?:(?P<zip>,?\s+" + _ZIP + r")(?![\w-]))?")
_CITY_END = re.compile(r"(?<![\w.])(" + _CITY + r")$")
_PREP_BEFORE = re.compile(r"(?:\b(?:in|from|at|to|near|of|moved|visiting)|[:,])\s*$", re.IGNORECASE)
# Words of at most 40 characters: after every hyphen of "A-A-A..." a candidate starts
COUNTY = re.compile(r"\b(?:[A-Z][A-Za-z'.-]{1,40}\s+){1,2}(?:County|Parish|Borough|COUNTY|PARISH|BOROUGH)\b")
COUNTY_WORD = re.compile(r"County|Parish|Borough|COUNTY|PARISH|BOROUGH")
_IN_CITY = re.compile(
    r"\b(?i:lives?|living|located|moved|staying|reside[sd]?|relocated|based)\s+(?i:in|at|to)\s+("
    + _CITY
    + r")"
)
IN_CITY_VERBS = ("liv", "located", "moved", "staying", "reside", "relocated", "based")  # gate
_CITY_STOP = words("city_stop_words")
# a day or a month is when, not where: "moved to Friday", "moving in March"
_TIMES = words("months") | frozenset(
    form
    for lang, _, form in (e.partition(": ") for e in entries("weekdays"))
    if lang == "en" and form.isalpha()  # the plain words, not the patterns ("tues?")
)
_REGIONS = words("place_regions")  # US states and countries

_H = r"[^\S\n]+"  # blanks within a line: an address does not run across lines
_DIR = r"(?:north|south|east|west|northeast|northwest|southeast|southwest|ne|nw|se|sw|[nsew])\.?"
_UNIT = (
    r"(?:,?[^\S\n]*(?:apt|apartment|unit|suite|ste|bldg|lot|#)\.?[^\S\n]*+#?[^\S\n]*+[\w-]{1,6}(?![\w-]))?"
)
_NOT_STREET = "|".join(sorted(words("not_street_words"), key=len, reverse=True))
_STREET_PREFIX = alternation("street_prefixes")
_WORD = r"[^\W\d_][\w'’-]*+"
# After a number, in one pass (each pattern tried at a number only):
# - Utah's grid ("455 e 500 s");
# - a US Spanish street ("3312 calle san antonio": its first two name words);
# - lower-case notes: up to four street-name words (each with a letter: "72nd", not the "0119."
#   of a phone before it) that are no counting words, a common suffix, a direction after it
#   ("1401 8th ave s") and a unit ("4410 n 72nd st apt 5").
_LOCAL_ADDRESS = re.compile(
    # each way on goes on with a letter, or digits and a letter ("8th"): one test rejects the rest
    r"(?=\d)(?<![\w.,/$:#-])\d{1,6}[a-z]?" + _H + r"(?=[a-zA-Z]|[0-9]++[a-z])(?:"
    r"[nsew]" + _H + r"\d{1,5}" + _H + r"[nsew]\b"
    r"|(?i:" + _STREET_PREFIX + r")" + _H + _WORD + "(?:" + _H + _WORD + ")?"
    r"|(?:" + _DIR + _H + ")?"
    r"(?:(?=[0-9]*+[a-z])(?!(?:" + _NOT_STREET + r")\b)[a-z0-9][a-z0-9'’.-]*+" + _H + "){1,4}"
    r"(?:" + alternation("street_suffixes_lower") + r")\b\.?"
    r"(?:" + _H + r"(?:ne|nw|se|sw|[nsew])\b\.?)?"
    r")" + _UNIT
)
# A rural grid address read out, its number in pieces and its street a number ("twenty six oh five
# three seventy fifth avenue" reaches the scanners as "26 053 75th avenue", "two hundred and tenth
# street" as "200 and 10th street", "four hundredth avenue" as "4 hundredth avenue")
_GRID_HOUSE = r"\d{1,5}(?:" + _H + r"\d{1,4}){1,3}"  # "26 053", "42 31": a number read in pieces
_GRID_STREET = (
    r"(?:\d{1,3}(?:st|nd|rd|th)|\d" + _H + r"hundredth|\d{3}" + _H + r"and" + _H + r"\d{1,2}(?:st|nd|rd|th))"
)
_GRID_SAID = re.compile(
    r"(?<![\w.,/$:#-])" + _GRID_HOUSE + _H + _GRID_STREET + _H + r"(?:street|avenue|road|st|ave|rd)\b"
)
# Europe: "<street> <number>, <postal code> <City>", or "<number> <street>, <postal code> <City>"
# where the street opens with its kind ("12 rue de la Paix, 75002 Paris"). A street opens with a
# prefix ("ul.", "rue", "via") or ends in a street word ("-gatan", "-straße", "Baan"); postal
# codes of PL (dd-ddd), PT (dddd-ddd), SE (ddd dd), NL (dddd AB), BE/DK/AT/CH/NO (dddd) and
# DE/FR/ES/IT/FI (ddddd). With a postal code that has a shape of its own (all but dddd and ddddd)
# any capitalised street will do ("Damrak 1, 1012 LG Amsterdam"), unless it is a month.
_UPPER = r"[A-ZÀ-ÖØ-ÞĀ-ſ]"
_ENDING = alternation("street_name_endings")
_PARTICLE = r"(?:(?i:de|du|des|del|della|di|da|do|de la|d')[^\S\n]*)?"
_STREET_THEN_NUMBER = (
    # a street opens a word: after every hyphen of "A-A-A..." a candidate would start
    r"(?<![\w.'’-])(?:(?i:"
    + _STREET_PREFIX
    + r")[^\S\n]*"
    + _PARTICLE
    + _UPPER
    + r"[\w'’.-]*+(?:"
    + _H
    + r"[\w'’.-]++){0,3}?"
    r"|" + _UPPER + r"[\w'’-]*?(?i:" + _ENDING + r")(?<=\w|\.)"
    r"|"
    + _UPPER
    + r"[\w'’-]*+"
    + _H
    + "(?="
    + _UPPER
    + r")[\w'’-]*?(?i:"
    + _ENDING
    + r"))"
    + _H
    + r"\d{1,4}[a-zA-Z]?(?:/\d{1,4})?"
)
_NUMBER_THEN_STREET = (
    r"(?<![\w.,/-])\d{1,4}(?:[a-z]|bis|ter)?,?"
    + _H
    + r"(?i:"
    + _STREET_PREFIX
    + r")"
    + _H
    + r"[\w'’.-]++(?:"
    + _H
    + r"[\w'’.-]++){0,4}?"
)
_NOT_MONTH = r"(?!(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s)"  # "March 5, 2024"
_ANY_STREET = (
    r"(?<![\w.'’-])"
    + _NOT_MONTH
    + _UPPER
    + r"[\w'’.-]*+(?:"
    + _H
    + _NOT_MONTH
    + _UPPER
    + r"[\w'’.-]*+)?"
    + _H
    + r"\d{1,4}[a-zA-Z]?(?:/\d{1,4})?"
)
_OWN_POSTAL = r"(?:\d{2}-\d{3}|\d{4}-\d{3}|\d{3}[^\S\n]\d{2}|\d{4}[^\S\n]?[A-Z]{2}(?!\w))"
_POSTAL = r"(?:" + _OWN_POSTAL + r"|\d{4,5})"
_TOWN = _H + _UPPER + r"[\w'’.-]*+(?:[\s-]" + _UPPER + r"[\w'’.-]*+){0,2}"
_INTL_ADDRESS = re.compile(
    r"(?:(?:"
    + _STREET_THEN_NUMBER
    + "|"
    + _NUMBER_THEN_STREET
    + r"),[^\S\n]*"
    + _POSTAL
    + r"|"
    + _ANY_STREET
    + r",[^\S\n]*"
    + _OWN_POSTAL
    + ")"
    + _TOWN
)
# Japan: block, lot and house ("2-14-9 Kitazawa"), the ward or city ("Setagaya-ku"), the
# prefecture or city and the postal code ddd-dddd, which is where the pattern is tried from
_JAPAN_ADDRESS = re.compile(
    r"(?<![\w-])\d{1,2}-\d{1,2}(?:-\d{1,3})?" + _H + r"[A-Z][a-z]+(?:-\w+)?"
    r"(?:,[^\S\n]*[A-Z][a-z]+-(?:ku|shi|cho|machi|mura|gun))?,[^\S\n]*[A-Z][a-z]+(?:-(?:ken|to|fu))?"
    + _H
    + r"\d{3}-\d{4}(?![\w-])"
)
_JAPAN_POSTAL = re.compile(r"(?<=[a-z] )\d{3}-\d{4}(?![\w-])")
# Where a European address may be: a comma before a postal code ("14/3, 31-147", "Paix, 75002")
_ABROAD_HINT = re.compile(r",[^\S\n]*\d")
# UK ("SE5 9NR", "M1 1AE") and Canadian ("K1A 0B1") postcodes, in capitals, after a word or a comma
_POSTCODE = re.compile(
    r"(?=[A-Z])(?<=[\w,]\s)(?:[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d)(?![\w])"
)
# "Flat 3, 27 Coldharbour Lane": the flat or unit before the number belongs to the address
_UNIT_BEFORE = re.compile(r"(?i:flat|apt\.?|apartment|unit)\s+[\w-]{1,5},?\s*$")


# Box addresses ("PO Box 9418", "P.O. Box 12", "RR 2 Box 39") and the city after them
# ("... Box 39 in Yakima", "... Box 12, Bangor", "... Box 12 Fresno CA").
_BOX = re.compile(
    # rural boxes: "RR 4 Box 118", "Route 2, Box 45A", "HC 71 Box 12"; "RFD 3" alone
    r"(?P<box>\b(?:P\.?\s?O\.?\s?Box\s+#?\d{1,6}"
    r"|(?:RR|R\.R\.|Rural Route|Route|Rte\.?|Rt\.?|HC|HCR|Highway Contract|Star Route|RFD|R\.F\.D\.)"
    r"\s?\d{1,3},?\s+Box\s+#?\d{1,6}[A-Z]?\b|RFD\s?\d{1,3}\b))"
    r"(?:(?:,\s*|\s+in\s+|\s+)(?-i:(?P<city>[A-Z][A-Za-z'’.-]+(?:\s+[A-Z][A-Za-z'’.-]+){0,2}?))"
    r"(?=,|\.?\s*$|\.\s|\s+[A-Z]{2}\b))?",
    re.IGNORECASE,
)


def scan(st: ScanState) -> None:
    """Claim and report addresses, boxes, ZIPs, "City, ST", counties and "lives in <City>"."""
    t = st.text
    for m in _BOX.finditer(t) if st.f.mentions("box", "rfd", "r.f.d") else ():
        if st.free(m.start("box"), m.end("box")):
            st.claim(m.start("box"), m.end("box"), Category.GEO)
        city = m.group("city")
        if city and city.split()[0].lower() not in _CITY_STOP and st.free(m.start("city"), m.end("city")):
            st.claim(m.start("city"), m.end("city"), Category.GEO)
    for m in _ROUTE_ADDRESS.finditer(t):
        if st.free(m.start(), m.end()):
            st.claim(m.start(), m.end(), Category.GEO)
    for m in _ADDRESS.finditer(t):
        if st.free(m.start(), m.end()):
            u = _UNIT_BEFORE.search(t, max(0, m.start() - 16), m.start())
            start = u.start() if u is not None and st.free(u.start(), m.start()) else m.start()
            st.claim(start, m.end(), Category.GEO)
    for rx in (_POSTCODE, _LOCAL_ADDRESS):
        for m in rx.finditer(t):
            if st.free(m.start(), m.end()):
                st.claim(m.start(), m.end(), Category.GEO)
    for rx in (_ZIP_CUE, _STATE_ZIP) if st.f.mentions("zip", "area") else (_STATE_ZIP,):
        for m in rx.finditer(t):
            g = m.lastindex or 1  # the group that matched: _ZIP_CUE has two ways
            if st.free(m.start(g), m.end(g)) and digits_of(m.group(g))[-10:] not in st.ctx.business_digits:
                st.claim(m.start(g), m.end(g), Category.GEO)
    for tail in _STATE_TAIL.finditer(t):
        # "Columbus, OH [43215]": find the city words just before the state
        cm = _CITY_END.search(t, max(0, tail.start() - 40), tail.start())
        if cm is None:
            continue
        start = cm.start(1)
        if tail.group("zip") is None and not _PREP_BEFORE.search(t[max(0, start - 12) : start]):
            continue  # "Humana, ID" / "Smith, MD": without a ZIP or a preposition it is no place
        if cm.group(1).split()[0].lower() in _CITY_STOP or t[max(0, start - 4) : start].strip() in (
            "Dr.",
            "Dr",
        ):
            continue
        if st.free(start, tail.end()):
            st.claim(start, tail.end(), Category.GEO)
        elif st.free(start, cm.end(1)):
            st.claim(start, cm.end(1), Category.GEO)  # "Naschitti, NM 87325": the ZIP was claimed first
    if COUNTY_WORD.search(t):
        for m in COUNTY.finditer(t):
            if st.free(m.start(), m.end()):
                st.claim(m.start(), m.end(), Category.GEO)
    if st.f.mentions(*IN_CITY_VERBS):
        for m in in_cities(t):
            if st.free(m.start(1), m.end(1)):
                # a state or a country is no identifier: "son lives in Poland." (claimed, unreported)
                region = m.group(1).rstrip(".").lower() in _REGIONS
                st.claim(m.start(1), m.end(1), None if region else Category.GEO)


def in_cities(text: str) -> Iterator[re.Match[str]]:
    """The cities after a word of living ("lives in Tulsa", "moved to Denver"); not a day or a
    month ("moved to Friday")."""
    for m in _IN_CITY.finditer(text):
        if m.group(1).split()[0].rstrip(".,").lower() not in _TIMES:
            yield m


def scan_grid(st: ScanState) -> None:
    """Claim and report rural grid addresses read out (`_GRID_SAID`), on the text as
    phi/spoken_forms.py writes its number words (pipeline.SPOKEN_PIPELINE)."""
    for m in _GRID_SAID.finditer(st.text):
        if st.free(m.start(), m.end()):
            st.claim(m.start(), m.end(), Category.GEO)


def _names_a_street(st: ScanState) -> bool:
    return st.f.mentions(" street", " avenue", " road", " st", " ave", " rd")


def scan_abroad(st: ScanState) -> None:
    """Claim and report European addresses ("<street> <number>, <postal code> <City>" and kin).

    Their layout proves itself, so they run before the dates: "ul. Polna 7/2" is no 2 July. The
    pattern is tried only around a comma before a digit (a street and its name are at most 80
    characters before it): most texts have few, and a full search costs a test at every word.
    """
    t = st.text
    end = 0
    for hint in _ABROAD_HINT.finditer(t):
        if hint.start() < end:
            continue
        m = _INTL_ADDRESS.search(t, max(end, hint.start() - 80), hint.end() + 60)
        if m is not None and m.start() <= hint.start() < m.end():
            end = m.end()
            if st.free(m.start(), m.end()):
                st.claim(m.start(), m.end(), Category.GEO)
    for hint in _JAPAN_POSTAL.finditer(t):
        m = _JAPAN_ADDRESS.search(t, max(0, hint.start() - 70), hint.end())
        if m is not None and m.end() == hint.end() and st.free(m.start(), m.end()):
            st.claim(m.start(), m.end(), Category.GEO)


# Streets named without a house number where the person is: a crossing ("by Centerville and
# Broadway", "off of Route 70 and Herbertsville Road", "corner of 5th and main") and the street
# someone lives on ("are you still on Cherry Street", "we live off rock quarry road"). One side of a
# crossing must read as a street: a street type ends it, it is an ordinal, a numbered route, or
# Broadway; "at Walmart and Target" is none.
_STREET_TYPE = alternation("street_suffixes_lower")
_NAME_WORD = (
    r"(?:(?!(?:the|a|an|and|or|my|our|his|her|their|your|to|in|on|at|of|by|near|off|with|for|is|it|"
    r"that|this|then|so|but|i|we|you|he|she|they|now|yes|no|not|there|here|home|work|house)\b)"
    # a stop ends a word unless the word is an abbreviation ("st.", "mt."): "... and higley. booked"
    r"(?:[^\W_][\w'’-]{0,2}\.|[^\W_][\w'’-]*+))"
)
# What reads as a street, from the start of a crossing's side: the shortest words ending in a
# street type, a numbered route, an ordinal or Broadway (matched on lower-case text)
_STREET_SIDE = re.compile(
    rf"(?:(?:{_NAME_WORD}[ \t]+){{0,3}}?(?:{_STREET_TYPE})\b"
    r"|(?:route|rte|highway|hwy|state\s+route|county\s+road|interstate|i-?)[ \t-]*\d{1,4}\b"
    r"|\d{1,3}(?:st|nd|rd|th)\b|(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b"
    r"|broadway\b)"
)
_SIDE = rf"(?:{_NAME_WORD}[ \t]+){{0,3}}{_NAME_WORD}"
_CROSSING = CuePattern(
    r"\b(?:corner\s+of|intersection\s+of|cross\s*streets?(?:\s+(?:are|is))?:?|off(?:\s+of)?|by|near|at)"
    rf"[ \t]+(?:the[ \t]+)?(?P<a>{_SIDE})[ \t]+(?:and|&|n)[ \t]+(?P<b>{_SIDE})"
)
_LIVES_ON = CuePattern(
    r"\b(?:live[sd]?|living|still|staying|moved|we're|were|i'm|im|she's|he's|they're|house|home|place)"
    # ... or in a town first: "we live in staunton on thornrose avenue", "we're in mesa off power road"
    rf"(?:[ \t]+in[ \t]+(?:{_NAME_WORD}[ \t]+){{0,2}}?{_NAME_WORD})?"
    rf"[ \t]+(?:on|off(?:[ \t]+of)?)[ \t]+(?:the[ \t]+)?"
    rf"(?P<x>(?:{_NAME_WORD}[ \t]+){{1,3}}(?:{_STREET_TYPE})\b)"
)


# A street's name and type right after a position: "90 Wyoming Avenue" is a house number, not an age
_STREET_AHEAD = CuePattern(rf"[ \t]++(?:{_NAME_WORD}[ \t]++){{1,3}}(?:{_STREET_TYPE})\b")


def opens_address(f: Folded, pos: int) -> bool:
    """True when the words after `pos` name a street ("... is 90| Wyoming Avenue")."""
    return _STREET_AHEAD.match(f, pos) is not None


def _crossing_end(low: str, m: re.Match[str]) -> int:
    """End of the crossing `m` found ("centerville and broadway"), or -1 when neither side reads as a
    street; the second side ends where its street does ("old jamestown highway yes sir")."""
    b = _STREET_SIDE.match(low, m.start("b"), m.end("b"))
    if b is not None:
        return b.end()
    a = _STREET_SIDE.match(low, m.start("a"), m.end("a"))
    return m.end("b") if a is not None and a.end() == m.end("a") else -1


# English number words as a unit's or a road's number is said ("apartment two twelve"); spoken.py's too
NUMBER_WORD = (
    r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
    r"ninety|hundred)"
)
# A county road, where a rural home is ("the farmhouse on county road twenty one", "CR 9 MM 12",
# "county road thirty nine"), with its mile marker if one is said
_ROAD_NUMBER = rf"(?:\d{{1,4}}[a-z]?|[a-z]{{1,2}}[ -]?\d{{1,3}}|{NUMBER_WORD}(?:[ -]{NUMBER_WORD}){{0,2}})"
_COUNTY_ROAD = CuePattern(
    rf"(?<![\w'’-])(?:county{_H}(?:road|rd\.?|highway|hwy\.?)|cr){_H}{_ROAD_NUMBER}(?![\w'’-])"
    rf"(?:{_H}(?:mm|mile{_H}marker){_H}{_ROAD_NUMBER}(?![\w'’-]))?"
)


def scan_county_roads(st: ScanState) -> None:
    """Claim and report county roads (`_COUNTY_ROAD`)."""
    for m in _COUNTY_ROAD.finditer(st.f):
        if st.free(m.start(), m.end()):
            st.claim(m.start(), m.end(), Category.GEO)


def _names_a_county_road(st: ScanState) -> bool:
    return st.f.mentions("county road", "county rd", "cr ", "county h")


def scan_streets(st: ScanState) -> None:
    """Claim and report crossings and the street a person lives on, named without a number."""
    low = st.f.low
    # the sides are read on the lower-cased text, whose offsets are the text's when exact
    for m in _CROSSING.finditer(st.f) if st.f.exact else ():
        end = _crossing_end(low, m)
        if end > 0 and st.free(m.start("a"), end):
            st.claim(m.start("a"), end, Category.GEO)
    for m in _LIVES_ON.finditer(st.f):
        if st.free(m.start("x"), m.end("x")):
            st.claim(m.start("x"), m.end("x"), Category.GEO)


def _says_where(st: ScanState) -> bool:
    return st.f.mentions(" and ", " & ", " n ", " on ", " off ")


SCANNER = Scanner("geo", has_digit, scan)
GRID = Scanner("grid", _names_a_street, scan_grid)
STREETS = Scanner("streets", _says_where, scan_streets)
COUNTY_ROADS = Scanner("county_roads", _names_a_county_road, scan_county_roads)
ABROAD = Scanner("geo_abroad", has_digit, scan_abroad)
