"""Person names in free text: cue phrases, name lists, "Last, First", spelled-out and non-Latin names.

Doctors ("Dr. Patel") and the agent introducing themself in a transcript are skipped: they are
workforce, not the patient.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from ctm_hipaa.phi.claims import Claims, Span
from ctm_hipaa.phi.fold import CuePattern, Folded
from ctm_hipaa.phi.lexicon import alternation, pairs, words
from ctm_hipaa.phi.model import Category
from ctm_hipaa.phi.spoken_forms import SPELLING_WORDS, WEAK_LETTERS, spelled
from ctm_hipaa.phi.turns import FILLERS, ROLE_WORDS, Role, Turn, Turns, parse

FIRST_NAMES = words("first_names")
SURNAMES = words("surnames")

# A word: letters of any script, with inner apostrophes/hyphens ("O'Neill", "Bailey-Compton").
_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Spelled-out names in a script without single-letter words of its own ("Ж-У-К"); Latin letters
# said one by one ("s m i t h", "B-A-R-T-O-N", "o as in oscar") are phi/spoken_forms.spelled's
_SPELLED = re.compile(r"(?<![\w-])[^\W\d_a-zA-Z](?:-[^\W\d_a-zA-Z]){1,5}(?![\w-])")
_SPELLING_REACH = 60  # characters around a single letter where the spelling it is part of is read
_RELATIVES = alternation("kinship_words")
_CUE = CuePattern(
    r"\b(?:" + alternation("name_cues") + r"|(?:my |his |her |their |the )?(?:" + _RELATIVES + r"))"
    r"(?![\w'])(?:[,:]|\s+[-–](?= ))?"
)
# Cues strong enough to accept a capitalised word that is in no name list.
# "re:" is weak: it introduces drugs and topics ("re: Suboxone") as often as names.
_STRONG = re.compile(alternation("strong_name_cues") + "|" + _RELATIVES, re.IGNORECASE)


@lru_cache(maxsize=512)
def _strong(cue: str) -> bool:
    """True when the matched cue phrase is a strong one (cue phrases repeat: cached)."""
    return _STRONG.search(cue) is not None


# "<Name> called / wants / needs ..." at the start of a note sentence.
_SUBJECT_VERBS = (
    "called|wants|needs|asked|asks|asking|requested|requesting|cancell?ed|rescheduled|confirmed|"
    "says|said|reports|reported|states|stated|would like|left a|came in|is requesting|is asking|"
    "is calling|was seen|no-showed|missed|need|it's for|calling about|calling for|re(?=:)"
)
_SUBJECT = re.compile(
    # the opening lookbehind holds wherever one of the alternatives can start: a cheap first test
    r"(?<![^.|;:\n ])(?:^|(?<=[.|;:\n])\s*|(?<=\. ))(?:(?:Caller|Patient|Pt|Client|Customer)\s+)?"
    r"([^\W\d_][\w'’-]*(?:\s+[A-Z]\.)?(?:\s+[^\W\d_][\w'’-]*){0,2})\s+(?:\([^)\n]{1,20}\)\s+)?"
    r"(?:" + _SUBJECT_VERBS + r")\b"
)
# The verbs up to the optional letter ("cancel"): the text must contain one for _SUBJECT to match.
_SUBJECT_GATE = tuple(v.partition("l?")[0].replace("(?=:)", ":") for v in _SUBJECT_VERBS.split("|"))
# "Camila Fernandes, camila@example.com, (914) ...": a contact line
# Name words are at most 40 characters: every capital after a hyphen of "A-A-A..." opens a
# candidate, and an unbounded word would read to the end of the run from each.
_CONTACT = re.compile(
    r"(?=[A-Z])(?<![\w.])([A-Z][\w'’-]{1,40}(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w'’-]{1,40}){1,2})(?:,\s+|\s+<)"
    r"(?:[\w.+-]+@|\(?\d{3}\)?[\s.-]?\d{3})"
)
# "Tadeo Villanueva (grandfather)": a relationship in brackets right after the words it describes
_KIN_PAREN = re.compile(r" \((?:great-|step-?)?(?:" + _RELATIVES + r")\)", re.IGNORECASE)
_STOP = words("name_stop_words")
# Words that end or follow an organisation's name ("New Dawn Addiction Treatment"): not a person.
_ORG_WORDS = words("org_words")
# Name particles written lower case inside a name ("Van der Berg", "De la Cruz").
_PARTICLES = words("name_particles")
# Lower-case text (speech-to-text) has no capitals to go by: after a strong cue, any word that is
# not a common English/Spanish word is taken as a name part.
_COMMON = words("common_words")
_AMBIGUOUS_FIRST = words("ambiguous_first_names")
# Surnames that are also everyday words: alone after a weak cue ("for Young adults"), not a name.
_WORD_SURNAMES = words("word_surnames")
_TITLES = words("doctor_titles")
_NONLATIN = re.compile(r"[^\x00-\u024f\u1e00-\u1eff\W\d_]")


def _is_nonlatin(tok: str) -> bool:
    return not tok.isascii() and bool(_NONLATIN.search(tok))


def _capword(tok: str) -> bool:
    """A capitalised (or ALL-CAPS) word that may be a name part."""
    if not tok or not tok[0].isalpha():
        return False
    if tok.isascii():
        return tok[0].isupper() and len(tok) >= 2 and tok.lower() not in _STOP
    if _is_nonlatin(tok):
        return True
    return tok[0].isupper() and tok.lower() not in _STOP and len(tok) >= 2


def _foreign(tok: str) -> bool:
    """A capitalised Latin word with diacritics ("Hương", "Mareš"): in English text, a name."""
    return tok[0].isupper() and not tok.isascii() and not _is_nonlatin(tok) and tok.lower() not in _STOP


# First words of the cue phrases: the cue regex is tried only where a token is one of these, which
# is much cheaper than running its long alternation at every position of a long transcript.
_CUE_HEADS = words("name_cue_heads")
# First two letters of every kinship word: a set test before the kinship regex.
_KIN_HEADS = frozenset(
    {"ti", "tí"}
    | {w[:2] for w in re.sub(r"\[[^]]*\]|[?()]", "", _RELATIVES.replace("s?", "")).split("|") if w}
)
_RELATIVE_WORD = re.compile(r"(?:" + _RELATIVES + r")$", re.IGNORECASE)


def _cue_offset(low: str) -> int:
    """Where in a lower-case token a name cue may start: 0, the kinship word's offset, or -1."""
    if low in _CUE_HEADS:
        return 0
    tail = low.rsplit("-", 1)[-1] if "-" in low else low  # "great-aunt": the kinship word
    if tail[:2] not in _KIN_HEADS or not _RELATIVE_WORD.match(tail):
        return -1
    return len(low) - len(tail)


