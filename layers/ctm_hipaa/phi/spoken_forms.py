"""Spoken forms read into digits, with an offset map back to the original text.

Speech-to-text writes numbers as words: "six one four five five five oh one four two", "march third
nineteen sixty two", "doce de mayo del cincuenta y uno", "double five". `normalize` rewrites each run
of number words (data/number_words.txt, English, Spanish and Portuguese) into digits, so that the
digit scanners read "6145550142", "march 3rd 1962", "12 de mayo del 51", "55"; after a date-of-birth cue
(data/spoken_date_cues.txt) a run that reads as month, day and year becomes "7/23/59". Every
detection in the normalized text maps back to the words it came from (`Normalized.span`).

How a run is read: single digit words join into one digit string ("four one nine" -> "419"; a
comma or dash between them is kept as "-": "six one four, five five five" -> "614-555"); a tens
word takes the unit after it ("twenty three", "treinta y cinco"); "hundred", "thousand", "mil" and
the Spanish hundreds build larger numbers ("fifty four hundred", "dos mil cuatro", "mil novecientos
treinta y uno"); "nineteen"/"twenty" before two digits is a year ("nineteen sixty two" -> "1962");
ordinals keep their suffix ("twenty first" -> "21st", so that "may 21st" still proves a date).

One regex pass finds the runs; each run is read once, left to right, and the map is one entry per
rewritten run, searched by bisection: the cost is linear in the text.

The other languages callers speak (data/number_words_intl.txt: French, Haitian Creole, Vietnamese,
Polish, Russian, Tagalog, chat Arabic, Dari digits) are read the same way, with their compounding
("quatre-vingt-treize" 93, "katreven-dizuit" 98, "bốn mươi hai" 42, "tlata w 3ishreen" 23), in a
text that says one of their marker words: its runs are then found by a scan of its words looked up
in a dict, so that those hundreds of words add no pattern to compile at import and no cost to texts
without them. Every number word may carry a language tag: a word of one language only (`pt`, `fr`)
marks its run as that language's, and a word that is another language's common word (`pt-only`:
"um"; `ht-only`: "de", "en"; `vi-only`: "ba", "năm") is a number only in a run its language marks.
A word whose value differs by language has one reading per language; its run's markers choose.

`spelled` reads letters said one by one ("t h e r i a u l t", "y-b-a-r-r-a", "o as in oscar
apostrophe s h e a", "two l's", Spanish letter names from data/letter_names.txt: "ve chica i doble
ele") into what they spell, at their original spans: a run without digits is a spelled name for the
name scanner, unless it reads as an abbreviation (data/letter_abbreviations.txt: "m r i"); a run
with digits ("k l four four zero nine") is an id, the spoken scanner's.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from ctm_hipaa.phi.fold import CuePattern, Folded
from ctm_hipaa.phi.lexicon import alternation, entries, pairs, words


@dataclass(frozen=True, slots=True)
class _Reading:
    """One way a number word reads: its kind and value, and in which language."""

    kind: str
    value: int
    lang: str  # "" for a word of every language (English, Spanish), else its language code
    only: bool  # True: a number only in a run that has a marker word of `lang` ("um", "ba", "de")


def _readings(name: str) -> dict[str, tuple[_Reading, ...]]:
    """`data/<name>.txt` read as `word: KIND value [lang | lang-only]` lines, a word's lines in order."""
    out: dict[str, tuple[_Reading, ...]] = {}
    for entry in entries(name):
        word, _, rest = entry.partition(":")
        kind, value, *tag = rest.split()
        lang = tag[0].removesuffix("-only") if tag else ""
        reading = _Reading(kind, int(value), lang, bool(tag) and tag[0].endswith("-only"))
        out[word.strip()] = (*out.get(word.strip(), ()), reading)
    return out


