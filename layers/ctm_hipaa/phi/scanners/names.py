"""Person names in free text: cue phrases, name lists, "Last, First", spelled-out and non-Latin names.

Doctors ("Dr. Patel") and the agent introducing themself in a transcript are skipped: they are
workforce, not the patient.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from functools import lru_cache

from ctm_hipaa.phi.claims import Claims, Span
from ctm_hipaa.phi.fold import CuePattern, Folded
from ctm_hipaa.phi.keys import classify
from ctm_hipaa.phi.lexicon import (
    alternation,
    bare_entries,
    bare_words,
    entries,
    keyed_alternations,
    pairs,
    spelled_out,
    unaccented,
    words,
)
from ctm_hipaa.phi.model import Category
from ctm_hipaa.phi.scanners.health import DRUG_NAMES, contains_health_information
from ctm_hipaa.phi.scanners.script_names import han_word_is_sentence, script_of
from ctm_hipaa.phi.scanners.script_names import read as read_script_names
from ctm_hipaa.phi.scanners.vietnamese import is_vietnamese
from ctm_hipaa.phi.scanners.vietnamese import names as vietnamese_names
from ctm_hipaa.phi.spoken_forms import CARDINALS, HESITATIONS, SPELLING_WORDS, WEAK_LETTERS, Spelled, spelled
from ctm_hipaa.phi.turns import FILLERS, ROLE_WORDS, SIDE_WORDS, Role, Turn, Turns, parse

FIRST_NAMES = words("first_names")
SURNAMES = words("surnames")
# The large public lists (US SSA + Census given names, Census surnames), most frequent first: they
# decide lower-case words after a cue, where capitals are no help. Capitalised prose keeps to the
# project's shorter lists above, whose every entry is a name before it is a word.
GIVEN_NAMES = bare_words("given_names")
_CENSUS = bare_entries("census_surnames")
CENSUS_SURNAMES = dict.fromkeys(_CENSUS)  # membership only: dicts of strings are untracked (bare_words)
# The commonest surnames: a frequent word among them may still end a lower-case name ("sakura
# law"), and a business word among the top 20,000 may be a person's surname ("DESTINY LAW").
_SURNAMES_3K = dict.fromkeys(_CENSUS[:3000])
_SURNAMES_20K = dict.fromkeys(_CENSUS[:20_000])
del _CENSUS

# A word: letters of any script, with inner apostrophes/hyphens ("O'Neill", "Bailey-Compton").
_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Spelled-out names in a script without single-letter words of its own ("Ж-У-К"); Latin letters
# said one by one ("s m i t h", "B-A-R-T-O-N", "o as in oscar") are phi/spoken_forms.spelled's
_SPELLED = re.compile(r"(?<![\w-])[^\W\d_a-zA-Z](?:-[^\W\d_a-zA-Z]){1,5}(?![\w-])")
_SPELLING_REACH = 60  # characters around a single letter where the spelling it is part of is read
_ECHO_REACH = 4  # words before a spelling where the word it spells may be said
_RELATIVES = alternation("kinship_words")
_CUE = CuePattern(
    r"\b(?:" + alternation("name_cues") + r"|(?:my |his |her |their |the )?(?:" + _RELATIVES + r")(?: of)?)"
    r"(?![\w'])(?:[,:]|\s+[-–](?= ))?"
)
# Cues strong enough to accept a capitalised word that is in no name list.
# "re:" is weak: it introduces drugs and topics ("re: Suboxone") as often as names.
# The kinship words themselves, for look-ups where the regex would only test a whole word
RELATIVE_WORDS = spelled_out("kinship_words")
_STRONG = re.compile(alternation("strong_name_cues"))
_CUE_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@lru_cache(maxsize=512)
def _strong(cue: str) -> bool:
    """True when the matched cue phrase is a strong one or names a relative (cue phrases repeat:
    cached)."""
    low = cue.lower()
    if _STRONG.search(low) is not None:
        return True
    words = _CUE_WORD.findall(low)
    return any(" ".join(words[i : i + n]) in RELATIVE_WORDS for n in (1, 2, 3) for i in range(len(words)))


def _kin_cue(cue: str) -> bool:
    """True when the cue phrase ends with a kinship word ("my son", "his daughter:", "con gái")."""
    words = _CUE_WORD.findall(cue.lower())
    if words and words[-1] in _KIN_LINKS:
        words.pop()  # "mom of", "nanay ko", "mamá de"
    return any(" ".join(words[-n:]) in RELATIVE_WORDS for n in (1, 2, 3) if len(words) >= n)


_KIN_LINKS = frozenset(("of", "de", "ko", "si"))


# "<Name> called / wants / needs ..." at the start of a note sentence, a bullet ("• ", "- ") or
# after a Markdown heading ("**Summary:** ").
_SUBJECT_VERBS = (
    "called|wants|needs|asked|asks|asking|requested|requesting|cancell?ed|rescheduled|confirmed|"
    "says|said|reports|reported|states|stated|would like|left a|came in|is requesting|is asking|"
    "is calling|was seen|no-showed|missed|need|it's for|calling about|calling for|re(?=:)"
)
_SUBJECT = re.compile(
    # the opening lookbehind holds wherever one of the alternatives can start: a cheap first test
    r"(?<![^.|;:\n *•])(?:^|(?<=[.|;:\n])\s*|(?<=\. ))(?:[*•·-]+[ \t]*)?"
    r"(?:(?:Caller|Patient|Pt|Client|Customer)\s+)?"
    r"([^\W\d_][\w'’-]*(?:\s+[A-Z]\.)?(?:\s+[^\W\d_][\w'’-]*){0,2})\s+(?:\([^)\n]{1,20}\)\s+)?"
    r"(?:" + _SUBJECT_VERBS + r")\b"
)
# The verbs up to the optional letter ("cancel"): the text must contain one for _SUBJECT to match.
_SUBJECT_GATE = tuple(v.partition("l?")[0].replace("(?=:)", ":") for v in _SUBJECT_VERBS.split("|"))
# What someone named in the caller's story did or will do ("marisol said", "luz told me", "becky
# will bring me"): see lower_subjects. Not "is" or "was": "ella is prescription only", "the crystal
# is cracked" (a drug, a word)
_SAID = frozenset(
    ("said", "says", "told", "called", "texted", "asked", "wants", "needs", "mentioned", "will", "has",
     "had", "can")
)  # fmt: skip
# "Camila Fernandes, camila@example.com, (914) ...": a contact line
# Name words are at most 40 characters: every capital after a hyphen of "A-A-A..." opens a
# candidate, and an unbounded word would read to the end of the run from each.
_CONTACT = re.compile(
    r"(?=[A-Z])(?<![\w.])([A-Z][\w'’-]{1,40}(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w'’-]{1,40}){1,2})(?:,\s+|\s+<)"
    r"(?:[\w.+-]+@|\(?\d{3}\)?[\s.-]?\d{3})"
)
# "Tadeo Villanueva (grandfather)": a relationship in brackets right after the words it describes
# (the bracketed word is looked up in RELATIVE_WORDS)
_KIN_PAREN = re.compile(r" \((?i:great-|step-?)?([^\W\d_]{2,20}(?:-[^\W\d_]{2,20})?)\)")
_STOP = words("name_stop_words") | words("languages")
# Words that end or follow an organisation's name ("New Dawn Addiction Treatment"): not a person.
_ORG_WORDS = words("org_words")
# Name particles written lower case inside a name ("Van der Berg", "De la Cruz").
_PARTICLES = words("name_particles")
# The commonest English/Spanish words (project-written): never a name part in lower-case text, nor
# one side of "Last, First" after a weak cue.
_COMMON = words("common_words")
# Frequent words of English, Spanish and Portuguese text that are words more than names (generated
# from wordfreq): in lower-case text they end a name, but capitalised they may be one ("Hope").
_FREQUENT = bare_words("frequent_words")
_AMBIGUOUS_FIRST = words("ambiguous_first_names")
# Surnames that are also everyday words: alone after a weak cue ("for Young adults"), not a name.
_WORD_SURNAMES = words("word_surnames")
_TITLES = words("doctor_titles")
# "patient_first=rose-carline": a field's key and its value, written into a note
_KEY_VALUE = re.compile(
    r"(?<![\w.])([A-Za-z][\w.]{1,40})=([^=&\s][^=&\n]{0,60}?)(?=[ \t]+[A-Za-z][\w.]{0,40}=|[&\n]|$)"
)
# An e-mail's sender line: 'From: "Malgorzata Lewandowska" <gosia.lew@yahoo.com>', "FROM: SOO-AH JUNG"
_FROM_LINE = re.compile(r"(?im)^[ \t]*from:[ \t]*\"?([^\"<\n@:]{2,60}?)\"?[ \t]*(<[^>\n]*@[^>\n]*>[ \t]*)?$")
_MAX_SENDER_WORDS = 4
_SIGN_OFF_AFTER = 2  # words of a message before its sign-off (a field's lone "Oscar" signs nothing)
# What stands before a message's sign-off: a sentence's end or a line break, or a dash or a
# thank-you ("- Tasha", "Thx Maeve", "thanks! -Bill")
_SIGN_OFF_LEAD = re.compile(
    r"(?:[.!?)\n][ \t]*|(?:^|\s)[-–—~][ \t]*|(?P<thanks>\b(?:thx|thanks|thank you|ty|cheers)[,!.]?[ \t]+))$",
    re.IGNORECASE,
)
# Medicines whose name is a given name too: never said again as the caller's name (see `echoes`)
_DRUG_NAMES = DRUG_NAMES | words("birth_control_brands")
_PROMPT_WORDS = 5  # an agent's turn of at most this many non-Latin words is a prompt, not a name
_LINE_BREAK = re.compile("\n")
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


# A name's word in Title case, as names are cased: "Dana", "LaDonna", "McCubbins", "O'Brien",
# "Okafor-Lee"; not "iPhone", "NASA" or "BlueCross"
_NAME_CASED = re.compile(
    r"(?:(?:Mc|Mac|La|Le|De|Da|Di|Du|Van|Von)(?=[A-Z])|[OD]['’](?=[A-Z]))?[A-Z][a-z]*(?:[-'’][A-Z]?[a-z]+)*"
)


def _name_cased(tok: str) -> bool:
    return (tok.isascii() and _NAME_CASED.fullmatch(tok) is not None) or (
        not tok.isascii() and tok[1:].islower()
    )


def _double_first(low: str) -> bool:
    """Two listed first names joined by a hyphen: "jean-robert", "anne-rose"."""
    head, sep, tail = low.partition("-")
    return bool(sep) and head in FIRST_NAMES and tail in FIRST_NAMES


def _foreign(tok: str) -> bool:
    """A capitalised Latin word with diacritics ("Hương", "Mareš"): in English text, a name."""
    return tok[0].isupper() and not tok.isascii() and not _is_nonlatin(tok) and tok.lower() not in _STOP


# First words of the cue phrases: the cue regex is tried only where a token is one of these, which
# is much cheaper than running its long alternation at every position of a long transcript.
_CUE_HEADS = words("name_cue_heads")
# First two letters of every kinship word: a set test before the kinship regex.
_KIN_HEADS = frozenset(w[:2] for w in RELATIVE_WORDS)


def _cue_offset(low: str) -> int:
    """Where in a lower-case token a name cue may start: 0, the kinship word's offset, or -1."""
    if low in _CUE_HEADS:
        return 0
    tail = low.rsplit("-", 1)[-1] if "-" in low else low  # "great-aunt": the kinship word
    if tail[:2] not in _KIN_HEADS or tail not in RELATIVE_WORDS:
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


