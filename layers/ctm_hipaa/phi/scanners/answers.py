"""Speaker labels, and the identifiers a caller gives in answer to the agent's question.

A transcript's speaker labels ("Dispatcher:", "Llamante:", "[agent]", "speaker 1:") are claimed
unreported, so that no scanner reads a role as a name or "spk_0" as a number; a label that is a
person's name in a chat thread is the name scanner's (names.speaker_names).

After "what's your social?", "medicare number", "y su número de expediente", the caller's next
turn (phi/turns.py) holds the id, mostly read out ("a zero one two three four five six seven",
"four t w nine c one eight a k two two"): the first run of spoken digits and letters in it
(scanners/spoken.py's `read_run`) is claimed as the kind the question asked for. After "pickup
address" / "dónde vive", the address words of the answer (number words, street and unit words,
the city: any word not a common one) are claimed as GEO. Names in answers are the name scanner's
(its `answers` part). Dates are the date scanners'; a spoken date they leave ("ten nineteen
fifty five") is claimed here after a date question.
"""

from __future__ import annotations

import re

from ctm_hipaa.phi.claims import ScanState
from ctm_hipaa.phi.cues import ID_CUE_KINDS, cue_before
from ctm_hipaa.phi.lexicon import pairs, spelled_out, words
from ctm_hipaa.phi.model import Category
from ctm_hipaa.phi.scanners import Scanner
from ctm_hipaa.phi.scanners.ids import ID_CATEGORIES
from ctm_hipaa.phi.scanners.names import is_common_word, speaker_names
from ctm_hipaa.phi.scanners.spoken import read_run
from ctm_hipaa.phi.spoken_forms import reads_as_date, spoken_number
from ctm_hipaa.phi.turns import FILLERS, Answer

# The kinds an id answer is claimed as; NEG (an order or claim number) is claimed unreported.
_ID_KINDS: dict[str, Category | None] = {
    **ID_CATEGORIES,
    "SSN": Category.SSN,
    "PHONE": Category.PHONE,
    "NEG": None,
}
# What opens an age rather than a date: "he's ninety three", "tiene noventa y uno".
_AGE_LEAD = re.compile(r"(?:['’]s|\bis|\bi['’]m|\bam|\btiene|\btengo|\btem)\s+$", re.IGNORECASE)
_LEAD_WORDS = 6  # words before an answer's id: "uh let me see it says ..."
_LEAST = {"SSN": 9, "PHONE": 7, "NEG": 3}  # characters an answer's run needs (4 for the other ids)

_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_NUMBER_WORDS = frozenset(pairs("number_words"))
# Street types, singular or plural ("Street", "Sts", "Estates"), lower-cased for look-ups
_STREET_WORDS = frozenset(p for w in spelled_out("street_suffixes") for p in (w.lower(), w.lower() + "s"))
_ADDRESS_WORDS = words("address_words")
_STOPS = pairs("address_stops")
_NOT_ADDRESS = words("common_words") | words("name_stop_words") | FILLERS | frozenset(_STOPS["skip"])
# Words after which an answer goes on about something else ("... street but i'm staying with ...").
_CLAUSE_BREAKS = frozenset(_STOPS["break"])
_MAIL = pairs("spoken_email_words")
# "at" and a domain of one to four parts joined by "dot" words (the local part is read back from it)
_AT, _DOT = "|".join(_MAIL["at"]), "|".join(_MAIL["dot"])
_SPOKEN_EMAIL = re.compile(
    rf"(?<![\w'])(?:{_AT})\s+[\w-]{{1,63}}(?:\s+(?:{_DOT})\s+[\w-]{{1,63}}){{1,4}}(?![\w'])", re.IGNORECASE
)
_ZIP = re.compile(r"\d{5}(?:-\d{4})?")
# What joins an address to the city and ZIP after it: "..., queen creek, 85142", "... in mesa",
# past a unit's letter ("unit c, nashville")
_JOINS_PLACE = re.compile(r"(?: \w)?(?:,?\s+(?:(?:in|en|em)\s+)?|,\s*)")
_ADDRESS_TOKENS = 24  # an address is read from the answer's first words only
_CITY_TOKENS = 8  # and a city from its first few
_GOES_ON = ("'re", "'m", "'ll", "'ve")  # a contraction opens a clause after the place named
_PLACE_LEADS = frozenset(
    ("in", "en", "em", "near", "at", "from", "de", "del", "it's", "its", "it", "is", "es")
)


def _labels(st: ScanState) -> None:
    """Claim the speaker labels that are no person's name, unreported."""
    turns = st.turns
    named = {s for s, _, _ in speaker_names(turns, st.ctx.agent_names, st.ctx.clinic_domains)}
    for t in turns.turns:
        if t.label_start not in named:
            st.claim(t.label_start, t.label_end, None)


