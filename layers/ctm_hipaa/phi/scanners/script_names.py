"""Person names inside a turn written in Chinese, Korean or Russian, read by the language's own cues.

A short run of non-Latin words in an English record is a name ("Pt 张丽丽", "It's 玉兰, last name
仝"), and the name scanner reads it whole. A turn the caller speaks in the language is a sentence:
its names are found by how that language says a name (`read`), the rest of it is not one.

- Chinese: after an introduction ("我叫李明", "他叫小伟", "我是黄小玲": "我是" also introduces a role,
  "我是翻译", so the name must open with a listed surname or a pet prefix 小/老/阿), before a title
  ("周先生"), and the characters of a name spelled out ("周末的周", "木子李" after 李明).
- Korean: a name with the ending of "this is X" or of an answer ("이정민입니다", "한옥순이요") or
  before 씨/님, opening with a listed surname; a name spelled syllable by syllable ("김 순 자"); the
  bare word after a kinship word ("딸 그레이스").
- Russian and Ukrainian: a listed given name in any case ("ирины", "саше"), a patronymic
  ("петровна", "семёнович") and the surnames beside them ("голубева", "кравченко"); a given name
  that is also a word ("вера", "света") only beside another part of a name or after "зовут"; a
  given name alone on the business's side is its staff's; a name spelled by its letters' names ("эм
  е эль эн ы к").

The vocabularies are data/script_name_cues.txt, han_surnames.txt, hangul_surnames.txt and
cyrillic_given_names.txt.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

from ctm_hipaa.phi.lexicon import pairs, words


class LazyPattern:
    """A regex compiled on its first use. The patterns of the other scripts hold ranges of thousands
    of code points (Hangul, Han), which the compiler walks, about a millisecond each: a cold start
    whose payload has none of these scripts should not pay for them."""

    __slots__ = ("_rx", "_source")

    def __init__(self, source: str) -> None:
        self._source = source
        self._rx: re.Pattern[str] | None = None

    @property
    def rx(self) -> re.Pattern[str]:
        if self._rx is None:
            self._rx = re.compile(self._source)
        return self._rx

    def finditer(self, text: str, pos: int = 0) -> Iterator[re.Match[str]]:
        return self.rx.finditer(text, pos)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.rx.search(text, pos, endpos)

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.rx.match(text, pos)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self.rx.fullmatch(text)


# The number words of the other languages (data/number_words_intl.txt), read once for the scanners of
# these languages (cjk, script_places, vietnamese) instead of once each
INTL_NUMBER_WORDS = pairs("number_words_intl")
_CUES = pairs("script_name_cues")
# cues longest first, so "名字叫" is tried before "叫"
_HAN_CUES = tuple(sorted(_CUES["han_cue"], key=len, reverse=True))
_HAN_SELF = frozenset(_CUES["han_self"])
_HAN_WEAK = frozenset(_CUES["han_weak"])
_HAN_SURNAME_ONLY = frozenset(_CUES["han_surname_only"])
_HAN_HONORIFICS = _CUES["han_honorific"]
_HAN_PET = frozenset(_CUES["han_pet"])
HAN_NOT_NAME = frozenset(_CUES["han_not_name"])
_HANGUL_COPULA = tuple(sorted(_CUES["hangul_copula"], key=len, reverse=True))
_HANGUL_TITLES = frozenset(_CUES["hangul_title"])
_HANGUL_KIN = frozenset(_CUES["hangul_kin"])
HANGUL_ENDINGS = frozenset(_CUES["hangul_ending"])
_CYRILLIC_CUES = frozenset(_CUES["cyrillic_cue"])
_CYRILLIC_WORD_NAMES = frozenset(_CUES["cyrillic_word_names"])
CYRILLIC_LETTERS = frozenset(_CUES["cyrillic_letter"])
_HAN_SURNAMES = words("han_surnames")
_HANGUL_SURNAMES = words("hangul_surnames")
_CYRILLIC_GIVEN = words("cyrillic_given_names")

_HAN = LazyPattern(r"[\u3400-\u9fff]")
HANGUL = LazyPattern(r"[\uac00-\ud7a3]")  # a Hangul syllable
CYRILLIC = LazyPattern(r"[\u0400-\u04ff]")  # a Cyrillic letter
# "桂花的桂", "周末的周": a character of the name said with a word that holds it
_HAN_SPELLED = LazyPattern(r"([\u3400-\u9fff])([\u3400-\u9fff])的(?:\1|\2)")
# Sino-Korean digits: a word of only these is a number ("이공일"), not a name
_SINO_DIGITS = frozenset("공영일이삼사오육칠팔구십백천만")
# Russian patronymics in any case ("петровна", "семёнович", "ильиничну", "михайловича")
_PATRONYMIC = LazyPattern(r"[а-яё]{2,}(?:(?:ович|евич|ьич)(?:а|у|ем|е)?|(?:овн|евн|ичн)(?:а|ы|е|у|ой))")
# Surname endings: -ов/-ев/-ин (and their cases), -ский/-цкий, -енко, -чук/-юк
_SURNAME = LazyPattern(
    r"[а-яё]{2,}(?:(?:ов|ев|ёв|ин|ын)(?:а|у|ым|ой|ых|ом|е)?|(?:ск|цк)(?:ий|ая|ого|ой|ому|ую|им)|енко|чук|щук|юк)"
)
# case endings read back to the nominative of a given name: (ending, what replaces it)
_CASE_ENDINGS = (
    ("ой", "а"),
    ("ей", "я"),
    ("ы", "а"),
    ("е", "а"),
    ("у", "а"),
    ("и", "а"),
    ("и", "я"),
    ("е", "я"),
    ("ю", "я"),
    ("я", "й"),
    ("ю", "й"),
    ("я", "ь"),
    ("ю", "ь"),
    ("а", ""),
    ("у", ""),
    ("е", ""),
    ("ом", ""),
    ("ем", ""),
)

Token = tuple[int, int, str]


def script_of(word: str) -> str:
    """ "han", "hangul", "cyrillic" or "" for the script of a non-Latin word's first letter."""
    c = ord(word[0])
    if 0x3400 <= c <= 0x9FFF:
        return "han"
    if 0xAC00 <= c <= 0xD7A3:
        return "hangul"
    if 0x0400 <= c <= 0x04FF:
        return "cyrillic"
    return ""


