"""Health information: a term lexicon (conditions, symptoms, medications, procedures, specialties).

Text is split into lower-case word tokens once; single words, two- and three-word phrases are
looked up in frozensets and words are checked against medical stems (-itis, -ectomy ...). Linear in
the text length, no backtracking regex. The lexicon is English, Spanish and Portuguese (accents are
folded before the lookup, so "planificación familiar" is found) plus medication names
(data/drug_names.txt, generated from a public drug dictionary).

Lay speech names health with everyday words, so three short-window rules read them in context
(each looks at most a few tokens ahead of a rare trigger token, so the scan stays linear):

- a body part or lay measure owned by a person, then a state: "my sugar's been running high",
  "his feet are numb", "my back is killing me" (never "my water pressure is low": the owner must
  come right before the part);
- an injury word, then a body part: "threw her back out", "broke his arm", "a broken hip";
- clinical shorthand that is only health next to a charting cue: "pt c/o sob and cp", "hx hld";
- a thing a person has for their health, owned: "my echo", "her stitches", "his cast", "my period";
- how a person is, said of the person: "she's been real thirsty", "he's so pale and sweaty";
- a body function the person cannot do, or does with trouble: "she can't swallow", "trouble
  breathing", "it hurts to pee", "can't lift my arm" (never "can't walk you through it").
"""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise

from ctm_hipaa.phi.lexicon import entries, unaccented, words

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|/")  # a slash is a token: "c/o", "f/u"

# Single words that alone carry health meaning.
DRUG_NAMES = words("drug_names") | words("health_drug_names_extra")
_WORDS = words("health_words") | words("health_words_es_pt") | words("health_words_intl") | DRUG_NAMES

# Multi-word phrases (joined with a single space).
_PHRASES = words("health_phrases") | words("health_phrases_es_pt") | words("health_phrases_intl")
# ... and each specialty's terms (data/health_specialty_terms.txt): words join _WORDS, phrases _PHRASES
_SPECIALTY_TERMS = words("health_specialty_terms")
_WORDS |= {t for t in _SPECIALTY_TERMS if " " not in t}
_PHRASES |= {t for t in _SPECIALTY_TERMS if " " in t}
# ... a specialty's short name before a visit word ("cardio referral", "uro f/u"; "cardio" alone is
# the workout) ...
_SPECIALTY_VISITS = [e.partition(": ")[::2] for e in entries("health_specialty_visits")]
_PHRASES |= {
    f"{specialty} {visit}"
    for kind, specialty in _SPECIALTY_VISITS
    if kind == "SPECIALTY"
    for other, visit in _SPECIALTY_VISITS
    if other == "VISIT"
}
# ... and their plurals ("eye exams", "blood draws"): generated once, so the scan looks up as before
_PHRASES |= {p + "s" for p in _PHRASES if not p.endswith("s")}
# Medical stems; words must be at least 6 letters to avoid 'sitis'-like noise.
_SUFFIXES = entries("health_stems")
# Words the stems would wrongly catch.
_STEM_EXCEPTIONS = words("health_stem_exceptions")
_MAX_PHRASE = 4
# Four-word phrases ("trying for a baby") are looked up only after their first three words.
_PHRASE_HEADS = frozenset(p.rsplit(" ", 1)[0] for p in _PHRASES if p.count(" ") == 3)
# Procedure stems with a plural in -ies ("vasectomies", "colonoscopies") are stems too.
_SUFFIXES += tuple(s[:-1] + "ies" for s in _SUFFIXES if s.endswith("y") and s not in ("ology", "iatry"))

