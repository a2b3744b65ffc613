"""Places without a capital letter or a street layout: counties, "lives in <City>", and lower-case
cities beside an address or a ZIP ("… ocotillo road in queen creek", "omaha 68134").

A lower-case word is a city only when the gazetteer (phi/data/places.txt, GeoNames) names it and
its context says it is a place:
- right after an address claimed by an earlier scanner (", ", " in ", " en " between) or right
  before a ZIP: then even a city that is also a common word ("mesa", "bend") is taken;
- after a preposition of place ("in", "from", "to", "near", "past", "outside", "en", "desde", "de",
  "à", "nan"): where a person lives, stays, was born or travels is theirs to hide (Safe Harbor
  names every geographic subdivision smaller than a state), so a city said in passing ("my mom's
  in kenosha", "driving down from flagstaff") is taken, a common-word city only when capitalised.
  Not the business's own ("our office in tempe"), a language ("interpreted in navajo"), a
  possessive or the start of a business's name ("in phoenix's heat", "from mesa dental"); after
  "to"/"from"/"desde" a city that is a first name too ("talk to tyler") and after "de" any city
  only with a word of origin, of living or a relative before it.
The gazetteer is read on first use: most texts never get here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from ctm_hipaa.phi.claims import Claims, ScanState, Span
from ctm_hipaa.phi.fold import CuePattern, Folded
from ctm_hipaa.phi.lexicon import alternation, entries, unaccented, words
from ctm_hipaa.phi.model import Category
from ctm_hipaa.phi.scanners import Scanner, no_digit
from ctm_hipaa.phi.scanners.geo import COUNTY, COUNTY_WORD, IN_CITY_VERBS, NUMBER_WORD, in_cities
from ctm_hipaa.phi.scanners.names import CENSUS_SURNAMES, FIRST_NAMES, is_common_word

MAX_WORDS = 4  # "north salt lake city"
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_TRIM = ".-'’"
_H = r"[^\S\n]"
# between an address and what follows it: a comma, written or said in a dictated note ("… ridgeway
# road comma oakwood period"), and "in" or a word of nearness ("rural route two box forty by
# elmore", "... outside of kiester"). Blanks are possessive wherever two runs of them could share
# one out (a comma or "#" between or not): a failing match would otherwise try every split of the
# run, quadratic in its length.
_COMMA = rf"(?:{_H}*+,|{_H}++comma(?={_H}))"
_NEAR = rf"(?:in|en|by|near|outside(?:{_H}++of)?)"
_AFTER_ADDRESS = re.compile(rf"{_COMMA}?{_H}++(?:{_NEAR}{_H}++)?")
_UNIT_NO = rf"(?:\d{{1,5}}[a-z]?|[a-z]-?\d{{1,4}}|[a-z]|{NUMBER_WORD}(?:-{NUMBER_WORD})?)"
_UNIT_NUMBER = _UNIT_NO + r"(?:" + _H + r"+" + _UNIT_NO + r"){0,2}(?![\w'’-])"  # "6 a", "one oh four"
# the unit after an address, before its city: "…, apartment 6 a, in kingston", "… comma unit one oh
# four comma greenfield", "…, number b, in lynnwood", "…, room two-eighteen"
_UNIT_AFTER = re.compile(
    r"(?:(?:apt|apartment|unit|suite|ste|number|no|room|rm|bldg|building|lot|slip|space|flat)(?![a-z])\.?|#)"
    + _H
    + r"*+#?"
    + _H
    + r"*+"
    + _UNIT_NUMBER
)
# units read out after an address ("apartment two twelve peoria"): skipped before the city
_UNIT_END = re.compile(r"(?:apt|apartment|unit|suite|ste|#)\W*\w+$")
_UNIT_REST = re.compile(r"(?:(?:\d{1,4}|[a-z]|" + NUMBER_WORD + r")" + _H + r"+){1,3}")
# An apartment and its number on their own ("lives at the heritage at brentwood, apt 3114"): where
# someone lives even when the street is not named beside it
# ... and read out: after "at" ("we're still at lot nineteen", "you still at house two twelve"), or
# its number and letter ("yes apartment two b", "coming apartment fourteen c")
_APARTMENT = re.compile(
    r"(?<![\w-])(?:apt|apartment)\.?" + _H + r"*+#?" + _H + r"*+\d{1,5}[a-z]?(?![\w/.,:-]\d)"
    r"|(?<![\w-])at"
    + _H
    + r"+(?:apt|apartment|lot|house|space|trailer)"
    + _H
    + r"+"
    + _UNIT_NUMBER
    + r"|(?<![\w-])(?:apt|apartment)"
    + _H
    + r"+"
    + NUMBER_WORD
    + r"(?:"
    + _H
    + r"+"
    + NUMBER_WORD
    + r")?"
    + _H
    + r"+[a-z](?![\w'’-])"
)
_ZIP = re.compile(r"(?<![\w.-])\d{5}(?:-\d{4})?(?![\w-]|\.\d)")
_ZIP_RIGHT_AFTER = re.compile(_H + r"*+,?" + _H + r"*+(\d{5}(?:-\d{4})?)(?![\w-]|\.\d)")
_ZIP_AFTER = re.compile(
    _H + r"*+,?" + _H + r"*+(?:(?P<st>[a-z]{2}|[a-z]+(?: [a-z]+)?),?" + _H + r"++)?"
    r"(?P<zip>\d{5}(?:-\d{4})?)(?![\w-])"
)
# "to" only names where a person lives after a word of living: "moved from tucson to flagstaff"
_PREPOSITION = re.compile(
    r"(?<![\w'’-])(?:in|from|to|near|en|desde|de|cerca de|nan|à|a)" + _H + r"+(?=[^\W\d_])"
)
# words of living somewhere, or of a street or an address: a preposition within _LIVING_REACH
# characters after one, on the same line, names where ("staying w/ her sister in lehi", "en la
# calle alameda cuatro cinco uno en socorro", "address is out past the mill in chinle", "i'm out in
# apache junction")
_LIVING = re.compile(
    r"\b(?:liv(?:e|es|ed|ing)|stay(?:s|ed|ing)?|resid(?:e|es|ed|ing|ent)|home|house|moved|relocat(?:e|ed|ing)"
    r"|located|based|vive|vivo|viven|mud(?:[eéoó]|amos|aron|arme|arse|ad[oa]s?)|(?:out|over|up|down|i'm|we're|he's|she's|they're)(?=[^\S\n]+in\b)"
    # where someone works or was born, "my place in ...", and French and Creole living ("j'habite à
    # lyon", "mwen rete nan ...", "li nan jacmel")
    r"|work(?:s|ed|ing)?|born|(?:my|his|her|their|our|your)[^\S\n]+place|habite|habitait|vit|rete|li(?=[^\S\n]+nan\b)"
    r"|calle|avenida|camino|street|road|avenue|drive|lane|boulevard|address|addr|direcci[oó]n|domicilio)\b"
)
_LIVING_REACH = 40
# After a word of living, these prepositions take a common-word town in lower case ("she lives in
# mesa"), and "to" does right after a move ("we're relocating to temple", "ya me mudé a savage")
_AT_HOME = frozenset(("in", "en", "near", "nan", "à"))
_MOVING = ("moved", "relocat", "mud")
_MOVED_TO = frozenset(("to", "a"))
_REGION_AFTER = re.compile("," + _H + r"*([^\W\d_][\w'’.-]*)(?: ([^\W\d_][\w'’.-]*))?")
_PREPOSITION_BEFORE = re.compile(r"(?<![\w'’-])(?:in|from|near|en|desde|de|cerca de)" + _H + r"+$")
_STREET_NUMBER = re.compile(r"(?<![\w.,/$:#-])\d{1,6}" + _H + r"+(?:[^\W\d_][\w'’.-]*" + _H + r"+){0,4}?$")
_RESIDENCE_GATE = (
    *("liv", "stay", "resid", "home", "house", "moved", "relocat", "located", "based", "viv", "mud"),
    *("out in", "over in", "up in", "down in", "'re in", "'m in", "'s in"),
    *("calle", "avenida", "camino", "street"),
    *("road", "avenue", "drive", "lane", "boulevard", "addr", "direcci", "domicilio"),
    *("work", "born", " place", "habit", " vit", "rete", " nan "),
)
_STATES = frozenset(s.lower() for s in entries("us_states"))
_REGION_WORDS = re.compile(r"(?=([^\W\d_]+))(?:[^\W\d_]+ [^\W\d_]+|[^\W\d_]+)")  # one word or two


@cache
def _gazetteer() -> tuple[Mapping[str, None], frozenset[str], frozenset[str]]:
    """(place names, place names that are also common words, state and country names); the 26,000
    place names (GeoNames' and the nicknames callers use) as a dict, which the garbage collector
    never walks (lexicon.bare_words)."""
    plain = dict.fromkeys((*entries("places"), *entries("place_nicknames")))
    return plain, words("places_common"), words("place_regions")


def is_place(name: str) -> bool:
    """True when lower-case `name` is a gazetteer place or a state or country ("saint paul", "ohio")."""
    plain, common, regions = _gazetteer()
    return name in plain or name in common or name in regions or name in _STATES


def _place_at(low: str, pos: int, common_ok: bool) -> int:
    """End of the longest gazetteer name starting at `pos` of `low` (-1 when none)."""
    plain, common, _ = _gazetteer()
    ends: list[int] = []
    i = pos
    for _ in range(MAX_WORDS):
        m = _WORD.match(low, i)
        if m is None:
            break
        e = m.end()
        while e > m.start() + 1 and low[e - 1] in _TRIM:
            e -= 1
        ends.append(e)
        if e != m.end() or low[e : e + 1] != " ":
            break
        i = e + 1
    for e in reversed(ends):
        name = unaccented(low[pos:e])  # "cobán", "łódź": the gazetteer spells them "coban", "lodz"
        if name in plain or (common_ok and name in common):
            return e
    return -1


def _place_before(low: str, end: int) -> tuple[int, bool]:
    """(start, is a common word) of the longest gazetteer name ending at `end` of `low`; start -1: none."""
    plain, common, _ = _gazetteer()
    starts: list[int] = []
    i = end
    for _ in range(MAX_WORDS):
        j = i
        while j > 0 and (low[j - 1].isalpha() or low[j - 1] in _TRIM):
            j -= 1
        if j == i or not low[j].isalpha():
            break
        starts.append(j)
        if j == 0 or low[j - 1] != " ":
            break
        i = j - 1
    for s in reversed(starts):
        name = unaccented(low[s:end])
        if name in plain or name in common:
            return s, name not in plain
    return -1, False


def _is_region(word: str) -> bool:
    return word in _gazetteer()[2] or word in _STATES


def _region_at(low: str, pos: int) -> int:
    """End of the state or country name starting at `pos` ("west virginia", "georgia"), or -1: after
    a city it is the city's region, not another place ("charleston, west virginia")."""
    m = _REGION_WORDS.match(low, pos)
    if m is None:
        return -1
    if _is_region(m.group(0)):
        return m.end()
    return m.end(1) if _is_region(m.group(1)) else -1


def _claim_region(st: ScanState, city_end: int, zip_start: int) -> None:
    """Consume, unreported, the state between a city and its ZIP (", west virginia 25564"): no
    identifier, and no name either ("Virginia")."""
    low = st.f.low
    rs, re_ = city_end, _back(low, zip_start)
    while rs < re_ and low[rs] in " \t,":
        rs += 1
    if rs < re_ and _is_region(low[rs:re_]) and st.free(rs, re_):
        st.claim(rs, re_, None)


def _back(low: str, i: int) -> int:
    """`i` moved back over the blanks and commas before it."""
    while i > 0 and low[i - 1] in " \t,":
        i -= 1
    return i


def _city_end(low: str, zip_start: int) -> int:
    """Where a city before the ZIP at `zip_start` ends: before a state between them ("mesa, az")."""
    e = _back(low, zip_start)
    for n in (2, 1):
        s = e
        for _ in range(n):
            s = low.rfind(" ", max(0, s - 24), s - 1) + 1 if s > 0 else 0
        if 0 < s < e and _is_region(low[s:e].strip(" ,")):
            return _back(low, s)
    return e


def _is_zip(span: str) -> bool:
    """A ZIP claimed by an earlier scanner: five digits (and four), or five digits read out."""
    return bool(_ZIP.fullmatch(span)) or (not any(c.isdigit() for c in span) and len(span.split()) == 5)


def _claim_city(st: ScanState, s: int, e: int) -> None:
    """Claim [s, e) as a city when free; then a ZIP after it (", az 85202")."""
    if not st.free(s, e):
        return
    st.claim(s, e, Category.GEO)
    z = _ZIP_AFTER.match(st.f.low, e)
    if (
        z is not None
        and (z.group("st") is None or _is_region(z.group("st")))
        and st.free(z.start("zip"), z.end("zip"))
    ):
        st.claim(z.start("zip"), z.end("zip"), Category.GEO)


def _beside_addresses(st: ScanState, anchors: list[tuple[int, int]]) -> None:
    """Cities right after an address or right before a ZIP (common words too: "… drive in mesa")."""
    low = st.f.low
    for s, e in anchors:
        m = _AFTER_ADDRESS.match(low, e)
        if m is not None:
            p = m.end()
            if _UNIT_END.search(low, max(0, e - 16), e) and _place_at(low, p, True) < 0:
                u = _UNIT_REST.match(low, p)
                p = u.end() if u is not None else p
            elif (u := _UNIT_AFTER.match(low, p)) is not None and st.free(p, u.end()):
                st.claim(p, u.end(), Category.GEO)
                m = _AFTER_ADDRESS.match(low, u.end())
                if m is None:
                    continue
                p = m.end()
            region = _region_at(low, p)
            if region > 0:
                st.claim(p, region, None)  # the region is no identifier, nor a name ("Virginia")
            else:
                end = _place_at(low, p, True)
                if end > 0:
                    _claim_city(st, p, end)
        z = _ZIP_RIGHT_AFTER.match(low, e)
        if z is not None and not _is_zip(low[s:e]) and st.free(z.start(1), z.end(1)):
            st.claim(z.start(1), z.end(1), Category.GEO)  # "4127 sharon amity rd 28211": its ZIP
        if _is_zip(low[s:e]):
            cend = _city_end(low, s)
            _claim_region(st, cend, s)
            start, _ = _place_before(low, cend)
            if start >= 0:
                _claim_city(st, start, cend)


def _before_zips(st: ScanState, anchors: list[tuple[int, int]]) -> None:
    """A free ZIP after a city ("omaha 68134"), and the street before a city that is a common word
    ("2719 s los altos mesa 85202": without the street number "mesa 85202" is no place)."""
    low = st.f.low
    for z in _ZIP.finditer(low):
        zs, ze = z.span()
        if not st.free(zs, ze):
            continue
        cend = _city_end(low, zs)
        start, common = _place_before(low, cend)
        if start < 0 or not st.free(start, cend):
            continue
        street = _STREET_NUMBER.search(low, max(0, start - 48), start)
        if street is None and common:
            continue
        if street is not None and st.free(street.start(), start):
            st.claim(street.start(), _back(low, start), Category.GEO)
        st.claim(start, cend, Category.GEO)
        st.claim(zs, ze, Category.GEO)
        anchors.append((zs, ze))


def _after_prepositions(st: ScanState) -> None:
    """ "in/from/near <city>" after a word of living or staying, or before ", <state or country>".

    Either context is strong enough for what _in_passing leaves alone: a city after "de" or one
    that is a first name too ("lives in tyler"), a city before ", <state>" with no preposition
    read for it. Both are found from their rarer half (the word of living, the region after a
    comma), not from every "in".
    """
    low = st.f.low
    if st.f.mentions(*_RESIDENCE_GATE):
        for w in _LIVING.finditer(low):
            first = True
            for m in _PREPOSITION.finditer(low, w.end(), w.start() + _LIVING_REACH + 16):
                if m.start() > w.start() + _LIVING_REACH or "\n" in low[w.end() : m.start()]:
                    break
                # a place that is a common word too ("Garland", "Mission") when capitalised, or in
                # lower case after the word of living and "in" ("she lives in mesa", "moved in with
                # me in gilbert"), or right after a move and "to" ("we moved to temple"; not "works
                # fine, ok to start")
                prep = m.group(0).split()[0]
                moved_to = first and prep in _MOVED_TO and w.group(0).startswith(_MOVING)
                if prep == "a" and not moved_to:
                    continue  # "going home with a foley": Spanish "a" only right after a move
                said_in = moved_to or prep in _AT_HOME
                first = False
                end = _place_at(low, m.end(), said_in or st.text[m.end()].isupper())
                if end > 0:
                    _claim_city(st, m.end(), end)
    if "," in low:
        for c in _REGION_AFTER.finditer(low):
            if not (_is_region(c.group(1)) or (c.group(2) and _is_region(f"{c.group(1)} {c.group(2)}"))):
                continue
            end = _back(low, c.start())
            start, common = _place_before(low, end)
            if start > 0 and not common and _PREPOSITION_BEFORE.search(low, max(0, start - 12), start):
                _claim_city(st, start, end)


# Where someone comes from or a relative is: "calling from manila", "he's visiting from amman",
# "soy ... de puno", "vengo desde zacatecas" (the verb, at most three words, then the preposition);
# "my sister in tulsa", "her nephew earl in kingman", "mi hija en provo" (a relative, at most one
# word, their name, then the preposition). Both are read backwards from a preposition before a
# place (str.find), so a text pays for them only where a place is named.
_ORIGIN_BEFORE = re.compile(
    r"\b(?:calling|visiting|coming|came|driving|drove|flying|flew|originally|i'm|i am|we're|he's|she's|"
    r"they're|soy|es|somos|vengo|viene|vino|llamo|llamando|hablo|habla)(?:"
    + _H
    + r"+[^\W\d_][\w'’]*){0,3}?"
    + _H
    + r"+(?:from|desde|de)"
    + _H
    + r"+$"
)
_KIN_BEFORE = CuePattern(
    r"\b(?:my|his|her|their|our|your|mi|su|sus)"
    + _H
    + r"+(?:great[- ])?(?:"
    + alternation("kinship_words")
    + r")(?:"
    + _H
    + r"+[^\W\d_][\w'’-]*)??"
    + _H
    + r"+(?:in|from|en|de|desde)"
    + _H
    + r"+$"
)
# A city said in passing, after a preposition of place: "my mom's in kenosha", "we're out past
# ocala", "driving down from flagstaff", "moving to greeley", "born in vinnytsia", "just outside
# bakersfield". Where a person is, was or goes is theirs to hide, whether they live there or not.
_IN_PASSING = (" in ", " from ", " to ", " near ", " past ", " outside ", " around ", " en ", " desde ",
               " de ", " à ", " nan ", " out by ", " outside of ", " south of ", " north of ", " east of ",
               " west of ", " en el ", " en la ")  # fmt: skip
# ... but after "to", "from" and "desde" a common first name is a person ("talk to tyler", "a call
# from austin"), and after "de" any word may follow ("wo de yao", "de puno"): there the place needs
# where someone comes from or a relative before it
_PERSON_AFTER = frozenset((" to ", " from ", " desde "))
# ... and a place of the business's is none of the caller's: "our office in tempe", "our other
# location near mesa" (at most two words between), "welcome to harbor"; but "our camp in rangeley",
# "our house in mesa" are the caller's
_HOMES = r"(?:camp|house|home|place|cabin|apartment|trailer|condo|farm|ranch|family|kids)\b"
_OURS_BEFORE = re.compile(
    r"\b(?:our(?!(?:"
    + _H
    + r"+[^\W\d_]+){0,1}"
    + _H
    + r"+"
    + _HOMES
    + r")(?:"
    + _H
    + r"+[^\W\d_]+){0,2}"
    + _H
    + r"+(?:in|near|to|from|en)|welcome"
    + _H
    + r"+to)"
    + _H
    + r"+$"
)
_LANGUAGES = words("languages")  # "interpreted in navajo"
_POSSESSIVE_AFTER = re.compile(r"['’]s\b")
_BEFORE_REACH = 72  # characters before the place where the verb or the relative is read


def _in_passing(st: ScanState) -> None:
    """A city after a preposition of place; a city that is a common word too only when capitalised
    ("from Mission"). Read from each preposition with str.find, so a text pays only for those."""
    low, text = st.f.low, st.text
    for w in _IN_PASSING:
        i = low.find(w)
        while i >= 0:
            j, p = i, i + len(w)
            i = low.find(w, p - 1)
            if w == " in " and low[j - 2 : j] == "as" and (j == 2 or not low[j - 3].isalnum()):
                continue  # "h as in henry": a letter spelled, no place
            end = _place_at(low, p, text[p : p + 1].isupper())
            if end < 0:
                # a common-word town before its state or country: "born in hope arkansas"
                end = _place_at(low, p, True)
                if end > 0 and _region_at(low, end + 1 + (low[end : end + 1] == ",")) < 0:
                    end = -1
            if end < 0 or not st.free(p, end) or _POSSESSIVE_AFTER.match(low, end) or _opens_org(low, end):
                continue
            s = max(0, p - _BEFORE_REACH)
            if _OURS_BEFORE.search(low, s, p):
                continue
            name = unaccented(low[p:end])
            if name in _LANGUAGES:
                continue
            if (w == " de " or (w in _PERSON_AFTER and name in FIRST_NAMES)) and not (
                _ORIGIN_BEFORE.search(low, s, p) or _KIN_BEFORE.lower.search(low, s, p)
            ):
                continue
            _claim_city(st, p, end)


# After a person's name: "Alvin Unruh of Hutchinson", "dale fremont from bakersfield", "her nephew
# earl in kingman", "Fabiola (in Miami)", "Son Rene driving from Mission"
_AFTER_NAME = CuePattern(
    r"(?:" + _H + r"+\(|,?" + _H + r"+)(?:[a-z]+ing" + _H + r"+)?(?:of|from|in|de|desde|en)" + _H + r"+"
    r"(?=[^\W\d_])"
)
_ORG_WORDS = words("org_words")
_NEXT_WORDS = re.compile(_H + r"+([^\W\d_]+)(?:" + _H + r"+([^\W\d_]+))?")


def _opens_org(low: str, end: int) -> bool:
    """True when one of the two words after `end` is an organisation word ("aurora health")."""
    m = _NEXT_WORDS.match(low, end)
    return m is not None and (m.group(1) in _ORG_WORDS or m.group(2) in _ORG_WORDS)


def after_names(f: Folded, names: list[Span], claimed: Claims) -> list[Span]:
    """Cities right after a person's name found in `f` ("Alvin Unruh of Hutchinson", "earl in
    kingman"): where that person lives or comes from. A city that is a common word too only when
    capitalised; none that opens an organisation's name ("Kim from Aurora Health")."""
    if not f.exact:
        return []
    low, text = f.low, f.text
    out: list[Span] = []
    for _, e, _ in names:
        m = _AFTER_NAME.match(f, e)
        if m is None:
            continue
        p = m.end()
        end = _place_at(low, p, text[p].isupper())
        if end > 0 and claimed.free(p, end) and not _opens_org(low, end):
            out.append((p, end, Category.GEO))
    return out


# A city read back as a question ("still rapid city?", "okay, that's tucson?", "and you're in ames?"):
# the agent checks where the caller lives; the city is the gazetteer's and no common word.
_CITY_READ_BACK = re.compile(
    r"\b(?:still|that's|thats|that is|you're in|you are in|you're still in|living in)"
    + _H
    + r"++(?=[^\W\d_])"
)


def _read_back_cities(st: ScanState) -> None:
    low = st.f.low
    for m in _CITY_READ_BACK.finditer(low):
        end = _place_at(low, m.end(), False)
        if end > 0 and _QUESTION_END.match(low, end) and st.free(m.end(), end):
            _claim_city(st, m.end(), end)


_QUESTION_END = re.compile(_H + r"*+\?")


def scan_cities(st: ScanState) -> None:
    """Claim and report lower-case cities beside an address or ZIP, or after a preposition near one."""
    if not st.f.exact:
        return  # offsets into the lower-cased text would not be offsets into the text
    anchors = sorted((s, e) for s, e, cat in st.out if cat is Category.GEO)
    _beside_addresses(st, anchors)
    if st.has_digit:
        _before_zips(st, anchors)
    _after_prepositions(st)
    _in_passing(st)
    if "?" in st.text:
        _read_back_cities(st)
    _cities_after_places(st, set(anchors))
    if st.f.mentions("apt", "apartment", "at lot", "at house", "at space", "at trailer"):
        for m in _APARTMENT.finditer(low := st.f.low):
            if st.free(m.start(), m.end()) and not low[m.end() : m.end() + 1].isalnum():
                st.claim(m.start(), m.end(), Category.GEO)


_PLACE_THEN = re.compile(r"(?:" + _H + r"*+,)?" + _H + r"++")


def _cities_after_places(st: ScanState, before: set[tuple[int, int]]) -> None:
    """The city said right after a place the reads above found, where it holds that place: "in
    little haiti miami", "out in little haiti, miami" (a gazetteer name that is no common word)."""
    low = st.f.low
    for s, e, cat in list(st.out):
        if cat is not Category.GEO or (s, e) in before:
            continue
        m = _PLACE_THEN.match(low, e)
        if m is not None and (end := _place_at(low, m.end(), False)) > 0:
            _claim_city(st, m.end(), end)


# A county said in lower case where someone is ("i'm in pike county", "out in aroostook county"; not
# "ms. esparza from fresno county", an office): its name a place of the gazetteer, a surname
# (counties are named for people) or no common word; never "the county", "a different county".
_LOWER_COUNTY = re.compile(
    r"(?<![\w'’-])in" + _H + r"++([a-z][a-z'’.-]{1,30}+)" + _H + r"++(?:county|parish)\b"
)
_NOT_A_COUNTY_NAME = frozenset(
    ("the", "this", "that", "our", "my", "your", "his", "her", "their", "every", "each", "a", "any",
     "one", "no", "same", "other", "another", "whole", "entire", "local", "home", "which", "what",
     "next", "tri", "in", "of", "per", "by", "out", "to")
)  # fmt: skip


def _county_name(word: str) -> bool:
    if word in _NOT_A_COUNTY_NAME:
        return False
    return is_place(word) or word in CENSUS_SURNAMES or not is_common_word(word)


def scan(st: ScanState) -> None:
    """Claim and report counties and "lives in <City>" (the place scans that need no digit)."""
    text = st.text
    if COUNTY_WORD.search(text):
        for m in COUNTY.finditer(text):
            st.claim(m.start(), m.end(), Category.GEO)
    if st.f.exact and st.f.mentions(" county", " parish"):
        for m in _LOWER_COUNTY.finditer(st.f.low):
            s = m.start(1)
            if text[s].islower() and _county_name(m.group(1)) and st.free(s, m.end()):
                st.claim(s, m.end(), Category.GEO)
    if st.f.mentions(*IN_CITY_VERBS):
        for m in in_cities(text):
            st.claim(m.start(1), m.end(1), Category.GEO)


def _has_place(st: ScanState) -> bool:
    """Gate: a place was claimed, the text has a ZIP-like number, a comma (", ghana") or a word of living."""
    return (
        "," in st.text
        or st.f.mentions(*_RESIDENCE_GATE)
        or st.f.mentions(*_IN_PASSING)
        or any(cat is Category.GEO for _, _, cat in st.out)
        or (st.has_digit and _ZIP.search(st.text) is not None)
    )


SCANNER = Scanner("places", no_digit, scan)
CITIES = Scanner("cities", _has_place, scan_cities)