_LOWER_CUES = keyed_alternations("lower_case_name_cues")
# Words before a kinship word in a lower-case cue ("my mom", "for my", "la mamá").
_POSSESSIVES = (
    "my",
    "mi",
    "for my",
    "para mi",
    "his",
    "her",
    "their",
    "our",
    "your",
    "su",
    "sus",
    "la",
    "el",
    "the",
)
# Where a punctuation cue may start: right after a word or number ("req: ", "11/22 - "); the
# character before is checked apart (a lookbehind here would be tested at every character).
_PUNCT_CUE = re.compile(r":|\.? [-–]")


def _leading_words(alt: str, after: str = "") -> list[tuple[str, bool]]:
    """The letters each branch of a cue alternative opens with, and whether they are its whole
    first word ("(?:hi|hey),? it's" -> hi, hey; "mr\\.?" -> mr, whole; "señora?" -> señor, a prefix).

    `after`: what follows the alternative, when it is a branch of a group."""
    alt = alt.removeprefix("\\b")
    if alt.startswith("(?:"):
        close = alt.index(")")
        rest = alt[close + 1 :]
        return [w for a in alt[3:close].split("|") for w in _leading_words(a, rest)]
    m = re.match(r"[^\W\d_]+", alt)
    if m is None:
        return []
    w, nxt = m.group(0), (alt[m.end() :] or after)
    if nxt.startswith("?"):
        return [(w[:-1], False)]  # "señora?": "señor" opens it too
    return [(w, nxt[:1] in ("", " ") or nxt.startswith(("\\.", ",")))]


# A word can open a lower-case cue only if it is a cue's first word, or starts with one whose
# first word goes on in the pattern ("i'?m", "señora?"); or if it is a kinship word ("mom kayleigh").
_OPENERS = {w for entry in entries("lower_case_name_cues") for w in _leading_words(entry.partition(": ")[2])}
_LOWER_OPEN_WORDS = frozenset(w for w, whole in _OPENERS if whole) | {p.split()[0] for p in _POSSESSIVES}
# ("great-aunt"); a one-letter start opens short words only ("i'm", "im")
_LOWER_OPEN_PREFIXES = tuple(sorted({w for w, whole in _OPENERS if not whole and len(w) > 1} | {"great"}))
_LOWER_OPEN_LETTERS = tuple(sorted(w for w, whole in _OPENERS if not whole and len(w) == 1))
# A cue before a lower-case name, by what it proves (see the data file): a self-introduction, a
# strong cue (a role, a title or a kinship word), a nickname phrase or a weak cue.
_LOWER_CUE = CuePattern(
    r"(?:(?<![\w'])(?P<intro>" + _LOWER_CUES["INTRO"] + r")"
    r"|(?<![\w'])(?P<listed>" + _LOWER_CUES["LISTED"] + r")"
    r"|(?<![\w'])(?P<strong>"
    + _LOWER_CUES["STRONG"]
    + r"|(?:(?:"
    + "|".join(_POSSESSIVES)
    + r")\s+)?(?:great[- ])?(?:"
    + _RELATIVES
    + r")(?:\s+(?:of|de|is|es|é|ko))?(?:\s+(?:po\s+)?si)?)"
    r"|(?<![\w'])(?P<nick>" + _LOWER_CUES["NICK"] + r")"
    r"|(?P<weak>" + _LOWER_CUES["WEAK"] + r"))"
    r"(?![\w'])(?:\s*+[:,]|\s++[-–])?\s+"
)


# Cues that introduce the patient or caller: "Last, First" after them needs no name list.
_PATIENT_CUE = re.compile(r"\b(?:pt|patient|re|caller|guardian|parent|name)\b", re.IGNORECASE)
# "re: Kowalczyk, Ingrid": after a weak cue, the "Last, First" shape still marks a name.
# The surname may open with particles: "re: Van der Linde, Jorunn", "RE: ST. CLAIR, DESMOND".
_LAST_FIRST = re.compile(r"((?:[^\W\d_]+\.? ){0,2})([^\W\d_][\w'’-]+), ([^\W\d_][\w'’-]+)(?![\w'’-]| [A-Z])")


# Words that stand between "this is" and "calling" and are no name ("this is just calling")
_NOT_CALLING = words("not_caller_words")
# What a caller says right after introducing themself by a name that is also a word ("it's bill i'm
# calling about the water heater")
_INTRO_GOES_ON = frozenset(("calling", "i'm", "im", "from", "again"))
# Words for a person that name lists hold as given names too ("the other guy's insurance")
_SOMEONE = frozenset(("guy", "lady", "man", "person", "patient", "baby", "kid", "other"))
# What a caller asks about for someone, named by their possessive ("ahmed's x-ray results")
_CARE_NOUNS = frozenset(
    (
        "appointment", "appt", "records", "record", "results", "prescription", "prescriptions", "meds",
        "medication", "medications", "shot", "shots", "x-ray", "xray", "labs", "lab", "referral",
        "chart", "surgery", "visit", "insurance", "vaccines", "vaccine", "physical", "test", "bloodwork",
    )
)  # fmt: skip
_REGIONS = words("place_regions")  # US states and countries
_FROM_WORDS = ("from ", " in ", " of ", " to ")