# Lay-language rules (see the module docstring).
_OWNERS = words("health_lay_owners")  # "my", "his", "mom's" ...
_MEASURES = words("health_lay_measures")  # "sugar", "pressure", "white count" ...
_PARTS = words("health_lay_parts") | _MEASURES  # "back", "feet" ...
_SIDES = frozenset(("left", "right", "lower", "upper", "middle", "big", "little", "both", "whole", "resting"))
_STATES = {s.rstrip("*"): s.endswith("*") for s in entries("health_lay_states")}  # "*": after a link
_LINKS = words("health_lay_links")  # "is", "been", "keeps", "running" ...
_FEELINGS = words("health_lay_feelings")  # "burning", "knot", "pressure" ... before "in my chest"
_PREPS = frozenset(
    ("in", "on", "of", "under", "behind", "around", "across", "down", "near", "inside", "from")
)
_INJURIES = words("health_lay_injuries")  # "broke", "sprained", "threw" ...
_COMPOUNDS = words("health_lay_compounds")  # "back door", "head office": the part is no body part
_SHORTHAND = words("health_shorthand")  # "sob", "cp": health only beside a charting cue
_CHART_CUES = words("health_chart_cues")  # "pt", "c/o", "hx" ...
_OWNED_THINGS = words("health_lay_owned")  # "echo", "cast", "period": health when owned
_FUNCTIONS = {s.rstrip("*"): s.endswith("*") for s in entries("health_lay_functions")}  # "*": a part
# What comes before a body function the person cannot do: "can't walk", "trouble breathing",
# "hard to swallow", "it hurts to pee", "can not stand up".
_IMPAIRED = frozenset(
    ("can't", "cant", "cannot", "couldn't", "couldnt", "unable", "trouble", "difficulty", "hard", "hurts")
)
_IMPAIRED_FILLERS = frozenset(("to", "even", "really", "barely", "hardly", "with", "when", "i", "she", "he"))
# After a function, someone or something else is its object: "can't walk you through it", "can't
# stand him", "can't eat there", "can't sleep on it".
_OBJECTS = frozenset(
    (
        "you", "him", "her", "them", "us", "me", "it", "that", "this", "those", "these", "the", "a",
        "an", "there", "here", "through", "over", "on", "in", "into", "out", "away", "with", "your",
        "my", "his", "their", "our", "its", "for", "by", "up", "off",
    )
)  # fmt: skip
# How a person is ("she's been real thirsty"): "*" entries only after a strong link ("been").
_PERSON_STATES = {s.rstrip("*"): s.endswith("*") for s in entries("health_lay_person_states")}
_SUBJECTS = frozenset(("i'm", "im", "i've", "ive", "she's", "shes", "he's", "hes", "she", "he"))
_STRONG_LINKS = frozenset(
    (
        "been", "feeling", "feels", "felt", "seems", "seemed", "looks", "looked", "looking",
        "getting", "gets", "got", "become", "became", "acting", "always", "constantly",
    )
)  # fmt: skip
_NOT_A_STATE_AFTER = frozenset(("of", "about", "with", "that", "for", "to"))  # "tired of waiting"
_MAX_LINKS = 4
# Health words in their everyday sense ("snow removal", "physical address", "sick of", "blinds").
_EVERYDAY = words("health_everyday")
# A dictated note says its punctuation ("estimate colon Max ... comma four thirty-five Ridgeway
# Road comma"): there "colon" is the mark, not the organ ("my colon", "colon cancer" still count:
# the owner rule and the phrase are read apart).
_DICTATED_MARKS = frozenset(("colon",))
_DICTATION_CUE = "comma"
_CANNOT = frozenset(("can't", "cant", "cannot"))
# Tokens that start a lay-language or shorthand check (one lookup per token on the common path).
# Spanish says whose body it is with a clitic before the verb, then an article before the part:
# "se quebró la cadera", "se me hinchó la cara", "me zumban los oídos".
_ES_PARTS = words("health_lay_es_parts")
_ES_ARTICLES = frozenset(("el", "la", "los", "las", "un", "una", "mi", "mis", "su", "sus"))
_ES_CLITICS = frozenset(("me", "te", "le", "se", "nos", "les"))
_ES_NOT_A_PART = frozenset(("de", "a"))  # "la mano de obra", "la cara a la calle"
# Measures a note gives with their reading ("BP 160/100", "bg 45", "sats 88%", "BP recheck, 150/95"):
# health with a 1-3 digit number right after or a word later; alone they are other words (BP the
# company, a bg image).
_READINGS = frozenset(("bp", "bg", "sats", "spo2", "o2", "pulse", "hba1c", "a1c", "glucose"))
# A doctor or a medicine named by the body part it treats: "foot doctor", "knee surgeon", "spine
# specialist", "her heart pills", "his stomach meds".
_PART_CARE = frozenset(
    (
        "doctor", "doctors", "dr", "specialist", "specialists", "surgeon", "surgeons", "clinic",
        "pill", "pills", "meds", "medicine", "medication", "medications",
    )
)  # fmt: skip
_TRIGGERS = (
    _OWNERS
    | _INJURIES
    | _CHART_CUES
    | _SHORTHAND
    | _IMPAIRED
    | _SUBJECTS
    | _PART_CARE
    | _READINGS
    | _ES_ARTICLES
    | {"feel", "not", "/"}
)


