"""The business a call record is about, read from the whole record.

A CTM record (one webhook payload) concerns one business, so what one field shows about it holds
for every field: a tailor's pasted e-mail ("Hello Stitch Clinic! I need a wedding dress hemmed"),
an arborist's lead form ("Tree Services", "heart rot in the oak"), a bike shop's form ("Book a Bike
Checkup": "rear brake is spongy, needs a bleed"), a furniture repairer's dictated estimate. Such a
record's health-sounding words are about the thing the trade mends, not a patient, and HIPAA does
not reach them.

The record is about a trade when its words name
- a trade (data/trade_kinds.txt: "arborist", "uniforms", "escape rooms") and two more signs:
  things of it or words of its paperwork ("the arborist said the oak's limb", "Escape Rooms ...
  booking ... deposit"; not "my car is at the mechanic"),
- several things of one or more trades (data/trade_objects.txt: "sofa", "sink", "brake", "seam")
  with the trade's paperwork (data/trade_commerce.txt: "estimate", "quote", "RO"), or
- many things of a trade;

and never a word only a health care record says (data/health_provider_cues.txt: "patient",
"copay", "prescription"). Words are counted once each (a note that says "engine" five times names
one thing). Linear in the record's text: one small token regex, set lookups.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ctm_hipaa.phi.lexicon import words

_OBJECTS = words("trade_objects")
_KINDS = words("trade_kinds")
_COMMERCE = words("trade_commerce")
_PROVIDER = words("health_provider_cues")
_TOKEN = re.compile(r"[a-z]+")
# How many distinct things of a trade make a record about it, with a trade named (things and
# paperwork words together), with its paperwork, or alone.
_WITH_KIND = 2
_WITH_COMMERCE = 3
_ALONE = 4


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def about_a_trade(texts: Iterable[str], named: bool = False) -> bool:
    """True when the record whose free texts are `texts` is about a business that is no health
    care provider (see the module docstring); `named`: the record names such a business where a
    business names itself (a salutation, a sign-off, the form's name), as a greeting would: then
    the record is a trade's unless a provider's word is in it."""
    objects: set[str] = set()
    kind = False
    commerce: set[str] = set()
    prev = ""
    for text in texts:
        prev = ""
        for tok in _TOKEN.findall(text.lower()):
            if tok in _PROVIDER:
                return False
            one = _singular(tok)
            two = f"{prev} {one}" if prev else ""
            if one in _KINDS or tok in _KINDS or two in _KINDS:
                kind = True
            if tok in _COMMERCE:
                commerce.add(tok)
            if two in _OBJECTS:
                objects.add(two)
            elif one in _OBJECTS or tok in _OBJECTS:
                objects.add(one)
            prev = tok
    n = len(objects)
    return (
        named
        or (kind and n + len(commerce) >= _WITH_KIND)
        or (bool(commerce) and n >= _WITH_COMMERCE)
        or n >= _ALONE
    )


def names_a_trade(text: str) -> bool:
    """True when `text` (a greeting) says a trade's kind ("Operating Theater Escape Rooms")."""
    prev = ""
    for tok in _TOKEN.findall(text.lower()):
        one = _singular(tok)
        if one in _KINDS or tok in _KINDS or f"{prev} {one}" in _KINDS:
            return True
        prev = tok
    return False
