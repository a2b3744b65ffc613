"""Vietnamese names and places in lower-case transcripts (data/vietnamese.txt).

- A family name, the middle name văn or thị and one or two more words: "lê văn sáu", "đỗ thị hoa",
  "Do Van Phuc" (written without diacritics too).
- A kin word said before a name, then a birth-order name or a listed given name: "ông sáu", "chú
  sáu", "bà tư", "bé long" (not "bé hai tuổi": a number with its unit).
- An administrative unit and the place's name after it: "quận bình thạnh", "ấp bình hòa", "xã long
  hưng", "huyện châu thành", "phường mười bốn", a street after its number ("số bốn mươi hai đường nơ
  trang long"); the largest cities ("sài gòn").
"""

from __future__ import annotations

import unicodedata

from ctm_hipaa.phi.claims import ScanState
from ctm_hipaa.phi.lexicon import pairs
from ctm_hipaa.phi.model import Category
from ctm_hipaa.phi.scanners import Scanner
from ctm_hipaa.phi.scanners.script_names import INTL_NUMBER_WORDS, LazyPattern

_DATA = pairs("vietnamese")
_SURNAMES = frozenset(_DATA["surname"])
_MIDDLE = frozenset(_DATA["middle"])
_HONORIFICS = frozenset(_DATA["honorific"])
_BIRTH_ORDER = frozenset(_DATA["birth_order"])
_GIVEN = frozenset(_DATA["given"])


def _plain(word: str) -> str:
    """`word` without its diacritics ("phúc" -> "phuc", "đức" -> "duc")."""
    bare = unicodedata.normalize("NFD", word.replace("đ", "d"))
    return "".join(c for c in bare if not unicodedata.combining(c))


_GIVEN_PLAIN = frozenset(_plain(w) for w in _GIVEN)
_UNITS = frozenset(_DATA["unit"])
_ADMIN = tuple(tuple(a.split("-")) for a in _DATA["admin"])
_ADMIN_WEAK = frozenset(_DATA["admin_weak"])
_AFTER_PLACE = frozenset(_DATA["after_place"])
_CITIES = tuple(tuple(c.split("-")) for c in _DATA["city"])
_STOP = frozenset(_DATA["stop"])
_NUMBERS = frozenset(w for w, t in INTL_NUMBER_WORDS.items() if any(x.startswith("vi") for x in t[2:]))

# a letter only Vietnamese writes (ơ, ư, đ, ă and the stacked tone marks): the scanner's gate
_VIETNAMESE = LazyPattern("[ơưđăƠƯĐĂ\u1ea0-\u1ef9]")
_WORD = LazyPattern(r"[^\W\d_]+")

Token = tuple[int, int, str]


def is_vietnamese(text: str) -> bool:
    """True when `text` has a letter only Vietnamese writes."""
    return not text.isascii() and _VIETNAMESE.search(text) is not None


def _tokens(text: str) -> list[Token]:
    low = text.lower()
    if len(low) != len(text):
        return []
    return [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(low)]


def _joined(text: str, a: Token, b: Token) -> bool:
    return text[a[1] : b[0]] == " "


def names(text: str, plain: bool) -> list[tuple[int, int]]:
    """The Vietnamese names in `text`; `plain` when the text has no Vietnamese letter (only the
    family name + văn/thị shape is read then, as "Do Van Phuc")."""
    toks = _tokens(text)
    out: list[tuple[int, int]] = []
    k = 0
    while k < len(toks):
        w = toks[k][2]
        nxt = toks[k + 1][2] if k + 1 < len(toks) and _joined(text, toks[k], toks[k + 1]) else ""
        if (
            w in _SURNAMES
            and nxt in _MIDDLE
            and k + 2 < len(toks)
            and _joined(text, toks[k + 1], toks[k + 2])
        ):
            j = k + 2
            if toks[j][2] in _STOP or (plain and toks[j][2] not in _GIVEN_PLAIN):
                k += 1
                continue
            given = _GIVEN_PLAIN if plain else _GIVEN
            if j + 1 < len(toks) and _joined(text, toks[j], toks[j + 1]) and toks[j + 1][2] in given:
                j += 1
            out.append((toks[k][0], toks[j][1]))
            k = j + 1
            continue
        if not plain and w in _HONORIFICS and (nxt in _BIRTH_ORDER or nxt in _GIVEN):
            after = toks[k + 2][2] if k + 2 < len(toks) and _joined(text, toks[k + 1], toks[k + 2]) else ""
            if nxt in _GIVEN or after not in _UNITS:
                out.append(toks[k + 1][:2])
                k += 2
                continue
        k += 1
    return out


def _match(toks: list[Token], k: int, words: tuple[str, ...]) -> bool:
    return len(toks) >= k + len(words) and all(toks[k + i][2] == w for i, w in enumerate(words))


def _place_end(text: str, toks: list[Token], k: int) -> int:
    """The last token of a place's name starting at k: up to three words, or number words."""
    j = k - 1
    while j + 1 < len(toks) and j + 1 - k < 4 and (j < k or _joined(text, toks[j], toks[j + 1])):
        w = toks[j + 1][2]
        if w in _STOP or _admin_at(toks, j + 1) or (w in _ADMIN_WEAK and j >= k):
            break
        j += 1
    return j


def _admin_at(toks: list[Token], k: int) -> int:
    """How many tokens an administrative unit at k has (0: none)."""
    for unit in _ADMIN:
        if _match(toks, k, unit):
            return len(unit)
    return 0


def scan(st: ScanState) -> None:
    """Claim and report Vietnamese places: a unit and its name, a numbered street, a listed city."""
    text = st.text
    toks = _tokens(text)
    chained = -1  # the end of the last place claimed: a weak unit right after it is a place too
    for k, (s, _, w) in enumerate(toks):
        for city in _CITIES:
            if _match(toks, k, city) and st.free(s, toks[k + len(city) - 1][1]):
                st.claim(s, toks[k + len(city) - 1][1], Category.GEO)
        n = _admin_at(toks, k)
        weak = not n and w in _ADMIN_WEAK
        if weak:
            before = toks[k - 1][2] if k else ""
            if not (chained == k - 1 or before in _AFTER_PLACE or before in _NUMBERS):
                continue
            n = 1
        if not n:
            continue
        start = k
        if w == "đường":  # "số bốn mươi hai đường ...": the house number before the street
            b = k
            while b > 0 and toks[b - 1][2] in _NUMBERS and k - b < 6:
                b -= 1
            if b > 0 and b < k and toks[b - 1][2] == "số":
                start = b - 1
        j = _place_end(text, toks, k + n)
        if j < k + n:
            continue
        if st.free(toks[start][0], toks[j][1]):
            st.claim(toks[start][0], toks[j][1], Category.GEO)
            chained = j


def _wants(st: ScanState) -> bool:
    return is_vietnamese(st.text)


SCANNER = Scanner("vietnamese_places", _wants, scan)