@cache
def _other_script() -> re.Pattern[str]:
    """A letter of a script whose words the ASCII fold would drop (Cyrillic, Arabic, Devanagari,
    Ethiopic, Chinese, Japanese kana, Korean): such texts' terms are searched as substrings
    (data/health_terms_scripts.txt). Compiled on first use: the compiler walks every code point of
    its ranges, 3 ms of a cold start whose payload has none."""
    return re.compile(
        "[\u0400-\u04ff\u0600-\u06ff\u0900-\u097f\u1200-\u137f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]"
    )


@cache
def _script_terms() -> re.Pattern[str]:
    """One search for every term of data/health_terms_scripts.txt, compiled on first use (most
    payloads never have a letter of these scripts)."""
    terms = sorted(entries("health_terms_scripts"), key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in terms))


# Animals and things a health word can be said of (data/health_not_human.txt).
_NOT_HUMAN = [e.partition(": ")[::2] for e in entries("health_not_human")]
_ANIMALS = frozenset(w for kind, w in _NOT_HUMAN if kind == "ANIMAL")
# Care only animals get ("spay", "heartworm", "flea"): a sentence with one is about an animal.
_PET_CARE = frozenset(w for kind, w in _NOT_HUMAN if kind == "PET_CARE")
# What a text about an animal holds: the animal, owned ("dog's") or not, or its care.
_ANIMAL_WORDS = _ANIMALS | {a + "'s" for a in _ANIMALS} | _PET_CARE
_THINGS = frozenset(w for kind, w in _NOT_HUMAN if kind == "THING")
# Who before an animal makes it one ("my dog", "the cat's", "the vet said") ...
_ANIMAL_OWNERS = _OWNERS | {"the"}
# ... and for an animal (not a vet: "i'm a vet" is a veteran), a count ("two dogs", "a puppy").
_ANIMAL_COUNTS = frozenset(("a", "an", "one", "two", "three", "four", "both"))
_VETS = frozenset(("vet", "vets"))
# After an animal word, a thing of a person's ("the cat scan showed a mass").
_NOT_AN_ANIMAL_AFTER = frozenset(("scan", "scans"))
# A bite, a scratch, an allergy or a fall puts a person into a text about an animal ("the dog
# knocked me over", "i tripped over the cat").
_PERSON_HARMED = frozenset(
    (
        "bite", "bites", "bit", "bitten", "scratch", "scratched", "scratches", "attacked", "mauled",
        "allergic", "allergy", "allergies", "asthma", "knocked", "tripped", "jumped", "me",
    )
)  # fmt: skip
# Words between an owner and the animal ("his 11-year-old beagle", "our little cat"); any other
# word there makes it a name ("my wife destiny bird").
_ANIMAL_MODIFIERS = frozenset(
    (
        "year", "years", "month", "months", "week", "weeks", "old", "little", "big", "new", "baby",
        "senior", "young", "sweet", "poor", "rescue", "male", "female", "other", "older", "younger",
        "lb", "lbs", "pound",
    )
)  # fmt: skip
# Who stands between a thing and a health word ("the roof guy said HE has the flu").
_THING_PREPS = frozenset(("in", "of", "for", "inside"))
_PEOPLE = frozenset(("i", "me", "he", "she", "him", "they", "we", "patient", "pt", "son", "daughter"))