# English, Spanish and Portuguese: read by the one pattern `_RUN` below, in every text
_BASE = _readings("number_words")
# The other languages (data/number_words_intl.txt): read only in a text that has one of their
# marker words, by a scan of its words (`_word_runs`), so that their hundreds of words cost neither
# a pattern compiled at import nor time on texts without them.
_INTL = _readings("number_words_intl")
_ALL: dict[str, tuple[_Reading, ...]] = {w: _BASE.get(w, ()) + _INTL.get(w, ()) for w in {**_BASE, **_INTL}}
_INTL_MARKERS = frozenset(w for w, rs in _INTL.items() if any(r.lang and not r.only for r in rs))
# The base words' one reading each, as `(KIND, value)` (spelled ids and the spoken scanner use them)
_WORDS: dict[str, tuple[str, int]] = {w: (rs[0].kind, rs[0].value) for w, rs in _BASE.items()}
_IF_PORTUGUESE = frozenset(w for w, rs in _BASE.items() if rs[0].only)
# Punctuation said aloud between numbers, as callers read ids and dictation software hears notes:
# "five six eight dash zero two", "six one five comma five five five", "one slash fourteen slash
# eighty two", "three oh three dot five five five": written as the mark it names
_SAID_MARKS = {
    **dict.fromkeys(("dash", "hyphen", "guion", "guión", "hifen", "hífen", "traco", "traço"), "-"),
    **dict.fromkeys(("comma", "coma"), "-"),
    **dict.fromkeys(("slash", "barra"), "/"),
    **dict.fromkeys(("dot", "punto"), "."),
}
_SAID_MARK = "(?:" + "|".join(_SAID_MARKS) + ")"
_SAID_MARK_GAP = re.compile(rf"[ \t]+({_SAID_MARK})[ \t]+")
# A hesitation (data/hesitations.txt) between the numbers of one reading ("six one two five five
# five uh zero one seven seven") is no word of it: the digits on both sides join as if it were a blank
HESITATIONS = words("hesitations")
HESITATION = "(?:" + "|".join(sorted(HESITATIONS, key=lambda w: (-len(w), w))) + ")"  # "umm" before "um"
_FILLER_GAP = re.compile(rf"[ \t]+{HESITATION}[ \t]+", re.IGNORECASE)
_TOKEN = "|".join(sorted((re.escape(w) for w in _WORDS), key=len, reverse=True))
# A run: number words separated by blanks, a comma, a dash (written or said), an ellipsis, a period
# before a blank ("seven six three. five five five", as engines cut groups) or a hesitation, never
# a line break (the next line is another speaker's turn). Separators are possessive and a word
# follows every one, so a failed word gives back one separator, never the run.
_RUN = CuePattern(
    rf"(?<![\w'’-])(?:{_TOKEN})"
    rf"(?:(?:[ \t]*+(?:,|-|\.\.\.|…|\.(?=[ \t]))[ \t]*+|[ \t]++(?:(?:{_SAID_MARK}|{HESITATION})[ \t]++)?+|-)"
    rf"(?:{_TOKEN})(?![\w'’]))*+(?![\w'’])"
)
# The other languages' runs (a text with one of their marker words): the same separators between
# words found one by one by `_ANY_WORD` and looked up in `_ALL`
_GAP = re.compile(
    rf"[ \t]*+(?:,|-|\.\.\.|…|\.(?=[ \t]))[ \t]*+|[ \t]++(?:(?:{_SAID_MARK}|{HESITATION})[ \t]++)?+"
)
_ANY_WORD = re.compile(r"[\w'’]+")
# Punctuation read as a blank for the marker-word test: str.translate and str.split, both C loops,
# cost half a regex split of every text
_MARKS = '!"#$%&()*+,-./:;<=>?@[\\]^`{|}~“”«»¿¡…،؟。，'
_MARKS_AS_BLANKS = str.maketrans(_MARKS, " " * len(_MARKS))
_WORD = re.compile(r"[^\s,.…-]+")
_LETTER = re.compile(r"[^\W\d_]")
_PUNCT = re.compile(r"[,…-]|\.\.\.")
_DATE_CUE = re.compile(rf"\b(?:{alternation('spoken_date_cues')})", re.IGNORECASE)
_CUE_WINDOW = 40


@dataclass(frozen=True, slots=True)
class _Atom:
    """One number read from a run: its original span, its digits, and how it was said."""

    s: int
    e: int
    digits: str
    kind: str  # "D" one digit word, "C" a compound number, "O" an ordinal, "Y" a year
    value: int
    joined: bool = False  # a "D" that follows the previous one after blanks only
    lang: str = ""  # the language of its first word ("" for English and Spanish words)


@dataclass(frozen=True, slots=True)
class Normalized:
    """A text with its spoken numbers rewritten, and the map of each rewrite to the original span."""

    text: str
    nstarts: tuple[int, ...]  # each rewrite's span in `text` ...
    nends: tuple[int, ...]
    ostarts: tuple[int, ...]  # ... and in the original
    oends: tuple[int, ...]

    def span(self, s: int, e: int) -> tuple[int, int]:
        """The original span of `text[s:e]`: a rewrite that it touches maps to all of its words."""
        k = bisect_right(self.nstarts, s) - 1
        if k < 0:
            os = s
        elif s < self.nends[k]:
            os = self.ostarts[k]
        else:
            os = s + self.oends[k] - self.nends[k]
        k = bisect_right(self.nstarts, e - 1) - 1
        if k < 0:
            oe = e
        elif e <= self.nends[k]:
            oe = self.oends[k]
        else:
            oe = e + self.oends[k] - self.nends[k]
        return os, oe

    def rewritten(self, s: int, e: int) -> bool:
        """True when `text[s:e]` overlaps a rewrite (so only the normalized text shows it)."""
        k = bisect_right(self.nstarts, e - 1) - 1
        return k >= 0 and self.nends[k] > s


