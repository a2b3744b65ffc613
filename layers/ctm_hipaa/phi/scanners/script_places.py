"""Places, street addresses and member numbers said in Chinese, Korean or Russian
(data/script_places.txt).

- Chinese: a street and its number ("克莱门特街四百二十号", "人民南路四段二十七号", "天河北路二百三十三号
  五零二室"), a district or city with its suffix ("天河区", "成都市"), and the listed cities ("广州").
- Korean: a street word after a name and a number ("실번 애비뉴 사백오십"), a road address ("월드컵로
  십이길 삼십사 오백이호"), a metropolitan city and its district ("서울특별시 마포구"), listed cities.
- Russian: a street word with the street's name beside it, the house number before it and the
  building and flat after it ("три один ноль ноль брайтон третья улица квартира два эр", "улица
  сумская дом сорок пять квартира двенадцать"), and the listed cities in their cases ("харькове").
- A member or policy number said after "номер"/"회원번호" in letter names and digits ("икс ка девять
  четыре ...", "더블유 일이삼 사오육 칠팔구"): a health plan's when the line names insurance.
"""

from __future__ import annotations

from typing import NamedTuple

from ctm_hipaa.phi.claims import ScanState
from ctm_hipaa.phi.lexicon import pairs
from ctm_hipaa.phi.model import Category
from ctm_hipaa.phi.scanners import Scanner
from ctm_hipaa.phi.scanners.script_names import (
    CYRILLIC,
    CYRILLIC_LETTERS,
    HAN_NOT_NAME,
    HANGUL,
    HANGUL_ENDINGS,
    INTL_NUMBER_WORDS,
    LazyPattern,
)

_DATA = pairs("script_places")
_HAN_PLACES = tuple(sorted(_DATA["han_place"], key=len, reverse=True))
_HANGUL_PLACES = frozenset(_DATA["hangul_place"])
_CYRILLIC_PLACES = frozenset(_DATA["cyrillic_place"])
_CYRILLIC_STREET = frozenset(_DATA["cyrillic_street"])
_CYRILLIC_UNIT = frozenset(_DATA["cyrillic_unit"])
_CYRILLIC_NOT_PLACE = frozenset(_DATA["cyrillic_not_place"])
_RU_NUMBERS = frozenset(
    w for w, tags in INTL_NUMBER_WORDS.items() if any(t.startswith("ru") for t in tags[2:])
)
# the Russian words of one digit (a ZIP code is said digit by digit)
_RU_DIGITS = (
    frozenset(
        w
        for w, tags in INTL_NUMBER_WORDS.items()
        if len(tags) > 1 and tags[1].isdigit() and len(tags[1]) == 1
    )
    & _RU_NUMBERS
)
_ID_CUES = frozenset(_DATA["cyrillic_id_cue"]) | frozenset(_DATA["hangul_id_cue"])
_LETTERS = CYRILLIC_LETTERS | frozenset(_DATA["hangul_letter"])
_INSURANCE = frozenset(_DATA["insurance"])
_KO_DIGITS = frozenset("공영일이삼사오육칠팔구")
_PL_NUMBERS = frozenset(
    w for w, tags in INTL_NUMBER_WORDS.items() if any(t.startswith("pl") for t in tags[2:])
)


class _Streets(NamedTuple):
    """The words a language's street address is read by (see `_streets`)."""

    street: frozenset[str]
    unit: frozenset[str]
    not_place: frozenset[str]
    numbers: frozenset[str]
    places: frozenset[str]


_RUSSIAN = _Streets(_CYRILLIC_STREET, _CYRILLIC_UNIT, _CYRILLIC_NOT_PLACE, _RU_NUMBERS, _CYRILLIC_PLACES)
_POLISH = _Streets(
    frozenset(_DATA["polish_street"]),
    frozenset(_DATA["polish_unit"]),
    frozenset(_DATA["polish_not_place"]),
    _PL_NUMBERS,
    frozenset(_DATA["polish_place"]),
)
_FRENCH = _Streets(
    frozenset(_DATA["french_street"]),
    frozenset(_DATA["french_unit"]),
    frozenset(_DATA["french_not_place"]),
    frozenset(w for w, tags in INTL_NUMBER_WORDS.items() if any(t[:2] in ("fr", "ht") for t in tags[2:])),
    frozenset(),
)
_HANGUL_STREET = "|".join(sorted(_DATA["hangul_street"], key=len, reverse=True))