_SENTENCE_END = re.compile(r"[.!?;:\n]+")  # a colon too: "Key points: senior cat, ..."
_NO_ANIMAL = "\0"  # _about_an_animal's answer when no owned animal is in the sentence
# Words after an animal that are no name for it ("my dog has", "the cat is").
_NOT_A_PET_NAME = _LINKS | _STRONG_LINKS | _PEOPLE | _OWNERS | _PREPS | {"and", "who", "that", "which"}


def _about_an_animal(toks: list[str]) -> str:
    """ "my dog has been throwing up", "his 11-year-old beagle was diagnosed with diabetes", "the
    vet said the cat's kidney numbers are high", "senior cat, lost weight", "two dogs, one is on
    insulin", "Biscuit's spay surgery": an animal that is owned, counted or opens the sentence, or
    care only animals get; and no bite or allergy. Returns the word after the animal (its name:
    "his beagle, Biscuit, ..."; "" when none is said), or _NO_ANIMAL."""
    if _PERSON_HARMED.intersection(toks):
        return _NO_ANIMAL
    for j, t in enumerate(toks):
        base = t.removesuffix("'s")
        if base not in _ANIMALS:
            continue
        after = toks[j + 1] if j + 1 < len(toks) else ""
        if after in _NOT_AN_ANIMAL_AFTER:
            continue
        k = j - 1
        while k >= max(0, j - 5) and (toks[k] in _ANIMAL_MODIFIERS or toks[k].isdigit()):
            k -= 1
        # "the caller's puppy"; or the animal is counted or opens the sentence ("Senior cat, lost weight")
        counted = base not in _VETS and (k < 0 or toks[k] in _ANIMAL_COUNTS)
        if counted or (k >= 0 and (toks[k] in _ANIMAL_OWNERS or toks[k].endswith("'s"))):
            return after if after.isalpha() and after not in _NOT_A_PET_NAME else ""
    return "" if not _PET_CARE.isdisjoint(toks) else _NO_ANIMAL


def names_an_animal(text: str) -> bool:
    """True when `text` names an animal ("Rosie (feline, 9y)", "the dog"): what it says is a pet's."""
    return not _ANIMAL_WORDS.isdisjoint(_tokens(text))


_MISHAPS = frozenset(("accident", "accidents", "crash", "crashes", "wreck", "wrecks", "collision"))


def _said_of_a_thing(toks: list[str], i: int, end: int = 0) -> bool:
    """ "my computer has a virus", "the rose bushes look sick": a machine, plant or property a few
    words before the health word at `i`, with no person between; or right after it, joined by a
    preposition ("a blockage in the kitchen drain", "test results for the water sample"; the
    word or phrase ends before `end`)."""
    if not end:  # a word: also look back ("a phrase" is often a clinic's name: "Jade Garden
        # Internal Medicine")
        for k in range(i - 1, max(-1, i - 5), -1):
            if toks[k].removesuffix("'s") in _THINGS:  # "the engine's overheating, coolant bleeding"
                # but a car's accident hurts its people: "Car Accident Chiro", "after a car wreck"
                return not (k + 1 < len(toks) and toks[k + 1] in _MISHAPS)
            if toks[k] in _PEOPLE:
                return False
    end = end or i + 1
    if end + 1 < len(toks) and toks[end] in _THING_PREPS:
        for k in range(end + 1, min(end + 5, len(toks))):
            if toks[k] in _THINGS:
                return True
            if toks[k] in _PEOPLE or toks[k] in _OWNERS:
                return False  # "a blockage in my colon", "cleaning of her teeth"
    return False


def _tokens(text: str) -> list[str]:
    text = text.lower().replace("\u2019", "'")
    if not text.isascii():  # "azúcar" -> "azucar": the word lists are unaccented
        text = unaccented(text).encode("ascii", "ignore").decode()
    return _WORD.findall(text.replace("-", " ").replace("_", " ").replace("/", " / "))