def _cue_matches(f: Folded, toks: list[tuple[int, int, str]], lows: list[str]) -> list[re.Match[str]]:
    """Non-overlapping matches of the name cue regex, tried at plausible token starts only.

    `lows` holds each token lower-cased (computed once per string by `scan_names`).
    """
    out: list[re.Match[str]] = []
    end = 0
    # The regex runs at the few cue words only. Words repeat, so each distinct word is classified
    # once; the dict is local to this call (tokens may be PHI: nothing outlives a call).
    offsets: dict[str, int] = {}
    for k, low in enumerate(lows):
        off = offsets.get(low)
        if off is None:
            # inline set tests first: most words are neither a cue head nor a kinship word
            kin_like = low in _CUE_HEADS or "-" in low or low[:2] in _KIN_HEADS
            off = offsets[low] = _cue_offset(low) if kin_like else -1
        if off < 0:
            continue
        s = toks[k][0]
        if s < end:
            continue
        m = _CUE.match(f, s + off)
        if m is not None:
            out.append(m)
            end = m.end()
    return out


_LOWER_CUE = CuePattern(
    r"\b(?:"
    + alternation("lower_case_name_cues")
    + r"|(?:my|mi|for my|para mi|his|her)\s+(?:great[- ])?(?:"
    + _RELATIVES
    + r"))\s+"
)


# Cues that introduce the patient or caller: "Last, First" after them needs no name list.
_PATIENT_CUE = re.compile(r"\b(?:pt|patient|re|caller|guardian|parent|name)\b", re.IGNORECASE)
# "re: Kowalczyk, Ingrid": after a weak cue, the "Last, First" shape still marks a name.
# The surname may open with particles: "re: Van der Linde, Jorunn", "RE: ST. CLAIR, DESMOND".
_LAST_FIRST = re.compile(r"((?:[^\W\d_]+\.? ){0,2})([^\W\d_][\w'’-]+), ([^\W\d_][\w'’-]+)(?![\w'’-]| [A-Z])")