def _ident(st: ScanState, a: Answer, kind: str) -> None:
    """Claim the first spoken id run of the answer as `kind`."""
    run = read_run(st.f, a.start, a.end, _LEAST.get(kind, 4))
    if run is None:
        return
    s, e, digits, letters = run
    lead = _WORD.findall(st.text, a.start, s)
    if len(lead) > _LEAD_WORDS or (lead and cue_before(st, s, s - a.start) in ID_CUE_KINDS):
        return  # the id is not the answer's opening, or the caller names it ("my mrn is ..."): ids' job
    if kind in ("SSN", "PHONE") and letters:
        return  # an SSN or a phone number has no letters: a run with letters is something else
    if kind == "SSN" and len(digits) != 9:
        return
    if st.free(s, e):
        st.claim(s, e, _ID_KINDS[kind])
        dash = _DASHED.match(st.text, e, a.end)
        rest = read_run(st.f, dash.end(), a.end, 1) if dash is not None else None
        if rest is not None and dash is not None and rest[0] == dash.end() and st.free(rest[0], rest[1]):
            st.claim(rest[0], rest[1], _ID_KINDS[kind])  # "s p twenty six dash oh four four ..."


# "dash" between two parts of one id said out loud
_DASHED = re.compile(r"[ ](?:dash|hyphen|gui[oó]n)[ ]")


def _date(st: ScanState, a: Answer) -> None:
    """Claim the spoken numbers opening an answer to a date question as a DATE.

    The spoken-forms pass reads most spoken dates ("march third nineteen sixty two"); this takes
    the layouts it leaves ("ten nineteen fifty five", "seven seven two thousand one"): after "date
    of birth?" a run of number words is a date.
    """
    run = read_run(st.f, a.start, a.end, 3)
    if run is None or run[3] or len(_WORD.findall(st.text, a.start, run[0])) > _LEAD_WORDS:
        return
    if _AGE_LEAD.search(st.text, max(a.start, run[0] - 12), run[0]) and not reads_as_date(
        st.text, run[0], run[1]
    ):
        return  # "he's ninety three": an age (the spoken scan's), not the date asked for
    if st.free(run[0], run[1]):
        st.claim(run[0], run[1], Category.DATE)
    # the answer may go on with another date: a second child's ("lucia is nine eleven twenty and
    # santi is two twenty nine sixteen") or a correction ("four four fifty two no four fourteen
    # fifty two"); a later run is a date only when it reads as month, day and year
    at = run[1]
    for _ in range(_MORE_DATES):
        more = read_run(st.f, at, min(a.end, at + _MORE_DATES_REACH), 4)
        if more is None:
            return
        s, e, _, letters = more
        if len(_WORD.findall(st.text, at, s)) > _BETWEEN_DATES:
            return  # the answer went on about something else ("... and the pharmacy is on ...")
        if not letters and st.free(s, e) and reads_as_date(st.text, s, e):
            st.claim(s, e, Category.DATE)
        at = e


_MORE_DATES = 3  # later runs of an answer read for a date
_MORE_DATES_REACH = 80  # characters after the last run where the next may start
_BETWEEN_DATES = 3  # words between two dates of one answer: "and santi is", "no", "she's"


_AGE_WORDS = 5  # "a hundred and twenty one"


def _age(st: ScanState, a: Answer) -> None:
    """Claim the number opening an answer to "how old is she?" as an AGE when it is over 89
    ("ninety six she was born in twenty nine", "a hundred and two", "94")."""
    words = list(_WORD.finditer(st.text, a.start, a.end))[: _LEAD_WORDS + _AGE_WORDS]
    for i in range(min(len(words), _LEAD_WORDS + 1)):
        # the longest run of words from here that says a number ("a hundred and two")
        for j in range(min(len(words), i + _AGE_WORDS), i, -1):
            s, e = words[i].start(), words[j - 1].end()
            said = st.text[s:e]
            age = int(said) if said.isdigit() else spoken_number(said)
            if age is not None:
                if 90 <= age <= 125 and st.free(s, e):
                    st.claim(s, e, Category.AGE)
                return


def _email(st: ScanState, a: Answer) -> None:
    """Claim an e-mail address read out in the answer: from its first word after the fillers to
    the domain's last part ("d okafor at example dot org", "xochi punto mendez arroba ...")."""
    m = _SPOKEN_EMAIL.search(st.text, a.start, a.end)
    if m is None:
        return
    words = list(_WORD.finditer(st.text, a.start, m.start()))
    first = next((w for w in words if w.group(0).lower() not in FILLERS), None)
    s = first.start() if first is not None else m.start()
    if len(words) <= _LEAD_WORDS and st.free(s, m.end()):
        st.claim(s, m.end(), Category.EMAIL)