def _part_at(toks: list[str], j: int) -> int:
    """The index after a body part or lay measure starting at `j` ("back", "white count"), or 0."""
    n = len(toks)
    if j < n and toks[j] in _SIDES:
        j += 1
    if j + 1 < n and f"{toks[j]} {toks[j + 1]}" in _PARTS:
        end = j + 2
    elif j < n and (toks[j] in _PARTS or (toks[j].endswith("'s") and toks[j][:-2] in _PARTS)):
        end = j + 1
    else:
        return 0
    if end < n and toks[end] in _COMPOUNDS:
        return 0  # "my back door", "his head office"
    return end


def _owned(toks: list[str], j: int) -> int:
    """Skip a second owner after the first ("my wife's pressure", "her son's arm")."""
    if j + 1 < len(toks) and toks[j].endswith("'s") and not _part_at(toks, j):
        return j + 1
    return j


def _owned_part_state(toks: list[str], i: int) -> bool:
    """ "my sugar's been running high", "his feet are numb": owner, part, links, a state."""
    end = _part_at(toks, _owned(toks, i + 1))
    if not end:
        return False
    linked = toks[end - 1].endswith("'s")  # "sugar's" is "sugar is"
    measure = toks[end - 1].removesuffix("'s") in _MEASURES or " ".join(toks[end - 2 : end]) in _MEASURES
    for k in range(end, min(end + _MAX_LINKS + 1, len(toks))):
        t = toks[k]
        # a reading is a state of a measure: "my pressure was 180 over 110", "his a1c is 9"
        needs_link = True if measure and t.isdigit() else _STATES.get(t)
        if needs_link is not None and (linked or not needs_link):
            # "my heart goes out to you", "it's up to you": a direction, not a state
            return not (needs_link and k + 1 < len(toks) and toks[k + 1] in ("to", "for"))
        if t not in _LINKS:
            return False
        linked = True
    return False


def _felt_in_part(toks: list[str], i: int) -> bool:
    """ "a burning feeling in my chest", "a knot on the back of my head": a feeling, a preposition,
    then an owned part (the owner is at `i`)."""
    if i < 2 or toks[i - 1] not in _PREPS or not _part_at(toks, _owned(toks, i + 1)):
        return False
    # "landed on my tailbone", "fell on his back": an injury word places the part too
    return any(toks[k] in _FEELINGS or toks[k] in _INJURIES for k in range(max(0, i - 6), i - 1))


def _injured_part(toks: list[str], i: int) -> bool:
    """ "threw her back out", "broke his arm", "a broken hip", "hit his head" (not "hit the head")."""
    j = i + 1
    if j < len(toks) and toks[j] in _OWNERS:
        j = _owned(toks, j + 1)
    return _part_at(toks, j) > 0


def _person_state(toks: list[str], i: int) -> bool:
    """ "she's been real thirsty", "he's so pale", "mom's been confused": a subject at `i`, links,
    then how the person is."""
    n = len(toks)
    strong = False
    for k in range(i + 1, min(i + _MAX_LINKS + 2, n)):
        t = toks[k]
        needs_strong = _PERSON_STATES.get(t)
        if needs_strong is not None and (strong or not needs_strong):
            return k + 1 == n or toks[k + 1] not in _NOT_A_STATE_AFTER
        if t in _STRONG_LINKS:
            strong = True
        elif t not in _LINKS:
            return False
    return False


def _owned_thing(toks: list[str], i: int) -> bool:
    """ "my echo", "her son's cast", "my period": a health thing right after its owner (at `i`);
    not "my shot at the job", "my period of employment"."""
    j = _owned(toks, i + 1)
    if j >= len(toks) or toks[j] not in _OWNED_THINGS:
        return False
    return j + 1 == len(toks) or toks[j + 1] not in ("of", "at")