_Tok = tuple[int, int, str, int, str]  # start, end, kind, value, language ("" for every language)


def _tens(v: int) -> bool:
    return 20 <= v < 100 and v % 10 == 0


def _below_hundred(toks: list[_Tok], i: int) -> tuple[int, int] | None:
    """(value, next index) of a number below 100 at `toks[i]`: a digit, teen, or tens (+ unit).

    Beside "twenty three" and "treinta y cinco": French "quatre-vingt(s)" is 80 and "soixante" and
    "quatre-vingt" take a teen ("soixante-dix-sept" 77, "quatre-vingt-treize" 93, as Creole
    "katreven-dizuit" 98); French "dix" and Vietnamese "mười" take a unit ("dix-huit" 18, "mười
    lăm" 15); a Vietnamese digit before "mươi" counts tens ("bốn mươi hai" 42); an Arabic unit
    comes before its tens ("tlata w 3ishreen" 23).
    """
    _, _, kind, v, lang = toks[i]
    if kind != "N":
        return None
    n = len(toks)
    j = i + 1
    if lang and v < 10 and j < n:
        nxt = toks[j]
        if nxt[2] == "T":
            v, j = v * nxt[3], j + 1  # "bốn mươi"
        elif v == 4 and lang == "fr" and nxt[2] == "N" and nxt[3] == 20 and nxt[4] == "fr":
            v, j = 80, j + 1  # "quatre-vingt"
        elif lang == "ar" and j + 1 < n and nxt[2] == "Y" and toks[j + 1][2] == "N" and _tens(toks[j + 1][3]):
            return v + toks[j + 1][3], j + 2  # "tlata w 3ishreen"
    if v == 10 and lang in ("fr", "vi") and j < n and toks[j][2] == "N" and toks[j][4] == lang:
        u = toks[j][3]
        if (7 if lang == "fr" else 1) <= u <= 9:
            return 10 + u, j + 1  # "dix-sept", "mười lăm"
    if _tens(v):
        k = j
        if k < n and toks[k][2] == "Y":
            k += 1  # "treinta y cinco", "vingt et un"
        if k < n and toks[k][2] == "N":
            u = toks[k][3]
            if 0 < u < 10:
                return v + u, k + 1
            if v in (60, 80) and lang in ("fr", "ht") and 10 <= u <= 19:
                teen = _below_hundred(toks, k)  # "soixante-dix-sept": "dix-sept" is 17
                if teen is not None and teen[0] < 20:
                    return v + teen[0], teen[1]
    return v, j


_COMPOUND_WORDS = 16  # the most words of a compound: "two thousand three hundred and forty five" is 7


def _compound(toks: list[_Tok], i: int) -> tuple[int, int] | None:
    """(value, next index) of a number below a million at `toks[i]`, or None when none starts there."""
    n = len(toks)

    def and_(j: int) -> int:
        # "two thousand and four", "one hundred and two": the "and" belongs to the number
        return j + 1 if j + 1 < n and toks[j][2] == "Y" and toks[j + 1][2] in "NH" else j

    def below_thousand(i: int) -> tuple[int, int] | None:
        if toks[i][2] == "H" or (toks[i][2] == "X" and toks[i][3] == 100):
            # "doscientos doce"; "hundred" first: "a hundred and two"; "duzentos e dez", "tis3mieh w"
            v, j = toks[i][3], i + 1
            j = and_(j) if toks[i][2] == "X" or toks[i][4] else j
            rest = _below_hundred(toks, j) if j < n else None
            return (v + rest[0], rest[1]) if rest is not None else (v, j)
        first = _below_hundred(toks, i)
        if first is None:
            return None
        v, j = first
        if j < n and toks[j][2] == "X" and toks[j][3] == 100:
            v, j = v * 100, j + 1  # "five hundred", "fifty four hundred", "neuf cent"
            j = and_(j)
            rest = _below_hundred(toks, j) if j < n else None
            if rest is not None and rest[0] < 100:
                v, j = v + rest[0], rest[1]
        return v, j

    if toks[i][2] == "X" and toks[i][3] in (1000, 2000):
        v, j = toks[i][3], i + 1  # "mil novecientos ...", Arabic "alfein" (two thousand)
        j = and_(j)
    else:
        head = below_thousand(i)
        if head is None:
            return None
        v, j = head
        if not (j < n and toks[j][2] == "X" and toks[j][3] == 1000):
            return v, j
        v, j = v * 1000, j + 1
    j = and_(j)
    rest = below_thousand(j) if j < n else None
    return (v + rest[0], rest[1]) if rest is not None and rest[0] < 1000 else (v, j)