def _address_word(low: str) -> int:
    """2 for a word that shows an address (a number, street or unit word), 1 for any other uncommon
    word (a street or city name), 0 for a common word."""
    if low.isdigit() or low in _NUMBER_WORDS or low in _ADDRESS_WORDS or low in _STREET_WORDS:
        return 2
    return 0 if low in _NOT_ADDRESS or len(low) < 2 else 1


def _address(st: ScanState, a: Answer) -> None:
    """Claim the address words of the answer as GEO: stretches of uncommon words, from the first
    that shows an address (it holds a number, or a street or unit word and another word: "there's
    no street" shows none), and the city after it ("in mesa")."""
    text = st.text
    stretches: list[list[int]] = []  # start, end, best score, tokens
    cur: list[int] | None = None
    for k, m in enumerate(_WORD.finditer(text, a.start, a.end)):
        low = m.group(0).lower()
        score = _address_word(low)
        if k >= _ADDRESS_TOKENS or (score == 0 and low in _CLAUSE_BREAKS):
            break
        if not score or not st.free(m.start(), m.end()):
            cur = None
            continue
        if cur is not None and text[cur[1] : m.start()] in (" ", ", "):
            cur[1], cur[2], cur[3] = m.end(), max(cur[2], score), cur[3] + 1
        else:
            cur = [m.start(), m.end(), score, 1]
            stretches.append(cur)
    anchor = next((i for i, (_, _, best, n) in enumerate(stretches) if best == 2 and n >= 2), None)
    if anchor is None and stretches and _ZIP.fullmatch(text, stretches[0][0], stretches[0][1]):
        rest = text[stretches[0][1] : a.end].strip()
        anchor = 0 if not rest or not rest[0].isalpha() else None  # "what's your zip?" - "89052."
    if anchor is None:
        return
    prev_end = -1
    for s, e, best, _ in stretches[anchor:]:
        # after the address: its city and ZIP, a unit, a place's own words; not the everyday words
        # of the directions that follow ("... the road's not named it's the turn off")
        joined = prev_end < 0 or _JOINS_PLACE.fullmatch(text, prev_end, s) is not None
        if joined or best == 2 or not all(is_common_word(w.lower()) for w in text[s:e].split()):
            st.claim(s, e, Category.GEO)
        prev_end = e


def _city(st: ScanState, a: Answer) -> None:
    """Claim the place the caller names in answer to "what city?": the first stretch of uncommon
    words among the answer's opening words ("oh it's queen creek", "en socorro"), at most three."""
    text, start, end = st.text, -1, -1
    for k, m in enumerate(_WORD.finditer(text, a.start, a.end)):
        low = m.group(0).lower()
        if k >= _CITY_TOKENS or low in _CLAUSE_BREAKS or low.endswith(_GOES_ON):
            break  # "lufkin we're at ...": the answer goes on about something else
        # a place's words, not a number: "queen creek", "park city" hold street words too
        uncommon = (
            _address_word(low) >= 1
            and not (low.isdigit() or low in _NUMBER_WORDS)
            and low not in FILLERS
            and st.free(m.start(), m.end())
        )
        if uncommon and (start < 0 or text[end : m.start()] == " "):
            start, end = (m.start() if start < 0 else start), m.end()
        elif start >= 0 or (low not in FILLERS and low not in _PLACE_LEADS):
            break  # the place ended, or the answer opens with something else ("the one by the lake")
    if start >= 0 and len(text[start:end].split()) <= 3:
        st.claim(start, end, Category.GEO)


def scan(st: ScanState) -> None:
    """Claim the ids and addresses the caller gives in answer to the agent's questions."""
    for a in st.turns.answers():
        if "GEO" in a.kinds:
            _address(st, a)
        if "CITY" in a.kinds:
            _city(st, a)
        if "DATE" in a.kinds:
            _date(st, a)
        if "EMAIL" in a.kinds:
            _email(st, a)
        if "AGE" in a.kinds:
            _age(st, a)
        ids = [k for k in a.kinds if k in _ID_KINDS]
        if ids:
            # "insurance card": the first kind names what the second is; "número" (PHONE) is any
            # number: "número de expediente" is an MRN
            _ident(st, a, next((k for k in ids if k != "PHONE"), ids[0]))


def _has_turns(st: ScanState) -> bool:
    return bool(st.turns.turns)


# The labels are claimed before every other scanner; the answers after those whose patterns prove
# themselves, before the spoken-number and cue-word scans that would read them without the question.
LABELS = Scanner("labels", _has_turns, _labels)
SCANNER = Scanner("answers", _has_turns, scan)