_HAN_CHAR = LazyPattern(r"[\u4e00-\u9fff]")
_SCRIPTS = LazyPattern(r"[\u0400-\u04ff\u4e00-\u9fff\uac00-\ud7a3]")
_HN = "[〇零一二三四五六七八九十百千两幺0-9]"
_HAN_STREET = LazyPattern(
    rf"[\u4e00-\u9fff]{{1,6}}(?:路|街|大道|大街|巷)(?:{_HN}{{1,4}}段)?{_HN}{{1,6}}[号號](?: ?{_HN}{{1,5}}室)?"
)
_HAN_AREA = LazyPattern(r"[\u4e00-\u9fff]{2,4}?(?:市|区|區|县|縣|省)")
_HAN_LEAD = HAN_NOT_NAME | frozenset("搬住址还回从在到")
_KN = "[공영일이삼사오육칠팔구십백천]"
_KO_STREET = LazyPattern(
    rf"(?<![가-힣])[가-힣]{{2,8}} (?:{_HANGUL_STREET})(?: {_KN}{{2,8}}(?: ?번지)?)?(?: {_KN}{{1,3}}[층호])?"
)
_KO_ROAD = LazyPattern(
    rf"(?<![가-힣])[가-힣]{{1,6}}(?:로|길)(?: {_KN}{{1,4}}(?:번?길))?(?: {_KN}{{2,8}})(?: {_KN}{{2,8}}호)?"
)
_KO_CITY = LazyPattern(r"(?<![가-힣])[가-힣]{1,4}(?:특별시|광역시|특별자치시|특별자치도)(?: [가-힣]{1,3}구)?")
# one or two words after a street address, ending its line: the city ("삼층 포트리")
_KO_CITY_AFTER = LazyPattern(r" ([가-힣]{2,6}(?: [가-힣]{2,6})?)[ \t]*(?:\n|$)")
_WORD_BEFORE = LazyPattern(r"(?<![가-힣])([가-힣]{2,6}) $")
_WORD = LazyPattern(r"[^\W\d_]+(?:-[^\W\d_]+)*|\d+[^\W\d_]?")
_HANGUL_WORD = LazyPattern(r"[가-힣]+")


def _digits(w: str) -> int:
    """How many digits a word says: a Russian number word, a Korean digit group, a numeral; else 0."""
    if w in _RU_NUMBERS:
        return 1 if w in _RU_DIGITS else 2
    if all(c in _KO_DIGITS for c in w):
        return len(w)
    return len(w) if w.isdigit() else 0


def _member_numbers(st: ScanState, low: str) -> None:
    toks = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(low)]
    for k, (_, e, w) in enumerate(toks):
        if w not in _ID_CUES:
            continue
        j, digits = k, 0
        while j + 1 < len(toks) and j - k < 12 and low[toks[j][1] : toks[j + 1][0]] == " ":
            n = _digits(toks[j + 1][2])
            if not n and toks[j + 1][2] not in _LETTERS:
                break
            digits += n
            j += 1
        if digits >= 6 and st.free(toks[k + 1][0], toks[j][1]):
            line = low[max(0, e - 160) : e].rpartition("\n")[2]
            insured = any(i in line for i in _INSURANCE)
            st.claim(toks[k + 1][0], toks[j][1], Category.HEALTH_PLAN if insured else Category.OTHER_ID)


def _claim(st: ScanState, s: int, e: int) -> None:
    if s < e and st.free(s, e):
        st.claim(s, e, Category.GEO)


def _han(st: ScanState) -> None:
    text = st.text
    for rx in (_HAN_STREET, _HAN_AREA):
        for m in rx.finditer(text):
            s = m.start()
            while s < m.end() and text[s] in _HAN_LEAD:
                s += 1
            if rx is _HAN_AREA and m.end() - s < 3:
                continue  # "社区", "城市": a word, not a named district
            _claim(st, s, m.end())
    for place in _HAN_PLACES:
        p = text.find(place)
        while p >= 0:
            _claim(st, p, p + len(place))
            p = text.find(place, p + len(place))


def _hangul(st: ScanState) -> None:
    text = st.text
    for rx in (_KO_CITY, _KO_STREET, _KO_ROAD):
        for m in rx.finditer(text):
            _claim(st, m.start(), m.end())
            if rx is not _KO_STREET:
                continue
            city = _KO_CITY_AFTER.match(text, m.end())
            if city is not None:
                _claim(st, city.start(1), city.end(1))  # "... 번지 삼층 포트리": the city ends the address
            _city_before(st, m.start())
    for m in _HANGUL_WORD.finditer(text):
        word = m.group(0)
        for n in range(len(word), 1, -1):  # "서울에" : the city and its particle
            if word[:n] in _HANGUL_PLACES:
                _claim(st, m.start(), m.start() + n)
                break