def spoken_number(text: str) -> int | None:
    """The value of a number said in words ("ninety-three", "a hundred and two", "noventa y un") or None."""
    said = text.strip().lower()
    if said.startswith("a "):
        said = "one " + said[2:]  # "a hundred and two"
    toks: list[_Tok] = []
    for m in _WORD.finditer(said):
        word = _WORDS.get(m.group(0))
        if word is None:
            return None
        toks.append((m.start(), m.end(), *word, ""))
    c = _compound(toks, 0) if toks else None
    return c[0] if c is not None and c[1] == len(toks) and c[0] > 0 else None


def _suffix(v: int) -> str:
    if v % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(v % 10, "th")


def _reading(readings: tuple[_Reading, ...], langs: set[str]) -> _Reading | None:
    """The one reading of a word in a run with marker words of `langs`, or None (none, or two)."""
    fits = [r for r in readings if not r.only or r.lang in langs]
    if len(fits) == 1 or (fits and all(r.value == fits[0].value and r.kind == fits[0].kind for r in fits)):
        return fits[0]
    return None


# Vietnamese says the year after "năm" ("tháng sáu năm một chín năm lăm": June, the year 1955),
# and "năm" is also five: after the month of "tháng <month>" and after "sinh" (born) it is the year.
_VI_MONTH_BEFORE = re.compile(r"(?:tháng|sinh)[ \t]+$", re.IGNORECASE)


def _atoms(text: str, s0: int, e0: int) -> list[_Atom]:
    """The numbers of the run `text[s0:e0]`, in order (years not yet joined: see `_years`)."""
    said = [(m.start(), m.end(), m.group(0).lower()) for m in _WORD.finditer(text, s0, e0)]
    langs = {r.lang for _, _, w in said for r in _ALL.get(w, ()) if r.lang and not r.only}
    toks: list[_Tok] = []
    for s, e, w in said:
        # no reading only for a word whose case does not fold one to one
        r = _reading(_ALL.get(w, ()), langs)
        if r is not None:
            toks.append((s, e, r.kind, r.value, r.lang))
    month_end = -1  # the month of "tháng <month>" ends before this token: no digit joins it
    if "vi" in langs and toks:
        before = _VI_MONTH_BEFORE.search(text, max(0, s0 - 8), s0)
        if before is not None:
            month = _compound(toks, 0) if before.group(0).lower().startswith("t") else (0, 0)
            k = month[1] if month is not None else -1
            month_end = k
            if 0 <= k < len(toks) - 1 and text[toks[k][0] : toks[k][1]].lower() == "năm":
                del toks[k]  # "năm" the year, not five
    out: list[_Atom] = []
    i, n = 0, len(toks)
    # a period between two words ends a number: "seventy. five of us" is 70 and 5, where "seven six
    # three. five five five" still joins its digits (`_render`)
    stops = [j for j in range(1, n) if "." in text[toks[j - 1][1] : toks[j][0]]] + [n]
    stop = 0
    while i < n:
        while stops[stop] <= i:
            stop += 1
        s, e, kind, v, lang = toks[i]
        if kind == "R" and i + 1 < n and toks[i + 1][2] == "N" and toks[i + 1][3] < 10:
            out.append(_Atom(s, toks[i + 1][1], str(toks[i + 1][3]) * v, "D", toks[i + 1][3]))
            i += 2
            continue
        if kind == "P":
            if i + 1 < n and toks[i + 1][2] == "N" and toks[i + 1][3] < 10:
                d = toks[i + 1][3]  # "plis senk zewo nèf ...": "+509..."
                out.append(_Atom(s, toks[i + 1][1], f"+{d}", "D", d, lang=toks[i + 1][4]))
                i += 1
            i += 1
            continue
        if kind == "O":
            out.append(_Atom(s, e, f"{v}{_suffix(v)}", "O", v))
            i += 1
            continue
        if kind == "N" and _tens(v) and i + 1 < n and toks[i + 1][2] == "O" and toks[i + 1][3] < 10:
            o = v + toks[i + 1][3]  # "twenty first"
            out.append(_Atom(s, toks[i + 1][1], f"{o}{_suffix(o)}", "O", o))
            i += 2
            continue
        # (read in a window: a compound is a few words, and a slice to the run's end per word would
        # cost the run's length at every word)
        c = _compound(toks[i : min(stops[stop], i + _COMPOUND_WORDS)], 0)
        if c is None:
            i += 1  # a lone "y", "hundred" or repeat: not a number by itself
            continue
        value, j = c[0], c[1] + i
        e = toks[j - 1][1]
        if j == i + 1 and kind == "N" and v < 10 and j != month_end:
            out.append(_Atom(s, e, str(v), "D", v, lang=lang))
        else:
            out.append(_Atom(s, e, str(value), "C", value, lang=lang))
        i = j
    return out