def han_word_is_sentence(word: str) -> bool:
    """A run of Chinese characters that holds a word of a sentence ("你好", "我是小刘")."""
    return any(c in HAN_NOT_NAME for c in word) and _HAN_SPELLED.fullmatch(word) is None


def read(toks: list[Token], self_side: bool) -> list[tuple[int, int]]:
    """The name spans in a turn's run of words of one script; `self_side` when the business speaks
    (its staff's introductions are not read)."""
    script = script_of(toks[0][2])
    if script == "han":
        return _read_han(toks, self_side)
    if script == "hangul":
        return _read_hangul(toks, self_side)
    if script == "cyrillic":
        return _read_cyrillic(toks, self_side)
    return []


def _han_name(rest: str, weak: bool, surname_only: bool) -> int:
    """How many characters of `rest` (what follows a cue) are the name: 0 for none."""
    if surname_only:
        return 2 if rest[:2] in _HAN_SURNAMES else 1 if rest[:1] in _HAN_SURNAMES else 0
    n = 0
    while n < len(rest) and n < 3 and rest[n] not in HAN_NOT_NAME:
        n += 1
    if n < 2 and not (n == 1 and len(rest) == 1 and rest in _HAN_SURNAMES):
        return 0
    opens = rest[0] in _HAN_SURNAMES or rest[:2] in _HAN_SURNAMES or rest[0] in _HAN_PET
    return n if opens or not weak else 0


def _read_han(toks: list[Token], self_side: bool) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    first = ""  # the first character of the last name found: "木子李" spells it
    for s, e, word in toks:
        if _HAN_SPELLED.fullmatch(word) is not None or (first and len(word) == 3 and word[-1] == first):
            out.append((s, e))
            continue
        found = False
        for cue in _HAN_CUES:
            p = word.find(cue)
            if p < 0 or (self_side and cue in _HAN_SELF):
                continue
            rest = word[p + len(cue) :]
            n = _han_name(rest, cue in _HAN_WEAK, cue in _HAN_SURNAME_ONLY) if rest else 0
            if n:
                q = s + p + len(cue)
                out.append((q, q + n))
                first, found = rest[0], True
            break
        if found:
            continue
        for title in _HAN_HONORIFICS:
            p = word.find(title)
            if p >= 2 and word[p - 2 : p] in _HAN_SURNAMES:
                out.append((s + p - 2, s + p))
            elif p >= 1 and word[p - 1] in _HAN_SURNAMES:
                out.append((s + p - 1, s + p))
    return out