def _function_impaired(toks: list[str], i: int) -> bool:
    """ "she can't swallow", "trouble breathing", "it hurts to pee", "can't lift my arm": a body
    function after an impairment word at `i` (a few fillers between)."""
    n = len(toks)
    t = toks[i]
    if t == "not" and not (i and toks[i - 1] == "can"):
        return False
    j = i + 1
    while j < n and j <= i + 3 and toks[j] in _IMPAIRED_FILLERS:
        j += 1
    if j >= n or (t in ("hard", "hurts") and toks[j - 1] != "to" and toks[j - 2 : j - 1] != ["when"]):
        return False  # "hard to breathe", "hurts when i pee"; not "hard work", "it hurts sales"
    on_part = _FUNCTIONS.get(toks[j])
    if on_part is None:
        return False
    if on_part:
        return _injured_part(toks, j)  # "can't lift my arm"
    after = toks[j + 1] if j + 1 < n else ""
    if toks[j] in ("see", "hear"):
        return after in ("out", "well")  # "can't hear out of my left ear", "can't see well"
    return after not in _OBJECTS


def _everyday(toks: list[str], i: int, two: str, dictated: bool) -> bool:
    """The health word at `i` has its everyday sense: "snow removal", "sick of", "sick and tired"."""
    t = toks[i]
    if t in _EVERYDAY or two in _EVERYDAY or (i and f"{toks[i - 1]} {t}" in _EVERYDAY):
        return True
    if t in _DICTATED_MARKS and dictated and not (i and toks[i - 1] in _OWNERS):
        return True  # "voice memo to text colon estimate for ... comma"
    return i + 2 < len(toks) and f"{two} {toks[i + 2]}" in _EVERYDAY


_LABEL_WORDS = words("health_label_words")  # "refill", "crisis", "residential" in a tag
_MAX_LABEL_WORDS = 5


def names_service_line(label: str) -> bool:
    """True when a short label (a tag, a tracking line's name) names a clinic's service line with
    a word that is everyday elsewhere ("refill", "crisis", "Outpatient MAT Line"), a chart's
    shorthand ("SLP", "BH") or a body part ("Foot and Ankle"). Only meaningful
    when the call is already known to be about health (the detector asks only then)."""
    toks = _tokens(label)
    if len(toks) > _MAX_LABEL_WORDS:
        return False
    # a body part names a service line too ("Foot and Ankle", "Eye Exams"; not "Front Desk")
    if any(f"{t} {u}" in _LABEL_WORDS for t, u in pairwise(toks)):
        return True  # "safety plan needed", "records request"
    return any(t in _LABEL_WORDS or t in _SHORTHAND or _part_at(toks, i) for i, t in enumerate(toks))


_PIECE = 5  # the longest piece of a word speech-to-text split
_JOINED = 7  # the shortest word it splits in three ("lexapro"; never "i l l", a spelled name)


def _es_part_of_someone(toks: list[str], i: int) -> bool:
    """A Spanish article at `i` before a body part, with a clitic a few words before it ("se
    quebró la cadera", "me salió una bolita en el seno"); not "la mano de obra"."""
    if i + 2 < len(toks) and toks[i + 2] in _ES_NOT_A_PART:
        return False
    return any(toks[k] in _ES_CLITICS for k in range(max(0, i - 5), i))


def _heard_as_three(a: str, b: str, c: str) -> bool:
    la, lb, lc = len(a), len(b), len(c)
    return la <= _PIECE and lb <= _PIECE and lc <= _PIECE and la + lb + lc >= _JOINED and a + b + c in _WORDS


def _spelled_out(toks: list[str], i: int) -> bool:
    """A run of single letters from `i` that spells a health word ("c o p d"), after an article
    ("a u t i"); spelled names ("k o w a l s k i") spell none."""
    j = i
    while j < len(toks) and j < i + 6 and len(toks[j]) == 1 and toks[j].isalpha():
        j += 1
    run = "".join(toks[i:j])
    return len(run) >= 3 and (run in _WORDS or (run[0] in "ai" and run[1:] in _WORDS and len(run) > 3))


def _phrase_everyday(toks: list[str], end: int) -> bool:
    """The phrase ending before `end` runs on into an everyday sense: "have a cold | air leak"."""
    return end < len(toks) and f"{toks[end - 1]} {toks[end]}" in _EVERYDAY


_JOB = [e.partition(": ")[::2] for e in entries("health_job_words")]
_JOB_WORDS = frozenset(w for kind, w in _JOB if kind == "JOB")
_JOB_TITLES = frozenset(w for kind, w in _JOB if kind == "TITLE")
_TITLE_WORDS = 2  # words before a title that name its specialty ("x ray tech", "dental assistant")