def _years(out: list[_Atom]) -> list[_Atom]:
    """`out` with "nineteen sixty two", "twenty nineteen", "nineteen oh two" read as one year each."""
    years: list[_Atom] = []
    k = 0
    while k < len(out):
        a = out[k]
        if (
            a.kind == "C"
            and a.value in (19, 20)
            and a.lang in ("", "pt")  # French "vingt" before a number is no century
            and a.e - a.s <= len("nineteen")
            and k + 1 < len(out)
        ):
            b = out[k + 1]
            if b.kind == "C" and 10 <= b.value <= 99:
                years.append(_Atom(a.s, b.e, f"{a.value}{b.value}", "Y", a.value * 100 + b.value))
                k += 2
                continue
            if b.kind == "D" and b.value == 0 and k + 2 < len(out) and out[k + 2].kind == "D":
                c2 = out[k + 2]
                years.append(_Atom(a.s, c2.e, f"{a.value}0{c2.value}", "Y", a.value * 100 + c2.value))
                k += 3
                continue
        years.append(a)
        k += 1
    return years


def _part(atoms: list[_Atom], i: int, lo: int, hi: int) -> list[tuple[int, int]]:
    """The ways a date part in [lo, hi] can start at atoms[i]: (value, next index) each."""
    out: list[tuple[int, int]] = []
    if i >= len(atoms):
        return out
    a = atoms[i]
    if a.kind in ("C", "D") and lo <= a.value <= hi:
        out.append((a.value, i + 1))
    if a.kind == "D" and a.value == 0 and i + 1 < len(atoms) and atoms[i + 1].kind == "D":
        v = atoms[i + 1].value  # "oh four"
        if lo <= v <= hi:
            out.append((v, i + 2))
    return out


def _spoken_date(atoms: list[_Atom]) -> str | None:
    """ "m/d/yy" when the atoms read as month, day, year ("seven twenty three fifty nine"), else None."""
    today = date.today()
    for m, i in _part(atoms, 0, 1, 12):
        for d, j in _part(atoms, i, 1, 31):
            last = atoms[j] if j == len(atoms) - 1 else None
            if last is not None and (
                last.kind == "Y" or (last.kind == "C" and 1900 <= last.value <= today.year)
            ):
                year = last.value  # "nineteen fifty nine", "two thousand one"
            else:
                years = [y for y, k in _part(atoms, j, 0, 99) if k == len(atoms)]
                if not years:
                    continue
                year = years[0] + (2000 if years[0] <= today.year % 100 else 1900)
            try:
                date(year, m, d)
            except ValueError:
                continue
            return f"{m}/{d}/{year % 100:02d}"
    return None


def reads_as_date(text: str, s: int, e: int) -> bool:
    """True when the number words of `text[s:e]` read as month, day and year ("two twenty nine
    sixteen", "nine twelve twenty one"): a date said in digits, for a caller's answer to "date of
    birth?" that gives more than one."""
    raw = _atoms(text, s, e)
    return len(raw) >= 3 and (_spoken_date(_years(raw)) is not None or _spoken_date(raw) is not None)


def _render(text: str, atoms: list[_Atom]) -> list[tuple[int, int, str]]:
    """Rewrites (start, end, digits) of a run's atoms; single digits join into one string."""
    out: list[tuple[int, int, str]] = []
    prev: _Atom | None = None
    for a in atoms:
        said = _SAID_MARK_GAP.fullmatch(text, prev.e, a.s) if prev is not None else None
        mark = _SAID_MARKS.get(said.group(1).lower(), "-") if said is not None else None
        if mark is not None and (a.kind != "D" or prev is None or prev.kind != "D"):
            # "fourteen slash eighty two": the numbers and the mark between them, one rewrite
            s, _, digits = out[-1]
            out[-1] = (s, a.e, digits + mark + a.digits)
        elif (
            prev is not None
            and a.kind == "D"
            and prev.kind == "D"
            and (
                mark is not None
                or not _LETTER.search(text, prev.e, a.s)
                or _FILLER_GAP.fullmatch(text, prev.e, a.s) is not None
            )
        ):
            s, _, digits = out[-1]
            sep = mark if mark is not None else "-" if _PUNCT.search(text, prev.e, a.s) else ""
            out[-1] = (s, a.e, digits + sep + a.digits)
        else:  # a number after another, or after a word of the run ("five and six"): its own rewrite
            out.append((a.s, a.e, a.digits))
        prev = a
    return out