def _region_at(lows: list[str], i: int, before: str) -> bool:
    """True when the capitalised word `i`, with the word before it, names a state or a country and a
    preposition comes before ("from Jordan", "of South Carolina")."""
    if lows[i] in _REGIONS and before.endswith(_FROM_WORDS):
        return True
    return i > 0 and f"{lows[i - 1]} {lows[i]}" in _REGIONS


_CUSTOMER_CUES = frozenset(("cust", "customer", "client", "homeowner", "lead"))


def _last_first(cue: str, text: str, p: int) -> bool:
    """After "re:" or a word for the customer ("cust Ngata, Tevita"), two uncommon words in "Last,
    First" order are a name ("re: Suboxone" is not)."""
    m = (
        _LAST_FIRST.match(text, p)
        if cue[:3].lower() == "re:" or cue.lower().rstrip(".: ") in _CUSTOMER_CUES
        else None
    )
    return (
        m is not None
        and all(w.rstrip(".").lower() in _PARTICLES for w in m.group(1).split())
        and not any(w.lower() in _COMMON for w in m.group(2, 3))
    )


def _kin_name(text: str, tok: tuple[int, int, str]) -> bool:
    """A capitalised listed first name right after a kinship word, not a month before a day number."""
    w = tok[2]
    return w[0].isupper() and w.lower() in FIRST_NAMES and not text[tok[1] : tok[1] + 3].strip()[:1].isdigit()


_LINE_LABEL = re.compile(r"(?m)^[ \t]*[^\W\d_][\w .'-]{0,24}:")


_NAME_PREFIXES = frozenset(("st", "ste", "saint", "san", "santa", "mc", "mac", "o")) | words("name_particles")
_CAPS_LETTERS = 8  # letters a text needs before its lack of lower case says it is written in capitals


def _all_caps(text: str) -> bool:
    """Written in capitals throughout, as an answering service's message form is."""
    return not any(c.islower() for c in text) and sum(c.isalpha() for c in text) >= _CAPS_LETTERS


def _mostly_lower(text: str) -> bool:
    """Speech-to-text style: letters but (almost) no capitals, but in the speaker labels ("Caller:
    oh my husband junjun" is as lower case as "caller: ...")."""
    head = _LINE_LABEL.sub("", text[:400])
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


# Words that make a caller-ID or name-field value a business: org words, legal forms, kinds of
# business and carriers' abbreviations of them.
_BUSINESS = _ORG_WORDS | words("business_words")
_BUSINESS_WORD = re.compile(r"[^\W\d_]+")


def is_business_name(value: str) -> bool:
    """True when a caller-ID (CNAM) or name-field value names a business, not a person.

    Two words or more, one of them a business word ("MEMORIAL HEALTH", "CorVel Corp", "TUCSON
    MEDICAL CTR") or the last one cut short from one, as caller-ID truncates ("PRAIRIE FAMILY CL").
    A listed given name and a business word that is also a frequent surname ("DESTINY LAW", "LAW
    DESTINY") and a household ("ORTIZ FAMILY") are people.
    """
    parts = [w.lower() for w in _BUSINESS_WORD.findall(value)]
    if len(parts) < 2:
        return False
    hits = [w for w in parts if w in _BUSINESS]
    if hits:
        if hits == ["family"] and parts[-1] == "family" and len(parts) == 2 and _listed(parts[0]):
            return False  # "ORTIZ FAMILY": a household
        # "DESTINY LAW", "CHURCH MAYA": a listed given name and a business word that is also a
        # frequent surname (in three words or more, "NORTHSIDE SENIOR LIV", a business word wins)
        other = parts[1] if parts[0] in hits else parts[0]
        return not (
            len(parts) == 2 and (other in FIRST_NAMES or other in GIVEN_NAMES) and hits[0] in _SURNAMES_20K
        )
    last = parts[-1]
    # "CASCADE SENIOR LIV", "PRAIRIE FAMILY CL": a last word cut short from a business word
    return (
        len(parts) >= 3
        and len(last) >= 2
        and not _listed(last)
        and last not in _PARTICLES
        and any(w.startswith(last) and w != last for w in _BUSINESS)
    )


def speaker_names(
    turns: Turns, agent_names: frozenset[str], clinic_domains: frozenset[str] = frozenset()
) -> list[Span]:
    """Speaker labels that are person names: after a message time ("[4:24 AM] Tomasz:"), or a
    listed name that recurs as a label (a chat thread). Other recurring labels are roles
    ("Dispatcher:", "speaker 1:"), the answering agent is workforce, and a label the business's
    own domain spells is the business ("[02/17 6:10p] Copperline:" at copperlinedental.com).
    """
    out: list[Span] = []
    named: dict[str, bool] = {}  # labels repeat: each is judged once (local: labels may be PHI)
    sites = [d.partition(".")[0].replace("-", "") for d in clinic_domains]
    for t in turns.turns:
        label = turns.label(t)
        person = named.get(label)
        if person is None:
            bare = "".join(c for c in label.lower() if c.isalpha())
            own = len(bare) >= _SITE_LABEL_LETTERS and any(bare in site for site in sites)
            person = named[label] = not own and is_person_label(label, agent_names)
        if person and (t.timed or (turns.recurs(t) and is_listed_name(label))):
            out.append((t.label_start, t.label_end, Category.NAME))
    return out


_SITE_LABEL_LETTERS = 5  # a label this long that the business's domain spells is the business


# Words that end a name read from a lower-case answer: numbers and months ("gustavo peralta ten
# ten forty one", "bao nguyen april thirtieth"), like the common and function words.
_NUMBERS_MONTHS = frozenset(pairs("number_words")) | words("months")
_SPELLED_TOKEN = re.compile(r"[^\W\d_](?:-[^\W\d_])+")
_AND = frozenset(("and", "y", "e", "&"))


# " (norethindrone)": one long lower-case word in brackets after a word is a brand's generic name,
# unless it is a relationship or a role ("(daughter)", "(caller)"): `_generic_after` tells them apart.
_GENERIC = re.compile(r" \([a-z]{6,24}\)")


def _generic_after(text: str, pos: int) -> bool:
    """True when " (<generic drug>)" follows `pos`: a bracketed long word that is no common, kinship
    or role word ("Heather (norethindrone)", not "Dana (daughter)" or "Dana (caller)")."""
    m = _GENERIC.match(text, pos)
    if m is None:
        return False
    w = m.group(0)[2:-1]
    if w in _DRUG_NAMES:
        return True
    # a word of how the name is written ("Ochoa-Reyes (hyphenated)", "Leigh (spelled l e i g h)")
    # is no drug either
    return not (
        w in _COMMON or w in _FREQUENT or w.lower() in RELATIVE_WORDS or w in _ROLE_WORDS or w.endswith("ed")
    )


# A drug that is a given name too ("Camila", "Ella", "Heather") is the drug where the words around
# it speak of taking one: "she takes Heather daily", "refill on her Camila birth control", "switched
# to Errin", "Ella 30 mg". Both windows are a few words, read only at such a word.
_DOSING_BEFORE = re.compile(
    r"(?:\b(?:takes?|taking|took|on|start(?:s|ed|ing)?|stop(?:s|ped|ping)?|switch(?:ed|ing)?\s+to|"
    r"refill(?:s|ed)?(?:\s+(?:on|of|for))?|prescri(?:bed|ption\s+for)|rx(?:\s+for)?|out\s+of|generic\s+for|"
    r"toma|tomando|tomaba)\s+(?:(?:her|his|my|the|their|your|su|sus|mi)\s+)?)$",
    re.IGNORECASE,
)
_DOSING_AFTER = re.compile(
    r"\s+(?:birth\s+control|pills?|tabs?|tablets?|prescription|refills?|generic|packs?|daily|"
    r"every\s+(?:day|night|morning)|once\s+a\s+day|\d+(?:\.\d+)?\s?(?:mg|mcg)\b|pastillas?|anticonceptivas?)\b",
    re.IGNORECASE,
)
_DOSING_REACH = 40