def _korean_name(stem: str) -> bool:
    """A Korean full name: a listed surname and a given name of one or two syllables, not a number."""
    if not 2 <= len(stem) <= 4 or all(c in _SINO_DIGITS for c in stem) or not HANGUL.fullmatch(stem[-1]):
        return False
    if stem[:2] in _HANGUL_SURNAMES and len(stem) >= 3:
        return True
    return stem[0] in _HANGUL_SURNAMES and len(stem) == 3


def _bare_name(word: str) -> bool:
    """A Hangul word of three to five syllables with no particle or verb ending, not a number."""
    return (
        3 <= len(word) <= 5
        and HANGUL.fullmatch(word[-1]) is not None
        and word[-1] not in HANGUL_ENDINGS
        and not all(c in _SINO_DIGITS for c in word)
    )


def _read_hangul(toks: list[Token], self_side: bool) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    k = 0
    while k < len(toks):  # a name spelled syllable by syllable, surname first: "김 순 자"
        if len(toks[k][2]) != 1:
            k += 1
            continue
        j = k
        while j + 1 < len(toks) and len(toks[j + 1][2]) == 1 and toks[j + 1][0] - toks[j][1] == 1:
            j += 1
        if j > k and toks[k][2] in _HANGUL_SURNAMES:
            out.append((toks[k][0], toks[j][1]))
        k = j + 1
    for k in range(len(toks) - 1):
        if toks[k][2] in _HANGUL_KIN and _bare_name(toks[k + 1][2]):
            out.append(toks[k + 1][:2])  # "딸 그레이스"
            after = toks[k + 2][2] if k + 2 < len(toks) else ""
            if after[:1] in _HANGUL_SURNAMES and _bare_name(after):
                out.append(toks[k + 2][:2])  # "그레이스 박그레이스": the name again, surname first
    for k, (s, e, word) in enumerate(toks):
        if k + 1 < len(toks) and toks[k + 1][2] in _HANGUL_TITLES and _korean_name(word):
            out.append((s, e))
            continue
        if self_side or k > 1:
            continue  # "X입니다" opens a turn: the caller saying who they are (staff: themself)
        for ending in _HANGUL_COPULA:
            if word.endswith(ending) and _korean_name(word[: -len(ending)]):
                out.append((s, e - len(ending)))
                break
    return out


def _given(word: str) -> bool:
    """A listed Cyrillic given name in any case ("ирины" is ирина, "сергея" сергей)."""
    if word in _CYRILLIC_GIVEN:
        return True
    for ending, nominative in _CASE_ENDINGS:
        if (
            word.endswith(ending)
            and len(word) > len(ending) + 2
            and word[: -len(ending)] + nominative in _CYRILLIC_GIVEN
        ):
            return True
    return False


def _read_cyrillic(toks: list[Token], self_side: bool) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    lows = [t[2].lower() for t in toks]
    k = 0
    while k < len(toks):  # a name spelled by its letters' names: "эм е эль эн ы к"
        j = k
        while j < len(toks) and (lows[j] in CYRILLIC_LETTERS or len(lows[j]) == 1):
            j += 1
        if j - k >= 4:
            out.append((toks[k][0], toks[j - 1][1]))
        k = max(j, k + 1)
    # each word: 2 a given name or patronymic, 1 a word only beside one (a surname, a given name
    # that is a word too), 0 none
    kinds = []
    for w in lows:
        strong = _given(w) and w not in _CYRILLIC_WORD_NAMES
        if strong or _PATRONYMIC.fullmatch(w) is not None:
            kinds.append(2)
        elif _SURNAME.fullmatch(w) is not None or w in _CYRILLIC_WORD_NAMES or _given(w):
            kinds.append(1)
        else:
            kinds.append(0)
    k = 0
    while k < len(toks):
        cued = k > 0 and lows[k - 1] in _CYRILLIC_CUES and kinds[k] == 1
        if kinds[k] == 0:
            k += 1
            continue
        j = k
        while j + 1 < len(toks) and j - k < 2 and kinds[j + 1] > 0 and toks[j + 1][0] - toks[j][1] == 1:
            j += 1
        # a given name alone on the business's side is its staff's ("медикал груп ольга слушаю")
        alone = self_side and j == k and not cued and _PATRONYMIC.fullmatch(lows[k]) is None
        if (cued or any(kinds[c] == 2 for c in range(k, j + 1))) and not alone:
            out.append((toks[k][0], toks[j][1]))
        k = j + 1
    return out