def _city_before(st: ScanState, street: int) -> None:
    """One or two bare words right before a street's name: the city, said first ("지금은 잉글우드
    클리프스 실번 애비뉴"); a word with a particle ("지금은", "주소는") is none."""
    text = st.text
    start = street
    for _ in range(2):
        m = _WORD_BEFORE.search(text, max(0, start - 8), start)
        if m is None or m.group(1)[-1] in HANGUL_ENDINGS:
            break
        start = m.start(1)
    if start < street:
        _claim(st, start, street - 1)


def _name_like(w: str, lang: _Streets) -> bool:
    """A word that may be (part of) a street's name: letters, not a number, unit or sentence word."""
    return (
        not w[:1].isdigit()
        and w not in lang.not_place
        and w not in lang.numbers
        and w not in lang.unit
        and w not in lang.street
    )


def _streets(st: ScanState, lang: _Streets) -> None:
    """The streets (with their house number, building and flat) and listed cities of `lang`."""
    low = st.text.lower()
    if len(low) != len(st.text):
        return
    toks = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(low)]
    for k, (s, e, w) in enumerate(toks):
        if w in lang.places or (w[-1:] in "еуыi" and w[:-1] in lang.places):
            _claim(st, s, e)
            _zip_after(st, low, toks, k, lang)
            continue
        if w not in lang.street:
            continue
        b = k
        while (
            b > 0
            and k - b < 2
            and _name_like(toks[b - 1][2], lang)
            and low[toks[b - 1][1] : toks[b][0]] == " "
        ):
            b -= 1
        while (
            b > 0 and k - b < 10 and _number(toks[b - 1][2], lang) and low[toks[b - 1][1] : toks[b][0]] == " "
        ):
            b -= 1
        j = k
        named_after = (
            j + 1 < len(toks) and _name_like(toks[j + 1][2], lang) and low[toks[j][1] : toks[j + 1][0]] == " "
        )
        if named_after:
            j += 1  # "улица сумская"
        after_unit = False
        while j + 1 < len(toks) and j - k < 10 and low[toks[j][1] : toks[j + 1][0]] in (" ", ", ", ". "):
            nxt = toks[j + 1][2]
            letter = after_unit and len(nxt) <= 2 and nxt not in lang.not_place  # "пять д", "два эр"
            if nxt in lang.unit or _number(nxt, lang) or letter:
                after_unit = not letter
                j += 1
                continue
            break
        if named_after and j == k + 1:
            j = k  # "на улице вчера": a word after the street word, and no number
        if b == k and j == k:
            continue  # the street word alone ("на улице"): no street named
        if st.free(toks[b][0], toks[j][1]):
            _claim(st, toks[b][0], toks[j][1])
        else:
            _claim(st, toks[k][0], toks[j][1])  # "харьков улица сумская ...": the city is claimed


def _zip_after(st: ScanState, low: str, toks: list[tuple[int, int, str]], k: int, lang: _Streets) -> None:
    """Five digits said after a city ("бруклин один один два два три"): its ZIP code."""
    if lang is not _RUSSIAN:
        return
    said = toks[k + 1 : k + 7]
    digits = 0
    for c, (_, _, w) in enumerate(said):
        if w not in _RU_DIGITS or low[toks[k + c][1] : said[c][0]] != " ":
            break
        digits += 1
    if digits == 5:
        _claim(st, said[0][0], said[4][1])


def _number(w: str, lang: _Streets) -> bool:
    return w in lang.numbers or w[:1].isdigit()


def scan(st: ScanState) -> None:
    """Claim and report the places and addresses said in Chinese, Korean or Russian."""
    text = st.text
    if _HAN_CHAR.search(text):
        _han(st)
    if HANGUL.search(text):
        _hangul(st)
    if CYRILLIC.search(text):
        _streets(st, _RUSSIAN)
    if "ulic" in text or "ul." in text or "alej" in text or "osiedl" in text:
        _streets(st, _POLISH)
    if " rue" in text or " lari" in text or " avni" in text:
        _streets(st, _FRENCH)
    low = text.lower()
    if len(low) == len(text) and ("номер" in low or "полис" in low or "번호" in low or "아이디" in low):
        _member_numbers(st, low)


def _wants(st: ScanState) -> bool:
    return (
        (
            not st.text.isascii()
            and (
                _SCRIPTS.search(st.text) is not None
                or "ulic" in st.text
                or "alej" in st.text
                or "osiedl" in st.text
            )
        )
        or " rue" in st.text
        or " lari" in st.text
        or " avni" in st.text
    )


SCANNER = Scanner("script_places", _wants, scan)
