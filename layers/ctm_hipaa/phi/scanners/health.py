"""Health information: a term lexicon (conditions, symptoms, medications, procedures, specialties).

Text is split into lower-case word tokens once; single words, two- and three-word phrases are
looked up in frozensets and words are checked against medical stems (-itis, -ectomy ...). Linear in
the text length, no backtracking regex. The lexicon is English, Spanish and Portuguese (accents are
folded before the lookup, so "planificación familiar" is found) plus medication names
(data/drug_names.txt, generated from a public drug dictionary).
"""

from __future__ import annotations

import re
import unicodedata

from ctm_hipaa.phi.lexicon import entries, words

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

# Single words that alone carry health meaning.
DRUG_NAMES = words("drug_names")
_WORDS = words("health_words") | words("health_words_es_pt") | DRUG_NAMES

# Multi-word phrases (joined with a single space).
_PHRASES = words("health_phrases") | words("health_phrases_es_pt")
# Medical stems; words must be at least 6 letters to avoid 'sitis'-like noise.
_SUFFIXES = entries("health_stems")
# Words the stems would wrongly catch.
_STEM_EXCEPTIONS = words("health_stem_exceptions")
_MAX_PHRASE = 3


def _tokens(text: str) -> list[str]:
    text = text.lower()
    if not text.isascii():  # "azúcar" -> "azucar": the Spanish and Portuguese lists are unaccented
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _WORD.findall(text.replace("-", " ").replace("_", " ").replace("/", " / "))


def contains_health_information(text: str) -> bool:
    """True when `text` names a condition, symptom, medication, procedure or medical specialty.

    Used on tracking labels, campaigns, keywords, landing-URL paths, tags and free text; generic
    labels ("Main Website", "Brand - X") and non-health businesses (HVAC, plumbing, legal) are False.
    """
    if not text:
        return False
    toks = _tokens(text)
    n = len(toks)
    if n == 1 and toks[0] in ("pt", "ot", "er", "rx"):
        return True  # a tag that is only "PT" (physical therapy)
    for i, t in enumerate(toks):
        if t in _WORDS or (t.endswith("s") and t[:-1] in _WORDS):
            return True
        if len(t) >= 6 and t.endswith(_SUFFIXES) and t not in _STEM_EXCEPTIONS:
            return True
        if i + 1 < n:
            two = f"{t} {toks[i + 1]}"
            if two in _PHRASES:
                return True
            # "ear ache" -> "earache"; single letters are initials or "d.o.b.", not a split word
            if len(t) > 1 and len(toks[i + 1]) > 1 and t + toks[i + 1] in _WORDS:
                return True
            if i + 2 < n and f"{two} {toks[i + 2]}" in _PHRASES:
                return True
    # "ob/gyn" tokenises with a slash token between the parts
    return "ob / gyn" in " ".join(toks)