def _taken_as_drug(text: str, s: int, e: int) -> bool:
    """True when the words before or after `text[s:e]` speak of taking a drug (see _DOSING_BEFORE)."""
    return (
        _DOSING_BEFORE.search(text, max(0, s - _DOSING_REACH), s) is not None
        or _DOSING_AFTER.match(text, e) is not None
    )


# The name someone goes by right after their name or number: " (Vangie)", ' ("Jide")', ' "Finn"',
# " (Mariko, daughter)"; or said to end the answer: ", Bo." / ". Trixie." (then a sentence's end)
_NICKNAME_AFTER = re.compile(
    r" ?\(\s*[\"“']?(?P<bracket>[A-Z][\w'’-]{1,20})[\"”']?(?:,\s*(?P<kin>[a-z-]{2,20}))?\s*\)"
    r"| [\"“](?P<quoted>[A-Z][\w'’-]{1,20})[\"”]"
    r"|[,.] (?P<said>[A-Z][\w'’-]{1,20})(?=[.\n]|$)"
)
# A capitalised word, then " at " or ", " and a phone's first digits (spoken ones too: phi/spoken_forms)
_OWNER_BEFORE_NUMBER = re.compile(
    r"(?<![\w'’-])[A-Z][a-z'’-]{1,20}"
    r"(?=(?:,| at) (?:\(?\d{3}|(?:zero|oh|one|two|three|four|five|six|seven|eight|nine) ))"
)
# Right before a name found in brackets: the word a person goes by ("Jess (Jessica Amankwah)")
_FULL_NAME_BRACKET = re.compile(r"(?<![\w'’-])[A-Z][a-z'’-]{1,20} \((?:last name |aka |a\.k\.a\. )?$")
# A capitalised word and a quoted nickname in brackets: "Finnegan ("Finn")"
_QUOTED_NICKNAME = re.compile(r"(?<![\w'’-])[A-Z][a-z'’-]{1,20} \([\"“]([A-Z][a-z'’-]{1,20})[\"”]\)")
# A capitalised word's number in a note: "Nou's # 651-555-0174", "Tevita's cell 385-555-0116"
_POSSESSIVE_NUMBER = re.compile(
    r"(?<![\w'’-])([A-Z][a-z]{1,20})['’]s (?:#|number|cell|phone|mobile|ph|tel)\.?:? ?(?=\(?\d{3})"
)
# A phone or id just before a bracket: the bracket may name whose it is ("0448 (Marj)")
_DIGIT_BEFORE_BRACKET = re.compile(r"\d(?= ?\()")


# Contraction endings: "we'll", "he's" are the pronoun and a verb, never a name.
_CONTRACTION = frozenset(("s", "ll", "re", "ve", "d", "m", "t"))
# What follows a kinship word's name that is a word too, ending that name ("my son will he's ...").
_KIN_NAME_ENDS = frozenset(
    ("he", "she", "he's", "she's", "hes", "shes", "who", "is", "was", "has", "and", "too")
)
# Words after which a first name that is a word too is the word: "the bill", "i have faith"
_AS_A_WORD_AFTER = frozenset(
    ("the", "a", "an", "this", "that", "your", "my", "our", "his", "her", "their", "have", "has", "had",
     "any", "some", "no", "of", "lost")
)  # fmt: skip
# Words joining two names: "santi and lucia".
_AND = frozenset(("and", "y", "e"))


def _is_common(low: str) -> bool:
    """A common English/Spanish/Portuguese word (or a pronoun's contraction): not a name by itself."""
    if low in _COMMON or low in _FREQUENT:
        return True
    if "-" in low:
        return all(p in _COMMON or p in _FREQUENT for p in low.split("-") if p)  # "bye-bye"
    head, sep, tail = low.partition("'") if "'" in low else low.partition("’")
    return bool(sep) and tail in _CONTRACTION and head in _COMMON


def is_common_word(low: str) -> bool:
    """True for a common or frequent English, Spanish or Portuguese word (lower case)."""
    return _is_common(low)


def _listed(low: str) -> bool:
    """In a given-name or surname list (each part of a hyphenated name is looked up too)."""
    key = unaccented(low)
    if key in GIVEN_NAMES or key in CENSUS_SURNAMES or key in FIRST_NAMES or key in SURNAMES:
        return True
    parts = key.split("-") if "-" in key else ()
    # "reyes-ochoa", "delacroix-hunt": a listed part, and no part a common word ("well-known")
    return any(p in CENSUS_SURNAMES or p in GIVEN_NAMES for p in parts if len(p) > 1) and not any(
        _is_common(p) and p not in CENSUS_SURNAMES for p in parts
    )