def _without_job_titles(toks: list[str]) -> list[str]:
    """`toks` without each job title and the words before it that name its specialty."""
    drop = {k for j, t in enumerate(toks) if t in _JOB_TITLES for k in range(max(0, j - _TITLE_WORDS), j + 1)}
    return [t for k, t in enumerate(toks) if k not in drop]


def contains_health_information(text: str) -> bool:
    """True when `text` names a condition, symptom, medication, procedure or medical specialty.

    Used on tracking labels, campaigns, keywords, landing-URL paths, tags and free text; generic
    labels ("Main Website", "Brand - X") and non-health businesses (HVAC, plumbing, legal) are False.
    """
    if not text:
        return False
    if not text.isascii() and _other_script().search(text) and _script_terms().search(text.lower()):
        return True  # "у меня болит живот", "她血压很高", "허리가 아파서"
    toks = _tokens(text)
    if len(toks) == 1 and toks[0] in ("pt", "ot", "er", "rx"):
        return True  # a tag that is only "PT" (physical therapy)
    if not _ANIMAL_WORDS.isdisjoint(toks):
        # a pet's health is no person's (HIPAA does not reach it): read sentence by sentence and
        # skip those about an owned animal ("sorry, my dog is barking" leaves the rest as it was)
        # and those that name it again ("his beagle, Biscuit ... Biscuit has been vomiting")
        pets: set[str] = set()
        for part in map(_tokens, _SENTENCE_END.split(text)):
            pet = _about_an_animal(part)
            if pet != _NO_ANIMAL:
                pets.add(pet)
            elif not pets.intersection(part) and _names_health(part):
                return True
        return False
    if not _JOB_WORDS.isdisjoint(toks):
        toks = _without_job_titles(toks)  # "Dental Assistant Job Posting": a job, no one's health
    return _names_health(toks)


_MAX_SLUG_TOKENS = 12  # a URL, a tag, a campaign's name: where words are written joined
_MIN_JOINED = 7
# ... and no longer than the longest two-word phrase joined: a longer token is tried at no split
# (every split of a 30,000-letter key copied it whole, the time grew with its square)
_MAX_JOINED = max(len(p) - 1 for p in _PHRASES if p.count(" ") == 1)


def _joined_phrase(t: str) -> bool:
    """A phrase written as one word, as URL slugs and hashtags do: "tummytuck", "kneepain"."""
    return _MIN_JOINED <= len(t) <= _MAX_JOINED and any(
        f"{t[:k]} {t[k:]}" in _PHRASES for k in range(3, len(t) - 2)
    )


