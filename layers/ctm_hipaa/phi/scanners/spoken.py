"""Numbers read out loud (ASR transcripts) that the digit scanners leave: "twelve oh seven kingfisher way".

Speech-to-text writes digits as words, letter by letter ids as single letters, and e-mails as
"name at example dot org". The pipeline first runs the digit scanners over the text with its number
words rewritten as digits (phi/spoken_forms.py), so spoken phones, SSNs, cards, dates and ages are
theirs; this module reads the runs they leave, by length and the cue before them: ids with spelled
letters, street numbers, ZIPs, ids after a cue, and e-mails. Its number words are
data/number_words.txt's, read by spoken_forms. Everything is one regex pass over the text
plus work per run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ctm_hipaa.phi.claims import Claims, ScanState, Span
from ctm_hipaa.phi.cues import id_cue_alternations
from ctm_hipaa.phi.fold import CuePattern, Folded
from ctm_hipaa.phi.lexicon import alternation
from ctm_hipaa.phi.model import Category
from ctm_hipaa.phi.scanners import Scanner
from ctm_hipaa.phi.scanners.geo import NUMBER_WORD
from ctm_hipaa.phi.scanners.names import is_common_word
from ctm_hipaa.phi.scanners.places import is_place
from ctm_hipaa.phi.spoken_forms import CARDINALS, HUNDREDS, MULTIPLIERS, REPEATS
from ctm_hipaa.phi.validators import luhn_ok


def _words(values: Iterable[str]) -> str:
    """A regex alternation of words, longest first (so "seventeen" is not read as "seven")."""
    return "|".join(sorted(map(re.escape, values), key=len, reverse=True))


# The number words are data/number_words.txt's (spoken_forms.CARDINALS), English and Spanish.
_UNITS = {w: v for w, v in CARDINALS.items() if v < 10}
_TENS = {w: v for w, v in CARDINALS.items() if v >= 20 and v % 10 == 0}
_UNIT_W = _words(_UNITS)
_CARD = rf"(?:(?:{_words(_TENS)})(?:[- ](?:{_UNIT_W}))?|{_words(CARDINALS)}|{_words(HUNDREDS)})"
# A run of spoken digits / digit groups / letters (ids), separated by spaces, commas, dots or dashes.
_ITEM = rf"(?:{_CARD}|{_words(REPEATS)}|\d+|[a-z])"
# At most 40 items: a run that does not end cleanly is given back item by item, so an unbounded
# run would cost its length again at every number word inside it (the separators are possessive
# for the same reason: an item never starts with a space).
_RUN = CuePattern(rf"(?<![\w'-]){_ITEM}(?:(?:\s*+(?:,|\.\.\.|…|-)\s++|\s++|-){_ITEM}){{0,40}}(?![\w'-])")
_WORD_IN_RUN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?|\d+")  # any letters: "veintidós"
# Parts and chains are bounded (a local part has at most 64 characters): every word of a long
# "a-a-a..." or "a dot a dot ..." opens a candidate, and unbounded each would read to its end.
_DOT = r"(?:dot|punto)"
_SPOKEN_EMAIL = re.compile(
    r"(?<![\w.])[a-z0-9][a-z0-9._-]{0,63}"
    rf"(?:\s+(?:{_DOT}|underscore|gui[oó]n(?:\s+bajo)?|dash|hyphen)\s+[a-z0-9]{{1,63}}){{0,8}}"
    rf"\s+(?:at|arroba)\s+[a-z0-9-]{{1,63}}(?:\s+{_DOT}\s+[a-z0-9-]{{1,63}}){{0,8}}"
    rf"\s+{_DOT}\s+(?:com|org|net|edu|gov|us|io|co|info|biz|me|mx|es)\b",
    re.IGNORECASE,
)
_STREET = (
    r"street|st|avenue|ave|road|rd|lane|ln|drive|dr|court|ct|boulevard|blvd|way|place|pl|circle|cir|"
    r"terrace|ter|trail|trl|parkway|pkwy|highway|hwy|loop|pike|run|path|row|square|sq|crossing|xing|"
    # street types that are no everyday word said after a number ("two oh eight magnolia bend")
    r"bend|cove|ridge|hollow|glen|bluff|landing"
)
_UNIT_NO = rf"(?:\d{{1,5}}[a-z]?|[a-z]|{NUMBER_WORD})(?![\w'-])"
_ADDR_TAIL = CuePattern(
    # possessive: a word follows every space run, so giving spaces back never helps
    r"\s++(?:(?:north|south|east|west|[nsew]\.?|ne|nw|se|sw)\s++)?"
    # street-name words, never the function words of "at five thirty with dr rao"
    r"(?:(?!(?:with|and|at|to|i|the|for|in|on|my|is|it|of|or|a|an)\b)[a-z][\w'.-]*+\s++){0,5}?"
    rf"(?:{_STREET})\b\.?"
    # a street type said twice names one street ("shady lane drive", "park place court")
    r"(?:\s++(?:street|avenue|road|lane|drive|court|boulevard|circle|terrace|trail|parkway)\b)?"
    # the unit: its word, then up to three numbers or letters ("number eighteen", "lot fourteen",
    # "apartment twelve b")
    rf"(?:\s+(?:apt|apartment|unit|suite|number|lot|space|trailer|room)(?:\s++{_UNIT_NO}){{1,3}}+(?![\w'-]))?"
)
# "forty six forty west fifty four hundred south": a grid address (a number and a direction, twice)
_DIRECTION = re.compile(r"\s++(?:north|south|east|west)\b", re.IGNORECASE)
_BOX = re.compile(r",?\s++box\s++", re.IGNORECASE)
_A_WORD = re.compile(r"[^\W_]++")
# Spanish: a street type, then up to three words of its name that are no function words
_ES_STREET = alternation("street_types_es")
_ES_NAME = (
    r"(?:(?!(?:en|y|e|o|u|a|al|que|por|para|con|sin|su|sus|mi|mis|es|est[aá]|muy|ayer|hoy|cuando|"
    r"d[oó]nde|pero|porque|lo|le|se|me|te|nos|n[uú]mero|c[oó]digo)\b)[^\W\d_][\w'.-]*+)"
)
# Rural and post-office boxes: "hc sixty one box four four seven", "p o box nine one two"
_ROUTE_HEAD = re.compile(
    r"\b(?:hc|hcr|rr|rfd|route|rural\s+route|star\s+route|highway\s+contract)\s+$", re.IGNORECASE
)
_PO_BOX_HEAD = re.compile(r"\b(?:p\.?\s?o\.?|post\s+office)\s+box\s+$", re.IGNORECASE)
_TRAILING_ARTICLES = re.compile(r"(?:\s+(?:el|la|los|las|de|del))+$", re.IGNORECASE)
# (within the line: the next turn's "Cliente:" is no street word)
_ES_STREET_TAIL = re.compile(
    rf"[^\S\n]++(?:{_ES_STREET})[^\S\n]++{_ES_NAME}(?:[^\S\n]++{_ES_NAME}){{0,2}}+", re.IGNORECASE
)
_ES_STREET_HEAD = re.compile(
    rf"\b(?:{_ES_STREET})[^\S\n]++{_ES_NAME}(?:[^\S\n]++{_ES_NAME}){{0,2}}+[^\S\n]++(?:n[uú]mero[^\S\n]++)?$",
    re.IGNORECASE,
)
# A street named in Title case after its spoken number, with no street type, then the city: "four
# eighty-one Right Fork of Island Creek, Logan, ...", "four four six Via Ventura, apartment twelve,
# Camarillo, ...". The city must be the gazetteer's.
_TITLE_STREET = re.compile(
    r"[ \t]+(?:[A-Z][\w'’-]*[ \t]+(?:(?:of|de|del|la|las|los|the)[ \t]+)?){0,4}[A-Z][\w'’-]*"
    r"(?=,[ \t]*(?:(?i:apt|apartment|unit|suite|#)[^,\n]{1,24},[ \t]*)?"
    r"([A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?)[,.])"
)


# A street said with its direction and no street type, then the city, the unit or the end of a
# question: "four eleven west monroe in pflugerville", "twenty-two twenty-two Northeast Klickitat,
# unit four", "is that still four eleven west monroe?" (an address on file read back)
_DIRECTION_STREET = re.compile(
    r"\s++(?:north|south|east|west|northeast|northwest|southeast|southwest)\s++"
    r"((?!(?:with|and|at|to|i|the|for|in|on|my|is|it|of|or|a|an|side|end)\b)[a-z][\w'’-]*+)"
    r"(?:\s++((?!(?:with|and|at|to|i|the|for|in|on|my|is|it|of|or|a|an)\b)[a-z][\w'’-]*+))?"
    r"(?=,?\s++(?:unit|apt|apartment|suite|number)\b|[ \t]*+\?"
    r"|(,?\s++in\s++|,\s*+)([a-z][\w'’-]*+(?:\s[a-z][\w'’-]*+)?))",
    re.IGNORECASE,
)


def _direction_street(text: str, e: int) -> int:
    """End of a street named by its direction and one or two words after a house number ending at
    `e`, when the city (the gazetteer's) or a unit follows; -1 when none."""
    m = _DIRECTION_STREET.match(text, e)
    if m is None:
        return -1
    if m.group(4) is not None:
        city = m.group(4).lower()
        if not is_place(city) and not is_place(city.split()[0]):
            return -1
    return m.end()


# A street said by its name alone, then its city: "fifteen fifteen magnolia in hattiesburg", "two ten
# maple dubuque", "twenty nine oak knoll in asheville". One or two words that are no function word,
# unit of a count ("three two year olds in austin") or dictated mark ("comma"), then the city: after
# "in" or a comma any city of the gazetteer, right after the street only one that is no common word.
_STREET_AHEAD = re.compile(r"[a-z][\w'’-]*+|,")
_STREET_REACH = 60  # characters after the house number that the street and its city are read in
_NOT_A_STREET_WORD = frozenset(
    (
        "with", "and", "at", "to", "i", "the", "for", "in", "on", "my", "is", "it", "of", "or", "a",
        "an", "no", "not", "by", "from", "year", "years", "old", "olds", "day", "days", "week",
        "weeks", "month", "months", "times", "minutes", "hours", "kids", "people", "pills", "tablets",
        "dollars", "bucks", "percent", "more", "am", "pm", "o'clock", "oclock", "point", "thousand",
        "hundred", "million", "comma", "period", "dash", "hyphen", "slash", "plus", "minus", "over",
    )
)  # fmt: skip


def _named_street(low: str, e: int) -> int:
    """End of a street said by its name alone after a house number ending at `e`, when the
    gazetteer's city follows it; -1 when none."""
    if not low[e : e + 1].isspace():
        return -1
    toks = [(m.start(), m.end(), m.group(0)) for m in _STREET_AHEAD.finditer(low, e, e + _STREET_REACH)]
    for size in (1, 2):
        street = toks[:size]
        if len(street) < size or any(
            (len(w) < 2 and w not in ("n", "s", "e", "w")) or w in _NOT_A_STREET_WORD for _, _, w in street
        ):  # "fifty two s pearl denver": a direction's letter; not "plus x ray"
            return -1
        rest = toks[size:]
        linked = bool(rest) and rest[0][2] in (",", "in")
        if linked:
            rest = rest[1:]
            if rest and rest[0][2] == "in":
                rest = rest[1:]  # ", in lynnwood"
        if not rest or rest[0][2] == ",":
            continue
        city = rest[0][2]
        two = f"{city} {rest[1][2]}" if len(rest) > 1 and rest[1][2] != "," else ""
        if not (is_place(city) or (two and is_place(two))):
            continue
        if not linked and (is_common_word(city) or is_place(street[-1][2])):
            continue  # "two five milligram tablets daily": no city right after
        return street[-1][1]
    return -1


def _title_street(text: str, e: int) -> int:
    """End of a Title-case street name at `e` that a gazetteer city follows (-1 when none)."""
    m = _TITLE_STREET.match(text, e)
    return m.end() if m is not None and is_place(m.group(1).lower()) else -1


# A social handle read out: "i'm at glow dot with dot jas on instagram", "my tiktok is luz dot beauty
# dot co", "insta handle is mari underscore fit". A handle has a "dot" or "underscore" in it.
_SITE = r"(?:instagram|insta|ig|tiktok|tik tok|twitter|snapchat|snap|threads|facebook|fb)"
_SOCIAL_GATE = re.compile(r"\b" + _SITE + r"\b")
_SAID_HANDLE = r"[a-z0-9]{1,30}(?:\s+(?:dot|underscore|period)\s+[a-z0-9]{1,30}){1,4}"
_SPOKEN_HANDLE = re.compile(
    r"(?<![\w'])at\s+" + _SAID_HANDLE + r"(?=\s+on\s+(?:the\s+)?" + _SITE + r"\b)"
    r"|\b" + _SITE + r"(?:\s+(?:handle|account|name|username|page))?\s+(?:is|it's|its|es)\s+(?:at\s+)?"
    r"(" + _SAID_HANDLE + r")(?![\w'])"
    r"|\b(?:on|in)\s+" + _SITE + r"\s+(?:it's|its|is|as)\s+(?:at\s+)?(" + _SAID_HANDLE + r")(?![\w'])",
    re.IGNORECASE,
)


_AFTER_CITY = re.compile(r"\b([A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?),[ \t]*$")


def _after_city(text: str, s: int) -> bool:
    """True when a city of the gazetteer (or a state) and a comma come right before `s`."""
    m = _AFTER_CITY.search(text, max(0, s - 40), s)
    return m is not None and is_place(m.group(1).lower())


_CITY_ZIP_BEFORE = re.compile(r"\bin\s+((?:[a-z][\w'.-]*\s+){1,3})$", re.IGNORECASE)
# Like the typed ids' cues, an insurer's name is a health-plan cue ("my medi-cal number is ...")
_ID_CUE = CuePattern(
    r"(?<![\w])(?:"
    + "|".join(f"(?P<{k}>{v})" for k, v in id_cue_alternations("spoken_id_cues").items())
    + r")(?![\w])"
)


def _cardinal(word: str) -> str | None:
    """Digits of one number word: "five" -> "5", "forty-five" -> "45", "doce" -> "12"."""
    w = word.lower()
    if w == "o":
        return "0"  # "five five five o one four two": the letter said for zero
    if w in CARDINALS:
        return str(CARDINALS[w])
    if w in HUNDREDS:
        return str(HUNDREDS[w])
    a, _, b = w.partition("-")
    if a in _TENS and b in _UNITS:
        return str(_TENS[a] + _UNITS[b])
    return None


def _run_digits(run: str) -> tuple[str, int, int]:
    """(digit string, count of number items, count of letter items) of a spoken run."""
    digits: list[str] = []
    letters = numbers = 0
    repeat = 1
    for m in _WORD_IN_RUN.finditer(run):
        w = m.group(0).lower()
        if w.isdigit():
            digits.append(w)
            numbers += 1
            continue
        if w in REPEATS:
            repeat = REPEATS[w]
            continue
        d = _cardinal(w)
        if d is None:
            if len(w) == 1:  # a spelled-out letter of an id ("b four one nine ...")
                letters += 1
                digits.append("")
            continue
        digits.append(d * repeat)
        repeat = 1
        numbers += 1
    return "".join(digits), numbers, letters


def _trailing_letters(run: str) -> int:
    """Where the single letters ending `run` begin ("one two a b" -> 7), or -1.

    The last maximal stretch of letters is the answer when it reaches the end: one pass, where a
    search for the pattern anchored at the end restarts at every letter of a long stretch.
    """
    last = None
    for last in _LETTERS.finditer(run):  # noqa: B007 - the last match is the one wanted
        pass
    return last.start() if last is not None and last.end() == len(run) else -1


# What may stand between a negative cue and its number ("the claim number is ..."): another word
# means the cue names something else ("address for the claim form? eleven eleven lakeside ...")
_NEG_GAP = re.compile(
    r"(?:[\s:#.,-]|\b(?:number|no|num|id|is|was|it'?s|it|the|um|uh|for|on|that|this|"
    r"n[uú]mero|es|era|el|la|de|del|é|e|o|a)\b"
    # "order number for the replacement is ...": the number of one thing the cue names
    r"|\bnumber[ ](?:for|on|of)[ ](?:the|that|this|your|his|her|my)[ ][a-z'-]{1,20}\b)*"
)


_DASH_WORDS = frozenset(("dash", "hyphen", "guion", "guión"))


def _id_head(gap: str) -> bool:
    """True when `gap` (after a negative cue) is the first part of the id, then "dash":
    "report number two six dash" before "oh four four one nine" names the same report."""
    toks = gap.split()
    if toks[:1] == ["number"]:
        toks = toks[1:]
    if len(toks) < 2 or len(toks) > 8 or toks[-1] not in _DASH_WORDS:
        return False
    return all(len(t) == 1 or _cardinal(t) is not None or t in _DASH_WORDS for t in toks[:-1])


def _cue(f: Folded, pos: int, window: int = 40) -> str | None:
    last = None
    for m in _ID_CUE.finditer(f, max(0, pos - window), pos):
        last = m
    if last is None:
        return None
    if (
        last.lastgroup == "NEG"
        and _NEG_GAP.fullmatch(f.low, last.end(), pos) is None
        and not _id_head(f.low[last.end() : pos])
    ):
        return None
    return last.lastgroup


def _number_words_end(text: str, pos: int) -> int:
    """End of the number words said from `pos` on ("fifty four hundred", at most eight), or `pos`."""
    end = at = pos
    for _ in range(8):
        m = _A_WORD.match(text, at)
        if m is None:
            break
        w = m.group(0).lower()
        if not (w.isdigit() or w in MULTIPLIERS or _cardinal(w) is not None):
            break
        end = m.end()
        if text[end : end + 1] not in (" ", "-"):
            break
        at = end + 1
    return end


def _grid_tail(text: str, e: int) -> int:
    """End of "west fifty four hundred south" after a street number ending at `e`, or -1."""
    d = _DIRECTION.match(text, e)
    if d is None or text[d.end() : d.end() + 1] != " ":
        return -1
    n = _number_words_end(text, d.end() + 1)
    d2 = _DIRECTION.match(text, n) if n > d.end() + 1 else None
    return d2.end() if d2 is not None else -1


def clinic_line(f: Folded, pos: int) -> bool:
    """True when the cue nearest before `pos` says a number is the practice's own line.

    "call us back at", "our number is", "nuestro número es el ...": the business speaking, not PHI.
    """
    return _cue(f, pos) == "CLINIC"


# Number words only (cheap to find): each one may open a run.
_NUMBER_WORD = CuePattern(rf"(?<![\w'-])(?:{_words(CARDINALS)}|{_words(HUNDREDS)})(?![\w'])")
# What a run may open with before its first number word: digits, letters, "double" ("double five eight ...")
_RUN_HEAD = re.compile(
    rf"(?<![\w'-])(?:(?:\d+|[a-z]|{_words(REPEATS)})(?:\s*(?:,|\.\.\.|…|-)?\s+))+$", re.IGNORECASE
)
_LETTERS = re.compile(r"(?:\s+[a-z]\b\.?)+", re.IGNORECASE)
_CATS = {
    "HEALTH_PLAN": Category.HEALTH_PLAN,
    "MRN": Category.MRN,
    "ACCOUNT": Category.ACCOUNT,
    "LICENSE": Category.LICENSE,
    "VEHICLE": Category.VEHICLE,
    "OTHER_ID": Category.OTHER_ID,
    "DEVICE": Category.DEVICE,
}


def read_run(f: Folded, s: int, e: int, least: int) -> tuple[int, int, str, int] | None:
    """The first run of spoken (or written) digits and letters in `f.text[s:e]` that reads as at least
    `least` characters: (start, end, its digits, how many letters), or None.

    A run holds at least one number word or digit group ("a zero one two ...", "four t w nine c
    ...", "cero cero cuatro ..."); runs of letters alone ("i", "a") are skipped.
    """
    for m in _RUN.finditer(f, s, e):
        digits, numbers, letters = _run_digits(m.group(0))
        if numbers and len(digits) + letters >= least:
            return m.start(), m.end(), digits, letters
    return None


# Words just before a card's fifteen or sixteen digits read out, which make them the card even where
# a misheard digit breaks its check digit
_CARD_BEFORE = re.compile(r"\b(?:visa|mastercard|master card|amex|discover|card|tarjeta)\b[^\n]{0,12}$")
_PLATE_CHARS = 5  # a plate read out is letters and digits, five or more in all ("l n g four four seven")
_LONG_RUN = (8, 15)  # the digits of a number read out that is no US phone: up to E.164's fifteen
# Words before such a run that make it a phone ("plus six three ...", "my uk mobile oh seven ...")
_PHONE_BEFORE = re.compile(
    r"\b(?:plus|phone|number|cell|mobile|whatsapp|call|text|reach|n[uú]mero|celular|tel[eé]fono)\b"
)


def scan_spoken(f: Folded, free: object) -> list[Span]:
    """Identifier spans in speech-to-text: spoken phones, ZIPs, ids, street numbers, dates, ages, e-mails.

    `free(s, e)` tells whether a span is still unclaimed by the other scanners.
    """
    text, low = f.text, f.low
    words = list(_NUMBER_WORD.finditer(f))
    # gates test the lower-cased text (for a text with a rare case fold, `words` may differ)
    any_word = bool(words) if f.exact else _NUMBER_WORD.ignorecase.search(low) is not None
    dot = " dot " in low or " punto " in low or " underscore " in low
    if not any_word and not dot:
        return []
    is_free = free if callable(free) else (lambda s, e: True)
    out: list[Span] = []
    taken = Claims()  # sorted: an overlap test is a binary search, not a pass over every span

    def add(s: int, e: int, cat: Category) -> None:
        if is_free(s, e) and taken.free(s, e):
            out.append((s, e, cat))
            taken.add(s, e)

    if dot and (" at " in low or " arroba " in low):
        for m in _SPOKEN_EMAIL.finditer(text):
            add(m.start(), m.end(), Category.EMAIL)
    if dot and _SOCIAL_GATE.search(low):
        for m in _SPOKEN_HANDLE.finditer(text):
            g = m.lastindex or 0  # "at glow dot with dot jas on instagram": from "at"
            add(m.start(g) if g else m.start(), m.end(g) if g else m.end(), Category.OTHER_ID)
    if not any_word:
        return out
    end = 0
    for w in words:
        if w.start() < end or not is_free(w.start(), w.end()):
            continue  # inside the run already read, or read by a digit scanner (phi/spoken_forms.py)
        # a run may open with digits or letters before its first number word ("605 five ...")
        b = _RUN_HEAD.search(text, max(0, w.start() - 24), w.start())
        rm = _RUN.match(f, b.start() if b is not None else w.start())
        if rm is None or rm.end() <= w.start():
            rm = _RUN.match(f, w.start())
        if rm is None:
            continue
        s, e = rm.start(), rm.end()
        end = e
        run = rm.group(0)
        digits, numbers, letters = _run_digits(run)
        kind = _cue(f, s)
        if letters and kind not in _CATS:
            # "... five i have", "eighty-two s. third": trailing letters are words, not id characters
            t = _trailing_letters(run)
            if t >= 0:
                run = run[:t]
                e = s + len(run)
                digits, numbers, letters = _run_digits(run)
        if numbers == 0 or not any(c.isalpha() for c in run):
            continue  # plain digits are the digit scanners' job
        nd = len(digits)
        if letters and kind in _CATS and (nd >= 4 or (kind == "VEHICLE" and nd + letters >= _PLATE_CHARS)):
            add(s, e, _CATS[kind])  # "member id b four one nine three ...", "plate l n g four four seven"
            continue
        if letters and kind is None and nd >= 5:
            add(s, e, Category.OTHER_ID)  # "her id is k l four four zero nine": letters and digits
            continue
        if letters or kind in ("NEG", "CLINIC"):
            continue
        tail = _ADDR_TAIL.match(f, e)
        if tail is None and nd >= 2:
            tail = _ES_STREET_TAIL.match(text, e)  # "ocho ocho cero dos calle loma verde"
        grid = _grid_tail(text, e) if tail is None else -1
        head = _ES_STREET_HEAD.search(text, max(0, s - 60), s) if tail is None and nd >= 2 else None
        route = _ROUTE_HEAD.search(text, max(0, s - 24), s)
        box = _BOX.match(text, e) if route is not None else None
        box_end = _number_words_end(text, box.end()) if box is not None else -1
        po_box = _PO_BOX_HEAD.search(text, max(0, s - 24), s)
        if route is not None and box is not None and box_end > box.end():
            add(route.start(), box_end, Category.GEO)  # "hc sixty one box four four seven"
        elif grid >= 0 and nd <= 6:
            add(s, grid, Category.GEO)
        elif po_box is not None and nd <= 6:
            add(po_box.start(), e, Category.GEO)
        elif tail is not None and nd <= 6:
            te = tail.end()
            if tail.re is _ES_STREET_TAIL:
                te = s + len(
                    _TRAILING_ARTICLES.sub("", text[s:te])
                )  # "loma verde el paso": "el" is the city's
            add(s, te, Category.GEO)  # "twelve oh seven kingfisher way"
        elif head is not None and nd <= 6:
            add(head.start(), e, Category.GEO)  # "calle alameda cuatro cinco uno"
        elif numbers >= 2 and nd <= 6 and (street_end := _direction_street(text, e)) > e:
            add(s, street_end, Category.GEO)  # "four eleven west monroe in pflugerville"
        elif numbers >= 2 and nd <= 5 and f.exact and (street_end := _named_street(low, e)) > e:
            add(s, street_end, Category.GEO)  # "fifteen fifteen magnolia in hattiesburg"
        elif numbers >= 2 and nd <= 6 and (street_end := _title_street(text, e)) > e:
            add(s, street_end, Category.GEO)  # "four four six Via Ventura, ..., Camarillo"
        elif kind == "SSN" and nd == 9:
            add(s, e, Category.SSN)
        elif kind in _CATS and nd >= 5:
            add(s, e, _CATS[kind])
        elif 13 <= nd <= 19 and numbers >= 13 and luhn_ok(digits):
            add(s, e, Category.ACCOUNT)  # a card read out digit by digit
        elif 15 <= nd <= 16 and numbers >= nd - 1 and _CARD_BEFORE.search(low, max(0, s - 30), s):
            add(s, e, Category.ACCOUNT)  # "on my visa four one one ...": a card, misheard or not
        elif nd == 10 or (nd == 11 and digits[0] == "1") or (nd == 7 and numbers >= 7):
            add(s, e, Category.PHONE)
        elif _LONG_RUN[0] <= nd <= _LONG_RUN[1] and numbers >= nd - 1:
            # eight to fifteen digits read out one by one, and no cue says whose: a number abroad
            # ("plus six three nine one seven ...", a UK "oh seven seven ..."), one cut off, an id
            phone = _PHONE_BEFORE.search(low, max(0, s - 40), s) is not None
            add(s, e, Category.PHONE if phone else Category.OTHER_ID)
        elif nd == 5 and (numbers >= 5 or (numbers >= 4 and _after_city(text, s))):
            # a ZIP read out, with the city just before it ("in fort wayne four six eight ..."); said
            # with a tens word after a city and its comma ("Saint Paul, fifty-five one oh six")
            add(s, e, Category.GEO)
            cm = _CITY_ZIP_BEFORE.search(text, max(0, s - 40), s)
            if cm is not None:
                add(cm.start(1), cm.start(1) + len(cm.group(1).rstrip()), Category.GEO)
    return out


def scan(st: ScanState) -> None:
    """Claim the spoken identifiers that lie outside every span claimed so far."""
    for s, e, cat in scan_spoken(st.f, st.free):
        if st.free(s, e):
            st.claim(s, e, cat)


def _always(st: ScanState) -> bool:
    return True


SCANNER = Scanner("spoken", _always, scan)