_BLANKS = re.compile(r"[ \t]+")


def _grouped_phone(text: str, rendered: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """`rendered` with a phone number said in groups joined into one: Polish and Russian say
    "siedem siedem trzy pięćset pięćdziesiąt pięć zero jeden dziewięćdziesiąt osiem" (773 555 01 98);
    pieces of two to four digits with blanks between, ten or eleven digits in all."""
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(rendered):
        j, size = i, 0
        while j < len(rendered) and rendered[j][2].isdigit() and len(rendered[j][2]) <= 4:
            if j > i and _BLANKS.fullmatch(text, rendered[j - 1][1], rendered[j][0]) is None:
                break
            size += len(rendered[j][2])
            j += 1
            if (size >= 10 and j - i >= 3) or size > 11:
                break  # at most twelve pieces are looked at from each one
        if size in (10, 11) and j - i >= 3:
            out.append((rendered[i][0], rendered[j - 1][1], "".join(r[2] for r in rendered[i:j])))
            i = j
        else:
            out.append(rendered[i])
            i += 1
    return out


def _tagalog_day(low: str, s: int, word: str) -> bool:
    """True for a Tagalog day said after "a-" ("a-kinse ng marso"): a run opens there, though no
    run opens after any other hyphen ("forty-five" is one run, "x-ray five" none at "five")."""
    return (
        low[s - 2 : s] == "a-"
        and (s == 2 or not low[s - 3].isalnum())
        and any(r.lang == "tl" for r in _ALL[word])
    )


def _word_runs(low: str) -> Iterator[tuple[int, int]]:
    """The runs of number words of every language in `low`, as `_RUN` finds those of the base ones."""
    start = end = -1
    for m in _ANY_WORD.finditer(low):
        if m.group(0) not in _ALL:
            continue
        s, e = m.span()
        if end >= 0 and _GAP.fullmatch(low, end, s) is not None:
            end = e
            continue
        if end >= 0:
            yield start, end
        start, end = (s, e) if s == 0 or low[s - 1] != "-" or _tagalog_day(low, s, m.group(0)) else (-1, -1)
    if end >= 0:
        yield start, end


def _runs(f: Folded) -> Iterator[tuple[int, int]]:
    """The spans of the runs of number words in `f.text`: those of the other languages too when
    the text says one of their marker words (a cheap test first: one translate and split, one set
    lookup)."""
    if f.exact and not _INTL_MARKERS.isdisjoint(f.low.translate(_MARKS_AS_BLANKS).split()):
        return _word_runs(f.low)
    return (m.span() for m in _RUN.finditer(f))


_LISTED = re.compile(r",[ ]")  # between the parts of a date said one by one


def normalize(f: Folded) -> Normalized | None:
    """`f.text` with its spoken numbers as digits and its offset map, or None when it has none."""
    text = f.text
    rewrites: list[tuple[int, int, str]] = []
    for s0, e0 in _runs(f):
        raw = _atoms(text, s0, e0)
        if not raw:
            continue
        atoms = _years(raw)
        spoken = None
        if len(raw) >= 3 and _DATE_CUE.search(text, max(0, s0 - _CUE_WINDOW), s0):
            # "ten nineteen fifty five" is 10/19/55, not ten and the year 1955
            spoken = _spoken_date(atoms) or _spoken_date(raw)
        elif len(atoms) == 3 and atoms[2].kind == "Y" and atoms[0].kind == atoms[1].kind == "D":
            # with no cue, two single digits before a said year are its month and day ("dad one one
            # nineteen fifty"), not the number eleven
            spoken = _spoken_date(atoms)
        elif (
            len(atoms) == 3
            and atoms[2].kind == "Y"
            and _LISTED.fullmatch(text, atoms[0].e, atoms[1].s)
            and _LISTED.fullmatch(text, atoms[1].e, atoms[2].s)
        ):
            # month, day and year set apart by commas, as a transcriber writes a date said slowly:
            # "Ten, two, twenty fifteen" is 10/2/15 ("room one twelve nineteen sixty" is no date)
            spoken = _spoken_date(atoms)
        if spoken is not None:
            rewrites.append((atoms[0].s, atoms[-1].e, spoken))
        else:
            rendered = _render(text, atoms)
            if len(rendered) >= 3 and atoms[0].lang not in ("", "pt"):
                rendered = _grouped_phone(text, rendered)
            rewrites += rendered
    rewrites = [r for r in rewrites if text[r[0] : r[1]] != r[2]]
    if not rewrites:
        return None
    parts: list[str] = []
    nstarts: list[int] = []
    nends: list[int] = []
    pos = size = 0
    for s, e, digits in rewrites:
        parts.append(text[pos:s])
        size += s - pos
        nstarts.append(size)
        parts.append(digits)
        size += len(digits)
        nends.append(size)
        pos = e
    parts.append(text[pos:])
    return Normalized(
        "".join(parts),
        tuple(nstarts),
        tuple(nends),
        tuple(r[0] for r in rewrites),
        tuple(r[1] for r in rewrites),
    )


# ------------------------------------------------------------------------------------------------
# Spelled-out letters: "t h e r i a u l t", "y-b-a-r-r-a", "o as in oscar apostrophe s h e a",
# "two l's", "ve chica i doble ele a erre erre e a ele", "k l four four zero nine"

_LETTER_NAMES: dict[str, tuple[str, str]] = {w: (c, k) for w, (c, k) in pairs("letter_names").items()}
_ABBREVIATIONS = words("letter_abbreviations")
# The cardinals below 100 of data/number_words.txt that a run of spoken digits or an id can hold:
# Spanish "un"/"una" are articles and "primero" a day as often as they are digits, and Portuguese
# "um" is the English filler.
CARDINALS: dict[str, int] = {
    w: v
    for w, (k, v) in _WORDS.items()
    if k == "N" and w not in ("un", "una", "primero") and w not in _IF_PORTUGUESE
}
REPEATS: dict[str, int] = {w: v for w, (k, v) in _WORDS.items() if k == "R"}  # "double", "triple"
HUNDREDS: dict[str, int] = {w: v for w, (k, v) in _WORDS.items() if k == "H"}  # "doscientos"
MULTIPLIERS: dict[str, int] = {w: v for w, (k, v) in _WORDS.items() if k == "X"}  # "hundred", "mil"
_DIGIT_WORDS = sorted((w for w, v in CARDINALS.items() if v < 10), key=len, reverse=True)
_REPEAT_WORDS = "|".join(REPEATS)
_L = "[a-zß-öø-ÿā-ž]"  # one Latin letter (lower case: the patterns run over the lower-cased text)
# One spelled item; the first alternative that fits is taken, so longer forms come first: "x as in
# word" (French "d comme david", Polish "k jak karol"), "b de burro", "two l's" ("deux l"), "double
# l", the letter names (longest first: "doble ele" before "de"), a digit ("double five", "cuatro",
# "7") and a single letter.
_ITEM_SRC = (
    rf"(?P<as>{_L} (?:as in|comme|jak) [^\W\d_]++|(?:b|v|be|ve|uve) de [^\W\d_]++)"
    rf"|(?P<two>(?:two|dos) {_L}['’]?s|deux {_L})"
    rf"|(?P<dbl>(?:double|doble) {_L})"
    rf"|(?P<name>{'|'.join(sorted(map(re.escape, _LETTER_NAMES), key=len, reverse=True))})"
    rf"|(?P<digit>(?:(?:{_REPEAT_WORDS}) )?(?:{'|'.join(_DIGIT_WORDS)})|\d++)"
    rf"|(?P<letter>{_L})"
)
# An item starts after no word character: a run's items are found one by one and joined where
# only blanks, a comma or a hyphen lie between them (never a line break).
_ITEM = CuePattern(rf"(?<![\w'’])(?:{_ITEM_SRC})(?![\w'’])")
_SEPARATOR = re.compile(r"[ \t]*,[ \t]*|[ \t]+|-")
WEAK_LETTERS = frozenset("aeiouy")
# The words of the letter names no one says otherwise ("erre", "doble", "chica"): a cheap first test
# of a text that spells with them and has no single letters close together.
SPELLING_WORDS = frozenset(
    part for w, (_, k) in _LETTER_NAMES.items() if k == "S" for part in w.split() if len(part) > 1
)  # single letters that are also words ("a", "i", Spanish "y", "o")


@dataclass(frozen=True, slots=True)
class Spelled:
    """One run of letters (and digits) said one by one, at its original span."""

    s: int
    e: int
    chars: str  # what it spells: "o'shea", "villarreal", "kl4409126"
    letters: int  # letters said
    digits: int  # digits said
    strong: int  # letters said in a way no word is (not "a", "i", "y", nor a letter name like "de")
    letters_end: int  # where its last letter ends ("t w o g u n s" in "t w o g u n s one")

    @property
    def name(self) -> bool:
        """True when the run reads as a spelled name: three letters or more, no digit, not "m r i"."""
        letters = self.chars.replace("'", "").replace("-", "")
        return (
            self.digits == 0
            and self.letters >= 3
            and self.strong >= 1  # "y a e", "i a" are words
            and len(set(letters)) >= 2  # "m m m" is a hesitation
            and letters not in _ABBREVIATIONS
        )


# start, end, what it spells, kind: L a letter that is also a word, S any other letter, W a letter
# name that is a word, X a doubled letter ("two l's"), D digits, P a mark
_Item = tuple[int, int, str, str]


def _item(kind: str, said: str) -> tuple[str, str]:
    """(what one item spells, its kind) from its group name and the words said."""
    if kind == "as":
        first = said.split(" ", 1)[0]
        return (first if len(first) == 1 else _LETTER_NAMES[first][0]), "S"
    if kind == "two":
        return said.split(" ")[1][0] * 2, "X"
    if kind == "dbl":
        return said[-1] * 2, "X"
    if kind == "name":
        return _LETTER_NAMES[said]
    if kind == "digit":
        if said.isdigit():
            return said, "D"
        head, _, tail = said.rpartition(" ")
        digit = str(_WORDS[tail][1])
        return digit * (_WORDS[head][1] if head else 1), "D"
    return said, ("L" if said in WEAK_LETTERS else "S")


def _spelled_part(items: list[_Item]) -> Spelled | None:
    while items and items[0][3] == "P":  # a mark spells nothing at either end of a run
        items = items[1:]
    while items and items[-1][3] == "P":
        items = items[:-1]
    if len(items) < 2:
        return None
    said = [c for _, _, c, _ in items]
    if items[0][3] == "X" and "".join(said[1:]).startswith(said[0]):
        said = said[1:]  # "two l's l l e w e l l y n": the doubled letter, then the spelling
    letters = sum(len(c) for _, _, c, k in items if k in "LSWX")
    digits = sum(len(c) for _, _, c, k in items if k == "D")
    strong = sum(len(c) for _, _, c, k in items if k in "SX")
    letters_end = max((e for _, e, _, k in items if k != "D"), default=items[0][0])
    return Spelled(items[0][0], items[-1][1], "".join(said), letters, digits, strong, letters_end)


def _item_runs(f: Folded, windows: Iterable[tuple[int, int]]) -> Iterator[list[re.Match[str]]]:
    """The runs of two or more items in `windows`: items with only separators between them."""
    text = f.text
    for s, e in windows:
        run: list[re.Match[str]] = []
        for it in _ITEM.finditer(f, s, e):
            if run and _SEPARATOR.fullmatch(text, run[-1].end(), it.start()) is None:
                if len(run) > 1:
                    yield run
                run = []
            if run or text[it.start() - 1 : it.start()] != "-":  # "forty-five": no run opens after a hyphen
                run.append(it)
        if len(run) > 1:
            yield run


def spelled(f: Folded, windows: Iterable[tuple[int, int]] | None = None) -> list[Spelled]:
    """The runs of two or more letters or digits said one by one in `f.text`, in order.

    With `windows` (sorted, disjoint spans), only runs that start inside one are read: the caller
    knows where the single letters are, and the pattern costs about a microsecond per word.
    A Spanish letter name that is also a word ("de", "te", "ese") is a letter only in a run that
    also says a letter no word is ("erre", "doble ele", "ve chica"); elsewhere it ends the run.
    """
    out: list[Spelled] = []
    text = f.text
    for run in _item_runs(f, [(0, len(text))] if windows is None else windows):
        items: list[_Item] = []
        named = False  # a letter name no word is: "erre", "doble ele", "ve chica"
        for it in run:
            said = it.group(0).lower()
            kind = it.lastgroup or "letter"
            if kind == "name" and said not in _LETTER_NAMES:
                continue  # a word whose case does not fold one to one
            chars, k = _item(kind, said)
            named = named or (kind == "name" and k == "S")
            items.append((it.start(), it.end(), chars, k))
        if not named and any(k == "W" for *_, k in items):
            parts: list[list[_Item]] = [[]]  # "de", "te" are words here: each ends a run
            for item in items:
                if item[3] == "W":
                    parts.append([])
                else:
                    parts[-1].append(item)
        else:
            parts = [items]
        for part in parts:
            read = _spelled_part(part)
            if read is not None:
                out.append(read)
    return out