def _names_health(toks: list[str]) -> bool:
    n = len(toks)
    cue = short = False
    slug = n <= _MAX_SLUG_TOKENS
    dictated = _DICTATION_CUE in toks  # once: a search per "colon" would cost the text's length each
    for i, t in enumerate(toks):
        two = f"{t} {toks[i + 1]}" if i + 1 < n else ""
        if (
            (
                t in _WORDS
                or (t.endswith("s") and t[:-1] in _WORDS)
                or (t.endswith("'s") and t[:-2] in _WORDS)  # "alzheimer's"
                or (len(t) >= 6 and t.endswith(_SUFFIXES) and t not in _STEM_EXCEPTIONS)
            )
            and not _everyday(toks, i, two, dictated)
            and not _said_of_a_thing(toks, i)
        ) or (slug and _joined_phrase(t)):
            return True
        if t in _TRIGGERS:
            if t in _OWNERS and (
                _owned_part_state(toks, i) or _felt_in_part(toks, i) or _owned_thing(toks, i)
            ):
                return True
            if (t in _SUBJECTS or (t in _OWNERS and t.endswith("'s"))) and _person_state(toks, i):
                return True  # "she's been real thirsty", "mom's been confused"
            if t in _ES_ARTICLES and i + 1 < n and toks[i + 1] in _ES_PARTS and _es_part_of_someone(toks, i):
                return True  # "se quebró la cadera"
            if t in _READINGS and any(r.isdigit() and len(r) <= 3 for r in toks[i + 1 : i + 3]):
                return True  # "BP 160/100", "sats 88%", "BP recheck, 150/95"
            if t in _PART_CARE and i and _part_at(toks, i - 1) == i:
                return True  # "foot doctor", "knee surgeon", "heart pills"
            if (t in _IMPAIRED or t == "not") and _function_impaired(toks, i):
                return True  # "she can't swallow", "trouble breathing"
            if t in _INJURIES and _injured_part(toks, i):
                return True  # "broke his arm"
            if t == "feel" and i and toks[i - 1] in _CANNOT and _injured_part(toks, i):
                return True  # "can't feel my toes"
            mark = f"{toks[i - 1]}/{toks[i + 1]}" if t == "/" and 0 < i < n - 1 else t  # "c/o", "h/o"
            if mark in _CHART_CUES:
                cue = True
            elif mark in _SHORTHAND:
                short = True
                if len(t) > 2 and i and _part_at(toks, i - 1) == i:
                    return True  # "deep hand lac": a body part is cue enough (not "back ha ha")
            if cue and short:
                return True
        if two:
            if two in _PHRASES and not _phrase_everyday(toks, i + 2) and not _said_of_a_thing(toks, i, i + 2):
                return True
            # "ear ache" -> "earache"; single letters are initials or "d.o.b.", not a split word
            if len(t) > 1 and len(toks[i + 1]) > 1 and t + toks[i + 1] in _WORDS:
                return True
            if len(t) == 1 and (i == 0 or len(toks[i - 1]) > 1) and _spelled_out(toks, i):
                return True  # "a d h d", "an s t d", "u t i"
            # a word speech-to-text heard as three: "met for min", "gaba pen tin", "lex a pro"
            if i + 2 < n and _heard_as_three(t, toks[i + 1], toks[i + 2]):
                return True
            if i + 2 < n:
                three = f"{two} {toks[i + 2]}"
                if (
                    three in _PHRASES
                    and not _phrase_everyday(toks, i + 3)
                    and not _said_of_a_thing(toks, i, i + 3)
                ):
                    return True
                if three in _PHRASE_HEADS and i + 3 < n and f"{three} {toks[i + 3]}" in _PHRASES:
                    return True  # "trying for a baby"
    # "ob/gyn" tokenises with a slash token between the parts
    return "ob / gyn" in " ".join(toks)


def _starts_health(toks: list[str], j: int) -> bool:
    """A health word or phrase starts at `j` ("surgery", "knee replacement", "blood pressure")."""
    return (
        _names_health(toks[j : j + 1])
        or " ".join(toks[j : j + 2]) in _PHRASES
        or " ".join(toks[j : j + 3]) in _PHRASES
    )


def names_personal_health(text: str) -> bool:
    """True when `text` says health of a person's own body or care: an owned body part or health
    word ("my knee", "after my surgery", "her son's asthma"), a part's state ("his feet are numb"),
    an injured part ("broke his arm"), a function the person cannot do ("she can't swallow") or how
    the person is ("she's been real thirsty"). A record about a trade keeps these (the caller's own
    health said to a tailor or a mechanic), not its health-sounding words about things ("heart rot
    in the oak", "stitches on my suit pants", "the engine's got a fever")."""
    toks = _tokens(text)
    n = len(toks)
    for i, t in enumerate(toks):
        if t not in _TRIGGERS:
            continue
        if t in _OWNERS:
            j = _owned(toks, i + 1)
            if _part_at(toks, j) or (j < n and _starts_health(toks, j)):
                return True  # "my knee", "after my surgery", "his diabetes"
            if _owned_part_state(toks, i) or _felt_in_part(toks, i):
                return True
        if (t in _SUBJECTS or (t in _OWNERS and t.endswith("'s"))) and _person_state(toks, i):
            return True
        if (t in _IMPAIRED or t == "not") and _function_impaired(toks, i):
            return True
        if t in _INJURIES and _injured_part(toks, i):
            return True
    return False