class NameScanner:
    """NAME spans of one text, skipping the spans the other scanners claimed.

    `scan` runs the parts in order; each part may also be run alone (the unit tests do). A part
    marks the tokens of the names it finds as used, so a later part does not find them again.
    Tokens are words of any script; `lows` holds each one lower-cased once.
    """

    __slots__ = (
        "_agents",
        "_breaks",
        "_claimed",
        "_domains",
        "_f",
        "_lines",
        "_n",
        "_singles",
        "_starts",
        "_text",
        "_tok_at",
        "_turns",
        "lows",
        "spans",
        "toks",
        "used",
    )

    def __init__(
        self,
        f: Folded,
        claimed: Claims,
        agent_names: frozenset[str],
        turns: Turns | None = None,
        clinic_domains: frozenset[str] = frozenset(),
    ) -> None:
        self._f = f
        self._domains = clinic_domains
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
        self._starts = [t[0] for t in self.toks]
        # (line start, script) -> whether the line is a sentence in that script (see _sentence_word)
        self._lines: dict[tuple[int, str], bool] = {}
        self._breaks: list[int] | None = None  # where the text's lines end, found on first use

    def scan(self, caller_names: frozenset[str] = frozenset()) -> list[Span]:
        """Every part in order: the NAME spans found (`caller_names`: see `echoes`)."""
        self.speaker_labels()
        self.nonlatin_runs()
        self.vietnamese()
        self.answers()
        self.cued()
        self.contact_lines()
        self.kin_brackets()
        self.sentence_subjects()
        self.listed()
        self.initials()
        self.sign_off()
        self.care_owners()
        self.field_values()
        self.lowercase()
        self.lower_subjects()
        self.spelled()
        self.nicknames()
        self.short_names()
        self.number_owners()
        self.echoes(caller_names)
        if _all_caps(self._text):
            # "PT ADMITTED TODAY", "PULLED FOLEY", "N. SUAREZ LVM": in a text written in capitals
            # capitals say nothing, and a word or a health term is no part of a name
            self.spans = [sp for sp in map(self._before_a_word, self.spans) if sp is not None]
        return self.spans

    def _before_a_word(self, span: Span) -> Span | None:
        """`span` up to its first word that is no name ("GREEN, JOHN" stays: a listed surname);
        None when it opens with one."""
        k = self._tok_at.get(span[0])
        end = span[0]
        while k is not None and k < self._n and self.toks[k][0] < span[1]:
            low = self.lows[k]
            if (
                len(low) > 1
                and low not in _NAME_PREFIXES
                and (contains_health_information(low) or (_is_common(low) and not _listed(low)))
            ):
                break
            end = self.toks[k][1]
            k += 1
        else:
            return span
        return (span[0], end, span[2]) if end > span[0] else None

    def nicknames(self) -> None:
        """The name a person goes by, written beside their name or number: "Evangeline Guidry
        (Vangie)", "Babajide ("Jide") Adeyemi", "816-555-0448 (Marj)", "206-555-0471 (Mariko,
        daughter)", and said after it to end the answer: "Boleslaw Grabowski, Bo.", "Beatrix
        Sokolowski. Trixie." A word that is common (and in no name list), a relative, a role or a
        title is none."""
        text = self._text
        # (where the name or number ends, how many words the name has; a number counts none)
        found = [(e, len(text[s:e].split())) for s, e, _ in self.spans]
        if "(" in text:
            found += [(m.end(), 0) for m in _DIGIT_BEFORE_BRACKET.finditer(text)]
        for e, size in found:
            m = _NICKNAME_AFTER.match(text, e)
            if m is None:
                continue
            group = "bracket" if m.group("bracket") else "quoted" if m.group("quoted") else "said"
            s = m.start(group)
            k = self._tok_at.get(s)
            if k is None or self.used[k] or not self._nickname(k):
                continue
            if group == "said" and (size < 2 or not _listed(self.lows[k])):
                continue  # ", Bo." ends the answer only after a whole name, and is a listed name
            kin = m.group("kin")
            if kin is not None and kin not in RELATIVE_WORDS and kin not in _ROLE_WORDS:
                continue
            if self._claimed.free(s, self.toks[k][1]):
                self.spans.append((s, self.toks[k][1], Category.NAME))
                self.used[k] = True

    def short_names(self) -> None:
        """The name a person goes by, written before their whole name in brackets: "Jess (Jessica
        Amankwah)", "Tobi (Oluwatobi Adebayo, DOB 4/4/2014)", "Bree (last name Whitlock)"; and a
        capitalised word before a quoted nickname in brackets: "Finnegan ("Finn")". A common word,
        a relative, a role or a title is none ("Daughter (Rosa Diaz)")."""
        text = self._text
        if " (" not in text:
            return
        for s, _, _ in list(self.spans):
            m = _FULL_NAME_BRACKET.search(text, max(0, s - 36), s)
            if m is not None and m.end() == s:
                self._short_name(self._tok_at.get(m.start()))
        for m in _QUOTED_NICKNAME.finditer(text):
            k, n = self._tok_at.get(m.start()), self._tok_at.get(m.start(1))
            if n is None or not self._nickname(n) or not self._short_name(k):
                continue
            if not self.used[n] and self._claimed.free(*self.toks[n][:2]):
                self.spans.append((self.toks[n][0], self.toks[n][1], Category.NAME))
                self.used[n] = True

    def _short_name(self, k: int | None) -> bool:
        """Report the word `k` as a name when it may be one; True when it is (now or already)."""
        if k is None:
            return False
        if self.used[k]:
            return True
        s, e, _ = self.toks[k]
        if not self._nickname(k) or (k > 0 and self.lows[k - 1].rstrip(".") in _TITLES):
            return False
        if not self._claimed.free(s, e):
            return False
        self.spans.append((s, e, Category.NAME))
        self.used[k] = True
        return True

    def number_owners(self) -> None:
        """A listed given name right before a phone number is whose number it is: "try Lyle at 864
        555 0819", "my wife's number is better, Krystyna, 773-555-0289"; and so is a capitalised
        word whose number a note gives ("Nou's # 651-555-0174", "Tevita's cell 385-555-0116")."""
        text = self._text
        for m in _POSSESSIVE_NUMBER.finditer(text) if "'s " in text or "’s " in text else ():
            k = self._tok_at.get(m.start())
            if k is None or self.used[k]:
                continue
            stem = m.group(1).lower()
            if (
                (_is_common(stem) and not _listed(stem))
                or stem in _STOP
                or stem in RELATIVE_WORDS
                or stem in _ROLE_WORDS
                or stem in _TITLES
                or (k > 0 and self.lows[k - 1].rstrip(".") in _TITLES)
            ):
                continue  # "Mom's cell", "Dr. Lee's line": a relative named by kin, the practice's staff
            if self._claimed.free(m.start(1), m.end(1)):
                self.spans.append((m.start(1), m.end(1), Category.NAME))
                self.used[k] = True
        for m in _OWNER_BEFORE_NUMBER.finditer(text) if "at " in text or ", " in text else ():
            k = self._tok_at.get(m.start())
            if (
                k is None
                or self.used[k]
                or not self._nickname(k)
                or unaccented(self.lows[k]) not in GIVEN_NAMES
            ):
                continue
            if k > 0 and self.lows[k - 1].rstrip(".") in _TITLES:
                continue  # "Dr. Patel at 555-...": the practice's staff
            if self._claimed.free(*self.toks[k][:2]):
                self.spans.append((self.toks[k][0], self.toks[k][1], Category.NAME))
                self.used[k] = True

    def _nickname(self, k: int) -> bool:
        low = self.lows[k]
        word = self.toks[k][2]
        return (
            word[0].isupper()
            and not word.isupper()  # an acronym: "(PEHP)", "RN, ADON"
            and len(low) > 1
            and not (_is_common(low) and not _listed(low))
            and low not in _STOP
            and low not in RELATIVE_WORDS
            and low not in _ROLE_WORDS
            and low not in _TITLES
            and low not in _DRUG_NAMES
        )

    def echoes(self, caller_names: frozenset[str] = frozenset()) -> None:
        """A word of a name already found, said again alone: "it's earl mccubbins ... okay earl",
        "Tanisha Boykin ... tanisha:", "Nou's #". The names are this text's and the caller's name
        fields' (`caller_names`); a word that is common, a role, a title or the agent's is none. A
        word of a name found in this text is said again only when a name list has it: a language
        the lists do not know would echo its own common words ("chú", "hao")."""
        if not self.spans and not caller_names:
            return
        known = {w for w in caller_names if self._echoable(w)}
        for s, e, _ in self.spans:
            k = self._tok_at.get(s)
            while k is not None and k < self._n and self.toks[k][1] <= e:
                if self._echoable(self.lows[k]) and _listed(self.lows[k]):
                    known.add(self.lows[k])
                k += 1
        if not known:
            return
        said = set(self.lows)
        possessive = ("'" in self._text or "’" in self._text) and any(
            w[:-2] in known for w in said if w.endswith(("'s", "’s"))
        )
        if said.isdisjoint(known) and not possessive:
            return  # no name word said again: one set test, not a walk over the tokens
        # the tokens that say a known word, or its possessive ("Nou's"): found by set look-ups
        said_at = [k for k, w in enumerate(self.lows) if w in known]
        if possessive:
            said_at += [k for k, w in enumerate(self.lows) if w[-2:] in ("'s", "’s") and w[:-2] in known]
        for k in sorted(said_at):
            if self.used[k]:
                continue
            if k and self.lows[k] in _AMBIGUOUS_FIRST and self.lows[k - 1] in _AS_A_WORD_AFTER:
                continue  # "bill henning ... a question about the bill", "my wife faith ... i have faith"
            s, e, _ = self.toks[k]
            if self.lows[k] not in known:
                e -= 2  # "Nou's": the name without its possessive
            if self._claimed.free(s, e):
                self.spans.append((s, e, Category.NAME))
                self.used[k] = True

    def _echoable(self, low: str) -> bool:
        # a drug that is a first name too ("Camila", "Ella") may be the caller's name and her pill
        return (
            len(low) > 2
            and low not in _DRUG_NAMES
            and not _is_common(low)
            and low not in _STOP
            and low not in _ROLE_WORDS
            and low not in _TITLES
            and low not in _PARTICLES
            and low not in self._agents
        )

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
            # "Bot: Hi there! I'm Vee, Lakeview's virtual assistant": a label that names the business's
            # side (not one whose side is only the call's order: a voicemail's "Speaker 0: hi i'm dana")
            or (before.rstrip().endswith(("i'm", "i’m", "i am")) and self._listed_agent_label(turn))
        )

    def _listed_agent_label(self, turn: Turn) -> bool:
        words = self._turns.label(turn).lower().split()
        return bool(words) and SIDE_WORDS.get(words[0]) is Role.AGENT

    def _turn_at(self, pos: int) -> Turn | None:
        """The speaker turn whose body holds `pos`, if any."""
        return self._turns.at(pos)

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
        if i == j and text.startswith(" (", e) and _generic_after(text, e):
            return  # "stopped Camila (norethindrone)": a brand and its generic drug, not a person
        if i == j and lows[i] in _DRUG_NAMES and _taken_as_drug(text, s, e):
            return  # "she takes Heather daily": the pill, not a person
        if i == j and text[s].isupper() and _region_at(lows, i, text[max(0, s - 6) : s].lower()):
            return  # "Visitor from Jordan", "Select Health of South Carolina": a country or a state
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
        if _is_nonlatin(tok) and self._sentence_word(k):
            return False  # a sentence in another script: its names are read by _script_names
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
        labels = speaker_names(self._turns, self._agents, self._domains)
        self.spans.extend(sp for sp in labels if free(sp[0], sp[1]))

    def nonlatin_runs(self) -> None:
        """Runs of non-Latin words (CJK, Hangul, Greek, Cyrillic ...): in an English CTM record, names."""
        toks, n, free = self.toks, self._n, self._claimed.free
        k = 0 if not self._text.isascii() else n
        while k < n:
            if _is_nonlatin(toks[k][2]) and not self.used[k] and free(toks[k][0], toks[k][1]):
                j = k
                # one line at most (the next line is another speaker's turn), up to a claimed word (a
                # number, a date, a speaker label: what is left on either side may still be a name)
                while (
                    j + 1 < n
                    and _is_nonlatin(toks[j + 1][2])
                    and self._gap(j + 1).strip(" \t") in ("", ",")
                    and free(toks[j + 1][0], toks[j + 1][1])
                ):
                    j += 1
                if any(self._sentence_word(c) for c in range(k, j + 1)):
                    self._script_names(k, j)
                elif not self._agent_prompt(k, j):
                    self._emit(k, j)
                k = j + 1
                continue
            k += 1

    def vietnamese(self) -> None:
        """Vietnamese names by their shapes (scanners.vietnamese): "lê văn sáu", "Do Van Phuc", the
        name after a kin word ("chú sáu", "bé long")."""
        text = self._text
        plain = not is_vietnamese(text)
        if plain and " van " not in text.lower() and " thi " not in text.lower():
            return
        for s, e in vietnamese_names(text, plain):
            k = self._tok_at.get(s)
            if k is None or self.used[k] or self._agent_intro(k) or not self._claimed.free(s, e):
                continue
            self.spans.append((s, e, Category.NAME))
            while k < self._n and self.toks[k][0] < e:
                self.used[k] = True
                k += 1

    def _sentence_word(self, k: int) -> bool:
        """Token k is a word of a sentence in its script, not of a name written in it: its turn's line
        holds more than four words of the script (Korean: more than two) that are half its words or
        more, or a Chinese or Korean word of more than four letters; or the word is a Chinese word of
        a sentence ("你好") or lower-case Russian (a transcript's: capitals are no help, so its names
        are read by their shapes)."""
        toks, text = self.toks, self._text
        word = toks[k][2]
        script = script_of(word)
        if not script:
            return False
        if script == "cyrillic" and word.islower():
            return True
        if script == "han" and han_word_is_sentence(word):
            return True
        if self._breaks is None:
            self._breaks = [m.start() for m in _LINE_BREAK.finditer(text)]  # found once per text
        b = bisect_left(self._breaks, toks[k][0])
        start = self._breaks[b - 1] + 1 if b else 0
        turn = self._turn_at(toks[k][0])
        if turn is not None and turn.body_start > start:
            start = turn.body_start  # the speaker label ("来电者：") is no word of the sentence
        said = self._lines.get((start, script))
        if said is None:
            end = self._breaks[b] if b < len(self._breaks) else len(text)
            c = bisect_left(self._starts, start)
            line = [w for _, _, w in self.toks[c : bisect_left(self._starts, end)]]
            same = [w for w in line if script_of(w) == script]
            most = 2 if script == "hangul" else 4
            many = len(same) > most and 2 * len(same) >= len(line)  # not a name in an English line
            long = any(len(w) - w.count("-") > 4 for w in same)  # "長-谷-川" is spelled, three letters
            said = many or (script != "cyrillic" and long)
            self._lines[(start, script)] = said
        return said

    def _script_names(self, i: int, j: int) -> None:
        """The names in a sentence of tokens i..j, read by their language's cues (script_names)."""
        turn = self._turn_at(self.toks[i][0])
        agent = turn is not None and turn.role is Role.AGENT
        for s, e in read_script_names(self.toks[i : j + 1], agent):
            if self._claimed.free(s, e):
                self.spans.append((s, e, Category.NAME))
                c = max(i, bisect_right(self._starts, s) - 1)  # the tokens the span covers
                while c <= j and self.toks[c][0] < e:
                    self.used[c] = True
                    c += 1

    def _agent_prompt(self, i: int, j: int) -> bool:
        """Tokens i..j are the whole of a short turn of the business's side: a prompt ("Регистратура:
        дата рождения", "직원: 생년월일 말씀해 주세요"), not a name read back."""
        t = self._turn_at(self.toks[i][0])
        return (
            t is not None
            and t.role is Role.AGENT
            and j - i < _PROMPT_WORDS
            and not self._text[t.body_start : self.toks[i][0]].strip()
            and not self._text[self.toks[j][1] : t.body_end].strip(" \t.?!…。？")
        )

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
        return low in FILLERS or low in RELATIVE_WORDS

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
            or low in RELATIVE_WORDS
            or (_is_nonlatin(low) and self._sentence_word(k))
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
                if _kin_name(text, toks[q]) and _kin_cue(cue):
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
            elif _kin_name(text, toks[q]) and _kin_cue(cue):
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
            if m.group(1).lower() not in RELATIVE_WORDS:
                continue
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
            low = words[0].lower()
            if low.rstrip(".") in RELATIVE_WORDS or low.rstrip(".") in _ROLE_WORDS:
                continue  # "Dtr called", "Caregiver wants": the relative or role, named by it
            if (
                len(words) == 1
                and low not in FIRST_NAMES
                and (
                    (low.endswith("s") and low not in GIVEN_NAMES)  # "Prefers calls"; not "Precious says"
                    or (_is_common(low) and low not in GIVEN_NAMES)
                    or contains_health_information(low)
                )
            ):
                continue  # "Prefers calls", "Relative reports", "Polysomnography rescheduled": no name
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
            given = low in FIRST_NAMES or (unaccented(low) in GIVEN_NAMES and not _is_common(low))
            if given and self._surname_comma_before(k):
                start, j = k - 1, k  # "Ostrander, Wilhelmina", "GARCIA-MORALES, JOSE L": last, first
                initial = toks[j + 1][2] if j + 1 < self._n and self._gap(j + 1) == " " else ""
                if len(initial) == 1 and initial.isupper():
                    j += 1  # and a middle initial
            elif low in FIRST_NAMES or _foreign(tok) or _double_first(low):
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
            elif self._big_list_pair(k):
                start, j = k, k + 1  # "Olamide Fashola": in the large lists, and neither word a word
            else:
                continue
            if self._doctorish(start) or self._agent_intro(start):
                continue
            self._emit(start, j)

    def _surname_comma_before(self, k: int) -> bool:
        """Token k, a listed given name, follows "<Surname>, ": a surname of the lists in Title
        case or capitals that is no common word ("Ostrander, Wilhelmina", "PRICE, DESTINY"); not a
        place before its state ("Paris, Texas": the given name is a region)."""
        if k == 0 or self._gap(k) != ", " or self.used[k - 1] or self.lows[k] in _REGIONS:
            return False
        last = self.toks[k - 1][2]
        low = unaccented(self.lows[k - 1])
        parts = low.split("-")
        return (
            _capword(last)
            and all(p in CENSUS_SURNAMES or p in SURNAMES for p in parts)
            and not _is_common(low)
        )

    def _big_list_pair(self, k: int) -> bool:
        """Tokens k, k + 1 are a Title-case given name and surname of the large lists, neither a
        frequent word ("Grant Street", "Blue Cross" are words)."""
        if k + 1 >= self._n or unaccented(self.lows[k]) not in GIVEN_NAMES or self._gap(k + 1) != " ":
            return False  # the cheap test first: most capitalised words are no listed given name
        a, b = self.toks[k][2], self.toks[k + 1][2]
        if not (_name_cased(a) and _name_cased(b) and len(b) > 1):
            return False
        la, lb = unaccented(self.lows[k]), unaccented(self.lows[k + 1])
        surname = lb in CENSUS_SURNAMES or ("-" in lb and _listed(lb))  # "Okafor-Lee"
        return surname and not (_is_common(la) or _is_common(lb))

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

    def _word_name_intro(self, q: int) -> int:
        """The last token of a given name that is also a word, said in a self-introduction at `q`
        and shown to be a name by what follows it: a listed surname ("it's faith mcalister", "it's
        will will brennan": said twice) or the caller going on ("it's bill i'm calling"); else -1."""
        lows, n = self.lows, self._n
        w = lows[q]
        if not (_is_common(w) and (w in FIRST_NAMES or w in GIVEN_NAMES)) or w in RELATIVE_WORDS:
            return -1
        r = q + 1
        if r < n and lows[r] == w and self._gap(r) == " ":
            r += 1  # said twice
        if r >= n or self._gap(r) != " " or self.used[r]:
            return -1
        nxt = lows[r]
        if nxt in _SURNAMES_20K and not _is_common(nxt) and nxt not in _STOP:
            return r
        return q if nxt in _INTRO_GOES_ON else -1

    def care_owners(self) -> None:
        """A word whose care a caller asks about: "calling about ahmed's x-ray results", "can I get
        Bao's shot records" (a listed given name; never "the doctor's notes", "the other guy's
        insurance", "Aetna's card")."""
        lows, n = self.lows, self._n
        for k in range(n - 1):
            low = lows[k]
            if not low.endswith(("'s", "’s")) or self.used[k] or self._gap(k + 1) != " ":
                continue
            base = low[:-2]
            if (
                len(base) < 3
                or not (base in GIVEN_NAMES or base in FIRST_NAMES)
                or base in _SOMEONE
                or base in RELATIVE_WORDS
                or base in _ROLE_WORDS
                or _is_common(base)
                or contains_health_information(base)
                or self._doctorish(k)
            ):
                continue
            nxt = lows[k + 1]
            if nxt in _CARE_NOUNS or (k + 2 < n and f"{nxt} {lows[k + 2]}" in _CARE_NOUNS):
                self._emit(k, k)

    def field_values(self) -> None:
        """A name a note holds as a form's field ("patient_first=rose-carline patient_last=exantus")
        or an e-mail's sender ('From: "Malgorzata Lewandowska" <gosia@...>', "FROM: SOO-AH JUNG")."""
        text = self._text
        spans: list[tuple[int, int]] = []
        if "=" in text:
            spans += [
                m.span(2) for m in _KEY_VALUE.finditer(text) if classify((m.group(1),)) is Category.NAME
            ]
        if "from:" in self._f.low:
            for m in _FROM_LINE.finditer(text):
                words = [w.lower() for w in _TOKEN.findall(m.group(1))]
                # beside its address any sender that is no business; alone, a listed name
                if (
                    0 < len(words) <= _MAX_SENDER_WORDS
                    and not is_business_name(m.group(1))
                    and (
                        (m.group(2) is not None and not all(_is_common(w) for w in words))
                        or any(_listed(w) for w in words)
                    )
                ):
                    spans.append(m.span(1))
        for s, e in spans:
            i, j = bisect_left(self._starts, s), bisect_left(self._starts, e) - 1  # the tokens inside
            if i <= j and self.toks[j][1] <= e and not any(self.used[i : j + 1]):
                self._emit(i, j)

    def sign_off(self) -> None:
        """The given name that signs a message off: "... still coming today? - Tasha", "Thx Maeve",
        "Running late sorry! Faith", "ok thanks! -Bill" (never "... see you in May", "... with Dr. Ruiz")."""
        k = self._n - 1
        if k < _SIGN_OFF_AFTER or self.used[k] or self._text[self.toks[k][1] :].strip(" .!\n"):
            return
        tok, low = self.toks[k][2], self.lows[k]
        if not _capword(tok) or low in _NUMBERS_MONTHS or self._doctorish(k) or self._agent_intro(k):
            return
        lead = _SIGN_OFF_LEAD.search(self._text, max(0, self.toks[k][0] - 12), self.toks[k][0])
        if lead is None:
            return
        listed = (low in GIVEN_NAMES or low in FIRST_NAMES) and (low in FIRST_NAMES or not _is_common(low))
        # a name no list holds only after a thank-you ("thx Eunji"); never a label's "Fertility - IUI"
        if listed or (lead.group("thanks") is not None and not _is_common(low)):
            self._emit(k, k)

    def lowercase(self) -> None:
        """Names written in lower case after a cue: "pt vivian okerlund", "se llama mateo méndez del río".

        A strong cue (a role, title, kinship word or self-introduction) takes the listed names after
        it that are no common word; in text written mostly in lower case it takes any word that is
        no common word. A nickname phrase takes the one word after it. A weak cue takes only what
        `_weak_name` accepts. Self-introductions in the agent's own turn and speaker labels
        ("patient: ...") are no cue: the agent is workforce, and a label opens a turn, not a name.
        """
        loose: bool | None = None  # text written mostly in lower case: worked out when first needed
        toks, n = self.toks, self._n
        label_ends = {t.label_end for t in self._turns.turns}
        for m in self._lower_cues():
            q = self._tok_at.get(m.end())
            kind = m.lastgroup
            if q is not None and q + 1 < n and self.lows[q] in HESITATIONS and self._gap(q + 1) == " ":
                q += 1  # "yeah this is uh bill bill kowalczyk": the hesitation, then the name
            if q is None or self.used[q] or (not toks[q][2].islower() and kind != "nick"):
                continue  # a capitalised word after a cue is `cued`'s, but for a nickname ("goes by Gigi")
            if kind != "weak" and ":" in m.group(0) and (m.start() == 0 or self._text[m.start() - 1] == "\n"):
                continue  # "caller: ..." is a speaker label: what follows is a turn, not a name
            if kind == "weak" and m.start() in label_ends and self._agent_turn(q):
                continue  # "Регистратура: дата рождения": the colon closes the agent's label, no cue
            if kind in ("intro", "listed") and (self._agent_turn(q) or self._agent_intro(q)):
                continue
            if kind == "intro" and self.lows[q].endswith("ing") and not _listed(self.lows[q]):
                continue  # "okay i'm paging doctor vang": a verb, not a name
            if kind == "intro" and q + 1 < n and self.lows[q + 1] == "calling" and self._gap(q + 1) == " ":
                w = self.lows[q]
                if (
                    len(w) > 1
                    and w not in _NOT_CALLING
                    and w not in _ROLE_WORDS
                    and w not in RELATIVE_WORDS
                    and not (_is_common(w) and not _listed(w))  # "this is billing calling": a desk
                ):
                    self._emit(q, q)  # "this is hung calling about my wife": one word, then "calling"
                    continue
            if kind == "intro" and (end := self._word_name_intro(q)) >= 0:
                self._emit(q, end)  # "yeah it's faith mcalister", "hi it's will will brennan"
                continue
            if kind == "nick":
                w = self.lows[q]
                if len(w) > 1 and w not in _COMMON and w not in _STOP and not contains_health_information(w):
                    # "we call him bubba": a nickname may be a word; a listed surname said right after
                    # it is the rest of the name ("everybody calls me shaq holloway")
                    r = q + 1
                    surname = (
                        r < n
                        and self._gap(r) == " "
                        and toks[r][2].islower()
                        and not self.used[r]
                        and self.lows[r] in _SURNAMES_20K
                        and not _is_common(self.lows[r])
                        and self.lows[r] not in _STOP
                    )
                    self._emit(q, r if surname else q)
                continue
            strong = kind != "weak"
            if strong and loose is None:
                loose = _mostly_lower(self._text)
            # a word in no list may open the name (after a LISTED cue, never: "tôi là bệnh nhân")
            opens = (bool(loose) and kind != "listed") or not strong
            while q < n:
                j = self._lower_run(q, strong, opens)
                if j < q and self._kin_word_name(m, q):
                    j = q  # "my son will he's been wheezing", "my daughter hope two", "mom of santi and"
                elif j < q or (not strong and not self._weak_name(q, j)):
                    break
                self._emit(q, j)
                # "mom of santi and lucia arguello": a name after "and" / "y" is another one
                c = j + 1
                if c + 1 < n and self.lows[c] in _AND and self._gap(c) == " " and self._gap(c + 1) == " ":
                    q = c + 1
                    opens = False  # the next name must be a listed one
                    continue
                break

    def lower_subjects(self) -> None:
        """A listed first name in lower case that is no word, right before what it did in the
        caller's story: "so anyway marisol said", "luz told me", "becky will bring me", "ji-hye choi
        called" (a listed name before it is the rest of the name); not "the pharmacy said", "my mom
        said"."""
        lows = self.lows
        for k in range(1, self._n) if _SAID.intersection(lows) else ():
            if lows[k] not in _SAID or self._gap(k) != " " or not self._lower_subject(k - 1):
                continue
            i = k - 1
            if i > 0 and self._gap(i) == " " and self._lower_subject(i - 1):
                i -= 1
            if not self._doctorish(i):
                self._emit(i, k - 1)

    def _lower_subject(self, k: int) -> bool:
        w = self.lows[k]
        return (
            not self.used[k]
            and self.toks[k][2].islower()
            and unaccented(w) in FIRST_NAMES
            and not _is_common(w)
            and w not in _STOP
            and w not in RELATIVE_WORDS
            and w not in _ROLE_WORDS
        )

    def _kin_word_name(self, cue: re.Match[str], q: int) -> bool:
        """Token q, a listed given name that is a word too ("will", "hope", "bill"), is a name after a
        kinship word when what follows ends the name: a pronoun or a past-tense verb of its own
        sentence, a number or the end of the clause ("my son will he's sick", "my son will moved
        out"; not "my son will be there")."""
        low = self.lows[q]
        if (
            unaccented(low) not in GIVEN_NAMES
            # "my twin sister is": "twin" says what kind of sister (but "my tito boy" is a nickname)
            or (low in RELATIVE_WORDS and cue.group(0).lower().rstrip().endswith("twin"))
            or (low in _COMMON and low not in _AMBIGUOUS_FIRST)  # "my mom in she's ...": no name
            or not _kin_cue(cue.group(0))
        ):
            return False
        e = self.toks[q][1]
        nxt = self.lows[q + 1] if q + 1 < self._n else ""
        gap = self._text[e : self.toks[q + 1][0]] if q + 1 < self._n else ""
        return (
            q + 1 >= self._n
            or gap.strip() != ""  # "my son will, ...", "my son will\n"
            or nxt in _KIN_NAME_ENDS
            or (len(nxt) > 4 and nxt.endswith("ed"))  # a verb in the past: "my son will moved out"
            or nxt in CARDINALS
            or self._text[e : e + 2].strip()[:1].isdigit()
        )

    def _lower_cues(self) -> Iterator[re.Match[str]]:
        """Non-overlapping matches of `_LOWER_CUE`, tried only where one may start: at a word, or
        at a ":" or " -" after a word or number. Its branches open with lookbehinds, with which a
        search would try every branch at every character."""
        end = 0
        f = self._f
        # the words that may open a cue, each distinct word tested once
        opens = {
            low
            for low in set(self.lows)
            if low in _LOWER_OPEN_WORDS
            or low.startswith(_LOWER_OPEN_PREFIXES)
            or (len(low) <= 3 and low.startswith(_LOWER_OPEN_LETTERS))
            or low in RELATIVE_WORDS
        }
        starts = [t[0] for t, low in zip(self.toks, self.lows, strict=True) if low in opens]
        if ":" in self._text or "-" in self._text or "–" in self._text:
            text = self._text
            punct = [
                p
                for m in _PUNCT_CUE.finditer(text)
                if (p := m.start()) and (text[p - 1].isalnum() or text[p - 1] == "_")
            ]
            starts = sorted(starts + punct)
        for s in starts:
            if s >= end and (m := _LOWER_CUE.match(f, s)) is not None:
                end = m.end()
                yield m

    def _agent_turn(self, k: int) -> bool:
        """True when token k is in a turn of the business's side ("Agente:", "rep:", phi/turns.py)."""
        turn = self._turn_at(self.toks[k][0])
        return turn is not None and turn.role is Role.AGENT

    def _weak_name(self, i: int, j: int) -> bool:
        """Tokens i..j, found after a weak cue, are a name: "last, first" with a listed given name, a
        listed given name and a listed surname, or two rare words closing a clause ("consult -
        olamide fashola, trip to lagos")."""
        if j <= i:
            return False
        last = unaccented(self.lows[j])
        if self._gap(j) == ", ":
            return last in GIVEN_NAMES
        first = unaccented(self.lows[i])
        if (first in GIVEN_NAMES or first in FIRST_NAMES) and (last in CENSUS_SURNAMES or last in SURNAMES):
            return True
        after = self._text[self.toks[j][1] : self.toks[j][1] + 1]
        return j == i + 1 and after in ("", ",", ";", "(", "\n")

    def _lower_run(self, q: int, strong: bool, loose: bool) -> int:
        """Last token of the lower-case name starting at token q, or q - 1 when q opens none.

        `loose`: a word in no name list may open the name. After a listed first word, a word in no
        list that is no common word is taken as the surname ("vivian okerlund").
        """
        toks, lows, n, text = self.toks, self.lows, self._n, self._text
        if len(lows[q]) == 1 and loose and text.startswith(". ", toks[q][1]):
            first = q + 1  # "my name's h. volkov": an initial, then the surname
            if first >= n or self._gap(first) != ". " or not self._lower_part(first, after_name=True):
                return q - 1
        elif not (self._lower_part(q, after_name=False) or (loose and self._lower_part(q, after_name=True))):
            return q - 1
        else:
            first = q
        j = first
        k = first + 1
        particles = 0  # inner particles do not count towards the four words ("maria de la luz garcia")
        while k < n and k - q - particles < 4:
            g = self._gap(k)
            if g == ", " and k == first + 1:
                # "pt - delacroix-hunt, marcus": a surname, a comma, a listed given name
                if unaccented(lows[k]) in GIVEN_NAMES and not _is_common(lows[k]) and toks[k][2].islower():
                    nxt = k + 1 < n and self._gap(k + 1) == " " and self._lower_part(k + 1, after_name=False)
                    if not nxt:
                        return k
                break
            if g != " " or not toks[k][2].islower():
                break
            if lows[k] in _PARTICLES:
                # "méndez del río", "quintanilla de los santos": particles, then a surname
                c = k
                while c < n and c - k < 3 and lows[c] in _PARTICLES and self._gap(c) == " ":
                    c += 1
                if (
                    c < n
                    and self._gap(c) == " "
                    and toks[c][2].islower()
                    and (unaccented(lows[c]) in CENSUS_SURNAMES or self._lower_part(c, after_name=True))
                ):
                    particles += c - k
                    j = c
                    k = c + 1
                    continue
                break
            if not self._lower_part(k, after_name=True):
                break
            j = k
            k += 1
        return j

    def _lower_part(self, k: int, after_name: bool) -> bool:
        """Token k may be part of a lower-case name: no common, health or stop word; listed unless
        `after_name` (a listed word precedes it in the same name)."""
        w = self.lows[k]
        if len(w) < 2 or w in _COMMON or w in _STOP or w in _PARTICLES or contains_health_information(w):
            return False
        if _is_nonlatin(w) and self._sentence_word(k):
            return False  # a sentence in another script: its names are read by _script_names
        if _is_common(w):
            return after_name and unaccented(w) in _SURNAMES_3K
        return after_name or _listed(w)

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
            if not run.name and (end := self._spells_word_before(run)) and free(run.s, end):
                self.spans.append((run.s, end, Category.NAME))  # "winona twoguns t w o g u n s one word"
                runs.add(run.s, end)
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

    def _spells_word_before(self, run: Spelled) -> int:
        """Where the letters of `run`, no name by its own measure, end when they spell a word of the
        few said just before it, so spell a name said and then spelled: "winona twoguns t w o g u n s
        one word" (the run reads on into "one"); 0 when they do not, or spell a word ("pa")."""
        chars = run.chars.rstrip("0123456789")
        k = self._tok_at.get(run.s)
        if len(chars) < 2 or not chars.isalpha() or k is None or run.strong < 1:
            return 0
        for j in range(max(0, k - _ECHO_REACH), k):
            low = self.lows[j]
            said_here = "\n" not in self._text[self.toks[j][1] : run.s]  # in the same turn
            if said_here and low.replace("'", "").replace("-", "") == chars and not _is_common(low):
                return run.letters_end
        return 0

    def _listed_word(self, k: int) -> bool:
        """True for an unused token in a name list and no common or stop word ("brennan", not "mister")."""
        w = self.lows[k]
        return (
            not self.used[k] and (w in FIRST_NAMES or w in SURNAMES) and w not in _COMMON and w not in _STOP
        )