def _last_first(cue: str, text: str, p: int) -> bool:
    """After "re:", two uncommon words in "Last, First" order are a name ("re: Suboxone" is not)."""
    m = _LAST_FIRST.match(text, p) if cue[:3].lower() == "re:" else None
    return (
        m is not None
        and all(w.rstrip(".").lower() in _PARTICLES for w in m.group(1).split())
        and not any(w.lower() in _COMMON for w in m.group(2, 3))
    )


_KIN_CUE = re.compile(r"(?:" + _RELATIVES + r")[,:]?$", re.IGNORECASE)


def _kin_name(text: str, tok: tuple[int, int, str]) -> bool:
    """A capitalised listed first name right after a kinship word, not a month before a day number."""
    w = tok[2]
    return w[0].isupper() and w.lower() in FIRST_NAMES and not text[tok[1] : tok[1] + 3].strip()[:1].isdigit()


def _mostly_lower(text: str) -> bool:
    """Speech-to-text style: letters but (almost) no capitals."""
    head = text[:400]
    letters = sum(map(str.isalpha, head))
    upper = sum(map(str.isupper, head))
    return letters >= 20 and upper * 50 <= letters


# Speaker labels that name a role, not a person ("Visitor", "web user", "Front Desk", "Inbound"),
# and the words that name a speaker's side ("Dispatcher", "Llamante": phi/turns.py).
_ROLE_WORDS = words("speaker_roles") | ROLE_WORDS


def is_person_label(label: str, agent_names: frozenset[str]) -> bool:
    """True when a chat/SMS speaker label (`chat_messages[i].from`, "Tomasz:") is a person's name.

    Role words ("Visitor", "Front Desk"), numbered guests and the payload's agent are not.
    """
    words = label.split()
    if not 1 <= len(words) <= 3 or len(label) > 40:
        return False
    for w in words:
        low = w.lower()
        if not _TOKEN.fullmatch(w) or low in _ROLE_WORDS or low in _COMMON or low in _STOP:
            return False
    return not (words[0].lower() in agent_names and (len(words) == 1 or words[-1].lower() in agent_names))


def is_name_key(key: str, agent_names: frozenset[str]) -> bool:
    """True when a mapping key is shaped like a person's name ("Dana Whitfield" as a custom field).

    Two or three capitalised words, none a role, common, organisation or cue word.
    """
    words = key.split()
    return (
        2 <= len(words) <= 3
        and all(w[0].isupper() and len(w) >= 2 and w.lower() not in _ORG_WORDS for w in words)
        and is_person_label(key, agent_names)
    )


def is_listed_name(text: str) -> bool:
    """True when a word of `text` is in the first-name or surname lists."""
    return any(w.lower() in FIRST_NAMES or w.lower() in SURNAMES for w in text.split())


def speaker_names(turns: Turns, agent_names: frozenset[str]) -> list[Span]:
    """Speaker labels that are person names: after a message time ("[4:24 AM] Tomasz:"), or a
    listed name that recurs as a label (a chat thread). Other recurring labels are roles
    ("Dispatcher:", "speaker 1:"), and the answering agent is workforce.
    """
    out: list[Span] = []
    named: dict[str, bool] = {}  # labels repeat: each is judged once (local: labels may be PHI)
    for t in turns.turns:
        label = turns.label(t)
        person = named.get(label)
        if person is None:
            person = named[label] = is_person_label(label, agent_names)
        if person and (t.timed or (turns.recurs(t) and is_listed_name(label))):
            out.append((t.label_start, t.label_end, Category.NAME))
    return out


# Words that end a name read from a lower-case answer: numbers and months ("gustavo peralta ten
# ten forty one", "bao nguyen april thirtieth"), like the common and function words.
_NUMBERS_MONTHS = frozenset(pairs("number_words")) | words("months")
_SPELLED_TOKEN = re.compile(r"[^\W\d_](?:-[^\W\d_])+")
_AND = frozenset(("and", "y", "e", "&"))


class NameScanner:
    """NAME spans of one text, skipping the spans the other scanners claimed.

    `scan` runs the parts in order; each part may also be run alone (the unit tests do). A part
    marks the tokens of the names it finds as used, so a later part does not find them again.
    Tokens are words of any script; `lows` holds each one lower-cased once.
    """

    __slots__ = (
        "_agents",
        "_claimed",
        "_f",
        "_n",
        "_singles",
        "_text",
        "_tok_at",
        "_turns",
        "lows",
        "spans",
        "toks",
        "used",
    )

    def __init__(
        self, f: Folded, claimed: Claims, agent_names: frozenset[str], turns: Turns | None = None
    ) -> None:
        self._f = f
        self._text = text = f.text
        self._claimed = claimed
        self._agents = agent_names
        self.toks = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]
        self.lows = [t[2].lower() for t in self.toks]  # each token lower-cased once, shared by the parts
        self._n = len(self.toks)
        self.used = [False] * self._n
        self.spans: list[Span] = []
        self._tok_at = {t[0]: k for k, t in enumerate(self.toks)}
        # the speaker turns: the pipeline parses them once per text for every scanner
        self._turns = turns if turns is not None else parse(f, agent_names)
        self._singles = [i for i, t in enumerate(self.toks) if len(t[2]) == 1]

    def scan(self) -> list[Span]:
        """Every part in order: the NAME spans found."""
        self.speaker_labels()
        self.nonlatin_runs()
        self.answers()
        self.cued()
        self.contact_lines()
        self.kin_brackets()
        self.sentence_subjects()
        self.listed()
        self.initials()
        if _mostly_lower(self._text):
            self.lowercase()
        self.spelled()
        return self.spans

    # ------------------------------------------------------------------------------------------
    # the tests the parts share

    def _initial(self, k: int) -> bool:
        t = self.toks[k][2]
        return len(t) == 1 and t.isupper() and self._text[self.toks[k][1] : self.toks[k][1] + 1] == "."

    def _doctorish(self, k: int) -> bool:
        # "Dr. Patel", "Dr Lindqvist", "Doctor Ruiz", "Dr. A. Patel"
        j = k - 1
        while j >= 0 and self._initial(j):
            j -= 1
        return j >= 0 and self.lows[j] in _TITLES and self.toks[j][1] + 2 >= self.toks[j + 1][0]

    def _agent_intro(self, k: int) -> bool:
        # "Agent: ..., this is Kim speaking": the agent introducing themself, not the caller
        text, toks = self._text, self.toks
        p = toks[k][0]
        turn = self._turn_at(p)
        if turn is None or turn.role is not Role.AGENT:
            return False
        q = turn.body_start
        tail = text[toks[k][1] : toks[k][1] + 12].lower()
        before = text[max(q, p - 16) : p].lower()
        return (
            "this is" in before
            or "my name is" in before
            or "speaking" in tail
            or (self.lows[k] in self._agents and ("name" in before or "i'm" in before))
        )

    def _turn_at(self, pos: int) -> Turn | None:
        """The speaker turn whose body holds `pos`, if any."""
        turns = self._turns.turns
        i = bisect_right(self._turns.body_starts, pos) - 1
        return turns[i] if i >= 0 and pos < turns[i].body_end else None

    def _gap(self, k: int) -> str:
        return self._text[self.toks[k - 1][1] : self.toks[k][0]]

    def _emit(self, i: int, j: int) -> None:
        toks, lows, n, text = self.toks, self.lows, self._n, self._text
        s, e = toks[i][0], toks[j][1]
        if i == j and lows[i] in self._agents:
            return  # "Hi Kim" to the agent who answered: workforce, not PHI
        last = lows[j]
        surname_law = last == "law" and j > i and (lows[i] in FIRST_NAMES or self._initial(i))
        org_next = j + 1 < n and self._gap(j + 1) == " " and toks[j + 1][2][0].isupper()
        if (last in _ORG_WORDS and not surname_law) or (org_next and lows[j + 1] in _ORG_WORDS):
            # "New Dawn Addiction Treatment", "Hargrove Law": an organisation, not a person; but
            # "Wei Law", "W. Law" is a first name (or an initial) and the surname Law
            return
        if text.startswith(("/", " & ", " and Sons"), e):
            return  # "Bright Beginnings OB/GYN", "Hargrove & Pike": a business name
        if self._claimed.free(s, e):
            self.spans.append((s, e, Category.NAME))
            for k in range(i, j + 1):
                self.used[k] = True

    def _surname_only(self, i: int, k: int) -> bool:
        # tokens i..k-1 are one surname: a word, after particles ("Del Toro", "St. John")
        return all(self.lows[c] in _PARTICLES for c in range(i, k - 1))

    def _extend(self, i: int, allow_comma: bool, cued: bool = False) -> int:
        """Last token index of a name starting at i (i itself must be a name word or initial).

        `cued`: a patient cue precedes ("pt", "re:"), so "Last, First" needs no name list.
        """
        toks, lows, n = self.toks, self.lows, self._n
        j = i
        count = 1
        k = i + 1
        while k < n and count < 4:
            g = self._gap(k)
            tok = toks[k][2]
            if (
                g.strip() == ","
                and allow_comma
                and self._surname_only(i, k)
                and _capword(tok)
                and not self._initial(k)
            ):
                # "Ryan, Frederick": accept when one side is a known name and no capitalised word follows
                after_cap = k + 1 < n and self._gap(k + 1) == " " and _capword(toks[k + 1][2])
                first_like = lows[k] in FIRST_NAMES or _is_nonlatin(tok) or _foreign(tok)
                last_like = lows[k - 1] in SURNAMES or _is_nonlatin(toks[k - 1][2])
                plain = cued and not {lows[k], lows[k - 1]} & (_COMMON | _ORG_WORDS)
                if (first_like or last_like or plain) and not after_cap:
                    return k
                break
            if g == ". " and lows[k - 1] == "st":
                g = " "  # "St. John": a saint's-name surname, not a sentence end
            if g not in (" ", ". ") or (g == ". " and not self._initial(k - 1)):
                break
            if self._initial(k) or _capword(tok):
                j = k
                count += 1
                k += 1
                continue
            if lows[k] in _PARTICLES:
                # "Van der Berg", "De la Cruz", "van der Berg": particles, then a capitalised word
                c = k + 1
                while c < n and c - k < 3 and lows[c] in _PARTICLES and self._gap(c) == " ":
                    c += 1
                if c < n and self._gap(c) == " " and _capword(toks[c][2]):
                    j = c
                    count += 1
                    k = c + 1
                    continue
            break
        return j

    def _start_ok(self, k: int, strong: bool) -> bool:
        toks, lows, n = self.toks, self.lows, self._n
        tok = toks[k][2]
        if not (_capword(tok) or self._initial(k)) or self._doctorish(k) or self._agent_intro(k):
            return False
        if tok.isupper() and len(tok) <= 4 and not _is_nonlatin(tok) and not self._initial(k):
            # an acronym after a cue ("Pt MBI", "pt ER"), unless ALL-CAPS names ("PT WOLF ROSA", "ST. JOHN")
            nxt = toks[k + 1][2] if k + 1 < n else ""
            if not (
                lows[k] in SURNAMES
                or (lows[k] == "st" and self._text.startswith(".", toks[k][1]))
                or lows[k] in FIRST_NAMES
                or (nxt.isupper() and (nxt.lower() in FIRST_NAMES or nxt.lower() in SURNAMES))
            ):
                return False
        low = lows[k]
        return (
            strong
            or self._initial(k)
            or low in FIRST_NAMES
            or low in SURNAMES
            or _is_nonlatin(tok)
            or _foreign(tok)
        )

    # ------------------------------------------------------------------------------------------
    # the parts, in the order `scan` runs them

    def speaker_labels(self) -> None:
        """Chat and transcript speaker labels that are names ("[4:24 AM] Tomasz: ...")."""
        free = self._claimed.free
        self.spans.extend(sp for sp in speaker_names(self._turns, self._agents) if free(sp[0], sp[1]))

    def nonlatin_runs(self) -> None:
        """Runs of non-Latin words (CJK, Hangul, Greek, Cyrillic ...): in an English CTM record, names."""
        toks, n = self.toks, self._n
        k = 0 if not self._text.isascii() else n
        while k < n:
            if _is_nonlatin(toks[k][2]) and not self.used[k]:
                j = k
                while j + 1 < n and _is_nonlatin(toks[j + 1][2]) and self._gap(j + 1).strip() in ("", ","):
                    j += 1
                self._emit(k, j)
                k = j + 1
                continue
            k += 1

    def answers(self) -> None:
        """The caller's answer to a name question ("who am I speaking with?", "patient name", "cómo se
        llama", "and you are"): after fillers ("yeah it's", "la mamá", "patient is"), a capitalised
        name as the other parts read it ("Whitfield, Dana"), or in lower case the words up to the
        first common, function or number word (the question stands in for a name list). Two names
        joined by "and" are both read ("amari and ayo").
        """
        toks, lows, n = self.toks, self.lows, self._n
        found = self._turns.answers_of("NAME")
        starts = [t[0] for t in toks] if found else []
        for a in found:
            q = bisect_left(starts, a.start)
            first = q
            while q < n and q - first < 6 and toks[q][1] <= a.end and self._answer_filler(q):
                q += 1
            for _ in range(3):  # at most three names in one answer ("names of the kids?")
                if q >= n or toks[q][1] > a.end or self.used[q]:
                    break
                if self._start_ok(q, True):
                    j = self._extend(q, allow_comma=True)
                else:
                    j = self._lower_name(q, a.end)
                if j < q:
                    break
                self._emit(q, j)
                q = j + 2  # "amari and ayo okafor-reyes": a second name after "and"
                if not (q < n and lows[q - 1] in _AND and self._gap(q - 1) == " " and self._gap(q) == " "):
                    break

    def _answer_filler(self, k: int) -> bool:
        # "yeah it's", "this is", "their mom", "la mamá", "patient is", "mister"
        low = self.lows[k]
        return low in FILLERS or (low[:2] in _KIN_HEADS and _RELATIVE_WORD.match(low) is not None)

    def _name_word(self, k: int) -> bool:
        low = self.lows[k]
        return not (
            len(low) < 2
            or low in _COMMON
            or low in _STOP
            or low in FILLERS
            or low in _NUMBERS_MONTHS
            or low in _ROLE_WORDS
            or _SPELLED_TOKEN.fullmatch(low) is not None
            or (low[:2] in _KIN_HEADS and _RELATIVE_WORD.match(low) is not None)
        )

    def _lower_name(self, q: int, end: int) -> int:
        """Last token of a name at `q` read without capitals (q - 1 when none): name words and inner
        particles ("anselmo de la garza"), at most five, up to `end`."""
        toks, lows, n = self.toks, self.lows, self._n
        j = q - 1
        k = q
        while k < n and k - q < 5 and toks[k][1] <= end:
            if k > q and self._gap(k) != " ":
                break
            if lows[k] in _PARTICLES and k > q:
                c = k
                while c + 1 < n and c - k < 3 and lows[c + 1] in _PARTICLES and self._gap(c + 1) == " ":
                    c += 1
                if c + 1 < n and toks[c + 1][1] <= end and self._gap(c + 1) == " " and self._name_word(c + 1):
                    j = k = c + 1
                    k += 1
                    continue
                break
            if not self._name_word(k):
                break
            j = k
            k += 1
        if j >= q and k < n and self._gap(k) == " " and lows[k] in _ORG_WORDS:
            return q - 1  # "walgreens pharmacy on main": a business answers, not a person
        return j

    def cued(self) -> None:
        """Capitalised words after a cue phrase ("my name is", "Pt", "Mrs.", "my son"), "Last, First" too."""
        text, lows, toks, n = self._text, self.lows, self.toks, self._n
        for m in _cue_matches(self._f, toks, lows):
            p = m.end()
            while p < len(text) and text[p] == " ":
                p += 1
            q = self._tok_at.get(p)
            if q is None or self.used[q]:
                continue
            cue = m.group(0)
            if not (_capword(toks[q][2]) or self._initial(q)) and lows[q] not in _PARTICLES:
                # the common case ("for the", "with my"): start_ok fails and no particle opens a
                # surname, so only the kinship branch below can apply; `strong` and `cued` are not needed
                if _kin_name(text, toks[q]) and _KIN_CUE.search(cue):
                    # "my son Jun": a first name that is also a word
                    self._emit(q, self._extend(q, allow_comma=False))
                continue
            strong = _strong(cue) or _last_first(cue, text, p)
            cued = _PATIENT_CUE.search(cue) is not None
            if self._start_ok(q, strong):
                j = self._extend(q, allow_comma=True, cued=cued)
                if strong or j > q or lows[q] not in _WORD_SURNAMES:
                    self._emit(q, j)
            elif lows[q] in _PARTICLES:
                # "Patient: de la Cruz, Hannelore", "pt Del Toro": particles open the surname
                c = q
                while c + 1 < n and lows[c] in _PARTICLES and self._gap(c + 1) == " ":
                    c += 1
                j = self._extend(c, allow_comma=True, cued=cued) if c > q and self._start_ok(c, strong) else q
                if j > c or (j == c and lows[c] in SURNAMES):
                    self._emit(q, j)
            elif _kin_name(text, toks[q]) and _KIN_CUE.search(cue):
                self._emit(q, self._extend(q, allow_comma=False))  # "my son Jun", as above

    def contact_lines(self) -> None:
        """The name opening a contact line: "Camila Fernandes, camila@example.com, (914) ..."."""
        for m in _CONTACT.finditer(self._text):
            q = self._tok_at.get(m.start(1))
            if q is not None and not self.used[q] and self._start_ok(q, True):
                self._emit(q, self._extend(q, allow_comma=False))

    def kin_brackets(self) -> None:
        """The words before a relationship in brackets: "Tadeo Villanueva (grandfather)"."""
        text, toks, lows = self._text, self.toks, self.lows
        tok_end = {t[1]: k for k, t in enumerate(toks)} if " (" in text else {}
        for m in _KIN_PAREN.finditer(text) if tok_end else ():
            j = tok_end.get(m.start(), -1)
            i = j
            while i >= 0 and j - i < 3 and _capword(toks[i][2]) and lows[i] not in _COMMON:
                if i < j and self._gap(i + 1) != " ":
                    break
                i -= 1
            if i < j and not self.used[i + 1] and self._start_ok(i + 1, True):
                self._emit(i + 1, j)

    def sentence_subjects(self) -> None:
        """A name opening a note sentence: "<Name> called / wants / needs ..."."""
        text = self._text
        for m in _SUBJECT.finditer(text) if any(v in text for v in _SUBJECT_GATE) else ():
            q = self._tok_at.get(m.start(1))
            if q is None or self.used[q]:
                continue
            words = m.group(1).split()
            if len(words) == 1 and words[0].endswith("s") and words[0].lower() not in FIRST_NAMES:
                continue  # "Prefers calls ...": a verb, not a name
            shaped = all(_capword(w.rstrip(".")) or (len(w) == 2 and w.endswith(".")) for w in words)
            if shaped and self._start_ok(q, True):
                self._emit(q, self._extend(q, allow_comma=False))

    def listed(self) -> None:
        """A listed first name (+ initial + surname), or a listed surname after a capitalised word."""
        toks, lows = self.toks, self.lows
        for k in [i for i, t in enumerate(toks) if t[2][0].isupper() or not t[2].isascii()]:
            tok = toks[k][2]
            if self.used[k] or not _capword(tok):
                continue
            low = lows[k]
            if low in FIRST_NAMES or _foreign(tok):
                j = self._extend(k, allow_comma=False)
                if j == k and (low in _AMBIGUOUS_FIRST or (tok.isupper() and len(tok) > 1)):
                    continue
                start = k
            elif (
                low in SURNAMES
                and k > 0
                and not self.used[k - 1]
                and _capword(toks[k - 1][2])
                and self._gap(k) == " "
            ):
                start, j = k - 1, k
            else:
                continue
            if self._doctorish(start) or self._agent_intro(start):
                continue
            self._emit(start, j)

    def initials(self) -> None:
        """An initial and a capitalised word: "M. Khan", "R. Van der Berg"."""
        toks, n = self.toks, self._n
        for k in [i for i in self._singles if i < n - 1]:
            if (
                not self.used[k]
                and self._initial(k)
                and self._gap(k + 1) == ". "
                and _capword(toks[k + 1][2])
                and not self._doctorish(k)
                and not (k > 0 and self._initial(k - 1))
                and not self._agent_intro(k)
            ):
                j = self._extend(k, allow_comma=False)
                if j > k:
                    self._emit(k, j)

    def lowercase(self) -> None:
        """Names in lower-case transcripts: after a strong cue, the words that are not common words.

        `scan` runs this part only on mostly lower-case text (speech-to-text style).
        """
        text, toks, n = self._text, self.toks, self._n
        for m in _LOWER_CUE.finditer(self._f):
            q = self._tok_at.get(m.end())
            if q is None or self.used[q]:
                continue
            j = q - 1
            k = q
            while k < n and k - q < 4:
                w = self.lows[k]
                if k > q and text[toks[k - 1][1] : toks[k][0]] not in (" ", ". " if k - 1 == q else " "):
                    break
                if w in _PARTICLES and k > q and k + 1 < n and self.lows[k + 1] not in _COMMON:
                    k += 1
                    continue
                if len(w) == 1 and k == q and text.startswith(". ", toks[k][1]):
                    j = k  # "my name's h. volkov": an initial, then the surname
                    k += 1
                    continue
                if w in _COMMON or w in _STOP or len(w) < 2:
                    break
                j = k
                k += 1
            if j >= q:
                self._emit(q, j)

    def spelled(self) -> None:
        """Spelled-out names, and the word each spells where the text says it.

        "t h e r i a u l t", "M C G R A T H", "y-b-a-r-r-a", "o as in oscar apostrophe s h e a",
        "ve chica i doble ele a erre erre e a ele" (phi/spoken_forms.spelled, which leaves "m r i"
        and ids with digits alone), non-Latin "Ж-У-К"; then "theriault" in "madison theriault t h
        e r i a u l t" and its other mentions, and a listed name said just before a spelling.
        """
        toks, lows = self.toks, self.lows
        # Where a spelling may be: a single letter that is no word ("l i u", "s as in sam"), a
        # hyphen after one letter ("y-b-a"), a letter name ("doble ve a ele"). The spelling scan
        # reads around these only: "a", "i" and "y" are in most sentences.
        marks = [
            t
            for t, w in zip(toks, lows, strict=True)
            if (len(w) == 1 and w not in WEAK_LETTERS) or w[1:2] == "-" or w in SPELLING_WORDS
        ]
        if not marks:
            return
        windows: list[tuple[int, int]] = []
        for s, e, _ in marks:  # the longest run item is a few words: "o as in oscar apostrophe"
            s, e = max(0, s - _SPELLING_REACH), e + _SPELLING_REACH
            if windows and s <= windows[-1][1]:
                windows[-1] = (windows[-1][0], e)
            else:
                windows.append((s, e))
        free = self._claimed.free
        said: set[str] = set()
        runs = Claims()
        for run in spelled(self._f, windows):
            if run.name and free(run.s, run.e):
                self.spans.append((run.s, run.e, Category.NAME))
                said.add(run.chars.replace("'", "").replace("-", ""))
                runs.add(run.s, run.e)
                k = self._tok_at.get(run.s, 0) - 1  # "brennan o as in oscar ...": the name said, then spelled
                if k >= 0 and self._gap(k + 1) == " " and self._listed_word(k):
                    self._emit(k - 1 if k and self._gap(k) == " " and self._listed_word(k - 1) else k, k)
        for m in (m for s, e in windows for m in _SPELLED.finditer(self._text, s, e)):
            if free(m.start(), m.end()):
                self.spans.append((m.start(), m.end(), Category.NAME))
        said = {w for w in said if len(w) >= 3}
        for k, low in enumerate(self.lows) if said else ():
            bare = low.replace("'", "").replace("’", "").replace("-", "")
            if self.used[k] or bare not in said or not runs.free(*self.toks[k][:2]):
                continue  # (the spelling "B-A-R-T-O-N" is one word too)
            self._emit(k - 1 if k and self._gap(k) == " " and self._listed_word(k - 1) else k, k)  # "madison"

    def _listed_word(self, k: int) -> bool:
        """True for an unused token in a name list and no common or stop word ("brennan", not "mister")."""
        w = self.lows[k]
        return (
            not self.used[k] and (w in FIRST_NAMES or w in SURNAMES) and w not in _COMMON and w not in _STOP
        )
